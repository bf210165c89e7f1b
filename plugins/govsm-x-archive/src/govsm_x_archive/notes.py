"""Long posts: the whole text X keeps in ``note-tweet.js``, matched to its tweet.

A post longer than 280 characters (X Premium's "long posts") is in ``tweets.js`` cut short,
ending in ``…``, and whole in ``note-tweet.js``::

    {"noteTweet": {"noteTweetId": "…", "createdAt": "2024-05-02T09:30:00.000Z",
                   "core": {"text": "…", "urls": [{"shortUrl": "https://t.co/…",
                                                   "expandedUrl": "https://…"}], …}}}

The note does not name its tweet: its id is one X made for the note at the same moment. The
tweet is the one made within :data:`WINDOW` of the note (by the time of the tweet's id, to the
millisecond, and the note's ``createdAt``, or the time of the note's id) whose own text — without
a reply's leading mentions, the ``…`` and trailing links — begins the note's text; failing that,
the only note of the moment when the tweet was cut short. Each note is used once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from attrs import frozen

from govsm_x_archive.escapes import unescape
from govsm_x_archive.records import iso_moment, items, mapping, snowflake_time, text_field

#: how far apart a note and its tweet may have been made
WINDOW = timedelta(seconds=10)

#: how much of a cut-short tweet's own text must begin the note's text
PREFIX_CHARACTERS = 60

#: a tweet not marked as cut (``…``) is taken for a long post's stub only from this length on
STUB_CHARACTERS = 200

_SPACES = re.compile(r"\s+")
_TRAILING_LINKS = re.compile(r"(?:\s*https?://\S+)+\s*\Z")


@frozen
class Note:
    """A long post's whole text.

    :param id: X's ``noteTweetId``.
    :param created: when it was made.
    :param text: its text as shown (X's three HTML escapes undone).
    :param links: the addresses its ``t.co`` links stand for.
    :param original: the record exactly as ``note-tweet.js`` has it.
    :param source: where that record is (``archive!member@byte``).
    """

    id: str
    created: datetime
    text: str
    links: tuple[str, ...]
    original: bytes
    source: str


def note_from(data: Any, original: bytes, source: str) -> Note | None:
    """The note of one item of ``note-tweet.js``, ``None`` when it has no text or no time."""
    if not isinstance(data, dict):
        return None
    record = mapping(data, "noteTweet")
    core = mapping(record, "core")
    identifier = text_field(record, "noteTweetId") or ""
    text = text_field(core, "text")
    created = iso_moment(record.get("createdAt")) or snowflake_time(identifier)
    if text is None or created is None:
        return None
    links = tuple(
        link for url in items(core, "urls") if (link := text_field(url, "expandedUrl")) is not None
    )
    return Note(identifier, created, unescape(text).shown, links, original, source)


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def own_prefix(own: str) -> tuple[str, bool]:
    """A cut-short tweet's own text as it begins its note, and whether it was cut (``…``)."""
    text = _TRAILING_LINKS.sub("", own).rstrip()
    cut = text.endswith("…")
    return _normal(text.removesuffix("…"))[:PREFIX_CHARACTERS], cut


class NoteIndex:
    """The notes of an archive, found by the moment they were made.

    :param notes: every note of ``note-tweet.js``.
    """

    def __init__(self, notes: Iterable[Note] = ()) -> None:
        self._by_second: dict[int, list[Note]] = {}
        self._seconds: list[int] = []  # the keys of _by_second, sorted when first needed
        self._sorted = True
        self._count = 0
        for note in notes:
            self.add(note)

    def add(self, note: Note) -> None:
        """Keep ``note`` to be matched."""
        second = int(note.created.timestamp())
        if second not in self._by_second:
            self._by_second[second] = []
            self._seconds.append(second)
            self._sorted = False
        self._by_second[second].append(note)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def take(self, moment: datetime, own: str) -> Note | None:
        """The note of the tweet made at ``moment`` whose own text is ``own``, removed.

        ``None`` when no note matches (most tweets are not long posts).
        """
        if not self._count:
            return None
        if not self._sorted:
            self._seconds.sort()
            self._sorted = True
        second = int(moment.timestamp())
        span = int(WINDOW.total_seconds())
        first = bisect.bisect_left(self._seconds, second - span)
        if first == len(self._seconds) or self._seconds[first] > second + span:
            return None  # no note of that moment: the common case, found in a few steps
        candidates = [
            note
            for key in range(second - span, second + span + 1)
            for note in self._by_second.get(key, ())
            if abs(note.created - moment) <= WINDOW
        ]
        if not candidates:
            return None
        prefix, cut = own_prefix(own)
        fitting = [note for note in candidates if prefix and _normal(note.text).startswith(prefix)]
        if cut and not fitting and len(candidates) == 1:
            fitting = candidates
        elif not cut and len(own) < STUB_CHARACTERS:
            return None  # a short tweet that was not cut short is no long post's stub
        if not fitting:
            return None
        chosen = min(fitting, key=lambda note: abs(note.created - moment))
        self._by_second[int(chosen.created.timestamp())].remove(chosen)
        self._count -= 1
        return chosen
