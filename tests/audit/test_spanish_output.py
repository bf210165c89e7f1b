"""Spanish output says the profiles' states in Spanish (issue 11: no English leaking in)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.running import invoke
from tests.paths import EXAMPLE


def test_profile_states_are_spanish(tmp_path: Path) -> None:
    """'15 activos, 2 archivados', never '15 active', in the Spanish terminal output."""
    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    done = invoke(
        "--lang",
        "es",
        "audit",
        str(folder),
        "--as-of",
        "2026-11-20",
        "--exit-zero",
        env={"GOVSM_DISABLE_PLUGINS": "example,test-plugin"},
    )
    assert "17 perfiles: 15 activos, 2 archivados" in done.stdout
    assert " active" not in done.stdout and " archived" not in done.stdout
