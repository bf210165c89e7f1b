"""Which of LinkedIn's files a path is, and where the member export keeps what govsm reads.

LinkedIn's *Get a copy of your data* gives a member a zip of CSV files at its top:
``Shares.csv`` (the member's posts), ``Comments.csv`` (the member's comments), ``Profile.csv``,
``Email Addresses.csv`` and many others govsm does not read. Some exports add the member's
number to a name (``Shares_17529409.csv``); someone who unpacked the zip and packed the folder
again has everything one folder deeper: both are accepted.

>>> layout = find_layout(["Connections.csv", "Shares_17529409.csv", "Profile.csv",
...                       "Email Addresses.csv", "Comments.csv", "messages.csv"])
>>> layout.shares, layout.comments, layout.profile, layout.emails
('Shares_17529409.csv', 'Comments.csv', 'Profile.csv', 'Email Addresses.csv')
>>> find_layout(["export/Shares.csv"]).shares
'export/Shares.csv'
>>> find_layout(["data/tweets.js", "data/account.js"]).shares is None
True

What a path is (:func:`kind_of`) is told by its content, never by its name alone: a zip with
``Shares.csv`` or ``Comments.csv`` is a member export; a CSV file whose first line is the header
of ``Shares.csv`` or ``Comments.csv`` is that table alone; a file named ``.xls`` or ``.xlsx``
is a Page's content export — a binary workbook when it starts as an OLE2 compound file does,
else an Office Open XML one — since no other importer reads workbooks: a damaged one is then
reported by the reader, naming what is wrong.
"""

from __future__ import annotations

import csv
import enum
import re
from collections.abc import Iterable
from pathlib import Path

from attrs import frozen

from govsm.reading.archive_members import ArchiveError, ArchiveKind, archive_kind, open_archive
from govsm_linkedin_archive.columns import COMMENTS, SHARES

_MEMBER = re.compile(r"(shares|comments|profile|email addresses)(?:_[0-9]+)?\.csv", re.IGNORECASE)
#: the first bytes of an OLE2 compound file: a binary ``.xls``
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: the most of a CSV file read to recognise its header
HEAD_BYTES = 64 * 1024


class Kind(enum.StrEnum):
    """What one of LinkedIn's files is."""

    MEMBER_ZIP = "member-zip"
    SHARES_CSV = "shares-csv"
    COMMENTS_CSV = "comments-csv"
    XLSX = "xlsx"
    XLS = "xls"


@frozen
class Layout:
    """The members of a member export that govsm reads (each ``None`` when it is missing)."""

    shares: str | None = None
    comments: str | None = None
    profile: str | None = None
    emails: str | None = None


def find_layout(names: Iterable[str]) -> Layout:
    """The members of an archive with these names that govsm reads.

    The files at the top are taken first, else those of the first folder (in name order) that
    has ``Shares.csv`` or ``Comments.csv``; within a folder, the first name in order.
    """
    found: dict[str, dict[str, str]] = {}
    for name in names:
        top, _, base = name.rpartition("/")
        match = _MEMBER.fullmatch(base)
        if match is None or top.count("/"):
            continue
        role = match.group(1).lower()
        folder = found.setdefault(f"{top}/" if top else "", {})
        if role not in folder or name < folder[role]:
            folder[role] = name
    tops = sorted(
        found,
        key=lambda top: (top != "", not ({"shares", "comments"} & found[top].keys()), top),
    )
    if not tops:
        return Layout()
    chosen = found[tops[0]]
    return Layout(
        chosen.get("shares"),
        chosen.get("comments"),
        chosen.get("profile"),
        chosen.get("email addresses"),
    )


def csv_table(head: bytes) -> Kind | None:
    """Which table a CSV file is, from its first bytes (its header line)."""
    line = head.split(b"\n", 1)[0].removeprefix(b"\xef\xbb\xbf")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text = line.decode("cp1252", errors="replace")
    try:
        row = next(csv.reader([text]), [])
    except csv.Error:
        return None
    if SHARES.header(row) is not None:
        return Kind.SHARES_CSV
    if COMMENTS.header(row) is not None:
        return Kind.COMMENTS_CSV
    return None


def kind_of(path: Path) -> Kind | None:
    """What ``path`` is, by its name's ending and its content (see the module); ``None``: none.

    Only a zip's directory, a CSV file's first line or a workbook's first bytes are read; a
    zip govsm's safe archive reader refuses is not taken (it may be another platform's).
    """
    name = path.name.lower()
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES if name.endswith(".csv") else len(OLE2))
    except OSError:
        return None
    if name.endswith(".csv"):
        return csv_table(head)
    if name.endswith((".xls", ".xlsx")):
        return Kind.XLS if head.startswith(OLE2) else Kind.XLSX
    if archive_kind(path) is not ArchiveKind.ZIP:
        return None
    try:
        with open_archive(path) as archive:
            layout = find_layout(archive.names())
    except ArchiveError:
        return None
    return Kind.MEMBER_ZIP if layout.shares or layout.comments else None


def recognises(path: Path) -> bool:
    """Whether ``path`` is one of LinkedIn's files this importer reads (see :func:`kind_of`)."""
    return kind_of(path) is not None
