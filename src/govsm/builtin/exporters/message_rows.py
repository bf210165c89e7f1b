"""What the CSV and JSON Lines exporters write of each message and its findings.

Both export the organisation's own messages — every outbound post, reply, repost, quote and
direct message, whatever its state, drafts included — oldest first, each with what checking it
against the organisation's rules found (:attr:`ExportItem.findings
<govsm.spec.export_source.ExportItem.findings>`: the last audit's stored result when it still holds,
else a fresh check). Citizens' inbound messages are not exported: they are not the
organisation's words and carry personal data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from govsm.builtin.exporters.feed_writing import rfc3339
from govsm.model import Direction, Finding
from govsm.spec.export_source import ExportItem, ExportSource

#: the message's columns, in order (the CSV's first columns and the JSON Lines' first keys)
MESSAGE_COLUMNS: tuple[str, ...] = (
    "id",
    "profile",
    "unit",
    "channel",
    "direction",
    "kind",
    "state",
    "language",
    "created_at",
    "scheduled_at",
    "published_at",
    "url",
    "remote_id",
    "reply_to",
    "author",
    "campaign",
    "title",
    "content_warning",
    "text",
)


def organisation_messages(source: ExportSource) -> Iterator[ExportItem]:
    """The organisation's own messages, oldest first, each with its findings."""
    return source.messages(directions=(Direction.OUTBOUND,), newest_first=False, findings=True)


def _moment(value: datetime | None) -> str | None:
    return rfc3339(value) if value is not None else None


def message_fields(source: ExportSource, item: ExportItem) -> dict[str, Any]:
    """The columns of :data:`MESSAGE_COLUMNS` for one message."""
    message = item.message
    profile = source.profile(message.profile)
    return {
        "id": message.id,
        "profile": message.profile,
        "unit": profile.unit if profile else None,
        "channel": profile.channel if profile else None,
        "direction": message.direction.value,
        "kind": message.kind.value,
        "state": message.state.value,
        "language": message.language,
        "created_at": _moment(message.created_at),
        "scheduled_at": _moment(message.scheduled_at),
        "published_at": _moment(message.published_at),
        "url": item.url,
        "remote_id": message.remote_id,
        "reply_to": message.reply_to,
        "author": message.author,
        "campaign": message.campaign,
        "title": message.title,
        "content_warning": message.content_warning,
        "text": message.text,
    }


def finding_fields(finding: Finding) -> dict[str, Any]:
    """One finding as flat data (the objects of a JSON line's ``findings``)."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "subject": finding.subject,
        "start": finding.span.start if finding.span else None,
        "end": finding.span.end if finding.span else None,
        "message_es": finding.message.es,
        "message_en": finding.message.en,
        "suggestion_es": finding.suggestion.es if finding.suggestion else None,
        "suggestion_en": finding.suggestion.en if finding.suggestion else None,
        "reference": finding.reference,
        "waived_by": finding.waived_by,
        "waiver_reason": finding.waiver_reason,
        "policy_version": finding.policy_version,
    }


def tally(findings: tuple[Finding, ...] | None) -> dict[str, Any]:
    """How many findings of each severity (waived ones apart), and which, as ``severity:rule``."""
    if findings is None:
        return {"errors": None, "warnings": None, "infos": None, "waived": None, "findings": None}
    counted = [f for f in findings if not f.waived_by]
    by_severity = Counter(f.severity.value for f in counted)
    return {
        "errors": by_severity["error"],
        "warnings": by_severity["warning"],
        "infos": by_severity["info"],
        "waived": len(findings) - len(counted),
        "findings": "; ".join(f"{f.severity.value}:{f.rule}" for f in counted),
    }
