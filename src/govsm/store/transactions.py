"""Connections and write transactions: database errors become :class:`StoreError`, races retry.

Every call of :class:`~govsm.store.Store` reads through :func:`connection` and writes through
:func:`write`; both name what they were doing and the database (its password masked) when the
database fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine

from govsm.errors import StoreError
from govsm.store import engine as engines

T = TypeVar("T")

#: how many times a write transaction is retried when a concurrent writer got there first
WRITE_ATTEMPTS = 3

#: PostgreSQL's serialization failure and deadlock: the transaction can simply be run again
_RETRY_SQLSTATES = frozenset({"40001", "40P01"})


@contextmanager
def translating(url: URL, action_es: str, action_en: str) -> Iterator[None]:
    """Turn database errors into :class:`StoreError` naming the action and the masked URL.

    :param url: the database's URL (its password is masked in the message).
    :param action_es: what was being done, in Spanish (``leer los perfiles de «x»``).
    :param action_en: the same in English (``read the profiles of 'x'``).
    """
    try:
        yield
    except sa.exc.SQLAlchemyError as exc:
        detail = engines.describe(exc, url)
        raise StoreError(
            f"no se pudo {action_es}: {detail}",
            f"could not {action_en}: {detail}",
            where=engines.mask(url),
        ) from exc


@contextmanager
def connection(engine: Engine, url: URL, action_es: str, action_en: str) -> Iterator[Connection]:
    """A pooled connection for reading; database errors inside become :class:`StoreError`.

    :param engine: the store's engine.
    :param url: its URL, for messages.
    :param action_es: what the connection is for, in Spanish.
    :param action_en: the same in English.
    """
    with translating(url, action_es, action_en), engine.connect() as opened:
        yield opened


def write(
    engine: Engine, url: URL, work: Callable[[Connection], T], action_es: str, action_en: str
) -> T:
    """Run ``work`` in a write transaction, retried if a concurrent writer got there first.

    On SQLite the transaction begins ``IMMEDIATE`` (it takes the write lock at once). A race
    (see :func:`is_race`) runs ``work`` again, up to :data:`WRITE_ATTEMPTS` times; any other
    database error, or the last race, becomes a :class:`StoreError` naming the action. Errors
    ``work`` raises itself pass through unchanged.

    :param engine: the store's engine.
    :param url: its URL, for messages.
    :param work: what to do with the connection, inside the transaction.
    :param action_es: what ``work`` does, in Spanish.
    :param action_en: the same in English.
    :return: what ``work`` returned.
    """
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with engine.connect() as opened:
                opened.execution_options(**{engines.SQLITE_BEGIN_OPTION: "IMMEDIATE"})
                with opened.begin():
                    return work(opened)
        except sa.exc.DBAPIError as exc:
            if attempt == WRITE_ATTEMPTS or not is_race(exc):
                with translating(url, action_es, action_en):
                    raise
        except sa.exc.SQLAlchemyError:
            with translating(url, action_es, action_en):
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def is_race(exc: sa.exc.DBAPIError) -> bool:
    """Whether a write failed because a concurrent writer got there first (worth a retry).

    A unique violation means another transaction inserted the same row after this one looked;
    run again, the transaction sees that row and updates it (or leaves it alone).
    """
    if isinstance(exc, sa.exc.IntegrityError):
        return True
    return getattr(exc.orig, "sqlstate", None) in _RETRY_SQLSTATES
