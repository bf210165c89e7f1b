"""The governance record: requests, decisions, transitions, delegations and approvals.

The audit log is the one place these are written (see :mod:`govsm.ledger.chain`): it is
append-only and hash-chained, so the record cannot be changed without ``govsm audit-log verify``
noticing, and a transparency export is the record itself. :func:`fold` reads it back into the
current state; :class:`govsm.governance.Governance` writes to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs
from attrs import define, field

from govsm.ledger.approvals import Approval
from govsm.ledger.chain import WORKSPACE_ACTOR, AuditEntry, StoredEntry
from govsm.model import Delegation, LifecycleState, ProfileRequest, RequestState
from govsm.serialization import structure

#: the actions the record reads, with the subject each one is about
REQUEST_SUBMITTED = "request.submitted"
REQUEST_APPROVED = "request.approved"
REQUEST_REJECTED = "request.rejected"
REQUEST_WITHDRAWN = "request.withdrawn"
PROFILE_REGISTERED = "profile.registered"
PROFILE_STATE_CHANGED = "profile.state_changed"
PROFILE_TRANSITIONED = "profile.transitioned"
PROFILE_TRANSFERRED = "profile.transferred"
PROFILE_RETIRED = "profile.retired"
DELEGATION_GRANTED = "delegation.granted"
DELEGATION_REVOKED = "delegation.revoked"
MESSAGE_DRAFTED = "message.drafted"
MESSAGE_EDITED = "message.edited"
MESSAGE_SUBMITTED = "message.submitted"
MESSAGE_APPROVED = "message.approved"
MESSAGE_REJECTED = "message.rejected"
MESSAGE_SCHEDULED = "message.scheduled"
MESSAGE_PUBLISHED = "message.published"
MESSAGE_PUBLISH_FAILED = "message.publish_failed"
OUTBOX_RETRIED = "outbox.retried"
OUTBOX_CANCELLED = "outbox.cancelled"
PUBLISHING_PAUSED = "publishing.paused"
PUBLISHING_RESUMED = "publishing.resumed"
#: what ``govsm sync`` found changed on a network, about a message the store holds
MESSAGE_EDITED_ON_NETWORK = "message.edited_on_network"
MESSAGE_DELETED_ON_NETWORK = "message.deleted_on_network"

#: the actor of the entries the publishing workers write (``message.published`` and
#: ``message.publish_failed``); the worker's own name is in the entry's details
PUBLISHER = "publisher"

#: the actor of the entries ``govsm sync`` writes (what it found changed on a network)
SYNC = "sync"

#: the actions that change a profile's lifecycle or unit
PROFILE_CHANGES = frozenset(
    {
        PROFILE_REGISTERED,
        PROFILE_STATE_CHANGED,
        PROFILE_TRANSITIONED,
        PROFILE_TRANSFERRED,
        PROFILE_RETIRED,
    }
)


@define
class Submission:
    """A message waiting for approval: who sent it, when, and how many tiers it needs.

    :param message: the message's id.
    :param profile: its profile.
    :param author: who submitted it.
    :param at: when.
    :param tiers: approvals needed.
    :param approvals: approvals given so far (all versions; see
        :func:`~govsm.ledger.approvals.valid_approvals`).
    :param rejected: the rejection's reason, once rejected (the message goes back to draft).
    """

    message: str
    profile: str
    author: str
    at: datetime
    tiers: int
    approvals: list[Approval] = field(factory=list)
    rejected: str | None = None


@define
class ProfileHistory:
    """What the record says about one profile.

    :param state: its state after the last recorded change.
    :param unit: its unit after the last recorded change, if one was recorded.
    :param declared: the state ``govsm.toml`` last declared (``None`` if never).
    :param declared_seq: the entry of that declaration.
    :param changed_seq: the entry of the last change made through the governance API.
    :param entries: every entry about it, in order.
    """

    state: LifecycleState | None = None
    unit: str | None = None
    declared: LifecycleState | None = None
    declared_seq: int = 0
    changed_seq: int = 0
    entries: list[AuditEntry] = field(factory=list)


@define
class GovernanceRecord:
    """The governance state an organisation's audit log leads to.

    :param organisation: whose record.
    :param head: the sequence number of the last entry read (0: none).
    :param requests: profile requests by id, in their current state.
    :param delegations: delegations by id, not revoked.
    :param submissions: messages submitted for approval, by id (the last submission of each).
    :param profiles: each profile's history, by id.
    :param journal: the ids of the journal lines already applied.
    :param writers: for each message id, everyone who drafted or edited it (none of them may
        approve it).
    :param head_hash: the hash of entry ``head`` (to tell, when reading on from it, that the log
        below it is still the one that was read).
    """

    organisation: str
    head: int = 0
    head_hash: str | None = None
    requests: dict[str, ProfileRequest] = field(factory=dict)
    delegations: dict[str, Delegation] = field(factory=dict)
    submissions: dict[str, Submission] = field(factory=dict)
    profiles: dict[str, ProfileHistory] = field(factory=dict)
    journal: set[str] = field(factory=set)
    writers: dict[str, set[str]] = field(factory=dict)

    def copy(self) -> GovernanceRecord:
        """An independent copy: reading on into it leaves this record as it is.

        Containers are copied; the values in them are never changed in place (:func:`advance`
        replaces them), so they are shared.
        """
        return GovernanceRecord(
            organisation=self.organisation,
            head=self.head,
            head_hash=self.head_hash,
            requests=dict(self.requests),
            delegations=dict(self.delegations),
            submissions=dict(self.submissions),
            profiles=dict(self.profiles),
            journal=set(self.journal),
            writers=dict(self.writers),
        )

    def pending_requests(self) -> list[ProfileRequest]:
        """Requests waiting for a decision, oldest first."""
        waiting = [r for r in self.requests.values() if r.state is RequestState.PENDING]
        return sorted(waiting, key=lambda r: (r.requested_at, r.id))

    def history(self, profile: str) -> ProfileHistory:
        """What the record says about ``profile`` (empty if nothing)."""
        return self.profiles.get(profile, ProfileHistory())


def _request(details: Mapping[str, Any]) -> ProfileRequest:
    return structure(dict(details["request"]), ProfileRequest)


def _apply(record: GovernanceRecord, entry: AuditEntry) -> None:
    d = entry.details
    action = entry.action
    if isinstance(d.get("journal"), str):
        record.journal.add(d["journal"])
    if action == REQUEST_SUBMITTED:
        record.requests[entry.subject] = _request(d)
    elif action in (REQUEST_APPROVED, REQUEST_REJECTED, REQUEST_WITHDRAWN):
        old = record.requests.get(entry.subject)
        if old is not None:
            state = {
                REQUEST_APPROVED: RequestState.APPROVED,
                REQUEST_REJECTED: RequestState.REJECTED,
                REQUEST_WITHDRAWN: RequestState.WITHDRAWN,
            }[action]
            decided = action != REQUEST_WITHDRAWN
            record.requests[entry.subject] = attrs.evolve(
                old,
                state=state,
                decided_by=entry.actor if decided else None,
                decided_at=entry.at if decided else None,
                reason=d.get("reason"),
            )
    elif action in PROFILE_CHANGES:
        old_history = record.profiles.get(entry.subject, ProfileHistory())
        history = attrs.evolve(old_history, entries=[*old_history.entries, entry])
        record.profiles[entry.subject] = history
        new = d.get("to", d.get("state"))
        if isinstance(new, str):
            history.state = LifecycleState(new)
        if isinstance(d.get("unit"), str):
            history.unit = d["unit"]
        if action in (PROFILE_REGISTERED, PROFILE_STATE_CHANGED) and (
            entry.actor == WORKSPACE_ACTOR
        ):
            history.declared = history.state
            history.declared_seq = entry.seq
        else:
            history.changed_seq = entry.seq
    elif action == DELEGATION_GRANTED:
        record.delegations[entry.subject] = structure(dict(d["delegation"]), Delegation)
    elif action == DELEGATION_REVOKED:
        record.delegations.pop(entry.subject, None)
    elif action in (MESSAGE_DRAFTED, MESSAGE_EDITED):
        record.writers[entry.subject] = {*record.writers.get(entry.subject, ()), entry.actor}
    elif action == MESSAGE_SUBMITTED:
        record.submissions[entry.subject] = Submission(
            message=entry.subject,
            profile=str(d["profile"]),
            author=entry.actor,
            at=entry.at,
            tiers=int(d["tiers"]),
        )
    elif action == MESSAGE_APPROVED:
        submission = record.submissions.get(entry.subject)
        if submission is not None:
            record.submissions[entry.subject] = attrs.evolve(
                submission,
                approvals=[
                    *submission.approvals,
                    Approval(
                        message=entry.subject,
                        tier=int(d["tier"]),
                        person=entry.actor,
                        digest=str(d["digest"]),
                        on_behalf_of=d.get("on_behalf_of"),
                        comment=d.get("comment"),
                    ),
                ],
            )
    elif action == MESSAGE_REJECTED:
        submission = record.submissions.get(entry.subject)
        if submission is not None:
            record.submissions[entry.subject] = attrs.evolve(
                submission, rejected=str(d.get("reason", ""))
            )


def fold(organisation: str, entries: Iterable[AuditEntry | StoredEntry]) -> GovernanceRecord:
    """Read an organisation's audit log, in order, into its :class:`GovernanceRecord`.

    Entries of other kinds are skipped, and so are entries that cannot be read back (their
    details are not JSON, their instant is corrupted): :func:`~govsm.ledger.chain.verify`
    names those, and the audit reports them.
    """
    return advance(GovernanceRecord(organisation), entries)


def advance(
    record: GovernanceRecord, entries: Iterable[AuditEntry | StoredEntry]
) -> GovernanceRecord:
    """Read ``entries`` (those after ``record.head``, in order) into ``record``; return it.

    Nothing already in the record is changed in place, so a :meth:`~GovernanceRecord.copy`
    taken before stays as it was.
    """
    for item in entries:
        try:
            entry = item.entry() if isinstance(item, StoredEntry) else item
        except ValueError:  # unreadable: verify names it; the rest of the record still folds
            continue
        if entry.seq <= record.head:
            continue
        _apply(record, entry)
        record.head = entry.seq
        record.head_hash = entry.hash
    return record
