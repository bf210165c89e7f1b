"""Built-in audit step 200: the organisation and its units, read back from the store."""

from __future__ import annotations

from collections import Counter

from govsm.model import Bilingual
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl

TITLE = Bilingual(es="Organización y áreas", en="Organisation and units")


def run(context: AuditContext) -> StepResult:
    """Summarise the stored organisation: units with their profiles, people, roles."""
    snapshot = context.store.snapshot(context.organisation)
    org = snapshot.organisation
    profiles_per_unit = Counter(p.unit for p in snapshot.profiles)
    people_per_unit = Counter(p.unit for p in snapshot.people if p.left_on is None)
    roles = Counter(r.role.value for r in snapshot.roles)
    office_holders = [p for p in snapshot.people if p.is_office_holder]
    coordinating = snapshot.policy.coordinating_unit if snapshot.policy else None
    units = [
        {
            "id": unit.id,
            "name": unit.name,
            "coordinating": unit.id == coordinating,
            "people": people_per_unit.get(unit.id, 0),
            "profiles": profiles_per_unit.get(unit.id, 0),
        }
        for unit in sorted(snapshot.units, key=lambda u: u.id)
    ]
    lines = [
        Bilingual(
            es=f"{org.name} ({org.kind.value}), lenguas {', '.join(org.languages)}, zona "
            f"{org.timezone}",
            en=f"{org.name} ({org.kind.value}), languages {', '.join(org.languages)}, time zone "
            f"{org.timezone}",
        ),
        Bilingual(
            es=f"{len(units)} áreas, {len(snapshot.people)} personas ({len(office_holders)} "
            f"cargos públicos), {len(snapshot.roles)} asignaciones de rol",
            en=f"{len(units)} units, {len(snapshot.people)} people ({len(office_holders)} office "
            f"holders), {len(snapshot.roles)} role assignments",
        ),
    ]
    for unit in sorted(snapshot.units, key=lambda u: u.id):
        people, profiles = people_per_unit.get(unit.id, 0), profiles_per_unit.get(unit.id, 0)
        lines.append(
            Bilingual(
                es=f"  {unit.name}{' (coordina)' if unit.id == coordinating else ''}: "
                f"{_count(people, 'persona', 'personas')}, "
                f"{_count(profiles, 'perfil', 'perfiles')}",
                en=f"  {unit.name}{' (coordinating)' if unit.id == coordinating else ''}: "
                f"{_count(people, 'person', 'people')}, "
                f"{_count(profiles, 'profile', 'profiles')}",
            )
        )
    return StepResult(
        name="organisation",
        title=TITLE,
        summary={
            "id": org.id,
            "name": org.name,
            "kind": org.kind.value,
            "languages": list(org.languages),
            "timezone": org.timezone,
            "coordinating_unit": coordinating,
            "units": units,
            "people": len(snapshot.people),
            "office_holders": len(office_holders),
            "roles": dict(sorted(roles.items())),
        },
        lines=tuple(lines),
    )


def _count(count: int, singular: str, plural: str) -> str:
    """``1 persona``, ``2 personas``: a count and its noun in the right number."""
    return f"{count} {singular if count == 1 else plural}"


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the organisation step."""
    return [AuditStep(name="organisation", order=200, title=TITLE, run=run)]
