"""The columns of LinkedIn's tables, found by their names in a header row.

LinkedIn has named the same column in several ways over the years (``ShareLink``; the Page
export's ``Update link``, later ``Post link``), and a file saved again by a spreadsheet may
change their case or spacing. A name is compared without case, spaces or punctuation, and each
column govsm reads has the names it is known by (:class:`Table`).

>>> header = SHARES.header(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl"])
>>> header.value(["2024-05-02 09:30:00", "https://x.example/1", "Hola", "", ""], "commentary")
'Hola'
>>> header.value(["2024-05-02 09:30:00"], "visibility")
''
>>> SHARES.header(["Date", "Link", "Message"]) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from attrs import frozen

_NOT_LETTERS = re.compile(r"[\W_]+")


def column_key(name: object) -> str:
    """A column's name as it is compared: lower case, without spaces or punctuation."""
    return _NOT_LETTERS.sub("", str(name)).casefold() if name is not None else ""


@frozen
class Header:
    """Where each column govsm reads is in a header row.

    :param positions: each column's key and its index in the row.
    :param names: the header row's names as written.
    """

    positions: Mapping[str, int]
    names: tuple[str, ...]

    def value(self, row: Sequence[str], key: str) -> str:
        """The cell of column ``key`` in ``row``, ``""`` when the table or the row lacks it."""
        index = self.positions.get(key)
        if index is None or index >= len(row):
            return ""
        return row[index]


@frozen
class Table:
    """A table of LinkedIn's: the columns govsm reads, by the names each is known by.

    :param name: how messages call the table (``Shares.csv``).
    :param columns: each column's key and the names it is known by.
    :param required: the keys a header row must have for the table to be this one.
    """

    name: str
    columns: Mapping[str, tuple[str, ...]]
    required: frozenset[str]

    def header(self, row: Iterable[object]) -> Header | None:
        """The header ``row`` makes, ``None`` when it lacks a required column."""
        names = tuple("" if cell is None else str(cell) for cell in row)
        keys = [column_key(name) for name in names]
        positions: dict[str, int] = {}
        for key, known in self.columns.items():
            wanted = {column_key(name) for name in known}
            found = next((index for index, name in enumerate(keys) if name in wanted), None)
            if found is not None:
                positions[key] = found
        if not self.required <= positions.keys():
            return None
        return Header(positions, names)


#: ``Shares.csv``: what the member posted
SHARES = Table(
    "Shares.csv",
    {
        "date": ("Date",),
        "link": ("ShareLink",),
        "commentary": ("ShareCommentary",),
        "shared_url": ("SharedUrl",),
        "media_url": ("MediaUrl",),
        "visibility": ("Visibility",),
    },
    frozenset({"date", "link", "commentary"}),
)

#: ``Comments.csv``: what the member wrote under posts
COMMENTS = Table(
    "Comments.csv",
    {"date": ("Date",), "link": ("Link",), "message": ("Message",)},
    frozenset({"date", "link", "message"}),
)

#: ``Profile.csv``: the member
PROFILE = Table(
    "Profile.csv",
    {
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "profile_url": ("Profile URL", "Public Profile URL", "Public Profile Url"),
    },
    frozenset({"first_name", "last_name"}),
)

#: ``Email Addresses.csv``: the member's addresses
EMAILS = Table(
    "Email Addresses.csv",
    {"address": ("Email Address",), "confirmed": ("Confirmed",)},
    frozenset({"address"}),
)

#: the Page's content export: a row per post (``All posts``; earlier exports ``Update …``)
PAGE_POSTS = Table(
    "All posts",
    {
        "title": ("Post title", "Update title"),
        "link": ("Post link", "Update link"),
        "created": ("Created date",),
    },
    frozenset({"title", "link", "created"}),
)
