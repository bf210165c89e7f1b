"""Where a Mastodon archive keeps what govsm reads, and whether an archive is one.

The archive Mastodon gives an account (``BackupService`` in Mastodon's source) holds, at its top:
``outbox.json`` (the account's statuses, as ActivityStreams activities), ``actor.json`` (the
account), ``likes.json`` and ``bookmarks.json`` (addresses of other people's posts), the avatar
and header images, and the media of the account's posts under ``media_attachments/…``. Since
Mastodon 4.2 it is a zip; before, a ``.tar.gz``. Someone who unpacked it and packed the folder
again has everything one folder deeper: that is accepted too.

>>> layout = find_layout(["media_attachments/files/1/original/a.jpg", "outbox.json",
...                       "likes.json", "bookmarks.json", "actor.json", "avatar.png"])
>>> layout.outbox, layout.actor, layout.top
('outbox.json', 'actor.json', '')
>>> find_layout(["archive-2024/outbox.json", "archive-2024/actor.json"]).outbox
'archive-2024/outbox.json'
>>> find_layout(["data/tweets.js", "data/account.js"]).outbox is None
True
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from attrs import frozen

from govsm.reading.archive_members import ArchiveError, ArchiveKind, archive_kind, open_archive

#: the two files that make an archive Mastodon's
OUTBOX = "outbox.json"
ACTOR = "actor.json"


@frozen
class Layout:
    """The members of a Mastodon archive that govsm reads.

    :param top: the folder the archive's files are in: ``""`` at the top, or one folder
        (``archive-2024/``) when the archive was unpacked and packed again.
    :param outbox: ``outbox.json``, if there is one.
    :param actor: ``actor.json``, if there is one.
    """

    top: str = ""
    outbox: str | None = None
    actor: str | None = None

    def member(self, path: str) -> str:
        """The member's name for ``path``, a path relative to the archive's folder."""
        return self.top + path


def find_layout(names: Iterable[str]) -> Layout:
    """The members of an archive with these names that govsm reads.

    The files at the top are taken first; else the first folder (in name order) that has an
    ``outbox.json``; else the first that has an ``actor.json``.
    """
    found: dict[str, set[str]] = {}
    for name in names:
        top, _, base = name.rpartition("/")
        if base not in (OUTBOX, ACTOR) or top.count("/"):
            continue
        found.setdefault(f"{top}/" if top else "", set()).add(base)
    if not found:
        return Layout()
    tops = sorted(found, key=lambda top: (top != "", OUTBOX not in found[top], top))
    top = tops[0]
    return Layout(
        top=top,
        outbox=top + OUTBOX if OUTBOX in found[top] else None,
        actor=top + ACTOR if ACTOR in found[top] else None,
    )


def recognises(path: Path) -> bool:
    """Whether ``path`` is an archive laid out as Mastodon's: ``outbox.json`` and ``actor.json``.

    The archive is opened with govsm's safe reader (:func:`open_archive`), which reads a zip's
    directory and nothing of its members. A tar has no directory: its headers are read through
    the whole compressed stream, so recognising a large ``.tar.gz`` takes as long as
    decompressing it. A tar the safe reader refuses (damaged, truncated, hostile) is still
    claimed, since no other importer reads tars: the importer then says what is wrong with it,
    naming the member and the byte. A zip it refuses is not claimed (it may be another
    platform's).
    """
    kind = archive_kind(path)
    if kind is None:
        return False
    try:
        with open_archive(path) as archive:
            layout = find_layout(archive.names())
    except ArchiveError:
        return kind is ArchiveKind.TAR
    return layout.outbox is not None and layout.actor is not None
