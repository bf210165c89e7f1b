"""The check cache (revision 0009): stored results come back only while their fingerprint holds.

Every test runs on SQLite and on PostgreSQL (see ``conftest.py``).
"""

from __future__ import annotations

import json
import os
import sys
import types
from datetime import timedelta
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.errors import StoreError
from govsm.model import (
    Bilingual,
    Direction,
    Finding,
    Media,
    MediaKind,
    Message,
    Severity,
    Span,
)
from govsm.plugins import PluginHost
from govsm.serialization import unstructure
from govsm.spec.findings import ReportedFinding
from govsm.store import HEAD_REVISION, Store, schema
from govsm.store.check_cache import (
    Reused,
    ToCheck,
    cacheable,
    code_stamp,
    context_key,
    fingerprint,
    loaded_plugins,
)
from govsm.testing import strategies

from . import factories as f

KEY = "a" * 64
OTHER_KEY = "b" * 64


def _reported(message: str, n: int = 1, rule: str = "long-sentences") -> ReportedFinding:
    finding = Finding(
        rule=rule,
        severity=Severity.WARNING,
        message=Bilingual(es=f"frase {n}", en=f"sentence {n}"),
        subject=f"message:{message}",
        span=Span(0, 3),
    )
    return ReportedFinding(
        "checks", finding, profile="soldeneu-mastodon", message=message, excerpt="Mis…"
    )


def _built(reused: Reused) -> tuple[ReportedFinding, ...]:
    """A reused message's findings, built from their recorded form."""
    return tuple(record.reported() for record in reused.findings)


@pytest.fixture
def saved(store: Store) -> Store:
    """The factories' organisation with five outbound drafts and one inbound mention."""
    store.save_snapshot(f.snapshot(f.ORG))
    inbound = f.message(f.ORG, "in-0001", direction=Direction.INBOUND)
    store.save_messages(f.ORG, [*f.messages(f.ORG, 5), inbound])
    return store


def _fill(store: Store, key: str, results: dict[str, tuple[ReportedFinding, ...]]) -> None:
    """Store ``results`` as the stream under ``key`` asks for them."""
    entries = []
    for item in store.check_cache.stream(f.ORG, key):
        assert isinstance(item, ToCheck)
        assert item.fingerprint is not None
        entries.append((item.message.id, item.fingerprint, results.get(item.message.id, ())))
    store.check_cache.save(f.ORG, entries)


class TestStream:
    def test_schema_at_head_has_the_table(self, store: Store) -> None:
        """Revision 0009 adds ``check_cache`` (0010, after it, adds the messages' originals)."""
        assert HEAD_REVISION >= "0009"
        with store.engine.connect() as connection:
            assert sa.inspect(connection).has_table("check_cache")
        assert schema.check_cache.info["derived"] is True

    def test_without_a_key_every_message_comes_to_check(self, saved: Store) -> None:
        """No key: every outbound message, in the store's order, with no fingerprint."""
        items = list(saved.check_cache.stream(f.ORG, None))
        expected = list(saved.messages(f.ORG, direction=Direction.OUTBOUND))
        assert [i.message for i in items if isinstance(i, ToCheck)] == expected
        assert all(isinstance(i, ToCheck) and i.fingerprint is None for i in items)

    def test_stored_results_come_back_in_order(self, saved: Store) -> None:
        """Saved under a key, each message comes back as its findings, in the same order."""
        results = {"m-0001": (_reported("m-0001"), _reported("m-0001", 2)), "m-0003": ()}
        _fill(saved, KEY, results)
        items = list(saved.check_cache.stream(f.ORG, KEY))
        assert [type(i).__name__ for i in items] == ["Reused"] * 5
        assert [i.message for i in items if isinstance(i, Reused)] == [
            f"m-{n:04d}" for n in range(5)
        ]
        reused = {i.message: i for i in items if isinstance(i, Reused)}
        assert _built(reused["m-0001"]) == results["m-0001"]
        assert reused["m-0003"].findings == ()
        assert reused["m-0003"].profile == "soldeneu-mastodon"
        assert saved.check_cache.count(f.ORG) == 5

    def test_another_key_reuses_nothing(self, saved: Store) -> None:
        """A result stored under one context key is not used under another."""
        _fill(saved, KEY, {})
        items = list(saved.check_cache.stream(f.ORG, OTHER_KEY))
        assert all(isinstance(i, ToCheck) for i in items)

    def test_an_edited_message_comes_to_check(self, saved: Store) -> None:
        """A message saved with another text is checked again; the others are reused."""
        _fill(saved, KEY, {})
        edited = f.message(f.ORG, "m-0002", created_at=f.T0 + timedelta(minutes=2), text="Nou")
        assert saved.save_messages(f.ORG, [edited]).updated == 1
        items = list(saved.check_cache.stream(f.ORG, KEY))
        assert [i.message.id for i in items if isinstance(i, ToCheck)] == ["m-0002"]

    def test_the_fingerprint_covers_the_whole_document(self, saved: Store) -> None:
        """A change outside the text (its state, its media) also makes the message come back."""
        _fill(saved, KEY, {})
        stored = saved.message(f.ORG, "m-0004")
        assert stored is not None
        picture = Media(kind=MediaKind.IMAGE, location="https://soldeneu.example/a.jpg")
        saved.save_messages(f.ORG, [attrs.evolve(stored, media=(picture,))])
        items = list(saved.check_cache.stream(f.ORG, KEY))
        assert [i.message.id for i in items if isinstance(i, ToCheck)] == ["m-0004"]

    def test_saving_replaces_and_none_forgets(self, saved: Store) -> None:
        """A second save replaces a message's row; ``None`` findings delete it."""
        _fill(saved, KEY, {})
        fresh = fingerprint(OTHER_KEY, "whatever")
        saved.check_cache.save(f.ORG, [("m-0000", fresh, (_reported("m-0000"),))])
        saved.check_cache.save(f.ORG, [("m-0001", fresh, None)])
        assert saved.check_cache.count(f.ORG) == 4
        items = list(saved.check_cache.stream(f.ORG, KEY))
        assert [i.message.id for i in items if isinstance(i, ToCheck)] == ["m-0000", "m-0001"]

    def test_clear_forgets_one_organisation(self, store: Store) -> None:
        """``clear`` deletes the organisation's rows only, and says how many."""
        for org in (f.ORG, f.OTHER):
            store.save_snapshot(f.snapshot(org))
            store.save_messages(org, f.messages(org, 3))
            entries = [
                (i.message.id, i.fingerprint or "", ())
                for i in store.check_cache.stream(org, KEY)
                if isinstance(i, ToCheck)
            ]
            store.check_cache.save(org, entries)
        assert store.check_cache.clear(f.ORG) == 3
        assert store.check_cache.count(f.ORG) == 0
        assert store.check_cache.count(f.OTHER) == 3
        assert all(isinstance(i, Reused) for i in store.check_cache.stream(f.OTHER, KEY))

    def test_a_row_goes_with_its_message(self, saved: Store) -> None:
        """Deleting a message deletes its row (ON DELETE CASCADE), on both backends."""
        _fill(saved, KEY, {})
        messages = schema.messages
        with saved.engine.begin() as connection:
            connection.execute(
                sa.delete(messages).where(
                    messages.c.organisation_id == f.ORG, messages.c.id == "m-0000"
                )
            )
        assert saved.check_cache.count(f.ORG) == 4

    @pytest.mark.parametrize(
        "row",
        [
            '[{"nonsense": true}]',
            "not json",
            '{"a": 1}',
            '[["{}", "checks", "r", "severe", true, null, null]]',
            '[["{}", "checks", "r", "info", "yes", null, null]]',
            '[["not a document", "checks", "r", "info", true, null, null]]',
            '[["{}", "checks", "r", "info", true, null]]',
        ],
        ids=["a-dict", "not-json", "not-a-list", "severity", "counted", "document", "short"],
    )
    def test_an_unreadable_row_is_checked_again(self, saved: Store, row: str) -> None:
        """A row whose findings are not in the layout this govsm writes counts as no result."""
        _fill(saved, KEY, {})
        table = schema.check_cache
        with saved.engine.begin() as connection:
            connection.execute(
                sa.update(table).where(table.c.message_id == "m-0002").values(findings=row)
            )
        items = list(saved.check_cache.stream(f.ORG, KEY))
        assert [i.message.id for i in items if isinstance(i, ToCheck)] == ["m-0002"]

    def test_a_row_of_the_first_layout_is_checked_again(self, saved: Store) -> None:
        """A row as the first layout kept it (each finding's plain data) is not reused."""
        reported = _reported("m-0002")
        _fill(saved, KEY, {})
        table = schema.check_cache
        with saved.engine.begin() as connection:
            connection.execute(
                sa.update(table)
                .where(table.c.message_id == "m-0002")
                .values(findings=json.dumps([unstructure(reported)]))
            )
        items = list(saved.check_cache.stream(f.ORG, KEY))
        assert [i.message.id for i in items if isinstance(i, ToCheck)] == ["m-0002"]

    def test_unknown_organisation(self, store: Store) -> None:
        """Streaming an organisation the store does not hold fails at once, as messages() does."""
        with pytest.raises(StoreError, match="nobody"):
            store.check_cache.stream("nobody", KEY)

    def test_a_store_that_cannot_be_written(self, saved: Store, store_url: str) -> None:
        """Saving into a store that refuses writes is a StoreError (the step then stops keeping)."""
        _fill(saved, KEY, {})
        table = schema.check_cache
        with saved.engine.begin() as connection:
            connection.execute(sa.delete(table))
        trigger = (
            "CREATE TRIGGER refuse BEFORE INSERT ON check_cache "
            "BEGIN SELECT RAISE(ABORT, 'read-only'); END"
        )
        if saved.dialect == "postgresql":
            with saved.engine.begin() as connection:
                connection.exec_driver_sql(
                    "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION 'read-only'; END $$ LANGUAGE plpgsql"
                )
                connection.exec_driver_sql(
                    "CREATE TRIGGER refuse BEFORE INSERT ON check_cache "
                    "FOR EACH ROW EXECUTE FUNCTION refuse()"
                )
        else:
            with saved.engine.begin() as connection:
                connection.exec_driver_sql(trigger)
        with pytest.raises(StoreError, match="read-only"):
            saved.check_cache.save(f.ORG, [("m-0000", KEY, ())])


class TestCacheable:
    def test_a_file_on_disk_is_never_kept(self) -> None:
        """A local attachment is read by the media rules: its result is not kept."""
        local = f.message(f.ORG, "m", media=(Media(kind=MediaKind.IMAGE, location="img/a.png"),))
        remote = attrs.evolve(
            local, media=(Media(kind=MediaKind.IMAGE, location="https://x.example/a.png"),)
        )
        assert not cacheable(local, ())
        assert cacheable(remote, ())

    def test_a_rule_that_failed_is_not_kept(self) -> None:
        """A result holding ``rule-failed`` is checked again next time."""
        message = f.message(f.ORG, "m")
        assert not cacheable(message, (_reported("m", rule="rule-failed"),))
        assert cacheable(message, (_reported("m"),))


def _key(host: PluginHost, **changes: object) -> str | None:
    snapshot = f.snapshot(f.ORG)
    arguments: dict[str, object] = {
        "rules": host.rules(),
        "channels": host.channels(),
        "snapshot": snapshot,
        "profiles": list(snapshot.profiles),
        "root": None,
        "plugins": loaded_plugins(host),
    }
    arguments.update(changes)
    return context_key(**arguments)  # type: ignore[arg-type]


@pytest.fixture
def host() -> PluginHost:
    """The built-in plugins only."""
    return PluginHost(entry_points=False)


class TestContextKey:
    def test_it_is_stable(self, host: PluginHost) -> None:
        """The same inputs give the same key, as 64 hex digits."""
        key = _key(host)
        assert key is not None and len(key) == 64
        assert _key(host) == key

    def test_everything_the_rules_read_changes_it(self, host: PluginHost) -> None:
        """Rules, channels, organisation, stored profiles, plugins and folder each change it."""
        base = _key(host)
        snapshot = f.snapshot(f.ORG)
        rules = host.rules()
        some = next(iter(rules))
        stricter = attrs.evolve(rules[some], default_severity=Severity.ERROR)
        channels = host.channels()
        x = attrs.evolve(channels["x"], name="X, renamed")
        person = f.person(f.ORG, "regidora", political_office="Regidora")
        plugins = loaded_plugins(host)
        plugins[0]["version"] = "99.0"
        variants = {
            "severity": _key(host, rules={**rules, some: stricter}),
            "rule gone": _key(host, rules={k: v for k, v in rules.items() if k != some}),
            "channel": _key(host, channels={**channels, "x": x}),
            "office holder": _key(
                host, snapshot=attrs.evolve(snapshot, people=(*snapshot.people, person))
            ),
            "time zone": _key(
                host,
                snapshot=attrs.evolve(
                    snapshot,
                    organisation=attrs.evolve(snapshot.organisation, timezone="Atlantic/Canary"),
                ),
            ),
            "stored profile": _key(host, profiles=list(snapshot.profiles[:1])),
            "plugin version": _key(host, plugins=plugins),
            "folder": _key(host, root=Path("/somewhere")),
        }
        assert all(key is not None for key in variants.values())
        assert base not in variants.values()
        assert len(set(variants.values())) == len(variants)

    def test_a_rule_without_a_source_file_turns_the_cache_off(self, host: PluginHost) -> None:
        """A rule whose code cannot be located (no file) gives no key."""
        module = types.ModuleType("govsm_nowhere")
        exec("def check(context):\n    return []\n", module.__dict__)
        sys.modules["govsm_nowhere"] = module
        try:
            rules = host.rules()
            some = next(iter(rules))
            assert module.check.__module__ == "govsm_nowhere"
            rule = attrs.evolve(rules[some], check=module.check)
            assert _key(host, rules={**rules, some: rule}) is None
        finally:
            del sys.modules["govsm_nowhere"]


class TestCodeStamp:
    def test_a_changed_file_changes_the_stamp(self, tmp_path: Path) -> None:
        """Editing any file of a rule's package (its code or its data) changes the stamp."""
        package = tmp_path / "govsm_stamp_probe"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("", encoding="utf-8")
        words = package / "data" / "words.txt"
        words.write_text("hola\n", encoding="utf-8")
        (package / "__pycache__").mkdir()
        sys.path.insert(0, str(tmp_path))
        try:
            __import__("govsm_stamp_probe")
            before = code_stamp(["govsm_stamp_probe.rules"])
            assert before is not None
            assert [entry[1] for entry in before] == [
                "__init__.py",
                os.path.join("data", "words.txt"),
            ]
            (package / "__pycache__" / "x.pyc").write_bytes(b"cache")
            assert code_stamp(["govsm_stamp_probe"]) == before
            words.write_text("hola\nadéu\n", encoding="utf-8")
            assert code_stamp(["govsm_stamp_probe"]) != before
        finally:
            sys.path.remove(str(tmp_path))
            sys.modules.pop("govsm_stamp_probe", None)

    def test_a_module_not_imported_gives_none(self) -> None:
        """A module that is not loaded cannot be stamped."""
        assert code_stamp(["govsm_not_a_module_at_all"]) is None


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    findings=st.lists(st.tuples(strategies.findings(), st.none() | strategies.urls), max_size=6),
    edited=st.sets(st.integers(0, 7)),
)
def test_stored_findings_round_trip_and_only_edits_come_back(
    saved: Store, findings: list[tuple[Finding, str | None]], edited: set[int]
) -> None:
    """Any findings are reused equal; after random edits, exactly the edited messages come back."""
    saved.save_messages(f.ORG, f.messages(f.ORG, 8))
    recorded = tuple(
        ReportedFinding("checks", finding, profile="p", message="m-0000", url=url, excerpt="…")
        for finding, url in findings
    )
    saved.check_cache.clear(f.ORG)
    _fill(saved, KEY, {"m-0000": recorded})
    changed: list[Message] = []
    for n in sorted(edited):
        stored = saved.message(f.ORG, f"m-{n:04d}")
        assert stored is not None
        changed.append(attrs.evolve(stored, text=stored.text + " (edited)"))
    saved.save_messages(f.ORG, changed)
    items = list(saved.check_cache.stream(f.ORG, KEY))
    assert {i.message.id for i in items if isinstance(i, ToCheck)} == {f"m-{n:04d}" for n in edited}
    if 0 not in edited:
        assert _built(next(i for i in items if isinstance(i, Reused))) == recorded
