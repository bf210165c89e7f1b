"""Markdown drafts: hostile front matter is named, a fence with stray spaces still reads (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsm.errors import ConfigError
from govsm.reading.drafts import read_draft
from govsm.spec.limits import Limits

FRONT = 'id = "d1"\nprofile = "x-ajuntament"\ncreated_at = 2026-11-18T09:30:00+01:00\n'


def _draft(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "d1.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fence", [" +++", "+++ ", "\t+++"])
def test_a_closing_fence_with_stray_blanks_reads(tmp_path: Path, fence: str) -> None:
    """Once a traceback; a fence an editor indented is still the fence."""
    path = _draft(tmp_path, f"+++\n{FRONT}{fence}\nHola a tots\n")
    (message,) = read_draft(path, "o")
    assert message.text == "Hola a tots"


def test_front_matter_nested_past_the_depth(tmp_path: Path) -> None:
    path = _draft(tmp_path, f"+++\n{FRONT}[a.b.c.d.e]\nx = 1\n+++\nHola\n")
    with pytest.raises(ConfigError, match=r"nested deeper than 4 levels \(\[limits\] depth\)"):
        list(read_draft(path, "o", Limits(depth=4)))


def test_a_draft_larger_than_a_message_is_not_read(tmp_path: Path) -> None:
    path = _draft(tmp_path, f"+++\n{FRONT}+++\n" + "a" * 3000)
    with pytest.raises(ConfigError, match=r"is over 2000 bytes \(\[limits\] text_bytes \+ field"):
        list(read_draft(path, "o", Limits(text_bytes=1000, field_bytes=1000)))
