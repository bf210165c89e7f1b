"""A failure is contained and named: bad lines, raising plugins, an unusable store (issue 11)."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

from govsm.spec import AuditContext, AuditReport, AuditStep, Bilingual, Exporter, hookimpl
from tests.cli.running import invoke
from tests.councils import example_copy

ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}
#: the example's list of message archives, in its manual
MESSAGES_LINE = 'messages = ["history/*.jsonl", "archives/*.zip"]'


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A copy of the example council, with no report and no store yet."""
    return example_copy(tmp_path)


def _audit(folder: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    done = invoke(
        "--lang", "en", "audit", str(folder), "--as-of", "2026-11-20", *extra, env=env or ALONE
    )
    return done.returncode, done.stdout, done.stderr


def _findings(folder: Path) -> list[dict[str, object]]:
    text = (folder / "report" / "findings.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


class TestBadArchiveLines:
    def test_one_bad_line_among_a_hundred(self, council: Path) -> None:
        """The other lines load; one error finding names the file and the line."""
        history = council / "history" / "x-ajuntament.jsonl"
        lines = history.read_text(encoding="utf-8").splitlines()
        assert len(lines) >= 90
        lines[41] = '{"id": "x-broken", "text": '  # line 42: cut short
        history.write_text("\n".join(lines) + "\n", encoding="utf-8")
        code, out, _ = _audit(council, "--exit-zero")
        assert code == 0
        bad = [f for f in _findings(council) if f["rule"] == "archive-unreadable"]
        assert len(bad) == 1
        assert "history/x-ajuntament.jsonl:42" in str(bad[0]["message_en"])
        assert "history/x-ajuntament.jsonl:42" in str(bad[0]["message_es"])
        # the 96 other lines of that file loaded: its profile still has its history
        assert "31 files read, 507 messages" in out  # 508 in the example, one line lost
        assert "never posted" not in out

    def test_a_value_holding_nul_is_named_and_the_rest_loads(self, council: Path) -> None:
        """A line whose refusal quotes NUL ("the message belongs to 'x\\u0000'") is named with
        its line, the NUL escaped, and the lines after it load. The refusal could not be made a
        finding, so the rest of the file was lost and no line was named (found by tests/fuzz)."""
        import govsm

        history = council / "history" / "blog-soldeneu.jsonl"
        lines = history.read_text(encoding="utf-8").splitlines()
        lines[0] = json.dumps({**json.loads(lines[0]), "organisation": "x\x00"})
        history.write_text("\n".join(lines) + "\n", encoding="utf-8")
        host = govsm.PluginHost(disabled=["example", "test-plugin"])
        with govsm.Workspace.open(council, host=host) as ws:
            result = ws.load()
            stored = {m.id for m in ws.store.messages(ws.organisation.id)}
        (problem,) = result.problems
        assert problem.where == "history/blog-soldeneu.jsonl:1"
        assert "'x\\u0000'" in problem.message.en
        assert {json.loads(line)["id"] for line in lines[1:]} <= stored

    def test_invalid_utf8_names_its_place(self, council: Path) -> None:
        """A byte that is not UTF-8 is named with file, line and byte, and the rest loads."""
        history = council / "history" / "blog-soldeneu.jsonl"
        history.write_bytes(history.read_bytes() + b'{"id": "caf\xe9"}\n')
        _audit(council, "--exit-zero")
        (bad,) = [f for f in _findings(council) if f["rule"] == "archive-unreadable"]
        assert "history/blog-soldeneu.jsonl:11" in str(bad["message_en"])
        assert "not valid UTF-8 (byte" in str(bad["message_en"])


def _plugin(**hooks: object) -> types.ModuleType:
    module = types.ModuleType("govsm_failing_plugin")
    for name, function in hooks.items():
        setattr(module, name, hookimpl(function))
    return module


class TestRaisingPlugins:
    def test_a_raising_step_is_named_and_the_rest_runs(self, council: Path, tmp_path: Path) -> None:
        """Exit 2, the step and plugin named, every other step and report still there."""
        import govsm

        def explode(context: AuditContext) -> object:
            raise ZeroDivisionError("boom")

        plugin = _plugin(
            govsm_audit_steps=lambda: [
                AuditStep(name="explodes", order=360, title=Bilingual(es="x", en="x"), run=explode)
            ]
        )
        host = govsm.PluginHost(plugins=[plugin], entry_points=False)
        with govsm.Workspace.open(council, host=host) as ws:
            report = govsm.run_audit(ws)
        assert report.exit_code == 2 and not report.complete
        (failure,) = report.failures
        assert "step 'explodes' of govsm_failing_plugin failed: ZeroDivisionError: boom" in (
            failure.en
        )
        assert "«explodes»" in failure.es
        # the traceback is kept for --debug, and only there
        assert "Traceback" not in failure.en and "Traceback" not in failure.es
        assert "ZeroDivisionError: boom" in report.tracebacks[0]
        assert "in explode" in report.tracebacks[0]
        assert [s.name for s in report.steps][-1] == "doctor"  # the steps after it ran
        assert (council / "report" / "summary.md").exists()

    def test_a_pattern_taking_a_file_no_importer_reads_is_named_without_traceback(
        self, council: Path
    ) -> None:
        """``messages = ["*"]`` takes the example's ``generate.py``: the load step names it as
        an error finding and loads the rest; the audit is complete, exit 1 for its findings;
        bad input, not a bug, so even ``--debug`` shows no traceback (found by tests/fuzz,
        test_workspaces)."""
        manual = council / "govsm.toml"
        text = manual.read_text(encoding="utf-8")
        manual.write_text(text.replace(MESSAGES_LINE, 'messages = ["*"]', 1), encoding="utf-8")
        done = invoke(
            "--debug", "--lang", "en", "audit", str(council), "--as-of", "2026-11-20", env=ALONE
        )
        assert done.returncode == 1
        assert "generate.py: not loaded: no importer reads this kind of file" in done.stdout
        assert "Traceback" not in done.stderr + done.stdout

    def test_a_raising_exporter_leaves_the_other_reports(self, council: Path) -> None:
        """Exit 2, the exporter named; the built-in reports are written all the same."""
        import govsm

        def write(report: AuditReport, folder: Path) -> Path:
            raise OSError(28, "No space left on device")

        plugin = _plugin(
            govsm_exporters=lambda: [
                Exporter(name="broken", description="d", media_type="text/plain", write=write)
            ]
        )
        host = govsm.PluginHost(plugins=[plugin], entry_points=False)
        with govsm.Workspace.open(council, host=host) as ws:
            report = govsm.run_audit(ws)
        assert report.exit_code == 2
        assert "exporter 'broken'" in report.failures[0].en
        names = {p.name for p in report.files}
        assert {"summary.md", "summary.json", "findings.jsonl"} <= names

    def test_a_raising_exporter_makes_the_recorded_run_incomplete(self, council: Path) -> None:
        """The store records what ``govsm audit --help`` says: a failed exporter, an incomplete
        run (it was once recorded ``complete`` before the exporters ran); a good run after it
        is ``complete``."""
        import govsm
        from govsm.store.runs import COMPLETE, INCOMPLETE

        def write(report: AuditReport, folder: Path) -> Path:
            raise OSError(28, "No space left on device")

        plugin = _plugin(
            govsm_exporters=lambda: [
                Exporter(name="broken", description="d", media_type="text/plain", write=write)
            ]
        )
        host = govsm.PluginHost(plugins=[plugin], entry_points=False)
        with govsm.Workspace.open(council, host=host) as ws:
            report = govsm.run_audit(ws)
            runs = ws.store.runs.latest(ws.organisation.id)
        assert report.exit_code == 2
        assert [(run, status) for run, status, _ in runs] == [(report.run, INCOMPLETE)]
        # summary.json, written after the failed exporter, says so too
        summary = json.loads((council / "report" / "summary.json").read_text(encoding="utf-8"))
        assert summary["exit_code"] == 2
        with govsm.Workspace.open(council, host=govsm.PluginHost(entry_points=False)) as ws:
            again = govsm.run_audit(ws)
            runs = ws.store.runs.latest(ws.organisation.id)
        assert again.complete
        newest, status, _ = runs[0]
        assert (newest, status) == (again.run, COMPLETE)

    def test_an_exporter_failing_half_way_through_the_findings(self, council: Path) -> None:
        """A streamed report writer that raises on one finding is named and leaves no file;
        the writers fed by the same pass still write every finding."""
        import govsm
        from govsm.audit.one_pass import AtomicText, StreamedWriter

        class Breaks(AtomicText):
            def __init__(self, report: AuditReport, folder: Path) -> None:
                super().__init__(folder / "breaks.txt")
                self.seen = 0

            def add(self, reported: object) -> None:
                self.seen += 1
                self.stream.write("x\n")
                if self.seen == 3:
                    raise ValueError("the third finding")

        plugin = _plugin(
            govsm_exporters=lambda: [
                Exporter(
                    name="breaks",
                    description="d",
                    media_type="text/plain",
                    write=StreamedWriter(Breaks),
                )
            ]
        )
        host = govsm.PluginHost(plugins=[plugin], entry_points=False)
        with govsm.Workspace.open(council, host=host) as ws:
            report = govsm.run_audit(ws)
            recorded = sum(1 for _ in report.reported())
        assert report.exit_code == 2
        (failure,) = report.failures
        assert "exporter 'breaks'" in failure.en and "the third finding" in failure.en
        assert not (council / "report" / "breaks.txt").exists()
        assert not list((council / "report").glob(".breaks*"))
        lines = (council / "report" / "findings.jsonl").read_text(encoding="utf-8").splitlines()
        assert recorded > 3 and len(lines) == recorded

    def test_exit_zero_silences_findings_not_failures(self, council: Path) -> None:
        """--exit-zero turns 1 into 0, never 2 into 0; stderr says what failed."""
        code, _, _ = _audit(council, "--exit-zero")
        assert code == 0
        code, _, _ = _audit(council)
        assert code == 1


class TestTheReportFolder:
    def test_an_unusable_store_writes_no_report(self, council: Path) -> None:
        """A store that cannot be opened: exit 2, and the last good report stays as it was."""
        assert _audit(council, "--exit-zero")[0] == 0
        summary = council / "report" / "summary.json"
        before = summary.read_bytes()
        code, _, err = _audit(council, "--store", "postgresql+psycopg://nobody@127.0.0.1:1/x")
        assert code == 2
        assert "127.0.0.1" in err
        assert summary.read_bytes() == before

    def test_a_read_only_store_writes_no_report(self, council: Path) -> None:
        """A store that opens but refuses writes: exit 2, named, the last report untouched."""
        assert _audit(council, "--exit-zero")[0] == 0
        summary = council / "report" / "summary.json"
        before = summary.read_bytes()
        database = council / ".govsm" / "govsm.sqlite3"
        read_only = f"sqlite:///file:{database}?mode=ro&uri=true"
        code, _, err = _audit(council, "--store", read_only)
        assert code == 2
        assert "readonly database" in err and "Traceback" not in err
        assert summary.read_bytes() == before

    def test_out_on_a_device_is_refused_before_the_audit(self, council: Path) -> None:
        """``--out /dev/null`` once raised FileExistsError after the whole audit had run."""
        code, out, err = _audit(council, "--out", "/dev/null")
        assert code == 2
        assert "/dev/null: is not a folder" in err and "Traceback" not in err
        assert "Errors" not in out

    def test_replaced_whole_keeping_what_a_person_put_there(self, council: Path) -> None:
        """Stale govsm files go, a person's own file stays, staging leftovers are cleaned."""
        report = council / "report"
        report.mkdir()
        (report / "summary.old.md").write_text("stale", encoding="utf-8")
        (report / "notes.txt").write_text("mine", encoding="utf-8")
        leftover = council / ".report.govsm-new-killed"
        leftover.mkdir()
        (leftover / "summary.md").write_text("half", encoding="utf-8")
        assert _audit(council, "--exit-zero")[0] == 0
        assert (report / "notes.txt").read_text(encoding="utf-8") == "mine"
        assert not (report / "summary.old.md").exists()
        assert not leftover.exists()
        assert not list(council.glob(".report.govsm-*"))
        # the next run keeps the person's file again (the manifest says it is not govsm's)
        assert _audit(council, "--exit-zero")[0] == 0
        assert (report / "notes.txt").exists()

    def test_out_must_be_a_folder(self, council: Path, tmp_path: Path) -> None:
        """--out naming a file is refused with exit 2 and a message, not a traceback."""
        target = tmp_path / "a-file"
        target.write_text("x", encoding="utf-8")
        code, _, err = _audit(council, "--out", str(target), "--exit-zero")
        assert code == 2
        assert "is a file" in err and "Traceback" not in err
        # the library says so too, for an application that passes such a path
        from govsm.audit.folder import ReportFolder
        from govsm.errors import GovsmError

        with pytest.raises(GovsmError, match="no es una carpeta"), ReportFolder(target):
            pass


def test_debug_is_a_global_option() -> None:
    """`govsm --debug …` is accepted (the same switch as --verbose)."""
    assert invoke("--debug", "plugins", "--json", env=ALONE).returncode == 0
