"""Column types that behave the same on SQLite and PostgreSQL.

* :data:`KEY` — identifiers. On PostgreSQL they use the ``"C"`` collation, so ``ORDER BY id`` sorts
  by code point, as SQLite and Python do, whatever the database's locale.
* :data:`DOCUMENT` — the JSON document a row keeps (``json`` on PostgreSQL, which keeps the text
  exactly as written; ``TEXT`` on SQLite).
* :class:`UTCDateTime` — timezone-aware instants. PostgreSQL stores ``timestamptz``; SQLite stores
  fixed-width ISO 8601 text in UTC (``2026-05-04T08:00:00.000000+00:00``), which sorts
  chronologically. Both give back aware datetimes in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine


def key(length: int = 64) -> TypeEngine[str]:
    """Return an identifier type of at most ``length`` characters, byte-ordered on PostgreSQL."""
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


#: an identifier (a slug of at most 64 characters, see the model's validators)
KEY: TypeEngine[str] = key()

#: free text used as part of a key (a policy version), byte-ordered on PostgreSQL
TEXT_KEY: TypeEngine[str] = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")

#: the JSON document of a row: ``unstructure(obj)``
DOCUMENT: TypeEngine[Any] = sa.JSON()


def document_text(column: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[str]:
    """A :data:`DOCUMENT` column read as the text it holds, not parsed.

    SQLite keeps the document as text already: the column is only read as text, without a
    ``CAST`` for every row (a stream of a whole history reads one per message); PostgreSQL's
    ``json`` is cast to ``text``, which gives it back as it was written.

    :param dialect: the database's dialect name (``sqlite``, ``postgresql``).
    """
    if dialect == "sqlite":
        return sa.type_coerce(column, sa.Text)
    return sa.cast(column, sa.Text)


#: the width of the text SQLite stores an instant as
SQLITE_INSTANT_WIDTH = 32


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timezone-aware instant, stored in UTC and given back aware (``tzinfo=UTC``).

    Naive datetimes are refused: every instant in govsm carries its offset.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Fixed-width text on SQLite, ``timestamp with time zone`` elsewhere."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(SQLITE_INSTANT_WIDTH))
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        """Convert to UTC (and to text on SQLite)."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"naive datetime {value.isoformat()} cannot be stored: give its offset"
            )
        utc = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return to_sqlite_text(utc)
        return utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Give back an aware datetime in UTC."""
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if not isinstance(value, datetime):  # pragma: no cover - a driver returning a surprise
            raise TypeError(f"expected a datetime from the database, got {type(value).__name__}")
        if value.tzinfo is None:  # pragma: no cover - only if the column lost its time zone
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def to_sqlite_text(utc: datetime) -> str:
    """Render an instant already in UTC as SQLite stores it: 32 characters, sortable."""
    return utc.replace(tzinfo=None).isoformat(timespec="microseconds") + "+00:00"
