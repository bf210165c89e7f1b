"""``govsm doctor``: check a workspace's set-up and say how to fix what is wrong."""

from __future__ import annotations

import click

from govsm.cli.context import CliState, echo_findings, emit_json, failing
from govsm.cli.options import fail_on_option, json_option, workspace_argument


@click.command("doctor")
@workspace_argument()
@json_option("the findings")
@fail_on_option()
@click.pass_obj
def command(state: CliState, workspace: str, as_json: bool, fail_on: str) -> None:
    """Check the workspace, the store, the plugins and the credential references.

    A malformed ``govsm.toml`` exits with status 2 and every problem's key path; otherwise each
    finding says what is wrong and how to fix it, and the exit status is 1 when one is at least
    as severe as ``--fail-on``.
    """
    from govsm.doctor import diagnose
    from govsm.serialization import unstructure

    with state.open(workspace) as ws:
        today = ws.organisation.local_date()
        findings = diagnose(ws, today)
    if as_json:
        emit_json({"findings": unstructure(findings)})
    elif findings:
        echo_findings(findings, state.language)
    else:
        click.echo("Todo en orden." if state.language == "es" else "All good.")
    if failing(findings, fail_on):
        raise SystemExit(1)
