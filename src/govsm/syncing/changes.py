"""What a page read from a network changes in the store: messages to save, entries to write.

Pure functions over what the store already holds (looked up by the network's ids): no I/O.

* an **inbound** item is saved as it came, answering the message it answers when the store
  holds that message (``reply_to`` from ``reply_to_remote``);
* an own post **posted** on the network that the store does not hold (made in the network's own
  app) is saved as a published outbound message;
* an own post **edited** on the network: the stored message takes the network's text and
  ``message.edited_on_network`` records both digests;
* an own post **deleted** on the network: ``message.deleted_on_network`` records it, once; the
  message stays in the store (it is what the organisation said).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import datetime

import attrs
from attrs import define, field

from govsm.errors import GovsmError
from govsm.ledger import record as rec
from govsm.ledger.chain import AuditEvent
from govsm.model import Direction, Message, MessageKind, MessageState, Profile
from govsm.spec.remote import ChangeKind, RemoteChange


class ForeignItem(GovsmError):
    """An adapter returned an item of another organisation or profile (a plugin's bug)."""


@define
class Applied:
    """What one page changes: messages to save, entries to write, and the counts."""

    messages: list[Message] = field(factory=list)
    events: list[AuditEvent] = field(factory=list)
    posted: int = 0
    edited: int = 0
    deleted: int = 0


def digest(text: str) -> str:
    """The SHA-256 of ``text`` (UTF-8), as the entries name a text without quoting it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def own_id(profile: Profile, remote_id: str) -> str:
    """A stable message id for a post of ``profile`` found on the network."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", remote_id.lower()).strip("-")[-24:] or "post"
    return f"{profile.id}-net-{cleaned}-{digest(remote_id)[:8]}"[:64].strip("-")


def _check(profile: Profile, message: Message) -> None:
    if message.organisation != profile.organisation or message.profile != profile.id:
        raise ForeignItem(
            f"el complemento devolvió «{message.id}» de «{message.organisation}/"
            f"{message.profile}» al leer «{profile.id}»: no se guarda nada de esta página",
            f"the plugin returned '{message.id}' of '{message.organisation}/"
            f"{message.profile}' while reading '{profile.id}': nothing of this page is saved",
            where=profile.id,
        )


def inbound(
    profile: Profile, items: Sequence[Message], known: Mapping[str, Message]
) -> list[Message]:
    """The inbound items, each answering the message it answers: stored, or in the same page.

    A network that lists the newest first puts a reply before the comment it answers; both
    are linked whatever their order in the page.

    :param known: the profile's stored messages by network id.
    """
    in_page = {i.remote_id: i for i in items if i.remote_id}
    known = {**in_page, **known}
    saved = []
    for item in items:
        _check(profile, item)
        if item.direction is not Direction.INBOUND:
            raise ForeignItem(
                f"el complemento devolvió «{item.id}» como entrante pero es saliente",
                f"the plugin returned '{item.id}' as inbound but it is outbound",
                where=profile.id,
            )
        parent = known.get(item.reply_to_remote or "")
        if parent is not None and item.reply_to is None:
            item = attrs.evolve(item, reply_to=parent.id)
        saved.append(item)
    return saved


def own(
    profile: Profile,
    changes: Sequence[RemoteChange],
    known: Mapping[str, Message],
    deleted_before: set[str],
    now: datetime,
) -> Applied:
    """What the changes to the profile's own posts write.

    :param known: the profile's stored messages by network id.
    :param deleted_before: ids of messages already recorded as deleted on the network.
    """
    applied = Applied()
    current = dict(known)
    for change in changes:
        stored = current.get(change.remote_id)
        if change.kind is ChangeKind.DELETED:
            if stored is not None and stored.id not in deleted_before:
                details = {"profile": profile.id, "remote_id": change.remote_id}
                applied.events.append(
                    AuditEvent(
                        change.at, rec.SYNC, rec.MESSAGE_DELETED_ON_NETWORK, stored.id, details
                    )
                )
                deleted_before.add(stored.id)
                applied.deleted += 1
            continue
        if change.message is None:
            continue
        _check(profile, change.message)
        if stored is None:
            found = _as_published(profile, change, now)
            applied.messages.append(found)
            current[change.remote_id] = found
            applied.posted += 1
            continue
        text = change.message.text
        # networks that keep HTML (WordPress, Mastodon) give the text back with its spacing
        # collapsed: only a change of words is an edit
        if text.split() != stored.text.split():
            changed = attrs.evolve(stored, text=text)
            details = {
                "profile": profile.id,
                "remote_id": change.remote_id,
                "before_sha256": digest(stored.text),
                "after_sha256": digest(text),
            }
            applied.events.append(
                AuditEvent(change.at, rec.SYNC, rec.MESSAGE_EDITED_ON_NETWORK, stored.id, details)
            )
            applied.messages.append(changed)
            current[change.remote_id] = changed
            applied.edited += 1
    return applied


#: the kinds a post found on the network keeps (anything else it reads becomes a ``post``)
_OWN_KINDS = frozenset({MessageKind.REPLY, MessageKind.REPOST, MessageKind.QUOTE})


def _as_published(profile: Profile, change: RemoteChange, now: datetime) -> Message:
    """A post found on the network that the store does not hold, as a published message."""
    message = change.message
    assert message is not None  # the caller checked
    published_at = message.published_at or message.created_at or now
    return attrs.evolve(
        message,
        id=own_id(profile, change.remote_id),
        direction=Direction.OUTBOUND,
        kind=message.kind if message.kind in _OWN_KINDS else MessageKind.POST,
        state=MessageState.PUBLISHED,
        remote_id=change.remote_id,
        published_at=published_at,
        reply_to=None,
    )
