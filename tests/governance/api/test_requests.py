"""Profile requests: what they lack, filing them, and the coordinating unit's decision."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from govsm.errors import GovernanceError, PermissionDenied
from govsm.ledger.prerequisites import shortfalls
from govsm.model import (
    Delegation,
    LifecycleState,
    Objective,
    Organisation,
    Policy,
    RequestPrerequisites,
    RequestState,
    Role,
    ScopeKind,
)
from govsm.testing.governance import ORG, START, small_snapshot

from .conftest import (
    CHANNEL_MAP,
    Council,
    assert_fold_agrees,
    complete_request,
    council,
    role,
    with_roles,
)

TODAY = date(2026, 3, 2)


def lacks(c: Council, **changes: Any) -> list[str]:
    """The shortfall keys of the complete request with ``changes``."""
    return [s.key for s in c.gov.shortfalls(complete_request(**changes), on=TODAY)]


def with_policy(**changes: Any) -> Council:
    """The small council with its policy changed."""
    snapshot = small_snapshot()
    assert snapshot.policy is not None
    return council(attrs.evolve(snapshot, policy=attrs.evolve(snapshot.policy, **changes)))


class TestShortfalls:
    def test_complete_request_lacks_nothing(self, small: Council) -> None:
        """The builder's request meets the four criteria and every default prerequisite."""
        assert small.gov.shortfalls(complete_request(), on=TODAY) == []

    @pytest.mark.parametrize(
        ("changes", "key", "es", "en"),
        [
            (
                {"objectives": ()},
                "objectives",
                "faltan los objetivos",
                "the objectives are missing",
            ),
            ({"theme": None}, "theme", "falta el tema", "the theme is missing"),
            (
                {"citizen_interest": None},
                "citizen_interest",
                "por qué el tema es de interés ciudadano",
                "why the theme is of citizen interest",
            ),
            ({"audience": ()}, "audience", "falta el público", "the audience is missing"),
            (
                {"functionality": None},
                "functionality",
                "falta la funcionalidad",
                "the functionality is missing",
            ),
            (
                {"owner": None},
                "owner",
                "falta la persona responsable",
                "the person responsible for the profile is missing",
            ),
            (
                {"backups": ()},
                "backups",
                "hacen falta 1 persona(s) suplente(s)",
                "it needs 1 backup editor(s) besides the owner; it has 0",
            ),
            (
                {"contact_email": None},
                "contact_email",
                "falta el correo institucional",
                "the institutional e-mail the account will be registered with is missing",
            ),
            (
                {"contact_email": "deportes.small@gmail.com"},
                "contact_email",
                "(gmail.com) no es de un dominio de la organización",
                "the account's e-mail (gmail.com) is not on a domain of the organisation",
            ),
            (
                {"editorial_line": None},
                "editorial_line",
                "falta la línea editorial",
                "the editorial line (tone and content) is missing",
            ),
            (
                {"draft_posts": ("Solo uno",)},
                "draft_posts",
                "necesita 3 borradores de publicación; tiene 1",
                "the first plan needs 3 draft posts; it has 1",
            ),
            (
                {"channel": "googleplus"},
                "channel",
                "la red Google+ está cerrada",
                "Google+ is 'closed': no new profiles are opened there",
            ),
            (
                {"channel": "myspace"},
                "channel",
                "la red «myspace» no es conocida",
                "network 'myspace' is not known",
            ),
            (
                {"channel": "x", "theme": "DEPORTES", "audience": ("Vecinos", "turistas")},
                "duplicate",
                "el perfil «x-sport» ya cubre el mismo tema y público",
                "profile 'x-sport' already covers the same theme and audience",
            ),
        ],
    )
    def test_each_missing_item_is_reported_in_both_languages(
        self, small: Council, changes: dict[str, Any], key: str, es: str, en: str
    ) -> None:
        """One missing criterion or prerequisite gives exactly one shortfall, in es and en."""
        found = small.gov.shortfalls(complete_request(**changes), on=TODAY)
        assert [s.key for s in found] == [key]
        assert es in found[0].message.es
        assert en in found[0].message.en

    def test_everything_missing_in_documented_order(self, small: Council) -> None:
        """An empty request lists the four criteria first, then the prerequisites."""
        keys = lacks(
            small,
            objectives=(),
            theme=None,
            citizen_interest=None,
            audience=(),
            functionality=None,
            owner=None,
            backups=(),
            contact_email=None,
            editorial_line=None,
            draft_posts=(),
            channel="googleplus",
        )
        assert keys == [
            "objectives",
            "theme",
            "citizen_interest",
            "audience",
            "functionality",
            "owner",
            "backups",
            "contact_email",
            "editorial_line",
            "draft_posts",
            "channel",
        ]

    def test_owner_and_backups_must_be_people_of_the_organisation(self, small: Council) -> None:
        """An owner or backup who is not a person of the council is a shortfall each."""
        found = small.gov.shortfalls(complete_request(owner="zoe", backups=("yan",)), on=TODAY)
        assert [(s.key, s.message.en) for s in found] == [
            ("owner", "'zoe' is not a person of the organisation"),
            ("backups", "'yan' is not a person of the organisation"),
            ("backups", "it needs 1 backup editor(s) besides the owner; it has 0"),
        ]

    def test_people_who_left_do_not_count(self) -> None:
        """An owner who left before the day checked is a shortfall; one leaving that day is not."""
        snapshot = small_snapshot()
        people = tuple(
            attrs.evolve(p, left_on=date(2026, 3, 1)) if p.id == "eva" else p
            for p in snapshot.people
        )
        c = council(attrs.evolve(snapshot, people=people))
        found = c.gov.shortfalls(complete_request(owner="eva", backups=("edu",)), on=TODAY)
        assert [s.key for s in found] == ["owner"]
        assert found[0].message.en == "'eva' left the organisation on 2026-03-01"
        assert (
            c.gov.shortfalls(complete_request(owner="eva", backups=("edu",)), on=date(2026, 3, 1))
            == []
        )

    def test_a_backup_named_twice_counts_once(self) -> None:
        """With two backups required, the same person twice is still one backup."""
        c = with_policy(request_prerequisites=RequestPrerequisites(min_backups=2))
        assert lacks(c, backups=("eva", "eva")) == ["backups"]
        assert lacks(c, backups=("eva", "ana")) == []

    def test_own_domains_compare_case_blind_and_cover_subdomains(self) -> None:
        """``Small.Example`` in the organisation's domains accepts ``x@deportes.small.example``."""
        snapshot = small_snapshot()
        org: Organisation = attrs.evolve(snapshot.organisation, domains=("Small.Example",))
        c = council(attrs.evolve(snapshot, organisation=org))
        assert lacks(c, contact_email="esports@deportes.small.example") == []
        assert lacks(c, contact_email="esports@small.example.com") == ["contact_email"]

    def test_duplicate_is_blind_to_case_and_accents_but_needs_the_same_network(
        self, small: Council
    ) -> None:
        """Same theme and audience on X is a duplicate; on Instagram it is not."""
        assert lacks(small, channel="x", theme="Deportes!", audience=("vecínos",)) == ["duplicate"]
        assert lacks(small, channel="instagram", theme="Deportes", audience=("vecinos",)) == []
        assert lacks(small, channel="x", theme="Deportes", audience=("mayores",)) == []

    def test_an_archived_profile_is_no_duplicate(self, small: Council) -> None:
        """Once ``x-sport`` is archived a new X profile on its theme may be opened."""
        small.gov.transition("x-sport", LifecycleState.ARCHIVED, by="cora", reason="Cierre")
        assert lacks(small, channel="x", theme="Deportes", audience=("vecinos",)) == []

    def test_prerequisites_can_be_switched_off(self) -> None:
        """With no prerequisites only the four criteria of seed 004 (and citizen interest) remain."""
        c = with_policy(
            request_prerequisites=RequestPrerequisites(
                owner=False,
                min_backups=0,
                institutional_email=False,
                editorial_line=False,
                min_draft_posts=0,
                active_network=False,
                no_duplicate=False,
            )
        )
        bare = {
            "owner": None,
            "backups": (),
            "contact_email": None,
            "editorial_line": None,
            "draft_posts": (),
            "channel": "googleplus",
        }
        assert lacks(c, **bare) == []
        assert lacks(c, **bare, objectives=(), theme=None, audience=()) == [
            "objectives",
            "theme",
            "audience",
        ]

    def test_function_without_policy_uses_the_defaults(self) -> None:
        """:func:`shortfalls` with no policy applies the default prerequisites."""
        snapshot = small_snapshot()
        found = shortfalls(
            complete_request(backups=()),
            policy=None,
            people={p.id: p for p in snapshot.people},
            channels=CHANNEL_MAP,
            profiles=snapshot.profiles,
            own_domains=("small.example",),
            today=TODAY,
        )
        assert [s.key for s in found] == ["backups"]


class TestSubmit:
    def test_editor_files_for_their_unit(self, small: Council) -> None:
        """edu files a sports request: pending, stamped with who and when, in the audit log."""
        filed = small.gov.submit_request(complete_request(), by="edu")
        assert filed.state is RequestState.PENDING
        assert (filed.requested_by, filed.requested_at) == ("edu", START)
        assert small.gov.request("r-ig") == filed
        assert small.log() == [("request.submitted", "r-ig", "edu")]
        assert "missing" not in small.details("request.submitted")[0]
        assert small.gov.record().pending_requests() == [filed]

    def test_incomplete_request_is_recorded_with_what_it_lacks(self, small: Council) -> None:
        """An incomplete request is filed anyway; the entry lists the missing keys."""
        small.gov.submit_request(complete_request(theme=None, backups=()), by="edu")
        assert small.details("request.submitted")[0]["missing"] == ["theme", "backups"]

    def test_the_filer_and_state_in_the_request_are_overwritten(self, small: Council) -> None:
        """Whatever ``requested_by`` and ``state`` the caller passes, the record has the truth."""
        forged = attrs.evolve(complete_request(), requested_by="cora")
        filed = small.gov.submit_request(forged, by="edu", at=START.replace(hour=11))
        assert filed.requested_by == "edu"
        assert filed.requested_at == START.replace(hour=11)

    def test_editor_cannot_file_for_another_unit(self, small: Council) -> None:
        """edu (sport) cannot ask for a profile of the comms unit."""
        with (
            small.unchanged(),
            pytest.raises(PermissionDenied, match="'edu' cannot request a profile in unit 'comms'"),
        ):
            small.gov.submit_request(complete_request(unit="comms"), by="edu")

    def test_coordinator_files_for_any_unit(self, small: Council) -> None:
        """cora, coordinator of the organisation, may file for any unit."""
        assert small.gov.submit_request(complete_request(unit="comms"), by="cora").unit == "comms"

    @pytest.mark.parametrize("who", ["ana", "rita", "vic"])
    def test_other_roles_cannot_file(self, small: Council, who: str) -> None:
        """Approvers, responders and viewers cannot ask for profiles."""
        with small.unchanged(), pytest.raises(PermissionDenied, match="cannot request a profile"):
            small.gov.submit_request(complete_request(), by=who)

    def test_same_request_id_twice_is_refused(self, small: Council) -> None:
        """A request id is used once, whatever became of the first."""
        small.gov.submit_request(complete_request(), by="edu")
        small.gov.withdraw_request("r-ig", by="edu")
        with (
            small.unchanged(),
            pytest.raises(GovernanceError, match="there is a request 'r-ig' already"),
        ):
            small.gov.submit_request(complete_request(profile="ig-2"), by="edu")

    def test_existing_profile_id_is_refused(self, small: Council) -> None:
        """A request cannot claim the id of an existing profile."""
        with (
            small.unchanged(),
            pytest.raises(
                GovernanceError, match="a profile 'x-sport' exists already: choose another id"
            ),
        ):
            small.gov.submit_request(complete_request(profile="x-sport"), by="edu")

    def test_unknown_unit_is_refused(self, small: Council) -> None:
        """A coordinator cannot file for a unit the organisation does not have."""
        with (
            small.unchanged(),
            pytest.raises(GovernanceError, match="'small-council' has no unit 'culture'"),
        ):
            small.gov.submit_request(complete_request(unit="culture"), by="cora")

    def test_request_of_another_organisation_is_refused(self, small: Council) -> None:
        """A request naming another organisation is not filed here."""
        other = attrs.evolve(complete_request(), organisation="big-city")
        with (
            small.unchanged(),
            pytest.raises(
                GovernanceError,
                match="request 'r-ig' belongs to 'big-city', not to 'small-council'",
            ),
        ):
            small.gov.submit_request(other, by="edu")


class TestDecide:
    def test_complete_request_approved_opens_the_profile(self, small: Council) -> None:
        """cora approves: the profile is stored ``approved`` with the request's data, recorded."""
        small.gov.submit_request(complete_request(handle="@SmallSportIG"), by="edu")
        profile = small.gov.approve_request("r-ig", by="cora", reason="Cumple los criterios")
        stored = small.gov.profile("ig-sport")
        assert stored == profile
        assert stored.state is LifecycleState.APPROVED
        assert stored.state_since == TODAY
        assert (stored.channel, stored.handle, stored.unit) == (
            "instagram",
            "@SmallSportIG",
            "sport",
        )
        assert stored.objectives == ("participative", "informative")
        assert stored.responsible == ("edu", "eva")
        assert stored.contact_email == "deportes@small.example"
        assert small.actions() == ["request.submitted", "request.approved", "profile.registered"]
        assert small.details("request.approved") == [
            {"profile": "ig-sport", "reason": "Cumple los criterios"}
        ]
        registered = small.details("profile.registered")[0]
        assert registered["state"] == "approved"
        assert registered["source"] == "request:r-ig"
        decided = small.gov.request("r-ig")
        assert (decided.state, decided.decided_by) == (RequestState.APPROVED, "cora")
        assert "ig-sport" in {p.id for p in small.gov.snapshot().profiles}
        assert small.verified()
        assert_fold_agrees(small)

    def test_handle_defaults_to_the_profile_id(self, small: Council) -> None:
        """Without a handle in the request the new profile's handle is its id."""
        small.gov.submit_request(complete_request(), by="edu")
        assert small.gov.approve_request("r-ig", by="cora").handle == "ig-sport"

    def test_incomplete_request_cannot_be_approved(self, small: Council) -> None:
        """The refusal lists every missing item, in Spanish and English; nothing is written."""
        small.gov.submit_request(complete_request(theme=None, draft_posts=()), by="edu")
        with small.unchanged(), pytest.raises(GovernanceError) as raised:
            small.gov.approve_request("r-ig", by="cora")
        assert raised.value.en == (
            "request 'r-ig' cannot be approved; it lacks: the theme is missing: what will the "
            "profile talk about?; the first plan needs 3 draft posts; it has 0"
        )
        assert raised.value.es.startswith("la solicitud «r-ig» no se puede aprobar; le falta: ")
        assert "falta el tema" in raised.value.es
        assert small.gov.request("r-ig").state is RequestState.PENDING

    def test_incomplete_request_can_still_be_rejected(self, small: Council) -> None:
        """Rejecting does not need a complete request."""
        small.gov.submit_request(complete_request(channel="googleplus"), by="edu")
        rejected = small.gov.reject_request("r-ig", by="cora", reason="Red cerrada")
        assert rejected.state is RequestState.REJECTED

    def test_shortfalls_are_checked_again_at_decision_time(self, small: Council) -> None:
        """A complete request whose owner has left since filing cannot be approved."""
        small.gov.submit_request(complete_request(), by="edu")
        snapshot = small_snapshot()
        people = tuple(
            attrs.evolve(p, left_on=date(2026, 3, 1)) if p.id == "edu" else p
            for p in snapshot.people
        )
        small.store.save_snapshot(attrs.evolve(snapshot, people=people))
        with small.unchanged(), pytest.raises(GovernanceError, match="'edu' left the organisation"):
            small.gov.approve_request("r-ig", by="cora")

    def test_a_duplicate_approved_first_blocks_the_second(self, small: Council) -> None:
        """Two requests for the same theme and network: once one is approved the other lacks."""
        small.gov.submit_request(complete_request("r-1", "ig-1"), by="edu")
        small.gov.submit_request(complete_request("r-2", "ig-2"), by="edu")
        small.gov.approve_request("r-1", by="cora")
        with (
            small.unchanged(),
            pytest.raises(GovernanceError, match="profile 'ig-1' already covers"),
        ):
            small.gov.approve_request("r-2", by="cora")

    def test_two_requests_for_the_same_profile_id_open_it_once(self, small: Council) -> None:
        """The second approval of a profile id already opened is refused, not an overwrite."""
        small.gov.submit_request(complete_request("r-1", "ig-sport"), by="edu")
        small.gov.submit_request(
            complete_request("r-2", "ig-sport", theme="Otra cosa", handle="@Other"), by="edu"
        )
        small.gov.approve_request("r-1", by="cora")
        with (
            small.unchanged(),
            pytest.raises(
                GovernanceError,
                match="request 'r-2' cannot be approved: a profile 'ig-sport' exists",
            ),
        ):
            small.gov.approve_request("r-2", by="cora")
        assert small.gov.profile("ig-sport").handle == "ig-sport"

    def test_rejecting_needs_a_reason(self, small: Council) -> None:
        """An empty or blank reason is refused before anything else."""
        small.gov.submit_request(complete_request(), by="edu")
        for reason in ("", "   "):
            with (
                small.unchanged(),
                pytest.raises(GovernanceError, match="rejecting a request takes a reason"),
            ):
                small.gov.reject_request("r-ig", by="cora", reason=reason)

    def test_rejection_is_recorded_with_its_reason(self, small: Council) -> None:
        """A rejected request keeps who, when and why; no profile is created."""
        small.gov.submit_request(complete_request(), by="edu")
        small.gov.reject_request("r-ig", by="cora", reason="Ya hay demasiados perfiles")
        decided = small.gov.request("r-ig")
        assert (decided.state, decided.decided_by, decided.reason) == (
            RequestState.REJECTED,
            "cora",
            "Ya hay demasiados perfiles",
        )
        assert decided.decided_at is not None
        assert all(p.id != "ig-sport" for p in small.store.profiles(ORG))
        assert small.log()[-1] == ("request.rejected", "r-ig", "cora")

    @pytest.mark.parametrize(
        ("first", "second"),
        [
            ("approve", "approve"),
            ("approve", "reject"),
            ("reject", "approve"),
            ("reject", "reject"),
        ],
    )
    def test_deciding_twice_fails(self, small: Council, first: str, second: str) -> None:
        """A decided request cannot be decided again; the error says by whom and when."""
        small.gov.submit_request(complete_request(), by="edu")
        decide = {
            "approve": lambda: small.gov.approve_request("r-ig", by="cora"),
            "reject": lambda: small.gov.reject_request("r-ig", by="cora", reason="No"),
        }
        decide[first]()
        state = "approved" if first == "approve" else "rejected"
        with (
            small.unchanged(),
            pytest.raises(
                GovernanceError, match=rf"request 'r-ig' is already '{state}' \(cora, 2026-03-02\)"
            ),
        ):
            decide[second]()

    def test_unknown_request_cannot_be_decided(self, small: Council) -> None:
        """Deciding a request that was never filed names it."""
        with pytest.raises(GovernanceError, match="there is no request 'nope' in 'small-council'"):
            small.gov.approve_request("nope", by="cora")

    @pytest.mark.parametrize("who", ["edu", "eva", "ana", "rita", "vic", "zoe"])
    def test_only_coordinators_decide(self, small: Council, who: str) -> None:
        """Editors, approvers, responders, viewers and strangers cannot approve or reject."""
        small.gov.submit_request(complete_request(), by="edu")
        with small.unchanged():
            with pytest.raises(PermissionDenied, match="decide profile requests"):
                small.gov.approve_request("r-ig", by=who)
            with pytest.raises(PermissionDenied, match="decide profile requests"):
                small.gov.reject_request("r-ig", by=who, reason="No")

    def test_coordinator_of_another_unit_cannot_decide(self) -> None:
        """A coordinator scoped to ``sport`` (not the coordinating unit) cannot decide."""
        c = council(
            with_roles(small_snapshot(), role("edu", Role.COORDINATOR, ScopeKind.UNIT, "sport"))
        )
        c.gov.submit_request(complete_request(), by="edu")
        with (
            c.unchanged(),
            pytest.raises(PermissionDenied, match="'edu' cannot decide profile requests"),
        ):
            c.gov.approve_request("r-ig", by="edu")

    def test_coordinator_of_the_coordinating_unit_decides(self) -> None:
        """A coordinator scoped to ``comms``, the policy's coordinating unit, may decide."""
        c = council(
            with_roles(small_snapshot(), role("eva", Role.COORDINATOR, ScopeKind.UNIT, "comms"))
        )
        c.gov.submit_request(complete_request(), by="edu")
        assert c.gov.approve_request("r-ig", by="eva").state is LifecycleState.APPROVED

    def test_delegated_coordinator_decides_in_their_name(self, small: Council) -> None:
        """While cora is away, her delegate decides; the decision is the delegate's."""
        small.gov.delegate(
            Delegation(ORG, "d-cora", "cora", "eva", date(2026, 3, 1), date(2026, 3, 15)),
            by="cora",
        )
        small.gov.submit_request(complete_request(), by="edu")
        small.gov.approve_request("r-ig", by="eva")
        assert small.gov.request("r-ig").decided_by == "eva"


class TestWithdraw:
    def test_editor_of_the_unit_withdraws(self, small: Council) -> None:
        """edu withdraws a sports request; it can no longer be decided."""
        small.gov.submit_request(complete_request(), by="edu")
        withdrawn = small.gov.withdraw_request("r-ig", by="edu", reason="Lo pensamos mejor")
        assert withdrawn.state is RequestState.WITHDRAWN
        recorded = small.gov.request("r-ig")
        assert (recorded.state, recorded.reason, recorded.decided_by) == (
            RequestState.WITHDRAWN,
            "Lo pensamos mejor",
            None,
        )
        assert small.log()[-1] == ("request.withdrawn", "r-ig", "edu")
        with pytest.raises(GovernanceError, match="request 'r-ig' is already 'withdrawn'"):
            small.gov.approve_request("r-ig", by="cora")
        assert small.gov.record().pending_requests() == []

    def test_coordinator_withdraws(self, small: Council) -> None:
        """cora may withdraw any unit's request."""
        small.gov.submit_request(complete_request(), by="edu")
        assert small.gov.withdraw_request("r-ig", by="cora").state is RequestState.WITHDRAWN

    @pytest.mark.parametrize("who", ["eva", "ana", "rita", "vic"])
    def test_others_cannot_withdraw(self, small: Council, who: str) -> None:
        """Another unit's editor, an approver, a responder or a viewer cannot withdraw it."""
        small.gov.submit_request(complete_request(), by="edu")
        with small.unchanged(), pytest.raises(PermissionDenied, match="withdraw a request"):
            small.gov.withdraw_request("r-ig", by=who)

    def test_decided_request_cannot_be_withdrawn(self, small: Council) -> None:
        """Once approved the request stays approved."""
        small.gov.submit_request(complete_request(), by="edu")
        small.gov.approve_request("r-ig", by="cora")
        with small.unchanged(), pytest.raises(GovernanceError, match="is already 'approved'"):
            small.gov.withdraw_request("r-ig", by="edu")

    def test_outsider_learns_nothing_about_a_decided_request(self, small: Council) -> None:
        """Roles are checked before the request's state: vic gets PermissionDenied, not its state."""
        small.gov.submit_request(complete_request(), by="edu")
        small.gov.approve_request("r-ig", by="cora")
        with pytest.raises(PermissionDenied):
            small.gov.withdraw_request("r-ig", by="vic")


class TestObjectives:
    def test_objectives_are_the_four_kinds(self) -> None:
        """Objective values are what ``govsm.toml`` and the profile store."""
        assert [o.value for o in Objective] == [
            "informative",
            "participative",
            "collaborative",
            "service",
        ]

    def test_policy_without_prerequisites_field_gets_defaults(self) -> None:
        """A policy built without prerequisites asks for owner, one backup and three drafts."""
        rules = Policy(ORG, "1", "comms").request_prerequisites
        assert (rules.owner, rules.min_backups, rules.min_draft_posts) == (True, 1, 3)
