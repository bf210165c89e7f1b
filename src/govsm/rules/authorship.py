"""Works out what a message is for the rules: its kind, its stage and the author's own words.

The network's own parts of a published text are recognised from what the message declares —
:attr:`~govsm.model.Message.counted_range` (X's ``display_text_range``) first, then
:attr:`~govsm.model.Message.appended_links` — and, where the message declares neither, from what
its channel's :class:`~govsm.model.TextRules` say the network does: X does not count a reply's
leading @mentions, appends a ``t.co`` link for an attached photo, video or quoted post, and
writes a repost as ``RT @author: …``. A draft is judged whole — nothing has been added to it yet,
whatever it declares — but a draft of kind ``repost`` is still someone else's words.

>>> from datetime import UTC, datetime
>>> from govsm.model import Direction, Media, MediaKind, Message, MessageKind, MessageState
>>> from govsm.plugins import PluginHost
>>> x = PluginHost().channels()["x"]
>>> post = Message(organisation="ayto", id="m1", profile="x-ayto",
...                direction=Direction.OUTBOUND, kind=MessageKind.POST,
...                state=MessageState.PUBLISHED, text="Feria del libro https://t.co/AbC123",
...                media=(Media(kind=MediaKind.IMAGE, location="cartel.jpg"),),
...                created_at=datetime(2026, 5, 1, tzinfo=UTC),
...                published_at=datetime(2026, 5, 1, tzinfo=UTC))
>>> found = authorship(post, x)
>>> post.text[found.own.start:found.own.end]
'Feria del libro'
"""

from __future__ import annotations

import re
from functools import cache

from govsm.model import Channel, Direction, Message, MessageKind, MessageState, Span
from govsm.spec.authorship import Authorship, Stage

#: the leading @mentions of a reply (X handles: letters, digits and underscores, up to 15)
_LEADING_MENTIONS = re.compile(r"(?:\s*@[A-Za-z0-9_]{1,15}\b)+\s*")


@cache
def _repost(prefix: str) -> re.Pattern[str]:
    return re.compile(re.escape(prefix) + r"[A-Za-z0-9_]{1,15}:\s*")


@cache
def _wrapped_link(host: str) -> re.Pattern[str]:
    return re.compile(r"\s*https?://" + re.escape(host) + r"/[A-Za-z0-9]+\s*\Z", re.IGNORECASE)


def stage_of(message: Message) -> Stage:
    """A message is published once it went out (or when a citizen wrote it); else a draft."""
    if message.direction is Direction.INBOUND or message.state is MessageState.PUBLISHED:
        return Stage.PUBLISHED
    return Stage.DRAFT


def authorship(message: Message, channel: Channel | None) -> Authorship:
    """What ``message`` is on ``channel`` and which part of its text is the author's own.

    :param message: the message.
    :param channel: its network, when known (without one, only what the message declares is
        used).
    """
    text = message.text
    stage = stage_of(message)
    rules = channel.text_rules if channel is not None else None
    kind = message.kind
    if (
        stage is Stage.PUBLISHED
        and kind is MessageKind.POST
        and rules is not None
        and rules.repost_prefix
        and _repost(rules.repost_prefix).match(text)
    ):
        kind = MessageKind.REPOST
    if kind is MessageKind.REPOST:
        return Authorship(kind=kind, stage=stage, own=Span(0, 0))
    if stage is Stage.DRAFT:
        return Authorship(kind=kind, stage=stage, own=Span(0, len(text)))
    if message.counted_range is not None:
        return Authorship(kind=kind, stage=stage, own=message.counted_range)
    start, end = 0, len(text)
    if kind is MessageKind.REPLY and rules is not None and not rules.reply_mentions_counted:
        leading = _LEADING_MENTIONS.match(text)
        if leading is not None:
            start = leading.end()
    end = _before_appended(message, kind, channel, start)
    return Authorship(kind=kind, stage=stage, own=Span(start, max(start, end)))


def _before_appended(
    message: Message, kind: MessageKind, channel: Channel | None, start: int
) -> int:
    """Where the author's text ends: before the links the network appended, if any."""
    text = message.text
    end = len(text)
    if message.appended_links:
        stripped = len(text.rstrip())
        for link in reversed(message.appended_links):
            if stripped - len(link) < start or not text.startswith(link, stripped - len(link)):
                break
            stripped = len(text[: stripped - len(link)].rstrip())
            end = stripped
        return end
    wrapper = channel.text_rules.link_wrapper if channel is not None else None
    if wrapper is None:
        return end
    attached = (1 if message.media else 0) + (1 if kind is MessageKind.QUOTE else 0)
    pattern = _wrapped_link(wrapper)
    for _ in range(attached):
        found = pattern.search(text, start, end)
        if found is None:
            break
        end = found.start()
    return end
