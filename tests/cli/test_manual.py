"""``govsm manual``: the usage manual written per language and format; bad input exits 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from tests.governance.manual.conftest import SMALL
from tests.paths import EXAMPLE

from govsm.cli.main import cli


def govsm(*args: str) -> Result:
    """Run ``govsm`` in English, built-in plugins only."""
    return CliRunner().invoke(cli, ["--lang", "en", *args], env={"GOVSM_DISABLE_PLUGINS": ""})


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A small workspace without a [manual] table."""
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "govsm.toml").write_text(SMALL, encoding="utf-8")
    return folder


class TestWriting:
    def test_default_languages_and_formats(self, workspace: Path) -> None:
        """By default: every official language, HTML and Markdown, in WORKSPACE/report/manual."""
        done = govsm("manual", str(workspace))
        assert done.exit_code == 0, done.output
        folder = workspace / "report" / "manual"
        names = sorted(p.name for p in folder.iterdir())
        assert names == [
            "manual.ca-valencia.html",
            "manual.ca-valencia.md",
            "manual.es.html",
            "manual.es.md",
        ]
        for name in names:
            assert f"Wrote {folder / name}" in done.output

    def test_language_format_and_folder(self, workspace: Path, tmp_path: Path) -> None:
        """--lang, --format and --out choose what is written, and where."""
        out = tmp_path / "out"
        done = govsm(
            "manual", str(workspace), "--lang", "en", "--format", "markdown", "--out", str(out)
        )
        assert done.exit_code == 0, done.output
        assert [p.name for p in out.iterdir()] == ["manual.en.md"]
        assert (
            (out / "manual.en.md")
            .read_text(encoding="utf-8")
            .startswith("# Social media usage and management manual")
        )

    def test_missing_sections_are_listed(self, workspace: Path) -> None:
        """The sections still to fill are listed, with the keys to declare."""
        done = govsm("manual", str(workspace))
        assert "manual-section-missing manual:crisis" in done.output
        assert "declare manual.crisis in govsm.toml" in done.output

    def test_example_council(self, tmp_path: Path) -> None:
        """The example council's manual is complete: nothing is listed as missing."""
        done = govsm("manual", str(EXAMPLE), "--out", str(tmp_path), "--as-of", "2026-11-20")
        assert done.exit_code == 0, done.output
        assert "Still to fill" not in done.output
        page = (tmp_path / "manual.ca-valencia.html").read_text(encoding="utf-8")
        assert '<html lang="ca-valencia">' in page

    def test_no_temporary_files_are_left(self, workspace: Path) -> None:
        """Files are written atomically: only the manuals are in the folder afterwards."""
        govsm("manual", str(workspace), "--format", "html")
        names = [p.name for p in (workspace / "report" / "manual").iterdir()]
        assert sorted(names) == ["manual.ca-valencia.html", "manual.es.html"]

    def test_spanish_output(self, workspace: Path) -> None:
        """With --lang es (the global option) the command speaks Spanish."""
        done = CliRunner().invoke(cli, ["--lang", "es", "manual", str(workspace)])
        assert "Escrito " in done.output


class TestBadInput:
    def test_unknown_language(self, workspace: Path) -> None:
        """A language without labels is a usage error naming the available ones: exit 2."""
        done = govsm("manual", str(workspace), "--lang", "fr")
        assert done.exit_code == 2
        assert "'fr': the manual is generated in ca-valencia, es, en" in done.output
        assert "el manual se genera en" in done.output
        assert not (workspace / "report").exists()

    def test_unwritable_folder(self, workspace: Path, tmp_path: Path) -> None:
        """A folder that cannot be created is an error naming it, in both languages: exit 2."""
        blocker = tmp_path / "a-file"
        blocker.write_text("x", encoding="utf-8")
        done = govsm("manual", str(workspace), "--out", str(blocker / "manual"))
        assert done.exit_code == 2
        assert f"{blocker / 'manual'}: cannot write the manual" in done.output
        assert "no se puede escribir el manual" in done.output
        assert "Traceback" not in done.output

    def test_malformed_manual_table(self, workspace: Path) -> None:
        """A malformed [manual] table is reported with file and key path: exit 2."""
        path = workspace / "govsm.toml"
        path.write_text(SMALL + "\n[manual]\ntitle = 3\n", encoding="utf-8")
        done = govsm("manual", str(workspace))
        assert done.exit_code == 2
        assert "govsm.toml: manual.title: expected text or a table" in done.output

    def test_bad_date(self, workspace: Path) -> None:
        """--as-of takes a date."""
        done = govsm("manual", str(workspace), "--as-of", "yesterday")
        assert done.exit_code == 2
        assert "'yesterday' is not a date" in done.output

    def test_no_traceback_from_the_console_script(self, workspace: Path) -> None:
        """The real entry point prints the error alone and exits 2."""
        done = subprocess.run(
            [sys.executable, "-m", "govsm.cli.main", "manual", str(workspace), "--lang", "xx"],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "GOVSM_LANG": "en"},
        )
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        assert "'xx'" in done.stderr
