"""The style rules: the signature on messages, the profile checks and the style-manual step.

The signature's cases (cases/style.toml, ``[[case]]``) run in test_cases.py; the profile
checks' (``[[profile]]``) here.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from govsm.builtin.rules.profile_rules import PROFILE_RULES, check_profile
from govsm.builtin.rules.signature import SIGNATURE, initials
from govsm.builtin.rules.style_manual import run_style_manual
from govsm.model import (
    Direction,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
    Profile,
    RuleConfig,
    ScopeKind,
    Severity,
    Waiver,
)
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.spec import Subject
from govsm.spec.audit import AuditContext
from govsm.testing import strategies
from govsm.testing.rule_cases import RuleCase, make_file
from govsm.workspace import Workspace
from tests.paths import EXAMPLE

CASES_FILE = Path(__file__).parent / "cases" / "style.toml"
PROFILE_CASES = [
    RuleCase(str(data["name"]), data)
    for data in tomllib.loads(CASES_FILE.read_text(encoding="utf-8"))["profile"]
]
TODAY = date(2026, 11, 20)


# --- signature ------------------------------------------------------------------------------


def test_signature_is_off_unless_the_policy_enables_it(govsm_host: PluginHost) -> None:
    message = _reply("Hola! Sí, el mercat torna dijous.", "marta-soler")
    assert not Checker({"signature": SIGNATURE}, govsm_host.channels()).check(message).findings


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Marta Soler Gil", "MS"),
        ("Joaquim Bernat Alemany", "JB"),
        ("María de la Cruz Pérez", "MC"),
        ("Àngels Puig i Ferrer", "AP"),
        ("Josep-Lluís Úbeda", "JL"),
        ("Ane Etxeberria", "AE"),
        ("Xoán", "X"),
    ],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_initials_words() -> None:
    assert initials("Marta Soler Gil", 3) == "MSG"


def _reply(text: str, author: str | None, profile: str = "x-ajuntament") -> Message:
    moment = datetime(2026, 11, 20, 10, tzinfo=UTC)
    return Message(
        organisation="ajuntament-soldeneu",
        id="reply-1",
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.REPLY,
        state=MessageState.PUBLISHED,
        text=text,
        reply_to="x-ajuntament-0061",
        author=author,
        created_at=moment,
        published_at=moment,
    )


@pytest.fixture
def signing_checker(govsm_host: PluginHost, snapshot: OrganisationSnapshot) -> Checker:
    """The example council, with replies on x-ajuntament signed ^XX (a profile-scoped rule)."""
    assert snapshot.policy is not None
    policy = attrs.evolve(
        snapshot.policy,
        rules=(
            *snapshot.policy.rules,
            RuleConfig(
                id="signature",
                scope=ScopeKind.PROFILE,
                target="x-ajuntament",
                severity=Severity.INFO,
            ),
        ),
    )
    rules = {"signature": govsm_host.rules()["signature"]}
    return Checker(rules, govsm_host.channels(), attrs.evolve(snapshot, policy=policy))


def test_signature_with_the_authors_initials(signing_checker: Checker) -> None:
    text = "Hola! Sí, el mercat torna dijous al carrer Major."
    good = signing_checker.check(_reply(f"{text} ^MS", "marta-soler"))
    assert not good.findings
    wrong = signing_checker.check(_reply(f"{text} ^PR", "marta-soler"))
    (finding,) = wrong.findings
    assert finding.severity is Severity.INFO
    assert finding.span is not None and (finding.span.start, finding.span.end) == (
        len(text) + 1,
        len(text) + 4,
    )
    assert finding.message.en == "signed '^PR', but Marta Soler Gil wrote it and signs '^MS'"
    missing = signing_checker.check(_reply(text, "laia-sendra"))
    assert "'^LS'" in missing.findings[0].message.en
    stranger = signing_checker.check(_reply(f"{text} ^QQ", "someone-else"))
    assert not stranger.findings  # not a person of the workspace: any initials


def test_signature_scope(signing_checker: Checker) -> None:
    other = _reply("Hola! Sí.", "marta-soler", profile="facebook-ajuntament")
    assert not signing_checker.check(other).findings  # the rule is x-ajuntament's only


@settings(  # govsm_host is only read: its examples may share it
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(text=strategies.texts, template=strategies.texts, name=strategies.nonempty_texts)
def test_signature_never_crashes(
    govsm_host: PluginHost, text: str, template: str, name: str
) -> None:
    assert isinstance(initials(name), str)
    rule = attrs.evolve(
        govsm_host.rules()["signature"],
        enabled_by_default=True,
        params={"template": template + "{initials}", "kinds": ["post"], "initials_words": 2},
    )
    message = attrs.evolve(_reply(text, None), kind=MessageKind.POST, reply_to=None)
    result = Checker({"signature": rule}, govsm_host.channels()).check(message)
    for finding in result.findings:
        assert finding.rule == "signature"
        assert finding.span is not None and finding.span.end <= len(text)


# --- profile checks -------------------------------------------------------------------------


def _profile(data: Mapping[str, object]) -> Profile:
    bio = data.get("bio")
    return Profile(
        organisation="cases",
        id="case-profile",
        channel=str(data["channel"]),
        handle=str(data["handle"]),
        unit="unit",
        bio=str(bio) * int(str(data.get("repeat", 1))) if bio is not None else None,
    )


@pytest.mark.parametrize("case", PROFILE_CASES, ids=[c.name for c in PROFILE_CASES])
def test_profile_case(case: RuleCase, govsm_host: PluginHost, tmp_path: Path) -> None:
    data = case.data
    for spec in data.get("files", []):
        make_file(tmp_path, spec)
    profile = _profile(data)
    channel = govsm_host.channels()[str(data["channel"])]
    findings = check_profile(profile, channel, {case.rule: data.get("params", {})}, root=tmp_path)
    assert len(findings) == data["count"], [f.message.en for f in findings]
    for finding in findings:
        assert finding.rule == case.rule
        assert finding.subject == "profile:case-profile" and finding.span is None
        assert finding.message.es and finding.suggestion is not None
        if "contains" in data:
            assert data["contains"] in finding.message.en, finding.message.en
        if "severity" in data:
            assert finding.severity.value == data["severity"]


def test_profile_cases_cover_every_check_both_ways() -> None:
    ids = {rule.id for rule in PROFILE_RULES}
    assert {c.rule for c in PROFILE_CASES if c.data["count"] > 0} == ids
    assert {c.rule for c in PROFILE_CASES if c.data["count"] == 0} == ids


def test_check_profile_defaults(govsm_host: PluginHost) -> None:
    profile = _profile({"channel": "x", "handle": "@AjuntamentDeSoldeneu", "bio": "x" * 161})
    findings = check_profile(profile, govsm_host.channels()["x"])
    assert sorted(f.rule for f in findings) == ["bio-length", "handle-pattern"]
    assert all(f.severity is Severity.WARNING for f in findings)
    assert check_profile(profile, None) == []  # no network: no limits to compare with
    only = check_profile(
        profile,
        govsm_host.channels()["x"],
        {"bio-length": {}},
        severities={"bio-length": Severity.ERROR},
    )
    assert [(f.rule, f.severity) for f in only] == [("bio-length", Severity.ERROR)]


def test_rules_are_registered_and_documented(govsm_host: PluginHost) -> None:
    rules = govsm_host.rules()
    for rule in (SIGNATURE, *PROFILE_RULES):
        assert rules[rule.id] is rule
        assert rule.family == "style" and rule.explanation and rule.reference
    assert not SIGNATURE.enabled_by_default
    assert SIGNATURE.subject is Subject.MESSAGE
    # the profile checks declare their subject: the message checker skips them, the audit
    # step runs them unless the policy switches them off
    assert all(rule.subject is Subject.PROFILE for rule in PROFILE_RULES)
    assert all(rule.enabled_by_default for rule in PROFILE_RULES)
    steps = {step.name: step for step in govsm_host.audit_steps()}
    assert steps["style-manual"].order == 320


def test_profile_rules_never_run_on_messages(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    """Even switched on by the policy, the message checker does not run the profile checks."""
    assert snapshot.policy is not None
    policy = attrs.evolve(
        snapshot.policy,
        rules=(
            *snapshot.policy.rules,
            *(RuleConfig(id=rule.id, enabled=True) for rule in PROFILE_RULES),
        ),
    )
    checker = Checker(
        govsm_host.rules(), govsm_host.channels(), attrs.evolve(snapshot, policy=policy)
    )
    profile = checker.profile("x-ajuntament")
    assert profile is not None
    running = {e.rule.id for e in checker.effective_rules(profile, "x")}
    assert running and not running & {rule.id for rule in PROFILE_RULES}


# --- the audit step on the example council --------------------------------------------------


def _workspace(
    policy_rules: tuple[RuleConfig, ...] = (), waivers: tuple[Waiver, ...] = ()
) -> Workspace:
    workspace = Workspace.open(EXAMPLE)
    policy = workspace.snapshot.policy
    assert policy is not None
    policy = attrs.evolve(
        policy, rules=(*policy.rules, *policy_rules), waivers=(*policy.waivers, *waivers)
    )
    return Workspace(
        attrs.evolve(workspace.snapshot, policy=policy), workspace.host, config=workspace.config
    )


def test_step_on_the_example_as_it_is() -> None:
    result = run_style_manual(AuditContext(workspace=_workspace(), today=TODAY))
    assert result.name == "style-manual"
    assert result.summary["checked"] == 14
    assert result.summary["skipped"] == ["googleplus-ajuntament", "tuenti-esports"]
    assert result.findings == ()  # the council's handles and bios fit their networks
    assert len(result.summary["images_not_declared"]) == 14
    assert "14 profiles checked and 2 skipped" in result.lines[0].en


def test_step_applies_the_policy_by_scope() -> None:
    rules = (
        RuleConfig(id="handle-pattern", params={"pattern": "cat$"}),
        RuleConfig(
            id="handle-pattern", scope=ScopeKind.UNIT, target="policia-local", enabled=False
        ),
        RuleConfig(id="bio-length", enabled=False),
        RuleConfig(
            id="bio-length",
            scope=ScopeKind.PROFILE,
            target="x-ajuntament",
            severity=Severity.ERROR,
            params={"max_length": 100},
        ),
    )
    waiver = Waiver(
        rule="handle-pattern",
        person="marta-soler",
        reason="Nom històric",
        granted_on=date(2026, 1, 1),
        profile="blog-soldeneu",
    )
    result = run_style_manual(AuditContext(workspace=_workspace(rules, (waiver,)), today=TODAY))
    by_rule: dict[str, list[str]] = {}
    for finding in result.findings:
        if finding.waived_by is None:
            by_rule.setdefault(finding.rule, []).append(str(finding.subject))
    assert len(by_rule["handle-pattern"]) == 12  # 14 checked - x-policia - blog (waived)
    assert "profile:x-policia" not in by_rule["handle-pattern"]
    assert by_rule["bio-length"] == ["profile:x-ajuntament"]
    bio = next(f for f in result.findings if f.rule == "bio-length")
    assert bio.severity is Severity.ERROR and bio.policy_version == "2026.1"
    waived = [f for f in result.findings if f.waived_by]
    assert [(f.subject, f.waived_by) for f in waived] == [("profile:blog-soldeneu", "marta-soler")]
    assert result.summary["waived"] == 1


def test_step_checks_declared_images(tmp_path: Path) -> None:
    workspace = _workspace(
        (RuleConfig(id="avatar-size", params={"file": "brand/{profile}/avatar.png"}),)
    )
    config = attrs.evolve(workspace.config, root=tmp_path) if workspace.config else None
    workspace = Workspace(workspace.snapshot, workspace.host, config=config)
    make_file(
        tmp_path,
        {"path": "brand/x-ajuntament/avatar.png", "format": "PNG", "width": 400, "height": 400},
    )
    make_file(
        tmp_path,
        {"path": "brand/x-policia/avatar.png", "format": "PNG", "width": 100, "height": 100},
    )
    result = run_style_manual(AuditContext(workspace=workspace, today=TODAY))
    subjects = sorted(str(f.subject) for f in result.findings)
    assert "profile:x-ajuntament" not in subjects
    assert "profile:x-policia" in subjects
    assert len(subjects) == 14 - 1  # the others' files are missing
    assert result.summary["images_not_declared"] == []
