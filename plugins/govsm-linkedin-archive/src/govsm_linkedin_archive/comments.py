"""One row of ``Comments.csv`` — a comment the member wrote under a post — as a govsm message.

``Comments.csv`` has a row per comment: ``Date`` (UTC), ``Link`` (the address of the post the
comment is under, with its URN) and ``Message`` (the comment's text). The comment's own id on
LinkedIn is not in the export.

* **kind** ``reply``, outbound and published at ``Date``; a row without a readable ``Date`` is
  not loaded (the post's URN holds the post's moment, not the comment's);
* **reply to** (``reply_to_remote``) the post's URN (``urn:li:activity:7191…``), or ``Link``
  as written when it holds none; a row without either is not loaded;
* **id** ``linkedin-comment-`` and a hash of the row's three cells, so that loading the file
  again updates the same message (two identical comments under one post in the same second
  are one message); no remote id and no url: LinkedIn does not give them.
"""

from __future__ import annotations

from collections.abc import Sequence

from govsm.errors import ConfigError
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm_linkedin_archive.columns import Header
from govsm_linkedin_archive.moments import utc_moment
from govsm_linkedin_archive.shares import row_hash
from govsm_linkedin_archive.texts import clean_address, without_controls
from govsm_linkedin_archive.urns import urn_in


def comment_message(
    row: Sequence[str], header: Header, *, organisation: str, profile: str
) -> Message:
    """The govsm message of one row of ``Comments.csv`` (see the module).

    :param row: the row's cells.
    :param header: where ``Comments.csv``'s columns are.
    :param organisation: the organisation's id.
    :param profile: the profile the export is of.
    :raises govsm.errors.GovsmError: the row has no readable date, does not say which post it
        is under, or has a value the model refuses (the reader names the row's line).
    """
    date = header.value(row, "date")
    link = header.value(row, "link")
    text = header.value(row, "message")
    moment = utc_moment(date)
    if moment is None:
        raise ConfigError(
            f"su «Date» ({date.strip()[:40] or 'vacía'}) no es una fecha",
            f"its 'Date' ({date.strip()[:40] or 'empty'}) is not a date",
        )
    urn = urn_in(link)
    parent = urn.text if urn is not None else clean_address(link)
    if parent is None:
        raise ConfigError(
            "su «Link» no dice bajo qué publicación está el comentario",
            "its 'Link' does not say which post the comment is under",
        )
    return Message(
        organisation=organisation,
        id="linkedin-comment-" + row_hash(date, link, text),
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.REPLY,
        state=MessageState.PUBLISHED,
        text=without_controls(text),
        created_at=moment,
        published_at=moment,
        reply_to_remote=parent,
    )
