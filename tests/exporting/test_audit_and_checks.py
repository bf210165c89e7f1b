"""Exports in the main job, and the findings an export gives: the audit's, not checked again."""

from __future__ import annotations

import json
import types
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import attrs
import feedparser
import pytest

import govsm
from govsm.audit.folder import MANIFEST
from govsm.exporting import ExportFailed, export, write_export
from govsm.plugins import PluginHost
from govsm.spec import Exporter, ExportSource, InReport, Selection, hookimpl
from govsm.workspace import Workspace
from tests.exporting.council import ORGANISATION, PUBLISHED_FEED

NOW = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)


def _plugin(**hooks: Callable[..., object]) -> types.ModuleType:
    module = types.ModuleType("govsm_export_test_plugin")
    for name, function in hooks.items():
        setattr(module, name, hookimpl(function))
    return module


class TestInTheAudit:
    def test_the_audit_writes_the_feed_and_the_profiles(self, council: Path) -> None:
        """report/feed.atom (the newest posts) and report/profiles.opml, listed as govsm's."""
        with Workspace.open(council, host=PluginHost(entry_points=False)) as workspace:
            report = govsm.run_audit(workspace, now=NOW)
        folder = council / "report"
        assert {folder / "feed.atom", folder / "profiles.opml"} <= set(report.files)
        parsed = feedparser.parse((folder / "feed.atom").read_bytes())
        assert parsed.bozo == 0
        assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == PUBLISHED_FEED
        outline = ET.fromstring((folder / "profiles.opml").read_bytes())
        assert outline.get("version") == "2.0"
        written = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        assert {"feed.atom", "profiles.opml"} <= set(written)

    def test_a_plugin_export_in_the_report_and_one_that_fails(self, council: Path) -> None:
        """A plugin's in_report export lands in its subfolder; one that raises is named, the
        rest of the report is written."""

        def urls(source: ExportSource, out: BinaryIO) -> None:
            for item in source.published():
                out.write(f"{item.message.id}\t{item.url or ''}\n".encode())

        def broken(source: ExportSource, out: BinaryIO) -> None:
            out.write(b"half")
            raise ZeroDivisionError("boom")

        plugin = _plugin(
            govsm_exporters=lambda: [
                Exporter(
                    name="urls",
                    description="d",
                    media_type="text/tab-separated-values",
                    export=urls,
                    in_report=InReport("feeds/urls.tsv", limit=3),
                ),
                Exporter(
                    name="broken",
                    description="d",
                    media_type="text/plain",
                    export=broken,
                    in_report=InReport("broken.txt"),
                ),
            ]
        )
        host = PluginHost(plugins=[plugin], entry_points=False)
        with Workspace.open(council, host=host) as workspace:
            report = govsm.run_audit(workspace, now=NOW)
        folder = council / "report"
        lines = (folder / "feeds" / "urls.tsv").read_text(encoding="utf-8").splitlines()
        assert [line.split("\t")[0] for line in lines] == PUBLISHED_FEED[:3]
        (failure,) = report.failures
        assert "exporter 'broken' of govsm_export_test_plugin failed: ZeroDivisionError" in (
            failure.en
        )
        assert not (folder / "broken.txt").exists()
        assert (folder / "feed.atom").exists() and (folder / "summary.md").exists()
        assert report.exit_code == 2


class TestFindingsFromTheAudit:
    def test_after_an_audit_nothing_is_checked_again(
        self, loaded: Workspace, tmp_path: Path
    ) -> None:
        """The export reuses every stored result; its findings are the audit's record."""
        report = govsm.run_audit(loaded, out=tmp_path / "report", now=NOW)
        recorded: dict[str, list[str]] = {}
        for reported in report.reported():
            if reported.step == "checks" and reported.message:
                recorded.setdefault(reported.message, []).append(reported.finding.rule)
        result = export(loaded, "messages-jsonl", tmp_path / "m.jsonl")
        assert result.checked == 0 and result.messages == 11
        lines = (tmp_path / "m.jsonl").read_text(encoding="utf-8").splitlines()
        exported = {r["id"]: [f["rule"] for f in r["findings"]] for r in map(json.loads, lines)}
        assert {k: v for k, v in exported.items() if v} == recorded

    def test_the_newest_few_oldest_first_with_their_stored_findings(
        self, loaded: Workspace, tmp_path: Path
    ) -> None:
        """--limit keeps the newest messages; a table lists them oldest first, none rechecked."""
        govsm.run_audit(loaded, out=tmp_path / "report", now=NOW)
        result = export(loaded, "messages-jsonl", tmp_path / "m.jsonl", Selection(limit=3))
        lines = (tmp_path / "m.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["id"] for line in lines] == [
            "biblioteca-0001",
            "esports-0001",
            "x-dm-0001",
        ]
        assert result.checked == 0

    def test_a_changed_message_is_checked_again(self, loaded: Workspace, tmp_path: Path) -> None:
        """Only the message whose stored result no longer holds is checked."""
        govsm.run_audit(loaded, out=tmp_path / "report", now=NOW)
        stored = loaded.store.message(ORGANISATION, "x-0001")
        assert stored is not None
        changed = attrs.evolve(stored, text="TOT EN MAJÚSCULES!!!")
        loaded.store.save_messages(ORGANISATION, [changed])
        result = export(loaded, "messages-csv", tmp_path / "m.csv")
        assert result.checked == 1

    def test_without_an_audit_every_message_is_checked(
        self, loaded: Workspace, tmp_path: Path
    ) -> None:
        """No stored result: each outbound message is checked once, and nothing is stored."""
        result = export(loaded, "messages-csv", tmp_path / "m.csv")
        assert result.checked == 11
        assert loaded.store.check_cache.count(ORGANISATION) == 0


class TestFailingExporter:
    def test_a_plugin_bug_is_named_and_the_previous_file_kept(
        self, loaded: Workspace, tmp_path: Path
    ) -> None:
        """ExportFailed names the exporter and its plugin; the file keeps its old content."""

        def broken(source: ExportSource, out: BinaryIO) -> None:
            out.write(b"half a feed")
            raise KeyError("oops")

        plugin = _plugin(
            govsm_exporters=lambda: [
                Exporter(name="broken", description="d", media_type="text/plain", export=broken)
            ]
        )
        host = PluginHost(plugins=[plugin], entry_points=False)
        workspace = Workspace(loaded.snapshot, host, store=loaded.store)
        (tmp_path / "out").mkdir()
        path = tmp_path / "out" / "out.txt"
        path.write_text("the previous export", encoding="utf-8")
        with pytest.raises(ExportFailed) as caught:
            export(workspace, "broken", path)
        assert "exporter 'broken' of govsm_export_test_plugin failed: KeyError: 'oops'" in (
            caught.value.en
        )
        assert "«broken»" in caught.value.es
        assert isinstance(caught.value.__cause__, KeyError)
        assert path.read_text(encoding="utf-8") == "the previous export"
        assert [p.name for p in path.parent.iterdir()] == ["out.txt"]  # no temporary file left

    def test_write_export_leaves_the_stream_open(self, loaded: Workspace) -> None:
        """An application serving a feed gets its stream back, written, still open."""
        import io

        stream = io.BytesIO()
        exporter = loaded.host.exporters()["atom"]
        result = write_export(loaded, exporter, stream)
        assert not stream.closed and result.path is None and result.messages == len(PUBLISHED_FEED)
        assert feedparser.parse(stream.getvalue()).bozo == 0
