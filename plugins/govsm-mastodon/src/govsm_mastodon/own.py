"""The organisation's own statuses since a cursor: new ones, edits and deletions of older ones.

Mastodon lists an account's statuses by id (``GET /api/v1/accounts/:id/statuses``) and marks an
edited one with ``edited_at``; it has no "edited since" query and lists no deleted status. So
:func:`plan` decides, from one read:

* **new statuses** are read from the oldest on, after the newest id seen (``min_id``), a page
  at a time: each is :attr:`~govsm.spec.remote.ChangeKind.POSTED`, and one already edited is
  also :attr:`~govsm.spec.remote.ChangeKind.EDITED` (at its ``edited_at``);
* **edits** are found by reading the newest statuses, back to the adapter's edit window: one
  seen before whose ``edited_at`` is later than the newest moment seen is
  :attr:`~govsm.spec.remote.ChangeKind.EDITED`. An edit of an older status than that is not
  seen;
* **deletions**, which Mastodon's REST API does not list, are found by absence: the cursor
  keeps the ids of the statuses already reported that the last read saw among the newest
  (the *window*); one of them missing from this read's newest statuses, although it is newer
  than the oldest of them (or this read reached the account's first status), was deleted, and
  is :attr:`~govsm.spec.remote.ChangeKind.DELETED` at the instant of the read. A status
  deleted before any read reported it, or older than the window, is not seen.

Each change holds the post as it is now (:class:`~govsm.spec.remote.RemoteChange`); its text is
the status's *source*, exactly as it was written (:func:`own_message`), not the text of its
HTML, which loses what Mastodon does not show (a mention's ``@domain``, repeated spaces).

The cursor holds the marks — the newest status id seen, the newest moment seen (the latest
``edited_at``, or ``created_at``, among the statuses read) and the window — as JSON in URL-safe
base64, so it can be stored as text:

>>> state = OwnCursor(last_id="110", seen_until=datetime(2026, 5, 4, 10, 0, tzinfo=UTC))
>>> decode_cursor(encode_cursor(state)) == state
True
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from attrs import frozen

from govsm.errors import ModelError
from govsm.model import Direction, Message, MessageKind, Profile
from govsm.spec.remote import ChangeKind
from govsm_mastodon.statuses import id_order, status_message, utc

__all__ = [
    "OwnCursor",
    "Plan",
    "Planned",
    "decode_cursor",
    "encode_cursor",
    "own_message",
    "plan",
]

#: the version of the cursor's layout
_VERSION = 1


@frozen
class OwnCursor:
    """Where :meth:`~govsm_mastodon.adapter.MastodonAdapter.fetch_own` goes on from.

    :param last_id: the newest status id reported (``None``: none yet).
    :param seen_until: the latest ``edited_at`` or ``created_at`` among the statuses read;
        an ``edited_at`` after it is a new edit.
    :param window: the ids of the statuses already reported that the last read saw among the
        newest; one missing from the next read was deleted.
    """

    last_id: str | None = None
    seen_until: datetime | None = None
    window: tuple[str, ...] = ()


def encode_cursor(state: OwnCursor) -> str:
    """The cursor as text: JSON in URL-safe base64, the same text for the same marks."""
    document: dict[str, Any] = {
        "v": _VERSION,
        "id": state.last_id,
        "seen": state.seen_until.astimezone(UTC).isoformat() if state.seen_until else None,
    }
    if state.window:  # a cursor without one is read as an empty window (older cursors too)
        document["w"] = list(state.window)
    raw = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode("ascii")


def decode_cursor(cursor: str) -> OwnCursor:
    """The marks a cursor from :func:`encode_cursor` holds.

    :raises ModelError: the text is not such a cursor.
    """
    try:
        document = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        if not isinstance(document, dict) or document.get("v") != _VERSION:
            raise ValueError(cursor)
        last_id, seen = document.get("id"), document.get("seen")
        if last_id is not None and not isinstance(last_id, str):
            raise ValueError(cursor)
        seen_until = datetime.fromisoformat(seen) if isinstance(seen, str) else None
        if seen_until is not None and seen_until.tzinfo is None:
            raise ValueError(cursor)
        window = document.get("w", [])
        if not isinstance(window, list) or not all(isinstance(i, str) for i in window):
            raise ValueError(cursor)
    except (ValueError, UnicodeError, binascii.Error) as error:
        raise ModelError(
            "el cursor de las publicaciones propias de Mastodon no es válido: use el que dio "
            "la última página, o ninguno para empezar de nuevo",
            "the cursor of the own Mastodon posts is not valid: use the one the last page "
            "gave, or none to start again",
            field="cursor",
        ) from error
    return OwnCursor(last_id=last_id, seen_until=seen_until, window=tuple(window))


@frozen
class Planned:
    """One change to report: what became of which status, and when."""

    kind: ChangeKind
    status: Mapping[str, Any]
    at: datetime


@frozen
class Plan:
    """The changes one read shows (oldest first), the cursor after them, and whether more wait.

    :param cursor: ``None`` only when the read started from nothing and found nothing.
    """

    changes: tuple[Planned, ...]
    cursor: str | None
    more: bool


def _moment(status: Mapping[str, Any]) -> datetime:
    """When the status last changed: its ``edited_at``, else its ``created_at``."""
    edited = status.get("edited_at")
    return utc(edited if isinstance(edited, datetime) else status["created_at"])


def plan(
    state: OwnCursor | None,
    new: Sequence[Mapping[str, Any]],
    recent: Sequence[Mapping[str, Any]],
    *,
    page_size: int,
    recent_complete: bool = False,
    now: datetime | None = None,
) -> Plan:
    """The changes one read of the account's statuses shows, and the cursor after them.

    :param state: the cursor asked with (``None``: the first read, from the oldest status).
    :param new: the statuses after ``state.last_id`` (one page, in any order).
    :param recent: the newest statuses, read back to the edit window.
    :param page_size: the size of the page ``new`` was asked as: a full page means more.
    :param recent_complete: ``recent`` holds every status of the account (the read reached
        its first one).
    :param now: the instant of the read, which a deletion is dated (default: now).
    """
    changes: list[Planned] = []
    last_id = state.last_id if state else None
    seen_until = state.seen_until if state else None
    newest_id, latest = last_id, seen_until
    for status in sorted(new, key=lambda s: id_order(str(s["id"]))):
        changes.append(Planned(ChangeKind.POSTED, status, utc(status["created_at"])))
        if isinstance(status.get("edited_at"), datetime):
            changes.append(Planned(ChangeKind.EDITED, status, _moment(status)))
        newest_id = str(status["id"])
        latest = max(latest, _moment(status)) if latest else _moment(status)
    for status in recent:
        moment = _moment(status)
        known = last_id is not None and id_order(str(status["id"])) <= id_order(last_id)
        edited = isinstance(status.get("edited_at"), datetime)
        if known and edited and (seen_until is None or moment > seen_until):
            changes.append(Planned(ChangeKind.EDITED, status, moment))
        latest = max(latest, moment) if latest else moment
    read_at = now or datetime.now(UTC)
    for gone in _deleted(state.window if state else (), recent, complete=recent_complete):
        changes.append(Planned(ChangeKind.DELETED, {"id": gone}, read_at))
    changes.sort(key=lambda change: change.at)
    window = tuple(
        str(status["id"])
        for status in recent
        if newest_id is not None and id_order(str(status["id"])) <= id_order(newest_id)
    )
    after = OwnCursor(last_id=newest_id, seen_until=latest, window=window)
    if state is None and after == OwnCursor():
        return Plan(changes=(), cursor=None, more=False)
    return Plan(changes=tuple(changes), cursor=encode_cursor(after), more=len(new) >= page_size)


def _deleted(
    window: Sequence[str], recent: Sequence[Mapping[str, Any]], *, complete: bool
) -> list[str]:
    """The ids of ``window`` that ``recent`` should hold and does not, oldest first."""
    present = {str(status["id"]) for status in recent}
    oldest = min((id_order(i) for i in present), default=None)
    return sorted(
        (
            i
            for i in window
            if i not in present and (complete or (oldest is not None and id_order(i) > oldest))
        ),
        key=id_order,
    )


def own_message(
    profile: Profile,
    status: Mapping[str, Any],
    instance_host: str,
    source: Mapping[str, Any] | None = None,
) -> Message:
    """One of the profile's statuses as an outbound, published message.

    :param source: the status's source (``GET /api/v1/statuses/:id/source``: ``text`` and
        ``spoiler_text`` as written); without it, the text of its HTML.
    """
    if status.get("visibility") == "direct":
        kind = MessageKind.DIRECT
    elif status.get("in_reply_to_id") is not None:
        kind = MessageKind.REPLY
    else:
        kind = MessageKind.POST
    text = warning = None
    if source is not None:
        text = str(source.get("text") or "")
        warning = str(source.get("spoiler_text") or "") or None
    return status_message(
        profile,
        status,
        direction=Direction.OUTBOUND,
        kind=kind,
        part="own",
        instance_host=instance_host,
        text=text,
        content_warning=warning,
    )
