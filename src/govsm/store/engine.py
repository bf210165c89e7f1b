"""Database URLs and engines: which URLs govsm accepts, how they are masked, how engines are set up.

* ``sqlite:///path/to/govsm.db`` (parent folders are created), ``sqlite://`` for a throw-away
  in-memory database. Every connection gets ``PRAGMA foreign_keys=ON``, ``journal_mode=WAL``,
  ``synchronous=NORMAL`` and a busy timeout; govsm emits ``BEGIN`` itself, so DDL is transactional
  and writers take the lock up front (``BEGIN IMMEDIATE``) instead of failing half-way.
* ``postgresql://…``, ``postgres://…`` and ``postgresql+psycopg://…`` all use psycopg 3. Sessions
  run in UTC and plan each statement for its own parameters (``plan_cache_mode``); a connection
  attempt gives up after 10 seconds unless the URL sets ``connect_timeout``. A pooled connection
  unused for :data:`PG_PING_AFTER` seconds is pinged before it is handed out, and replaced if
  the ping fails; one returned a moment ago is handed out as it is.

A password never leaves this module unmasked: :func:`mask` and :func:`mask_text` replace it with
``***`` in everything shown to people (``repr``, errors, logs).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.pool import StaticPool

from govsm.errors import StoreError

#: seconds a SQLite connection waits for another writer before giving up
SQLITE_BUSY_TIMEOUT = 30
#: seconds a PostgreSQL connection attempt waits, unless the URL says otherwise
PG_CONNECT_TIMEOUT = 10
#: seconds a pooled PostgreSQL connection may sit unused before it is pinged on checkout
PG_PING_AFTER = 5.0
#: where a pooled connection's record keeps when it was returned to the pool
_RETURNED = "govsm_returned_at"

_SQLITE_DRIVERS = frozenset({"sqlite", "sqlite+pysqlite"})
_PG_DRIVERS = frozenset({"postgresql", "postgres", "postgresql+psycopg"})
_CREDENTIALS = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)(?P<secret>[^@\s]*)@")
#: the execution option that makes the SQLite ``BEGIN`` an ``IMMEDIATE`` one
SQLITE_BEGIN_OPTION = "govsm_sqlite_begin"


class Serialised(str):
    """A JSON document :func:`dumps` already serialised: a ``data`` column stores it as it is.

    A writer that compares a row's text before writing it (the message writer) binds this
    instead of the document, so each document is serialised once.
    """

    __slots__ = ()


def dumps(value: Any) -> str:
    """Serialise a JSON document as govsm stores it: sorted keys, compact, no NaN or infinity.

    The same value always gives the same text, so comparing texts tells whether a row changed.
    A :class:`Serialised` text is that serialisation already, and comes back as it is.
    """
    if type(value) is Serialised:
        return str.__str__(value)
    return json.dumps(
        value, ensure_ascii=False, allow_nan=False, sort_keys=True, separators=(",", ":")
    )


def mask_text(text: str) -> str:
    """Hide the password of any URL in ``text`` (``scheme://user:secret@`` → ``user:***@``)."""
    return _CREDENTIALS.sub(lambda m: f"{m['head']}***@", text)


def mask(url: URL) -> str:
    """Return the URL as it may be shown: with the password replaced by ``***``."""
    return url.render_as_string(hide_password=True)


def parse(raw: str) -> URL:
    """Parse and normalise a database URL, or raise :class:`StoreError`.

    PostgreSQL URLs are normalised to the psycopg 3 driver (``postgresql+psycopg``).
    """
    if not isinstance(raw, str) or not raw.strip():
        raise StoreError(
            "falta la URL de la base de datos (p. ej. «sqlite:///govsm.db» o "
            "«postgresql://usuario@servidor/govsm»)",
            "the database URL is missing (e.g. 'sqlite:///govsm.db' or "
            "'postgresql://user@host/govsm')",
        )
    try:
        url = sa.make_url(raw.strip())
    except (sa.exc.ArgumentError, ValueError):
        shown = mask_text(raw.strip())
        raise StoreError(
            "no es una URL de base de datos válida: use «sqlite:///ruta/govsm.db» o "
            "«postgresql://usuario@servidor:5432/base»",
            "this is not a valid database URL: use 'sqlite:///path/govsm.db' or "
            "'postgresql://user@host:5432/database'",
            where=shown,
        ) from None
    driver = url.drivername.lower()
    if driver in _SQLITE_DRIVERS:
        return url.set(drivername="sqlite")
    if driver in _PG_DRIVERS:
        return url.set(drivername="postgresql+psycopg")
    shown = mask(url)
    raise StoreError(
        f"govsm no sabe guardar datos en «{url.drivername}»: use SQLite (sqlite:///ruta/govsm.db) "
        "o PostgreSQL (postgresql://usuario@servidor/base, con psycopg 3)",
        f"govsm cannot store data in '{url.drivername}': use SQLite (sqlite:///path/govsm.db) "
        "or PostgreSQL (postgresql://user@host/database, with psycopg 3)",
        where=shown,
    )


def is_memory(url: URL) -> bool:
    """Whether a SQLite URL names an in-memory database."""
    return url.database in (None, "", ":memory:")


def create(url: URL) -> Engine:
    """Create the engine for a URL returned by :func:`parse` (no connection is made yet)."""
    if url.get_backend_name() == "sqlite":
        return _create_sqlite(url)
    return _create_postgresql(url)


def _create_sqlite(url: URL) -> Engine:
    shown = mask(url)
    options: dict[str, Any] = {"json_serializer": dumps}
    if is_memory(url):
        options["poolclass"] = StaticPool
        options["connect_args"] = {"check_same_thread": False}
    elif not url.query.get("uri"):
        path = Path(str(url.database))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                # the store holds personal data: create it readable by its owner only (the WAL
                # and shared-memory files SQLite adds beside it take the same permissions)
                path.touch(mode=0o600)
        except OSError as exc:
            raise StoreError(
                f"no se puede crear la carpeta «{path.parent}» de la base de datos: "
                f"{exc.strerror or exc}",
                f"cannot create the database folder '{path.parent}': {exc.strerror or exc}",
                where=shown,
            ) from None
    engine = sa.create_engine(url, **options)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # govsm emits BEGIN itself (see _sqlite_on_begin): the driver's legacy transaction handling
    # would otherwise autocommit DDL and leave SELECTs outside any transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def _create_postgresql(url: URL) -> Engine:
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT
    engine = sa.create_engine(url, json_serializer=dumps, connect_args=connect_args)
    event.listen(engine, "connect", _pg_on_connect)
    event.listen(engine, "checkin", _pg_on_checkin)
    event.listen(engine, "checkout", _pg_on_checkout)
    return engine


def _pg_on_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info[_RETURNED] = time.monotonic()


def _pg_on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    # A connection that sat in the pool a while is pinged before use (the server may have
    # restarted, or a firewall dropped it); one used a moment ago is not: a worker checks out
    # several connections a batch, and a ping each would cost a round trip each.
    returned = record.info.get(_RETURNED)
    if returned is None or time.monotonic() - returned < PG_PING_AFTER:
        return
    try:
        dbapi_connection.execute("SELECT 1")
        dbapi_connection.rollback()
    except Exception as exc:  # any failure: the pool replaces the connection
        raise sa.exc.DisconnectionError(str(exc)) from exc


def _pg_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # Instants come back in UTC, whatever the server's or the role's TimeZone.
        cursor.execute("SET TIME ZONE 'UTC'")
        # psycopg prepares statements it runs often. A generic plan, made once for every
        # organisation, goes wrong when one organisation holds most rows (or a table was tiny
        # when the plan was made): it scanned all of an organisation's messages to find a
        # batch's ids. Plan each execution for its own parameters instead.
        if dbapi_connection.info.server_version >= 120000:  # the setting exists since 12
            cursor.execute("SET plan_cache_mode = force_custom_plan")
    finally:
        cursor.close()
    dbapi_connection.commit()


def describe(exc: BaseException, url: URL) -> str:
    """Return the first line of a database error's message, for people: no SQL, no password."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).strip().splitlines() if line.strip()]
    text = lines[0] if lines else type(original).__name__
    if url.password:
        text = text.replace(str(url.password), "***")
    return mask_text(text)
