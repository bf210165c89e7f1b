"""One row of ``Shares.csv`` — a post of the member's — as a govsm message.

``Shares.csv`` has a row per post: ``Date`` (UTC), ``ShareLink`` (the post's address, with its
URN), ``ShareCommentary`` (the text, its line breaks written as LinkedIn writes them:
:func:`govsm_linkedin_archive.texts.post_text`), ``SharedUrl`` (the address the post shares:
an article, or someone else's post), ``MediaUrl`` (its photo, video or document) and
``Visibility``.

* **kind**: a post sharing another LinkedIn post (``SharedUrl`` is a post's address) is a
  ``repost`` when it adds no text, a ``quote`` when it does; anything else is a ``post``;
* **id** ``linkedin-<kind of URN>-<number>`` (``linkedin-share-7062…``), **remote id** the URN
  (``urn:li:share:7062…``), **url** ``ShareLink``; a row without a URN gets an id made from a
  hash of its cells, so that loading the file again updates the same message;
* **published** at ``Date``, or at the moment the URN holds when ``Date`` is empty;
* **links**: ``SharedUrl``; **media**: ``MediaUrl``, of the kind its address says (a video, a
  GIF, a document, else an image). LinkedIn's export has no alt text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from urllib.parse import urlsplit

from govsm.errors import ConfigError
from govsm.model import Direction, Media, MediaKind, Message, MessageKind, MessageState
from govsm_linkedin_archive.columns import Header
from govsm_linkedin_archive.moments import utc_moment
from govsm_linkedin_archive.texts import post_text, web_address, without_controls
from govsm_linkedin_archive.urns import urn_in

_VIDEO = (".mp4", ".mov", ".m4v", ".webm", ".avi")
_DOCUMENT = (".pdf", ".ppt", ".pptx", ".doc", ".docx")


def row_hash(*cells: str) -> str:
    """A short, stable hash of a row's cells (32 hexadecimal digits)."""
    joined = "\x1f".join(cells).encode("utf-8", "surrogatepass")
    return hashlib.sha256(joined).hexdigest()[:32]


def media_kind(address: str) -> MediaKind:
    """The kind of the medium at ``address``, from its path (an image unless it says else)."""
    path = urlsplit(address).path.lower()
    if path.endswith(_VIDEO) or "/video" in path or "playlist" in path:
        return MediaKind.VIDEO
    if path.endswith(".gif"):
        return MediaKind.GIF
    if path.endswith(_DOCUMENT) or "/document" in path:
        return MediaKind.DOCUMENT
    return MediaKind.IMAGE


def is_linkedin_post(address: str) -> bool:
    """Whether ``address`` is a LinkedIn post's (a ``linkedin.com`` address with a post's URN)."""
    host = (urlsplit(address).hostname or "").lower()
    linkedin = host == "linkedin.com" or host.endswith(".linkedin.com")
    return linkedin and urn_in(address) is not None


def share_message(
    row: Sequence[str], header: Header, *, organisation: str, profile: str
) -> Message:
    """The govsm message of one row of ``Shares.csv`` (see the module).

    :param row: the row's cells.
    :param header: where ``Shares.csv``'s columns are.
    :param organisation: the organisation's id.
    :param profile: the profile the export is of.
    :raises govsm.errors.GovsmError: the row says neither when it went out nor which post it is,
        or has a value the model refuses (the reader names the row's line).
    """
    date = header.value(row, "date")
    link = header.value(row, "link")
    commentary = header.value(row, "commentary")
    shared_cell = header.value(row, "shared_url")
    media_cell = header.value(row, "media_url")
    urn = urn_in(link)
    moment = utc_moment(date) or (urn.moment if urn is not None else None)
    if moment is None:
        raise ConfigError(
            f"su «Date» ({date.strip()[:40] or 'vacía'}) no es una fecha y su enlace no lo dice",
            f"its 'Date' ({date.strip()[:40] or 'empty'}) is not a date and its link does not "
            "say it either",
        )
    text = without_controls(post_text(commentary))
    shared = web_address(shared_cell)
    if shared is not None and is_linkedin_post(shared):
        kind = MessageKind.QUOTE if text.strip() else MessageKind.REPOST
    else:
        kind = MessageKind.POST
    medium = web_address(media_cell)
    media = (Media(kind=media_kind(medium), location=medium),) if medium is not None else ()
    if urn is not None:
        identifier = urn.message_id
    else:
        identifier = "linkedin-post-" + row_hash(date, link, commentary, shared_cell, media_cell)
    return Message(
        organisation=organisation,
        id=identifier,
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=kind,
        state=MessageState.PUBLISHED,
        text=text,
        created_at=moment,
        published_at=moment,
        media=media,
        links=(shared,) if shared is not None else (),
        remote_id=urn.text if urn is not None else None,
        url=web_address(link),
    )
