"""``Checker.check_many``: the rules take turns over a batch, and every result is unchanged."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.model import Channel, Message, MessageState
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from tests.rules.test_engine import CRASH, SHOUT, message, snapshot

#: pieces of posts in the languages the language rules tell apart, with what other rules read:
#: links, mentions, hashtags, numbers, capitals, emoji, a repost's prefix, a reply's mentions
_PIECES = (
    "Obrim inscripcions per a l'escola d'estiu municipal.",
    "Abrimos el plazo de las ayudas al alquiler joven.",
    "Aberto o prazo de matrícula na escola de música.",
    "Bihar itxita egongo da liburutegia jaiegunagatik.",
    "ATENCIÓN VECINOS ESTE SÁBADO NO HAY MERCADO",
    "Llamad al 612 345 678 o escribid a maria.garcia@gmail.com",
    "Més info: https://bit.ly/3xAmPle",
    "#agendacultural #soldeneu #estiu",
    "La alcaldesa ha inaugurado hoy el nuevo centro de salud!!",
    "🎉🎉🎉🎉",
    "RT @diputacio_example: Gràcies a tots els voluntaris",
    "@veina @veí Gràcies per avisar, ho revisem demà",
    "de 9 a 14 h en el centro cívico " * 6,
)

_PROFILES = ("x-aj", "x-esp", "ma-esp", "unknown-profile")


@st.composite
def _messages(draw: st.DrawFn) -> list[tuple[Message, Channel | None]]:
    host = PluginHost(entry_points=False)
    channels = host.channels()
    count = draw(st.integers(min_value=0, max_value=12))
    batch: list[tuple[Message, Channel | None]] = []
    for index in range(count):
        pieces = draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=3))
        profile = draw(st.sampled_from(_PROFILES))
        sent = message(profile, " ".join(pieces), f"m{index}")
        if draw(st.booleans()):
            sent = attrs.evolve(sent, state=MessageState.DRAFT, published_at=None)
        network = draw(st.sampled_from((None, "x", "mastodon", "bluesky", "facebook")))
        batch.append((sent, channels[network] if network else None))
    if count and draw(st.booleans()):
        batch.append(batch[0])  # the same message twice in one batch
    return batch


def _checker() -> Checker:
    host = PluginHost(entry_points=False)
    rules = {**host.rules(), CRASH.id: CRASH, SHOUT.id: SHOUT}
    return Checker(rules, host.channels(), snapshot())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_messages())
def test_a_batch_gives_what_each_message_gives_alone(
    batch: list[tuple[Message, Channel | None]],
) -> None:
    """Every rule over the batch, then the next rule: each result is the single check's."""
    checker = _checker()
    alone = [checker.check(sent, channel) for sent, channel in batch]
    assert checker.check_many(batch) == alone
    assert _checker().check_many(batch) == alone  # and from a fresh checker, caches cold


def test_a_failing_rule_fails_on_each_message_of_the_batch_alone() -> None:
    """A rule that raises leaves a finding on each message it ran on; the others still run."""
    checker = _checker()
    batch: list[tuple[Message, Channel | None]] = [
        (message("x-aj", "Hola!! Bon dia", "a"), None),
        (message("x-esp", "Res a dir", "b"), None),
    ]
    first, second = checker.check_many(batch)
    watched = ("rule-failed", "shout")
    assert sorted(f.rule for f in first.findings if f.rule in watched) == ["rule-failed", "shout"]
    assert [f.rule for f in second.findings if f.rule in watched] == ["rule-failed"]
    assert all("crash" in f.message.en for f in second.findings if f.rule == "rule-failed")
    assert first.id == "a" and second.id == "b"


def test_an_empty_batch_checks_nothing() -> None:
    """No messages, no results."""
    assert _checker().check_many([]) == []


def test_messages_of_other_days_keep_their_own_day() -> None:
    """The day each rule reads is the message's own, wherever it sits in the batch."""
    seen: list[tuple[str, str]] = []

    def note(context: object) -> list[object]:
        seen.append((context.message.id, context.day.isoformat()))  # type: ignore[attr-defined]
        return []

    noting = attrs.evolve(SHOUT, id="note", check=note)
    checker = Checker({"note": noting}, PluginHost(entry_points=False).channels(), snapshot())
    late = attrs.evolve(
        message("x-aj", "Bona nit", "late"), published_at=datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    )
    checker.check_many([(message("x-aj", "Bon dia", "early"), None), (late, None)])
    assert seen == [("early", "2026-11-20"), ("late", "2026-11-21")]  # Madrid is UTC+1


def test_two_failing_rules_leave_their_findings_in_the_lineup_order() -> None:
    """Two ``rule-failed`` findings of one message come in the rules' order, whatever the batch."""
    second_crash = attrs.evolve(CRASH, id="crash-again")
    channels = PluginHost(entry_points=False).channels()
    for rules in ((CRASH, second_crash), (second_crash, CRASH)):
        checker = Checker({rule.id: rule for rule in rules}, channels, snapshot())
        expected = [rule.id for rule in rules]
        alone = message("x-aj", "Bon dia", "a")
        others = [(message(p, "Hola", f"o{i}"), None) for i, p in enumerate(_PROFILES)]
        for batch in ([(alone, None)], [*others, (alone, None)], [(alone, None), *others]):
            result = next(r for r in checker.check_many(batch) if r.id == "a")
            # "rule 'crash' failed on this message: …"
            failed = [
                f.message.en.split("'")[1] for f in result.findings if f.rule == "rule-failed"
            ]
            assert failed == expected
