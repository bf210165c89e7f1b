"""Four-eyes approval of messages: tiers, who may approve, and edits that void approvals."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs
import pytest

from govsm.errors import GovernanceError, PermissionDenied
from govsm.ledger.approvals import Approval, content_digest, tiers_for, valid_approvals
from govsm.model import (
    ApprovalRule,
    Delegation,
    Direction,
    Media,
    MediaKind,
    MessageKind,
    MessageState,
    Policy,
    Profile,
    Role,
    ScopeKind,
)
from govsm.testing.governance import ORG, START, small_snapshot

from .conftest import Council, council, pending_post, post, role, with_roles

M = MessageState


def with_rules(*rules: ApprovalRule, **policy: Any) -> Council:
    """The small council with approval rules in its policy."""
    snapshot = small_snapshot()
    assert snapshot.policy is not None
    changed = attrs.evolve(snapshot.policy, approval_rules=rules, **policy)
    return council(attrs.evolve(snapshot, policy=changed))


def edu_also_approves(approval_tiers: int = 1) -> Council:
    """The small council where edu, editor of sport, is an approver of the organisation too."""
    return council(
        with_roles(small_snapshot(approval_tiers=approval_tiers), role("edu", Role.APPROVER))
    )


class TestTiersFor:
    PROFILE = Profile(ORG, "x-sport", "x", "@SmallSport", "sport")

    def test_policy_default_for_posts(self) -> None:
        """Posts need the policy's tiers; replies none unless asked; direct messages never."""
        policy = Policy(ORG, "1", "comms", approval_tiers=2)
        assert tiers_for(policy, self.PROFILE, MessageKind.POST) == 2
        assert tiers_for(policy, self.PROFILE, MessageKind.REPLY) == 0
        assert tiers_for(policy, self.PROFILE, MessageKind.DIRECT) == 0
        replies = attrs.evolve(policy, approve_replies=True)
        assert tiers_for(replies, self.PROFILE, MessageKind.REPLY) == 2
        assert tiers_for(replies, self.PROFILE, MessageKind.DIRECT) == 0

    def test_no_policy_needs_no_approval(self) -> None:
        """Without a policy nothing waits for approval."""
        assert tiers_for(None, self.PROFILE, MessageKind.POST) == 0

    def test_most_specific_rule_wins(self) -> None:
        """A profile's rule beats its unit's, which beats the organisation's and the default."""
        org = ApprovalRule(3)
        unit = ApprovalRule(2, ScopeKind.UNIT, "sport", replies=True)
        profile = ApprovalRule(0, ScopeKind.PROFILE, "x-sport")
        policy = Policy(ORG, "1", "comms", approval_tiers=1)
        assert (
            tiers_for(attrs.evolve(policy, approval_rules=(org,)), self.PROFILE, MessageKind.POST)
            == 3
        )
        both = attrs.evolve(policy, approval_rules=(org, unit))
        assert tiers_for(both, self.PROFILE, MessageKind.POST) == 2
        assert tiers_for(both, self.PROFILE, MessageKind.REPLY) == 2
        every = attrs.evolve(policy, approval_rules=(profile, org, unit))
        assert tiers_for(every, self.PROFILE, MessageKind.POST) == 0
        other = attrs.evolve(self.PROFILE, id="fb-sport", unit="comms")
        assert tiers_for(every, other, MessageKind.POST) == 3

    def test_rule_needs_a_target_exactly_when_scoped(self) -> None:
        """An organisation rule takes no target; unit and profile rules need one; at most 5."""
        from govsm.errors import ModelError

        with pytest.raises(ModelError, match="approval rule scoped to 'organisation' takes no"):
            ApprovalRule(1, ScopeKind.ORGANISATION, "sport")
        with pytest.raises(ModelError, match="one scoped to 'unit' or 'profile' needs one"):
            ApprovalRule(1, ScopeKind.UNIT)
        with pytest.raises(ModelError, match="6 approval tiers are too many"):
            ApprovalRule(6)


class TestDigest:
    BASE = post()

    @pytest.mark.parametrize(
        "changes",
        [
            {"text": "Otro texto"},
            {"title": "Título"},
            {"content_warning": "Aviso"},
            {"media": (Media(MediaKind.IMAGE, "img/a.jpg", alt_text="Pista"),)},
            {"links": ("https://small.example/liga",)},
        ],
    )
    def test_what_is_approved_changes_the_digest(self, changes: dict[str, Any]) -> None:
        """Text, title, content warning, media and links are part of what is approved."""
        assert content_digest(attrs.evolve(self.BASE, **changes)) != content_digest(self.BASE)

    @pytest.mark.parametrize(
        "changes",
        [
            {"language": "ca"},
            {"campaign": "liga-2026"},
            {"state": M.APPROVED},
            {"author": "eva"},
            {"created_at": START + timedelta(days=1)},
        ],
    )
    def test_bookkeeping_does_not_change_the_digest(self, changes: dict[str, Any]) -> None:
        """State, author, dates, language and campaign are not content."""
        assert content_digest(attrs.evolve(self.BASE, **changes)) == content_digest(self.BASE)

    def test_valid_approvals_keep_the_current_version_without_gaps(self) -> None:
        """Approvals of another digest drop out, and so does any after a missing tier."""

        def approval(tier: int, person: str, digest: str) -> Approval:
            return Approval("m1", tier, person, digest)

        given = [approval(1, "ana", "old"), approval(1, "ana", "new"), approval(2, "abel", "new")]
        assert [a.person for a in valid_approvals(given, "new")] == ["ana", "abel"]
        assert valid_approvals(given, "other") == []
        gap = [approval(2, "abel", "new"), approval(3, "cora", "new")]
        assert valid_approvals(gap, "new") == []


class TestOneTier:
    def test_draft_submit_approve(self, small: Council) -> None:
        """edu writes, submits; ana approves: approved, recorded, the approval counts."""
        drafted = small.gov.draft(post(), by="edu", at=START.replace(hour=10))
        assert (drafted.state, drafted.author, drafted.created_at) == (
            M.DRAFT,
            "edu",
            START.replace(hour=10),
        )
        assert small.gov.submit("m1", by="edu").state is M.PENDING_APPROVAL
        approved = small.gov.approve("m1", by="ana", comment="Bien")
        assert approved.state is M.APPROVED
        assert small.gov.message("m1").state is M.APPROVED
        assert small.gov.approvals("m1") == [
            Approval("m1", 1, "ana", content_digest(approved), comment="Bien")
        ]
        assert small.log() == [
            ("message.drafted", "m1", "edu"),
            ("message.submitted", "m1", "edu"),
            ("message.approved", "m1", "ana"),
        ]
        assert small.details("message.approved")[0]["tier"] == 1
        assert small.gov.pending_approvals() == []
        assert small.verified()

    def test_editor_cannot_approve_own_post(self, small: Council) -> None:
        """edu is no approver: PermissionDenied, nothing written."""
        pending_post(small)
        with (
            small.unchanged(),
            pytest.raises(PermissionDenied, match="'edu' cannot approve messages"),
        ):
            small.gov.approve("m1", by="edu")

    def test_editor_who_is_also_approver_cannot_approve_own_post(self) -> None:
        """edu holds the approver role as well: still no approving what he wrote."""
        c = edu_also_approves()
        pending_post(c)
        with (
            c.unchanged(),
            pytest.raises(
                PermissionDenied,
                match="'edu' cannot approve message 'm1': nobody approves what they wrote or submitted",
            ),
        ):
            c.gov.approve("m1", by="edu")
        assert c.gov.approve("m1", by="ana").state is M.APPROVED

    def test_submitter_cannot_approve(self) -> None:
        """ana, editor and approver, submits edu's draft: she may not approve it."""
        c = council(with_roles(small_snapshot(), role("ana", Role.EDITOR, ScopeKind.UNIT, "sport")))
        c.gov.draft(post(), by="edu")
        c.gov.submit("m1", by="ana")
        with (
            c.unchanged(),
            pytest.raises(PermissionDenied, match="nobody approves what they wrote"),
        ):
            c.gov.approve("m1", by="ana")
        assert c.gov.approve("m1", by="abel").state is M.APPROVED

    def test_co_writer_cannot_approve(self) -> None:
        """ana edits edu's draft before edu submits it: she wrote part of it, she may not approve."""
        c = council(with_roles(small_snapshot(), role("ana", Role.EDITOR, ScopeKind.UNIT, "sport")))
        c.gov.draft(post(), by="edu")
        c.gov.edit("m1", by="ana", text="Empieza la liga municipal")
        c.gov.submit("m1", by="edu")
        assert [p.approvers for p in c.gov.pending_approvals()] == [("abel",)]
        with (
            c.unchanged(),
            pytest.raises(PermissionDenied, match="nobody approves what they wrote"),
        ):
            c.gov.approve("m1", by="ana")
        assert c.gov.record().writers["m1"] == {"edu", "ana"}

    def test_approver_outside_the_scope_cannot_approve(self) -> None:
        """An approver of ``comms`` only cannot approve a post on x-sport."""
        c = council(
            with_roles(small_snapshot(), role("eva", Role.APPROVER, ScopeKind.UNIT, "comms"))
        )
        pending_post(c)
        with (
            c.unchanged(),
            pytest.raises(
                PermissionDenied, match="'eva' cannot approve messages on profile 'x-sport'"
            ),
        ):
            c.gov.approve("m1", by="eva")

    @pytest.mark.parametrize("state", ["draft", "approved"])
    def test_only_pending_messages_are_approved(self, small: Council, state: str) -> None:
        """A draft or an already approved message cannot be approved."""
        small.gov.draft(post(), by="edu")
        if state == "approved":
            small.gov.submit("m1", by="edu")
            small.gov.approve("m1", by="ana")
        with (
            small.unchanged(),
            pytest.raises(
                GovernanceError, match=f"message 'm1' is '{state}', not pending approval"
            ),
        ):
            small.gov.approve("m1", by="abel")

    def test_unknown_message(self, small: Council) -> None:
        """Approving a message that is not stored names it."""
        with pytest.raises(GovernanceError, match="'small-council' has no message 'nope'"):
            small.gov.approve("nope", by="ana")


class TestTwoTiers:
    def test_two_different_people_complete_it(self, two_tiers: Council) -> None:
        """ana fills tier 1, may not fill tier 2; abel does, and the post is approved."""
        pending_post(two_tiers)
        first = two_tiers.gov.approve("m1", by="ana")
        assert first.state is M.PENDING_APPROVAL
        assert [(a.tier, a.person) for a in two_tiers.gov.approvals("m1")] == [(1, "ana")]
        [waiting] = two_tiers.gov.pending_approvals()
        assert (waiting.tier, waiting.tiers, waiting.approvers) == (2, 2, ("abel",))
        with (
            two_tiers.unchanged(),
            pytest.raises(
                PermissionDenied, match="'ana' already approved message 'm1' at an earlier tier"
            ),
        ):
            two_tiers.gov.approve("m1", by="ana")
        final = two_tiers.gov.approve("m1", by="abel")
        assert final.state is M.APPROVED
        assert two_tiers.gov.message("m1").state is M.APPROVED
        assert [(a.tier, a.person) for a in two_tiers.gov.approvals("m1")] == [
            (1, "ana"),
            (2, "abel"),
        ]
        assert [(d["tier"], d["tiers"]) for d in two_tiers.details("message.approved")] == [
            (1, 2),
            (2, 2),
        ]

    def test_author_with_approver_role_cannot_fill_either_tier(self) -> None:
        """edu, editor and approver, cannot fill tier 1 nor, after ana, tier 2."""
        c = edu_also_approves(approval_tiers=2)
        pending_post(c)
        with pytest.raises(PermissionDenied, match="nobody approves what they wrote"):
            c.gov.approve("m1", by="edu")
        c.gov.approve("m1", by="ana")
        with (
            c.unchanged(),
            pytest.raises(PermissionDenied, match="nobody approves what they wrote"),
        ):
            c.gov.approve("m1", by="edu")
        assert c.gov.approve("m1", by="abel").state is M.APPROVED

    def test_third_approval_is_refused(self) -> None:
        """Once both tiers are filled the message is no longer pending, even for a third approver."""
        c = council(with_roles(small_snapshot(approval_tiers=2), role("eva", Role.APPROVER)))
        pending_post(c)
        c.gov.approve("m1", by="ana")
        c.gov.approve("m1", by="abel")
        with (
            c.unchanged(),
            pytest.raises(GovernanceError, match="is 'approved', not pending approval"),
        ):
            c.gov.approve("m1", by="eva")


class TestEdits:
    def test_edit_after_approval_sends_it_back(self, small: Council) -> None:
        """An approved post edited waits again for tier 1; the old approval no longer counts."""
        pending_post(small)
        small.gov.approve("m1", by="ana")
        edited = small.gov.edit("m1", by="edu", text="Empieza la liga el sábado")
        assert edited.state is M.PENDING_APPROVAL
        assert small.gov.message("m1").text == "Empieza la liga el sábado"
        assert small.gov.approvals("m1") == []
        assert small.actions()[-2:] == ["message.edited", "message.submitted"]
        edited_entry, resubmitted = (
            small.details("message.edited")[0],
            small.details("message.submitted")[-1],
        )
        assert (edited_entry["from"], edited_entry["to"]) == ("approved", "pending-approval")
        assert resubmitted["resubmitted"] is True
        assert resubmitted["digest"] == content_digest(edited)
        [waiting] = small.gov.pending_approvals()
        assert (waiting.tier, waiting.submitted_by) == (1, "edu")
        assert small.gov.approve("m1", by="ana").state is M.APPROVED

    def test_edit_between_tiers_restarts_at_tier_one(self, two_tiers: Council) -> None:
        """After ana's tier 1, an edit means tier 1 again; ana may give it again."""
        pending_post(two_tiers)
        two_tiers.gov.approve("m1", by="ana")
        two_tiers.gov.edit("m1", by="edu", links=("https://small.example/liga",))
        assert two_tiers.gov.approvals("m1") == []
        assert two_tiers.gov.pending_approvals()[0].tier == 1
        two_tiers.gov.approve("m1", by="ana")
        assert two_tiers.gov.approve("m1", by="abel").state is M.APPROVED

    def test_edit_of_a_draft_keeps_it_a_draft(self, small: Council) -> None:
        """Editing a draft is just writing: no submission, no state change."""
        small.gov.draft(post(), by="edu")
        assert small.gov.edit("m1", by="edu", text="Otro").state is M.DRAFT
        assert small.actions() == ["message.drafted", "message.edited"]

    def test_edit_that_changes_nothing_writes_nothing(self, small: Council) -> None:
        """The same text again leaves an approved post approved, with no entry."""
        pending_post(small)
        small.gov.approve("m1", by="ana")
        with small.unchanged():
            assert small.gov.edit("m1", by="edu", text="Empieza la liga").state is M.APPROVED

    def test_edit_of_a_scheduled_post_unschedules_it(self, small: Council) -> None:
        """A scheduled post edited goes back to approval and loses its slot."""
        pending_post(small)
        approved = small.gov.approve("m1", by="ana")
        scheduled = attrs.evolve(
            approved, state=M.SCHEDULED, scheduled_at=START + timedelta(days=1)
        )
        small.store.save_messages(ORG, [scheduled])
        edited = small.gov.edit("m1", by="edu", text="Cambio")
        assert (edited.state, edited.scheduled_at) == (M.PENDING_APPROVAL, None)

    @pytest.mark.parametrize("state", [M.PUBLISHED, M.PUBLISHING])
    def test_published_message_cannot_be_edited(self, small: Council, state: MessageState) -> None:
        """Once out (or going out) a message is no longer edited."""
        pending_post(small)
        approved = small.gov.approve("m1", by="ana")
        out = attrs.evolve(approved, state=state, published_at=START + timedelta(hours=1))
        small.store.save_messages(ORG, [out])
        with (
            small.unchanged(),
            pytest.raises(
                GovernanceError, match=f"message 'm1' is '{state}' and can no longer be edited"
            ),
        ):
            small.gov.edit("m1", by="edu", text="Corrección")

    def test_only_content_fields_are_edited(self, small: Council) -> None:
        """State, author and profile cannot be changed by an edit."""
        small.gov.draft(post(), by="edu")
        with (
            small.unchanged(),
            pytest.raises(
                GovernanceError,
                match="author, state cannot be changed by an edit; editable fields:",
            ),
        ):
            small.gov.edit("m1", by="edu", state=M.APPROVED, author="eva")

    def test_other_units_editor_cannot_edit(self, small: Council) -> None:
        """eva (comms) cannot edit a post on x-sport."""
        small.gov.draft(post(), by="edu")
        with (
            small.unchanged(),
            pytest.raises(PermissionDenied, match="'eva' cannot write or edit posts"),
        ):
            small.gov.edit("m1", by="eva", text="Hola")

    def test_edit_with_no_tiers_needed_stays_approved(self) -> None:
        """On a profile whose rule needs no approval, an edited approved post is approved again."""
        c = with_rules(ApprovalRule(0, ScopeKind.PROFILE, "fb-sport"))
        c.gov.draft(post("m1", "fb-sport"), by="edu")
        assert c.gov.submit("m1", by="edu").state is M.APPROVED
        edited = c.gov.edit("m1", by="edu", text="Cambio")
        assert edited.state is M.APPROVED
        assert c.gov.message("m1").state is M.APPROVED
        assert c.gov.pending_approvals() == []
        assert c.details("message.submitted")[-1]["tiers"] == 0


class TestSubmitAndReject:
    def test_only_drafts_are_submitted(self, small: Council) -> None:
        """Submitting a pending message again is refused."""
        pending_post(small)
        with (
            small.unchanged(),
            pytest.raises(
                GovernanceError, match="message 'm1' is 'pending-approval': only drafts are sent"
            ),
        ):
            small.gov.submit("m1", by="edu")

    def test_failed_message_can_be_resubmitted(self, small: Council) -> None:
        """A message whose publication failed goes through approval again."""
        pending_post(small)
        approved = small.gov.approve("m1", by="ana")
        small.store.save_messages(ORG, [attrs.evolve(approved, state=M.FAILED)])
        assert small.gov.submit("m1", by="edu").state is M.PENDING_APPROVAL
        assert small.gov.approvals("m1") == []

    def test_no_tiers_means_approved_at_once(self) -> None:
        """With a profile rule of 0 tiers, submitting approves."""
        c = with_rules(ApprovalRule(0, ScopeKind.PROFILE, "x-sport"))
        pending = pending_post(c)
        assert pending.state is M.APPROVED
        assert c.details("message.submitted")[0]["tiers"] == 0

    def test_replies_need_approval_only_when_the_policy_says(self) -> None:
        """rita's reply is approved at once; with ``approve_replies`` it waits."""
        reply = post("re-1", kind=MessageKind.REPLY, reply_to="in-1", text="Gracias")
        plain = with_rules()
        plain.gov.draft(reply, by="rita")
        assert plain.gov.submit("re-1", by="rita").state is M.APPROVED
        strict = with_rules(approve_replies=True)
        strict.gov.draft(reply, by="rita")
        assert strict.gov.submit("re-1", by="rita").state is M.PENDING_APPROVAL

    def test_reject_sends_back_to_draft_with_a_reason(self, small: Council) -> None:
        """abel sends edu's post back; edu fixes and resubmits; ana approves."""
        pending_post(small)
        with (
            small.unchanged(),
            pytest.raises(GovernanceError, match="sending a message back takes a reason"),
        ):
            small.gov.reject("m1", by="abel", reason=" ")
        back = small.gov.reject("m1", by="abel", reason="Falta la hora")
        assert back.state is M.DRAFT
        assert small.gov.record().submissions["m1"].rejected == "Falta la hora"
        assert small.details("message.rejected") == [{"reason": "Falta la hora"}]
        small.gov.edit("m1", by="edu", text="Empieza la liga, sábado a las 10")
        small.gov.submit("m1", by="edu")
        assert small.gov.approve("m1", by="ana").state is M.APPROVED

    def test_reject_only_pending_and_only_by_approvers(self, small: Council) -> None:
        """An editor cannot reject; a draft cannot be rejected."""
        small.gov.draft(post(), by="edu")
        with pytest.raises(GovernanceError, match="is 'draft', not pending approval"):
            small.gov.reject("m1", by="ana", reason="No")
        small.gov.submit("m1", by="edu")
        with pytest.raises(PermissionDenied, match="'edu' cannot approve messages"):
            small.gov.reject("m1", by="edu", reason="No")


class TestDraft:
    def test_only_outbound_messages_are_drafted(self, small: Council) -> None:
        """An inbound mention is not drafted."""
        mention = attrs.evolve(
            post(), direction=Direction.INBOUND, kind=MessageKind.MENTION, state=M.NEW
        )
        with (
            small.unchanged(),
            pytest.raises(GovernanceError, match="only outbound messages are drafted"),
        ):
            small.gov.draft(mention, by="edu")

    def test_message_id_is_used_once(self, small: Council) -> None:
        """A second draft with the same id is refused."""
        small.gov.draft(post(), by="edu")
        with (
            small.unchanged(),
            pytest.raises(GovernanceError, match="a message 'm1' exists already"),
        ):
            small.gov.draft(post(text="Otro"), by="edu")

    def test_message_of_another_organisation_is_refused(self, small: Council) -> None:
        """A message naming another organisation is not drafted here."""
        with (
            small.unchanged(),
            pytest.raises(
                GovernanceError, match="message 'm1' belongs to 'big-city', not to 'small-council'"
            ),
        ):
            small.gov.draft(attrs.evolve(post(), organisation="big-city"), by="edu")

    def test_draft_overrides_state_and_author(self, small: Council) -> None:
        """Whatever state and author are passed, a draft is the writer's draft."""
        forged = attrs.evolve(post(), state=M.APPROVED, author="ana")
        drafted = small.gov.draft(forged, by="edu")
        assert (drafted.state, drafted.author) == (M.DRAFT, "edu")


class TestPendingApprovals:
    def test_oldest_first_with_who_may_approve(self) -> None:
        """Two posts wait, oldest first; the author is left out of the approvers."""
        c = edu_also_approves()
        pending_post(c, "m1")
        pending_post(c, "m2")
        c.gov.draft(post("m3"), by="edu")
        waiting = c.gov.pending_approvals()
        assert [w.message.id for w in waiting] == ["m1", "m2"]
        assert [w.approvers for w in waiting] == [("abel", "ana"), ("abel", "ana")]
        assert waiting[0].submitted_at < waiting[1].submitted_at

    def test_absent_approver_is_left_out_once_their_delegate_approved(
        self, two_tiers: Council
    ) -> None:
        """eva approved tier 1 for ana: ana is not offered tier 2, only abel is."""
        two_tiers.gov.delegate(
            Delegation(ORG, "d", "ana", "eva", date(2026, 3, 1), date(2026, 3, 31)), by="ana"
        )
        pending_post(two_tiers)
        two_tiers.gov.approve("m1", by="eva")
        assert two_tiers.gov.pending_approvals()[0].approvers == ("abel",)
