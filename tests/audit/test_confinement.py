"""What a workspace names is read inside it, and hostile input is refused with words (issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.running import invoke
from tests.paths import EXAMPLE

ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}


@pytest.fixture
def council(tmp_path: Path) -> Path:
    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    return folder


def _manual(folder: Path, old: str, new: str) -> None:
    path = folder / "govsm.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class TestArchivesStayInside:
    @pytest.mark.parametrize(
        ("key", "pattern"),
        [
            ("messages", "../../outside/*.jsonl"),
            ("messages", "/etc/*.conf"),
            ("governance", "../../../../etc/shadow"),
            ("drafts", "drafts/../../x.md"),
        ],
    )
    def test_a_pattern_leaving_the_workspace_is_refused(
        self, council: Path, key: str, pattern: str
    ) -> None:
        """Exit 2 at load, naming the pattern, in both languages: nothing outside is read."""
        _manual(council, f"{key} = [", f'{key} = ["{pattern}", ')
        done = invoke("status", str(council), env=ALONE)
        assert done.returncode == 2
        assert f"'{pattern}' leaves the workspace" in done.stderr
        assert f"«{pattern}» sale del espacio de trabajo" in done.stderr

    def test_a_link_leading_out_is_not_followed(self, council: Path, tmp_path: Path) -> None:
        """A history file that is a symlink to a file outside is named and not read."""
        outside = tmp_path / "outside.jsonl"
        outside.write_text('{"id": "stolen", "profile": "x-ajuntament"}\n', encoding="utf-8")
        (council / "history" / "zz-link.jsonl").symlink_to(outside)
        done = invoke(
            "--lang", "en", "audit", str(council), "--as-of", "2026-11-20", "--exit-zero", env=ALONE
        )
        assert done.returncode == 0
        assert "history/zz-link.jsonl" in done.stdout
        assert "leading out of the workspace: not read" in done.stdout
        findings = (council / "report" / "findings.jsonl").read_text(encoding="utf-8")
        assert "stolen" not in findings


class TestNesting:
    def test_a_toml_nested_too_deep(self, tmp_path: Path) -> None:
        """A govsm.toml nested 100,000 deep: exit 2 and a message, no RecursionError."""
        (tmp_path / "govsm.toml").write_text(
            "a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8"
        )
        done = invoke("status", str(tmp_path))
        assert done.returncode == 2
        assert "TOML nested too deep" in done.stderr and "Traceback" not in done.stderr

    def test_a_json_line_nested_too_deep(self, tmp_path: Path) -> None:
        """govsm check on such a line reports it and goes on."""
        posts = tmp_path / "posts.jsonl"
        posts.write_text(
            '{"id": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + '{"id": "ok", "text": "Hola"}\n',
            encoding="utf-8",
        )
        done = invoke("check", "-n", "x", str(posts), env=ALONE)
        assert "JSON nested too deep" in done.stdout
        assert "Traceback" not in done.stdout + done.stderr
