"""``govsm status``: the organisation at a glance, from its ``govsm.toml``."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import click

from govsm.cli.context import CliState, emit_json
from govsm.cli.options import json_option, workspace_argument


def status_data(path: str, state: CliState) -> dict[str, Any]:
    """The organisation's summary: units, and profiles by channel and lifecycle state."""
    workspace = state.open(path)
    org = workspace.organisation
    by_channel: dict[str, Counter[str]] = defaultdict(Counter)
    for profile in workspace.profiles:
        by_channel[profile.channel][profile.state.value] += 1
    per_unit = Counter(p.unit for p in workspace.profiles)
    return {
        "organisation": {
            "id": org.id,
            "name": org.name,
            "kind": org.kind.value,
            "languages": list(org.languages),
            "timezone": org.timezone,
        },
        "units": [
            {"id": u.id, "name": u.name, "profiles": per_unit.get(u.id, 0)} for u in workspace.units
        ],
        "people": len(workspace.people),
        "profiles": {
            "total": len(workspace.profiles),
            "by_state": dict(sorted(Counter(p.state.value for p in workspace.profiles).items())),
            "by_channel": {c: dict(sorted(by_channel[c].items())) for c in sorted(by_channel)},
        },
        "policy_version": workspace.policy.version if workspace.policy else None,
        "pauses": _pauses(workspace.store_url, org.id),
    }


def _pauses(url: str, organisation: str) -> list[dict[str, str]] | None:
    """The crisis pauses in force, from a store that exists; ``None`` when it cannot be read.

    A SQLite store that does not exist yet has no pauses, and is not created; a store at
    another schema revision is not migrated here.
    """
    from pathlib import Path

    from govsm.errors import GovsmError
    from govsm.store import HEAD_REVISION, Store

    if url.startswith("sqlite") and not Path(url.split("///", 1)[-1]).is_file():
        return []
    try:
        with Store.open(url, upgrade=False) as store:
            if store.schema_revision() != HEAD_REVISION:
                return None
            return [
                {
                    "scope": p["scope"],
                    "reason": p["reason"],
                    "by": p["paused_by"],
                    "since": p["since"].isoformat(),
                }
                for p in store.outbox.pauses(organisation)
            ]
    except GovsmError:
        return None


@click.command("status")
@workspace_argument()
@json_option("the status")
@click.pass_obj
def command(state: CliState, workspace: str, as_json: bool) -> None:
    """Summarise the organisation: units, and profiles by channel and lifecycle state.

    Reads ``govsm.toml``, and from the store only the crisis pauses in force (``govsm pause``),
    when the store exists: it works without one, and even when plugins fail. The networks and
    the states are named in the output's language; ``--json`` gives their ids.
    """
    from govsm.model import LifecycleState

    data = status_data(workspace, state)
    if as_json:
        emit_json(data)
        return
    lang = state.language
    es = lang == "es"
    channels = state.host().channels()
    org = data["organisation"]
    click.echo(f"{org['name']} ({org['kind']}) — {', '.join(org['languages'])}, {org['timezone']}")
    click.echo(("Áreas" if es else "Units") + f" ({len(data['units'])}):")
    for unit in data["units"]:
        count = unit["profiles"]
        noun = ("perfil" if es else "profile") + ("" if count == 1 else ("es" if es else "s"))
        click.echo(f"  {unit['name']}: {count} {noun}")
    profiles = data["profiles"]

    def states(counts: dict[str, int]) -> str:
        return ", ".join(LifecycleState(s).counted(n).get(lang) for s, n in counts.items())

    click.echo(
        ("Perfiles" if es else "Profiles")
        + f" ({profiles['total']}): "
        + states(profiles["by_state"])
    )
    for channel, counts in profiles["by_channel"].items():
        known = channels.get(channel)
        name = known.display_name(lang) if known is not None else channel
        click.echo(f"  {name}: {states(counts)}")
    pauses = data["pauses"]
    if pauses is None:
        click.echo(
            "Pausas de publicación: no se pudo leer el almacén"
            if es
            else "Publishing pauses: the store could not be read"
        )
    for paused in pauses or ():
        scope = paused["scope"] if paused["scope"] != "*" else ("todos" if es else "all")
        label = "PUBLICACIÓN EN PAUSA" if es else "PUBLISHING PAUSED"
        click.echo(f"{label} ({scope}) — {paused['reason']} ({paused['by']}, {paused['since']})")
