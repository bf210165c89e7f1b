"""The audit log's SQL: append entries to an organisation's chain and read them back in order.

The chain logic (hashing, verification) lives in :mod:`govsm.ledger.chain`; this module
only reads the chain's head, inserts sealed entries and streams stored ones, inside a
transaction the caller opened.

Appends are serialised by a lock held until the transaction ends (:func:`lock_chain`). A writer
that appends many entries holds it as briefly as it can: it serialises their details before it
takes the lock (:func:`~govsm.ledger.chain.chain` seals them with those texts), and on PostgreSQL
:func:`lock_and_append` sends the lock, a write of the caller's and the sealed insert together,
so that the client is waited for once while the lock is held.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect

from govsm.ledger.chain import (
    GENESIS_HASH,
    AuditEntry,
    AuditEvent,
    StoredEntry,
    canonical_details,
    chain,
    instant_text,
)
from govsm.store import schema
from govsm.store.coltypes import UTCDateTime

#: the high half of the PostgreSQL advisory lock that serialises appends ("audt" in ASCII)
_PG_LOCK_CLASS = 0x61756474


def _lock_key(organisation: str) -> dict[str, int]:
    """The two halves of the advisory lock of ``organisation``'s chain (signed 32-bit ints)."""
    return {"cls": _PG_LOCK_CLASS - 2**31, "key": zlib.crc32(organisation.encode("utf-8")) - 2**31}


def lock_chain(connection: Connection, organisation: str) -> None:
    """Serialise appends to one organisation's chain (a transaction-scoped lock on PostgreSQL).

    SQLite needs nothing more: the write transaction (``BEGIN IMMEDIATE``) holds the database's
    lock. The primary key ``(organisation_id, seq)`` stays the last line of defence: two writers
    that both got past the lock still cannot write the same place in the chain.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text("SELECT pg_advisory_xact_lock(:cls, :key)"), _lock_key(organisation)
        )


#: :func:`lock_chain`'s statement, as psycopg takes it
_PG_LOCK = "SELECT pg_advisory_xact_lock(%(cls)s, %(key)s)"

#: events sealed and inserted after the chain's head, by the server, in one statement. The
#: events come as one JSON array (one parameter: cheaper to send than an array per column), each
#: ``[tail, at, actor, action, subject, details]``. Each entry's hash is the SHA-256 of what
#: :func:`~govsm.ledger.chain.entry_hash` hashes, ``head || seq || tail || prev_hash || '"]'``
#: (``head`` and ``tail`` serialised by :func:`_payload_parts`); it returns each entry's ``seq``,
#: ``prev_hash`` and ``hash``.
_PG_SEAL_AND_INSERT = """
WITH RECURSIVE
  events AS (
    SELECT e.value ->> 0 AS tail, CAST(e.value ->> 1 AS timestamptz) AS at,
      e.value ->> 2 AS actor, e.value ->> 3 AS action, e.value ->> 4 AS subject,
      e.value ->> 5 AS details, e.n
    FROM json_array_elements(CAST(%(events)s AS json)) WITH ORDINALITY AS e(value, n)
  ),
  last AS (
    SELECT seq, hash FROM audit_log WHERE organisation_id = %(org)s ORDER BY seq DESC LIMIT 1
  ),
  sealed(n, seq, prev_hash, hash) AS (
    SELECT CAST(0 AS bigint), COALESCE((SELECT seq FROM last), 0), CAST(NULL AS text),
      COALESCE((SELECT hash FROM last), CAST(%(genesis)s AS text))
    UNION ALL
    SELECT e.n, s.seq + 1, s.hash,
      encode(
        sha256(convert_to(
          %(head)s || CAST(s.seq + 1 AS text) || e.tail || s.hash || '"]', 'UTF8'
        )),
        'hex'
      )
    FROM sealed s JOIN events e ON e.n = s.n + 1
  )
INSERT INTO audit_log (organisation_id, seq, at, actor, action, subject, details, prev_hash, hash)
SELECT %(org)s, s.seq, e.at, e.actor, e.action, e.subject, e.details, s.prev_hash, s.hash
FROM sealed s JOIN events e ON e.n = s.n
ORDER BY s.n
RETURNING seq, prev_hash, hash
"""


def _payload_parts(
    organisation: str, events: Sequence[AuditEvent], texts: Sequence[str]
) -> tuple[str, list[list[str]]]:
    """What :func:`~govsm.ledger.chain.entry_hash` hashes for ``events``, but their places.

    :return: the text before an entry's ``seq`` (the same for all), and for each event its
        row of ``_PG_SEAL_AND_INSERT``: first the text between its ``seq`` and its
        ``prev_hash`` (fixed wherever the entry goes: only ``seq`` and ``prev_hash`` are not
        known before the chain's lock is held), then its instant, actor, action, subject and
        details.
    """
    head = f"[1,{json.dumps(organisation, ensure_ascii=False)},"
    rows = []
    for event, text in zip(events, texts, strict=True):
        fields = [instant_text(event.at), event.actor, event.action, event.subject, text]
        listed = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        rows.append([f',{listed[1:-1]},"', *fields])
    return head, rows


def pipelined(connection: Connection) -> bool:
    """Whether :func:`lock_and_append` can run on ``connection`` (PostgreSQL, with psycopg)."""
    return connection.dialect.name == "postgresql" and isinstance(
        connection.connection.driver_connection, psycopg.Connection
    )


def lock_and_append(
    connection: Connection,
    organisation: str,
    events: Sequence[AuditEvent],
    texts: Sequence[str],
    *,
    first: tuple[sa.UpdateBase, Sequence[dict[str, Any]]] | None = None,
) -> tuple[list[AuditEntry], list[tuple[Any, ...]]]:
    """Lock the chain, run ``first``, and append ``events`` after the head: one round trip.

    The chain's lock is held from the moment it is granted until the transaction ends, so
    what runs while it is held should need the client as little as can be: the three steps go
    to the server together (psycopg's pipeline mode), and the server seals the entries itself
    (``_PG_SEAL_AND_INSERT``: the hash of each is the one
    :func:`~govsm.ledger.chain.entry_hash` gives, checked here against Python's own before the
    transaction can commit). The statements run in order: each one after the lock takes its
    snapshot when it starts, once the lock is granted, and sees every append committed before.
    Only :func:`pipelined` connections.

    :param texts: the canonical details of each of ``events`` (:func:`details_texts`).
    :param first: a statement with ``RETURNING`` and its parameter sets, run once for each
        set, in order, after the lock is granted and before the entries are appended.
    :return: the entries appended (as :func:`~govsm.ledger.chain.chain` makes them), and the
        rows ``first`` returned.
    :raises sqlalchemy.exc.DBAPIError: as SQLAlchemy raises a database error (the store's
        writes retry a race).
    """
    raw = connection.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    head, rows = _payload_parts(organisation, events, texts)
    values: dict[str, Any] = {
        "org": organisation,
        "genesis": GENESIS_HASH,
        "head": head,
        "events": json.dumps(rows, ensure_ascii=False, separators=(",", ":")),
    }
    statement, sets = _driver_statement(connection, first)
    returned: list[tuple[Any, ...]] = []
    sealed: list[tuple[Any, ...]] = []
    cursors = [raw.cursor() for _ in range(3)]
    locking, writing, sealing = cursors
    try:
        with raw.pipeline():
            locking.execute(_PG_LOCK, _lock_key(organisation))
            if statement is not None and sets:
                writing.executemany(statement, sets, returning=True)
            if events:
                sealing.execute(_PG_SEAL_AND_INSERT, values)
        if statement is not None and sets:
            while True:
                returned.extend(tuple(row) for row in writing.fetchall())
                if not writing.nextset():
                    break
        if events:
            sealed = [tuple(row) for row in sealing.fetchall()]
    except psycopg.Error as exc:  # as SQLAlchemy raises it (a race is retried by the writer)
        raise sa.exc.DBAPIError.instance(
            _PG_SEAL_AND_INSERT, values, exc, psycopg.Error, dialect=connection.dialect
        ) from exc
    finally:
        for cursor in cursors:
            cursor.close()
    return _entries(organisation, events, texts, sorted(sealed)), returned


#: statements compiled for psycopg: by statement, dialect and parameters' names, the
#: statement (kept, so that its id is not reused), its SQL and its bind processors
_COMPILED: dict[tuple[int, int, tuple[str, ...]], tuple[Any, Any, dict[str, Any]]] = {}
_COMPILED_KEPT = 32


def _driver_statement(
    connection: Connection, first: tuple[sa.UpdateBase, Sequence[dict[str, Any]]] | None
) -> tuple[str | None, list[dict[str, Any]]]:
    """``first`` as psycopg runs it: its SQL and its parameter sets, bound as SQLAlchemy binds."""
    if first is None or not first[1]:
        return None, []
    statement, sets = first
    dialect = connection.dialect
    names = tuple(sets[0])
    key = (id(statement), id(dialect), names)
    known = _COMPILED.get(key)
    if known is None or known[0] is not statement:
        if len(_COMPILED) >= _COMPILED_KEPT:  # engines come and go (tests): keep a few
            _COMPILED.clear()
        compiled = statement.compile(dialect=dialect, column_keys=list(names))
        # what SQLAlchemy applies to each value before the driver sees it (instants, documents)
        known = _COMPILED[key] = (statement, compiled, dict(compiled._bind_processors))
    _, compiled, processors = known
    bound = []
    for values in sets:
        params = compiled.construct_params(values)
        bound.append(
            {
                name: processors[name](value) if name in processors else value
                for name, value in params.items()
            }
        )
    return str(compiled.string), bound


def _entries(
    organisation: str,
    events: Sequence[AuditEvent],
    texts: Sequence[str],
    sealed: Sequence[tuple[Any, ...]],
) -> list[AuditEntry]:
    """The entries the server sealed, each checked against the hash Python gives it."""
    if len(sealed) != len(events):
        raise RuntimeError(f"{len(events)} audit entries to append, {len(sealed)} appended")
    entries = []
    for event, text, (seq, prev_hash, digest) in zip(events, texts, sealed, strict=True):
        (entry,) = chain(organisation, [event], after=(int(seq) - 1, str(prev_hash)), texts=[text])
        if entry.hash != digest:  # never: the transaction is rolled back rather than commit it
            raise RuntimeError(f"audit entry {seq}: the server's hash is not the chain's")
        entries.append(entry)
    return entries


def head(connection: Connection, organisation: str) -> tuple[int, str]:
    """``(seq, hash)`` of the organisation's last entry; ``(0, GENESIS_HASH)`` when it has none."""
    table = schema.audit_log
    row = connection.execute(
        sa.select(table.c.seq, table.c.hash)
        .where(table.c.organisation_id == organisation)
        .order_by(table.c.seq.desc())
        .limit(1)
    ).first()
    return (0, GENESIS_HASH) if row is None else (int(row[0]), str(row[1]))


def append(
    connection: Connection,
    organisation: str,
    events: Iterable[AuditEvent],
    *,
    locked: bool = False,
) -> list[AuditEntry]:
    """Seal ``events`` after the chain's head and insert them; return the new entries.

    :param locked: the caller took :func:`lock_chain` in this transaction already (it is not
        taken again: a round trip saved).
    """
    if not locked:
        lock_chain(connection, organisation)
    entries = chain(organisation, events, after=head(connection, organisation))
    insert(connection, entries)
    return entries


def details_texts(events: Iterable[AuditEvent]) -> list[str]:
    """The canonical details of each of ``events`` (what their hashes and rows hold)."""
    return [canonical_details(event.details) for event in events]


def insert(
    connection: Connection,
    entries: Sequence[AuditEntry | StoredEntry],
    texts: Sequence[str] | None = None,
) -> None:
    """Write sealed entries as rows, as they are (a stored entry's details text byte for byte).

    :param texts: the canonical details of each of ``entries``, when serialised already.
    """
    if not entries:
        return
    if texts is None:
        texts = [
            e.details_text if isinstance(e, StoredEntry) else canonical_details(e.details)
            for e in entries
        ]
    connection.execute(
        sa.insert(schema.audit_log),
        [
            {
                "organisation_id": e.organisation,
                "seq": e.seq,
                "at": e.at,
                "actor": e.actor,
                "action": e.action,
                "subject": e.subject,
                "details": text,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e, text in zip(entries, texts, strict=True)
        ],
    )


def stored_entries(
    connection: Connection, organisation: str, *, after: int = 0
) -> Iterator[StoredEntry]:
    """Stream the organisation's entries as stored, by sequence number (those after ``after``).

    The whole log is read a thousand rows at a time (a server-side cursor on PostgreSQL); the
    entries after a later ``after`` — those appended since a reader's last look, as a worker's
    gate reads them at each batch — are few, and read at once (one round trip, not a cursor's
    three).
    """
    table = schema.audit_log
    # the instant as stored (text on SQLite), so that one corrupted row is named, not fatal
    at = sa.type_coerce(table.c.at, sa.Text) if connection.dialect.name == "sqlite" else table.c.at
    query = (
        sa.select(*(c for c in table.c if c.name != "at"), at.label("at"))
        .where(table.c.organisation_id == organisation, table.c.seq > after)
        .order_by(table.c.seq)
    )
    if after == 0:
        query = query.execution_options(yield_per=1000)
    for row in connection.execute(query).mappings():
        instant, unreadable = _instant(row["at"], connection.dialect)
        yield StoredEntry(
            organisation=row["organisation_id"],
            seq=row["seq"],
            at=instant,
            unreadable=unreadable,
            actor=row["actor"],
            action=row["action"],
            subject=row["subject"],
            details_text=row["details"],
            prev_hash=row["prev_hash"],
            hash=row["hash"],
        )


#: how the column reads an instant back
_AT = UTCDateTime()

#: what an unreadable instant becomes, so the entry can still be named (it never verifies)
_UNREADABLE_INSTANT = datetime(1, 1, 1, tzinfo=UTC)


def _instant(value: object, dialect: Dialect) -> tuple[datetime, str | None]:
    """The stored instant, read as the column type reads it, or a placeholder and why not."""
    try:
        parsed = _AT.process_result_value(value, dialect)
    except ValueError:
        return _UNREADABLE_INSTANT, f"at = {str(value)[:40]!r}"
    assert parsed is not None  # the column is NOT NULL
    return parsed, None
