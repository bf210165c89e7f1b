"""Backing up the record and restoring it into an empty store: the same head (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govsm.ledger.chain import verify
from govsm.store import Store
from tests.cli.running import invoke
from tests.councils import example_copy

ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}
ORG = "ajuntament-soldeneu"


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """The example, loaded (journal replayed) by one audit."""
    folder = example_copy(tmp_path)
    done = invoke("audit", str(folder), "--as-of", "2026-11-20", "--exit-zero", env=ALONE)
    assert done.returncode == 0, done.stderr
    return folder


def _head(url: str) -> tuple[int, str]:
    with Store.open(url) as store:
        result = verify(ORG, store.audit_entries(ORG))
    assert result.ok
    return result.entries, result.head_hash


def _export(council: Path, tmp_path: Path) -> Path:
    backup = tmp_path / "record.jsonl"
    done = invoke("--lang", "en", "record", "export", str(council), str(backup), env=ALONE)
    assert done.returncode == 0, done.stderr
    return backup


def test_export_then_import_into_an_empty_store_gives_the_same_head(
    council: Path, tmp_path: Path, backend_url: str
) -> None:
    backup = _export(council, tmp_path)
    original = _head(f"sqlite:///{council / '.govsm' / 'govsm.sqlite3'}")
    done = invoke(
        "--lang", "en", "record", "import", str(council), str(backup), "--store", backend_url,
        env=ALONE,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"{original[0]} entries restored (0 signed); head {original[1]}" in done.stdout
    assert _head(backend_url) == original


def test_a_store_with_a_record_is_not_overwritten(council: Path, tmp_path: Path) -> None:
    backup = _export(council, tmp_path)
    done = invoke("--lang", "en", "record", "import", str(council), str(backup), env=ALONE)
    assert done.returncode == 2
    assert "already holds" in done.stderr and "restore into an empty store" in done.stderr


def _lines(backup: Path) -> list[str]:
    return backup.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        ("one byte", "the backup cannot be trusted"),
        ("last entry cut", "the backup is cut or altered"),
        ("not a backup", "does not start with the header of a record backup"),
        ("another body", "is the backup of 'another-council'"),
    ],
)
def test_a_damaged_backup_restores_nothing(
    council: Path, tmp_path: Path, damage: str, said: str
) -> None:
    backup = _export(council, tmp_path)
    lines = _lines(backup)
    if damage == "one byte":
        entry = json.loads(lines[5])
        entry["subject"] = entry["subject"] + "x"
        lines[5] = json.dumps(entry)
    elif damage == "last entry cut":
        lines = lines[:-1]
    elif damage == "not a backup":
        lines = lines[1:]
    else:
        header = json.loads(lines[0])
        lines[0] = json.dumps(header | {"organisation": "another-council"})
    backup.write_text("\n".join(lines) + "\n", encoding="utf-8")
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    done = invoke(
        "--lang", "en", "record", "import", str(council), str(backup), "--store", empty, env=ALONE
    )
    assert done.returncode == 2
    assert said in done.stderr
    with Store.open(empty) as store:
        assert store.audit_entries(ORG) == []
