"""``benchmarks/rule_quality.py`` counts what it says: true and false positives, misses, info."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

from tests.paths import EXAMPLE

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "rule_quality.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rule_quality", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _set(tmp_path: Path, posts: list[dict[str, object]]) -> Path:
    folder = tmp_path / "set"
    body = folder / "bodies" / "soldeneu"
    body.mkdir(parents=True)
    shutil.copy(EXAMPLE / "govsm.toml", body / "govsm.toml")
    (folder / "posts").mkdir()
    lines = "".join(json.dumps({"body": "soldeneu", **p}) + "\n" for p in posts)
    (folder / "posts" / "ca-x.jsonl").write_text(lines, encoding="utf-8")
    return folder


def test_counts_per_rule(tmp_path: Path) -> None:
    long = "Bon dia a tothom. " * 20
    folder = _set(
        tmp_path,
        [
            # labelled and found: a true positive
            {"id": "a", "text": long, "network": "x", "expect": ["length"], "class": "c"},
            # found but not labelled: a false positive for the shortener rule
            {"id": "b", "text": "Fotos: https://bit.ly/fires", "network": "x", "expect": []},
            # labelled but silent: a miss
            {"id": "c", "text": "Bon dia.", "network": "x", "expect": ["link-https"]},
            # a line govsm cannot read
            {"id": "d", "text": "Hola", "network": "x", "kind": "nope", "expect": []},
        ],
    )
    result = _script().evaluate(folder)
    rows = {row["rule"]: row for row in result["rules"]}
    assert result["posts"] == 4 and len(result["unread"]) == 1
    assert (rows["length"]["tp"], rows["length"]["fp"], rows["length"]["fn"]) == (1, 0, 0)
    assert (rows["link-shortener"]["tp"], rows["link-shortener"]["fp"]) == (0, 1)
    assert rows["link-shortener"]["precision"] == 0.0
    assert (rows["link-https"]["fn"], rows["link-https"]["recall"]) == (1, 0.0)
    assert result["examples"]["link-shortener"]["fp"] == ["b (ca-x.jsonl:2)"]
    text = _script().report(result, "link-https")
    assert "link-https fn: c (ca-x.jsonl:3)" in text and "MISSED" in text


def test_no_set_is_a_clear_error(tmp_path: Path, capsys: object) -> None:
    assert _script().main(["--set", str(tmp_path)]) == 2
