"""Opening a store: parse its URL, connect, check the server and the schema, migrate.

:meth:`Store.open <govsm.Store.open>` is :func:`open_store`; the steps are here so that the
:class:`~govsm.store.Store` class keeps to what a store does once open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from govsm.store import compatibility
from govsm.store import engine as engines
from govsm.store.versions import HEAD_REVISION

if TYPE_CHECKING:
    from govsm.store.store import Store

S = TypeVar("S", bound="Store")


def open_store(cls: type[S], url: str, *, upgrade: bool) -> S:
    """Open the database at ``url`` as a ``cls``, migrating it to the head revision if asked.

    The engine is disposed of when anything fails, so a refused database leaves no connection
    open.

    :param cls: the store class (:class:`~govsm.store.Store` or a subclass).
    :param url: the database URL (see :meth:`Store.open <govsm.Store.open>`).
    :param upgrade: migrate to :data:`~govsm.store.HEAD_REVISION` when the database is older.
    :raises StoreError: the URL is malformed or unsupported, the server cannot be reached, or
        the database was written by a newer govsm.
    """
    parsed = engines.parse(url)
    engine = engines.create(parsed)
    store = cls(engine, parsed, None)
    try:
        with store._connection("conectar con la base de datos", "connect to the database") as c:
            store._revision = compatibility.inspect(c, store.url)
        if upgrade and store._revision != HEAD_REVISION:
            store.upgrade()
    except BaseException:
        engine.dispose()
        raise
    return store
