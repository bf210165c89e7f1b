from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from govsm._version import __version__
from govsm.errors import StoreError
from govsm.ledger.chain import AuditEvent, verify
from govsm.model import Message, MessageState, OrganisationSnapshot
from govsm.store import HEAD_REVISION, Store, migrate, rows, schema
from govsm.store.versions import REVISIONS

from . import factories as f

MESSAGE_INDEXES = {
    "ix_messages_created",
    "ix_messages_profile_created",
    "ix_messages_profile_state",
    "ix_messages_remote",
}
#: revision 0004: each profile's last publication, from the index alone
LAST_PUBLISHED_INDEX = "ix_messages_last_published"
LAST_PUBLISHED_COLUMNS = ["organisation_id", "profile_id", "direction", "state", "published_at"]


def _index_names(engine: sa.Engine, table: str) -> set[str]:
    with engine.connect() as connection:
        return {str(ix["name"]) for ix in sa.inspect(connection).get_indexes(table)}


def _has_table(engine: sa.Engine, table: str) -> bool:
    with engine.connect() as connection:
        return sa.inspect(connection).has_table(table)


def _insert_raw(engine: sa.Engine, snapshot: OrganisationSnapshot, msgs: list[Message]) -> None:
    """Write rows as govsm did at revision 0001 (same columns, no indexes, no govsm_meta)."""
    with engine.begin() as connection:
        connection.execute(
            sa.insert(schema.organisations), [rows.organisation_row(snapshot.organisation)[0]]
        )
        connection.execute(
            sa.insert(schema.units), [rows.unit_row(u, i)[0] for i, u in enumerate(snapshot.units)]
        )
        connection.execute(
            sa.insert(schema.people),
            [rows.person_row(p, i)[0] for i, p in enumerate(snapshot.people)],
        )
        connection.execute(
            sa.insert(schema.profiles),
            [rows.profile_row(p, i)[0] for i, p in enumerate(snapshot.profiles)],
        )
        connection.execute(
            sa.insert(schema.role_assignments),
            [rows.role_row(r, i)[0] for i, r in enumerate(snapshot.roles)],
        )
        assert snapshot.policy is not None
        connection.execute(
            sa.insert(schema.policies), [rows.policy_row(snapshot.policy, current=True)[0]]
        )
        connection.execute(sa.insert(schema.messages), [rows.message_row(m)[0] for m in msgs])


class TestRevisions:
    def test_revision_list_matches_the_scripts(self) -> None:
        """versions.REVISIONS lists the migration scripts in order, and the head is the last."""
        script = ScriptDirectory.from_config(migrate.alembic_config())
        chain = [s.revision for s in reversed(list(script.walk_revisions()))]
        assert tuple(chain) == REVISIONS
        assert script.get_current_head() == HEAD_REVISION

    def test_migrations_ship_inside_the_package(self) -> None:
        """The migrations folder is part of the package, so the wheel carries it."""
        location = migrate.script_location()
        assert (location / "env.py").is_file()
        assert sorted(p.name[:4] for p in (location / "versions").glob("0*.py")) == list(REVISIONS)
        assert location.parent.name == "store"

    def test_migrated_schema_matches_the_metadata(self, store: Store) -> None:
        """The hand-written migrations build exactly the tables schema.py describes."""
        with store.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, schema.metadata) == []


class TestColumnTypes:
    @pytest.mark.postgres
    def test_postgres_types(self, pg_schema_url: str) -> None:
        """On PostgreSQL ids sort by code point, instants are timestamptz, documents json."""
        with Store.open(pg_schema_url) as store, store.engine.connect() as connection:
            found = {
                (table, column): (data_type, collation)
                for table, column, data_type, collation in connection.exec_driver_sql(
                    "SELECT table_name, column_name, data_type, collation_name "
                    "FROM information_schema.columns WHERE table_schema = current_schema()"
                )
            }
        assert found[("messages", "id")] == ("character varying", "C")
        assert found[("messages", "organisation_id")] == ("character varying", "C")
        assert found[("policies", "version")] == ("text", "C")
        assert found[("messages", "created_at")][0] == "timestamp with time zone"
        assert found[("messages", "data")][0] == "json"
        assert found[("policies", "is_current")][0] == "boolean"


class TestUpgrade:
    def test_step_by_step_from_empty(self, store_url: str) -> None:
        """An empty database goes to 0001, then to head; data methods wait for the head."""
        with Store.open(store_url, upgrade=False) as store:
            assert store.schema_revision() is None
            with pytest.raises(StoreError, match="upgrade"):
                store.organisations()
            store.upgrade("0001")
            assert store.schema_revision() == "0001"
            assert not (_index_names(store.engine, "messages") & MESSAGE_INDEXES)
            with pytest.raises(StoreError, match="0001"):
                store.save_snapshot(f.snapshot())
            store.upgrade("0002")
            assert store.schema_revision() == "0002"
            assert not _has_table(store.engine, "audit_log")
            store.upgrade("0003")
            assert store.schema_revision() == "0003"
            assert LAST_PUBLISHED_INDEX not in _index_names(store.engine, "messages")
            store.upgrade()
            assert store.schema_revision() == HEAD_REVISION
            assert _index_names(store.engine, "messages") >= MESSAGE_INDEXES | {
                LAST_PUBLISHED_INDEX
            }
            assert _has_table(store.engine, "audit_log")
            assert store.dump()["govsm_meta"] == [{"key": "written_by", "value": __version__}]

    def test_upgrade_from_0001_keeps_the_data(self, store_url: str) -> None:
        """A database at revision 0001 with data opens at head with the same data."""
        snapshot = f.snapshot()
        msgs = [*f.messages(f.ORG, 3), f.rich_message(f.ORG, "m-rich")]
        with Store.open(store_url, upgrade=False) as store:
            store.upgrade("0001")
            _insert_raw(store.engine, snapshot, msgs)
        with Store.open(store_url) as store:
            assert store.schema_revision() == HEAD_REVISION
            assert store.snapshot(f.ORG) == snapshot
            assert list(store.messages(f.ORG)) == f.ordered(msgs)
            assert store.save_snapshot(snapshot).written == 0

    def test_upgrade_from_0002_keeps_the_data_and_starts_an_empty_log(self, store_url: str) -> None:
        """A database at revision 0002 with data opens at head, its audit log empty and usable."""
        snapshot = f.snapshot()
        msgs = f.messages(f.ORG, 3)
        with Store.open(store_url, upgrade=False) as store:
            store.upgrade("0002")
            _insert_raw(store.engine, snapshot, msgs)
        with Store.open(store_url) as store:
            assert store.schema_revision() == HEAD_REVISION
            assert store.snapshot(f.ORG) == snapshot
            assert list(store.messages(f.ORG)) == f.ordered(msgs)
            assert store.audit_entries(f.ORG) == []
            event = AuditEvent(f.T0, "workspace", "profile.registered", "soldeneu-mastodon")
            (entry,) = store.append_audit(f.ORG, [event])
            assert entry.seq == 1
            assert verify(f.ORG, store.audit_entries(f.ORG)).ok

    def test_upgrade_is_idempotent(self, store: Store) -> None:
        """Upgrading a database already at head changes nothing."""
        store.save_snapshot(f.snapshot())
        before = store.dump()
        store.upgrade()
        store.upgrade(HEAD_REVISION)
        assert store.dump() == before

    def test_downgrades_undo_the_upgrades(self, store: Store) -> None:
        """Each migration's downgrade removes what its upgrade added (for repairs)."""
        store.save_snapshot(f.snapshot())
        with store.engine.begin() as connection:
            migrate.downgrade(connection, "0003")
        assert store.schema_revision() == "0003"
        left = _index_names(store.engine, "messages")
        assert LAST_PUBLISHED_INDEX not in left
        assert left >= MESSAGE_INDEXES
        with store.engine.begin() as connection:
            migrate.downgrade(connection, "0002")
        assert not _has_table(store.engine, "audit_log")
        assert store.schema_revision() == "0002"
        with store.engine.begin() as connection:
            migrate.downgrade(connection, "0001")
        assert not (_index_names(store.engine, "messages") & MESSAGE_INDEXES)
        assert store.schema_revision() == "0001"
        store.upgrade()
        assert store.snapshot(f.ORG) == f.snapshot()
        with store.engine.begin() as connection:
            migrate.downgrade(connection, "base")
        with store.engine.connect() as connection:
            assert set(sa.inspect(connection).get_table_names()) == {"alembic_version"}

    def test_no_going_back(self, store: Store) -> None:
        """upgrade() to a revision older than the database's is refused."""
        for older in ("0001", "0002", "0003"):
            with pytest.raises(StoreError, match="downgrade"):
                store.upgrade(older)

    def test_unknown_target_revision(self, store: Store) -> None:
        """upgrade() to a revision govsm does not know names the ones it knows."""
        with pytest.raises(StoreError) as caught:
            store.upgrade("0042")
        assert "0042" in caught.value.en
        assert "0001, 0002, 0003, 0004" in caught.value.en


class TestLastPublishedIndex:
    """Revision 0004: ``Store.last_published`` is answered from the covering index."""

    def test_index_exists_at_head_with_its_columns(self, store: Store) -> None:
        """After upgrading, messages has the index, on the columns health needs, in order."""
        with store.engine.connect() as connection:
            found = {
                str(ix["name"]): list(ix["column_names"])
                for ix in sa.inspect(connection).get_indexes("messages")
            }
        assert found[LAST_PUBLISHED_INDEX] == LAST_PUBLISHED_COLUMNS

    def test_upgrade_from_0003_adds_it_and_keeps_the_data(self, store_url: str) -> None:
        """A database at 0003 with published messages gains the index and answers the same."""
        published = MessageState.PUBLISHED
        msgs = [
            f.message(f.ORG, "m1", created_at=f.T0, state=published, published_at=f.T0),
            f.message(
                f.ORG,
                "m2",
                created_at=f.T0,
                state=published,
                published_at=f.T0 + timedelta(days=3),
            ),
            f.message(f.ORG, "m3", created_at=f.T0 + timedelta(days=9)),
        ]
        with Store.open(store_url, upgrade=False) as store:
            store.upgrade("0003")
            _insert_raw(store.engine, f.snapshot(), msgs)
            assert LAST_PUBLISHED_INDEX not in _index_names(store.engine, "messages")
        with Store.open(store_url) as store:
            assert store.schema_revision() == HEAD_REVISION
            assert LAST_PUBLISHED_INDEX in _index_names(store.engine, "messages")
            assert store.last_published(f.ORG) == {"soldeneu-mastodon": f.T0 + timedelta(days=3)}

    def test_last_published_reads_the_index_only(self, store: Store) -> None:
        """The query last_published sends is planned as a covering (index-only) read.

        The statement is captured as sent and explained with its parameters. On PostgreSQL,
        with a handful of rows the planner rightly prefers reading the table, so sequential
        scans are switched off for the EXPLAIN: the question is whether the index *can* answer
        the query without the table, which the query's shape decides.
        """
        store.save_snapshot(f.snapshot())
        sent: list[tuple[str, Any]] = []

        def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            if "published_at" in statement:
                sent.append((statement, parameters))

        sa.event.listen(store.engine, "before_cursor_execute", capture)
        try:
            store.last_published(f.ORG)
        finally:
            sa.event.remove(store.engine, "before_cursor_execute", capture)
        ((statement, parameters),) = sent
        with store.engine.connect() as connection:
            if store.dialect == "sqlite":
                plan = connection.exec_driver_sql(
                    f"EXPLAIN QUERY PLAN {statement}", parameters
                ).all()
                lines = [str(row[-1]) for row in plan]
                wanted = f"SEARCH messages USING COVERING INDEX {LAST_PUBLISHED_INDEX} "
            else:
                connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
                plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
                lines = [str(row[0]).strip().removeprefix("->  ") for row in plan]
                wanted = f"Index Only Scan Backward using {LAST_PUBLISHED_INDEX} on messages "
        # messages is read once, through the index alone: every step that touches it is that one
        on_messages = [line for line in lines if " messages " in line]
        assert on_messages, lines
        assert all(line.startswith(wanted) for line in on_messages), lines


class TestNewerDatabase:
    def _stamp(self, store: Store, revision: str, written_by: str | None) -> None:
        with store.engine.begin() as connection:
            connection.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{revision}'")
            if written_by is None:
                connection.execute(sa.delete(schema.govsm_meta))
            else:
                connection.execute(
                    sa.update(schema.govsm_meta)
                    .where(schema.govsm_meta.c.key == "written_by")
                    .values(value=written_by)
                )

    @pytest.mark.parametrize("upgrade", [True, False])
    def test_newer_revision_is_refused(self, store: Store, store_url: str, upgrade: bool) -> None:
        """A database stamped with an unknown revision says a newer govsm wrote it."""
        store.save_snapshot(f.snapshot())
        self._stamp(store, "0099", "9.9.0")
        store.close()
        with pytest.raises(StoreError) as caught:
            Store.open(store_url, upgrade=upgrade)
        error = caught.value
        assert "newer govsm" in error.en
        assert "0099" in error.en
        assert "9.9.0" in error.en
        assert f"up to revision {HEAD_REVISION}" in error.en
        assert "upgrade govsm" in error.en
        assert "más reciente" in error.es
        assert "actualice govsm" in error.es
        assert error.where is not None

    def test_newer_revision_without_written_by(self, store: Store, store_url: str) -> None:
        """Without a written_by record the error still names the revision."""
        self._stamp(store, "0100", None)
        store.close()
        with pytest.raises(StoreError, match="unknown govsm version") as caught:
            Store.open(store_url)
        assert "0100" in caught.value.en

    def test_store_opened_before_refuses_to_migrate_a_newer_database(self, store: Store) -> None:
        """upgrade() rechecks the revision under the migration lock."""
        self._stamp(store, "0099", "9.9.0")
        with pytest.raises(StoreError, match="newer"):
            store.upgrade()
