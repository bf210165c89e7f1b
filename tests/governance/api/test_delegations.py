"""Delegations: a delegate acts for an absent person, between two dates, and never for themselves."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from govsm.errors import GovernanceError, ModelError, PermissionDenied
from govsm.ledger.permissions import Action
from govsm.model import Delegation, MessageState, Role
from govsm.testing.governance import ORG, small_snapshot

from .conftest import Council, at, council, pending_post, role, with_roles

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def away(
    person: str = "ana",
    delegate: str = "eva",
    starts_on: date = MARCH[0],
    ends_on: date = MARCH[1],
    delegation_id: str = "d1",
    **kw: object,
) -> Delegation:
    """``person`` away, ``delegate`` covering."""
    return Delegation(ORG, delegation_id, person, delegate, starts_on, ends_on, **kw)  # type: ignore[arg-type]


class TestModel:
    def test_nobody_delegates_to_themselves(self) -> None:
        """A delegation from and to the same person is refused."""
        with pytest.raises(ModelError, match="'ana' cannot delegate to themselves"):
            away("ana", "ana")

    def test_dates_in_order(self) -> None:
        """A delegation cannot end before it starts; one day is fine."""
        with pytest.raises(
            ModelError, match=r"the delegation ends \(2026-03-01\) before it starts"
        ):
            away(starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 1))
        assert away(starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 2)).in_force_on(
            date(2026, 3, 2)
        )

    def test_dates_are_inclusive(self) -> None:
        """It applies on its first and last day, not the day before or after."""
        d = away()
        days = (date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 1))
        assert [d.in_force_on(day) for day in days] == [False, True, True, False]

    def test_roles_handed_over(self) -> None:
        """No roles listed hands over all of them; a list hands over those only."""
        assert away().hands_over(Role.APPROVER)
        only = away(roles=(Role.EDITOR,))
        assert only.hands_over(Role.EDITOR)
        assert not only.hands_over(Role.APPROVER)


class TestActingOnBehalf:
    def test_delegate_approval_records_on_behalf_of(self, small: Council) -> None:
        """eva approves for ana: the approval and the audit entry name both."""
        small.gov.delegate(away(reason="Vacaciones"), by="ana")
        pending_post(small)
        approved = small.gov.approve("m1", by="eva")
        assert approved.state is MessageState.APPROVED
        [approval] = small.gov.approvals("m1")
        assert (approval.person, approval.on_behalf_of) == ("eva", "ana")
        assert small.details("message.approved")[0]["on_behalf_of"] == "ana"
        assert small.log()[-1] == ("message.approved", "m1", "eva")

    def test_delegate_rejection_records_on_behalf_of(self, small: Council) -> None:
        """A rejection by a delegate names the absent approver too."""
        small.gov.delegate(away(), by="ana")
        pending_post(small)
        small.gov.reject("m1", by="eva", reason="Revisa la fecha")
        assert small.details("message.rejected") == [
            {"reason": "Revisa la fecha", "on_behalf_of": "ana"}
        ]

    def test_own_approval_records_no_one_else(self, small: Council) -> None:
        """ana approving herself leaves ``on_behalf_of`` out."""
        pending_post(small)
        small.gov.approve("m1", by="ana")
        assert "on_behalf_of" not in small.details("message.approved")[0]

    @pytest.mark.parametrize(
        ("starts_on", "ends_on"),
        [(date(2026, 4, 1), date(2026, 4, 30)), (date(2026, 2, 1), date(2026, 3, 1))],
        ids=["not-yet", "over"],
    )
    def test_delegation_outside_its_dates_gives_nothing(
        self, small: Council, starts_on: date, ends_on: date
    ) -> None:
        """On 2 March a delegation for April, or one that ended on 1 March, hands nothing over."""
        small.gov.delegate(away(starts_on=starts_on, ends_on=ends_on), by="ana")
        pending_post(small)
        with (
            small.unchanged(),
            pytest.raises(PermissionDenied, match="'eva' cannot approve messages"),
        ):
            small.gov.approve("m1", by="eva")
        assert not small.gov.permissions().allows(
            "eva", Action.APPROVE_MESSAGE, date(2026, 3, 2), profile="x-sport"
        )

    def test_delegation_applies_on_its_last_day_and_not_after(self, small: Council) -> None:
        """With an explicit ``at``: approved on 31 March, refused on 1 April (Madrid time)."""
        small.gov.delegate(away(), by="ana")
        pending_post(small, "m1")
        pending_post(small, "m2")
        assert (
            small.gov.approve("m1", by="eva", at=at(21, 59, day=31)).state is MessageState.APPROVED
        )
        # 22:00 UTC on 31 March is already 1 April in Madrid (summer time)
        with small.unchanged(), pytest.raises(PermissionDenied, match="on 2026-04-01"):
            small.gov.approve("m2", by="eva", at=at(22, 0, day=31))

    def test_only_the_roles_handed_over(self, small: Council) -> None:
        """A delegation of ana's editor role (she has none) gives eva no approving."""
        small.gov.delegate(away(roles=(Role.EDITOR,)), by="cora")
        pending_post(small)
        with pytest.raises(PermissionDenied, match="'eva' cannot approve messages"):
            small.gov.approve("m1", by="eva")

    def test_delegate_cannot_approve_own_post(self, small: Council) -> None:
        """edu, ana's delegate, still cannot approve the post he wrote."""
        small.gov.delegate(away("ana", "edu"), by="ana")
        pending_post(small)
        with (
            small.unchanged(),
            pytest.raises(
                PermissionDenied,
                match="'edu' cannot approve message 'm1': nobody approves what they",
            ),
        ):
            small.gov.approve("m1", by="edu")

    def test_absent_author_is_not_approved_for(self) -> None:
        """eva covers for edu, an approver who wrote the post: she cannot approve it for him."""
        c = council(with_roles(small_snapshot(), role("edu", Role.APPROVER)))
        c.gov.delegate(away("edu", "eva"), by="edu")
        pending_post(c)
        with (
            c.unchanged(),
            pytest.raises(PermissionDenied, match=r"\(acting for 'edu', its author\)"),
        ):
            c.gov.approve("m1", by="eva")

    def test_delegate_and_absent_person_count_as_one(self, two_tiers: Council) -> None:
        """eva fills tier 1 for ana: ana cannot fill tier 2 herself; abel completes it."""
        two_tiers.gov.delegate(away(), by="ana")
        pending_post(two_tiers)
        two_tiers.gov.approve("m1", by="eva")
        with two_tiers.unchanged(), pytest.raises(PermissionDenied, match="already approved"):
            two_tiers.gov.approve("m1", by="ana")
        assert two_tiers.gov.approve("m1", by="abel").state is MessageState.APPROVED

    def test_absent_person_first_then_delegate_is_refused(self, two_tiers: Council) -> None:
        """ana fills tier 1; eva acting for ana cannot fill tier 2."""
        two_tiers.gov.delegate(away(), by="ana")
        pending_post(two_tiers)
        two_tiers.gov.approve("m1", by="ana")
        with two_tiers.unchanged(), pytest.raises(PermissionDenied, match="'eva' already approved"):
            two_tiers.gov.approve("m1", by="eva")

    def test_delegation_from_someone_who_left_gives_nothing(self) -> None:
        """ana left on 1 March: her delegation to eva hands nothing over from the 2nd."""
        snapshot = small_snapshot()
        people = tuple(
            attrs.evolve(p, left_on=date(2026, 3, 1)) if p.id == "ana" else p
            for p in snapshot.people
        )
        c = council(attrs.evolve(snapshot, people=people))
        c.gov.delegate(away(), by="cora")
        roles = c.gov.permissions()
        assert roles.allows("eva", Action.APPROVE_MESSAGE, date(2026, 3, 1), profile="x-sport")
        assert not roles.allows("eva", Action.APPROVE_MESSAGE, date(2026, 3, 2), profile="x-sport")


class TestGranting:
    def test_absent_person_delegates_own_roles(self, small: Council) -> None:
        """ana records her own absence; the delegation is in the record and the log."""
        granted = small.gov.delegate(away(reason="Vacaciones"), by="ana")
        assert small.gov.record().delegations == {"d1": granted}
        assert small.log() == [("delegation.granted", "d1", "ana")]
        assert small.details("delegation.granted")[0]["delegation"]["reason"] == "Vacaciones"

    def test_coordinator_records_anyones_absence(self, small: Council) -> None:
        """cora may record ana's absence for her."""
        small.gov.delegate(away(), by="cora")
        assert small.log() == [("delegation.granted", "d1", "cora")]

    @pytest.mark.parametrize("who", ["abel", "eva", "edu", "rita", "vic"])
    def test_others_cannot_hand_over_someone_elses_roles(self, small: Council, who: str) -> None:
        """Nobody but ana or a coordinator may hand over ana's roles (not even to themselves)."""
        with (
            small.unchanged(),
            pytest.raises(PermissionDenied, match="delegate someone else's roles"),
        ):
            small.gov.delegate(away("ana", "eva" if who != "eva" else "abel"), by=who)

    def test_viewer_cannot_delegate_their_own_roles(self, small: Council) -> None:
        """vic, a viewer, has nothing to hand over: refused, nothing written."""
        with (
            small.unchanged(),
            pytest.raises(PermissionDenied, match="'vic' holds no role to delegate"),
        ):
            small.gov.delegate(away("vic", "edu"), by="vic")

    def test_cannot_hand_over_roles_one_does_not_hold(self, small: Council) -> None:
        """edu delegating only an approver role (he has none) is refused."""
        with small.unchanged(), pytest.raises(PermissionDenied, match="'edu' holds no role"):
            small.gov.delegate(away("edu", "eva", roles=(Role.APPROVER,)), by="edu")

    def test_same_id_twice_is_refused(self, small: Council) -> None:
        """A delegation id is used once while it stands."""
        small.gov.delegate(away(), by="ana")
        with (
            small.unchanged(),
            pytest.raises(GovernanceError, match="there is a delegation 'd1' already"),
        ):
            small.gov.delegate(away(delegate="abel"), by="ana")

    @pytest.mark.parametrize(("person", "delegate"), [("ana", "zoe"), ("zoe", "ana")])
    def test_both_must_be_people_of_the_organisation(
        self, small: Council, person: str, delegate: str
    ) -> None:
        """An unknown absent person or delegate is refused."""
        with small.unchanged(), pytest.raises(GovernanceError, match="'zoe' is not a person of"):
            small.gov.delegate(away(person, delegate), by="cora")

    def test_delegate_who_left_is_refused(self) -> None:
        """eva left on 1 March: she cannot cover ana from the 2nd."""
        snapshot = small_snapshot()
        people = tuple(
            attrs.evolve(p, left_on=date(2026, 3, 1)) if p.id == "eva" else p
            for p in snapshot.people
        )
        c = council(attrs.evolve(snapshot, people=people))
        with (
            c.unchanged(),
            pytest.raises(
                GovernanceError,
                match="'eva' left the organisation on 2026-03-01: they cannot cover",
            ),
        ):
            c.gov.delegate(away(), by="ana")

    def test_delegation_of_another_organisation_is_refused(self, small: Council) -> None:
        """A delegation naming another organisation is not recorded here."""
        with small.unchanged(), pytest.raises(GovernanceError, match="belongs to 'big-city'"):
            small.gov.delegate(attrs.evolve(away(), organisation="big-city"), by="ana")


class TestRevoking:
    def test_absent_person_ends_it_early(self, small: Council) -> None:
        """ana comes back early: after revoking, eva can no longer approve for her."""
        small.gov.delegate(away(), by="ana")
        small.gov.revoke_delegation("d1", by="ana")
        assert small.gov.record().delegations == {}
        assert small.log()[-1] == ("delegation.revoked", "d1", "ana")
        pending_post(small)
        with pytest.raises(PermissionDenied):
            small.gov.approve("m1", by="eva")

    def test_coordinator_revokes(self, small: Council) -> None:
        """cora may end anyone's delegation."""
        small.gov.delegate(away(), by="ana")
        small.gov.revoke_delegation("d1", by="cora")
        assert small.gov.record().delegations == {}

    @pytest.mark.parametrize("who", ["eva", "abel", "vic"])
    def test_delegate_and_others_cannot_revoke(self, small: Council, who: str) -> None:
        """The delegate or anyone else without coordination cannot end it."""
        small.gov.delegate(away(), by="ana")
        with (
            small.unchanged(),
            pytest.raises(PermissionDenied, match="delegate someone else's roles"),
        ):
            small.gov.revoke_delegation("d1", by=who)

    def test_unknown_or_revoked_delegation(self, small: Council) -> None:
        """Revoking what is not in force names it; revoking twice fails the second time."""
        with pytest.raises(GovernanceError, match="there is no delegation 'd1' in force"):
            small.gov.revoke_delegation("d1", by="cora")
        small.gov.delegate(away(), by="ana")
        small.gov.revoke_delegation("d1", by="ana")
        with small.unchanged(), pytest.raises(GovernanceError, match="no delegation 'd1' in force"):
            small.gov.revoke_delegation("d1", by="ana")

    def test_revoked_id_can_be_granted_again(self, small: Council) -> None:
        """Once revoked, the id is free again (the log keeps both)."""
        small.gov.delegate(away(), by="ana")
        small.gov.revoke_delegation("d1", by="ana")
        small.gov.delegate(away(delegate="abel"), by="ana")
        assert small.gov.record().delegations["d1"].delegate == "abel"
        assert small.actions() == ["delegation.granted", "delegation.revoked", "delegation.granted"]
