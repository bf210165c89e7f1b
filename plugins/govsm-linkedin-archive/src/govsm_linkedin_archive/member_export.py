"""The member data export: ``Shares.csv`` and ``Comments.csv``, record by record.

The zip LinkedIn gives a member is opened with govsm's safe archive reader
(:func:`govsm.reading.archive_members.open_archive`); ``Profile.csv`` and
``Email Addresses.csv`` tell whose it is (:mod:`govsm_linkedin_archive.account`); then
``Shares.csv`` and ``Comments.csv`` are streamed record by record
(:mod:`govsm_linkedin_archive.csv_records`). Each record yields an
:class:`~govsm.spec.Imported` — the message and **the record's exact bytes** in the file,
``text/csv``, from ``source`` ``export.zip!Shares.csv@12`` (the member and the line where the
record starts) — or an :class:`~govsm.spec.ImportProblem` at ``…!Shares.csv:12``. A
``Shares.csv`` or ``Comments.csv`` given alone is read the same way.

The header row is looked for in the first records (a ``Notes:`` paragraph LinkedIn puts above
some tables is skipped). A record with more cells than the header, not all empty, is a problem
(LinkedIn's quoting went wrong there): its cells are not guessed at.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from govsm.errors import ConfigError, GovsmError
from govsm.model import Bilingual, Message
from govsm.reading.archive_members import Archive, ArchiveError, open_archive
from govsm.reading.archive_names import shown_name
from govsm.spec.importer import ImportContext, Imported, ImportProblem
from govsm.spec.limits import Limits
from govsm_linkedin_archive.account import Account, choose_profile, member_account
from govsm_linkedin_archive.columns import COMMENTS, EMAILS, PROFILE, SHARES, Header, Table
from govsm_linkedin_archive.comments import comment_message
from govsm_linkedin_archive.csv_records import COMMENTS as COMMENTS_DIALECT
from govsm_linkedin_archive.csv_records import SHARES as SHARES_DIALECT
from govsm_linkedin_archive.csv_records import Record, RecordProblem, records
from govsm_linkedin_archive.layout import find_layout
from govsm_linkedin_archive.shares import share_message

#: the records searched for a table's header row
HEADER_RECORDS = 5
#: the media type of a record kept as LinkedIn wrote it
CSV_MEDIA_TYPE = "text/csv"

Builder = Callable[..., Message]


def _problem(exc: ConfigError, fallback: str) -> ImportProblem:
    return ImportProblem(exc.where or fallback, Bilingual(es=exc.es, en=exc.en))


def _not_loaded(where: str, es: str, en: str) -> ImportProblem:
    return ImportProblem(where, Bilingual(es=f"{es}; no se carga", en=f"{en}; not loaded"))


def _rows(
    stream: IO[bytes], table: Table, dialect: type[csv.Dialect], limits: Limits, where: str
) -> Iterator[tuple[Header, Record] | ImportProblem]:
    """The records of one table after its header row, each with the header, or problems."""
    header: Header | None = None
    searched = 0
    for item in records(stream, dialect, limits):
        if isinstance(item, RecordProblem):
            yield ImportProblem(f"{where}:{item.line}", item.message)
            if item.final:
                return
            continue
        if header is None:
            header = table.header(item.fields)
            searched += 1
            if header is None and searched >= HEADER_RECORDS:
                break
            continue
        extra = item.fields[len(header.names) :]
        if any(cell.strip() for cell in extra):
            yield _not_loaded(
                f"{where}:{item.line}",
                f"tiene {len(item.fields)} celdas y la cabecera {len(header.names)}",
                f"it has {len(item.fields)} cells and the header {len(header.names)}",
            )
            continue
        yield header, item
    if header is None:
        yield _not_loaded(
            where,
            f"no tiene la cabecera de {table.name} en sus {HEADER_RECORDS} primeros registros",
            f"it lacks the header of {table.name} in its first {HEADER_RECORDS} records",
        )


def _messages(
    stream: IO[bytes],
    table: Table,
    build: Builder,
    context: ImportContext,
    profile: str,
    where: str,
    source: str,
) -> Iterator[Imported | ImportProblem]:
    """The messages of ``Shares.csv`` or ``Comments.csv`` read from ``stream``."""
    dialect = COMMENTS_DIALECT if table is COMMENTS else SHARES_DIALECT
    for item in _rows(stream, table, dialect, context.limits, where):
        if isinstance(item, ImportProblem):
            yield item
            continue
        header, record = item
        try:
            message = build(
                record.fields, header, organisation=context.organisation, profile=profile
            )
        except GovsmError as exc:
            yield _not_loaded(f"{where}:{record.line}", exc.es, exc.en)
            continue
        yield Imported(message, record.raw, f"{source}@{record.line}", CSV_MEDIA_TYPE)


def _first_rows(
    archive: Archive, member: str | None, table: Table, limits: Limits
) -> Iterator[Sequence[str] | ImportProblem]:
    """The cells of a small table's rows (``Profile.csv``), as its header names them."""
    if member is None:
        return
    where = f"{archive.shown}!{shown_name(member)}"
    try:
        with archive.open(member) as stream:
            for item in _rows(stream, table, SHARES_DIALECT, limits, where):
                if isinstance(item, ImportProblem):
                    yield item
                    continue
                header, record = item
                yield [header.value(record.fields, key) for key in table.columns]
    except ArchiveError as exc:
        yield _problem(exc, where)


def _account(
    archive: Archive, profile: str | None, emails: str | None, limits: Limits
) -> tuple[Account, list[ImportProblem]]:
    """Whose export it is, from ``Profile.csv`` and ``Email Addresses.csv``."""
    problems: list[ImportProblem] = []
    names = ("", "", "")
    for row in _first_rows(archive, profile, PROFILE, limits):
        if isinstance(row, ImportProblem):
            problems.append(row)
        elif names == ("", "", ""):
            names = (row[0], row[1], row[2])
    addresses: list[str] = []
    for row in _first_rows(archive, emails, EMAILS, limits):
        if isinstance(row, ImportProblem):
            problems.append(row)
        elif row[1].strip().lower() not in ("no", "false"):
            addresses.append(row[0])
    return member_account(*names, addresses), problems


def read_member_zip(path: Path, context: ImportContext) -> Iterator[Imported | ImportProblem]:
    """Each post and comment of the member export at ``path``, with its record, or a problem."""
    shown = str(path)
    try:
        archive = open_archive(path, context.limits, shown=shown)
    except ArchiveError as exc:
        yield _problem(exc, shown)
        return
    with archive:
        layout = find_layout(archive.names())
        account, problems = _account(archive, layout.profile, layout.emails, context.limits)
        yield from problems
        profile = choose_profile(account, context, shown)
        if isinstance(profile, ImportProblem):
            yield profile
            return
        for member, table, build in (
            (layout.shares, SHARES, share_message),
            (layout.comments, COMMENTS, comment_message),
        ):
            if member is None:
                continue
            where = f"{shown}!{shown_name(member)}"
            try:
                with archive.open(member) as stream:
                    source = f"{path.name}!{shown_name(member)}"
                    yield from _messages(stream, table, build, context, profile, where, source)
            except ArchiveError as exc:
                yield _problem(exc, where)


def read_member_csv(
    path: Path, comments: bool, context: ImportContext
) -> Iterator[Imported | ImportProblem]:
    """Each post (or, with ``comments``, each comment) of a ``Shares.csv`` given alone."""
    shown = str(path)
    profile = choose_profile(Account(member=True), context, shown)
    if isinstance(profile, ImportProblem):
        yield profile
        return
    table, build = (COMMENTS, comment_message) if comments else (SHARES, share_message)
    try:
        with path.open("rb") as stream:
            yield from _messages(stream, table, build, context, profile, shown, path.name)
    except OSError as exc:
        yield ImportProblem(
            shown,
            Bilingual(es=f"no se puede leer: {exc.strerror}", en=f"cannot be read: {exc.strerror}"),
        )
