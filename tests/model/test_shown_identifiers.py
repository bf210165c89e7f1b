"""Handles and addresses people read refuse characters that let one pass for another."""

from __future__ import annotations

import pytest

from govsm.errors import ModelError
from govsm.model import Profile


def _profile(**changes: str) -> Profile:
    values = {"organisation": "o", "id": "p", "channel": "x", "handle": "@AjSoldeneu", "unit": "u"}
    values.update(changes)
    return Profile(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("char", "code"),
    [("\u202e", "U+202E"), ("\u2066", "U+2066"), ("\u200b", "U+200B"), ("\x07", "U+0007")],
)
def test_a_handle_with_a_hidden_character_is_refused(char: str, code: str) -> None:
    """The error names the character and its place, in both languages."""
    with pytest.raises(ModelError) as caught:
        _profile(handle=f"@Aj{char}Soldeneu")
    assert f"({code}) at position 3" in caught.value.en
    assert f"({code}) en la posición 3" in caught.value.es


def test_an_address_with_an_override_is_refused() -> None:
    """The registry's URLs cannot carry a right-to-left override either."""
    with pytest.raises(ModelError, match="U\\+202E"):
        _profile(url="https://www.soldeneu.es/\u202ecod.exe")


def test_accents_and_other_scripts_are_names_too() -> None:
    """Letters of any script, combining accents and spaces are fine."""
    assert _profile(handle="Ajuntament de Soldeneu · Cafe\u0301 中文").handle.endswith("中文")
