"""Built-in audit step 320: every profile of the workspace against the style manual.

The ``style-manual`` step of ``govsm audit`` runs the profile rules of
:mod:`~govsm.builtin.rules.profile_rules` (``handle-pattern``, ``bio-length``, ``avatar-size``,
``header-size``) on each profile, configured by the policy as any rule is for that profile and
its network, and records the policy's waivers on their findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date

from attrs import evolve

from govsm.builtin.rules.profile_rules import PROFILE_RULES, check_profile
from govsm.model import (
    Bilingual,
    ChannelStatus,
    Finding,
    LifecycleState,
    Policy,
    Profile,
    Severity,
)
from govsm.model.policy import ParamValue
from govsm.rules.engine import resolve
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl

STEP_TITLE = Bilingual(es="Manual de estilo de los perfiles", en="Profiles' style manual")

#: profiles in these states are not checked: nothing can be changed on them any more
SKIPPED_STATES = frozenset({LifecycleState.ARCHIVED, LifecycleState.REJECTED})


def _waive(finding: Finding, policy: Policy | None, profile: Profile, today: date) -> Finding:
    if policy is None:
        return finding
    finding = evolve(finding, policy_version=policy.version)
    for waiver in policy.waivers:
        if waiver.message is None and waiver.covers(finding.rule, "", profile.id, today):
            return evolve(finding, waived_by=waiver.person, waiver_reason=waiver.reason)
    return finding


def run_style_manual(context: AuditContext) -> StepResult:
    """Check every profile of the workspace against the style manual."""
    workspace = context.workspace
    channels = workspace.channels()
    policy = workspace.policy
    root = workspace.root
    findings: list[Finding] = []
    checked = 0
    skipped: list[str] = []
    no_images: list[str] = []
    by_rule: Counter[str] = Counter()
    by_profile: Counter[str] = Counter()
    for profile in workspace.profiles:
        channel = channels.get(profile.channel)
        if profile.state in SKIPPED_STATES or (
            channel is not None and channel.status is ChannelStatus.CLOSED
        ):
            skipped.append(profile.id)
            continue
        checked += 1
        params: dict[str, Mapping[str, ParamValue]] = {}
        severities: dict[str, Severity] = {}
        for rule in PROFILE_RULES:
            effective = resolve(rule, policy, profile, profile.channel)
            if effective.enabled:
                params[rule.id] = effective.params
                severities[rule.id] = effective.severity
        if not any(params.get(r, {}).get("file") for r in ("avatar-size", "header-size")):
            no_images.append(profile.id)
        for finding in check_profile(profile, channel, params, severities=severities, root=root):
            finding = _waive(finding, policy, profile, context.today)
            findings.append(finding)
            if finding.waived_by is None:
                by_rule[finding.rule] += 1
                by_profile[profile.id] += 1
    active = [f for f in findings if f.waived_by is None]
    lines = [
        Bilingual(
            es=f"{checked} perfiles comprobados y {len(skipped)} omitidos (archivados o en "
            f"redes cerradas): {len(active)} hallazgos",
            en=f"{checked} profiles checked and {len(skipped)} skipped (archived or on closed "
            f"networks): {len(active)} findings",
        )
    ]
    for rule_id, count in by_rule.most_common():
        lines.append(Bilingual(es=f"  {rule_id}: {count}", en=f"  {rule_id}: {count}"))
    if no_images:
        lines.append(
            Bilingual(
                es=f"{len(no_images)} perfiles no declaran imagen de perfil ni de cabecera "
                "(parámetro file de avatar-size y header-size): no se han comprobado",
                en=f"{len(no_images)} profiles declare no avatar or header file "
                "(avatar-size and header-size's file parameter): not checked",
            )
        )
    return StepResult(
        name="style-manual",
        title=STEP_TITLE,
        summary={
            "checked": checked,
            "skipped": sorted(skipped),
            "findings": len(active),
            "waived": len(findings) - len(active),
            "by_rule": dict(sorted(by_rule.items())),
            "by_profile": dict(sorted(by_profile.items())),
            "images_not_declared": sorted(no_images),
        },
        lines=tuple(lines),
        findings=tuple(findings),
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the style-manual step of ``govsm audit``."""
    return [AuditStep(name="style-manual", order=320, title=STEP_TITLE, run=run_style_manual)]
