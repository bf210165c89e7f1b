"""The tamper-evident audit log: chain, verification, store, concurrency, CLI and export."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from govsm.cli.main import cli
from govsm.ledger.chain import (
    GENESIS_HASH,
    AuditEvent,
    Problem,
    StoredEntry,
    chain,
    verify,
)
from govsm.ledger.export import export_csv, export_json
from govsm.model import LifecycleState
from govsm.store import Store, schema
from govsm.workspace.registration import state_change_events
from tests.councils import example_copy

# the store tests' fixtures: every store test here runs on SQLite and on PostgreSQL
from tests.store import factories as f
from tests.store.conftest import pg_admin, pg_schema_url  # noqa: F401

ORG = "ajuntament-soldeneu"
T0 = datetime(2026, 11, 24, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def _event(n: int, **changes: Any) -> AuditEvent:
    base = AuditEvent(
        T0 + timedelta(minutes=n),
        "maria-soler",
        "request.approved",
        f"request-{n}",
        {"reason": f"criterios cumplidos {n}", "tier": 1},
    )
    return attrs.evolve(base, **changes)


def _stored(entries: list[Any]) -> list[StoredEntry]:
    return [
        StoredEntry(
            e.organisation,
            e.seq,
            e.at,
            e.actor,
            e.action,
            e.subject,
            json.dumps(e.details, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
            e.prev_hash,
            e.hash,
        )
        for e in entries
    ]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on SQLite or on PostgreSQL (a schema of its own)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'govsm.db'}"
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def db(db_url: str) -> Iterator[Store]:
    """A store at the head revision, closed after the test."""
    with Store.open(db_url) as opened:
        yield opened


class TestChain:
    def test_first_entry_links_to_genesis(self) -> None:
        """The first entry is number 1 and carries the fixed genesis hash."""
        first, second = chain(ORG, [_event(1), _event(2)])
        assert (first.seq, second.seq) == (1, 2)
        assert first.prev_hash == GENESIS_HASH
        assert second.prev_hash == first.hash
        assert verify(ORG, [first, second]).ok

    def test_hash_is_pinned(self) -> None:
        """The canonical serialisation does not drift: a known entry has a known hash."""
        (entry,) = chain(ORG, [_event(0)])
        assert entry.at.tzinfo is UTC
        details = '{"reason":"criterios cumplidos 0","tier":1}'
        payload = (
            f'[1,"{ORG}",1,"2026-11-24T08:30:00.000000+00:00","maria-soler",'
            f'"request.approved","request-0",{json.dumps(details)},"{GENESIS_HASH}"]'
        )
        assert entry.hash == hashlib.sha256(payload.encode()).hexdigest()
        assert entry.hash == "f6a44953d8afd383aaadbcf9288ab8c3a8c839fe6cc67779c3bf889c1eb0b5d7"

    def test_offsets_do_not_change_the_hash(self) -> None:
        """The same instant written with another offset seals to the same hash."""
        (a,) = chain(ORG, [_event(0)])
        (b,) = chain(ORG, [_event(0, at=T0.astimezone(UTC))])
        assert a.hash == b.hash

    def test_empty_log_verifies_with_genesis_head(self) -> None:
        """An empty log is intact and its head is the genesis hash."""
        result = verify(ORG, [])
        assert result.ok
        assert (result.entries, result.head_hash) == (0, GENESIS_HASH)

    @pytest.mark.parametrize(
        ("changes", "match"),
        [
            ({"at": datetime(2026, 11, 24, 9, 30)}, "naive"),
            ({"action": "Approved"}, "dotted"),
            ({"actor": " maria"}, "actor"),
            ({"details": {"api_token": "x"}}, "secret"),
            ({"details": {"nested": [{"password": "x"}]}}, "secret"),
            ({"details": {"n": float("nan")}}, "JSON"),
        ],
    )
    def test_bad_events_are_refused(self, changes: dict[str, Any], match: str) -> None:
        """Naive instants, malformed actions, blank actors, secrets and non-JSON are refused."""
        with pytest.raises(ValueError, match=match):
            _event(0, **changes)

    def test_details_are_copied(self) -> None:
        """Changing the caller's dict afterwards does not change the recorded event."""
        details: dict[str, Any] = {"reason": "ok"}
        event = _event(0, details=details)
        details["reason"] = "changed"
        assert event.details == {"reason": "ok"}


class TestVerify:
    def test_changed_entry_is_named(self) -> None:
        """A changed field makes that entry's hash mismatch."""
        stored = _stored(chain(ORG, [_event(n) for n in range(5)]))
        stored[2] = attrs.evolve(stored[2], details_text=stored[2].details_text.replace("2", "7"))
        result = verify(ORG, stored)
        assert (result.bad_seq, result.problem) == (3, Problem.HASH_MISMATCH)
        assert result.head_hash == stored[1].hash
        assert result.message is not None
        assert "entry 3" in result.message.en
        assert "entrada 3" in result.message.es

    def test_removed_entry_is_named(self) -> None:
        """A removed entry leaves a gap, named by the missing number."""
        stored = _stored(chain(ORG, [_event(n) for n in range(5)]))
        del stored[1]
        result = verify(ORG, stored)
        assert (result.bad_seq, result.problem) == (2, Problem.GAP)

    def test_inserted_entry_is_named(self) -> None:
        """An entry sealed elsewhere and slipped in does not link to its predecessor."""
        entries = chain(ORG, [_event(n) for n in range(3)])
        forged = chain(ORG, [_event(9)], after=(2, "f" * 64))[0]
        result = verify(ORG, [*entries[:2], forged, *entries[2:]])
        assert (result.bad_seq, result.problem) == (3, Problem.BROKEN_LINK)

    def test_swapped_entries_are_named(self) -> None:
        """Two entries that trade places break the chain at the first of them."""
        stored = _stored(chain(ORG, [_event(n) for n in range(5)]))
        a, b = stored[1], stored[2]
        stored[1], stored[2] = attrs.evolve(b, seq=2), attrs.evolve(a, seq=3)
        result = verify(ORG, stored)
        assert result.bad_seq == 2
        assert result.problem is Problem.BROKEN_LINK

    def test_unreadable_details_are_named(self) -> None:
        """Details that are not a JSON object, even with a matching hash, are named."""
        (entry,) = chain(ORG, [_event(0)])
        bad = attrs.evolve(_stored([entry])[0], details_text="[1]")
        bad = attrs.evolve(bad, hash=bad.recomputed_hash())
        assert verify(ORG, [bad]).problem is Problem.UNREADABLE

    @given(
        n=st.integers(min_value=1, max_value=12),
        data=st.data(),
    )
    def test_any_one_field_changed_is_caught_at_its_entry(
        self, n: int, data: st.DataObject
    ) -> None:
        """Whatever entry and field is changed, verification fails exactly there."""
        stored = _stored(chain(ORG, [_event(i) for i in range(n)]))
        index = data.draw(st.integers(min_value=0, max_value=n - 1))
        field = data.draw(st.sampled_from(["at", "actor", "action", "subject", "details_text"]))
        old = stored[index]
        new_value: Any = {
            "at": old.at + timedelta(microseconds=1),
            "actor": old.actor + "x",
            "action": old.action + "x",
            "subject": old.subject + "x",
            "details_text": old.details_text.replace("}", " }"),
        }[field]
        stored[index] = attrs.evolve(old, **{field: new_value})
        result = verify(ORG, stored)
        assert (result.bad_seq, result.problem) == (index + 1, Problem.HASH_MISMATCH)


class TestStore:
    def test_append_and_read_back(self, db: Store) -> None:
        """Entries appended in two calls continue one chain and read back equal."""
        db.save_snapshot(f.snapshot(ORG))
        first = db.append_audit(ORG, [_event(1), _event(2)])
        second = db.append_audit(ORG, [_event(3)])
        assert [e.seq for e in first + second] == [1, 2, 3]
        assert second[0].prev_hash == first[-1].hash
        stored = db.audit_entries(ORG)
        assert [s.entry() for s in stored] == first + second
        assert verify(ORG, stored).ok

    def test_append_needs_the_organisation(self, db: Store) -> None:
        """Appending to an organisation the store does not have is refused, bilingually."""
        from govsm.errors import StoreError

        with pytest.raises(StoreError, match="not in the store"):
            db.append_audit("nadie", [_event(1)])

    def test_failed_save_records_nothing(self, db: Store) -> None:
        """The entries of a snapshot save are written in its transaction, or not at all."""
        from govsm.errors import StoreError

        db.save_snapshot(f.snapshot(ORG))
        broken = attrs.evolve(
            f.snapshot(ORG),
            profiles=(*f.snapshot(ORG).profiles, f.profile(ORG, "p2", unit_id="nowhere")),
        )
        with pytest.raises(StoreError):
            db.save_snapshot(broken, audit=lambda _result: [_event(1)])
        assert db.audit_entries(ORG) == []

    def test_snapshot_saves_record_real_changes_only(self, db: Store) -> None:
        """Registrations, then one state change; saving again records nothing."""
        snapshot = f.snapshot(ORG)
        profiles = {p.id: p for p in snapshot.profiles}

        def audit(result: Any) -> list[AuditEvent]:
            return state_change_events(result.state_changes, profiles, T0)

        db.save_snapshot(snapshot, audit=audit)
        db.save_snapshot(snapshot, audit=audit)
        registered = db.audit_entries(ORG)
        assert {s.action for s in registered} == {"profile.registered"}
        assert len(registered) == len(snapshot.profiles)
        first = snapshot.profiles[0]
        new = LifecycleState.ARCHIVED if first.state is not LifecycleState.ARCHIVED else "active"
        moved = attrs.evolve(first, state=LifecycleState(new))
        db.save_snapshot(
            attrs.evolve(snapshot, profiles=(moved, *snapshot.profiles[1:])), audit=audit
        )
        after = db.audit_entries(ORG)
        assert len(after) == len(registered) + 1
        last = after[-1].entry()
        assert (last.action, last.subject) == ("profile.state_changed", first.id)
        assert last.details == {"from": first.state.value, "to": new, "source": "govsm.toml"}
        assert verify(ORG, db.audit_entries(ORG)).ok

    def test_concurrent_writers_do_not_fork_the_chain(self, db: Store) -> None:
        """Four threads appending at once leave one intact chain with every entry."""
        db.save_snapshot(f.snapshot(ORG))
        errors: list[BaseException] = []

        def writer(w: int) -> None:
            try:
                for i in range(8):
                    db.append_audit(ORG, [_event(i, subject=f"writer-{w}-{i}")])
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        stored = db.audit_entries(ORG)
        assert [s.seq for s in stored] == list(range(1, 33))
        assert len({s.subject for s in stored}) == 32
        assert verify(ORG, stored).ok

    def test_the_key_refuses_a_second_entry_at_the_same_place(self, db: Store) -> None:
        """Even a writer that skips the lock cannot write a second entry with a taken number."""
        db.save_snapshot(f.snapshot(ORG))
        (entry,) = db.append_audit(ORG, [_event(1)])
        row = {
            "organisation_id": ORG,
            "seq": 1,
            "at": T0,
            "actor": "x",
            "action": "x.y",
            "subject": "x",
            "details": "{}",
            "prev_hash": GENESIS_HASH,
            "hash": entry.hash,
        }
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
            connection.execute(sa.insert(schema.audit_log), [row])


# -- the command line, on a copy of the example council ---------------------------------------


@pytest.fixture
def council(tmp_path: Path, db_url: str) -> tuple[Path, str]:
    """The example council loaded by ``govsm audit`` into a fresh store (SQLite or PostgreSQL)."""
    copy = example_copy(tmp_path)
    done = CliRunner().invoke(cli, ["audit", str(copy), "--store", db_url, "--exit-zero"])
    assert done.exit_code == 0, done.output
    return copy, db_url


def _govsm(*args: str) -> Any:
    return CliRunner().invoke(cli, ["--lang", "en", *args])


def _tamper(url: str, sql: str) -> None:
    engine = sa.create_engine(sa.make_url(url).set(drivername=_driver(url)))
    try:
        with engine.begin() as connection:
            for statement in sql.split(";"):
                if statement.strip():
                    connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _driver(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql+psycopg"


def _verify(workspace: Path, url: str) -> tuple[int, dict[str, Any]]:
    done = _govsm("audit-log", "verify", str(workspace), "--store", url, "--json")
    return done.exit_code, json.loads(done.output)


#: what the example council's log holds after one audit: the 16 profiles of govsm.toml, then the
#: 22 lines of governance/journal.jsonl (an approved request also registers its profile, the
#: edit after approval resubmits the post, and the Reis post is scheduled with two repeats)
ACTIONS = {
    "delegation.granted": 1,
    "message.approved": 4,
    "message.drafted": 4,
    "message.edited": 1,
    "message.scheduled": 1,
    "message.submitted": 5,
    "profile.registered": 17,
    "profile.transferred": 1,
    "profile.transitioned": 1,
    "request.approved": 1,
    "request.rejected": 1,
    "request.submitted": 3,
}
ENTRIES = sum(ACTIONS.values())


class TestCommandLine:
    def test_example_council_holds_its_history(self, council: tuple[Path, str]) -> None:
        """After govsm audit the log holds 16 registrations and the journal's 20 entries."""
        workspace, url = council
        code, data = _verify(workspace, url)
        assert code == 0
        assert (data["ok"], data["entries"], data["bad_seq"]) == (True, ENTRIES, None)
        again = CliRunner().invoke(cli, ["audit", str(workspace), "--store", url, "--exit-zero"])
        assert again.exit_code == 0
        assert _verify(workspace, url)[1]["entries"] == ENTRIES
        text = _govsm("--lang", "es", "audit-log", "verify", str(workspace), "--store", url)
        assert text.exit_code == 0
        assert f"{ENTRIES} entradas, cadena intacta" in text.output

    @pytest.mark.parametrize(
        ("sql", "seq", "problem"),
        [
            # one byte of one entry's details: "active" becomes "activf"
            (
                "UPDATE audit_log SET details = REPLACE(details, '\"active\"', '\"activf\"') "
                "WHERE seq = 7",
                7,
                "hash_mismatch",
            ),
            ("DELETE FROM audit_log WHERE seq = 5", 5, "gap"),
            (
                "UPDATE audit_log SET seq = -1 WHERE seq = 3; "
                "UPDATE audit_log SET seq = 3 WHERE seq = 4; "
                "UPDATE audit_log SET seq = 4 WHERE seq = -1",
                3,
                "broken_link",
            ),
        ],
        ids=["one-byte-changed", "deleted", "swapped"],
    )
    def test_tampering_is_named(
        self, council: tuple[Path, str], sql: str, seq: int, problem: str
    ) -> None:
        """A changed, deleted or swapped row makes verify exit 1 and name the entry."""
        workspace, url = council
        _tamper(url, sql)
        code, data = _verify(workspace, url)
        assert code == 1
        assert (data["ok"], data["bad_seq"], data["problem"]) == (False, seq, problem)
        assert f"entry {seq}" in data["message"]["en"]
        text = _govsm("audit-log", "verify", str(workspace), "--store", url)
        assert text.exit_code == 1
        assert f"audit-log {seq}:" in text.output

    def test_export_csv_and_json(self, council: tuple[Path, str], tmp_path: Path) -> None:
        """The exports list who did what and when, and JSON carries the verification."""
        workspace, url = council
        out = tmp_path / "log.csv"
        done = _govsm(
            "audit-log", "export", str(workspace), "--store", url, "--format", "csv", "-o", str(out)
        )
        assert done.exit_code == 0, done.output
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        assert len(rows) == ENTRIES
        assert rows[0]["actor"] == "workspace"
        assert rows[0]["action"] == "profile.registered"
        assert rows[0]["prev_hash"] == GENESIS_HASH
        assert json.loads(rows[0]["details"])["source"] == "govsm.toml"
        done = _govsm("audit-log", "export", str(workspace), "--store", url, "--format", "json")
        document = json.loads(done.output)
        assert document["verified"] is True
        assert document["head_hash"] == document["entries"][-1]["hash"]
        assert [e["seq"] for e in document["entries"]] == list(range(1, ENTRIES + 1))
        actions = {(e["actor"], e["action"], e["subject"]) for e in document["entries"]}
        assert ("marta-soler", "request.approved", "sol-2025-07") in actions
        assert ("pau-ribera", "message.approved", "post-2026-08-festes") in actions
        assert "19/2013" in document["legal_basis"]

    def test_export_of_a_broken_log_warns(self, council: tuple[Path, str]) -> None:
        """A broken chain is still exported, marked unverified, with exit status 1."""
        workspace, url = council
        _tamper(url, "UPDATE audit_log SET actor = 'intruso' WHERE seq = 2")
        done = _govsm("audit-log", "export", str(workspace), "--store", url)
        assert done.exit_code == 1
        document = json.loads(done.stdout)
        assert document["verified"] is False
        assert "entry 2" in done.stderr

    def test_the_audit_reports_the_log(self, council: tuple[Path, str]) -> None:
        """govsm audit verifies the log in its audit-log step; a broken chain is an error."""
        workspace, url = council
        args = ["audit", str(workspace), "--store", url, "--json", "--exit-zero"]
        report = json.loads(_govsm(*args).stdout)
        (step,) = [s for s in report["steps"] if s["name"] == "audit-log"]
        assert step["summary"]["entries"] == ENTRIES
        assert step["summary"]["ok"] is True
        assert step["summary"]["actions"] == ACTIONS
        _tamper(url, "UPDATE audit_log SET subject = 'x' WHERE seq = 9")
        report = json.loads(_govsm(*args).stdout)
        (step,) = [s for s in report["steps"] if s["name"] == "audit-log"]
        assert (step["summary"]["ok"], step["summary"]["bad_seq"]) == (False, 9)
        (finding,) = step["findings"]
        assert (finding["rule"], finding["severity"]) == ("audit-log-chain", "error")
        assert finding["subject"] == "audit-log:9"


class TestExportFunctions:
    def test_csv_round_trips_details(self) -> None:
        """The CSV holds one row per entry with canonical JSON details."""
        entries = chain(ORG, [_event(1), _event(2, details={"coma": 'a, "b"\nc'})])
        rows = list(csv.DictReader(io.StringIO(export_csv(entries))))
        assert [int(r["seq"]) for r in rows] == [1, 2]
        assert json.loads(rows[1]["details"]) == {"coma": 'a, "b"\nc'}

    def test_json_names_the_generation_time_in_utc(self) -> None:
        """The JSON export says when it was generated, in UTC."""
        entries = chain(ORG, [_event(1)])
        text = export_json(entries, verify(ORG, entries), T0)
        assert json.loads(text)["generated_at"] == "2026-11-24T08:30:00.000000+00:00"


def test_state_change_events_name_the_change() -> None:
    """New profiles are registrations, changed ones state changes with from and to."""
    from govsm.store import StateChange

    snapshot = f.snapshot(ORG)
    profile = snapshot.profiles[0]
    events = state_change_events(
        [
            StateChange(profile.id, None, LifecycleState.ACTIVE),
            StateChange(profile.id, LifecycleState.ACTIVE, LifecycleState.ARCHIVED),
        ],
        {profile.id: profile},
        T0,
    )
    assert [e.action for e in events] == ["profile.registered", "profile.state_changed"]
    assert events[0].details["channel"] == profile.channel
    assert events[1].details == {"from": "active", "to": "archived", "source": "govsm.toml"}
