"""The Page's content export: a row per post of the Page, as govsm messages.

A Page admin's *Analytics → Content → Export* gives a workbook whose sheet ``All posts`` has,
under a first row that describes the sheet, a header row and a row per post: ``Post title``
(the post's text; ``Update title`` in earlier exports), ``Post link`` (``Update link``: the
post's address, with its URN), ``Post type`` (organic or sponsored), ``Campaign name``,
``Posted by``, ``Created date`` (the day), then LinkedIn's counts — ``Impressions``, ``Clicks``,
``Click through rate (CTR)``, ``Likes``, ``Comments``, ``Reposts``, ``Follows``,
``Engagement rate``… The header row is looked for in the first rows of each sheet,
``All posts`` first, so a sheet with or without the description row is read.

Each post becomes an outbound, published ``post``: its **text** the title cell, **id**
``linkedin-<kind of URN>-<number>`` and **remote id** the URN from ``Post link`` (a row without
one: an id made from a hash of its cells), **url** ``Post link``, and **published** at the
moment the URN holds, or at ``Created date`` (see :mod:`govsm_linkedin_archive.moments`).

Beside each message, LinkedIn's record of the row is kept: **a JSON object of the row's cells
as text**, keyed by the header row's names in their order (the counts, the author, the
campaign… all of it), its ``source`` the file, the sheet and the row (``….xls!All posts@3``).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from govsm.errors import ConfigError, GovsmError
from govsm.model import Bilingual, Direction, Message, MessageKind, MessageState
from govsm.reading.archive_names import shown_name
from govsm.reading.bounds import within
from govsm.spec.importer import ImportContext, Imported, ImportProblem
from govsm.spec.limits import Limits
from govsm_linkedin_archive.account import choose_profile, page_account
from govsm_linkedin_archive.columns import PAGE_POSTS, Header, column_key
from govsm_linkedin_archive.moments import page_moment
from govsm_linkedin_archive.shares import row_hash
from govsm_linkedin_archive.texts import web_address, without_controls
from govsm_linkedin_archive.urns import urn_in
from govsm_linkedin_archive.workbook import (
    WORKBOOK_FAILURES,
    SheetRow,
    Workbook,
    cell_text,
    open_workbook,
    unreadable,
)

#: the rows of a sheet searched for its header row
HEADER_ROWS = 10
#: the sheet LinkedIn puts the posts in
POSTS_SHEET = "All posts"
#: the sector an OLE2 compound file (a binary ``.xls``) is made of
SECTOR_BYTES = 512


def page_post_message(row: SheetRow, header: Header, *, organisation: str, profile: str) -> Message:
    """The govsm message of one row of the Page's posts (see the module).

    :raises govsm.errors.GovsmError: the row says neither its day nor, by its URN, its
        moment; or it has a value the model refuses.
    """
    texts = [cell_text(value) for value in row.cells]
    title = header.value(texts, "title")
    link = header.value(texts, "link").strip()
    index = header.positions["created"]
    created = row.cells[index] if index < len(row.cells) else None
    urn = urn_in(link)
    written = created if created is None or isinstance(created, date) else cell_text(created)
    moment = page_moment(written, urn.moment if urn is not None else None)
    if moment is None:
        shown = cell_text(created).strip()[:40]
        raise ConfigError(
            f"su «Created date» ({shown or 'vacía'}) no es una fecha y su enlace no la dice",
            f"its 'Created date' ({shown or 'empty'}) is not a date and its link does not say "
            "it either",
        )
    if urn is not None:
        identifier = urn.message_id
    else:
        identifier = "linkedin-post-" + row_hash(title, link, cell_text(created))
    return Message(
        organisation=organisation,
        id=identifier,
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.PUBLISHED,
        text=without_controls(title),
        created_at=moment,
        published_at=moment,
        remote_id=urn.text if urn is not None else None,
        url=web_address(link),
    )


def original_record(row: SheetRow, header: Header) -> str:
    """The row as LinkedIn's record of the post: a JSON object of its cells as text."""
    record: dict[str, str] = {}
    width = max(len(header.names), len(row.cells))
    for index in range(width):
        name = header.names[index] if index < len(header.names) else ""
        key = name if name.strip() else f"column {index + 1}"
        while key in record:
            key += " (2)"
        value = cell_text(row.cells[index]) if index < len(row.cells) else ""
        if index >= len(header.names) and not value:
            continue
        record[key] = value
    return json.dumps(record, ensure_ascii=False)


def _oversized(row: SheetRow, header: Header, limits: Limits) -> Bilingual | None:
    """Why a row is refused for a cell past the limits, if it is."""
    title = header.positions["title"]
    for index, value in enumerate(row.cells):
        text = cell_text(value)
        limit, key = (
            (limits.text_bytes, "text_bytes")
            if index == title
            else (limits.field_bytes, "field_bytes")
        )
        if not within(text, limit):
            column = header.names[index] if index < len(header.names) else f"{index + 1}"
            return Bilingual(
                es=f"la celda de «{shown_name(column)}» pasa de {limit} bytes ([limits] {key})",
                en=f"the cell of '{shown_name(column)}' is longer than {limit} bytes "
                f"([limits] {key})",
            )
    return None


def _sheets_in_order(book: Workbook) -> list[str]:
    names = book.sheet_names()
    return sorted(names, key=lambda name: column_key(name) != column_key(POSTS_SHEET))


def _posts_table(book: Workbook) -> tuple[str, Header, Iterator[SheetRow]] | None:
    """The sheet with the posts, its header, and its rows after the header."""
    for sheet in _sheets_in_order(book):
        rows = book.rows(sheet)
        for row in rows:
            header = PAGE_POSTS.header(cell_text(value).strip() for value in row.cells)
            if header is not None:
                return sheet, header, rows
            if row.number >= HEADER_ROWS:
                break
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    return None


def read_page_export(
    path: Path, xls: bool, context: ImportContext, shown: str
) -> Iterator[Imported | ImportProblem]:
    """Each post of the Page's content export at ``path``, with its record, or a problem.

    :param path: the workbook (``.xls`` or ``.xlsx``).
    :param xls: whether it is a binary ``.xls``.
    :param context: the organisation, its limits and profiles.
    :param shown: the file as problems name it.
    """
    try:
        book = open_workbook(path, xls, context.limits, shown)
    except ConfigError as exc:
        yield ImportProblem(exc.where or shown, Bilingual(es=exc.es, en=exc.en))
        return
    if xls:
        short = _short_sectors(path, shown)
        if short is not None:
            yield short
    try:
        yield from _posts(book, path, context, shown)
    finally:
        with contextlib.suppress(*WORKBOOK_FAILURES):  # damaged: nothing more to read
            book.close()


def _short_sectors(path: Path, shown: str) -> ImportProblem | None:
    """A problem when a binary workbook is not a whole number of 512-byte sectors long.

    An OLE2 compound file is its header and whole sectors: one cut short may still open (its
    last sectors unused, or read as missing), so what can be read is loaded, and this says so.
    """
    size = path.stat().st_size
    if size % SECTOR_BYTES == 0:
        return None
    return ImportProblem(
        shown,
        Bilingual(
            es=f"ocupa {size} bytes, que no son sectores enteros de {SECTOR_BYTES}: parece "
            "truncado; se carga lo que se puede leer",
            en=f"it takes {size} bytes, not a whole number of {SECTOR_BYTES}-byte sectors: it "
            "looks truncated; what can be read is loaded",
        ),
    )


def _posts(
    book: Workbook, path: Path, context: ImportContext, shown: str
) -> Iterator[Imported | ImportProblem]:
    reached = shown
    try:
        table = _posts_table(book)
    except WORKBOOK_FAILURES as exc:
        yield _problem(unreadable(exc, shown))
        return
    if table is None:
        yield ImportProblem(
            shown,
            Bilingual(
                es="ninguna hoja tiene la tabla de publicaciones de una página de LinkedIn "
                "(las columnas «Post title», «Post link» y «Created date»)",
                en="no sheet has the posts table of a LinkedIn Page (the columns 'Post title', "
                "'Post link' and 'Created date')",
            ),
        )
        return
    sheet, header, rows = table
    profile = choose_profile(page_account(path.name), context, shown)
    if isinstance(profile, ImportProblem):
        yield profile
        return
    place = f"{shown}!{shown_name(sheet)}"
    source = f"{path.name}!{shown_name(sheet)}"
    while True:
        try:  # only the library's reading: a bug of govsm's is not a damaged workbook
            row = next(rows)
        except StopIteration:
            return
        except WORKBOOK_FAILURES as exc:
            yield _problem(unreadable(exc, reached))
            return
        reached = f"{place}@{row.number}"
        if any(cell_text(value).strip() for value in row.cells):
            yield _post(row, header, context, profile, reached, source)


def _post(
    row: SheetRow,
    header: Header,
    context: ImportContext,
    profile: str,
    where: str,
    source: str,
) -> Imported | ImportProblem:
    too_large = _oversized(row, header, context.limits)
    if too_large is not None:
        return ImportProblem(
            where, Bilingual(es=f"{too_large.es}; no se carga", en=f"{too_large.en}; not loaded")
        )
    try:
        message = page_post_message(row, header, organisation=context.organisation, profile=profile)
    except GovsmError as exc:
        return ImportProblem(
            where, Bilingual(es=f"{exc.es}; no se carga", en=f"{exc.en}; not loaded")
        )
    return Imported(message, original_record(row, header), f"{source}@{row.number}")


def _problem(exc: ConfigError) -> ImportProblem:
    return ImportProblem(exc.where or "?", Bilingual(es=exc.es, en=exc.en))
