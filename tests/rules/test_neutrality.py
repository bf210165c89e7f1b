"""The institutional-neutrality rule: electoral periods, inbound comments, the example council,
reposts of office holders' own accounts.

Its cases (cases/neutrality.toml) run in test_cases.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.model import (
    Direction,
    Finding,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
    Severity,
    Span,
)
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.rules.office_holders import account_key
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


# --- reposts of office holders' own accounts ----------------------------------------------------


def _with_accounts(snapshot: OrganisationSnapshot) -> OrganisationSnapshot:
    """The example council, with the mayor's and a member of staff's personal accounts."""
    people = []
    for person in snapshot.people:
        if person.id == "neus-ferrando":
            person = attrs.evolve(
                person, accounts=("@NeusFerrando", "https://bsky.app/profile/neus.bsky.social")
            )
        elif person.id == "marta-soler":
            person = attrs.evolve(person, accounts=("@martasoler",))
        people.append(person)
    return attrs.evolve(snapshot, people=tuple(people))


def _repost(author: str | None, text: str = "", day: datetime | None = None) -> Message:
    moment = day or datetime(2026, 11, 20, 10, tzinfo=UTC)
    return Message(
        organisation="ajuntament-soldeneu",
        id="rp1",
        profile="x-ajuntament",
        direction=Direction.OUTBOUND,
        kind=MessageKind.REPOST,
        state=MessageState.PUBLISHED,
        text=text,
        original_author=author,
        created_at=moment,
        published_at=moment,
    )


def _findings(
    host: PluginHost, snapshot: OrganisationSnapshot | None, message: Message
) -> list[Finding]:
    checker = Checker({RULE: host.rules()[RULE]}, host.channels(), snapshot)
    return list(checker.check(message).findings)


def test_a_repost_of_the_mayors_personal_account_is_flagged(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    council = _with_accounts(snapshot)
    (finding,) = _findings(govsm_host, council, _repost("@neusferrando", "Bon dia, Soldeneu!"))
    assert finding.severity is Severity.WARNING
    assert "Neus Ferrando Climent, Alcaldessa" in finding.message.en
    assert "reposts an office holder's own account" in finding.message.en
    assert finding.span == Span(0, 18)
    # the same account by its address, and a Bluesky handle
    assert _findings(govsm_host, council, _repost("https://x.com/NeusFerrando"))
    assert _findings(govsm_host, council, _repost("neus.bsky.social"))


def test_an_x_retweet_of_the_mayor_is_a_repost(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    """A published X post written "RT @author:" is a repost, its author read from the text."""
    moment = datetime(2026, 11, 20, 10, tzinfo=UTC)
    retweet = attrs.evolve(
        _message("RT @NeusFerrando: Hui inaugurem el nou parc! Gràcies a tots."),
        organisation="ajuntament-soldeneu",
        profile="x-ajuntament",
        published_at=moment,
    )
    (finding,) = _findings(govsm_host, _with_accounts(snapshot), retweet)
    assert "reposts" in finding.message.en  # the repost, not the claim in someone else's words


def test_reposts_that_are_not_an_office_holders_own_account(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    council = _with_accounts(snapshot)
    text = "L'alcaldessa inaugura el nou parc de la Sèquia."  # someone else's words: not judged
    assert not _findings(govsm_host, council, _repost("@culturasoldeneu", text))
    assert not _findings(govsm_host, council, _repost("@martasoler"))  # staff, no office
    assert not _findings(govsm_host, council, _repost(None, text))
    left = attrs.evolve(
        council,
        people=tuple(
            attrs.evolve(p, left_on=date(2026, 6, 1)) if p.id == "neus-ferrando" else p
            for p in council.people
        ),
    )
    assert not _findings(govsm_host, left, _repost("@neusferrando"))  # no longer in office


def test_a_repost_inside_an_electoral_period_is_an_error(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    during = datetime(2027, 4, 20, 10, tzinfo=UTC)
    council = _with_accounts(snapshot)
    (finding,) = _findings(govsm_host, council, _repost("@neusferrando", "Votau!", during))
    assert finding.severity is Severity.ERROR
    assert "Eleccions municipals 2027" in finding.message.en


def test_accounts_without_a_workspace(govsm_host: PluginHost) -> None:
    rule = govsm_host.rules()[RULE]
    rule = attrs.evolve(rule, params={**rule.params, "accounts": ["@alcaldesa_ana"]})
    checker = Checker({RULE: rule}, govsm_host.channels())
    (finding,) = checker.check(_repost("@Alcaldesa_Ana", "Hoy, en la feria.")).findings
    assert finding.severity is Severity.WARNING
    assert not checker.check(_repost("@feria_soldeneu")).findings


def test_a_mention_of_the_personal_account_is_a_mention_of_the_person(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    post = attrs.evolve(
        _message("@NeusFerrando inaugura el nou parc de la Sèquia."),
        organisation="ajuntament-soldeneu",
        profile="x-ajuntament",
    )
    (finding,) = _findings(govsm_host, _with_accounts(snapshot), post)
    assert "Neus Ferrando Climent, Alcaldessa" in finding.message.en


def test_a_quote_is_the_organisations_words(govsm_host: PluginHost) -> None:
    quote = attrs.evolve(
        _message("La alcaldesa anuncia el nuevo plan de movilidad."), kind=MessageKind.QUOTE
    )
    (finding,) = _findings(govsm_host, None, quote)
    assert finding.severity is Severity.INFO


def test_account_keys() -> None:
    assert account_key("@NeusFerrando") == "neusferrando"
    assert account_key("https://x.com/NeusFerrando/") == "neusferrando"
    assert account_key("https://mastodon.social/@neus") == "neus"
    assert account_key("@neus@mastodon.social") == "neus"
    assert account_key("https://bsky.app/profile/neus.bsky.social") == "neus.bsky.social"
