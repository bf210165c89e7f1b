"""Every finding of a run is recorded, and every total counts the record (issue 11, slice 1)."""

from __future__ import annotations

import csv
import json
import re
import shutil
import types
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import govsm
from govsm.spec import AuditReport, Exporter, ReportedFinding, hookimpl
from tests.cli.running import invoke
from tests.paths import EXAMPLE

AS_OF = "2026-11-20"
NOW = datetime(2026, 11, 20, 11, tzinfo=UTC)


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The example council audited once from the command line: its folder and terminal output."""
    folder = tmp_path_factory.mktemp("audit") / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    done = invoke("audit", str(folder), "--as-of", AS_OF, "--exit-zero")
    assert done.returncode == 0, done.stderr
    return folder, done.stdout


def _lines(folder: Path) -> list[dict[str, Any]]:
    text = (folder / "report" / "findings.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def _counted(folder: Path) -> dict[str, int]:
    counts = Counter(line["severity"] for line in _lines(folder) if line["waived_by"] is None)
    return {severity: counts.get(severity, 0) for severity in ("error", "warning", "info")}


class TestTotals:
    def test_every_total_counts_findings_jsonl(self, audited: tuple[Path, str]) -> None:
        """Terminal, summary.json, summary.md and the test plugin's exporter agree with the file."""
        folder, output = audited
        counts = _counted(folder)
        assert sum(counts.values()) > 100  # the example's checks alone find more than a sample
        report = folder / "report"
        assert json.loads((report / "summary.json").read_text())["severity_counts"] == counts
        assert (
            f"Errors: {counts['error']} · warnings: {counts['warning']} · info: {counts['info']}"
            in (report / "summary.md").read_text(encoding="utf-8")
        )
        assert (
            f"Errors {counts['error']}, warnings {counts['warning']}, info {counts['info']}."
            in output
        )
        # the exporter of the test plugin (installed through its entry point) counts the stream
        assert (report / "test-plugin.txt").read_text() == f"{sum(counts.values())} findings\n"

    def test_the_python_api_gives_the_same_totals(
        self, audited: tuple[Path, str], tmp_path: Path
    ) -> None:
        """The README's Python example prints the totals the files hold (same plugins)."""
        folder, _ = audited
        host = govsm.PluginHost()
        with govsm.Workspace.open(
            EXAMPLE, host=host, store_url=f"sqlite:///{tmp_path / 's.db'}"
        ) as ws:
            report = govsm.run_audit(ws, out=tmp_path / "report", now=NOW)
            assert report.severity_counts() == _counted(folder)
            assert report.exit_code == (1 if _counted(folder)["error"] else 0)

    def test_csv_and_jsonl_list_the_same_findings(self, audited: tuple[Path, str]) -> None:
        """findings.csv has one row per findings.jsonl line, with the same columns."""
        folder, _ = audited
        with (folder / "report" / "findings.csv").open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        lines = _lines(folder)
        assert len(rows) == len(lines)
        assert [r["rule"] for r in rows] == [line["rule"] for line in lines]
        assert set(rows[0]) == set(lines[0])


class TestWhatEachFindingSays:
    def test_message_findings_name_their_profile_and_message(
        self, audited: tuple[Path, str]
    ) -> None:
        """A check's finding says which profile and which message it is about."""
        folder, _ = audited
        checks = [line for line in _lines(folder) if line["step"] == "checks"]
        assert checks
        assert all(line["profile"] and line["message_id"] for line in checks)
        assert all(line["message_es"] and line["message_en"] for line in checks)

    def test_personal_data_is_masked_in_every_file(self, audited: tuple[Path, str]) -> None:
        """The excerpt of a personal-data finding hides the data (only its last characters show)."""
        folder, _ = audited
        personal = [line for line in _lines(folder) if line["rule"] == "personal-data"]
        assert personal
        assert all("•" in line["excerpt"] for line in personal)

    def test_summary_shows_n_of_k_with_profile_and_message(self, audited: tuple[Path, str]) -> None:
        """summary.md says per rule how many findings there are and how many it shows."""
        folder, _ = audited
        text = (folder / "report" / "summary.md").read_text(encoding="utf-8")
        per_rule = Counter(line["rule"] for line in _lines(folder) if line["waived_by"] is None)
        heading = re.search(r"#### `long-sentences` — (\d+) findings, showing (\d+)", text)
        assert heading is not None
        assert int(heading.group(1)) == per_rule["long-sentences"]
        assert int(heading.group(2)) == min(5, per_rule["long-sentences"])
        assert "| Severity | Profile | Message | Finding |" in text
        assert "## Findings by profile" in text


class TestPostAddresses:
    """Issue 11: the URL column holds the post's address whenever it is known."""

    @staticmethod
    def _history() -> dict[str, dict[str, Any]]:
        """Every message of the example's history, by id."""
        return {
            data["id"]: data
            for path in sorted((EXAMPLE / "history").glob("*.jsonl"))
            for data in map(json.loads, path.read_text(encoding="utf-8").splitlines())
        }

    def test_a_post_on_x_links_to_its_status(self, audited: tuple[Path, str]) -> None:
        """Every finding about a post (or reply) of the organisation's on X gives
        x.com/HANDLE/status/ID; one about a direct message would have no address, nor one about
        a citizen's message (its author's address is not known)."""
        folder, _ = audited
        history = self._history()
        handles = {"x-ajuntament": "AjSoldeneu", "x-policia": "PLSoldeneu"}
        on_x = [
            line
            for line in _lines(folder)
            if line["message_id"] in history and line["profile"] in handles
        ]
        assert "post" in {history[line["message_id"]]["kind"] for line in on_x}
        for line in on_x:
            message = history[line["message_id"]]
            handle = handles[line["profile"]]
            expected = f"https://x.com/{handle}/status/{message['remote_id']}"
            if message["direction"] == "inbound" or message["kind"] == "direct":
                expected = None
            assert line["url"] == expected

    def test_known_where_it_can_be_and_only_there(self, audited: tuple[Path, str]) -> None:
        """Drafts and networks without a stable address have none; the blog's comes from its
        archive; every address in the file is an https one."""
        folder, _ = audited
        lines = [line for line in _lines(folder) if line["step"] == "checks"]
        drafts = {path.stem for path in (EXAMPLE / "drafts").glob("*.md")}
        by_profile: dict[str, set[bool]] = {}
        for line in lines:
            by_profile.setdefault(line["profile"], set()).add(line["url"] is not None)
            if line["message_id"] in drafts:  # not published: no address
                assert line["url"] is None, line["message_id"]
            else:
                assert line["url"] is None or line["url"].startswith("https://")
        assert by_profile["instagram-cultura"] == {False}  # no stable public form
        assert True in by_profile["blog-soldeneu"]  # the archive gives the blog's addresses
        assert True in by_profile["mastodon-ajuntament"]
        blog = [line for line in lines if line["profile"] == "blog-soldeneu" and line["url"]]
        assert all(line["url"].startswith("https://bloc.soldeneu.example/") for line in blog)

    def test_csv_and_summary_carry_the_address(self, audited: tuple[Path, str]) -> None:
        """findings.csv has the same URL column; summary.md links the message to its post."""
        folder, _ = audited
        with (folder / "report" / "findings.csv").open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        assert [r["url"] for r in rows] == [line["url"] or "" for line in _lines(folder)]
        summary = (folder / "report" / "summary.md").read_text(encoding="utf-8")
        assert re.search(r"\[`x-ajuntament-\d+`\]\(https://x\.com/AjSoldeneu/status/\d+\)", summary)


def test_an_exporter_plugin_receives_every_finding(tmp_path: Path) -> None:
    """A plugin's exporter reads every finding of the run, as a stream, not a sample."""
    received: list[ReportedFinding] = []

    def write(report: AuditReport, folder: Path) -> Path:
        received.extend(report.reported())
        path = folder / "seen.txt"
        path.write_text(str(len(received)), encoding="utf-8")
        return path

    plugin = types.SimpleNamespace(
        govsm_exporters=hookimpl(
            lambda: [Exporter(name="seen", description="d", media_type="text/plain", write=write)]
        )
    )
    host = govsm.PluginHost(plugins=[plugin], entry_points=False)
    with govsm.Workspace.open(EXAMPLE, host=host, store_url=f"sqlite:///{tmp_path / 's.db'}") as ws:
        report = govsm.run_audit(ws, out=tmp_path / "report", now=NOW)
    lines = (tmp_path / "report" / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(received) == len(lines) > 100
    assert sum(r.counted for r in received) == sum(report.severity_counts().values())
    assert {r.step for r in received} >= {"checks", "health", "doctor"}


def test_the_reports_read_the_record_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """summary.md, findings.jsonl, findings.csv and the terminal digest are fed by one read of
    the run's findings from the store (they were four reads), and agree with each other."""
    from govsm.audit.digest import FindingDigest
    from govsm.store.runs import AuditRuns

    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    reads = []
    original = AuditRuns.findings

    def counted(self: AuditRuns, organisation: str, run: str) -> Any:
        reads.append(run)
        return original(self, organisation, run)

    monkeypatch.setattr(AuditRuns, "findings", counted)
    digest = FindingDigest(per_rule=3)
    with govsm.Workspace.open(folder, host=govsm.PluginHost(entry_points=False)) as ws:
        report = govsm.run_audit(ws, now=NOW, language="en", digest=digest)
    assert len(reads) == 1
    lines = _lines(folder)
    assert digest.total == sum(1 for line in lines if line["waived_by"] is None)
    text = (folder / "report" / "findings.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == len(lines) > 100
    assert report.complete
