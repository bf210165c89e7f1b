"""One corrupted row of the audit log is named, and no command stops on it (issue 11)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.cli.running import invoke
from tests.paths import EXAMPLE

ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}


@pytest.fixture(scope="module")
def corrupted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example council loaded, then entry 7's instant overwritten with text."""
    folder = tmp_path_factory.mktemp("corrupt") / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    assert invoke("audit", str(folder), "--exit-zero", env=ALONE).returncode == 0
    with sqlite3.connect(folder / ".govsm" / "govsm.sqlite3") as db:
        db.execute("UPDATE audit_log SET at = 'garbage' WHERE seq = 7")
    return folder


def test_verify_names_the_unreadable_entry(corrupted: Path) -> None:
    """audit-log verify says which entry cannot be read and why, and exits 1."""
    done = invoke("--lang", "en", "audit-log", "verify", str(corrupted), env=ALONE)
    assert done.returncode == 1
    assert "entry 7 cannot be read (at = 'garbage')" in done.stdout + done.stderr
    es = invoke("--lang", "es", "audit-log", "verify", str(corrupted), env=ALONE)
    assert "la entrada 7 no se puede leer (at = 'garbage')" in es.stdout + es.stderr


@pytest.mark.parametrize(
    "command",
    [["governance", "status"], ["health"], ["handover"], ["audit", "--exit-zero"]],
    ids=lambda c: c[0],
)
def test_other_commands_go_on(corrupted: Path, command: list[str]) -> None:
    """governance, health, handover and audit read the rest of the log; no traceback."""
    done = invoke(
        "--lang", "en", command[0], *command[1:2], str(corrupted), *command[2:], env=ALONE
    )
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode in (0, 1), done.stderr


def test_the_audit_reports_it_as_a_finding(corrupted: Path) -> None:
    """The audit's audit-log step turns it into an error finding naming the entry."""
    invoke("--lang", "en", "audit", str(corrupted), "--exit-zero", env=ALONE)
    text = (corrupted / "report" / "findings.jsonl").read_text(encoding="utf-8")
    assert "entry 7 cannot be read" in text
