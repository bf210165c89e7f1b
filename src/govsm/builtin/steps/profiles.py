"""Built-in audit step 300: profiles by channel and lifecycle state, read back from the store."""

from __future__ import annotations

from collections import defaultdict

from govsm.model import Bilingual
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
    lines = [
        Bilingual(
            es=f"{total} perfiles: " + ", ".join(f"{n} {s}" for s, n in sorted(states.items())),
            en=f"{total} profiles: " + ", ".join(f"{n} {s}" for s, n in sorted(states.items())),
        )
    ]
    for channel_id in sorted(table):
        name = channels[channel_id].name if channel_id in channels else channel_id
        counts = ", ".join(f"{n} {s}" for s, n in sorted(table[channel_id].items()))
        lines.append(Bilingual(es=f"  {name}: {counts}", en=f"  {name}: {counts}"))
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


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the profiles step."""
    return [AuditStep(name="profiles", order=300, title=TITLE, run=run)]
