"""A random walk through the governance API, checked against a model after every step.

The machine drives :func:`~govsm.testing.governance.small_governance` with transitions,
transfers, retirements, profile requests and their decisions, and posts through approval, each
by a random person (some allowed, some not). It keeps its own model of what should be stored and
predicts, for every call, whether it succeeds or which error it raises. After each step:

* every stored profile's state and unit, every request's state and every message's state equal
  the model's;
* a refused call raised the predicted error and left the store exactly as it was;
* the audit log has exactly the entries the successful calls wrote, and its chain verifies;
* folding the audit log gives a record that agrees with the store and the model, and equals
  what :meth:`Governance.record` (which reads on from its last read) returns.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from govsm.errors import GovernanceError, PermissionDenied
from govsm.ledger.chain import verify
from govsm.ledger.record import fold
from govsm.model import LifecycleState, MessageState, RequestState
from govsm.store import Store
from govsm.testing.governance import ORG, small_governance

from .conftest import complete_request, post

S = LifecycleState

ACTORS = ("cora", "edu", "eva", "ana", "abel", "rita", "vic", "zoe")
UNITS = ("sport", "comms", "culture")  # culture is no unit of the council
REQUEST_CHANNELS = ("x", "instagram", "googleplus")
LEGAL = {
    (S.APPROVED, S.ACTIVE),
    (S.APPROVED, S.ARCHIVED),
    (S.ACTIVE, S.DORMANT),
    (S.ACTIVE, S.ARCHIVED),
    (S.DORMANT, S.ACTIVE),
    (S.DORMANT, S.ARCHIVED),
}
IN_SERVICE = {S.APPROVED, S.ACTIVE, S.DORMANT}
EDITORS = {"edu": "sport", "eva": "comms"}
APPROVERS = {"ana", "abel"}

Outcome = type[Exception] | None


def actors(*likely: str) -> st.SearchStrategy[str]:
    """Anyone, but mostly the people who usually may (so successes are frequent too)."""
    return st.one_of(st.sampled_from(likely), st.sampled_from(ACTORS))


@attrs.define
class ModelProfile:
    """What the model expects of a profile."""

    channel: str
    unit: str
    state: LifecycleState
    theme: str | None = None
    audience: tuple[str, ...] = ()
    #: what the folded record should say (``None``: the log never mentioned it)
    recorded_state: LifecycleState | None = None
    recorded_unit: str | None = None


@attrs.define
class ModelRequest:
    """What the model expects of a request."""

    unit: str
    channel: str
    profile: str
    theme: str
    audience: tuple[str, ...]
    complete: bool
    state: RequestState = RequestState.PENDING
    filed_by: str = "edu"


@attrs.define
class ModelMessage:
    """What the model expects of a message."""

    profile: str
    state: MessageState


def may_edit(actor: str, unit: str) -> bool:
    """Whether ``actor`` writes posts for ``unit``'s profiles."""
    return EDITORS.get(actor) == unit


class GovernanceMachine(RuleBasedStateMachine):
    """The small council under random governance, against a model."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        url = f"sqlite:///{self.folder.name}/govsm.db"
        self.gov = small_governance(store_url=url)
        self.store = Store.open(url)
        self.profiles: dict[str, ModelProfile] = {
            "x-sport": ModelProfile("x", "sport", S.ACTIVE, "Deportes", ("vecinos",)),
            "fb-sport": ModelProfile("facebook", "sport", S.ACTIVE),
            "gplus": ModelProfile("googleplus", "comms", S.ACTIVE),
        }
        self.requests: dict[str, ModelRequest] = {}
        self.messages: dict[str, ModelMessage] = {}
        self.entries = 0
        self.counter = 0

    def teardown(self) -> None:
        """Close both stores and remove the database."""
        self.gov._store.close()  # small_governance keeps its store to itself
        self.store.close()
        self.folder.cleanup()

    # -- helpers ----------------------------------------------------------------------------

    def attempt(self, what: str, expected: Outcome, call: Callable[[], Any], writes: int) -> bool:
        """Run ``call``; it must succeed (writing ``writes`` entries) or raise ``expected``."""
        event(f"{what}: {'ok' if expected is None else expected.__name__}")
        before = self.store.dump()
        if expected is None:
            call()
            self.entries += writes
            return True
        with pytest.raises(expected):
            call()
        assert self.store.dump() == before, "a refused call changed the store"
        return False

    def pick_profile(self, data: st.DataObject, *, ghost: bool = True) -> str:
        """A profile id, often one out of service (where the edge cases are), maybe a ghost."""
        known = sorted(self.profiles)
        resting = [p for p in known if self.profiles[p].state not in IN_SERVICE] or known
        extra = ["ghost"] if ghost else []
        return data.draw(st.one_of(st.sampled_from(known + extra), st.sampled_from(resting)))

    def next_id(self, prefix: str) -> str:
        """A fresh id."""
        self.counter += 1
        return f"{prefix}{self.counter}"

    def duplicate(self, request: ModelRequest) -> bool:
        """Whether a live profile already covers the request's theme on its network."""
        return any(
            pid != request.profile
            and p.channel == request.channel
            and p.state not in (S.REJECTED, S.ARCHIVED)
            and p.theme == request.theme
            and set(p.audience) & set(request.audience)
            for pid, p in self.profiles.items()
        )

    def lacks(self, request: ModelRequest) -> bool:
        """Whether the request would have shortfalls now."""
        return not request.complete or request.channel == "googleplus" or self.duplicate(request)

    @initialize()
    def seed(self) -> None:
        """Start with a complete pending request and a post waiting for approval."""
        self.gov.submit_request(complete_request("r0", "p0"), by="edu")
        self.requests["r0"] = ModelRequest(
            "sport", "instagram", "p0", "Deporte base", ("familias", "jóvenes"), True
        )
        self.gov.draft(post("m0"), by="edu")
        self.gov.submit("m0", by="edu")
        self.messages["m0"] = ModelMessage("x-sport", MessageState.PENDING_APPROVAL)
        self.entries += 3

    # -- profiles ---------------------------------------------------------------------------

    @rule(data=st.data(), actor=actors("cora"))
    def transition(self, data: st.DataObject, actor: str) -> None:
        """Move a profile (or a ghost) to a random state, often a legal one."""
        pid = self.pick_profile(data)
        model = self.profiles.get(pid)
        legal = sorted(new for old, new in LEGAL if model is not None and old is model.state)
        to = data.draw(st.one_of(st.sampled_from(legal or list(S)), st.sampled_from(list(S))))
        expected: Outcome = None
        if model is None:
            expected = GovernanceError
        elif actor != "cora":
            expected = PermissionDenied
        elif (model.state, to) not in LEGAL or (to is S.ACTIVE and model.channel == "googleplus"):
            expected = GovernanceError
        if self.attempt(
            "transition",
            expected,
            lambda: self.gov.transition(pid, to, by=actor, reason="Cambio"),
            1,
        ):
            assert model is not None
            model.state = model.recorded_state = to

    @rule(data=st.data(), actor=actors("cora"))
    def transfer(self, data: st.DataObject, actor: str) -> None:
        """Hand a profile to a random unit, often the other real one."""
        pid = self.pick_profile(data)
        model = self.profiles.get(pid)
        other = "comms" if model is not None and model.unit == "sport" else "sport"
        unit = data.draw(st.one_of(st.just(other), st.sampled_from(UNITS)))
        expected: Outcome = None
        if model is None:
            expected = GovernanceError
        elif actor != "cora":
            expected = PermissionDenied
        elif unit == "culture" or unit == model.unit or model.state not in IN_SERVICE:
            expected = GovernanceError
        if self.attempt(
            "transfer",
            expected,
            lambda: self.gov.transfer(pid, unit, by=actor, reason="Traspaso"),
            1,
        ):
            assert model is not None
            model.unit = model.recorded_unit = unit

    @rule(data=st.data(), actor=actors("cora"))
    def retire(self, data: st.DataObject, actor: str) -> None:
        """Retire a profile: only those on a closed network, from a state in service."""
        pid = self.pick_profile(data, ghost=False)
        model = self.profiles[pid]
        expected: Outcome = None
        if actor != "cora":
            expected = PermissionDenied
        elif model.channel != "googleplus" or model.state not in IN_SERVICE:
            expected = GovernanceError
        if self.attempt(
            "retire", expected, lambda: self.gov.retire(pid, by=actor, reason="Cerrada"), 1
        ):
            model.state = model.recorded_state = S.ARCHIVED

    # -- requests ---------------------------------------------------------------------------

    @rule(
        actor=actors("cora", "edu", "eva"),
        unit=st.sampled_from(UNITS[:2]),
        channel=st.sampled_from(REQUEST_CHANNELS),
        popular=st.booleans(),
        complete=st.booleans(),
        clash=st.sampled_from(["none"] * 6 + ["request", "profile"]),
    )
    def submit_request(
        self, actor: str, unit: str, channel: str, popular: bool, complete: bool, clash: str
    ) -> None:
        """File a request, sometimes on a popular theme, sometimes reusing an id."""
        rid, pid = self.next_id("r"), self.next_id("p")
        if clash == "request" and self.requests:
            rid = sorted(self.requests)[0]
        elif clash == "profile":
            pid = "x-sport"
        theme, audience = ("Deportes", ("vecinos",)) if popular else (f"Tema {rid}", ("jóvenes",))
        request = complete_request(
            rid,
            pid,
            unit=unit,
            channel=channel,
            theme=theme,
            audience=audience,
            **({} if complete else {"objectives": ()}),
        )
        expected: Outcome = None
        if actor != "cora" and not may_edit(actor, unit):
            expected = PermissionDenied
        elif rid in self.requests or pid in self.profiles:
            expected = GovernanceError
        if self.attempt(
            "submit_request", expected, lambda: self.gov.submit_request(request, by=actor), 1
        ):
            self.requests[rid] = ModelRequest(
                unit, channel, pid, theme, audience, complete, filed_by=actor
            )

    @rule(
        data=st.data(),
        decision=st.sampled_from(["approve", "approve", "reject", "withdraw"]),
        actor=actors("cora", "edu"),
    )
    def decide(self, data: st.DataObject, decision: str, actor: str) -> None:
        """Approve, reject or withdraw a request (or a ghost)."""
        rid = data.draw(st.sampled_from([*sorted(self.requests), "ghost"]))
        model = self.requests.get(rid)
        pending = model is not None and model.state is RequestState.PENDING
        expected: Outcome = None
        if decision == "withdraw":
            if model is None:
                expected = GovernanceError
            elif actor != "cora" and not may_edit(actor, model.unit):
                expected = PermissionDenied
            elif not pending:
                expected = GovernanceError
            call: Callable[[], Any] = lambda: self.gov.withdraw_request(rid, by=actor)  # noqa: E731
            new, writes = RequestState.WITHDRAWN, 1
        elif decision == "reject":
            if actor != "cora":
                expected = PermissionDenied
            elif not pending:
                expected = GovernanceError
            elif model is not None and model.filed_by == actor:
                expected = PermissionDenied  # nobody decides a request they filed
            call = lambda: self.gov.reject_request(rid, by=actor, reason="No")  # noqa: E731
            new, writes = RequestState.REJECTED, 1
        else:
            if actor != "cora":
                expected = PermissionDenied
            elif not pending:
                expected = GovernanceError
            elif model is not None and model.filed_by == actor:
                expected = PermissionDenied  # nobody decides a request they filed
            elif model is not None and self.lacks(model):
                expected = GovernanceError
            call = lambda: self.gov.approve_request(rid, by=actor)  # noqa: E731
            new, writes = RequestState.APPROVED, 2
        if self.attempt(f"{decision}_request", expected, call, writes):
            assert model is not None
            model.state = new
            if new is RequestState.APPROVED:
                self.profiles[model.profile] = ModelProfile(
                    model.channel,
                    model.unit,
                    S.APPROVED,
                    model.theme,
                    model.audience,
                    recorded_state=S.APPROVED,
                    recorded_unit=model.unit,
                )

    # -- messages ---------------------------------------------------------------------------

    @rule(data=st.data(), actor=actors("edu", "eva"))
    def draft(self, data: st.DataObject, actor: str) -> None:
        """Write a post on a random profile."""
        pid = data.draw(st.sampled_from(sorted(self.profiles)))
        mid = self.next_id("m")
        expected: Outcome = None if may_edit(actor, self.profiles[pid].unit) else PermissionDenied
        if self.attempt("draft", expected, lambda: self.gov.draft(post(mid, pid), by=actor), 1):
            self.messages[mid] = ModelMessage(pid, MessageState.DRAFT)

    @rule(data=st.data(), actor=actors("edu", "eva"), action=st.sampled_from(["submit", "edit"]))
    def write(self, data: st.DataObject, actor: str, action: str) -> None:
        """Submit or edit a message: only its profile's editors, submitting only drafts."""
        if not self.messages:
            return
        mid = data.draw(st.sampled_from(sorted(self.messages)))
        model = self.messages[mid]
        expected: Outcome = None
        if not may_edit(actor, self.profiles[model.profile].unit):
            expected = PermissionDenied
        elif action == "submit" and model.state is not MessageState.DRAFT:
            expected = GovernanceError
        if action == "submit":
            call: Callable[[], Any] = lambda: self.gov.submit(mid, by=actor)  # noqa: E731
            new, writes = MessageState.PENDING_APPROVAL, 1
        else:
            text = f"Versión {self.next_id('v')}"
            call = lambda: self.gov.edit(mid, by=actor, text=text)  # noqa: E731
            back = model.state is not MessageState.DRAFT
            new = MessageState.PENDING_APPROVAL if back else MessageState.DRAFT
            writes = 2 if back else 1
        if self.attempt(action, expected, call, writes):
            model.state = new

    @rule(data=st.data(), actor=actors("ana", "abel"))
    def approve(self, data: st.DataObject, actor: str) -> None:
        """Approve a message: only approvers, only pending ones."""
        if not self.messages:
            return
        mid = data.draw(st.sampled_from(sorted(self.messages)))
        model = self.messages[mid]
        expected: Outcome = None
        if actor not in APPROVERS:
            expected = PermissionDenied
        elif model.state is not MessageState.PENDING_APPROVAL:
            expected = GovernanceError
        if self.attempt("approve", expected, lambda: self.gov.approve(mid, by=actor), 1):
            model.state = MessageState.APPROVED

    # -- invariants -------------------------------------------------------------------------

    @invariant()
    def store_matches_the_model(self) -> None:
        """Profiles (state and unit), requests and messages are as the model says."""
        stored = {p.id: p for p in self.store.profiles(ORG)}
        assert set(stored) == set(self.profiles)
        for pid, model in self.profiles.items():
            assert (stored[pid].state, stored[pid].unit) == (model.state, model.unit), pid
        record = self.gov.record()
        assert {rid: r.state for rid, r in record.requests.items()} == {
            rid: r.state for rid, r in self.requests.items()
        }
        for mid, message in self.messages.items():
            found = self.store.message(ORG, mid)
            assert found is not None
            assert found.state is message.state, mid

    @invariant()
    def audit_log_is_whole(self) -> None:
        """The log holds exactly the successful calls' entries and its chain verifies."""
        entries = self.store.audit_entries(ORG)
        assert len(entries) == self.entries
        assert verify(ORG, entries).ok

    @invariant()
    def fold_agrees_with_the_store(self) -> None:
        """The record folded from the log agrees with the stored profiles and requests."""
        record = fold(ORG, self.store.audit_entries(ORG))
        assert record.head == self.entries
        assert self.gov.record() == record, "Governance.record() differs from a fresh fold"
        stored = {p.id: p for p in self.store.profiles(ORG)}
        for pid, model in self.profiles.items():
            history = record.history(pid)
            assert (history.state, history.unit) == (model.recorded_state, model.recorded_unit), pid
        for pid, history in record.profiles.items():
            if history.state is not None:
                assert stored[pid].state is history.state, pid
            if history.unit is not None:
                assert stored[pid].unit == history.unit, pid
        for rid, request in record.requests.items():
            # each recorded request names a fresh profile id: it exists once approved, only then
            assert (request.profile in stored) == (request.state is RequestState.APPROVED), rid
            if request.state is RequestState.APPROVED:
                assert stored[request.profile].channel == request.channel
        for mid, submission in record.submissions.items():
            message = self.store.message(ORG, mid)
            assert message is not None
            approved = len(submission.approvals) >= submission.tiers
            if message.state is MessageState.PENDING_APPROVAL:
                assert not approved


GovernanceMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=20)
TestGovernanceMachine = pytest.mark.slow(GovernanceMachine.TestCase)
