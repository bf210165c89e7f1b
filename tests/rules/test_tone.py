"""The tone rule: who is checked, accents and elisions, the word lists, the example council.

Its cases (cases/tone.toml) run in test_cases.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
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
from govsm.rules.engine import Checker
from tests.rules.example import example_messages

_MOMENT = datetime(2026, 11, 20, 10, tzinfo=UTC)


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


def _pieces(host: PluginHost, message: Message, **params: object) -> list[str]:
    rule = host.rules()["tone"]
    if params:
        rule = attrs.evolve(rule, params={**rule.params, **params})
    result = Checker({"tone": rule}, host.channels()).check(message)
    return [message.text[f.span.start : f.span.end] for f in result.findings if f.span]


TEXT = "Como ya se ha dicho, infórmese antes de escribir."


def test_replies_and_direct_messages_are_checked(govsm_host: PluginHost) -> None:
    expected = ["Como ya se ha dicho", "infórmese antes"]
    assert _pieces(govsm_host, _message(TEXT, Direction.OUTBOUND, MessageKind.REPLY)) == expected
    assert _pieces(govsm_host, _message(TEXT, Direction.OUTBOUND, MessageKind.DIRECT)) == expected


def test_posts_only_with_scope_outbound(govsm_host: PluginHost) -> None:
    post = _message(TEXT, Direction.OUTBOUND, MessageKind.POST)
    assert _pieces(govsm_host, post) == []
    assert _pieces(govsm_host, post, scope="outbound") == ["Como ya se ha dicho", "infórmese antes"]


def test_citizens_are_never_checked(govsm_host: PluginHost) -> None:
    comment = _message("Sois unos inútiles, idiotas.", Direction.INBOUND, MessageKind.COMMENT)
    assert _pieces(govsm_host, comment, scope="outbound") == []


def test_decomposed_accents_keep_spans(govsm_host: PluginHost) -> None:
    text = "Es usted ridi\u0301culo, imbe\u0301cil."
    reply = _message(text, Direction.OUTBOUND, MessageKind.REPLY)
    assert _pieces(govsm_host, reply) == ["ridi\u0301culo", "imbe\u0301cil"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_list_loads(language: str) -> None:
    compiled = matcher(language)
    kinds = {entry.kind for entry in compiled.entries.values()}
    assert kinds == {"insult", "phrase"}
    assert all(entry.language == language for entry in compiled.entries.values())


@settings(  # govsm_host is only read: its examples may share it
    max_examples=150,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
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
def test_never_crashes_and_spans_fit(govsm_host: PluginHost, text: str, lang: str) -> None:
    reply = _message(text, Direction.OUTBOUND, MessageKind.REPLY, lang)
    result = Checker({"tone": govsm_host.rules()["tone"]}, govsm_host.channels()).check(reply)
    for finding in result.findings:
        assert finding.rule == "tone"
        assert finding.span is not None
        assert 0 <= finding.span.start < finding.span.end <= len(text)


def test_example_council(govsm_host: PluginHost, snapshot: OrganisationSnapshot) -> None:
    """Only the planted scolding reply, in either part."""
    checker = Checker({"tone": govsm_host.rules()["tone"]}, govsm_host.channels(), snapshot)
    found = [
        (m.id, m.text[f.span.start : f.span.end])
        for m in example_messages(snapshot)
        for f in checker.check(m).findings
        if f.span
    ]
    assert found == [
        ("facebook-ajuntament-0023", "Com ja s'ha dit"),
        ("facebook-ajuntament-0023", "Si haguera llegit"),
    ]
