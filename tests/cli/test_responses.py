"""``govsm responses``: the figures per profile and the overdue messages, in either language."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.cli.running import invoke
from tests.paths import EXAMPLE

ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".govsm", "report"))
    return folder


def test_json_gives_the_figures_and_the_overdue_messages(example: Path) -> None:
    done = invoke("responses", str(example), "--as-of", "2026-11-20", "--json", env=ALONE)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["moment"] == "2026-11-20T11:00:00+00:00"  # noon in Madrid, as the audit
    overdue = sum(p["overdue"] for p in data["profiles"])
    assert overdue == len(data["findings"]) > 0
    assert {f["rule"] for f in data["findings"]} == {"response-overdue"}
    for figures in data["profiles"]:
        accounted = (
            figures["answered"]
            + figures["answered_elsewhere"]
            + figures["waiting"]
            + figures["closed"]
        )
        assert accounted == figures["received"]


def test_an_instant_counts_to_that_instant(example: Path) -> None:
    """Earlier in the day, fewer office hours have passed: never more overdue messages."""
    late = json.loads(
        invoke("responses", str(example), "--as-of", "2026-11-20", "--json", env=ALONE).stdout
    )
    early = json.loads(
        invoke(
            "responses", str(example), "--as-of", "2026-11-20T07:00:00+00:00", "--json", env=ALONE
        ).stdout
    )
    assert early["moment"] == "2026-11-20T07:00:00+00:00"
    assert len(early["findings"]) <= len(late["findings"])


def test_fail_on_warning_exits_1(example: Path) -> None:
    done = invoke(
        "responses", str(example), "--as-of", "2026-11-20", "--fail-on", "warning", env=ALONE
    )
    assert done.returncode == 1
    assert "response-overdue" in done.stdout


def test_spanish_output_is_spanish(example: Path) -> None:
    done = invoke("--lang", "es", "responses", str(example), "--as-of", "2026-11-20", env=ALONE)
    assert done.returncode == 0
    assert "recibidos" in done.stdout and "fuera de plazo" in done.stdout
    prose = done.stdout.replace("response-overdue", "")  # rule ids are the same in both
    for english in ("received", "answered", "overdue", "office hours", "waiting", "target"):
        assert english not in prose
