"""``govsm health``: dormant, orphaned, badly registered, retired and duplicated profiles."""

from __future__ import annotations

from datetime import date, datetime

import click

from govsm.cli.context import FAIL_ON, CliState, echo_findings, emit_json, failing


@click.command("health")
@click.argument("workspace", default=".", type=click.Path(file_okay=True, dir_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check as on this day (YYYY-MM-DD); by default today in the organisation's time zone.",
)
@click.option(
    "--fail-on",
    type=FAIL_ON,
    default="error",
    show_default=True,
    help="Exit 1 when a finding is at least this severe.",
)
@click.pass_obj
def command(
    state: CliState, workspace: str, as_json: bool, as_of: datetime | None, fail_on: str
) -> None:
    """Check the health of the organisation's profiles.

    Finds dormant profiles (no post in the policy's ``dormant_after_days``), profiles with no
    responsible person or whose owner left, personal e-mail addresses on institutional accounts,
    live profiles on deprecated or closed networks, and duplicated profiles. A workspace folder
    is first loaded into its store (idempotent), so the last publications are current. A
    malformed ``govsm.toml`` exits with status 2; otherwise the exit status is 1 when a finding
    is at least as severe as ``--fail-on``.
    """
    import zoneinfo
    from datetime import UTC

    from govsm.health import check_health
    from govsm.serialization import unstructure

    with state.open(workspace) as ws:
        today: date
        if as_of is not None:
            today = as_of.date()
        else:
            zone = zoneinfo.ZoneInfo(ws.organisation.timezone)
            today = datetime.now(UTC).astimezone(zone).date()
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
