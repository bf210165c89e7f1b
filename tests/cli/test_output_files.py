"""-o writes atomically, names a full disk, and never follows a link (issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.cli.running import invoke
from tests.paths import EXAMPLE

ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out") / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    assert invoke("audit", str(folder), "--exit-zero", env=ALONE).returncode == 0
    return folder


@pytest.mark.parametrize(
    "command", [["audit-log", "export"], ["registry", "export"]], ids=lambda c: c[0]
)
class TestOutput:
    def test_writes_the_file(self, loaded: Path, tmp_path: Path, command: list[str]) -> None:
        """A plain path gets the export, and no temporary file is left beside it."""
        target = tmp_path / "export.out"
        done = invoke(*command, str(loaded), "-o", str(target), env=ALONE)
        assert done.returncode in (0, 1), done.stderr
        assert target.read_text(encoding="utf-8")
        assert [p.name for p in tmp_path.iterdir()] == ["export.out"]

    def test_a_link_is_not_followed(self, loaded: Path, tmp_path: Path, command: list[str]) -> None:
        """-o naming a symlink is refused (exit 2); what it points to is untouched."""
        outside = tmp_path / "outside.txt"
        outside.write_text("keep me", encoding="utf-8")
        link = tmp_path / "link.out"
        link.symlink_to(outside)
        done = invoke(*command, str(loaded), "-o", str(link), env=ALONE)
        assert done.returncode == 2
        assert "symbolic link" in done.stderr and "enlace simbólico" in done.stderr
        assert outside.read_text(encoding="utf-8") == "keep me"

    def test_a_full_disk_is_named(self, loaded: Path, command: list[str]) -> None:
        """/dev/full: exit 2 and 'No space left on device', not a traceback."""
        done = invoke(*command, str(loaded), "-o", "/dev/full", env=ALONE)
        assert done.returncode == 2
        assert "No space left on device" in done.stderr
        assert "Traceback" not in done.stderr
