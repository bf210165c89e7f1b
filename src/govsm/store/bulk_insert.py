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

import operator
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
    try:
        values = _values(rows, names, converters)
    except (ValueError, TypeError, OverflowError):
        # a value the column's type refuses: SQLAlchemy's way raises its error, as ever
        connection.execute(sa.insert(table), list(rows))
        return
    quoted = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" * len(names))
    connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})', values)


def _values(
    rows: Sequence[dict[str, Any]], names: list[str], converters: list[Convert]
) -> list[tuple[Any, ...]]:
    """Each row's values in column order, converted; the columns taken as they are, untouched."""
    pick = operator.itemgetter(*names)
    converted = [(i, convert) for i, convert in enumerate(converters) if convert is not _same]
    if len(names) == 1:
        return [tuple(convert(row[names[0]]) for convert in converters) for row in rows]
    if not converted:
        return [pick(row) for row in rows]
    values: list[tuple[Any, ...]] = []
    for row in rows:
        found = list(pick(row))
        for i, convert in converted:
            found[i] = convert(found[i])
        values.append(tuple(found))
    return values


#: how many keys one ``IN (…)`` of :func:`select_in` lists (below SQLite's parameter limit)
IN_KEYS = 900


def select_in(
    connection: Connection,
    table: sa.Table,
    columns: Sequence[str],
    organisation: str,
    key: str,
    keys: Sequence[Any],
    *,
    as_text: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """``columns`` of the organisation's rows of ``table`` whose ``key`` is one of ``keys``.

    On SQLite the query goes to the driver as it is, ``?`` for each key: SQLAlchemy's expanding
    ``IN`` coerces and renames every key of every batch, which costs more than the lookup. A
    column of a type the driver does not give back as SQLAlchemy would (anything but text and
    integers) takes SQLAlchemy's way, as does every other database.

    :param as_text: the columns of ``columns`` read as text (``CAST(… AS TEXT)``): a JSON
        document's text as stored.
    """
    found: list[tuple[Any, ...]] = []
    if not keys:
        return found
    chosen = [
        sa.cast(table.c[name], sa.Text) if name in as_text else table.c[name] for name in columns
    ]
    plain = all(
        name in as_text or type(table.c[name].type) in (sa.String, sa.Text, sa.Integer)
        for name in columns
    )
    shown = ", ".join(
        f'CAST("{name}" AS TEXT)' if name in as_text else f'"{name}"' for name in columns
    )
    for start in range(0, len(keys), IN_KEYS):
        part = list(keys[start : start + IN_KEYS])
        if connection.dialect.name == "sqlite" and plain:
            marks = ", ".join("?" * len(part))
            result = connection.exec_driver_sql(
                f'SELECT {shown} FROM "{table.name}" '
                f'WHERE "organisation_id" = ? AND "{key}" IN ({marks})',
                (organisation, *part),
            )
        else:
            result = connection.execute(
                sa.select(*chosen).where(
                    table.c.organisation_id == organisation, table.c[key].in_(part)
                )
            )
        found.extend(tuple(row) for row in result)
    return found
