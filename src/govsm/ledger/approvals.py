"""Four-eyes approval: how many approvals a message needs, and what an approval is bound to.

An approval is bound to the message's *content digest* — its text, title, content warning, media
and links. An edit changes the digest, so approvals given before it no longer count: the message
goes back to waiting for the first tier, whoever changed it and however (through the API or by
re-importing a draft).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from attrs import frozen

from govsm.model import ApprovalRule, MessageKind, Policy, Profile, ScopeKind
from govsm.model.message import Message
from govsm.serialization import unstructure


def content_digest(message: Message) -> str:
    """SHA-256 of what an approver approves: text, title, content warning, media and links."""
    content = {
        "text": message.text,
        "title": message.title,
        "content_warning": message.content_warning,
        "media": unstructure(message.media),
        "links": list(message.links),
    }
    data = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def tiers_for(
    policy: Policy | None,
    profile: Profile,
    kind: MessageKind,
    units: Sequence[str] | None = None,
) -> int:
    """How many approvals a message of ``kind`` on ``profile`` needs under ``policy``.

    The most specific :class:`~govsm.model.ApprovalRule` wins: the profile's, then its unit's,
    then the nearest parent unit's (like roles, a unit's rule covers the units below it), then
    the organisation's; without one, posts need ``policy.approval_tiers`` — and so do quotes and
    reposts, which speak for the organisation as a post does. Replies need approval
    only when the rule (or ``policy.approve_replies``) says so; direct messages never do.

    :param units: the profile's unit and the units above it, nearest first (see
        :meth:`govsm.ledger.permissions.Permissions.unit_chain`); just its own unit if
        not given.
    """
    if policy is None:
        return 0
    chain = list(units) if units else [profile.unit]

    def rank(rule: ApprovalRule) -> int:
        if rule.scope is ScopeKind.PROFILE:
            return 0
        if rule.scope is ScopeKind.UNIT:
            return 1 + chain.index(str(rule.target))
        return 1 + len(chain)

    matching = [
        r
        for r in policy.approval_rules
        if r.scope is ScopeKind.ORGANISATION
        or (r.scope is ScopeKind.UNIT and r.target in chain)
        or (r.scope is ScopeKind.PROFILE and r.target == profile.id)
    ]
    rule = min(matching, key=rank) if matching else None
    tiers = rule.tiers if rule is not None else policy.approval_tiers
    if kind in (MessageKind.POST, MessageKind.QUOTE, MessageKind.REPOST):
        return tiers
    if kind is MessageKind.REPLY:
        replies = rule.replies if rule is not None else policy.approve_replies
        return tiers if replies else 0
    return 0


@frozen
class Approval:
    """One approver's approval of one version of a message.

    :param message: the message's id.
    :param tier: which tier it fills (1 is the first).
    :param person: who approved (the delegate, when acting for someone).
    :param digest: the :func:`content_digest` approved.
    :param on_behalf_of: the absent approver, when ``person`` acts by delegation.
    :param comment: what the approver said, if anything.
    """

    message: str
    tier: int
    person: str
    digest: str
    on_behalf_of: str | None = None
    comment: str | None = None


def valid_approvals(approvals: Sequence[Approval], digest: str) -> list[Approval]:
    """The approvals that still count for a message whose content digest is ``digest``.

    Those for another version are dropped, and so are any after a gap in the tiers.
    """
    current = [a for a in approvals if a.digest == digest]
    kept: list[Approval] = []
    for approval in current:
        if approval.tier == len(kept) + 1:
            kept.append(approval)
    return kept
