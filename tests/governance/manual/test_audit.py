"""The audit's manual step and exporter: completeness findings, and the files in the report."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from govsm.audit import run_audit
from govsm.builtin import manual as audit_step
from govsm.manual.completeness import RULE_MISSING
from govsm.model import Bilingual, Severity
from govsm.plugins import PluginHost
from govsm.spec import AuditReport
from govsm.workspace import Workspace
from tests.paths import EXAMPLE

NOW = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)
FILES = ["manual.ca-valencia.html", "manual.ca-valencia.md", "manual.es.html", "manual.es.md"]


def _audit(folder: Path, tmp_path: Path, host: PluginHost | None = None) -> AuditReport:
    ws = Workspace.open(
        folder,
        host=host or PluginHost(entry_points=False),
        store_url=f"sqlite:///{tmp_path / 'store.sqlite3'}",
    )
    with ws:
        return run_audit(ws, out=tmp_path / "report", now=NOW)


class TestManualStep:
    def test_step_runs_between_audit_log_and_doctor(self) -> None:
        """The manual step runs after the audit log (850) and before the doctor (900)."""
        names = [s.name for s in PluginHost(entry_points=False).audit_steps()]
        assert names.index("audit-log") < names.index("manual") < names.index("doctor")

    def test_missing_sections_are_warnings(self, small: Path, tmp_path: Path) -> None:
        """A workspace without [manual] gets a warning per empty section, in both languages."""
        step = _audit(small, tmp_path).step("manual")
        missing = {f.subject for f in step.findings if f.rule == RULE_MISSING}
        assert {"manual:resources", "manual:blogs", "manual:crisis"} <= missing
        assert all(f.severity is Severity.WARNING for f in step.findings if f.rule == RULE_MISSING)
        assert step.summary["sections"]["profiles"] == "filled"
        assert step.summary["sections"]["crisis"] == "missing"
        assert step.summary["languages"] == ["ca-valencia", "es"]
        assert all(isinstance(line, Bilingual) for line in step.lines)

    def test_report_folder_holds_the_manual(self, small: Path, tmp_path: Path) -> None:
        """report/manual/ holds the manual in each official language, HTML and Markdown."""
        report = _audit(small, tmp_path)
        folder = tmp_path / "report" / "manual"
        assert sorted(p.name for p in folder.iterdir()) == FILES
        assert folder in report.files
        assert report.step("manual").summary["files"] == [f"manual/{name}" for name in FILES]
        page = (folder / "manual.es.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and 'lang="es"' in page

    def test_summary_json_carries_the_manual_as_data(self, small: Path, tmp_path: Path) -> None:
        """summary.json holds the manual document, for programs."""
        _audit(small, tmp_path)
        data = json.loads((tmp_path / "report" / "summary.json").read_text(encoding="utf-8"))
        (step,) = [s for s in data["steps"] if s["name"] == "manual"]
        assert step["summary"]["document"]["organisation"] == "ajuntament-proves"

    def test_stale_languages_are_removed(self, small: Path, tmp_path: Path) -> None:
        """A manual in a language no longer official is removed from the report."""
        folder = tmp_path / "report" / "manual"
        folder.mkdir(parents=True)
        (folder / "manual.en.html").write_text("old", encoding="utf-8")
        (folder / "notes.txt").write_text("mine", encoding="utf-8")
        _audit(small, tmp_path)
        assert not (folder / "manual.en.html").exists()
        assert (folder / "notes.txt").exists()

    def test_disabling_the_plugin_removes_step_and_files(self, small: Path, tmp_path: Path) -> None:
        """Without the plugin there is neither the step nor report/manual/."""
        host = PluginHost(entry_points=False, disabled=["govsm.builtin.manual"])
        report = _audit(small, tmp_path, host)
        assert "manual" not in [s.name for s in report.steps]
        assert not (tmp_path / "report" / "manual").exists()

    def test_exporter_without_the_step_writes_nothing(self, tmp_path: Path) -> None:
        """The exporter writes no manual when the step did not run (a failed step, say)."""
        report = AuditReport(
            organisation="o",
            organisation_name="O",
            govsm_version="0",
            policy_version=None,
            today=NOW.date(),
            generated_at=NOW,
            language="es",
            steps=(),
        )
        folder = audit_step.write(report, tmp_path)
        assert folder == tmp_path / "manual"
        assert list(folder.iterdir()) == []

    def test_example_council(self, tmp_path: Path) -> None:
        """The example council's audit writes its complete manual and finds nothing missing."""
        report = _audit(EXAMPLE, tmp_path)
        step = report.step("manual")
        assert step.findings == ()
        assert set(step.summary["sections"].values()) == {"filled"}
        folder = tmp_path / "report" / "manual"
        assert sorted(p.name for p in folder.iterdir()) == FILES
        markdown = (folder / "manual.ca-valencia.md").read_text(encoding="utf-8")
        assert markdown.startswith("# Manual d'ús i gestió de les xarxes socials de l'Ajuntament")
