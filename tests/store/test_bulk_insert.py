"""The driver's own ``executemany`` writes the rows SQLAlchemy's insert writes, byte for byte."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa

from govsm.store import rows, schema
from govsm.store.bulk_insert import insert_rows
from govsm.store.engine import dumps

from . import factories as f

_MADRID_SUMMER = timezone(timedelta(hours=2))


def _engine(*, messages: Sequence[dict[str, Any]] = ()) -> sa.Engine:
    """An in-memory store's tables, with the organisation, a unit and a profile."""
    engine = sa.create_engine("sqlite://", json_serializer=dumps)
    schema.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            sa.insert(schema.organisations), [rows.organisation_row(f.organisation())[0]]
        )
        connection.execute(
            sa.insert(schema.units), [rows.unit_row(f.unit(f.ORG, "comunicacion"), 0)[0]]
        )
        connection.execute(
            sa.insert(schema.profiles),
            [rows.profile_row(f.profile(f.ORG, "soldeneu-mastodon"), 0)[0]],
        )
        if messages:
            connection.execute(sa.insert(schema.messages), list(messages))
    return engine


def _dump(engine: sa.Engine, table: sa.Table) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        found = connection.exec_driver_sql(f'SELECT * FROM "{table.name}" ORDER BY 1, 2')
        return [tuple(row) for row in found]


def _both(
    table: sa.Table,
    table_rows: list[dict[str, Any]],
    *,
    messages: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> tuple[list[Any], list[Any]]:
    """The table as :func:`insert_rows` leaves it, and as SQLAlchemy's insert leaves it."""
    fast, plain = _engine(messages=messages), _engine(messages=messages)
    with fast.begin() as connection:
        insert_rows(connection, table, table_rows)
    with plain.begin() as connection:
        connection.execute(sa.insert(table), table_rows)
    return _dump(fast, table), _dump(plain, table)


def test_messages_are_written_as_sqlalchemy_writes_them() -> None:
    summer = datetime(2026, 7, 1, 9, 30, 15, 123456, tzinfo=_MADRID_SUMMER)
    messages = [
        f.rich_message(f.ORG, "m-0001", created_at=summer),
        f.message(f.ORG, "m-0002", text="Línia «un»\n\x7f 🐘", created_at=summer.astimezone(UTC)),
        f.message(f.ORG, "m-0003", language=None, created_at=datetime(1970, 1, 1, tzinfo=UTC)),
    ]
    table_rows = [rows.message_row(message)[0] for message in messages]
    table_rows[2]["scheduled_at"] = summer  # an instant not yet in UTC is stored in UTC
    fast, plain = _both(schema.messages, table_rows)
    assert fast == plain
    assert len(fast) == 3
    assert fast[0][8] == "2026-07-01T07:30:15.123456+00:00"  # created_at, in UTC
    assert fast[2][9] == "2026-07-01T07:30:15.123456+00:00"  # scheduled_at, in UTC


def test_originals_are_written_as_sqlalchemy_writes_them() -> None:
    messages = [f.message(f.ORG, f"m-{n}") for n in range(3)]
    originals = [
        {
            "organisation_id": f.ORG,
            "message_id": f"m-{n}",
            "source": f"archive.zip!outbox.json@{n}",
            "media_type": "application/json",
            "sha256": "0" * 64,
            "original": record,
        }
        for n, record in enumerate([b'{"a": 1}', b"\x00\xff raw", b"text"])
    ]
    parents = [rows.message_row(message)[0] for message in messages]
    fast, plain = _both(schema.message_originals, originals, messages=parents)
    assert fast == plain
    assert [row[5] for row in fast] == [b'{"a": 1}', b"\x00\xff raw", b"text"]


def test_a_value_the_type_refuses_fails_as_sqlalchemy_fails() -> None:
    row = rows.message_row(f.message(f.ORG, "m-0001"))[0]
    naive = dict(row, created_at=datetime(2026, 7, 1, 9, 30))
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        _both(schema.messages, [naive])


def test_a_row_without_every_column_takes_sqlalchemys_way() -> None:
    row = rows.message_row(f.message(f.ORG, "m-0001"))[0]
    del row["idempotency_key"]  # nullable: SQLAlchemy writes NULL
    fast, plain = _both(schema.messages, [row])
    assert fast == plain and fast[0][13] is None
