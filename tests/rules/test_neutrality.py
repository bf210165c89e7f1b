"""The institutional-neutrality rule: electoral periods, inbound comments, the example council.

Its cases (cases/neutrality.toml) run in test_cases.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.model import (
    Direction,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
    Severity,
)
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from tests.rules.example import example_messages

RULE = "institutional-neutrality"


def test_example_council(govsm_host: PluginHost, snapshot: OrganisationSnapshot) -> None:
    """The planted posts: errors inside the 2023 and 2027 periods, warnings outside, no others."""
    checker = Checker({RULE: govsm_host.rules()[RULE]}, govsm_host.channels(), snapshot)
    found: dict[str, list[Severity]] = {}
    for message in example_messages(snapshot):
        for finding in checker.check(message).findings:
            found.setdefault(message.id, []).append(finding.severity)
    assert found == {
        "x-ajuntament-0002": [Severity.ERROR],
        "x-ajuntament-d07": [Severity.ERROR],
        "x-ajuntament-0032": [Severity.WARNING],
        "x-ajuntament-0055": [Severity.WARNING],
        "facebook-ajuntament-0018": [Severity.WARNING],
        "facebook-ajuntament-0038": [Severity.WARNING],
        "facebook-ajuntament-0053": [Severity.WARNING],
        "instagram-ajuntament-0012": [Severity.WARNING],
    }


def test_the_message_names_the_electoral_period(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    checker = Checker({RULE: govsm_host.rules()[RULE]}, govsm_host.channels(), snapshot)
    (draft,) = [m for m in example_messages(snapshot) if m.id == "x-ajuntament-d07"]
    (finding,) = checker.check(draft).findings
    assert "Eleccions municipals 2027" in finding.message.es
    assert "30 de marzo de 2027" in finding.message.es
    assert "30 March 2027 to 23 May 2027" in finding.message.en
    assert "LOREG art. 50.2 and 50.3" in finding.message.en
    assert "Neus Ferrando Climent, Alcaldessa" in finding.message.en


def _message(text: str) -> Message:
    moment = datetime(2026, 11, 20, 10, tzinfo=UTC)
    return Message(
        organisation="cases",
        id="case",
        profile="case-profile",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.PUBLISHED,
        text=text,
        created_at=moment,
        published_at=moment,
    )


def test_inbound_comments_are_not_checked(govsm_host: PluginHost) -> None:
    checker = Checker({RULE: govsm_host.rules()[RULE]}, govsm_host.channels())
    moment = datetime(2026, 11, 20, 10, tzinfo=UTC)
    comment = Message(
        organisation="cases",
        id="case",
        profile="case-profile",
        direction=Direction.INBOUND,
        kind=MessageKind.COMMENT,
        state=MessageState.NEW,
        text="L'alcaldessa només inaugura coses en campanya!",
        created_at=moment,
    )
    assert not checker.check(comment).findings
    assert checker.check(_message(comment.text)).findings


_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_PIECES = st.sampled_from(
    [
        "L'alcaldessa",
        "l’alcaldessa",
        " Neus Ferrando ",
        " inaugura ",
        " visita",
        "minut de silenci",
        ". ",
        "\n",
        "Sra.",
        "alkateak",
        "İ",
    ]
)
_TEXTS = st.lists(st.one_of(st.text(_CHARS, max_size=15), _PIECES), max_size=12).map("".join)


@settings(  # govsm_host is only read: its examples may share it
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(_TEXTS)
def test_never_crashes_and_spans_stay_in_the_text(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot, text: str
) -> None:
    checker = Checker({RULE: govsm_host.rules()[RULE]}, govsm_host.channels(), snapshot)
    text = text or "x"
    result = checker.check(_message(text))
    for finding in result.findings:
        assert finding.rule == RULE
        assert finding.span is not None
        assert 0 <= finding.span.start < finding.span.end <= len(text)
