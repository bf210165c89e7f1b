"""Where an X archive keeps what govsm reads, and whether a zip is one.

The archive X gives an account ("Download an archive of your data") is a zip with a ``data/``
folder of scripts: ``account.js`` (whose archive it is), ``tweets.js`` (``tweet.js`` in older
archives; a large one goes on in ``tweets-part1.js``, ``tweets-part2.js``…), ``note-tweet.js``
(the whole text of long posts) and many more govsm does not read. Someone who unzipped it and
zipped the folder again has everything one folder deeper: that is accepted too.

>>> layout = find_layout(["data/account.js", "data/tweets-part1.js", "data/tweets.js",
...                       "data/note-tweet.js", "data/like.js", "data/tweets_media/1-a.jpg"])
>>> layout.tweets, layout.notes, layout.account
(('data/tweets.js', 'data/tweets-part1.js'), ('data/note-tweet.js',), 'data/account.js')
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from attrs import frozen

from govsm.reading.archive_errors import BROKEN
from govsm.reading.archive_members import ArchiveKind, archive_kind

#: the files govsm reads, under ``data/`` (itself at the top or in one folder)
_MEMBER = re.compile(
    r"(?P<top>(?:[^/]+/)?)data/(?:"
    r"(?P<account>account)|(?P<tweets>tweets?)|(?P<notes>note-tweet)"
    r")(?:-part(?P<part>[0-9]{1,6}))?\.js"
)


@frozen
class Layout:
    """The members of an X archive that govsm reads.

    :param tweets: the posts, in order: ``tweets.js`` (or ``tweet.js``), then its parts.
    :param notes: the long posts' full texts: ``note-tweet.js`` and its parts.
    :param account: ``account.js``, if there is one.
    """

    tweets: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    account: str | None = None


def find_layout(names: Iterable[str]) -> Layout:
    """The members of an archive with these names that govsm reads.

    When the files are found under more than one folder, the first folder (in name order) that
    has posts is taken.
    """
    found: dict[str, dict[str, list[tuple[int, str]]]] = {}
    for name in names:
        match = _MEMBER.fullmatch(name)
        if match is None:
            continue
        kind = next(k for k in ("account", "tweets", "notes") if match.group(k))
        part = int(match.group("part") or 0)
        found.setdefault(match.group("top"), {}).setdefault(kind, []).append((part, name))
    tops = sorted(found, key=lambda top: ("tweets" not in found[top], top))
    if not tops:
        return Layout()
    members = found[tops[0]]
    accounts = sorted(members.get("account", []))
    return Layout(
        tweets=tuple(name for _, name in sorted(members.get("tweets", []))),
        notes=tuple(name for _, name in sorted(members.get("notes", []))),
        account=accounts[0][1] if accounts else None,
    )


def recognises(path: Path) -> bool:
    """Whether ``path`` is a zip laid out as X's archive (its directory is read, nothing else).

    A zip whose directory names X's files is recognised even when something else in it is
    hostile: the importer then reports what.
    """
    if archive_kind(path) is not ArchiveKind.ZIP:
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except BROKEN:
        return False
    layout = find_layout(names)
    return bool(layout.tweets) or layout.account is not None
