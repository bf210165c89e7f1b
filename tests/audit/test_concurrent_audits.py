"""Audits run at once on one fresh store: each applies or skips the journal, none errs (issue 12).

Each process used to report the journal lines another had just applied as "record changed while
deciding" (9 to 48 per trial) and exit 1. A line is now checked as not yet applied holding the
organisation's write lock, so it is applied by exactly one process and skipped by the others.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from govsm.ledger.chain import verify
from govsm.store import Store
from tests.paths import EXAMPLE


def test_four_audits_at_once_on_a_fresh_store(tmp_path: Path) -> None:
    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    env = {**os.environ, "GOVSM_DISABLE_PLUGINS": "example,test-plugin", "GOVSM_LANG": "en"}
    env.pop("GOVSM_STORE_URL", None)
    audits = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "govsm.cli.main",
                "audit",
                str(folder),
                "--out",
                str(tmp_path / f"report-{n}"),
                "--as-of",
                "2026-11-20",
                "--exit-zero",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(4)
    ]
    outputs = [audit.communicate(timeout=300) for audit in audits]
    for audit, (out, err) in zip(audits, outputs, strict=True):
        assert audit.returncode == 0, err
        assert "changed while deciding" not in out + err
    for n in range(4):
        lines = (tmp_path / f"report-{n}" / "findings.jsonl").read_text(encoding="utf-8")
        rules = {json.loads(line)["rule"] for line in lines.splitlines()}
        assert "governance-journal" not in rules
        assert "audit-step-failed" not in rules
    alone = tmp_path / "alone"
    shutil.copytree(EXAMPLE, alone, ignore=shutil.ignore_patterns("report", ".govsm"))
    subprocess.run(
        [sys.executable, "-m", "govsm.cli.main", "audit", str(alone), "--exit-zero"],
        check=True,
        capture_output=True,
        env=env,
    )
    assert _journal_entries(folder) == _journal_entries(alone)  # every line applied once


def _journal_entries(folder: Path) -> list[tuple[str, str, str]]:
    with Store.open(f"sqlite:///{folder / '.govsm' / 'govsm.sqlite3'}") as store:
        entries = store.audit_entries("ajuntament-soldeneu")
        assert verify("ajuntament-soldeneu", entries).ok
    applied = [(e, json.loads(e.details_text).get("journal")) for e in entries]
    return sorted((line, e.action, e.subject) for e, line in applied if line)
