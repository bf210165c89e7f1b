"""The tone rule: cases as data, who is checked, accents and elisions, the example council."""

from __future__ import annotations

import glob
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.builtin.rules.tone import LANGUAGES, matcher
from govsm.model import (
    Direction,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
)
from govsm.plugins import PluginHost
from govsm.reading.drafts import read_draft
from govsm.reading.jsonl import read_jsonl
from govsm.rules.engine import Checker
from govsm.testing.rule_cases import RuleCase, load_cases, mismatches, run_case
from govsm.workspace import load_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "soldeneu"
CASES = load_cases(Path(__file__).parent / "cases" / "tone.toml")
_HOST = PluginHost(entry_points=False)
_MOMENT = datetime(2026, 11, 20, 10, tzinfo=UTC)


@pytest.fixture(scope="module")
def snapshot() -> OrganisationSnapshot:
    return load_config(EXAMPLE, None).snapshot


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: RuleCase) -> None:
    result = run_case(case, _HOST.rules(), _HOST.channels(), None)
    assert not list(mismatches(case, result))


def _message(text: str, direction: Direction, kind: MessageKind, lang: str = "es") -> Message:
    state = MessageState.DRAFT if direction is Direction.OUTBOUND else MessageState.NEW
    return Message(
        organisation="cases",
        id="m1",
        profile="p",
        direction=direction,
        kind=kind,
        state=state,
        text=text,
        language=lang,
        reply_to="m0" if kind is MessageKind.REPLY else None,
        created_at=_MOMENT,
    )


def _pieces(message: Message, **params: object) -> list[str]:
    rule = _HOST.rules()["tone"]
    if params:
        rule = attrs.evolve(rule, params={**rule.params, **params})
    result = Checker({"tone": rule}, _HOST.channels()).check(message)
    return [message.text[f.span.start : f.span.end] for f in result.findings if f.span]


TEXT = "Como ya se ha dicho, infórmese antes de escribir."


def test_replies_and_direct_messages_are_checked() -> None:
    expected = ["Como ya se ha dicho", "infórmese antes"]
    assert _pieces(_message(TEXT, Direction.OUTBOUND, MessageKind.REPLY)) == expected
    assert _pieces(_message(TEXT, Direction.OUTBOUND, MessageKind.DIRECT)) == expected


def test_posts_only_with_scope_outbound() -> None:
    post = _message(TEXT, Direction.OUTBOUND, MessageKind.POST)
    assert _pieces(post) == []
    assert _pieces(post, scope="outbound") == ["Como ya se ha dicho", "infórmese antes"]


def test_citizens_are_never_checked() -> None:
    comment = _message("Sois unos inútiles, idiotas.", Direction.INBOUND, MessageKind.COMMENT)
    assert _pieces(comment, scope="outbound") == []


def test_decomposed_accents_keep_spans() -> None:
    text = "Es usted ridi\u0301culo, imbe\u0301cil."
    reply = _message(text, Direction.OUTBOUND, MessageKind.REPLY)
    assert _pieces(reply) == ["ridi\u0301culo", "imbe\u0301cil"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_list_loads(language: str) -> None:
    compiled = matcher(language)
    kinds = {entry.kind for entry in compiled.entries.values()}
    assert kinds == {"insult", "phrase"}
    assert all(entry.language == language for entry in compiled.entries.values())


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "idiota ",
                    "l'imbècil",
                    "es ",
                    "no ",
                    "ridículo",
                    "ridi\u0301culo ",
                    "!",
                    "com ja s'ha dit",
                    "  ",
                    "\n",
                    "ergela",
                    " zara",
                    "İ",
                ]
            ),
            st.text(
                alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
                max_size=6,
            ),
        ),
        max_size=30,
    ).map("".join),
    st.sampled_from(["es", "ca-valencia", "gl", "eu", "en"]),
)
def test_never_crashes_and_spans_fit(text: str, lang: str) -> None:
    reply = _message(text, Direction.OUTBOUND, MessageKind.REPLY, lang)
    result = Checker({"tone": _HOST.rules()["tone"]}, _HOST.channels()).check(reply)
    for finding in result.findings:
        assert finding.rule == "tone"
        assert finding.span is not None
        assert 0 <= finding.span.start < finding.span.end <= len(text)


def test_example_council(snapshot: OrganisationSnapshot) -> None:
    """Only the planted scolding reply, in either part."""
    checker = Checker({"tone": _HOST.rules()["tone"]}, _HOST.channels(), snapshot)
    organisation = snapshot.organisation.id
    messages = [
        m
        for f in sorted(glob.glob(str(EXAMPLE / "history" / "*.jsonl")))
        for m in read_jsonl(Path(f), organisation)
    ] + [
        m
        for f in sorted(glob.glob(str(EXAMPLE / "drafts" / "*.md")))
        for m in read_draft(Path(f), organisation)
    ]
    found = [
        (m.id, m.text[f.span.start : f.span.end])
        for m in messages
        for f in checker.check(m).findings
        if f.span
    ]
    assert found == [
        ("facebook-ajuntament-0023", "Com ja s'ha dit"),
        ("facebook-ajuntament-0023", "Si haguera llegit"),
    ]
