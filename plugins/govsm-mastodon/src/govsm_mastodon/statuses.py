"""Mastodon statuses as govsm messages: ids, handles, languages, dates, text and media.

>>> language_subtag("ca-valencia"), language_subtag("es-ES"), language_subtag(None)
('ca', 'es', None)
>>> message_id("ajuntament", "in", "110234567890123456")
'ajuntament-in-110234567890123456'
>>> id_order("99") < id_order("100")
True
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from govsm.model import (
    Direction,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    Profile,
)
from govsm_mastodon.html_text import html_to_text, without_controls

__all__ = [
    "author_handle",
    "id_order",
    "language_subtag",
    "media_of",
    "message_id",
    "status_message",
    "utc",
]

#: a language subtag Mastodon takes (ISO 639-1, or 639-3 where there is none)
_LANGUAGE = re.compile(r"[a-z]{2,3}\Z")
#: a status's language that govsm's model also takes (``ca``, ``zh-TW``)
_STATUS_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?\Z")
#: what a handle keeps: letters, digits and the punctuation of ``@user@domain``
_HANDLE_DROPS = re.compile(r"[^\w.@:+-]")
#: the longest id govsm's model takes
_SLUG_LIMIT = 64
#: Mastodon's attachment types, as govsm's kinds
_MEDIA_KINDS = {
    "image": MediaKind.IMAGE,
    "gifv": MediaKind.GIF,
    "video": MediaKind.VIDEO,
    "audio": MediaKind.AUDIO,
}


def language_subtag(tag: str | None) -> str | None:
    """The primary language subtag Mastodon takes for ``language`` (``ca`` for ``ca-valencia``).

    :param tag: a BCP 47 tag, or ``None``.
    :return: the subtag in lower case, or ``None`` when there is no tag or it has no language.
    """
    if not tag:
        return None
    primary = tag.split("-", 1)[0].lower()
    return primary if _LANGUAGE.match(primary) else None


def id_order(remote_id: str) -> tuple[int, str]:
    """A key that sorts Mastodon ids as the server does: numbers by value, others as text."""
    return (len(remote_id), remote_id) if remote_id.isdigit() else (0, remote_id)


def message_id(profile_id: str, part: str, remote_id: str) -> str:
    """A message id for a network id: ``{profile}-{part}-{id}``, a slug of at most 64 characters.

    When the profile's id makes it too long, a hash of the profile's id takes its place.

    :param profile_id: the profile's id.
    :param part: ``in`` (received) or ``own`` (the organisation's posts as the network has them).
    :param remote_id: the network's id.
    """
    remote = re.sub(r"[^a-z0-9]+", "-", remote_id.lower()).strip("-") or "x"
    candidate = f"{profile_id}-{part}-{remote}"
    if len(candidate) <= _SLUG_LIMIT:
        return candidate
    short = hashlib.sha256(profile_id.encode()).hexdigest()[:8]
    return f"p{short}-{part}-{remote}"[:_SLUG_LIMIT].rstrip("-._")


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC (Mastodon.py gives local times); a naive one is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def author_handle(account: Mapping[str, Any], instance_host: str) -> str:
    """``@user@domain`` for an account; ``acct`` has no domain for the instance's own accounts.

    :param account: the status's ``account``.
    :param instance_host: the instance's host (and port), for its own accounts.
    """
    acct = _HANDLE_DROPS.sub("", str(account.get("acct") or account.get("username") or ""))
    acct = acct.strip("@") or "unknown"
    return f"@{acct}" if "@" in acct else f"@{acct}@{instance_host}"


def _web_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) address, else ``None``."""
    if (
        isinstance(value, str)
        and re.match(r"https?://[^\s/]+", value)
        and value.isascii()
        and value.isprintable()
    ):
        return value
    return None


def media_of(status: Mapping[str, Any]) -> tuple[Media, ...]:
    """The status's attachments as govsm media (those with an address)."""
    found: list[Media] = []
    for attachment in status.get("media_attachments") or ():
        location = _web_url(attachment.get("url")) or _web_url(attachment.get("remote_url"))
        if location is None:
            continue
        description = attachment.get("description")
        found.append(
            Media(
                kind=_MEDIA_KINDS.get(str(attachment.get("type")), MediaKind.DOCUMENT),
                location=location,
                alt_text=without_controls(description)
                if isinstance(description, str) and description.strip()
                else None,
            )
        )
    return tuple(found)


def status_message(
    profile: Profile,
    status: Mapping[str, Any],
    *,
    direction: Direction,
    kind: MessageKind,
    part: str,
    instance_host: str,
    text: str | None = None,
    content_warning: str | None = None,
) -> Message:
    """A status as a govsm message of ``profile``.

    The post it answers, if any, is its ``reply_to_remote`` (``govsm sync`` sets ``reply_to``
    when the store holds that post).

    :param status: the status, as Mastodon.py gives it.
    :param direction: inbound (a citizen's) or outbound (the organisation's own).
    :param kind: what it is (reply, mention, direct message; post).
    :param part: ``in`` or ``own``, for its id (:func:`message_id`).
    :param instance_host: the instance's host, for the author's handle.
    :param text: the text, when known as written (the status's source); otherwise the text of
        its HTML (:func:`~govsm_mastodon.html_text.html_to_text`).
    :param content_warning: the content warning as written, with ``text``.
    """
    remote_id = str(status["id"])
    created = utc(status["created_at"])
    language = status.get("language")
    spoiler = status.get("spoiler_text") if text is None else content_warning
    parent = status.get("in_reply_to_id")
    fields: dict[str, Any] = {
        "organisation": profile.organisation,
        "id": message_id(profile.id, part, remote_id),
        "profile": profile.id,
        "direction": direction,
        "kind": kind,
        "state": MessageState.NEW if direction is Direction.INBOUND else MessageState.PUBLISHED,
        "text": (
            without_controls(text)
            if text is not None
            else html_to_text(str(status.get("content") or ""))
        ),
        "created_at": created,
        "language": (
            language if isinstance(language, str) and _STATUS_LANGUAGE.match(language) else None
        ),
        "content_warning": (
            without_controls(spoiler) if isinstance(spoiler, str) and spoiler.strip() else None
        ),
        "media": media_of(status),
        "remote_id": remote_id,
        "url": _web_url(status.get("url")) or _web_url(status.get("uri")),
        "reply_to_remote": str(parent) if parent is not None else None,
    }
    if direction is Direction.INBOUND:
        fields["author"] = author_handle(status.get("account") or {}, instance_host)
    else:
        fields["published_at"] = created
    return Message(**fields)
