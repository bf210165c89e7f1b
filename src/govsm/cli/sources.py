"""``govsm sources fetch|list``: the curation sources of ``[[sources]]`` from the command line.

A thin layer over :mod:`govsm.curation`. ``fetch`` loads the workspace, reads its sources (or
those ``--source`` names), saves each new entry as a draft for every profile the source feeds,
and prints the drafts with what the rules found in them; ``list`` shows what is declared. See
:doc:`/howto/curate`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from govsm.cli.context import CliState, echo_table, emit_json
from govsm.cli.options import json_option, workspace_argument

if TYPE_CHECKING:
    from govsm.curation import CurationReport, SourceReport
    from govsm.model import Bilingual

_SOURCE = click.option(
    "--source",
    "source_ids",
    multiple=True,
    metavar="ID",
    help="Read only this source (repeatable; default: every source).",
)


def _bilingual(text: Bilingual | None) -> dict[str, str] | None:
    return None if text is None else {"es": text.es, "en": text.en}


def _source_data(report: SourceReport) -> dict[str, Any]:
    from govsm.serialization import unstructure

    return {
        "source": report.source,
        "location": report.location,
        "profiles": list(report.profiles),
        "read": report.read,
        "kind": report.kind,
        "entries": report.entries,
        "total": report.total,
        "new_entries": report.new_entries,
        "known": report.known,
        "same_link": report.same_link,
        "same_content": report.same_content,
        "notes": [_bilingual(n) for n in report.notes],
        "error": _bilingual(report.error),
        "drafts": [
            {
                "id": d.message.id,
                "profile": d.message.profile,
                "entry": d.entry,
                "language": d.message.language,
                "text": d.message.text,
                "links": list(d.message.links),
                "findings": unstructure(list(d.findings)),
            }
            for d in report.drafts
        ],
    }


def _echo(report: CurationReport, language: str) -> None:
    es = language == "es"
    for source in report.sources:
        head = f"{source.source} ({source.location})"
        if source.error is not None:
            click.echo(f"{head}: {source.error.get(language)}", err=True)
            continue
        if not source.read:
            click.echo(f"{head}: " + "; ".join(n.get(language) for n in source.notes))
            continue
        verb = (
            ("borradores nuevos" if report.saved else "borradores por crear")
            if es
            else ("new drafts" if report.saved else "drafts to make")
        )
        if es:
            click.echo(
                f"{head}: {source.entries} entradas, {source.new_entries} nuevas → "
                f"{len(source.drafts)} {verb} para {', '.join(source.profiles) or 'ningún perfil'}"
                f"; ya redactados {source.known}, mismo enlace {source.same_link}, mismo "
                f"contenido {source.same_content}"
            )
        else:
            click.echo(
                f"{head}: {source.entries} entries, {source.new_entries} new → "
                f"{len(source.drafts)} {verb} for {', '.join(source.profiles) or 'no profile'}; "
                f"already drafted {source.known}, same link {source.same_link}, same content "
                f"{source.same_content}"
            )
        for note in source.notes:
            click.echo(f"  {'nota' if es else 'note'}: {note.get(language)}")
        for item in source.drafts:
            first_line = item.message.text.split("\n", 1)[0]
            click.echo(f"  {item.message.id} [{item.message.profile}] {first_line}")
            for finding in item.findings:
                label = finding.severity.label(language)
                click.echo(f"    {label} {finding.rule}: {finding.message.get(language)}")
                if finding.suggestion is not None:
                    click.echo(f"      → {finding.suggestion.get(language)}")


@click.group("sources")
def command() -> None:
    """Curation: the RSS, Atom and JSON Feed sources of [[sources]], turned into drafts."""


@command.command("fetch")
@workspace_argument()
@_SOURCE
@click.option(
    "--dry-run", is_flag=True, help="Show what would be drafted, without saving anything."
)
@json_option("each source's outcome and its new drafts with their findings")
@click.pass_obj
def fetch(
    state: CliState, workspace: str, source_ids: tuple[str, ...], dry_run: bool, as_json: bool
) -> None:
    """Read the sources and save each new entry as a draft for the profiles it feeds.

    Sources are read on demand, with each one's timeout and size cap; an entry drafted before
    (the same entry, the same link, or the same title and summary under another link) is not
    drafted again, so fetching twice adds nothing. The new drafts are checked against the
    organisation's rules and wait, as drafts, to be submitted for approval
    (govsm governance). Exits 1 when a source could not be read; the others are read anyway.
    """
    from govsm.curation import curate

    with state.open(workspace) as ws:
        if ws.config is not None:
            ws.load()
        report = curate(ws, sources=source_ids or None, dry_run=dry_run)
    if as_json:
        emit_json({"saved": report.saved, "sources": [_source_data(s) for s in report.sources]})
    else:
        _echo(report, state.language)
    if report.failed:
        raise SystemExit(1)


@command.command("list")
@workspace_argument()
@_SOURCE
@json_option("the sources declared")
@click.pass_obj
def list_sources(
    state: CliState, workspace: str, source_ids: tuple[str, ...], as_json: bool
) -> None:
    """List the sources govsm.toml declares and the profiles each one feeds.

    The profiles are those the source names and the live ones of its unit, as govsm.toml
    declares them (the store may hold a newer state).
    """
    from govsm.curation.curating import chosen_sources, fed_profiles
    from govsm.errors import ConfigError

    with state.open(workspace) as ws:
        if ws.config is None:
            raise ConfigError(
                "las fuentes se leen de govsm.toml: abra la carpeta del espacio de trabajo",
                "sources are read from govsm.toml: open the workspace folder",
            )
        chosen = chosen_sources(ws.config.sources, source_ids or None)
        declared = {p.id: p for p in ws.profiles}
    rows: list[dict[str, Any]] = []
    table: list[tuple[str, ...]] = []
    for source in chosen:
        fed = [p.id for p in fed_profiles(source, declared)[0]]
        rows.append(
            {
                "id": source.id,
                "url": source.shown_url,
                "profiles": fed,
                "unit": source.unit,
                "max_items": source.max_items,
                "language": source.language,
            }
        )
        table.append(
            (
                source.id,
                source.shown_url,
                ", ".join(fed) or "—",
                str(source.max_items),
                source.language or "—",
            )
        )
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo(
            "No hay fuentes ([[sources]])"
            if state.language == "es"
            else "There are no sources ([[sources]])"
        )
        return
    echo_table(("id", "url", "profiles", "max_items", "language"), table)
