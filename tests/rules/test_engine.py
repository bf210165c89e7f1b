"""The policy engine: configuration by specificity, waivers, policy versions, isolation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import attrs
import pytest

from govsm.model import (
    Bilingual,
    Direction,
    Finding,
    Message,
    MessageKind,
    MessageState,
    Organisation,
    OrganisationKind,
    OrganisationSnapshot,
    Person,
    Policy,
    Profile,
    RuleConfig,
    ScopeKind,
    Severity,
    Span,
    Unit,
    Waiver,
)
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker, resolve
from govsm.spec import Rule, RuleContext, Subject


def shout(context: RuleContext) -> Iterator[Finding]:
    marker = str(context.params["marker"])
    start = context.message.text.find(marker)
    if start >= 0:
        yield Finding(
            rule="shout",
            severity=context.severity,
            message=Bilingual(es="grita", en="shouts"),
            span=Span(start, start + len(marker)),
        )


SHOUT = Rule(
    id="shout",
    title=Bilingual(es="Gritos", en="Shouting"),
    default_severity=Severity.WARNING,
    check=shout,
    params={"marker": "!!"},
)


def crash(context: RuleContext) -> Iterator[Finding]:
    raise RuntimeError("bug in a rule")
    yield  # pragma: no cover


CRASH = Rule(
    id="crash", title=Bilingual(es="c", en="c"), default_severity=Severity.ERROR, check=crash
)


def snapshot(*configs: RuleConfig, waivers: tuple[Waiver, ...] = ()) -> OrganisationSnapshot:
    org = Organisation(
        id="o",
        name="Ajuntament",
        kind=OrganisationKind.AYUNTAMIENTO,
        languages=("ca", "es"),
        timezone="Europe/Madrid",
    )
    return OrganisationSnapshot(
        organisation=org,
        units=(
            Unit(organisation="o", id="com", name="Comunicació"),
            Unit(organisation="o", id="esp", name="Esports"),
        ),
        people=(Person(organisation="o", id="marta", name="Marta"),),
        profiles=(
            Profile(organisation="o", id="x-aj", channel="x", handle="@aj", unit="com"),
            Profile(organisation="o", id="x-esp", channel="x", handle="@esp", unit="esp"),
            Profile(
                organisation="o", id="ma-esp", channel="mastodon", handle="@e@m.example", unit="esp"
            ),
        ),
        policy=Policy(
            organisation="o",
            version="2026.2",
            coordinating_unit="com",
            rules=configs,
            waivers=waivers,
        ),
    )


def message(profile: str, text: str, mid: str = "m1") -> Message:
    moment = datetime(2026, 11, 20, 10, tzinfo=UTC)
    return Message(
        organisation="o",
        id=mid,
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.PUBLISHED,
        text=text,
        created_at=moment,
        published_at=moment,
    )


def checker(snap: OrganisationSnapshot, *rules: Rule) -> Checker:
    return Checker({r.id: r for r in rules}, PluginHost(entry_points=False).channels(), snap)


class TestResolve:
    def test_defaults_without_policy(self) -> None:
        """With no policy, a rule runs with its own severity and parameters."""
        effective = resolve(SHOUT, None, None, None)
        assert (effective.enabled, effective.severity, dict(effective.params)) == (
            True,
            Severity.WARNING,
            {"marker": "!!"},
        )

    def test_specificity_order(self) -> None:
        """Organisation < channel < unit < profile: the most specific entry wins, params merge."""
        snap = snapshot(
            RuleConfig(id="shout", severity=Severity.INFO, params={"marker": "!!!"}),
            RuleConfig(id="shout", channel="x", severity=Severity.ERROR),
            RuleConfig(id="shout", scope=ScopeKind.UNIT, target="esp", enabled=False),
            RuleConfig(id="shout", scope=ScopeKind.PROFILE, target="x-esp", enabled=True),
        )
        policy = snap.policy
        profiles = {p.id: p for p in snap.profiles}
        on_aj = resolve(SHOUT, policy, profiles["x-aj"], "x")
        assert (on_aj.enabled, on_aj.severity, on_aj.params["marker"]) == (
            True,
            Severity.ERROR,
            "!!!",
        )
        assert resolve(SHOUT, policy, profiles["ma-esp"], "mastodon").enabled is False
        on_x_esp = resolve(SHOUT, policy, profiles["x-esp"], "x")
        assert on_x_esp.enabled is True
        assert on_x_esp.severity is Severity.ERROR

    def test_disabled_by_default_rule_enabled_by_policy(self) -> None:
        """A rule off by default runs where the policy turns it on."""
        quiet = attrs.evolve(SHOUT, enabled_by_default=False)
        snap = snapshot(RuleConfig(id="shout", scope=ScopeKind.PROFILE, target="x-aj"))
        profiles = {p.id: p for p in snap.profiles}
        assert resolve(quiet, snap.policy, profiles["x-aj"], "x").enabled
        assert not resolve(quiet, snap.policy, profiles["x-esp"], "x").enabled


class TestSubject:
    def test_rules_judge_messages_by_default(self) -> None:
        """A rule that does not say what it judges is a message rule."""
        assert SHOUT.subject is Subject.MESSAGE

    def test_profile_rule_never_runs_on_a_message(self) -> None:
        """The checker skips a profile rule, even one the policy turns on; message rules run."""
        calls: list[str] = []

        def spy(context: RuleContext) -> Iterator[Finding]:
            calls.append(context.message.id)
            yield from shout(context)

        on_profiles = attrs.evolve(SHOUT, id="shout-profile", check=spy, subject=Subject.PROFILE)
        snap = snapshot(RuleConfig(id="shout-profile", enabled=True))
        check = Checker({r.id: r for r in (SHOUT, on_profiles)}, {}, snap)
        result = check.check(message("x-aj", "Festa!!"))
        assert [f.rule for f in result.findings] == ["shout"]
        assert calls == []
        profile = check.profile("x-aj")
        assert [e.rule.id for e in check.effective_rules(profile, "x")] == ["shout"]

    def test_profile_rule_is_configured_like_any_rule(self) -> None:
        """resolve() configures a profile rule by scope, for whatever checks profiles."""
        on_profiles = attrs.evolve(SHOUT, subject=Subject.PROFILE)
        snap = snapshot(
            RuleConfig(id="shout", scope=ScopeKind.UNIT, target="esp", enabled=False),
            RuleConfig(id="shout", scope=ScopeKind.PROFILE, target="x-aj", params={"marker": "?"}),
        )
        profiles = {p.id: p for p in snap.profiles}
        assert resolve(on_profiles, snap.policy, profiles["x-aj"], "x").params["marker"] == "?"
        assert not resolve(on_profiles, snap.policy, profiles["x-esp"], "x").enabled


class TestChecker:
    def test_finding_names_the_policy_version_and_message(self) -> None:
        """Findings carry the policy version and the message as subject."""
        result = checker(snapshot(), SHOUT).check(message("x-aj", "Festa!!"))
        (finding,) = result.findings
        assert finding.policy_version == "2026.2"
        assert finding.subject == "message:m1"
        assert finding.span == Span(5, 7)
        assert result.network == "x"
        assert result.measurement.limit == 280

    def test_waiver_is_recorded_and_stops_blocking(self) -> None:
        """A waiver keeps the finding, says who and why, and it no longer blocks."""
        waiver = Waiver(
            rule="shout",
            person="marta",
            reason="Campanya de Falles",
            granted_on=date(2026, 11, 1),
            profile="x-aj",
        )
        strict = RuleConfig(id="shout", severity=Severity.ERROR)
        check = checker(snapshot(strict, waivers=(waiver,)), SHOUT)
        waived = check.check(message("x-aj", "Festa!!")).findings[0]
        assert (waived.waived_by, waived.waiver_reason, waived.blocking) == (
            "marta",
            "Campanya de Falles",
            False,
        )
        other = check.check(message("x-esp", "Festa!!")).findings[0]
        assert other.waived_by is None and other.blocking

    def test_waiver_dates(self) -> None:
        """A waiver applies from the day granted to the day it expires, inclusive."""
        waiver = Waiver(
            rule="shout",
            person="marta",
            reason="r",
            granted_on=date(2026, 11, 1),
            expires_on=date(2026, 11, 19),
            message="m1",
        )
        assert not waiver.covers("shout", "m1", "x-aj", date(2026, 11, 20))
        assert waiver.covers("shout", "m1", "x-aj", date(2026, 11, 19))
        assert not waiver.covers("shout", "m1", "x-aj", date(2026, 10, 31))
        assert not waiver.covers("shout", "m2", "x-aj", date(2026, 11, 10))

    def test_waiver_needs_a_scope(self) -> None:
        """A waiver for everything is not a waiver: it must name a message or a profile."""
        with pytest.raises(ValueError, match="limited to a message or a profile"):
            Waiver(rule="shout", person="marta", reason="r", granted_on=date(2026, 1, 1))

    def test_crashing_rule_is_isolated(self) -> None:
        """A rule that raises becomes a rule-failed warning; the other rules still run."""
        result = checker(snapshot(), SHOUT, CRASH).check(message("x-aj", "Ara!!"))
        rules = sorted(f.rule for f in result.findings)
        assert rules == ["rule-failed", "shout"]
        failed = next(f for f in result.findings if f.rule == "rule-failed")
        assert "bug in a rule" in failed.message.en

    def test_unknown_profile_is_measured_as_plain_text(self) -> None:
        """Loose text with no channel gets a code-point measurement and no limit."""
        result = Checker({"shout": SHOUT}, {}, None).check(message("nobody", "Hola!!"))
        assert result.network is None
        assert (result.measurement.length, result.measurement.limit) == (6, None)


class TestLengthRule:
    def test_span_starts_where_the_text_stops_fitting(self) -> None:
        """An X draft of 300 Latin letters is flagged from character 280; published, it was a
        long post (X Premium): information, marking what timelines cut."""
        host = PluginHost(entry_points=False)
        checker = Checker({"length": host.rules()["length"]}, host.channels(), None)
        published = message("p", "a" * 300)
        draft = attrs.evolve(published, state=MessageState.DRAFT, published_at=None)
        (finding,) = checker.check(draft, host.channels()["x"]).findings
        assert finding.span == Span(280, 300)
        assert finding.severity is Severity.ERROR
        assert "20 too many" in finding.message.en
        assert published.state is MessageState.PUBLISHED
        (long_post,) = checker.check(published, host.channels()["x"]).findings
        assert long_post.span == Span(280, 300)
        assert long_post.severity is Severity.INFO
        assert long_post.message.en.startswith("long post: it measures 300")

    def test_bluesky_byte_limit(self) -> None:
        """Bluesky: 300 graphemes may still exceed 3,000 UTF-8 bytes (long ZWJ sequences)."""
        host = PluginHost(entry_points=False)
        family = "👨\u200d👩\u200d👧\u200d👦"  # 1 grapheme, 25 bytes
        result = Checker({"length": host.rules()["length"]}, host.channels(), None).check(
            message("p", family * 150), host.channels()["bluesky"]
        )
        assert result.measurement.graphemes == 150
        assert [f.message.en.split(" and ")[0] for f in result.findings] == [
            "the text takes 3750 UTF-8 bytes"
        ]


def test_refused_character_is_a_length_finding() -> None:
    """A byte-order mark pasted into an X post is flagged where it is."""
    host = PluginHost(entry_points=False)
    result = Checker({"length": host.rules()["length"]}, host.channels(), None).check(
        message("p", "Avís\ufeff important"), host.channels()["x"]
    )
    (finding,) = result.findings
    assert finding.span == Span(4, 5)
    assert "U+FEFF" in finding.message.en
