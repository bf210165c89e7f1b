"""``govsm record``: back up the governance record and restore it into an empty store.

A thin layer over :mod:`govsm.governance.backup`. ``export`` writes the audit log as JSON Lines
with its head; ``import`` verifies a backup (chain, head, signatures) and restores it. Both exit
2 when the workspace, the store or the file cannot be used, naming what and where.
"""

from __future__ import annotations

from pathlib import Path

import click

from govsm.cli.context import CliState
from govsm.cli.options import store_option, workspace_argument


@click.group("record")
def command() -> None:
    """Back up the governance record (the audit log) and restore it.

    See the docs page "Back up the governance record": what, how often, how to check a backup.
    """


@command.command("export")
@workspace_argument(required=True)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@store_option()
@click.pass_obj
def export_command(state: CliState, workspace: str, file: Path, store_url: str | None) -> None:
    """Write the record to FILE (JSON Lines: a header with the head hash, then every entry)."""
    from govsm.governance.backup import export_record

    with state.open(workspace, store_url) as ws:
        count, head = export_record(ws.store, ws.organisation.id, file)
    es = state.language == "es"
    click.echo(
        f"{count} entradas guardadas en {file}; cabeza {head}"
        if es
        else f"{count} entries written to {file}; head {head}"
    )


@command.command("import")
@workspace_argument(required=True)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option()
@click.pass_obj
def import_command(state: CliState, workspace: str, file: Path, store_url: str | None) -> None:
    """Verify the backup in FILE and restore it into a store whose record is empty.

    The workspace's organisation is saved first (from ``govsm.toml``), then the entries, exactly
    as they were: the restored record has the backup's head. Nothing is written if the chain,
    the head or a signature does not verify.
    """
    from govsm.governance.backup import import_record

    with state.open(workspace, store_url) as ws:
        organisation = ws.organisation.id
        if organisation not in {o.id for o in ws.store.organisations()}:
            ws.store.save_snapshot(ws.snapshot)
        keys = {p.id: p.signing_keys for p in ws.snapshot.people}
        restored = import_record(ws.store, organisation, file, keys, limits=ws.limits)
    es = state.language == "es"
    click.echo(
        f"{restored.entries} entradas restauradas ({restored.signed} firmadas); cabeza "
        f"{restored.head_hash}"
        if es
        else f"{restored.entries} entries restored ({restored.signed} signed); head "
        f"{restored.head_hash}"
    )
