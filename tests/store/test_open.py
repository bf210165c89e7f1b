from __future__ import annotations

import traceback
from pathlib import Path

import pytest
import sqlalchemy as sa

from govsm.errors import StoreError
from govsm.store import HEAD_REVISION, Store
from govsm.store import engine as engines

from .conftest import postgres_base_url

SECRET = "s3cret"


def _all_text(exc: BaseException) -> str:
    """Everything an error shows: message, both languages, place, repr and full traceback."""
    parts = [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    if isinstance(exc, StoreError):
        parts += [exc.es, exc.en, exc.where or ""]
    return "\n".join(parts)


class TestOpen:
    def test_empty_database_is_migrated_to_head(self, store_url: str) -> None:
        """Opening an empty database creates the schema at the head revision."""
        with Store.open(store_url) as store:
            assert store.schema_revision() == HEAD_REVISION
            assert store.organisations() == []

    def test_reopening_keeps_the_revision(self, store_url: str) -> None:
        """A second open of a migrated database finds it at the head revision."""
        Store.open(store_url).close()
        with Store.open(store_url, upgrade=False) as store:
            assert store.schema_revision() == HEAD_REVISION

    def test_sqlite_creates_parent_folders(self, tmp_path: Path) -> None:
        """A SQLite URL in folders that do not exist yet creates them."""
        path = tmp_path / "a" / "b" / "govsm.db"
        with Store.open(f"sqlite:///{path}") as store:
            assert store.dialect == "sqlite"
        assert path.is_file()

    def test_sqlite_in_memory(self) -> None:
        """``sqlite://`` opens a throw-away database in memory."""
        with Store.open("sqlite://") as store:
            assert store.schema_revision() == HEAD_REVISION

    def test_sqlite_pragmas_are_on(self, tmp_path: Path) -> None:
        """Every SQLite connection has WAL journaling, foreign keys and a busy timeout."""
        with Store.open(f"sqlite:///{tmp_path / 'govsm.db'}") as store:
            for _ in range(2):  # two connections, not just the first
                with store.engine.connect() as connection:
                    assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                    assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                    assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 1000
                    connection.invalidate()

    @pytest.mark.postgres
    def test_postgres_session_settings(self, pg_schema_url: str) -> None:
        """PostgreSQL sessions use UTC and custom plans (no generic plan across tenants)."""
        with Store.open(pg_schema_url) as store, store.engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW TIME ZONE").scalar() == "UTC"
            mode = connection.exec_driver_sql("SHOW plan_cache_mode").scalar()
            assert mode == "force_custom_plan"

    def test_closed_store_refuses_work(self, store: Store) -> None:
        """A closed store raises StoreError instead of reconnecting silently."""
        store.close()
        with pytest.raises(StoreError, match="closed"):
            store.organisations()
        assert "closed" in repr(store)


class TestUrls:
    @pytest.mark.parametrize(
        ("raw", "driver"),
        [
            ("postgresql://u@h/db", "postgresql+psycopg"),
            ("postgres://u@h/db", "postgresql+psycopg"),
            ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
            ("sqlite:///x.db", "sqlite"),
            ("sqlite+pysqlite:///x.db", "sqlite"),
        ],
    )
    def test_urls_are_normalised(self, raw: str, driver: str) -> None:
        """PostgreSQL URLs use psycopg 3, whatever the scheme says."""
        assert engines.parse(raw).drivername == driver

    @pytest.mark.parametrize(
        "raw",
        [
            "",
            "not a url",
            f"postgresql://u:{SECRET}@h:notaport/x",
            f"mysql://u:{SECRET}@h/db",
            f"postgresql+psycopg2://u:{SECRET}@h/db",
        ],
    )
    def test_bad_urls_are_store_errors_without_the_password(self, raw: str) -> None:
        """Malformed and unsupported URLs raise StoreError, and never show the password."""
        with pytest.raises(StoreError) as caught:
            Store.open(raw)
        assert SECRET not in _all_text(caught.value)
        assert "sqlite:///" in caught.value.en  # says what would work

    def test_unreachable_server_names_the_masked_url(self) -> None:
        """An unreachable server gives a StoreError naming the URL with its password masked."""
        with pytest.raises(StoreError) as caught:
            Store.open(f"postgresql://u:{SECRET}@127.0.0.1:1/x")
        error = caught.value
        assert SECRET not in _all_text(error)
        assert error.where == "postgresql+psycopg://u:***@127.0.0.1:1/x"
        assert str(error).startswith("postgresql+psycopg://u:***@127.0.0.1:1/x: ")
        assert "could not connect to the database" in error.en
        assert "no se pudo conectar con la base de datos" in error.es
        assert "refused" in error.en  # the driver's reason is kept

    @pytest.mark.postgres
    def test_password_is_masked_in_repr(self, pg_schema_url: str) -> None:
        """A store opened with a password never shows it (trust auth accepts any password)."""
        url = sa.make_url(pg_schema_url)
        password = url.password or SECRET
        if not postgres_base_url().password:
            url = url.set(password=SECRET)
        with Store.open(url.render_as_string(hide_password=False)) as store:
            assert str(password) not in repr(store)
            assert str(password) not in store.url
            assert ":***@" in store.url
            assert ":***@" in repr(store)
            assert str(password) not in repr(store.engine)

    def test_mask_text_hides_passwords_in_free_text(self) -> None:
        """Passwords in URLs inside any text are masked."""
        text = f"see postgresql://me:{SECRET}@db:5432/x and sqlite:///y"
        assert engines.mask_text(text) == "see postgresql://me:***@db:5432/x and sqlite:///y"

    def test_a_file_that_is_not_a_database(self, tmp_path: Path) -> None:
        """A file that is not SQLite gives a StoreError naming it."""
        path = tmp_path / "notes.db"
        path.write_bytes(b"these are not the tables you are looking for" * 100)
        with pytest.raises(StoreError) as caught:
            Store.open(f"sqlite:///{path}")
        assert caught.value.where is not None
        assert str(path) in caught.value.where
        assert "not a database" in caught.value.en


def test_a_new_sqlite_store_is_owner_only(tmp_path: Path) -> None:
    """The store holds personal data: its file is created readable by its owner only."""
    path = tmp_path / "nested" / "govsm.db"
    with Store.open(f"sqlite:///{path}") as store:
        store.organisations()
    assert path.stat().st_mode & 0o777 == 0o600
