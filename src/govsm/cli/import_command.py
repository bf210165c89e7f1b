"""``govsm import``: a network's archive into the store, in one transaction.

A thin layer over :func:`govsm.workspace.archive_import.import_archive`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from govsm.cli.context import CliState, emit_json
from govsm.cli.options import json_option

if TYPE_CHECKING:
    from govsm.workspace.archive_import import ImportResult


@click.command("import")
@click.argument(
    "archives",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "-w",
    "--workspace",
    default=".",
    show_default=True,
    type=click.Path(file_okay=True, dir_okay=True),
    help="The workspace: a folder or its govsm.toml.",
)
@click.option("--profile", metavar="PROFILE", help="The profile whose archive this is.")
@click.option(
    "--keep-going",
    is_flag=True,
    help="Save what could be read even when some records could not be.",
)
@click.option("--dry-run", is_flag=True, help="Read and count; save nothing.")
@json_option("what each archive gave")
@click.pass_obj
def command(
    state: CliState,
    archives: tuple[Path, ...],
    workspace: str,
    profile: str | None,
    keep_going: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Import the archives a network gave (X's .zip, Mastodon's…) into the workspace's store.

    Each ARCHIVE is read by the importer plugin that recognises it (``govsm plugins`` lists
    them), as a stream, and all its messages are written in one transaction, each with the
    network's own record of it when the importer keeps one. Importing the same archive again
    adds nothing. A record that cannot be read, or a message over the workspace's limits, is
    listed with its file and position and leaves the store as it was (``--keep-going`` saves
    the rest instead). A progress bar on a terminal shows the count and the rate.

    Exits 0 when every archive was imported whole, 1 when ``--keep-going`` left records out,
    2 when an archive was not imported.
    """
    from govsm.workspace.archive_import import import_archive

    results: list[ImportResult] = []
    with state.open(workspace) as ws:
        if ws.config is None:
            raise click.UsageError(
                "govsm import necesita la carpeta del espacio de trabajo, no un almacén"
                if state.language == "es"
                else "govsm import needs the workspace folder, not a store"
            )
        for archive in archives:
            with state.progress() as progress:
                results.append(
                    import_archive(
                        ws.config,
                        ws.store,
                        ws.host,
                        archive,
                        profile=profile,
                        keep_going=keep_going,
                        dry_run=dry_run,
                        progress=progress,
                    )
                )
    if as_json:
        emit_json([_as_dict(result) for result in results])
    else:
        for result in results:
            for line in _lines(result, state.language, dry_run=dry_run):
                click.echo(line)
    if any(not r.written and not dry_run for r in results):
        raise SystemExit(2)
    if any(r.problems for r in results):
        raise SystemExit(1)


def _as_dict(result: ImportResult) -> dict[str, object]:
    return {
        "archive": str(result.path),
        "importer": result.importer,
        "read": result.read,
        "originals": result.originals,
        "inserted": result.inserted,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "written": result.written,
        "problems": [
            {"where": p.where, "es": p.message.es, "en": p.message.en} for p in result.problems
        ],
    }


def _lines(result: ImportResult, language: str, *, dry_run: bool) -> list[str]:
    es = language == "es"
    head = f"{result.path} ({result.importer}): "
    if es:
        head += f"{result.read} mensajes leídos, {result.originals} con su registro original"
    else:
        head += f"{result.read} messages read, {result.originals} with their original record"
    if dry_run:
        head += "; prueba, no se guarda nada" if es else "; dry run, nothing saved"
    elif result.written:
        head += (
            f"; {result.inserted} nuevos, {result.updated} cambiados, "
            f"{result.unchanged} ya guardados"
            if es
            else f"; {result.inserted} new, {result.updated} changed, "
            f"{result.unchanged} already stored"
        )
    else:
        head += (
            "; NO se importó: el almacén queda como estaba (--keep-going guarda lo legible)"
            if es
            else "; NOT imported: the store is as it was (--keep-going saves what is readable)"
        )
    lines = [head]
    for problem in result.problems:
        lines.append(f"  {problem.where}: {problem.message.es if es else problem.message.en}")
    return lines
