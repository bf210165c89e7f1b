"""``govsm metrics``: followers and interactions per post, from the counts ``govsm sync`` kept.

A thin layer over :func:`govsm.health.metrics.metrics_report`.
"""

from __future__ import annotations

import click

from govsm.cli.context import CliState, emit_json
from govsm.cli.options import json_option, workspace_argument


@click.command("metrics")
@workspace_argument()
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="The period's length, ending now.",
)
@click.option(
    "--profile", "profiles", multiple=True, metavar="PROFILE", help="Only this profile (repeat)."
)
@json_option("the figures per profile")
@click.pass_obj
def command(
    state: CliState, workspace: str, days: int, profiles: tuple[str, ...], as_json: bool
) -> None:
    """Show each profile's followers and interactions per post over the last days.

    The figures are the networks' counts that ``govsm sync`` read and kept: followers (the first
    and the last reading in the period, and the change) and, for the posts published in the
    period that a sync read, the interactions (replies, reposts, quotes, likes, comments: each
    post's last reading), with their mean per post. The network is not asked. Profiles no sync
    read in the period are listed. A workspace folder is first loaded into its store
    (idempotent).
    """
    from govsm.health.metrics import HOW_MEASURED, metrics_lines, metrics_report

    with state.open(workspace) as ws:
        if ws.config is not None:
            ws.load()
        report = metrics_report(ws, days=days, profiles=profiles)
    if as_json:
        emit_json(
            {
                "since": report.since.isoformat(),
                "until": report.until.isoformat(),
                "profiles": [p.as_dict() for p in report.profiles],
                "unmeasured": list(report.unmeasured),
                "how_measured": {"es": HOW_MEASURED.es, "en": HOW_MEASURED.en},
            }
        )
        return
    for line in metrics_lines(report):
        click.echo(line.get(state.language))
