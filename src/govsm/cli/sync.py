"""``govsm sync``: pull inbound items, own posts (edits and deletions) and metrics into the store.

A thin layer over :func:`govsm.syncing.sync`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from govsm.cli.context import CliState, emit_json
from govsm.cli.options import json_option, workspace_argument

if TYPE_CHECKING:
    from govsm.syncing import ProfileSync


@click.command("sync")
@workspace_argument()
@click.option(
    "--profile", "profiles", multiple=True, metavar="PROFILE", help="Only this profile (repeat)."
)
@json_option("what each profile's sync read")
@click.pass_obj
def command(state: CliState, workspace: str, profiles: tuple[str, ...], as_json: bool) -> None:
    """Read the networks back into the store: inbound items, own posts, edits, deletions, metrics.

    Each profile a network plugin serves, with credentials that resolve, is read from where the
    last sync stopped; what changed on the network (a post edited or deleted in the network's
    own app) is recorded in the audit log. Profiles no plugin serves are listed. Exits 1 when a
    profile's network failed (the pages read before the failure stay saved).
    """
    from govsm.syncing import sync

    with state.open(workspace) as ws:
        if ws.config is not None:
            ws.load()
        report = sync(ws, profiles=list(profiles) or None)
    if as_json:
        emit_json(
            {
                "profiles": [_as_dict(p) for p in report.profiles],
                "unserved": report.unserved,
            }
        )
    else:
        for done in report.profiles:
            click.echo(_line(done, state.language))
        if report.unserved:
            names = ", ".join(report.unserved)
            click.echo(
                f"Sin complemento de red o sin credenciales: {names}"
                if state.language == "es"
                else f"No network plugin or no credentials: {names}"
            )
    if report.failed:
        raise SystemExit(1)


def _as_dict(done: ProfileSync) -> dict[str, object]:
    return {
        "profile": done.profile,
        "inbound": done.inbound,
        "posted": done.posted,
        "edited": done.edited,
        "deleted": done.deleted,
        "metrics": done.metrics,
        "unknown_posts": done.unknown_posts,
        "problem": None if done.problem is None else {"es": done.problem.es, "en": done.problem.en},
        "credentials_refused": done.expired,
    }


def _line(done: ProfileSync, language: str) -> str:
    if language == "es":
        text = (
            f"{done.profile}: {done.inbound} entrantes, {done.posted} publicaciones nuevas, "
            f"{done.edited} editadas, {done.deleted} borradas, {done.metrics} métricas"
        )
        return text + (f"; se detuvo: {done.problem.es}" if done.problem else "")
    text = (
        f"{done.profile}: {done.inbound} inbound, {done.posted} new posts, {done.edited} "
        f"edited, {done.deleted} deleted, {done.metrics} metrics"
    )
    return text + (f"; stopped: {done.problem.en}" if done.problem else "")
