"""Inserting many new rows in one statement, with as little work per row as the database allows.

SQLAlchemy's ``executemany`` builds a dictionary of parameters for every row and runs each
column's bind processor through its generic machinery: for an archive of a million messages
that costs more than SQLite's own work. On SQLite, :func:`insert_rows` hands the driver one
tuple per row instead, each value converted as the column's type converts it
(:class:`~govsm.store.coltypes.UTCDateTime` to its fixed-width text, a JSON document to
:func:`~govsm.store.engine.dumps`' text). A table with a column of another type, a row that
does not name every column, a value the column's type refuses (SQLAlchemy then raises its own
error, as it always did) and every other database take SQLAlchemy's way. Either way the rows
are written by one statement in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from govsm.store.coltypes import UTCDateTime
from govsm.store.engine import dumps

#: a column's value as the SQLite driver takes it
Convert = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _instant(value: datetime | None) -> str | None:
    """As :meth:`UTCDateTime.process_bind_param` stores an instant on SQLite."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()} cannot be stored: give its offset")
    # in UTC, ``isoformat`` writes what :func:`~govsm.store.coltypes.to_sqlite_text` writes
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _document(value: Any) -> str:
    """As :class:`sqlalchemy.types.JSON` binds a document on SQLite (``null`` for ``None``)."""
    return dumps(value)


def _binary(value: Any) -> Any:
    return None if value is None else bytes(value)


def _converter(column: sa.Column[Any]) -> Convert | None:
    """How a value of ``column`` goes to the SQLite driver; ``None`` for a type not handled."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _instant
    if isinstance(kind, sa.JSON):
        return _document
    if isinstance(kind, sa.LargeBinary):
        return _binary
    # text and integers go as they are (SQLAlchemy's SQLite dialect binds them unchanged)
    if type(kind) in (sa.String, sa.Text, sa.Integer):
        return _same
    return None


def insert_rows(connection: Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (column name → value) into ``table`` with one ``executemany``."""
    if not rows:
        return
    names = [column.name for column in table.columns]
    converters: list[Convert] = []
    for column in table.columns:
        convert = _converter(column)
        if convert is None:
            break
        converters.append(convert)
    wanted = set(names)
    if (
        connection.dialect.name != "sqlite"
        or len(converters) != len(names)
        or any(row.keys() != wanted for row in rows)
    ):
        connection.execute(sa.insert(table), list(rows))
        return
    pairs = list(zip(names, converters, strict=True))
    try:
        values = [tuple([convert(row[name]) for name, convert in pairs]) for row in rows]
    except (ValueError, TypeError, OverflowError):
        # a value the column's type refuses: SQLAlchemy's way raises its error, as ever
        connection.execute(sa.insert(table), list(rows))
        return
    quoted = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" * len(names))
    connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})', values)
