"""The example council's X and Mastodon archives: what build_archives.py writes, imported whole."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.cli.running import invoke

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "soldeneu"
SCRIPT = EXAMPLE / "build_archives.py"
ARCHIVES = ("twitter-2026-05-31-AjSoldeneu.zip", "archive-20260531083000-ajuntament.zip")


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def test_the_committed_archives_are_what_the_script_writes(tmp_path: Path) -> None:
    """Member by member (zip bytes depend on the zlib that compressed them)."""
    subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True, capture_output=True
    )
    for name in ARCHIVES:
        assert _members(tmp_path / "archives" / name) == _members(EXAMPLE / "archives" / name)


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example audited as the README does, on a copy."""
    council = tmp_path_factory.mktemp("soldeneu") / "soldeneu"
    shutil.copytree(EXAMPLE, council, ignore=shutil.ignore_patterns(".govsm", "report"))
    done = invoke("audit", str(council), "--as-of", "2026-11-20", "--exit-zero")
    assert done.returncode == 0, done.stderr
    return council


def _findings(council: Path) -> list[dict[str, object]]:
    lines = (council / "report" / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_the_audit_imports_both_archives_with_their_originals(audited: Path) -> None:
    from govsm.workspace import Workspace

    with Workspace.open(audited) as ws:
        stored = list(ws.store.messages("ajuntament-soldeneu"))
        from_x = [m for m in stored if m.id.startswith("x-") and m.id[2:].isdigit()]
        from_mastodon = [m for m in stored if m.id.startswith("mastodon-") and m.id[9:].isdigit()]
        assert len(from_x) == 18
        assert len(from_mastodon) == 10
        assert {m.profile for m in from_x} == {"x-ajuntament"}
        assert {m.profile for m in from_mastodon} == {"mastodon-ajuntament"}
        originals = ws.store.originals
        assert all(originals.get("ajuntament-soldeneu", m.id) is not None for m in from_x)


def test_only_the_planted_mistakes_are_found_in_the_archives(audited: Path) -> None:
    """The replies' mentions, the appended t.co links and the repost give no finding; the two
    photos without a description do, and the long post is information."""
    found = {
        (f["message_id"], f["rule"], f["severity"])
        for f in _findings(audited)
        if isinstance(f.get("message_id"), str)
        and str(f["message_id"]).split("-", 1)[-1].isdigit()
        and str(f["message_id"]).startswith(("x-1", "x-2", "mastodon-1"))
    }
    errors_and_warnings = {item for item in found if item[2] != "info"}
    assert errors_and_warnings == {
        ("x-1782315157418934276", "alt-text", "error"),
        ("mastodon-116260412456997567", "alt-text", "error"),
    }
    assert ("x-1896467569963958279", "length", "info") in found
