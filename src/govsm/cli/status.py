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
    }


@click.command("status")
@workspace_argument()
@json_option("the status")
@click.pass_obj
def command(state: CliState, workspace: str, as_json: bool) -> None:
    """Summarise the organisation: units, and profiles by channel and lifecycle state.

    Reads only ``govsm.toml``: it needs no store and works even when plugins fail. The
    networks and the states are named in the output's language; ``--json`` gives their ids.
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
