"""The record: the audit log folded into the current state, written all or nothing."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest

from govsm.errors import ConcurrentChange, GovernanceError, PermissionDenied, StoreError
from govsm.governance.service import Governance
from govsm.ledger.chain import WORKSPACE_ACTOR, AuditEvent, chain, verify
from govsm.ledger.record import GovernanceRecord, ProfileHistory, fold
from govsm.model import (
    Delegation,
    LifecycleState,
    MessageState,
    OrganisationSnapshot,
    Profile,
    RequestState,
    Unit,
)
from govsm.store import Store
from govsm.testing.governance import ORG, START, small_governance, small_snapshot

from .conftest import (
    CHANNEL_MAP,
    Council,
    assert_fold_agrees,
    complete_request,
    council,
    pending_post,
    post,
)


def event(action: str, subject: str, actor: str = "cora", **details: object) -> AuditEvent:
    """An event at the start instant."""
    return AuditEvent(START, actor, action, subject, dict(details))


class TestFold:
    def test_empty_log_is_an_empty_record(self) -> None:
        """No entries: head 0, nothing recorded."""
        record = fold(ORG, [])
        assert record == GovernanceRecord(ORG)
        assert record.pending_requests() == []
        assert record.history("x-sport") == ProfileHistory()

    def test_record_is_the_fold_of_the_stored_log(self, small: Council) -> None:
        """``Governance.record()`` is exactly ``fold`` over the store's entries."""
        small.gov.submit_request(complete_request(), by="edu")
        small.gov.approve_request("r-ig", by="cora")
        small.gov.delegate(
            Delegation(ORG, "d1", "ana", "eva", START.date(), START.date()), by="ana"
        )
        pending_post(small)
        small.gov.approve("m1", by="eva")
        small.gov.transition("x-sport", LifecycleState.DORMANT, by="cora", reason="Verano")
        entries = small.store.audit_entries(ORG)
        record = fold(ORG, entries)
        assert small.gov.record() == record
        assert record.head == entries[-1].seq == 8
        assert record.requests["r-ig"].state is RequestState.APPROVED
        assert set(record.delegations) == {"d1"}
        submission = record.submissions["m1"]
        assert (submission.author, submission.tiers) == ("edu", 1)
        assert [(a.person, a.on_behalf_of) for a in submission.approvals] == [("eva", "ana")]
        assert record.history("ig-sport").state is LifecycleState.APPROVED
        assert record.history("x-sport").state is LifecycleState.DORMANT
        assert record.writers == {"m1": {"edu"}}
        assert_fold_agrees(small)

    def test_fold_accepts_sealed_entries_too(self, small: Council) -> None:
        """Folding the sealed entries or the stored rows gives the same record."""
        small.gov.submit_request(complete_request(), by="edu")
        stored = small.store.audit_entries(ORG)
        assert fold(ORG, [e.entry() for e in stored]) == fold(ORG, stored)

    def test_unknown_actions_are_skipped_but_move_the_head(self) -> None:
        """Entries the record does not read (a publication, a check) only advance the head."""
        entries = chain(ORG, [event("message.published", "m9"), event("audit.ran", "all")])
        record = fold(ORG, entries)
        assert record.head == 2
        assert record == GovernanceRecord(ORG, head=2, head_hash=entries[-1].hash)

    def test_workspace_declarations_are_told_apart(self) -> None:
        """govsm.toml's registrations set ``declared``; the API's changes set ``changed_seq``."""
        entries = chain(
            ORG,
            [
                event(
                    "profile.registered", "x-sport", WORKSPACE_ACTOR, state="active", unit="sport"
                ),
                event("profile.transitioned", "x-sport", **{"from": "active", "to": "dormant"}),
                event("profile.state_changed", "x-sport", WORKSPACE_ACTOR, to="archived"),
            ],
        )
        history = fold(ORG, entries).history("x-sport")
        assert (history.state, history.declared, history.declared_seq, history.changed_seq) == (
            LifecycleState.ARCHIVED,
            LifecycleState.ARCHIVED,
            3,
            2,
        )
        assert history.unit == "sport"

    def test_decisions_on_unknown_requests_are_ignored(self) -> None:
        """A decision whose request was never filed leaves no request behind."""
        entries = chain(ORG, [event("request.approved", "ghost", profile="p")])
        assert fold(ORG, entries).requests == {}

    def test_approvals_without_submission_are_ignored(self) -> None:
        """An approval or rejection of a message never submitted is dropped."""
        entries = chain(
            ORG,
            [
                event("message.approved", "m1", actor="ana", tier=1, digest="0" * 64),
                event("message.rejected", "m1", actor="ana", reason="No"),
            ],
        )
        assert fold(ORG, entries).submissions == {}

    def test_resubmission_starts_a_fresh_submission(self, small: Council) -> None:
        """After an edit the record holds the new submission with no approvals."""
        pending_post(small)
        small.gov.approve("m1", by="ana")
        small.gov.edit("m1", by="edu", text="Otro")
        assert small.gov.record().submissions["m1"].approvals == []

    def test_pending_requests_oldest_first(self, small: Council) -> None:
        """Waiting requests come oldest first; decided ones are left out."""
        small.gov.submit_request(
            complete_request("r-b", "p-b"), by="edu", at=START + timedelta(hours=2)
        )
        small.gov.submit_request(
            complete_request("r-a", "p-a"), by="edu", at=START + timedelta(hours=1)
        )
        small.gov.submit_request(complete_request("r-c", "p-c"), by="edu", at=START)
        small.gov.withdraw_request("r-c", by="edu")
        assert [r.id for r in small.gov.record().pending_requests()] == ["r-a", "r-b"]

    def test_journal_lines_are_remembered(self, small: Council) -> None:
        """Entries written inside ``journal_line`` carry it; the record lists the lines applied."""
        with small.gov.journal_line("2026-03-02#1"):
            small.gov.transition("x-sport", LifecycleState.DORMANT, by="cora", reason="Verano")
        small.gov.transition("x-sport", LifecycleState.ACTIVE, by="cora", reason="Otoño")
        assert small.gov.record().journal == {"2026-03-02#1"}
        assert [d.get("journal") for d in small.details("profile.transitioned")] == [
            "2026-03-02#1",
            None,
        ]

    def test_tampering_is_noticed(self, small: Council) -> None:
        """Changing a stored decision breaks the chain at that entry."""
        small.gov.submit_request(complete_request(), by="edu")
        small.gov.reject_request("r-ig", by="cora", reason="No")
        entries = small.store.audit_entries(ORG)
        forged = attrs.evolve(entries[1], actor="ana")
        check = verify(ORG, [entries[0], forged])
        assert (check.ok, check.bad_seq) == (False, 2)


class TestConcurrency:
    def test_stale_head_raises_and_writes_nothing(self, small: Council) -> None:
        """A write checked against an old head is refused whole: no profile, message or entry."""
        small.gov.transition("x-sport", LifecycleState.DORMANT, by="cora", reason="Verano")
        new_profile = Profile(ORG, "ig-sport", "instagram", "@ig", "sport")
        message = attrs.evolve(post(), author="edu")
        with (
            small.unchanged(),
            pytest.raises(
                ConcurrentChange, match=r"changed while deciding \(entry 1, entry 0 was read\)"
            ),
        ):
            small.store.record(
                ORG,
                [event("profile.registered", "ig-sport", state="active")],
                expected_head=0,
                profiles=[new_profile],
                messages=[message],
            )
        assert issubclass(ConcurrentChange, GovernanceError)

    def test_current_head_writes_everything(self, small: Council) -> None:
        """With the right head the profile, the message and the entries are saved together."""
        new_profile = Profile(ORG, "ig-sport", "instagram", "@ig", "sport")
        message = attrs.evolve(post(), author="edu")
        written = small.store.record(
            ORG,
            [
                event("profile.registered", "ig-sport", state="active"),
                event("message.drafted", "m1"),
            ],
            expected_head=0,
            profiles=[new_profile],
            messages=[message],
        )
        assert [e.seq for e in written] == [1, 2]
        assert small.gov.profile("ig-sport") == new_profile
        assert small.store.message(ORG, "m1") == message
        assert small.verified()

    def test_no_expected_head_skips_the_check(self, small: Council) -> None:
        """``expected_head=None`` appends after whatever is there."""
        small.store.record(ORG, [event("audit.ran", "a")])
        written = small.store.record(ORG, [event("audit.ran", "b")], expected_head=None)
        assert written[0].seq == 2

    def test_failed_write_leaves_nothing(self, small: Council) -> None:
        """A message for an unknown profile fails the whole batch, entries and profiles included."""
        new_profile = Profile(ORG, "ig-sport", "instagram", "@ig", "sport")
        with small.unchanged(), pytest.raises(StoreError, match="profile 'nowhere'"):
            small.store.record(
                ORG,
                [event("message.drafted", "m1")],
                expected_head=0,
                profiles=[new_profile],
                messages=[post(profile="nowhere")],
            )

    def test_unknown_organisation(self, small: Council) -> None:
        """Recording for an organisation the store does not have fails."""
        with pytest.raises(StoreError, match="big-city"):
            small.store.record("big-city", [event("audit.ran", "a")], expected_head=0)

    def test_two_coordinators_are_decided_in_turn(self, tmp_path: Path) -> None:
        """Two coordinators deciding one request at once: the second waits for the first's
        decision and is refused by it, naming the request; the record stays one chain."""
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
        first = council(store_url=url)
        first.gov.submit_request(complete_request(), by="edu")
        reading = threading.Event()

        class Slow(Governance):
            """Lingers after reading the record, so the other coordinator acts meanwhile."""

            def record(self):  # type: ignore[no-untyped-def]
                read = super().record()
                reading.set()
                time.sleep(0.2)
                return read

        refused: list[GovernanceError] = []

        def reject() -> None:
            reading.wait()
            with Store.open(url) as store:
                other = Governance(store, ORG, CHANNEL_MAP, clock=first.clock)
                try:
                    other.reject_request("r-ig", by="cora", reason="Ya decidido")
                except GovernanceError as exc:
                    refused.append(exc)

        rival = threading.Thread(target=reject)
        rival.start()
        try:
            Slow(first.store, ORG, CHANNEL_MAP, clock=first.clock).approve_request(
                "r-ig", by="cora"
            )
        finally:
            rival.join()
            first.store.close()
        (error,) = refused
        assert not isinstance(error, ConcurrentChange)
        assert "request 'r-ig' is already 'approved'" in error.en
        with Store.open(url) as store:
            gov = Governance(store, ORG, CHANNEL_MAP)
            assert gov.request("r-ig").state is RequestState.APPROVED
            assert verify(ORG, store.audit_entries(ORG)).ok


class TestStoreHelpers:
    def test_message_by_id(self, small: Council) -> None:
        """``Store.message`` finds a stored message and gives ``None`` otherwise."""
        assert small.store.message(ORG, "m1") is None
        drafted = small.gov.draft(post(), by="edu")
        assert small.store.message(ORG, "m1") == drafted
        assert small.store.message("other-org", "m1") is None

    def test_new_profiles_go_last_and_updates_keep_their_place(self, small: Council) -> None:
        """A profile opened by the API is appended; a changed one stays where it was."""
        small.gov.submit_request(complete_request(), by="edu")
        small.gov.approve_request("r-ig", by="cora")
        small.gov.transition("fb-sport", LifecycleState.DORMANT, by="cora", reason="Sin uso")
        in_snapshot = [p.id for p in small.store.snapshot(ORG).profiles]
        assert in_snapshot == ["x-sport", "fb-sport", "gplus", "ig-sport"]
        positions = {r["id"]: r["position"] for r in small.dump()["profiles"]}
        assert positions == {"x-sport": 0, "fb-sport": 1, "gplus": 2, "ig-sport": 3}

    def test_profile_of_an_unknown_unit_is_refused(self, small: Council) -> None:
        """save_profiles refuses a unit the store does not have; nothing is written."""
        stray = Profile(ORG, "p", "x", "@p", "culture")
        with small.unchanged(), pytest.raises(StoreError, match="names unit 'culture'"):
            small.store.record(ORG, [], expected_head=0, profiles=[stray])

    def test_profile_of_another_organisation_is_refused(self, small: Council) -> None:
        """save_profiles refuses a profile that belongs to another organisation."""
        big = attrs.evolve(small_snapshot().organisation, id="big-city")
        small.store.save_snapshot(
            OrganisationSnapshot(big, units=(Unit("big-city", "sport", "D"),))
        )
        foreign = Profile("big-city", "p", "x", "@p", "sport")
        with (
            small.unchanged(),
            pytest.raises(StoreError, match="profile 'p' belongs to 'big-city'"),
        ):
            small.store.record(ORG, [], expected_head=0, profiles=[foreign])

    def test_small_governance_factory(self) -> None:
        """The shipped factory gives a working governance over an in-memory store."""
        gov = small_governance(approval_tiers=2)
        assert gov.organisation == ORG
        assert gov.today() == date(2026, 3, 2)
        assert gov.tiers(post()) == 2
        assert gov.record().head == 0


class TestOnBothBackends:
    """The main paths on SQLite and, with GOVSM_TEST_POSTGRES_URL, on PostgreSQL."""

    def test_request_approved(self, backend_url: str) -> None:
        """A request filed and approved opens the profile, recorded and verifiable."""
        c = council(store_url=backend_url)
        try:
            c.gov.submit_request(complete_request(), by="edu")
            profile = c.gov.approve_request("r-ig", by="cora")
            with Store.open(backend_url) as fresh:
                assert [p for p in fresh.profiles(ORG) if p.id == "ig-sport"] == [profile]
                actions = [e.action for e in fresh.audit_entries(ORG)]
                assert actions == ["request.submitted", "request.approved", "profile.registered"]
                assert verify(ORG, fresh.audit_entries(ORG)).ok
            assert c.gov.request("r-ig").state is RequestState.APPROVED
            assert_fold_agrees(c)
        finally:
            c.store.close()

    def test_message_approved_in_two_tiers(self, backend_url: str) -> None:
        """A post approved by two different people, with a stale write refused in between."""
        c = council(approval_tiers=2, store_url=backend_url)
        try:
            pending_post(c)
            c.gov.approve("m1", by="ana")
            with pytest.raises(PermissionDenied, match="already approved"):
                c.gov.approve("m1", by="ana")
            with c.unchanged(), pytest.raises(ConcurrentChange):
                c.store.record(ORG, [event("audit.ran", "x")], expected_head=1)
            assert c.gov.approve("m1", by="abel").state is MessageState.APPROVED
            with Store.open(backend_url) as fresh:
                assert fresh.message(ORG, "m1").state is MessageState.APPROVED  # type: ignore[union-attr]
                assert verify(ORG, fresh.audit_entries(ORG)).ok
            assert [a.person for a in c.gov.approvals("m1")] == ["ana", "abel"]
        finally:
            c.store.close()
