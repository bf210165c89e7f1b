"""The policy engine: which rules apply to a message, configured how, and what they find.

The :class:`Checker` runs the message rules (their :class:`~govsm.spec.Subject` is ``message``)
only; a profile rule is configured with the same :func:`resolve` by whatever checks profiles
(the built-in ``style-manual`` step of ``govsm audit``).

Configuration is resolved from least to most specific — the rule's defaults, then the policy's
entries for the organisation, a channel, the profile's unit, the profile (an entry that also names
a channel is more specific than one that does not) — so a unit can relax a rule the organisation
sets and a profile can tighten it again. Findings carry the policy version; a finding covered by
a :class:`~govsm.model.Waiver` is kept, marked with who waived it and why, and stops blocking.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from govsm.model import (
    Bilingual,
    Channel,
    Finding,
    Message,
    OrganisationSnapshot,
    Policy,
    Profile,
    RuleConfig,
    ScopeKind,
    Severity,
    TextRules,
)
from govsm.model.policy import ParamValue
from govsm.rules.authorship import authorship
from govsm.spec.authorship import Authorship
from govsm.spec.measurement import Measurement
from govsm.spec.rule import Rule, Scope, Subject, Text
from govsm.spec.rule_context import RuleContext
from govsm.text import measure

#: how text with no known network is measured: code points, generic entities, no limit
PLAIN_TEXT = Channel(id="text", name="Plain text", text_rules=TextRules(entity_syntax="generic"))


@frozen
class EffectiveRule:
    """A rule as the policy configures it in one place."""

    rule: Rule
    enabled: bool
    severity: Severity
    params: Mapping[str, ParamValue]


@frozen
class CheckResult:
    """What checking one message found.

    :param id: the message's id.
    :param network: its channel's id, if known.
    :param measurement: the author's own words (:attr:`Authorship.own
        <govsm.spec.authorship.Authorship.own>`) measured as the channel counts them (as plain
        text when the channel is unknown).
    :param findings: the findings, ordered by position in the text, then rule.
    :param authorship: what the message is (kind, draft or published, the author's own words);
        ``None`` only in results built by hand.
    """

    id: str
    network: str | None
    measurement: Measurement
    findings: tuple[Finding, ...]
    authorship: Authorship | None = None

    @property
    def blocking(self) -> bool:
        """Whether an unwaived error was found."""
        return any(f.blocking for f in self.findings)


def _own_message(message: Message, found: Authorship) -> Message:
    """``message`` with only the author's own words as its text (itself when they are all)."""
    own = found.own
    if own.start == 0 and own.end == len(message.text):
        return message
    return attrs.evolve(
        message, text=message.text[own.start : own.end], counted_range=None, appended_links=()
    )


def _shifted(finding: Finding, offset: int) -> Finding:
    """A finding on the author's own words, placed on the whole text."""
    if finding.span is None:
        return finding
    span = finding.span
    return attrs.evolve(
        finding, span=attrs.evolve(span, start=span.start + offset, end=span.end + offset)
    )


def _specificity(config: RuleConfig) -> int:
    rank = {ScopeKind.ORGANISATION: 0, ScopeKind.UNIT: 2, ScopeKind.PROFILE: 4}[config.scope]
    return rank + (1 if config.channel is not None else 0)


def _applies(config: RuleConfig, profile: Profile | None, channel: str | None) -> bool:
    if config.channel is not None and config.channel != channel:
        return False
    if config.scope is ScopeKind.UNIT:
        return profile is not None and profile.unit == config.target
    if config.scope is ScopeKind.PROFILE:
        return profile is not None and profile.id == config.target
    return True


def resolve(
    rule: Rule, policy: Policy | None, profile: Profile | None, channel: str | None
) -> EffectiveRule:
    """Configure ``rule`` for ``profile`` on ``channel`` under ``policy``.

    :param rule: the rule, of either subject.
    :param policy: the organisation's policy; ``None`` leaves the rule's defaults.
    :param profile: the profile the message is from, or the profile being checked.
    :param channel: the network's id.
    :returns: whether the rule runs there, with which severity and parameters.
    """
    enabled = rule.enabled_by_default
    severity = rule.default_severity
    params: dict[str, ParamValue] = dict(rule.params)
    if policy is not None:
        configs = [c for c in policy.rules if c.id == rule.id and _applies(c, profile, channel)]
        for config in sorted(configs, key=_specificity):
            enabled = config.enabled
            if config.severity is not None:
                severity = config.severity
            params.update(config.params)
    return EffectiveRule(rule=rule, enabled=enabled, severity=severity, params=params)


def _failed(rule: Rule, context: RuleContext, exc: Exception) -> Finding:
    """The finding that says ``rule`` raised ``exc`` on the context's message."""
    return Finding(
        rule="rule-failed",
        severity=Severity.WARNING,
        message=Bilingual(
            es=f"la regla «{rule.id}» falló con este mensaje: {type(exc).__name__}: {exc}",
            en=f"rule '{rule.id}' failed on this message: {type(exc).__name__}: {exc}",
        ),
        subject=f"message:{context.message.id}",
    )


#: a row per rule of a lineup: the rule, the index of its scope, whether it reads the whole
#: text, whether it judges only messages with attachments, its parameters and its severity
_Rows = tuple[tuple[Rule, int, bool, bool, Mapping[str, ParamValue], Severity], ...]
#: :meth:`Checker._lineup`'s answer: the distinct scopes, then the rows (kept, so the same object
#: for every message of a profile and channel)
_Lineup = tuple[tuple[Scope, ...], _Rows]


class _Plan:
    """One message being checked: what its rules read, and what they found."""

    __slots__ = (
        "admitted",
        "channel",
        "day",
        "findings",
        "found",
        "measurement",
        "message",
        "own",
        "profile",
        "whole_measurement",
        "with_media",
    )

    def __init__(
        self,
        message: Message,
        own: Message,
        channel: Channel | None,
        profile: Profile | None,
        measurement: Measurement,
        day: date,
        found: Authorship,
        admitted: list[bool],
    ) -> None:
        self.message = message
        #: the author's own words (``message`` itself when they are all of it)
        self.own = own
        self.channel = channel
        self.profile = profile
        self.measurement = measurement
        #: the whole text measured, once a rule that reads it asks (the same when ``own`` is all)
        self.whole_measurement: Measurement | None = measurement if own is message else None
        self.day = day
        self.found = found
        #: whether each of the lineup's scopes admits the message
        self.admitted = admitted
        self.with_media = bool(message.media)
        self.findings: list[Finding] = []


class Checker:
    """Checks messages against the installed rules as the organisation's policy configures them.

    Only message rules run; profile rules (:class:`~govsm.spec.Subject` ``profile``) are skipped,
    whatever the policy says.

    :param rules: the rules, by id (``PluginHost.rules()``), of either subject.
    :param channels: the channels, by id (``PluginHost.channels()``).
    :param snapshot: the organisation, when checking a workspace's messages; ``None`` for loose
        text (rules then run with their defaults).
    :param root: the workspace folder, for rules that read media files.
    :param profile_channels: a profile's own channel, by profile id, where its server declared
        other limits than the catalogue's (a Mastodon instance's characters per post:
        :func:`govsm.syncing.limits.profile_channels`); its messages are measured against it.
    """

    def __init__(
        self,
        rules: Mapping[str, Rule],
        channels: Mapping[str, Channel],
        snapshot: OrganisationSnapshot | None = None,
        root: Path | None = None,
        profile_channels: Mapping[str, Channel] | None = None,
    ) -> None:
        self.root = root
        self.rules = dict(rules)
        self.channels = dict(channels)
        self.profile_channels = dict(profile_channels or {})
        self.snapshot = snapshot
        self.policy = snapshot.policy if snapshot else None
        self._profiles = {p.id: p for p in snapshot.profiles} if snapshot else {}
        zone = snapshot.organisation.timezone if snapshot else "UTC"
        self._zone = zoneinfo.ZoneInfo(zone)
        self._resolved: dict[tuple[str | None, str | None], list[EffectiveRule]] = {}
        self._lineups: dict[tuple[str | None, str | None], _Lineup] = {}
        self._last_day: tuple[datetime, date] | None = None

    def profile(self, profile_id: str) -> Profile | None:
        """The workspace's profile with this id, if any."""
        return self._profiles.get(profile_id)

    def effective_rules(self, profile: Profile | None, channel: str | None) -> list[EffectiveRule]:
        """The enabled message rules for a message of ``profile`` on ``channel``, configured."""
        key = (profile.id if profile else None, channel)
        if key not in self._resolved:
            resolved = [
                resolve(rule, self.policy, profile, channel)
                for rule in self.rules.values()
                if rule.subject is Subject.MESSAGE
            ]
            self._resolved[key] = [r for r in resolved if r.enabled]
        return self._resolved[key]

    def _lineup(self, profile: Profile | None, channel: str | None) -> _Lineup:
        """The enabled rules for ``profile`` on ``channel``, laid out for :meth:`_plan`.

        The distinct scopes (kinds and stages) the rules declare, asked once per message; then
        each rule with the index of its scope, whether it reads the whole text, whether it
        judges only messages with attachments, and its parameters and severity.
        """
        key = (profile.id if profile else None, channel)
        lineup = self._lineups.get(key)
        if lineup is None:
            scopes: list[Scope] = []
            rows: list[tuple[Rule, int, bool, bool, Mapping[str, ParamValue], Severity]] = []
            for effective in self.effective_rules(profile, channel):
                rule = effective.rule
                scope = rule.scope
                which = next(
                    (
                        index
                        for index, seen in enumerate(scopes)
                        if seen.kinds == scope.kinds and seen.stages == scope.stages
                    ),
                    len(scopes),
                )
                if which == len(scopes):
                    scopes.append(scope)
                whole = scope.text is Text.WHOLE
                rows.append((rule, which, whole, scope.media, effective.params, effective.severity))
            lineup = self._lineups[key] = (tuple(scopes), tuple(rows))
        return lineup

    def _day(self, message: Message) -> date:
        moment = message.published_at or message.scheduled_at or message.created_at
        last = self._last_day
        if last is not None and last[0] == moment:
            return last[1]  # drafts read at once share their moment: the time zone is slow
        day = moment.astimezone(self._zone).date()
        self._last_day = (moment, day)
        return day

    def check(self, message: Message, channel: Channel | None = None) -> CheckResult:
        """Check one message.

        Each rule runs only if its :class:`~govsm.spec.rule.Scope` admits the message (a
        repost's words are someone else's), on the text its scope asks for; the spans of its
        findings are then placed on the whole text.

        :param channel: its network; by default the channel of the message's profile, with the
            limits its server declared (``profile_channels``) where it declared any.
        """
        return self.check_many([(message, channel)])[0]

    def check_many(self, messages: Sequence[tuple[Message, Channel | None]]) -> list[CheckResult]:
        """Check several messages: what :meth:`check` gives for each, in the same order.

        The messages are grouped by the profile and channel that configure their rules, and
        the rules take turns over each group — the first rule reads every message of it, then
        the next — rather than all of them reading one message before the next message: a
        rule's compiled patterns, word tables and language models then stay in the processor's
        caches while it works (on 128 generated posts, about a fifth less time in the rules).
        Each result is the one :meth:`check` returns: a message's findings are ordered by
        position and rule whatever the order the rules ran in (two findings at the same place
        from rules of the same id, as ``rule-failed``, come in the order of the rules' lineup).

        :param messages: each message with its network (``None``: as :meth:`check` chooses).
        """
        plans: list[_Plan] = []
        #: the messages of each lineup (each profile and channel), with the lineup's rules
        groups: dict[int, tuple[_Rows, list[_Plan]]] = {}
        for message, channel in messages:
            rows, plan = self._plan(message, channel)
            plans.append(plan)
            entry = groups.get(id(rows))
            if entry is None:
                groups[id(rows)] = (rows, [plan])
            else:
                entry[1].append(plan)
        snapshot, root = self.snapshot, self.root
        for rows, group in groups.values():
            for rule, which, whole, media_only, params, severity in rows:
                check, sensitive = rule.check, rule.sensitive
                for plan in group:  # inline: this runs once per message and rule
                    if not plan.admitted[which] or (media_only and not plan.with_media):
                        continue
                    if whole:
                        judged, offset = plan.message, 0
                        measured = plan.whole_measurement
                        if measured is None:
                            measured = self._whole(plan)
                    else:
                        judged, offset, measured = plan.own, plan.found.own.start, plan.measurement
                    # positional: keywords cost more
                    context = RuleContext(
                        judged,
                        plan.channel,
                        plan.profile,
                        snapshot,
                        measured,
                        params,
                        severity,
                        plan.day,
                        root,
                        plan.found,
                    )
                    try:
                        results = list(check(context))
                    except Exception as exc:  # a rule's bug must not stop the other rules
                        results = [_failed(rule, context, exc)]
                    if not results:
                        continue
                    if offset:
                        results = [_shifted(f, offset) for f in results]
                    if sensitive:
                        results = [attrs.evolve(f, redact=True) for f in results]
                    plan.findings.extend(results)
        return [self._result(plan) for plan in plans]

    def _plan(self, message: Message, channel: Channel | None) -> tuple[_Rows, _Plan]:
        """What checking ``message`` takes, and the rules of its lineup."""
        profile = self.profile(message.profile)
        if channel is None and profile is not None:
            channel = self.profile_channels.get(profile.id) or self.channels.get(profile.channel)
        found = authorship(message, channel)
        own = _own_message(message, found)
        measurement = measure(
            own.text, channel or PLAIN_TEXT, content_warning=message.content_warning
        )
        scopes, rows = self._lineup(profile, channel.id if channel else None)
        admitted = [scope.admits(found) for scope in scopes]
        day = self._day(message)
        return rows, _Plan(message, own, channel, profile, measurement, day, found, admitted)

    def _whole(self, plan: _Plan) -> Measurement:
        """The whole text of a plan's message measured (its own words were measured first)."""
        message = plan.message
        plan.whole_measurement = measure(
            message.text, plan.channel or PLAIN_TEXT, content_warning=message.content_warning
        )
        return plan.whole_measurement

    def _result(self, plan: _Plan) -> CheckResult:
        """The result of a plan whose rules ran."""
        findings = plan.findings
        findings.sort(key=lambda f: (f.span.start if f.span else -1, f.rule))
        message, profile, day = plan.message, plan.profile, plan.day
        channel = plan.channel
        return CheckResult(
            id=message.id,
            network=channel.id if channel else None,
            measurement=plan.measurement,
            findings=tuple(self._finish(f, message, profile, day) for f in findings),
            authorship=plan.found,
        )

    def check_all(self, messages: Iterable[Message]) -> Iterable[CheckResult]:
        """Check messages one at a time, as they come (memory does not grow with their number)."""
        for message in messages:
            yield self.check(message)

    def _finish(
        self, finding: Finding, message: Message, profile: Profile | None, day: date
    ) -> Finding:
        changes: dict[str, Any] = {}
        if self.policy is not None and finding.policy_version is None:
            changes["policy_version"] = self.policy.version
        if finding.subject is None:
            changes["subject"] = f"message:{message.id}"
        if self.policy is not None:
            for waiver in self.policy.waivers:
                if waiver.covers(finding.rule, message.id, profile.id if profile else None, day):
                    changes["waived_by"] = waiver.person
                    changes["waiver_reason"] = waiver.reason
                    break
        return attrs.evolve(finding, **changes) if changes else finding
