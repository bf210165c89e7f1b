"""A rule parameter of the wrong kind is refused when the workspace opens, with its key path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.cli.running import invoke
from tests.paths import EXAMPLE

from govsm.model import RuleConfig
from govsm.plugins import PluginHost
from govsm.rules.params import param_type_problems


def test_a_text_where_a_number_goes_exits_2(tmp_path: Path) -> None:
    """min_length = "abc": exit 2, the key path and both languages, no silent fallback."""
    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    manual = folder / "govsm.toml"
    text = manual.read_text(encoding="utf-8")
    assert "min_length = 15" in text
    manual.write_text(text.replace("min_length = 15", 'min_length = "abc"', 1), encoding="utf-8")
    done = invoke("status", str(folder))
    assert done.returncode == 2
    assert ".params.min_length: rule 'alt-text' expects a number for 'min_length'" in done.stderr
    assert "la regla «alt-text» espera un número en «min_length»" in done.stderr


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"min_length": 15}, []),
        ({"min_length": 15.5}, []),  # a number is a number
        ({"min_length": True}, ["min_length"]),  # true is not a length
        ({"forbidden": ["foto", 3]}, ["forbidden"]),
        ({"forbidden": "foto"}, ["forbidden"]),
        ({"not_a_param": "x"}, []),  # unknown names are doctor's to report
    ],
)
def test_kinds(params: dict[str, object], bad: list[str]) -> None:
    """Numbers, booleans, texts and lists of texts are told apart; unknown names pass."""
    rules = PluginHost(entry_points=False).rules()
    problems = param_type_problems([RuleConfig(id="alt-text", params=params)], rules)  # type: ignore[arg-type]
    assert [p.path.rsplit(".", 1)[1] for p in problems] == bad
