"""Loading a workspace again, on both backends: a file unchanged since the last load into the
same store is not read again, and the store ends as a full load would leave it.

The workspace is a small copy of the example council: two of its history files, its drafts and
its governance journals (its network archives aside: the tests' host has no importer for them).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import attrs
import pytest

from govsm.builtin.steps import load
from govsm.plugins import PluginHost
from govsm.spec.audit import AuditContext
from govsm.spec.findings import CollectedFindings
from govsm.store import Store, check_cache
from govsm.store.loaded_files import LoadedFiles
from govsm.workspace import Workspace
from govsm.workspace.archive_import import import_archive
from govsm.workspace.importing import LoadResult
from govsm.workspace.load_skips import plan_skips
from tests.paths import EXAMPLE

ORG = "ajuntament-soldeneu"
TODAY = date(2026, 11, 20)
#: the history files the copy keeps, in load order
KEPT = ("facebook-ajuntament.jsonl", "x-ajuntament.jsonl")


@pytest.fixture(autouse=True)
def pinned_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files of govsm as they are now, whatever a developer saves while the tests run."""
    stamp = check_cache.code_stamp(["govsm"])
    monkeypatch.setattr(check_cache, "code_stamp", lambda _modules: stamp)
    monkeypatch.setattr("govsm.workspace.load_skips.code_stamp", lambda _modules: stamp)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The small copy of the example."""
    target = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("report", ".govsm", "*.zip"))
    for archive in (target / "history").glob("*.jsonl"):
        if archive.name not in KEPT:
            archive.unlink()
    return target


def _load(folder: Path, store_url: str) -> LoadResult:
    with Workspace.open(folder, store_url=store_url, host=PluginHost(entry_points=False)) as ws:
        return ws.load()


def _names(paths: tuple[Path, ...]) -> list[str]:
    return [p.name for p in paths]


def _history(folder: Path, name: str) -> Path:
    return folder / "history" / name


def _first_line(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    return data


@pytest.fixture
def loaded(folder: Path, store_url: str) -> LoadResult:
    """The copy loaded once into the test's store."""
    first = _load(folder, store_url)
    assert first.skipped == ()
    assert first.messages_read > 0
    return first


class TestSkips:
    """Which files a second load leaves unread."""

    def test_unchanged_files_are_not_read_again(
        self, folder: Path, store_url: str, loaded: LoadResult
    ) -> None:
        """Second load of an unchanged workspace: every file left unread, the store unchanged."""
        with Store.open(store_url) as store:
            before = store.dump(ORG)
        second = _load(folder, store_url)
        assert second.files == ()
        assert second.skipped == loaded.files
        assert second.messages_read == 0
        assert (second.inserted, second.updated) == (0, 0)
        with Store.open(store_url) as store:
            assert store.dump(ORG) == before

    def test_a_touched_file_with_the_same_bytes_is_not_read(
        self, folder: Path, store_url: str, loaded: LoadResult
    ) -> None:
        """A new modification time alone is no change; the new time is kept."""
        path = _history(folder, KEPT[0])
        status = path.stat()
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 5_000_000_000))
        second = _load(folder, store_url)
        assert path in second.skipped and second.files == ()
        with Store.open(store_url) as store:
            record = LoadedFiles(store).record(ORG)
        assert record is not None
        assert record.files[f"history/{KEPT[0]}"]["mtime_ns"] == path.stat().st_mtime_ns

    def test_a_changed_file_is_read_with_the_files_after_it(
        self, folder: Path, store_url: str, loaded: LoadResult
    ) -> None:
        """Same size, other bytes: that file and every later one are read, earlier ones not."""
        path = _history(folder, KEPT[1])
        lines = path.read_text(encoding="utf-8").splitlines()
        edited = _first_line(path)
        text = str(edited["text"])
        edited["text"] = text[:-1] + ("x" if text[-1] != "x" else "y")  # as long as it was
        lines[0] = json.dumps(edited, ensure_ascii=False)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        second = _load(folder, store_url)
        assert _names(second.skipped) == [KEPT[0]]
        assert _names(second.files)[0] == KEPT[1]
        assert len(second.files) == len(loaded.files) - 1  # the drafts after it are read
        assert second.updated == 1
        with Store.open(store_url) as store:
            stored = store.message(ORG, str(edited["id"]))
        assert stored is not None and stored.text == edited["text"]
        third = _load(folder, store_url)
        assert third.files == () and third.messages_read == 0

    def test_another_store_reads_every_file(
        self, folder: Path, store_url: str, loaded: LoadResult, tmp_path: Path
    ) -> None:
        """The fingerprints belong to the store: a new store loads everything."""
        other = f"sqlite:///{tmp_path / 'other.db'}"
        fresh = _load(folder, other)
        assert fresh.skipped == () and fresh.files == loaded.files
        assert fresh.messages_read == loaded.messages_read

    def test_a_file_with_a_bad_line_is_read_every_time(
        self, folder: Path, store_url: str, loaded: LoadResult
    ) -> None:
        """Its problem is found on every load (a finding of the load step each audit)."""
        path = _history(folder, KEPT[0])
        with path.open("a", encoding="utf-8") as stream:
            stream.write("{not json\n")
        for _ in range(2):
            again = _load(folder, store_url)
            assert again.skipped == ()
            assert [p.where.split(":")[0] for p in again.problems] == [f"history/{KEPT[0]}"]
        with Workspace.open(folder, store_url=store_url, host=PluginHost(entry_points=False)) as ws:
            sink = CollectedFindings()
            step = load.run(AuditContext(workspace=ws, today=TODAY, findings=sink))
        assert [f.rule for f in step.findings] == [load.ARCHIVE_RULE]
        assert step.summary["unchanged_files"] == 0

    def test_another_writer_makes_the_next_load_read_everything(
        self, folder: Path, store_url: str, loaded: LoadResult
    ) -> None:
        """A message stored by something else than the load: no fingerprint is trusted."""
        with Store.open(store_url) as store:
            stored = store.message(ORG, str(_first_line(_history(folder, KEPT[0]))["id"]))
            assert stored is not None
            store.save_messages(ORG, [attrs.evolve(stored, id="written-elsewhere")])
        again = _load(folder, store_url)
        assert again.skipped == () and again.files == loaded.files
        assert _load(folder, store_url).files == ()

    def test_forget_reads_everything(
        self, folder: Path, store_url: str, loaded: LoadResult
    ) -> None:
        """``govsm audit --no-cache`` forgets the fingerprints: every file is read."""
        with Store.open(store_url) as store:
            LoadedFiles(store).forget(ORG)
            assert LoadedFiles(store).record(ORG) is None
        assert _load(folder, store_url).files == loaded.files

    def test_another_reading_context_reads_the_file(
        self, folder: Path, store_url: str, loaded: LoadResult
    ) -> None:
        """Same bytes, read another way (importer code, limits, profiles): read again."""
        root = folder
        files = [(p, str(p.relative_to(root)), "ctx") for p in loaded.files]
        with Store.open(store_url) as store:
            record = LoadedFiles(store).record(ORG)
            assert record is not None
            kept = dict(record.files)
            kept[files[0][1]] = {**kept[files[0][1]], "context": "ctx"}
            assert LoadedFiles(store).keep(ORG, kept, replacing=record) is not None
            plan = plan_skips(store, ORG, files)
        assert plan.skipped == frozenset({files[0][0]})  # the others: another context kept

    def test_a_record_kept_meanwhile_by_another_load_drops_both(
        self, store_url: str, loaded: LoadResult
    ) -> None:
        """Two loads at once: the one that finds another's record keeps nothing, drops it."""
        with Store.open(store_url) as store:
            files = LoadedFiles(store)
            record = files.record(ORG)
            assert record is not None
            assert files.keep(ORG, record.files, replacing=None) is None
            assert files.record(ORG) is None

    def test_a_load_that_wrote_nothing_keeps_nothing_if_the_store_moved(
        self, folder: Path, store_url: str, loaded: LoadResult
    ) -> None:
        """Every file unread, but another writer stored a message meanwhile: nothing kept."""
        with Store.open(store_url) as store:
            files = LoadedFiles(store)
            record = files.record(ORG)
            assert record is not None
            stored = store.message(ORG, str(_first_line(_history(folder, KEPT[0]))["id"]))
            assert stored is not None
            store.save_messages(ORG, [attrs.evolve(stored, id="written-meanwhile")])
            assert files.keep(ORG, record.files, replacing=record, unchanged=record.mark) is None
            assert files.record(ORG) is None

    def test_an_import_makes_the_next_load_read_everything(
        self, folder: Path, store_url: str, loaded: LoadResult, tmp_path: Path
    ) -> None:
        """``govsm import`` may overwrite messages the files hold: the fingerprints go."""
        archive = tmp_path / "again.jsonl"
        shutil.copy(_history(folder, KEPT[0]), archive)
        host = PluginHost(entry_points=False)
        with Workspace.open(folder, store_url=store_url, host=host) as ws:
            assert ws.config is not None
            done = import_archive(ws.config, ws.store, host, archive)
            assert done.written and done.unchanged == done.read > 0
            assert LoadedFiles(ws.store).record(ORG) is None
        assert _load(folder, store_url).files == loaded.files

    def test_the_load_step_says_what_it_left_unread(
        self, folder: Path, store_url: str, loaded: LoadResult
    ) -> None:
        """The step's summary and lines count the files left unread, in both languages."""
        with Workspace.open(folder, store_url=store_url, host=PluginHost(entry_points=False)) as ws:
            sink = CollectedFindings()
            step = load.run(AuditContext(workspace=ws, today=TODAY, findings=sink))
        count = len(loaded.files)
        assert step.summary["unchanged_files"] == count
        assert step.summary["files"] == []
        said = [line for line in step.lines if "unchanged since the last load" in line.en]
        assert len(said) == 1
        assert said[0].en.startswith(f"{count} files") and said[0].es.startswith(f"{count} ")
        assert step.findings == ()
