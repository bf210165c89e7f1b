"""The command line: a thin layer over the API, with --json on every read command and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.cli.running import invoke, run_process
from tests.distributions import install_plugin
from tests.workspace.test_loader import MINIMAL

from govsm._version import __version__
from govsm.cli.main import cli
from govsm.store import Store

run = invoke


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A small valid workspace in a temporary folder."""
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "govsm.toml").write_text(MINIMAL, encoding="utf-8")
    return folder


class TestVersionAndHelp:
    def test_version(self) -> None:
        """`govsm --version` prints the version."""
        done = run_process("--version")
        assert done.returncode == 0
        assert done.stdout.strip() == f"govsm {__version__}"

    def test_version_does_not_import_the_library(self) -> None:
        """--version loads neither SQLAlchemy nor pluggy: start-up stays fast."""
        code = (
            "import sys; from govsm.cli.main import main; sys.argv=['govsm','--version']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('sqlalchemy','pluggy','attrs','rich') if m in sys.modules))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert done.stdout.splitlines()[-1] == "[]"

    def test_usage_error_exits_2(self) -> None:
        """An unknown option is a usage error: exit 2."""
        assert run("status", "--bogus").returncode == 2


class TestInit:
    def test_init_creates_a_loadable_workspace(self, tmp_path: Path) -> None:
        """`govsm init` scaffolds without prompts, and the result loads."""
        target = tmp_path / "new"
        done = run(
            "init",
            str(target),
            "--name",
            "Ajuntament d'Alcoi de Prova",
            "--language",
            "ca-valencia",
            "--language",
            "es",
            "--kind",
            "ayuntamiento",
            "--timezone",
            "Europe/Madrid",
        )
        assert done.returncode == 0, done.stderr
        status = json.loads(run("status", str(target), "--json").stdout)
        assert status["organisation"]["id"] == "ajuntament-d-alcoi-de-prova"
        assert status["organisation"]["languages"] == ["ca-valencia", "es"]
        assert (target / "history").is_dir() and (target / "drafts").is_dir()

    def test_init_refuses_to_overwrite(self, workspace: Path) -> None:
        """An existing govsm.toml is kept unless --force."""
        before = (workspace / "govsm.toml").read_text(encoding="utf-8")
        done = run("init", str(workspace), "--name", "Otro")
        assert done.returncode == 2
        assert "--force" in done.stderr
        assert (workspace / "govsm.toml").read_text(encoding="utf-8") == before

    def test_init_rejects_bad_time_zone(self, tmp_path: Path) -> None:
        """A bad time zone is refused before anything is written."""
        done = run("init", str(tmp_path / "x"), "--name", "X", "--timezone", "Mars/Olympus")
        assert done.returncode == 2
        assert "IANA" in done.stderr
        assert not (tmp_path / "x" / "govsm.toml").exists()


class TestPlugins:
    def test_plugins_json_lists_builtins_and_entry_points(self) -> None:
        """`govsm plugins --json` lists name, version, source and hooks."""
        done = run("plugins", "--json")
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        by_name = {p["name"]: p for p in data["plugins"]}
        assert by_name["govsm.builtin.channels"]["source"] == "builtin"
        assert by_name["govsm.builtin.channels"]["version"] == __version__
        assert by_name["test-plugin"]["source"] == "entry-point"
        assert "govsm_audit_steps" in by_name["test-plugin"]["hooks"]
        assert data["failures"] == []

    def test_plugins_table(self) -> None:
        """Without --json, a table with one row per plugin."""
        done = run("plugins")
        assert "govsm.builtin.store" in done.stdout
        assert "test-plugin" in done.stdout

    def test_broken_plugin_one_line_and_status_still_works(
        self, tmp_path: Path, workspace: Path
    ) -> None:
        """A plugin raising on import is one line on stderr; `govsm status` still works."""
        site = install_plugin(
            tmp_path / "site",
            "govsm-broken",
            "govsm_broken",
            "raise ImportError('no such SDK')\n",
            "0.9",
        )
        env = {"PYTHONPATH": str(site)}
        done = run_process("status", str(workspace), env=env)
        assert done.returncode == 0
        warnings = [line for line in done.stderr.splitlines() if line]
        assert len(warnings) == 1
        assert (
            "govsm-broken" in warnings[0] and "0.9" in warnings[0] and "no such SDK" in warnings[0]
        )
        assert "Ajuntament de Proves" in done.stdout
        listed = run_process("plugins", "--json", env=env)
        assert listed.returncode == 1
        assert json.loads(listed.stdout)["failures"][0]["name"] == "govsm-broken"

    def test_disable_plugin_option(self, tmp_path: Path, workspace: Path) -> None:
        """--disable-plugin silences a broken plugin."""
        site = install_plugin(
            tmp_path / "site", "govsm-broken", "govsm_broken", "raise ImportError('x')\n"
        )
        done = run(
            "--disable-plugin",
            "govsm-broken",
            "status",
            str(workspace),
            env={"PYTHONPATH": str(site)},
        )
        assert done.returncode == 0
        assert done.stderr == ""


class TestStatusAndDoctor:
    def test_status_json(self, workspace: Path) -> None:
        """`govsm status --json` summarises units and profiles by channel and state."""
        data = json.loads(run("status", str(workspace), "--json").stdout)
        assert data["profiles"]["by_channel"] == {"mastodon": {"active": 2}, "x": {"active": 2}}
        assert [u["profiles"] for u in data["units"]] == [2, 2]

    def test_doctor_reports_missing_credentials_with_fix(self, workspace: Path) -> None:
        """doctor names each profile without credentials and says how to fix it (warnings: exit 0)."""
        done = run("doctor", str(workspace), "--json")
        assert done.returncode == 0
        rules = sorted(f["rule"] for f in json.loads(done.stdout)["findings"])
        assert rules == ["credential-missing"] * 4
        failing = run("doctor", str(workspace), "--fail-on", "warning")
        assert failing.returncode == 1
        assert "add credential" in failing.stdout

    def test_doctor_credentials_resolve(self, workspace: Path) -> None:
        """With the variable set, the reference resolves and the secret appears nowhere."""
        manual = workspace / "govsm.toml"
        manual.write_text(
            MINIMAL.replace(
                'handle = "@AjProves"', 'handle = "@AjProves"\ncredential = "env:PROVES_X_TOKEN"'
            ),
            encoding="utf-8",
        )
        done = run("doctor", str(workspace), "--json", env={"PROVES_X_TOKEN": "tok-SECRET-123"})
        subjects = [f["subject"] for f in json.loads(done.stdout)["findings"]]
        assert "profile:x-ajuntament" not in subjects
        unset = run("doctor", str(workspace), "--json")
        found = [
            f
            for f in json.loads(unset.stdout)["findings"]
            if f["subject"] == "profile:x-ajuntament"
        ]
        assert found[0]["rule"] == "credential-unresolved"
        assert "PROVES_X_TOKEN" in found[0]["suggestion"]["en"]
        assert "tok-SECRET-123" not in done.stdout + done.stderr


class TestAudit:
    def test_audit_writes_report_and_is_idempotent(self, workspace: Path) -> None:
        """Two runs: same organisation data, one more run on record, the report written, exit 0."""
        first = run("audit", str(workspace))
        assert first.returncode == 0, first.stderr
        url = f"sqlite:///{(workspace / '.govsm' / 'govsm.sqlite3').resolve()}"
        record = ("audit_runs", "findings", "check_cache")
        with Store.open(url) as store:
            after_one = {k: v for k, v in store.dump().items() if k not in record}
            runs = len(store.runs.latest("ajuntament-proves"))
        second = run("audit", str(workspace), "--json")
        assert second.returncode == 0
        with Store.open(url) as store:
            assert {k: v for k, v in store.dump().items() if k not in record} == after_one
            assert len(store.runs.latest("ajuntament-proves")) == runs + 1
        report = json.loads(second.stdout)
        steps = [s["name"] for s in report["steps"]][:4]
        assert steps == ["load", "sync", "organisation", "profiles"]
        load = report["steps"][0]["summary"]
        assert load["inserted"] == 0 and load["updated"] == 0
        summary = json.loads((workspace / "report" / "summary.json").read_text(encoding="utf-8"))
        assert summary["organisation"] == "ajuntament-proves"
        assert "# " in (workspace / "report" / "summary.md").read_text(encoding="utf-8")
        # the exporter of the test plugin (installed through its entry point) ran too
        assert (workspace / "report" / "test-plugin.txt").exists()

    def test_audit_exit_1_on_error_finding(self, workspace: Path) -> None:
        """An active profile on a closed network is an error: exit 1."""
        manual = workspace / "govsm.toml"
        manual.write_text(
            MINIMAL.replace(
                'channels = ["x", "mastodon"]', 'channels = ["x", "mastodon", "googleplus"]'
            )
            + '\n[[profiles]]\nid = "gplus"\nchannel = "googleplus"\nhandle = "+Proves"\nunit = "comunicacio"\n',
            encoding="utf-8",
        )
        done = run("audit", str(workspace), "--out", str(workspace / "out"))
        assert done.returncode == 1
        assert "health-retired-channel" in done.stdout
        assert (workspace / "out" / "summary.json").exists()

    def test_as_of_pins_the_audited_day(self, workspace: Path) -> None:
        """--as-of makes the report's day reproducible; a bad value is a usage error (2)."""
        done = run("audit", str(workspace), "--json", "--as-of", "2026-11-20")
        assert json.loads(done.stdout)["today"] == "2026-11-20"
        bad = run("audit", str(workspace), "--as-of", "20/11/2026")
        assert bad.returncode == 2
        assert "--as-of" in bad.stderr
        naive = run("audit", str(workspace), "--as-of", "2026-11-20T10:00:00")
        assert naive.returncode == 2

    def test_audit_piped_has_no_progress_bar(self, workspace: Path) -> None:
        """Piped output carries no terminal control sequences."""
        done = run_process("audit", str(workspace))
        assert "\x1b[" not in done.stdout + done.stderr

    def test_audit_in_process_with_click_runner(self, workspace: Path) -> None:
        """The click command works in-process too (embedding a CLI)."""
        result = CliRunner().invoke(cli, ["--lang", "es", "audit", str(workspace)])
        assert result.exit_code == 0, result.output
        assert "Informe en" in result.output


@pytest.mark.slow
def test_example_folder_untouched_by_tests(tmp_path: Path, example: Path) -> None:
    """Running the audit on a copy of the example leaves the example clean (tests never write there)."""
    if not (example / "govsm.toml").exists():
        pytest.skip("the example workspace is not there")
    copy = tmp_path / "soldeneu"
    shutil.copytree(example, copy, ignore=shutil.ignore_patterns(".govsm", "report"))
    done = run_process("audit", str(copy))
    assert done.returncode in (0, 1), done.stderr
    assert (copy / "report" / "summary.md").exists()


@pytest.mark.slow
def test_progress_bar_on_a_terminal(workspace: Path) -> None:
    """Under a pseudo-terminal the audit draws rich's progress bar (and exits 0)."""
    import pty

    (workspace / "history").mkdir()
    (workspace / "history" / "x.jsonl").write_text(
        '{"id": "m1", "profile": "x-ajuntament", "direction": "outbound", "kind": "post", '
        '"state": "published", "text": "Bon dia", "created_at": "2026-11-20T09:00:00+01:00", '
        '"published_at": "2026-11-20T09:00:00+01:00"}\n',
        encoding="utf-8",
    )
    manual = workspace / "govsm.toml"
    manual.write_text(
        manual.read_text(encoding="utf-8") + '\n[archives]\nmessages = ["history/*.jsonl"]\n',
        encoding="utf-8",
    )
    chunks: list[bytes] = []

    def read(fd: int) -> bytes:
        data = os.read(fd, 4096)
        chunks.append(data)
        return data

    pid_status = pty.spawn([sys.executable, "-m", "govsm.cli.main", "audit", str(workspace)], read)
    output = b"".join(chunks).decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(pid_status) == 0
    assert "\x1b[" in output
    assert "Importing archives" in output
