"""Building what a rule receives, for a rule's own tests.

A rule is a function of a :class:`~govsm.spec.RuleContext`; govsm's rule engine builds one per
message while it checks. :func:`rule_context` builds the same context for one message, so a
plugin's tests can call its rule directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from govsm.model import Channel, Message, OrganisationSnapshot, Severity
from govsm.model.policy import ParamValue
from govsm.rules.authorship import authorship
from govsm.rules.engine import PLAIN_TEXT
from govsm.spec.rule_context import RuleContext
from govsm.text import measure


def rule_context(
    message: Message,
    *,
    channel: Channel | None = None,
    params: Mapping[str, ParamValue] | None = None,
    severity: Severity = Severity.WARNING,
    snapshot: OrganisationSnapshot | None = None,
    root: Path | None = None,
) -> RuleContext:
    """A rule context for one message outside a workspace run — what a rule's tests need.

    The text is measured for ``channel`` (as plain text without one); the day is the message's
    publication, schedule or creation day (UTC); :attr:`~govsm.spec.RuleContext.authorship` is
    worked out as the engine does (:func:`govsm.rules.authorship.authorship`), but the message
    is given whole: to test what a rule does with only the author's own words, check the
    message through :class:`govsm.rules.engine.Checker`.

    >>> from datetime import UTC, datetime
    >>> from govsm.model import Direction, Message, MessageKind, MessageState
    >>> draft = Message(organisation="o", id="d1", profile="p", direction=Direction.OUTBOUND,
    ...                 kind=MessageKind.POST, state=MessageState.DRAFT, text="Hola!!",
    ...                 created_at=datetime(2026, 11, 20, tzinfo=UTC))
    >>> rule_context(draft, params={"marker": "!!"}).measurement.length
    6
    """
    moment = message.published_at or message.scheduled_at or message.created_at
    profile = None
    if snapshot is not None:
        profile = next((p for p in snapshot.profiles if p.id == message.profile), None)
    return RuleContext(
        message=message,
        channel=channel,
        profile=profile,
        snapshot=snapshot,
        measurement=measure(
            message.text, channel or PLAIN_TEXT, content_warning=message.content_warning
        ),
        params=dict(params or {}),
        severity=severity,
        day=moment.date(),
        root=root,
        authorship=authorship(message, channel),
    )
