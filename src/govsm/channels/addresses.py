"""The public address of a published message, from the network's post address template.

A message may carry its address (:attr:`Message.url <govsm.model.Message.url>`, imported from
an archive that has it). Otherwise the address follows from the channel's template
(:attr:`Channel.post_url <govsm.model.Channel.post_url>` for posts,
:attr:`~govsm.model.Channel.reply_url` for replies), the profile's handle and the message's id
on the network — when the network has a stable public form, the message has a ``remote_id``
and the profile a handle. Direct messages, inbound messages and drafts have none.

The template's placeholders:

``{handle}``
    the profile's handle without the leading ``@`` (``AjSoldeneu``, ``ajsoldeneu.bsky.social``).
``{user}``, ``{instance}``
    a Mastodon handle's two parts (``@ajuntament@xarxa.soldeneu.example``); the instance falls
    back to the host of the profile's address when the handle does not name it.
``{remote_id}``
    the message's id on the network.
``{record_key}``
    the last ``/``-separated part of ``remote_id``: an AT URI's record key (Bluesky).

Every value is percent-encoded for its place in the address.

>>> from datetime import UTC, datetime
>>> from govsm.model import Channel, Direction, Message, MessageKind, MessageState, Profile
>>> x = Channel(id="x", name="X", post_url="https://x.com/{handle}/status/{remote_id}")
>>> profile = Profile(organisation="o", id="x-o", channel="x", handle="@AjSoldeneu", unit="u")
>>> when = datetime(2026, 11, 20, 10, tzinfo=UTC)
>>> post = Message(organisation="o", id="m1", profile="x-o", direction=Direction.OUTBOUND,
...                kind=MessageKind.POST, state=MessageState.PUBLISHED, text="Hola",
...                created_at=when, published_at=when, remote_id="1635928822380786287")
>>> post_address(x, profile, post)
'https://x.com/AjSoldeneu/status/1635928822380786287'
"""

from __future__ import annotations

import string
from urllib.parse import quote, urlsplit

from govsm.model import Channel, Direction, Message, MessageKind, Profile

#: characters left as they are in a path segment or a query value (RFC 3986 ``pchar`` minus
#: ``/``, ``?``, ``#``, ``&`` and ``=``): an id is never split into two parts of the address
_SAFE = ":@!$'()*+,;-._~"


def post_address(channel: Channel | None, profile: Profile | None, message: Message) -> str | None:
    """The public address of ``message`` on its network, or ``None`` when it is not known.

    :param channel: the profile's channel (``None`` when no plugin declares it).
    :param profile: the message's profile (``None`` when it is unknown).
    :param message: the message.
    :return: :attr:`Message.url <govsm.model.Message.url>` when the message carries one; else
        the channel's template filled in for an outbound post or reply with a ``remote_id``;
        else ``None``.
    """
    if message.url is not None:
        return message.url
    if channel is None or profile is None or message.remote_id is None:
        return None
    if message.direction is not Direction.OUTBOUND:
        return None
    if message.kind in (MessageKind.POST, MessageKind.QUOTE, MessageKind.REPOST):
        template = channel.post_url
    elif message.kind is MessageKind.REPLY:
        template = channel.reply_url
    else:
        template = None
    if template is None:
        return None
    values = _placeholders(profile, message.remote_id)
    needed = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    if any(not values.get(name) for name in needed):
        return None
    return template.format_map(values)


def _placeholders(profile: Profile, remote_id: str) -> dict[str, str]:
    handle = profile.handle.strip().removeprefix("@")
    user, _, instance = handle.partition("@")
    if not instance and profile.url is not None:
        instance = urlsplit(profile.url).hostname or ""
    return {
        "handle": quote(handle, safe="@.-_~"),
        "user": quote(user, safe=".-_~"),
        "instance": quote(instance.lower(), safe=".-"),
        "remote_id": quote(remote_id, safe=_SAFE),
        "record_key": quote(remote_id.rstrip("/").rsplit("/", 1)[-1], safe=_SAFE),
    }
