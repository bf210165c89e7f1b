"""Who may do what, and where: scopes, dates, people who left, and a viewer who changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest

from govsm.errors import PermissionDenied
from govsm.governance.service import Governance
from govsm.ledger.permissions import NEEDS, Action, Permissions
from govsm.model import (
    Delegation,
    LifecycleState,
    MessageKind,
    OutboxState,
    Role,
    RoleAssignment,
    ScopeKind,
    Unit,
)
from govsm.testing.governance import ORG, small_snapshot

from .conftest import Council, complete_request, council, post, role, with_roles

DAY = date(2026, 3, 2)
LATER = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)

#: every method of Governance that writes, with arguments that would be valid for someone allowed
WRITES: dict[str, Callable[[Governance, str], object]] = {
    "submit_request": lambda g, by: g.submit_request(complete_request("r-new", "ig-new"), by=by),
    "approve_request": lambda g, by: g.approve_request("r-ig", by=by),
    "reject_request": lambda g, by: g.reject_request("r-ig", by=by, reason="No"),
    "withdraw_request": lambda g, by: g.withdraw_request("r-ig", by=by),
    "transition": lambda g, by: g.transition("x-sport", LifecycleState.DORMANT, by=by, reason="x"),
    "transfer": lambda g, by: g.transfer("x-sport", "comms", by=by, reason="x"),
    "retire": lambda g, by: g.retire("gplus", by=by, reason="x"),
    "delegate": lambda g, by: g.delegate(
        Delegation(ORG, "d-new", "ana", "abel", date(2026, 3, 1), date(2026, 3, 31)), by=by
    ),
    "delegate_own_roles": lambda g, by: g.delegate(
        Delegation(ORG, "d-own", by, "edu" if by != "edu" else "eva", DAY, DAY), by=by
    ),
    "revoke_delegation": lambda g, by: g.revoke_delegation("d-ana", by=by),
    "draft": lambda g, by: g.draft(post("m-new"), by=by),
    "edit": lambda g, by: g.edit("m-draft", by=by, text="Cambiado"),
    "submit": lambda g, by: g.submit("m-draft", by=by),
    "approve": lambda g, by: g.approve("m-pending", by=by),
    "reject": lambda g, by: g.reject("m-pending", by=by, reason="No"),
    "schedule": lambda g, by: g.schedule("m-approved", LATER, by=by),
    "retry_item": lambda g, by: g.retry_item(_item(g, OutboxState.FAILED), by=by),
    "cancel_item": lambda g, by: g.cancel_item(_item(g, OutboxState.SCHEDULED), by=by, reason="x"),
    "pause": lambda g, by: g.pause(by=by, reason="Crisi"),
    "resume": lambda g, by: g.resume(by=by, profile="fb-sport"),
}


def _item(gov: Governance, state: OutboxState) -> str:
    """The id of the busy council's outbox item in ``state``."""
    (found,) = gov.store.outbox.items(ORG, states=[state])
    return found.id


@pytest.fixture
def busy() -> Council:
    """The small council with something pending for every writing method."""
    c = council()
    c.gov.submit_request(complete_request(), by="edu")
    c.gov.delegate(
        Delegation(ORG, "d-ana", "ana", "abel", date(2026, 3, 1), date(2026, 3, 31)), by="ana"
    )
    c.gov.draft(post("m-draft"), by="edu")
    c.gov.draft(post("m-pending"), by="edu")
    c.gov.submit("m-pending", by="edu")
    for ident in ("m-approved", "m-sched"):
        c.gov.draft(post(ident), by="edu")
        c.gov.submit(ident, by="edu")
        c.gov.approve(ident, by="ana")
    _, repeat = c.gov.schedule("m-sched", LATER, by="edu", repeats=[LATER + timedelta(days=1)])
    c.store.outbox.decide(
        attrs.evolve(repeat, state=OutboxState.FAILED), [], allowed=[OutboxState.SCHEDULED]
    )
    c.gov.pause(by="cora", reason="Compte compromés", profile="fb-sport")
    return c


class TestViewer:
    def test_every_writing_method_is_listed(self) -> None:
        """The list above covers every public method of Governance that writes, inherited or not."""
        writing = {
            "submit_request",
            "approve_request",
            "reject_request",
            "withdraw_request",
            "transition",
            "transfer",
            "retire",
            "delegate",
            "revoke_delegation",
            "draft",
            "edit",
            "submit",
            "approve",
            "reject",
            "schedule",
            "retry_item",
            "cancel_item",
            "pause",
            "resume",
        }
        public = {
            name
            for name in dir(Governance)  # inherited from the unit of work too
            if not name.startswith("_") and callable(getattr(Governance, name))
        }
        readers = {
            "of",
            "journal_line",
            "serialised",
            "signing",
            "now",
            "today",
            "record",
            "snapshot",
            "permissions",
            "profile",
            "message",
            "request",
            "shortfalls",
            "tiers",
            "approvals",
            "pending_approvals",
        }
        assert public == writing | readers
        assert {name.removesuffix("_own_roles") for name in WRITES} == writing

    @pytest.mark.parametrize("method", sorted(WRITES))
    def test_viewer_cannot_change_anything(self, busy: Council, method: str) -> None:
        """vic gets PermissionDenied; the store and the audit log stay exactly as they were."""
        with busy.unchanged(), pytest.raises(PermissionDenied, match="'vic'"):
            WRITES[method](busy.gov, "vic")

    @pytest.mark.parametrize("method", sorted(WRITES))
    def test_stranger_cannot_change_anything(self, busy: Council, method: str) -> None:
        """Someone who is not a person of the council is refused too."""
        with busy.unchanged(), pytest.raises(PermissionDenied, match="'zoe'"):
            WRITES[method](busy.gov, "zoe")

    @pytest.mark.parametrize(
        ("method", "who"),
        [
            ("submit_request", "edu"),
            ("approve_request", "cora"),
            ("transition", "cora"),
            ("delegate", "cora"),
            ("revoke_delegation", "ana"),
            ("draft", "edu"),
            ("edit", "edu"),
            ("submit", "edu"),
            ("approve", "ana"),
            ("reject", "abel"),
            ("schedule", "edu"),
            ("retry_item", "edu"),
            ("cancel_item", "edu"),
            ("pause", "cora"),
            ("resume", "cora"),
        ],
    )
    def test_the_same_calls_work_for_someone_allowed(
        self, busy: Council, method: str, who: str
    ) -> None:
        """The calls are valid: the refusal above is the viewer's, not the arguments'."""
        entries = len(busy.store.audit_entries(ORG))
        WRITES[method](busy.gov, who)
        assert len(busy.store.audit_entries(ORG)) > entries

    def test_refusal_says_what_role_is_needed(self, small: Council) -> None:
        """The message names the person, the action, the scope, the day and the roles."""
        with pytest.raises(PermissionDenied) as raised:
            small.gov.transition("x-sport", LifecycleState.DORMANT, by="vic", reason="x")
        assert raised.value.en == (
            "'vic' cannot change a profile's state or unit on profile 'x-sport' on 2026-03-02: "
            "it takes the role coordinator in that scope (they hold: viewer)"
        )
        assert raised.value.es.startswith("«vic» no puede cambiar el estado o la unidad")


class TestScopes:
    def test_roles_of_the_small_council(self, small: Council) -> None:
        """Who holds which action where, as the factory's docstring says."""
        roles = small.gov.permissions()
        assert roles.holders(Action.APPROVE_MESSAGE, DAY, profile="x-sport") == ["abel", "ana"]
        assert roles.holders(Action.DRAFT_MESSAGE, DAY, profile="x-sport") == ["edu"]
        assert roles.holders(Action.DRAFT_MESSAGE, DAY, profile="gplus") == ["eva"]
        assert roles.holders(Action.DRAFT_REPLY, DAY, profile="x-sport") == ["edu", "rita"]
        assert roles.holders(Action.DRAFT_REPLY, DAY, profile="fb-sport") == ["edu"]
        assert roles.holders(Action.CHANGE_PROFILE, DAY, profile="gplus") == ["cora"]

    def test_every_action_needs_a_role(self) -> None:
        """``NEEDS`` covers every action and nobody needs the viewer role."""
        assert set(NEEDS) == set(Action)
        assert all(Role.VIEWER not in roles for roles in NEEDS.values())

    def test_responder_writes_replies_on_their_profile_only(self, small: Council) -> None:
        """rita drafts a reply on x-sport, not a post there, not a reply on fb-sport."""
        reply = post("re-1", kind=MessageKind.REPLY, reply_to="in-1", text="Gracias")
        assert small.gov.draft(reply, by="rita").author == "rita"
        with pytest.raises(PermissionDenied, match="'rita' cannot write or edit posts"):
            small.gov.draft(post("p-1"), by="rita")
        other = post("re-2", "fb-sport", kind=MessageKind.REPLY, reply_to="in-2", text="Gracias")
        with pytest.raises(
            PermissionDenied, match="cannot write or edit replies on profile 'fb-sport'"
        ):
            small.gov.draft(other, by="rita")

    def test_unit_roles_reach_the_units_below(self) -> None:
        """An editor of ``sport`` writes on a profile of ``sport/pools``; one of ``pools`` not up."""
        snapshot = small_snapshot()
        pools = Unit(ORG, "pools", "Piscinas", parent="sport")
        profile = attrs.evolve(snapshot.profiles[0], id="x-pools", handle="@Pools", unit="pools")
        snapshot = attrs.evolve(
            snapshot, units=(*snapshot.units, pools), profiles=(*snapshot.profiles, profile)
        )
        snapshot = with_roles(snapshot, role("eva", Role.EDITOR, ScopeKind.UNIT, "pools"))
        roles = Permissions(snapshot)
        assert roles.unit_chain("pools") == ["pools", "sport"]
        assert roles.allows("edu", Action.DRAFT_MESSAGE, DAY, profile="x-pools")
        assert roles.allows("eva", Action.DRAFT_MESSAGE, DAY, profile="x-pools")
        assert not roles.allows("eva", Action.DRAFT_MESSAGE, DAY, profile="x-sport")
        assert roles.allows("edu", Action.SUBMIT_REQUEST, DAY, unit="pools")
        assert not roles.allows("eva", Action.SUBMIT_REQUEST, DAY, unit="sport")

    def test_unit_cycle_is_cut(self) -> None:
        """Units that name each other as parents do not loop."""
        snapshot = attrs.evolve(
            small_snapshot(),
            units=(Unit(ORG, "a", "A", parent="b"), Unit(ORG, "b", "B", parent="a")),
        )
        assert Permissions(snapshot).unit_chain("a") == ["a", "b"]

    def test_roles_apply_between_their_dates(self) -> None:
        """A role limited to March applies on its first and last day, not outside."""
        snapshot = with_roles(
            small_snapshot(),
            RoleAssignment(
                ORG,
                "vic",
                Role.APPROVER,
                starts_on=date(2026, 3, 1),
                ends_on=date(2026, 3, 31),
            ),
        )
        roles = Permissions(snapshot)
        allowed = [
            roles.allows("vic", Action.APPROVE_MESSAGE, day, profile="x-sport")
            for day in (date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 1))
        ]
        assert allowed == [False, True, True, False]

    def test_people_who_left_hold_nothing_from_the_next_day(self) -> None:
        """edu left on 1 March: he may write that day, not on the 2nd; the error says so."""
        snapshot = small_snapshot()
        people = tuple(
            attrs.evolve(p, left_on=date(2026, 3, 1)) if p.id == "edu" else p
            for p in snapshot.people
        )
        c = council(attrs.evolve(snapshot, people=people))
        roles = c.gov.permissions()
        assert roles.allows("edu", Action.DRAFT_MESSAGE, date(2026, 3, 1), profile="x-sport")
        assert not roles.allows("edu", Action.DRAFT_MESSAGE, DAY, profile="x-sport")
        with (
            c.unchanged(),
            pytest.raises(
                PermissionDenied,
                match=r"'edu' left the organisation \(2026-03-01\): they cannot write",
            ),
        ):
            c.gov.draft(post(), by="edu")

    def test_request_decisions_ignore_unit_scope_of_profiles(self) -> None:
        """Deciding requests is not about a profile: a profile-scoped coordinator cannot."""
        snapshot = with_roles(
            small_snapshot(), role("rita", Role.COORDINATOR, ScopeKind.PROFILE, "x-sport")
        )
        roles = Permissions(snapshot)
        assert not roles.allows("rita", Action.DECIDE_REQUEST, DAY)
        assert roles.allows("rita", Action.CHANGE_PROFILE, DAY, profile="x-sport")
        assert not roles.allows("rita", Action.CHANGE_PROFILE, DAY, profile="fb-sport")

    def test_extra_profiles_known_only_to_the_record(self) -> None:
        """Profiles passed apart (opened by request, not in govsm.toml yet) are in scope."""
        snapshot = small_snapshot()
        extra = attrs.evolve(snapshot.profiles[0], id="ig-sport", channel="instagram")
        assert not Permissions(snapshot).allows(
            "edu", Action.DRAFT_MESSAGE, DAY, profile="ig-sport"
        )
        assert Permissions(snapshot, profiles=[extra]).allows(
            "edu", Action.DRAFT_MESSAGE, DAY, profile="ig-sport"
        )


class TestOwnRoleFirst:
    def test_own_role_is_preferred_over_a_delegated_one(self) -> None:
        """abel, an approver himself and ana's delegate, approves in his own name."""
        snapshot = small_snapshot()
        delegation = Delegation(ORG, "d", "ana", "abel", DAY, DAY)
        grant = Permissions(snapshot, [delegation]).require(
            "abel", Action.APPROVE_MESSAGE, DAY, profile="x-sport"
        )
        assert grant.on_behalf_of is None
        assert grant.role is Role.APPROVER

    def test_grants_list_own_then_delegated(self) -> None:
        """eva's grants: her editor role, then ana's approver role on ana's behalf."""
        snapshot = small_snapshot()
        delegation = Delegation(ORG, "d", "ana", "eva", DAY, DAY)
        grants = list(Permissions(snapshot, [delegation]).grants("eva", DAY))
        assert [(g.role, g.on_behalf_of) for g in grants] == [
            (Role.EDITOR, None),
            (Role.APPROVER, "ana"),
        ]
