"""``govsm audit``: the main job."""

from __future__ import annotations

from pathlib import Path

import click

from govsm.cli.context import CliState, echo_digest, emit_json
from govsm.cli.options import (
    AsOf,
    as_of_option,
    fail_on_option,
    json_option,
    store_option,
    workspace_argument,
)


@click.command("audit")
@workspace_argument()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Report folder (default: WORKSPACE/report/).",
)
@store_option()
@json_option("the report")
@as_of_option("Audit")
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when findings reach --fail-on (the report still lists them); "
    "configuration errors still exit 2.",
)
@fail_on_option()
@click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help="Read every archive file and check every message again: forget what earlier audits "
    "kept (the run keeps it afresh).",
)
@click.pass_obj
def command(
    state: CliState,
    workspace: str,
    out: Path | None,
    store_url: str | None,
    as_json: bool,
    as_of: AsOf | None,
    exit_zero: bool,
    fail_on: str,
    no_cache: bool,
) -> None:
    """Load the workspace into its store, run every audit step and write the report.

    The steps come from plugins (``govsm plugins`` lists them); the report folder receives
    ``summary.json``, ``summary.md`` and every finding in ``findings.jsonl`` and
    ``findings.csv``. Running it twice leaves the organisation's data as after one run; each
    run adds its own record of findings to the store (the newest 20 are kept).
    What checking each message found is kept in the store too, and reused while neither the
    message nor anything the rules read changed, and an archive file unchanged since the last
    load is not read again; ``--no-cache`` reads every file and checks every message again.
    Exit status 1 when a finding is at least as severe as ``--fail-on`` (``--exit-zero``
    silences it); 2 when the audit is incomplete — a step or an exporter failed (each named on
    standard error; the other steps and reports still ran), or the run could not be recorded
    (then no report is written and the previous one stays).
    """
    from govsm.audit import run_audit
    from govsm.audit.digest import FindingDigest
    from govsm.builtin.exporters.summary_json import report_data
    from govsm.model import Severity
    from govsm.store.loaded_files import LoadedFiles

    with state.open(workspace, store_url) as ws, state.progress() as progress:
        now = as_of.moment(ws.organisation.timezone) if as_of else None
        if no_cache:
            ws.store.check_cache.clear(ws.organisation.id)
            LoadedFiles(ws.store).forget(ws.organisation.id)
        # fed in the single pass over the run's findings that writes the report files
        digest = None if as_json else FindingDigest(per_rule=3)
        report = run_audit(
            ws, out=out, progress=progress, now=now, language=state.language, digest=digest
        )
    lang = state.language
    counts = report.severity_counts()
    if digest is None:
        emit_json(report_data(report))
    else:
        click.echo(click.style(report.organisation_name, bold=True))
        for step in report.steps:
            click.echo(click.style(f"\n{step.title.get(lang)}", bold=True))
            for line in step.lines:
                click.echo(f"  {line.get(lang)}")
            echo_digest(digest.rules(step.name), lang)
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
    for index, failure in enumerate(report.failures):  # incomplete: say what failed, exit 2
        click.echo(f"govsm: {failure.es}\ngovsm: {failure.en}", err=True)
        if state.verbose and index < len(report.tracebacks) and report.tracebacks[index]:
            click.echo(report.tracebacks[index], err=True)
    if report.failures:
        raise SystemExit(2)
    threshold = Severity(fail_on).rank
    reached = any(n for severity, n in counts.items() if Severity(severity).rank >= threshold)
    if reached and not exit_zero:
        raise SystemExit(1)
