"""The audit log's SQL: append entries to an organisation's chain and read them back in order.

The chain logic (hashing, verification) lives in :mod:`govsm.ledger.chain`; this module
only reads the chain's head, inserts sealed entries and streams stored ones, inside a
transaction the caller opened.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect

from govsm.ledger.chain import (
    GENESIS_HASH,
    AuditEntry,
    AuditEvent,
    StoredEntry,
    canonical_details,
    chain,
)
from govsm.store import schema
from govsm.store.coltypes import UTCDateTime

#: the high half of the PostgreSQL advisory lock that serialises appends ("audt" in ASCII)
_PG_LOCK_CLASS = 0x61756474


def lock_chain(connection: Connection, organisation: str) -> None:
    """Serialise appends to one organisation's chain (a transaction-scoped lock on PostgreSQL).

    SQLite needs nothing more: the write transaction (``BEGIN IMMEDIATE``) holds the database's
    lock. The primary key ``(organisation_id, seq)`` stays the last line of defence: two writers
    that both got past the lock still cannot write the same place in the chain.
    """
    if connection.dialect.name == "postgresql":
        key = zlib.crc32(organisation.encode("utf-8")) - 2**31  # a signed 32-bit int
        connection.execute(
            sa.text("SELECT pg_advisory_xact_lock(:cls, :key)"),
            {"cls": _PG_LOCK_CLASS - 2**31, "key": key},
        )


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


def insert(connection: Connection, entries: Sequence[AuditEntry | StoredEntry]) -> None:
    """Write sealed entries as rows, as they are (a stored entry's details text byte for byte)."""
    if not entries:
        return
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
                "details": (
                    e.details_text if isinstance(e, StoredEntry) else canonical_details(e.details)
                ),
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in entries
        ],
    )


def stored_entries(
    connection: Connection, organisation: str, *, after: int = 0
) -> Iterator[StoredEntry]:
    """Stream the organisation's entries as stored, by sequence number (those after ``after``)."""
    table = schema.audit_log
    # the instant as stored (text on SQLite), so that one corrupted row is named, not fatal
    at = sa.type_coerce(table.c.at, sa.Text) if connection.dialect.name == "sqlite" else table.c.at
    query = (
        sa.select(*(c for c in table.c if c.name != "at"), at.label("at"))
        .where(table.c.organisation_id == organisation, table.c.seq > after)
        .order_by(table.c.seq)
        .execution_options(yield_per=1000)
    )
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
