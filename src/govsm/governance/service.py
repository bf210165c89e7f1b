"""The governance API: requests, lifecycle, delegations and four-eyes approval, recorded.

Every method takes the person who acts (``by``) and checks their roles
(:mod:`govsm.ledger.permissions`) before anything else; a viewer, or anyone without the
role in that scope, gets :class:`~govsm.errors.PermissionDenied`. What is done is validated
against the record (:mod:`govsm.ledger.record`) and written with the audit entries that
record it in one transaction (:meth:`govsm.store.Store.record`): who, when and why, hash-chained.
Each action is decided holding the organisation's write lock (:meth:`UnitOfWork.serialised`):
writers queue instead of failing, so two people acting at once on different messages, requests
or profiles both succeed, and two acting on the same one are decided one after the other — the
second sees the first's decision (a message already approved, a request already decided).
Illegal lifecycle transitions and decisions on requests that are no longer pending raise
:class:`~govsm.errors.GovernanceError`; nothing is written then.

:class:`Governance` is a thin facade. It is the organisation's
:class:`~govsm.governance.unit_of_work.UnitOfWork` (the store, the clock, the record read from
the audit log, the one transactional write) and hands each change to its area:
:mod:`~govsm.governance.requests`, :mod:`~govsm.governance.lifecycle`,
:mod:`~govsm.governance.delegations` and :mod:`~govsm.governance.messages`. The areas read
through the facade, so a subclass that reads differently (a test that races another writer,
say) changes what they see.

>>> from govsm.ledger.permissions import Action
>>> from govsm.testing.governance import small_governance
>>> gov = small_governance()
>>> gov.permissions().allows("edu", Action.APPROVE_MESSAGE, gov.today())
False
>>> gov.permissions().allows("ana", Action.APPROVE_MESSAGE, gov.today())
True
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from govsm.governance.delegations import Delegations
from govsm.governance.lifecycle import Lifecycle
from govsm.governance.messages import Messages, PendingApproval
from govsm.governance.requests import Requests
from govsm.governance.scheduling import Scheduling
from govsm.governance.unit_of_work import UnitOfWork, decides
from govsm.ledger.approvals import Approval
from govsm.ledger.prerequisites import Shortfall
from govsm.model import (
    Delegation,
    LifecycleState,
    Message,
    OutboxItem,
    Profile,
    ProfileRequest,
)

if TYPE_CHECKING:
    from govsm.spec.workspace import WorkspaceView


class Governance(UnitOfWork):
    """One organisation's governance, over its store.

    Built like its :class:`~govsm.governance.unit_of_work.UnitOfWork` (store, organisation id,
    channels, clock); each area works over this object, so what it reads — a subclass's
    :meth:`record` too — is what every area reads.
    """

    @cached_property
    def _requests(self) -> Requests:
        return Requests(self)

    @cached_property
    def _lifecycle(self) -> Lifecycle:
        return Lifecycle(self)

    @cached_property
    def _delegations(self) -> Delegations:
        return Delegations(self)

    @cached_property
    def _messages(self) -> Messages:
        return Messages(self)

    @cached_property
    def _scheduling(self) -> Scheduling:
        return Scheduling(self)

    @classmethod
    def of(cls, workspace: WorkspaceView) -> Governance:
        """The governance of a workspace's organisation (load the workspace first)."""
        return cls(workspace.store, workspace.organisation.id, workspace.channels())

    # -- profile requests ---------------------------------------------------------------------

    def shortfalls(self, request: ProfileRequest, *, on: date | None = None) -> list[Shortfall]:
        """What ``request`` lacks (see :func:`govsm.ledger.prerequisites.shortfalls`)."""
        return self._requests.shortfalls(request, on=on)

    @decides
    def submit_request(
        self, request: ProfileRequest, *, by: str, at: datetime | None = None
    ) -> ProfileRequest:
        """File a request to open a profile, for the request's unit.

        It takes an editor or coordinator role over that unit. The request is recorded even if
        incomplete (:meth:`shortfalls` says what is missing); it cannot be approved until it is
        complete.

        :raises GovernanceError: a request or profile with that id exists already.
        """
        return self._requests.submit(request, by=by, at=at)

    @decides
    def approve_request(
        self, request: str, *, by: str, reason: str | None = None, at: datetime | None = None
    ) -> Profile:
        """Approve a complete request: the profile exists from now on, in state ``approved``.

        It takes a coordinator of the organisation or of the coordinating unit.

        :return: the new profile (add it to ``govsm.toml`` when it is opened).
        :raises GovernanceError: the request is not pending, or it still lacks something (the
            message lists what).
        """
        return self._requests.approve(request, by=by, reason=reason, at=at)

    @decides
    def reject_request(
        self, request: str, *, by: str, reason: str, at: datetime | None = None
    ) -> ProfileRequest:
        """Reject a pending request, with a reason (a coordinator's decision)."""
        return self._requests.reject(request, by=by, reason=reason, at=at)

    @decides
    def withdraw_request(
        self, request: str, *, by: str, reason: str | None = None, at: datetime | None = None
    ) -> ProfileRequest:
        """Withdraw a pending request (its unit's editors or a coordinator)."""
        return self._requests.withdraw(request, by=by, reason=reason, at=at)

    # -- lifecycle ----------------------------------------------------------------------------

    @decides
    def transition(
        self,
        profile: str,
        to: LifecycleState,
        *,
        by: str,
        reason: str,
        at: datetime | None = None,
    ) -> Profile:
        """Move a profile to another lifecycle state (a coordinator's change, with a reason).

        ``requested``, ``approved`` and ``rejected`` belong to requests: use
        :meth:`approve_request` and :meth:`reject_request`.

        :raises GovernanceError: the transition is not allowed
            (:func:`govsm.ledger.lifecycle.check_transition`).
        """
        return self._lifecycle.transition(profile, to, by=by, reason=reason, at=at)

    @decides
    def transfer(
        self, profile: str, unit: str, *, by: str, reason: str, at: datetime | None = None
    ) -> Profile:
        """Hand a profile over to another unit (a coordinator's change, with a reason).

        :raises GovernanceError: the profile is not in a transferable state, the unit is unknown
            or it already owns the profile.
        """
        return self._lifecycle.transfer(profile, unit, by=by, reason=reason, at=at)

    @decides
    def retire(self, profile: str, *, by: str, reason: str, at: datetime | None = None) -> Profile:
        """Archive a profile because its network is deprecated or closed.

        :raises GovernanceError: the network is still active (use :meth:`transition` to archive
            for other reasons) or the profile cannot be archived from its state.
        """
        return self._lifecycle.retire(profile, by=by, reason=reason, at=at)

    # -- delegations --------------------------------------------------------------------------

    @decides
    def delegate(
        self, delegation: Delegation, *, by: str, at: datetime | None = None
    ) -> Delegation:
        """Record a delegation: by the absent person themselves, or by a coordinator.

        :raises GovernanceError: a delegation with that id exists, or the delegate is not a
            current member of the organisation.
        """
        return self._delegations.grant(delegation, by=by, at=at)

    @decides
    def revoke_delegation(self, delegation: str, *, by: str, at: datetime | None = None) -> None:
        """End a delegation early (the absent person or a coordinator)."""
        self._delegations.revoke(delegation, by=by, at=at)

    # -- messages and approval ----------------------------------------------------------------

    def tiers(self, message: Message) -> int:
        """How many approvals ``message`` needs (see :func:`.approvals.tiers_for`)."""
        return self._messages.tiers(message)

    @decides
    def draft(self, message: Message, *, by: str, at: datetime | None = None) -> Message:
        """Save a new outbound message as a draft written by ``by``.

        :raises GovernanceError: it is not outbound, or a message with that id exists.
        """
        return self._messages.draft(message, by=by, at=at)

    @decides
    def edit(
        self, /, message: str, *, by: str, at: datetime | None = None, **changes: Any
    ) -> Message:
        """Change a message's content (``text``, ``title``, ``media``, ``links``…).

        An edit after the message was submitted or approved sends it back to waiting for the
        first tier of approval: earlier approvals were for other words.

        :raises GovernanceError: the message is published or publishing, or a field cannot be
            changed this way.
        """
        return self._messages.edit(message, by=by, at=at, **changes)

    @decides
    def submit(self, message: str, *, by: str, at: datetime | None = None) -> Message:
        """Send a draft for approval; with no tiers needed, it is approved at once.

        :raises GovernanceError: the message is not a draft (or a failed one).
        """
        return self._messages.submit(message, by=by, at=at)

    @decides
    def approve(
        self,
        message: str,
        *,
        by: str,
        comment: str | None = None,
        at: datetime | None = None,
        tier: int | None = None,
    ) -> Message:
        """Approve the next tier of a message waiting for approval.

        Nobody approves their own message, nor a message they (or the person they stand in
        for) already approved at an earlier tier; a delegate's approval records on whose behalf.
        The last tier makes the message ``approved``. Give ``tier`` — the tier the approver saw
        waiting — and a second approver of the same tier gets
        :class:`~govsm.errors.ConcurrentChange` naming the message and who came first, instead
        of approving the next tier unawares.

        :raises PermissionDenied: ``by`` is no approver for the profile, wrote the message or
            already approved it.
        :raises ConcurrentChange: ``tier`` was approved meanwhile.
        :raises GovernanceError: the message is not waiting for approval.
        """
        return self._messages.approve(message, by=by, comment=comment, at=at, tier=tier)

    @decides
    def reject(self, message: str, *, by: str, reason: str, at: datetime | None = None) -> Message:
        """Send a message waiting for approval back to draft, with a reason (an approver's)."""
        return self._messages.reject(message, by=by, reason=reason, at=at)

    def approvals(self, message: str) -> list[Approval]:
        """The approvals that count for the message's current content, by tier."""
        return self._messages.approvals(message)

    def pending_approvals(self, *, on: date | None = None) -> list[PendingApproval]:
        """Messages waiting for approval, oldest submission first, with who may approve them."""
        return self._messages.pending_approvals(on=on)

    # -- scheduling and pauses ------------------------------------------------------------------

    @decides
    def schedule(
        self,
        message: str,
        at: datetime,
        *,
        by: str,
        repeats: Sequence[datetime] = (),
        variants: Sequence[str | None] = (),
        zone: str | None = None,
        at_time: datetime | None = None,
    ) -> list[OutboxItem]:
        """Schedule an approved message at ``at``, and its repeats (each a post of its own).

        Only a message with every approval it needs, given to its current content, is
        scheduled; the message becomes ``scheduled`` and each time an outbox item with its own
        idempotency key, recorded as ``message.scheduled``.

        :param variants: a text for each repeat where the network refuses the same text twice.
        :param zone: the IANA zone the times are planned in (default: the organisation's).
        :param at_time: when the decision is made (default: now; a journal gives its own).
        :raises PermissionDenied: ``by`` may not schedule on the message's profile.
        :raises GovernanceError: the message lacks approvals, or is already scheduled then.
        """
        return self._scheduling.schedule(
            message, at, by=by, repeats=repeats, variants=variants, zone=zone, now=at_time
        )

    @decides
    def retry_item(self, item: str, *, by: str) -> OutboxItem:
        """Put a failed outbox item back in the queue, due now (``outbox.retried``)."""
        return self._scheduling.retry(item, by=by)

    @decides
    def cancel_item(self, item: str, *, by: str, reason: str) -> OutboxItem:
        """Take a due, failed or unconfirmed item off the queue (``outbox.cancelled``)."""
        return self._scheduling.cancel(item, by=by, reason=reason)

    @decides
    def pause(self, *, by: str, reason: str, profile: str | None = None) -> bool:
        """Pause publishing on ``profile``, or on all profiles; in force before the next claim.

        It takes a coordinator; recorded as ``publishing.paused``.

        :return: ``False`` if it was paused already.
        """
        return self._scheduling.pause(by=by, reason=reason, profile=profile)

    @decides
    def resume(self, *, by: str, profile: str | None = None) -> bool:
        """Lift a pause (``publishing.resumed``); ``False`` if there was none."""
        return self._scheduling.resume(by=by, profile=profile)
