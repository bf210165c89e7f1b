"""The profile lifecycle through the API: transitions, transfers between units, retirement."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from govsm.errors import GovernanceError, PermissionDenied
from govsm.ledger import lifecycle
from govsm.ledger.chain import verify
from govsm.model import ChannelStatus, LifecycleState, Profile, Role, ScopeKind
from govsm.testing.governance import ORG, START, TickingClock, small_snapshot

from .conftest import (
    CHANNEL_MAP,
    Council,
    assert_fold_agrees,
    at,
    complete_request,
    council,
    post,
    role,
    with_roles,
)

S = LifecycleState

#: every legal move, written out rather than read from ``lifecycle.TRANSITIONS``
LEGAL = {
    (S.APPROVED, S.ACTIVE),
    (S.APPROVED, S.ARCHIVED),
    (S.ACTIVE, S.DORMANT),
    (S.ACTIVE, S.ARCHIVED),
    (S.DORMANT, S.ACTIVE),
    (S.DORMANT, S.ARCHIVED),
}
PAIRS = [(old, new) for old in S for new in S]


def council_with(state: LifecycleState, channel: str = "x") -> Council:
    """The small council with one more sports profile ``p`` in ``state``."""
    snapshot = small_snapshot()
    extra = Profile(ORG, "p", channel, "@SmallP", "sport", state=state)
    return council(attrs.evolve(snapshot, profiles=(*snapshot.profiles, extra)))


class TestStateMachine:
    def test_transitions_table_matches_the_documented_machine(self) -> None:
        """``TRANSITIONS`` holds the documented moves plus requested → approved/rejected."""
        table = {(old, new) for old, after in lifecycle.TRANSITIONS.items() for new in after}
        assert table == LEGAL | {(S.REQUESTED, S.APPROVED), (S.REQUESTED, S.REJECTED)}
        assert {S.REJECTED, S.ARCHIVED} == lifecycle.FINAL
        assert {S.REQUESTED, S.APPROVED, S.REJECTED} == lifecycle.REQUEST_STATES

    @pytest.mark.parametrize(("old", "new"), PAIRS, ids=[f"{o}-{n}" for o, n in PAIRS])
    def test_every_pair_through_the_api(self, old: LifecycleState, new: LifecycleState) -> None:
        """A legal move changes and records the profile; any other raises and writes nothing."""
        c = council_with(old)
        if (old, new) in LEGAL:
            changed = c.gov.transition("p", new, by="cora", reason="Revisión anual")
            assert changed.state is new
            assert changed.state_since == date(2026, 3, 2)
            assert c.gov.profile("p") == changed
            assert c.log() == [("profile.transitioned", "p", "cora")]
            assert c.details("profile.transitioned") == [
                {"from": old.value, "to": new.value, "reason": "Revisión anual"}
            ]
            assert c.verified()
            assert_fold_agrees(c)
        else:
            with c.unchanged(), pytest.raises(GovernanceError, match="profile 'p'"):
                c.gov.transition("p", new, by="cora", reason="Revisión anual")
            assert c.state("p") == old.value

    @pytest.mark.parametrize("new", list(S))
    def test_archived_is_final(self, new: LifecycleState) -> None:
        """Nothing leaves ``archived``; the message says a new request is needed."""
        c = council_with(S.ARCHIVED)
        expected = (
            "a final state" if new not in lifecycle.REQUEST_STATES else "comes from a request"
        )
        with c.unchanged(), pytest.raises(GovernanceError, match=expected):
            c.gov.transition("p", new, by="cora", reason="Reabrir")

    @pytest.mark.parametrize("new", sorted(lifecycle.REQUEST_STATES))
    def test_request_states_are_only_reached_through_requests(self, new: LifecycleState) -> None:
        """Even ``requested`` → ``approved``, legal in the table, is refused as a transition."""
        c = council_with(S.REQUESTED)
        with (
            c.unchanged(),
            pytest.raises(GovernanceError, match=f"cannot become '{new}' through a transition"),
        ):
            c.gov.transition("p", new, by="cora", reason="Atajo")

    def test_illegal_move_names_the_possible_ones(self) -> None:
        """From ``active`` the error offers ``archived, dormant``."""
        c = council_with(S.ACTIVE)
        with pytest.raises(GovernanceError) as raised:
            c.gov.transition("p", S.ACTIVE, by="cora", reason="Nada")
        assert raised.value.en == (
            "profile 'p' cannot go from 'active' to 'active'; from 'active' it can only become: "
            "archived, dormant"
        )

    def test_state_given_as_text(self, small: Council) -> None:
        """The target state may be given by its value."""
        changed = small.gov.transition("x-sport", "dormant", by="cora", reason="Verano")  # type: ignore[arg-type]
        assert changed.state is S.DORMANT

    def test_requested_profile_lives_on_after_approval(self, small: Council) -> None:
        """A profile opened by a request goes approved → active → dormant → archived."""
        small.gov.submit_request(complete_request(), by="edu")
        small.gov.approve_request("r-ig", by="cora")
        for new in (S.ACTIVE, S.DORMANT, S.ACTIVE, S.ARCHIVED):
            small.gov.transition("ig-sport", new, by="cora", reason=f"Paso a {new}")
        assert small.state("ig-sport") == "archived"
        assert small.verified()
        assert_fold_agrees(small)

    def test_closed_network_cannot_become_active(self) -> None:
        """An approved profile on Google+ may be archived but not activated."""
        c = council_with(S.APPROVED, channel="googleplus")
        with (
            c.unchanged(),
            pytest.raises(
                GovernanceError, match="Google\\+ has closed: profile 'p' cannot become active"
            ),
        ):
            c.gov.transition("p", S.ACTIVE, by="cora", reason="Abrir")
        assert (
            c.gov.transition("p", S.ARCHIVED, by="cora", reason="Nunca se abrió").state
            is S.ARCHIVED
        )

    def test_dormant_profile_on_closed_network_stays_down(self, small: Council) -> None:
        """gplus can go dormant but never active again."""
        small.gov.transition("gplus", S.DORMANT, by="cora", reason="Sin uso")
        with small.unchanged(), pytest.raises(GovernanceError, match="Google\\+ has closed"):
            small.gov.transition("gplus", S.ACTIVE, by="cora", reason="Volver")


class TestWhoChangesProfiles:
    def test_change_takes_a_reason(self, small: Council) -> None:
        """Transition, transfer and retirement refuse a blank reason."""
        with small.unchanged():
            for call in (
                lambda: small.gov.transition("x-sport", S.DORMANT, by="cora", reason=" "),
                lambda: small.gov.transfer("x-sport", "comms", by="cora", reason=""),
                lambda: small.gov.retire("gplus", by="cora", reason="\n"),
            ):
                with pytest.raises(
                    GovernanceError, match="every change to a profile takes a reason"
                ):
                    call()

    def test_unknown_profile(self, small: Council) -> None:
        """Changing a profile the council does not have names it."""
        with pytest.raises(GovernanceError, match="'small-council' has no profile 'tiktok'"):
            small.gov.transition("tiktok", S.DORMANT, by="cora", reason="x")

    @pytest.mark.parametrize("who", ["edu", "eva", "ana", "abel", "rita", "vic", "zoe"])
    def test_only_coordinators_change_profiles(self, small: Council, who: str) -> None:
        """Everyone but a coordinator gets PermissionDenied for all three changes."""
        with small.unchanged():
            with pytest.raises(PermissionDenied, match="change a profile's state or unit"):
                small.gov.transition("x-sport", S.DORMANT, by=who, reason="x")
            with pytest.raises(PermissionDenied, match="change a profile's state or unit"):
                small.gov.transfer("x-sport", "comms", by=who, reason="x")
            with pytest.raises(PermissionDenied, match="change a profile's state or unit"):
                small.gov.retire("gplus", by=who, reason="x")

    def test_unit_coordinator_changes_only_their_units_profiles(self) -> None:
        """A coordinator of ``sport`` may put x-sport to sleep, but not touch gplus (comms)."""
        c = council(
            with_roles(small_snapshot(), role("edu", Role.COORDINATOR, ScopeKind.UNIT, "sport"))
        )
        assert c.gov.transition("x-sport", S.DORMANT, by="edu", reason="Verano").state is S.DORMANT
        with (
            c.unchanged(),
            pytest.raises(
                PermissionDenied,
                match="'edu' cannot change a profile's state or unit on profile 'gplus'",
            ),
        ):
            c.gov.retire("gplus", by="edu", reason="Cerrada")


class TestTransfer:
    def test_transfer_moves_the_profile_and_the_rights(self, small: Council) -> None:
        """x-sport goes to comms: recorded from/to; eva may now write there, edu may not."""
        moved = small.gov.transfer("x-sport", "comms", by="cora", reason="Reorganización")
        assert moved.unit == "comms"
        assert moved.state is S.ACTIVE
        assert small.gov.profile("x-sport").unit == "comms"
        assert small.log() == [("profile.transferred", "x-sport", "cora")]
        assert small.details("profile.transferred") == [
            {"from_unit": "sport", "unit": "comms", "reason": "Reorganización"}
        ]
        assert small.gov.record().history("x-sport").unit == "comms"
        small.gov.draft(post("by-eva"), by="eva")
        with pytest.raises(
            PermissionDenied, match="'edu' cannot write or edit posts on profile 'x-sport'"
        ):
            small.gov.draft(post("by-edu"), by="edu")
        assert_fold_agrees(small)

    def test_unknown_unit_is_refused(self, small: Council) -> None:
        """The receiving unit must exist."""
        with (
            small.unchanged(),
            pytest.raises(GovernanceError, match="'small-council' has no unit 'culture'"),
        ):
            small.gov.transfer("x-sport", "culture", by="cora", reason="x")

    def test_same_unit_is_refused(self, small: Council) -> None:
        """A profile is not transferred to the unit it belongs to."""
        with (
            small.unchanged(),
            pytest.raises(GovernanceError, match="profile 'x-sport' is already sport's"),
        ):
            small.gov.transfer("x-sport", "sport", by="cora", reason="x")

    @pytest.mark.parametrize("state", [S.REQUESTED, S.REJECTED, S.ARCHIVED])
    def test_profiles_out_of_service_are_not_transferred(self, state: LifecycleState) -> None:
        """Requested, rejected and archived profiles stay where they are."""
        c = council_with(state)
        with (
            c.unchanged(),
            pytest.raises(
                GovernanceError, match=f"profile 'p' is '{state}' and cannot be transferred"
            ),
        ):
            c.gov.transfer("p", "comms", by="cora", reason="x")

    @pytest.mark.parametrize("state", [S.APPROVED, S.ACTIVE, S.DORMANT])
    def test_profiles_in_service_are_transferred_keeping_their_state(
        self, state: LifecycleState
    ) -> None:
        """Approved, active and dormant profiles move with their state unchanged."""
        c = council_with(state)
        moved = c.gov.transfer("p", "comms", by="cora", reason="x")
        assert (moved.unit, moved.state) == ("comms", state)

    def test_transfer_after_retirement_is_refused(self, small: Council) -> None:
        """gplus, retired, cannot be handed to sport."""
        small.gov.retire("gplus", by="cora", reason="Google+ cerró")
        with (
            small.unchanged(),
            pytest.raises(GovernanceError, match="is 'archived' and cannot be transferred"),
        ):
            small.gov.transfer("gplus", "sport", by="cora", reason="x")

    def test_unit_coordinator_cannot_push_into_another_unit(self) -> None:
        """A coordinator of ``sport`` cannot hand x-sport to ``comms``, a unit they do not govern."""
        c = council(
            with_roles(small_snapshot(), role("edu", Role.COORDINATOR, ScopeKind.UNIT, "sport"))
        )
        with (
            c.unchanged(),
            pytest.raises(
                PermissionDenied,
                match="'edu' cannot change a profile's state or unit in unit 'comms'",
            ),
        ):
            c.gov.transfer("x-sport", "comms", by="edu", reason="No lo queremos")

    def test_unit_coordinator_cannot_pull_from_another_unit(self) -> None:
        """A coordinator of ``comms`` cannot take x-sport from ``sport``."""
        c = council(
            with_roles(small_snapshot(), role("eva", Role.COORDINATOR, ScopeKind.UNIT, "comms"))
        )
        with c.unchanged(), pytest.raises(PermissionDenied, match="on profile 'x-sport'"):
            c.gov.transfer("x-sport", "comms", by="eva", reason="Lo queremos")


class TestRetire:
    def test_profile_on_a_closed_network_is_retired(self, small: Council) -> None:
        """gplus (Google+ closed in 2019) is archived, recorded as a retirement."""
        retired = small.gov.retire("gplus", by="cora", reason="Google+ cerró en 2019")
        assert retired.state is S.ARCHIVED
        assert small.state("gplus") == "archived"
        assert small.log() == [("profile.retired", "gplus", "cora")]
        assert small.details("profile.retired") == [
            {
                "from": "active",
                "to": "archived",
                "reason": "Google+ cerró en 2019",
                "channel_status": "closed",
            }
        ]
        assert_fold_agrees(small)

    def test_profile_on_an_active_network_is_not_retired(self, small: Council) -> None:
        """x-sport (X is active) must be archived with a transition instead."""
        with (
            small.unchanged(),
            pytest.raises(
                GovernanceError,
                match=r"X \(Twitter\) is neither deprecated nor closed: archive profile 'x-sport'",
            ),
        ):
            small.gov.retire("x-sport", by="cora", reason="x")

    def test_retiring_twice_is_refused(self, small: Council) -> None:
        """An archived profile is not retired again."""
        small.gov.retire("gplus", by="cora", reason="Cerrada")
        with small.unchanged(), pytest.raises(GovernanceError, match="'archived', a final state"):
            small.gov.retire("gplus", by="cora", reason="Otra vez")

    def test_requested_profile_on_a_closed_network_is_not_retired(self) -> None:
        """``requested`` → ``archived`` is no legal move, retirement or not."""
        c = council_with(S.REQUESTED, channel="googleplus")
        with (
            c.unchanged(),
            pytest.raises(GovernanceError, match="cannot go from 'requested' to 'archived'"),
        ):
            c.gov.retire("p", by="cora", reason="Cerrada")

    def test_deprecated_network_is_retired(self) -> None:
        """A network the organisation deprecated (still running) allows retirement."""
        c = council()
        channels = dict(CHANNEL_MAP)
        channels["x"] = attrs.evolve(
            channels["x"], status=ChannelStatus.DEPRECATED, deprecated_on=date(2026, 1, 1)
        )
        gov = type(c.gov)(c.store, ORG, channels, clock=TickingClock())
        assert gov.retire("x-sport", by="cora", reason="Dejamos X").state is S.ARCHIVED
        assert c.details("profile.retired")[0]["channel_status"] == "deprecated"

    def test_unknown_network_is_not_retired(self) -> None:
        """A profile on a network govsm does not know cannot be retired (use a transition)."""
        c = council_with(S.ACTIVE, channel="myspace")
        with (
            c.unchanged(),
            pytest.raises(GovernanceError, match="myspace is neither deprecated nor closed"),
        ):
            c.gov.retire("p", by="cora", reason="x")


class TestAuditTrail:
    def test_every_change_records_who_when_and_why(self, small: Council) -> None:
        """Each change is one entry: actor, the clock's instant, the reason; the chain verifies."""
        small.gov.transition("x-sport", S.DORMANT, by="cora", reason="Verano")
        small.gov.transfer("fb-sport", "comms", by="cora", reason="Reorganización")
        small.gov.retire("gplus", by="cora", reason="Cerrada", at=at(17, 30, day=5))
        entries = [e.entry() for e in small.store.audit_entries(ORG)]
        assert [(e.seq, e.action, e.subject, e.actor) for e in entries] == [
            (1, "profile.transitioned", "x-sport", "cora"),
            (2, "profile.transferred", "fb-sport", "cora"),
            (3, "profile.retired", "gplus", "cora"),
        ]
        assert [e.details["reason"] for e in entries] == ["Verano", "Reorganización", "Cerrada"]
        assert entries[0].at == START
        assert entries[1].at > entries[0].at
        assert entries[2].at == at(17, 30, day=5)
        assert small.gov.profile("gplus").state_since == date(2026, 3, 5)
        check = verify(ORG, small.store.audit_entries(ORG))
        assert (check.ok, check.entries) == (True, 3)
        assert check.head_hash == entries[-1].hash

    def test_record_follows_the_changes(self, small: Council) -> None:
        """The folded record holds each changed profile's state, unit and entries."""
        small.gov.transition("x-sport", S.DORMANT, by="cora", reason="Verano")
        small.gov.transfer("x-sport", "comms", by="cora", reason="Reorganización")
        history = small.gov.record().history("x-sport")
        assert (history.state, history.unit) == (S.DORMANT, "comms")
        assert [e.action for e in history.entries] == [
            "profile.transitioned",
            "profile.transferred",
        ]
        assert history.changed_seq == 2
        assert history.declared is None
        assert small.gov.record().history("fb-sport").state is None
