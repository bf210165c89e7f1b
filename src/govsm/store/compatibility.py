"""Whether this govsm can use a database: its server's encoding and its schema revision.

A database written by a newer govsm (a schema revision this one does not know) is refused, never
touched; an older one is migrated forward (:func:`upgrade`), never back. Each function raises a
:class:`StoreError` naming ``where``, the database's masked URL.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from govsm._version import __version__
from govsm.errors import StoreError
from govsm.store import migrate
from govsm.store.versions import HEAD_REVISION, REVISIONS, is_known, position


def inspect(connection: Connection, where: str) -> str | None:
    """Check the server and return the database's revision, known to govsm.

    :param connection: an open connection.
    :param where: the database's masked URL, for messages.
    :raises StoreError: a PostgreSQL database not encoded in UTF-8, or a database at a schema
        revision govsm does not know (written by a newer govsm).
    """
    if connection.dialect.name == "postgresql":
        encoding = connection.exec_driver_sql("SHOW server_encoding").scalar()
        if str(encoding).upper() not in ("UTF8", "UTF-8"):
            raise StoreError(
                f"la base de datos usa la codificación {encoding}; govsm necesita UTF8 "
                "(cree la base con ENCODING 'UTF8')",
                f"the database uses the {encoding} encoding; govsm needs UTF8 "
                "(create the database with ENCODING 'UTF8')",
                where=where,
            )
    revision = read_revision(connection, where)
    check_known(connection, revision, where)
    return revision


def read_revision(connection: Connection, where: str) -> str | None:
    """The database's schema revision (``None`` for an empty database).

    :raises StoreError: the database records more than one revision.
    """
    try:
        return migrate.read_revision(connection)
    except LookupError as exc:
        raise StoreError(
            f"la base de datos registra varias revisiones del esquema ({exc}); govsm "
            "espera una sola",
            f"the database records several schema revisions ({exc}); govsm expects one",
            where=where,
        ) from None


def check_known(connection: Connection, revision: str | None, where: str) -> None:
    """Refuse a database at a revision this govsm does not know, saying which govsm wrote it.

    :raises StoreError: ``revision`` is unknown here.
    """
    if is_known(revision):
        return
    written_by = migrate.read_written_by(connection)
    by_es = f"escrita por govsm {written_by}" if written_by else "versión de govsm desconocida"
    by_en = f"written by govsm {written_by}" if written_by else "unknown govsm version"
    raise StoreError(
        f"esta base de datos la escribió un govsm más reciente (revisión del esquema "
        f"{revision}, {by_es}); este govsm ({__version__}) conoce hasta la revisión "
        f"{HEAD_REVISION}: actualice govsm",
        f"this database was written by a newer govsm (schema revision {revision}, "
        f"{by_en}); this govsm ({__version__}) knows up to revision {HEAD_REVISION}: "
        "upgrade govsm",
        where=where,
    )


def require_head(revision: str | None, where: str) -> None:
    """Refuse to read or write data unless the database is at :data:`HEAD_REVISION`.

    :raises StoreError: ``revision`` is not the head revision (or the database is empty).
    """
    if revision != HEAD_REVISION:
        current = revision or "ninguna"
        current_en = revision or "none"
        raise StoreError(
            f"la base de datos está en la revisión del esquema {current} y este govsm "
            f"necesita la {HEAD_REVISION}: ábrala con upgrade=True o llame a "
            "Store.upgrade()",
            f"the database is at schema revision {current_en} and this govsm needs "
            f"{HEAD_REVISION}: open it with upgrade=True or call Store.upgrade()",
            where=where,
        )


def target(revision: str, where: str) -> str:
    """The revision ``revision`` names (``"head"``: :data:`HEAD_REVISION`).

    :raises StoreError: govsm does not know ``revision``.
    """
    resolved = HEAD_REVISION if revision == "head" else revision
    if resolved not in REVISIONS:
        raise StoreError(
            f"govsm no conoce la revisión del esquema «{revision}»; conoce: "
            f"{', '.join(REVISIONS)} y «head»",
            f"govsm does not know schema revision '{revision}'; it knows: "
            f"{', '.join(REVISIONS)} and 'head'",
            where=where,
        )
    return resolved


def upgrade(connection: Connection, revision: str, where: str) -> str:
    """Migrate the database to ``revision``, inside the caller's transaction; return it.

    On PostgreSQL an advisory lock keeps two processes from migrating at once; the revision is
    read again under that lock.

    :raises StoreError: the database was written by a newer govsm, is already past
        ``revision`` (govsm does not downgrade), or a migration failed.
    """
    migrate.lock(connection)
    current = read_revision(connection, where)
    check_known(connection, current, where)
    if position(current) > position(revision):
        raise StoreError(
            f"la base de datos ya está en la revisión {current}, posterior a {revision}: "
            "govsm no deshace migraciones",
            f"the database is already at revision {current}, later than {revision}: "
            "govsm does not downgrade",
            where=where,
        )
    if current != revision:
        migrate.upgrade(connection, revision, where=where)
    return revision
