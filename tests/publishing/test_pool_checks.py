"""A worker's pooled PostgreSQL connections: checked after a pause, not before every use.

A worker checks out a connection several times a batch; pinging each time cost a round trip
each (:mod:`govsm.store.engine`). A connection idle for a while (a worker polling an empty
outbox) is still checked before use, and replaced when the server dropped it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from govsm.store import Store
from govsm.store import engine as engines
from tests.store.conftest import pg_admin, pg_schema_url  # noqa: F401

pytestmark = pytest.mark.postgres


@pytest.fixture
def store(pg_schema_url: str) -> Iterator[Store]:  # noqa: F811
    with Store.open(pg_schema_url) as opened:
        yield opened


def _backend(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_used_a_moment_ago_is_not_pinged(store: Store) -> None:
    first = _backend(store)
    pings: list[object] = []
    ping = store.engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return bool(ping(dbapi_connection))

    store.engine.dialect.do_ping = counted  # type: ignore[method-assign]
    executed: list[str] = []
    event.listen(
        store.engine, "before_cursor_execute", lambda *a: executed.append(str(a[2]).strip())
    )
    assert _backend(store) == first, "the pooled connection is reused"
    assert executed == ["SELECT pg_backend_pid()"], "and nothing else was sent through it"
    assert pings == []


def test_an_idle_connection_the_server_dropped_is_replaced(
    store: Store,
    pg_admin: sa.Engine,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dropped = _backend(store)
    with pg_admin.connect() as admin:
        admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": dropped})
    monkeypatch.setattr(engines, "PG_PING_AFTER", 0.0)  # every pooled connection counts as idle
    assert _backend(store) != dropped  # no error: the check found it gone, and a new one came


def test_without_the_check_a_dropped_connection_fails(
    store: Store,
    pg_admin: sa.Engine,  # noqa: F811
) -> None:
    """What the check above prevents (the connection is used a moment after it was dropped)."""
    dropped = _backend(store)
    with pg_admin.connect() as admin:
        admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": dropped})
    with pytest.raises(sa.exc.OperationalError):
        _backend(store)
