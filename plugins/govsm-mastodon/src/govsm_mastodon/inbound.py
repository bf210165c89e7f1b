"""Mentions, replies and direct messages received: Mastodon's ``mention`` notifications.

Everything addressed to an account on Mastodon reaches it as a ``mention`` notification: a reply
to one of its posts (Mastodon mentions the author answered), a post that names it, and a direct
message (a status of visibility ``direct``, which reaches only the accounts it mentions). So one
list, read in order with one cursor, holds them all:

* ``direct`` visibility → :attr:`~govsm.model.MessageKind.DIRECT`;
* an answer to one of the profile's posts (``in_reply_to_account_id`` is the profile's) →
  :attr:`~govsm.model.MessageKind.REPLY`;
* anything else → :attr:`~govsm.model.MessageKind.MENTION`.

Each names the post it answers, if any, in ``reply_to_remote`` (the network's id).

``GET /api/v1/conversations`` is not read: it gives only the last status of each conversation,
so the direct messages before it would be lost; the notifications hold each of them.

The cursor is the id of the newest notification seen; the next page asks for the notifications
after it (``min_id``), which Mastodon gives from the oldest on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from govsm.model import Direction, Message, MessageKind, Profile
from govsm.spec.remote import Page
from govsm_mastodon.statuses import id_order, status_message

__all__ = ["PAGE_SIZE", "inbound_message", "inbound_page"]

#: notifications asked for per page (Mastodon gives at most 80)
PAGE_SIZE = 40


def inbound_message(
    profile: Profile, notification: Mapping[str, Any], own_id: str, instance_host: str
) -> Message | None:
    """The inbound message a ``mention`` notification brings, or ``None`` when it has no status.

    :param profile: the profile it was addressed to.
    :param notification: the notification, as Mastodon.py gives it.
    :param own_id: the profile's account id on the instance.
    :param instance_host: the instance's host, for the authors' handles.
    """
    status = notification.get("status")
    if not isinstance(status, Mapping) or notification.get("type") != "mention":
        return None
    parent = status.get("in_reply_to_id")
    answers_us = parent is not None and str(status.get("in_reply_to_account_id")) == own_id
    if status.get("visibility") == "direct":
        kind = MessageKind.DIRECT
    elif answers_us:
        kind = MessageKind.REPLY
    else:
        kind = MessageKind.MENTION
    return status_message(
        profile,
        status,
        direction=Direction.INBOUND,
        kind=kind,
        part="in",
        instance_host=instance_host,
    )


def inbound_page(
    profile: Profile,
    notifications: Sequence[Mapping[str, Any]],
    *,
    cursor: str | None,
    own_id: str,
    instance_host: str,
    page_size: int = PAGE_SIZE,
) -> Page[Message]:
    """One page of inbound messages from one answer of the notification list.

    :param notifications: what the list gave after ``cursor`` (in any order).
    :param cursor: the cursor asked with (given back when nothing is new).
    :param own_id: the profile's account id.
    :param instance_host: the instance's host.
    :param page_size: what was asked for: a full page means there may be more.
    """
    ordered = sorted(notifications, key=lambda n: id_order(str(n["id"])))
    items: list[Message] = []
    seen: set[str] = set()
    for notification in ordered:
        message = inbound_message(profile, notification, own_id, instance_host)
        if message is not None and message.id not in seen:
            seen.add(message.id)
            items.append(message)
    newest = str(ordered[-1]["id"]) if ordered else cursor
    return Page(items=tuple(items), cursor=newest, more=len(notifications) >= page_size)
