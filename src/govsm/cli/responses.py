"""``govsm responses``: how fast citizens got an answer, and which messages still wait."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from govsm.cli.context import CliState, echo_findings, emit_json, failing
from govsm.cli.options import AsOf, as_of_option, fail_on_option, json_option, workspace_argument


@click.command("responses")
@workspace_argument()
@json_option("the figures per profile and the overdue messages")
@as_of_option("Measure")
@fail_on_option()
@click.pass_obj
def command(
    state: CliState, workspace: str, as_json: bool, as_of: AsOf | None, fail_on: str
) -> None:
    """Measure every citizen's message against the policy's response targets.

    Per profile: messages received, answered (and how many within their target, with the median
    wait), still waiting and overdue. A target in office hours runs only during the policy's
    office hours and never on holidays. Each message still waiting past its target is a
    ``response-overdue`` finding. Waits are counted to now, or to the instant ``--as-of`` gives
    (noon of a day given alone: the instant ``govsm audit --as-of`` measures at). A workspace
    folder is first loaded into its store (idempotent). A malformed ``govsm.toml`` exits with
    status 2; otherwise the exit status is 1 when a finding is at least as severe as
    ``--fail-on``.
    """
    from govsm.health.responses import figure_lines, measure_workspace, overdue_findings
    from govsm.serialization import unstructure

    with state.open(workspace) as ws:
        organisation = ws.organisation
        moment = as_of.moment(organisation.timezone).astimezone(UTC) if as_of else datetime.now(UTC)
        if ws.config is not None:
            ws.load()
        measured = measure_workspace(ws, moment)
        findings = [finding for _, finding in overdue_findings(measured, organisation)]
    if as_json:
        emit_json(
            {
                "moment": measured.moment.isoformat(),
                "office_clock": measured.office_clock,
                "profiles": [p.as_dict() for p in measured.profiles],
                "findings": unstructure(findings),
            }
        )
    else:
        for line in figure_lines(measured):
            click.echo(line.get(state.language))
        echo_findings(findings, state.language)
    if failing(findings, fail_on):
        raise SystemExit(1)
