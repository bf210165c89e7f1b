"""Connections and write transactions: database errors become :class:`StoreError`, races retry.

Every call of :class:`~govsm.store.Store` reads through :func:`connection` and writes through
:func:`write`; both name what they were doing and the database (its password masked) when the
database fails.
"""

from __future__ import annotations

import threading
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


class Serialiser:
    """The write transaction a thread holds open, with the chain locks it took.

    :meth:`hold` opens one write transaction (``BEGIN IMMEDIATE`` on SQLite) and runs ``lock``
    in it (the organisation's advisory lock on PostgreSQL). Until the block ends, every read
    and write the thread makes through the store joins that transaction, so a decision read,
    checked and written inside the block cannot be overtaken by another writer. Holding is
    re-entrant: an inner block for the same organisation joins the outer one, and one for
    another organisation takes that organisation's lock too.

    :param engine: the store's engine.
    :param url: its URL, for messages.
    """

    def __init__(self, engine: Engine, url: URL) -> None:
        self._engine = engine
        self._url = url
        self._local = threading.local()

    def _held(self) -> dict[str, Connection]:
        held: dict[str, Connection] | None = getattr(self._local, "held", None)
        if held is None:
            held = self._local.held = {}
        return held

    def connection(self) -> Connection | None:
        """The connection of the transaction this thread holds, if it holds one."""
        return next(iter(self._held().values()), None)

    @contextmanager
    def hold(
        self,
        organisation: str,
        lock: Callable[[Connection], None],
        action_es: str,
        action_en: str,
    ) -> Iterator[None]:
        """Hold a write transaction with ``organisation``'s lock for the block; commit at its end.

        An exception leaving the block rolls back everything written in it.

        :param lock: takes the organisation's lock on a connection.
        :param action_es: what the block does, in Spanish, for database errors.
        :param action_en: the same in English.
        """
        held = self._held()
        outer = self.connection()
        if outer is not None:
            if organisation in held:
                yield
                return
            with translating(self._url, action_es, action_en):
                lock(outer)
            held[organisation] = outer
            try:
                yield
            finally:
                held.pop(organisation, None)
            return
        with translating(self._url, action_es, action_en), self._engine.connect() as opened:
            opened.execution_options(**{engines.SQLITE_BEGIN_OPTION: "IMMEDIATE"})
            with opened.begin():
                lock(opened)
                held[organisation] = opened
                try:
                    yield
                finally:
                    held.pop(organisation, None)

    @contextmanager
    def reading(self, action_es: str, action_en: str) -> Iterator[Connection]:
        """A connection to read with: the held transaction's, else a pooled one."""
        held = self.connection()
        if held is None:
            with connection(self._engine, self._url, action_es, action_en) as opened:
                yield opened
            return
        with translating(self._url, action_es, action_en):
            yield held

    def write(self, work: Callable[[Connection], T], action_es: str, action_en: str) -> T:
        """Run ``work`` in a write transaction (see :func:`write`), or in the held one.

        In the held transaction ``work`` runs under a savepoint: if it fails, what it wrote is
        undone and the held transaction goes on. Nothing is retried there: the lock held keeps
        other writers out, so there is no race to retry.
        """
        held = self.connection()
        if held is None:
            return write(self._engine, self._url, work, action_es, action_en)
        with translating(self._url, action_es, action_en), held.begin_nested():
            return work(held)
