"""``govsm export``: the organisation's publications as a feed, a list or a table.

A thin layer over :func:`govsm.exporting.export`.
"""

from __future__ import annotations

import traceback
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from govsm.cli.context import CliState, emit_json
from govsm.cli.options import AsOf, json_option, workspace_argument

if TYPE_CHECKING:
    from collections.abc import Mapping

    from govsm.exporting import ExportResult
    from govsm.spec.export_source import Selection
    from govsm.spec.exporter import Exporter


@click.command("export")
@click.argument("kind", required=False)
@workspace_argument()
@click.option("--profile", metavar="PROFILE", help="Only this profile's messages.")
@click.option(
    "--unit", metavar="UNIT", help="Only the messages of this unit's profiles (sub-units too)."
)
@click.option(
    "--since",
    metavar="DATE",
    help="Only messages published (or, if not published, written) on or after this day "
    "(YYYY-MM-DD, in the organisation's time zone) or moment (ISO 8601 with offset).",
)
@click.option(
    "--until",
    metavar="DATE",
    help="Only messages published (or written) before the end of this day, or before this moment.",
)
@click.option(
    "--state",
    "states",
    multiple=True,
    metavar="STATE",
    help="Only messages in this state (repeatable; draft, pending-approval, approved, "
    "scheduled, publishing, published, failed). Feeds export published messages only.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), metavar="N", help="Only the newest N messages."
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="FILE|-",
    help="The file to write (replaced whole, or left as it was on failure); - for standard output.",
)
@click.option("--list", "list_kinds", is_flag=True, help="List the kinds of export and exit.")
@click.option(
    "--no-load",
    is_flag=True,
    help="Export the store as it is, without loading the workspace's files into it first.",
)
@json_option("the kinds (--list), or what was exported (with -o FILE)")
@click.pass_obj
def command(
    state: CliState,
    kind: str | None,
    workspace: str,
    profile: str | None,
    unit: str | None,
    since: str | None,
    until: str | None,
    states: tuple[str, ...],
    limit: int | None,
    output: str,
    list_kinds: bool,
    no_load: bool,
    as_json: bool,
) -> None:
    """Export what the organisation published as KIND: a feed, a list of profiles or a table.

    KIND is one of the exporters ``govsm export --list`` shows: ``atom``, ``rss``,
    ``json-feed`` and ``activity-streams`` (what a profile, a unit or the whole organisation
    published), ``opml`` (its official profiles), ``messages-csv`` and ``messages-jsonl`` (its
    messages with what the checks find in them), and those plugins add. Messages stream from the
    store, so memory stays flat however long the history. A workspace folder is first loaded
    into its store (idempotent; ``--no-load`` skips it); a store URL is read as it is.

    Exits 0 when the export is written whole; 1 when messages over the workspace's
    ``[limits]`` were left out (each named on standard error; the file is written without
    them); 2 when nothing was written (an unknown kind, profile or unit, a store that cannot be
    read, an exporter that failed).
    """
    from govsm.exporting import ExportFailed, export, find_exporter, publication_exporters

    if list_kinds:
        _list(publication_exporters(state.host()), as_json, state.language)
        return
    if kind is None:
        raise click.UsageError(
            "indique el tipo de exportación (govsm export --list los muestra) / give the kind "
            "of export (govsm export --list shows them)"
        )
    if as_json and output == "-":
        raise click.UsageError(
            "--json necesita -o FICHERO: la salida estándar lleva la exportación / --json "
            "needs -o FILE: standard output carries the export"
        )
    find_exporter(state.host(), kind)
    with state.open(workspace) as ws:
        zone = ws.organisation.timezone
        selection = _selection(profile, unit, since, until, states, limit, zone)
        if ws.config is not None and not no_load:
            ws.load()
        try:
            result = export(ws, kind, None if output == "-" else Path(output), selection)
        except ExportFailed as exc:
            if state.verbose and exc.__cause__ is not None:
                click.echo("".join(traceback.format_exception(exc.__cause__)), err=True)
            raise
    _report(result, as_json, state.language)
    if not result.complete:
        raise SystemExit(1)


def _list(exporters: Mapping[str, Exporter], as_json: bool, language: str) -> None:
    kinds = [exporter for _, exporter in sorted(exporters.items())]
    if as_json:
        emit_json(
            [
                {
                    "kind": e.name,
                    "description": e.description,
                    "media_type": e.media_type,
                    "extension": e.extension,
                    "in_report": e.in_report.file if e.in_report else None,
                }
                for e in kinds
            ]
        )
        return
    width = max((len(e.name) for e in kinds), default=0)
    for exporter in kinds:
        click.echo(f"{exporter.name.ljust(width)}  {exporter.media_type}  {exporter.description}")
    if not kinds:
        click.echo("No hay exportadores de publicaciones." if language == "es" else "No exporters.")


def _selection(
    profile: str | None,
    unit: str | None,
    since: str | None,
    until: str | None,
    states: tuple[str, ...],
    limit: int | None,
    zone: str,
) -> Selection:
    from govsm.errors import ConfigError
    from govsm.model import MessageState
    from govsm.spec.export_source import Selection

    known = [s.value for s in MessageState]
    for value in states:
        if value not in known:
            raise ConfigError(
                f"«{value}» no es un estado; estados: {', '.join(known)}",
                f"'{value}' is not a state; states: {', '.join(known)}",
                where="--state",
            )
    return Selection(
        profile=profile,
        unit=unit,
        since=_moment(since, "--since", zone, end=False) if since else None,
        until=_moment(until, "--until", zone, end=True) if until else None,
        states=frozenset(MessageState(s) for s in states) if states else None,
        limit=limit,
    )


def _moment(text: str, option: str, zone: str, *, end: bool) -> datetime:
    """A moment given on the command line, as an instant.

    A day is its start (the next day's, for ``--until``) in the organisation's time zone; an
    instant is taken with its offset.
    """
    from zoneinfo import ZoneInfo

    try:
        given = AsOf.parse(text)
    except click.BadParameter as exc:
        exc.param_hint = option
        raise
    if given.on is None:  # an instant
        return given.moment(zone)
    day = given.on + timedelta(days=1) if end else given.on
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone))


def _report(result: ExportResult, as_json: bool, language: str) -> None:
    for why in result.left_out:
        click.echo(f"govsm: aviso: {why.es}", err=True)
        click.echo(f"govsm: warning: {why.en}", err=True)
    if as_json:
        emit_json(
            {
                "kind": result.kind,
                "path": str(result.path) if result.path else None,
                "messages": result.messages,
                "checked": result.checked,
                "left_out": [{"es": w.es, "en": w.en} for w in result.left_out],
            }
        )
        return
    where = str(result.path) if result.path else "-"
    click.echo(
        f"{result.kind} → {where}: {result.messages} mensajes"
        if language == "es"
        else f"{result.kind} → {where}: {result.messages} messages",
        err=True,
    )
