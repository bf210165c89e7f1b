"""A log whose newest entries were deleted is seen: by the next audit and by ``--against``.

The chain proves nothing was changed inside the log, but what is left after deleting its newest
entries is still a valid chain ("chain intact"). Each audit now records the head it saw; the
next audit, and ``govsm audit-log verify --against REPORT``, compare the log with it (issue 12).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from govsm.governance.service import Governance
from govsm.model import LifecycleState
from govsm.workspace import Workspace
from tests.cli.running import invoke
from tests.councils import example_copy

ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}
ORG = "ajuntament-soldeneu"


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """The example, audited once, then a post approved and audited again."""
    folder = example_copy(tmp_path)
    assert _audit(folder)[0] in (0, 1)
    with Workspace.open(folder) as ws:
        Governance.of(ws).approve("post-2026-11-padro", by="marta-soler")
    assert _audit(folder)[0] in (0, 1)
    return folder


def _audit(folder: Path) -> tuple[int, list[dict[str, object]]]:
    done = invoke("--lang", "en", "audit", str(folder), "--as-of", "2026-11-20", env=ALONE)
    lines = (folder / "report" / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    return done.returncode, [json.loads(line) for line in lines]


def _delete_newest(folder: Path) -> None:
    with sqlite3.connect(folder / ".govsm" / "govsm.sqlite3") as database:
        database.execute(
            "DELETE FROM audit_log WHERE organisation_id = ? AND seq = "
            "(SELECT max(seq) FROM audit_log WHERE organisation_id = ?)",
            (ORG, ORG),
        )


def _verify(folder: Path, *extra: str) -> tuple[int, str]:
    done = invoke("--lang", "en", "audit-log", "verify", str(folder), *extra, env=ALONE)
    return done.returncode, done.stdout + done.stderr


def test_an_untouched_log_agrees_with_the_last_audit(council: Path) -> None:
    _, findings = _audit(council)
    assert not [f for f in findings if f["rule"] == "audit-log-cut"]
    assert _verify(council, "--against", str(council / "report"))[0] == 0


def test_deleting_the_newest_entry_is_reported_by_the_next_audit(council: Path) -> None:
    saw = json.loads((council / "report" / "summary.json").read_text(encoding="utf-8"))
    (step,) = [s for s in saw["steps"] if s["name"] == "audit-log"]
    _delete_newest(council)
    shutil.copytree(council / "report", council.parent / "kept-report")
    assert _verify(council)[0] == 0  # the chain alone still looks intact
    code, findings = _audit(council)
    assert code == 1
    (cut,) = [f for f in findings if f["rule"] == "audit-log-cut"]
    entries = step["summary"]["entries"]
    assert f"the log holds {entries - 1} entries, but the audit of" in str(cut["message_en"])
    assert "entries were removed" in str(cut["message_en"])
    assert "se han borrado entradas" in str(cut["message_es"])
    code, output = _verify(council, "--against", str(council.parent / "kept-report"))
    assert code == 1
    assert f"but the report {council.parent / 'kept-report' / 'summary.json'} saw {entries}" in (
        output
    )


def test_a_rewritten_tail_is_reported(council: Path) -> None:
    """The newest entry deleted and another decision appended: same length, another hash."""
    shutil.copytree(council / "report", council.parent / "kept-report")
    _delete_newest(council)
    with Workspace.open(council) as ws:
        Governance.of(ws).transition(
            "x-ajuntament", LifecycleState.DORMANT, by="marta-soler", reason="Vacances"
        )
    code, output = _verify(council, "--against", str(council.parent / "kept-report"))
    assert code == 1
    assert "does not have the hash the report" in output and "the log was rewritten" in output


def test_against_something_that_is_not_a_report(council: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    code, output = _verify(council, "--against", str(other))
    assert code == 2
    assert "is neither a govsm audit report" in output


def test_a_transparency_export_is_a_witness_too(council: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    done = invoke("audit-log", "export", str(council), "--format", "json", "-o", str(export))
    assert done.returncode == 0, done.stderr
    assert _verify(council, "--against", str(export))[0] == 0
    _delete_newest(council)
    code, output = _verify(council, "--against", str(export))
    assert code == 1 and "entries were removed" in output
