"""Archive patterns: what they match, whatever a hostile ``govsm.toml`` writes in them."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsm.workspace.patterns import matches


@pytest.mark.parametrize(
    "pattern",
    ["a" * 1_000, "a" * 1_000 + "/*.jsonl", "history/" + "b" * 1_000, "history/*/" + "c" * 300],
    ids=["file", "folder", "file-in-folder", "after-a-wildcard"],
)
def test_a_name_longer_than_the_system_allows_matches_nothing(tmp_path: Path, pattern: str) -> None:
    """Like a name that does not exist: the load step failed with OSError "File name too long"
    on ``messages = ["aaa…"]`` (1,000 letters) and the audit was incomplete (found by
    tests/fuzz)."""
    (tmp_path / "history" / "x").mkdir(parents=True)
    (tmp_path / "history" / "x.jsonl").write_text("{}\n", encoding="utf-8")
    assert list(matches(tmp_path, pattern)) == []
    assert list(matches(tmp_path, "history/*.jsonl")) == [tmp_path / "history" / "x.jsonl"]
