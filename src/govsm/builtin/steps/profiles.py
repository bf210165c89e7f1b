"""Built-in audit step 300: profiles by channel and lifecycle state, read back from the store."""

from __future__ import annotations

from collections import defaultdict

from govsm.model import Bilingual, LifecycleState
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl

TITLE = Bilingual(es="Perfiles por red y estado", en="Profiles by channel and state")


def run(context: AuditContext) -> StepResult:
    """Count stored profiles per channel and state, and stored messages per profile."""
    store = context.store
    org = context.organisation
    channels = context.workspace.channels()
    table: dict[str, dict[str, int]] = defaultdict(dict)
    states: dict[str, int] = defaultdict(int)
    for channel, state, count in store.profile_counts(org):
        table[channel][state] = count
        states[state] += count
    messages: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for profile, direction, _state, count in store.message_counts(org):
        messages[profile][direction] += count
    total = sum(states.values())
    overall = _counts(states)
    lines = [Bilingual(es=f"{total} perfiles: {overall.es}", en=f"{total} profiles: {overall.en}")]
    for channel_id in sorted(table):
        known = channels.get(channel_id)
        name_es = known.display_name("es") if known is not None else channel_id
        name_en = known.name if known is not None else channel_id
        counts = _counts(table[channel_id])
        lines.append(Bilingual(es=f"  {name_es}: {counts.es}", en=f"  {name_en}: {counts.en}"))
    outbound = sum(m.get("outbound", 0) for m in messages.values())
    inbound = sum(m.get("inbound", 0) for m in messages.values())
    lines.append(
        Bilingual(
            es=f"{outbound} mensajes salientes y {inbound} entrantes en el almacén",
            en=f"{outbound} outbound and {inbound} inbound messages in the store",
        )
    )
    return StepResult(
        name="profiles",
        title=TITLE,
        summary={
            "total": total,
            "by_state": dict(sorted(states.items())),
            "by_channel": {c: dict(sorted(table[c].items())) for c in sorted(table)},
            "messages": {p: dict(sorted(m.items())) for p, m in sorted(messages.items())},
        },
        lines=tuple(lines),
    )


def _counts(states: dict[str, int]) -> Bilingual:
    """``15 activos, 2 archivados`` / ``15 active, 2 archived``, states in name order."""
    parts = [LifecycleState(state).counted(n) for state, n in sorted(states.items())]
    return Bilingual(es=", ".join(p.es for p in parts), en=", ".join(p.en for p in parts))


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the profiles step."""
    return [AuditStep(name="profiles", order=300, title=TITLE, run=run)]
