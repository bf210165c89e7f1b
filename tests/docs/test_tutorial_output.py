"""The first-workspace tutorial shows what `govsm audit` really prints and writes."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.cli.running import invoke
from tests.paths import EXAMPLE, ROOT

TUTORIAL = ROOT / "docs" / "tutorials" / "first-workspace.md"
#: a reader who followed the tutorial has govsm alone, without the test suite's plugins
ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}


def _block(opening: str) -> list[str]:
    text = TUTORIAL.read_text(encoding="utf-8")
    match = re.search(re.escape(opening) + r"\n(.*?)\n```", text, re.S)
    assert match is not None, opening
    return match.group(1).splitlines()


def _in_order(sample: list[str], actual: list[str]) -> list[str]:
    """The sample's lines ("…" skips any number) that are not found, in order, in ``actual``."""
    missing, position = [], 0
    for line in sample:
        if line.strip() == "…":
            continue
        try:
            position = actual.index(line, position) + 1
        except ValueError:
            missing.append(line)
    return missing


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str]]:
    """The tutorial's audit command, run where the tutorial runs it: terminal and summary.md."""
    root = tmp_path_factory.mktemp("tutorial")
    shutil.copytree(
        EXAMPLE, root / "examples" / "soldeneu", ignore=shutil.ignore_patterns("report", ".govsm")
    )
    folder = root / "examples" / "soldeneu"
    done = invoke("--lang", "en", "audit", str(folder), "--as-of", "2026-11-20", env=ALONE)
    terminal = done.stdout.replace(str(folder), "examples/soldeneu").splitlines()
    summary = (folder / "report" / "summary.md").read_text(encoding="utf-8").splitlines()
    return terminal, summary


def test_the_terminal_sample_is_what_the_audit_prints(run: tuple[list[str], list[str]]) -> None:
    """Every line the tutorial shows of `govsm audit` is printed, in that order."""
    sample = _block("```console\n$ govsm --lang en audit examples/soldeneu --as-of 2026-11-20")
    assert _in_order(sample, run[0]) == []


def test_the_summary_sample_is_what_the_audit_writes(run: tuple[list[str], list[str]]) -> None:
    """Every line the tutorial shows of summary.md is in the file, in that order."""
    sample = _block("```markdown")
    assert _in_order(sample, run[1]) == []


def test_the_comparison_can_fail() -> None:
    """A line the output does not have, or out of order, is reported."""
    assert _in_order(["a", "…", "c"], ["a", "b", "c"]) == []
    assert _in_order(["c", "a"], ["a", "b", "c"]) == ["a"]
