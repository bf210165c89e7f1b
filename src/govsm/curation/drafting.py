r"""A feed entry written as a draft for one profile: title, a short summary that fits, the link.

The text is the entry's title, a blank line, its summary, a blank line and its link. The
summary is at most :data:`SUMMARY_MAX` characters, and shorter when the profile's network would
not take it: it is cut at a word boundary, with ``…``, until the whole text fits the network's
limit as the network counts it (:func:`govsm.text.measure`: X's weighting, the 23 characters
of a Mastodon link, Bluesky's graphemes and bytes). When even the title and the link do not
fit, the summary goes and the title is cut too. A network that sets no limit gets the whole.

>>> from govsm.channels.catalogue import CHANNELS
>>> x = next(channel for channel in CHANNELS if channel.id == "x")
>>> text = compose("Concert de Santa Cecília", "La Unió Musical " * 40, "https://a.example/1", x)
>>> print(text[:60].replace("\n", "|"))
Concert de Santa Cecília||La Unió Musical La Unió Musical La
>>> fits(text, x), text.endswith("…\n\nhttps://a.example/1")
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from govsm.curation.dedup import message_id
from govsm.curation.entry_text import shorten
from govsm.curation.parsing import FeedEntry
from govsm.model import Channel, Direction, Message, MessageKind, MessageState, Profile
from govsm.text import measure

#: the longest summary a draft carries, in characters, whatever the network allows
SUMMARY_MAX = 280


def fits(text: str, channel: Channel) -> bool:
    """Whether ``channel`` takes ``text``: within its length limit and its byte limit."""
    measured = measure(text, channel)
    if measured.limit is not None and measured.length > measured.limit:
        return False
    return measured.byte_limit is None or measured.utf8_bytes <= measured.byte_limit


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def _longest(words: str, build: Callable[[str], str], channel: Channel) -> str | None:
    """The longest :func:`~govsm.curation.entry_text.shorten` of ``words`` whose text fits.

    ``build`` makes the whole text from a cut; ``None`` when not even one character fits.
    """
    low, high, best = 1, len(words), None
    while low <= high:
        middle = (low + high) // 2
        piece = shorten(words, middle)
        if fits(build(piece), channel):
            best, low = piece, middle + 1
        else:
            high = middle - 1
    return best


def compose(title: str, summary: str, link: str | None, channel: Channel | None) -> str:
    """The draft's text for ``channel`` (see the module's description).

    :param title: the entry's title, as text.
    :param summary: its summary, as text.
    :param link: its link, if it has one.
    :param channel: the profile's network (``None``: no limit is known).
    """
    url = link or ""
    summary = shorten(summary, SUMMARY_MAX)
    whole = _join(title, summary, url)
    if channel is None or fits(whole, channel):
        return whole
    if summary:
        cut = _longest(summary, lambda piece: _join(title, piece, url), channel)
        if cut is not None:
            return _join(title, cut, url)
    if title:
        if fits(_join(title, url), channel):
            return _join(title, url)
        cut = _longest(title, lambda piece: _join(piece, url), channel)
        if cut is not None:
            return _join(cut, url)
    return url or shorten(title or summary, 1)


def draft(
    organisation: str,
    source: str,
    profile: Profile,
    entry: FeedEntry,
    channel: Channel | None,
    language: str | None,
    now: datetime,
) -> Message:
    """The draft of ``entry`` for ``profile``: a post, by nobody yet, in state ``draft``.

    :param organisation: the organisation's id.
    :param source: the source's id (the draft's id derives from it).
    :param profile: the profile it is for.
    :param entry: the feed entry.
    :param channel: the profile's network, to fit the text to.
    :param language: the language of the draft (the source's, else the entry's).
    :param now: when it is drafted.
    """
    return Message(
        organisation=organisation,
        id=message_id(source, profile.id, entry.key),
        profile=profile.id,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=compose(entry.title, entry.summary, entry.link, channel),
        created_at=now,
        language=language,
        links=(entry.link,) if entry.link else (),
        author=None,
    )
