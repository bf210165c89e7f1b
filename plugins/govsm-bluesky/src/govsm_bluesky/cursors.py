"""The cursors ``fetch_inbound`` and ``fetch_own`` hand back, as text govsm stores.

A firehose's sequence numbers belong to one PDS: every cursor names its PDS, and a cursor of
another PDS (the account moved) starts over. The forms:

``<seq>@<pds>``
    inbound: the firehose's last sequence number read (``42@https://pds.example``);
``list:<rev>:<after>@<pds>``
    own posts, while the repository's posts are being listed (``listRecords`` from ``after``;
    ``rev`` is the repository's revision when the listing began);
``seq:<seq>:<rev>@<pds>``
    own posts, from the firehose after ``seq``; commits of the repository up to revision ``rev``
    are already in the listing and are skipped.
"""

from __future__ import annotations

import logging
import re

from attrs import frozen

log = logging.getLogger(__name__)

_INBOUND = re.compile(r"(?P<seq>\d{1,18})@(?P<pds>\S+)\Z")
_OWN = re.compile(r"(?P<phase>list|seq):(?P<rev>[a-z2-7]*):(?P<at>[^@\s]*)@(?P<pds>\S+)\Z")


def inbound(seq: int, pds: str) -> str:
    """The inbound cursor after ``seq``.

    >>> inbound(42, "https://pds.example")
    '42@https://pds.example'
    """
    return f"{seq}@{pds}"


def read_inbound(cursor: str | None, pds: str) -> int:
    """The sequence number to read the firehose of ``pds`` after (0: from the oldest kept).

    >>> read_inbound("42@https://pds.example", "https://pds.example")
    42
    >>> read_inbound(None, "https://pds.example")
    0
    """
    if cursor is None:
        return 0
    found = _INBOUND.match(cursor)
    if found is None or found["pds"] != pds:
        log.warning("bluesky: the inbound cursor is not this PDS's; reading from the oldest kept")
        return 0
    return int(found["seq"])


@frozen
class Own:
    """Where ``fetch_own`` goes on.

    :param listing: still listing the repository's posts (else reading the firehose).
    :param rev: the repository's revision when the listing began.
    :param after: the listing's cursor (listing) or the firehose's sequence number (as text).
    :param pds: the PDS.
    """

    listing: bool
    rev: str
    after: str
    pds: str

    def __str__(self) -> str:
        return f"{'list' if self.listing else 'seq'}:{self.rev}:{self.after}@{self.pds}"

    @property
    def seq(self) -> int:
        """The firehose's sequence number (0 while listing)."""
        return 0 if self.listing else int(self.after or 0)


def read_own(cursor: str | None, pds: str) -> Own | None:
    """Where to go on from ``cursor``; ``None``: list the repository's posts from the start.

    >>> str(read_own("seq:3n3z4gmu65s22:17@https://p.example", "https://p.example"))
    'seq:3n3z4gmu65s22:17@https://p.example'
    >>> read_own(None, "https://p.example") is None
    True
    """
    if cursor is None:
        return None
    found = _OWN.match(cursor)
    if found is None or found["pds"] != pds:
        log.warning("bluesky: the own-posts cursor is not this PDS's; listing the posts again")
        return None
    listing = found["phase"] == "list"
    if not listing and not found["at"].isdigit():
        return None
    return Own(listing=listing, rev=found["rev"], after=found["at"], pds=pds)
