"""The hidden-characters rule: the same findings as one per character, capped, in linear time.

The first version made one finding per hidden character: a post of 100,000 right-to-left
overrides cost 100,000 findings (about 25 s of an audit). :func:`_one_per_character` below is
that version's logic, kept as the oracle: the rule must agree with it on the first
``MAX_FINDINGS`` findings, and count the rest in one more.
Its cases (cases/hidden_characters.toml) run in test_cases.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.builtin.rules.hidden_characters import MAX_FINDINGS, check_hidden_characters
from govsm.model import Finding, Severity
from govsm.rules.wording import is_emoji

_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060-\u2064\ufeff]")


def _one_per_character(text: str, severity: Severity) -> Iterator[tuple[int, int, Severity, str]]:
    """The first version: ``(start, end, severity, character)`` of every hidden character."""

    def inside_emoji(index: int) -> bool:
        return (
            text[index] == "\u200d" and 0 < index < len(text) - 1 and is_emoji(text[index - 1])
        ) or (index >= 2 and text[index - 1] == "\ufe0f" and is_emoji(text[index - 2]))

    for match in _DIRECTION.finditer(text):
        yield match.start(), match.end(), severity, match.group()
    minor = Severity.INFO if severity is Severity.ERROR else severity
    for match in _INVISIBLE.finditer(text):
        if not inside_emoji(match.start()):
            yield match.start(), match.end(), minor, match.group()


def _check(text: str, severity: Severity) -> list[Finding]:
    context: Any = SimpleNamespace(message=SimpleNamespace(text=text), severity=severity)
    return list(check_hidden_characters(context))


#: texts mixing plain letters, emoji (and their joiners and variation selector) and every
#: hidden character the rule knows, often many of them
_PIECES = st.sampled_from(
    [
        "a",
        "Soldeneu ",
        "👩",
        "👧",
        "\ufe0f",
        "\u200d",
        "\u200b",
        "\u200c",
        "\u2060",
        "\u2064",
        "\ufeff",
        "\u202a",
        "\u202e",
        "\u2066",
        "\u2069",
    ]
)
TEXTS = st.lists(_PIECES, max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(list(Severity)))
def test_agrees_with_one_finding_per_character(text: str, severity: Severity) -> None:
    """The first MAX_FINDINGS findings are the old ones; one more counts and spans the rest."""
    old = list(_one_per_character(text, severity))
    new = _check(text, severity)
    shown = old[:MAX_FINDINGS]
    assert [(f.span.start, f.span.end, f.severity) for f in new[: len(shown)] if f.span] == [
        (start, end, sev) for start, end, sev, _ in shown
    ]
    for finding, (_, _, _, char) in zip(new, shown, strict=False):
        assert f"U+{ord(char):04X}" in finding.message.en
        assert f"U+{ord(char):04X}" in finding.message.es
    rest = old[MAX_FINDINGS:]
    if not rest:
        assert len(new) == len(old)
        return
    assert len(new) == MAX_FINDINGS + 1
    summary = new[-1]
    assert summary.span is not None
    assert (summary.span.start, summary.span.end) == (
        min(start for start, _, _, _ in rest),
        max(end for _, end, _, _ in rest),
    )
    assert summary.severity == max((sev for _, _, sev, _ in rest), key=lambda s: s.rank)
    assert f"{len(rest)} more hidden characters" in summary.message.en
    assert f"{len(rest)} caracteres invisibles más" in summary.message.es


def test_a_hundred_thousand_overrides_make_a_few_findings() -> None:
    """100,000 U+202E: MAX_FINDINGS findings and one that counts the 99,980 others."""
    text = "\u202e" * 100_000
    found = _check(text, Severity.WARNING)
    assert len(found) == MAX_FINDINGS + 1
    assert "99980 more hidden characters" in found[-1].message.en
    assert found[-1].span is not None
    assert (found[-1].span.start, found[-1].span.end) == (MAX_FINDINGS, 100_000)
