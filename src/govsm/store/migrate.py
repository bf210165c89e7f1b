"""Alembic, driven from code: no ``alembic.ini``, the connection is passed in.

The migration scripts live in the ``migrations`` folder next to this module and are shipped in
the wheel. Alembic is imported only here, and only when a database must be migrated.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from govsm._version import __version__
from govsm.errors import StoreError
from govsm.store import schema
from govsm.store.versions import position

if TYPE_CHECKING:
    from alembic.config import Config

#: the table in which Alembic records a database's revision
VERSION_TABLE = "alembic_version"
#: the first revision that has the ``govsm_meta`` table
META_REVISION = "0002"
#: the key of the PostgreSQL advisory lock that serialises migrations ("govsm" in ASCII)
_PG_LOCK_KEY = 0x676F76736D


def script_location() -> Path:
    """Return the folder that holds ``env.py`` and ``versions/``."""
    return Path(__file__).resolve().with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """Build an Alembic configuration for govsm's migrations, optionally bound to ``connection``."""
    from alembic.config import Config

    config = Config()
    # configparser interpolates "%": a folder such as "C:\\100%\\…" must not break it
    config.set_main_option("script_location", str(script_location()).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def read_revision(connection: Connection) -> str | None:
    """Read the database's schema revision, or ``None`` when it has none (an empty database).

    Raises :class:`LookupError` if the database records more than one revision.
    """
    if not sa.inspect(connection).has_table(VERSION_TABLE):
        return None
    rows = connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
    if not rows:
        return None
    if len(rows) > 1:
        raise LookupError(", ".join(sorted(str(row[0]) for row in rows)))
    return str(rows[0][0])


def read_written_by(connection: Connection) -> str | None:
    """Read the govsm version that last migrated the database, when it recorded one."""
    if not sa.inspect(connection).has_table(schema.govsm_meta.name):
        return None
    meta = schema.govsm_meta
    value: Any = connection.execute(
        sa.select(meta.c.value).where(meta.c.key == "written_by")
    ).scalar()
    return None if value is None else str(value)


def lock(connection: Connection) -> None:
    """Serialise migrations between processes (a transaction-scoped lock on PostgreSQL).

    SQLite needs nothing more: the write transaction (``BEGIN IMMEDIATE``) already holds the lock.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})


def upgrade(connection: Connection, revision: str, *, where: str) -> None:
    """Migrate the database to ``revision`` inside the connection's current transaction.

    Also records ``written_by`` (this govsm's version) from revision 0002 on. ``where`` (the
    masked URL) is named in errors.
    """
    from alembic import command
    from alembic.util import CommandError

    try:
        command.upgrade(alembic_config(connection), revision)
    except CommandError as exc:
        raise StoreError(
            f"Alembic no pudo migrar el esquema a la revisión {revision}: {exc}",
            f"Alembic could not migrate the schema to revision {revision}: {exc}",
            where=where,
        ) from exc
    if position(revision) >= position(META_REVISION):
        record_written_by(connection)


def downgrade(connection: Connection, revision: str) -> None:
    """Migrate the database back to ``revision`` (``base`` empties it). For tests and repairs."""
    from alembic import command

    command.downgrade(alembic_config(connection), revision)


def record_written_by(connection: Connection) -> None:
    """Record this govsm's version as the one that last migrated the database."""
    meta = schema.govsm_meta
    updated = connection.execute(
        sa.update(meta).where(meta.c.key == "written_by").values(value=__version__)
    )
    if updated.rowcount == 0:
        connection.execute(sa.insert(meta).values(key="written_by", value=__version__))
