"""``govsm audit``: the main job."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from govsm.cli.context import FAIL_ON, CliState, echo_findings, emit_json, failing

if TYPE_CHECKING:
    from datetime import datetime


def parse_moment(text: str, timezone: str) -> datetime:
    """A day (noon, local time) or an aware ISO 8601 moment; anything else is a usage error."""
    import zoneinfo
    from datetime import date, datetime, time

    zone = zoneinfo.ZoneInfo(timezone)
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(12), tzinfo=zone)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"«{text}» no es una fecha (2026-11-20) ni un instante ISO 8601 / "
            f"'{text}' is not a date (2026-11-20) nor an ISO 8601 moment",
            param_hint="--as-of",
        ) from None
    if moment.tzinfo is None:
        raise click.BadParameter(
            "indique el desfase, p. ej. 2026-11-20T10:00:00+01:00 / give the offset, "
            "e.g. 2026-11-20T10:00:00+01:00",
            param_hint="--as-of",
        )
    return moment


@click.command("audit")
@click.argument("workspace", default=".", type=click.Path(file_okay=True, dir_okay=True))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Report folder (default: WORKSPACE/report/).",
)
@click.option(
    "--store",
    "store_url",
    default=None,
    metavar="URL",
    help="Store URL instead of the workspace's (or set GOVSM_STORE_URL).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help="Audit as of this day (YYYY-MM-DD) or moment (ISO 8601 with offset) instead of now, "
    "for reproducible reports.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when findings reach --fail-on (the report still lists them); "
    "configuration errors still exit 2.",
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
    state: CliState,
    workspace: str,
    out: Path | None,
    store_url: str | None,
    as_json: bool,
    as_of: str | None,
    exit_zero: bool,
    fail_on: str,
) -> None:
    """Load the workspace into its store, run every audit step and write the report.

    The steps come from plugins (``govsm plugins`` lists them); the report folder receives
    ``summary.json`` and ``summary.md``. Running it twice leaves the store as after one run.
    Exit status 1 when a finding is at least as severe as ``--fail-on``.
    """
    from govsm.audit import run_audit
    from govsm.builtin.exporters.summary_json import report_data

    with state.open(workspace, store_url) as ws, state.progress() as progress:
        now = parse_moment(as_of, ws.organisation.timezone) if as_of else None
        report = run_audit(ws, out=out, progress=progress, now=now, language=state.language)
    lang = state.language
    if as_json:
        emit_json(report_data(report))
    else:
        click.echo(click.style(report.organisation_name, bold=True))
        for step in report.steps:
            click.echo(click.style(f"\n{step.title.get(lang)}", bold=True))
            for line in step.lines:
                click.echo(f"  {line.get(lang)}")
            if step.findings:
                echo_findings(list(step.findings), lang, per_rule=3)
        counts = report.severity_counts()
        click.echo(
            (
                "\nErrores {error}, avisos {warning}, información {info}."
                if lang == "es"
                else "\nErrors {error}, warnings {warning}, info {info}."
            ).format(**counts)
        )
        if report.files:
            folder = report.files[0].parent
            click.echo(("Informe en " if lang == "es" else "Report in ") + str(folder))
    if failing(report.findings(), fail_on) and not exit_zero:
        raise SystemExit(1)
