"""``govsm health``: dormant, orphaned, badly registered, retired and duplicated profiles."""

from __future__ import annotations

import click

from govsm.cli.context import CliState, echo_findings, emit_json, failing
from govsm.cli.options import AsOf, as_of_option, fail_on_option, json_option, workspace_argument


@click.command("health")
@workspace_argument()
@json_option("the findings")
@as_of_option("Check")
@fail_on_option()
@click.pass_obj
def command(
    state: CliState, workspace: str, as_json: bool, as_of: AsOf | None, fail_on: str
) -> None:
    """Check the health of the organisation's profiles.

    Finds dormant profiles (no post in the policy's ``dormant_after_days``), profiles with no
    responsible person or whose owner left, personal e-mail addresses on institutional accounts,
    live profiles on deprecated or closed networks, and duplicated profiles. A workspace folder
    is first loaded into its store (idempotent), so the last publications are current. A
    malformed ``govsm.toml`` exits with status 2; otherwise the exit status is 1 when a finding
    is at least as severe as ``--fail-on``.
    """
    from govsm.health import check_health
    from govsm.serialization import unstructure

    with state.open(workspace) as ws:
        zone = ws.organisation.timezone
        today = as_of.day(zone) if as_of is not None else ws.organisation.local_date()
        if ws.config is not None:
            ws.load()
        findings = check_health(ws, today)
        profiles = len(ws.profiles)
    if as_json:
        emit_json(
            {"as_of": today.isoformat(), "profiles": profiles, "findings": unstructure(findings)}
        )
    elif findings:
        echo_findings(findings, state.language)
    else:
        click.echo(
            f"{profiles} perfiles sanos a {today.isoformat()}."
            if state.language == "es"
            else f"{profiles} healthy profiles as of {today.isoformat()}."
        )
    if failing(findings, fail_on):
        raise SystemExit(1)
