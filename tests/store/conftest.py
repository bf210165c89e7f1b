"""Fixtures for the store tests: every test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``GOVSM_TEST_POSTGRES_URL`` (default: the local server, trust auth). Each test
gets a schema of its own, dropped afterwards. An unreachable server skips the PostgreSQL tests with
the reason shown, unless ``CI`` is set: then they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from govsm.store import Store

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_base_url() -> sa.URL:
    """The PostgreSQL server the tests use, with the psycopg 3 driver."""
    url = sa.make_url(os.environ.get("GOVSM_TEST_POSTGRES_URL", PG_DEFAULT))
    return url.set(drivername="postgresql+psycopg")


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[sa.Engine]:
    """An engine on the test server, for creating and dropping schemas."""
    url = postgres_base_url()
    engine = sa.create_engine(url, connect_args={"connect_timeout": 5}, poolclass=sa.NullPool)
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        engine.dispose()
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        reason = (
            f"PostgreSQL is not reachable at {url.render_as_string(hide_password=True)} "
            f"(set GOVSM_TEST_POSTGRES_URL): {detail}"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_schema_url(pg_admin: sa.Engine) -> Iterator[str]:
    """A URL whose ``search_path`` is a fresh schema, dropped (CASCADE) after the test."""
    schema = f"govsm_test_{uuid.uuid4().hex}"
    with pg_admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = postgres_base_url().update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with pg_admin.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgres``."""
    return str(request.param)


@pytest.fixture
def store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A database URL on the test's backend, for an empty database of its own."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'govsm.db'}"
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A store migrated to the head revision, closed after the test."""
    with Store.open(store_url) as opened:
        yield opened
