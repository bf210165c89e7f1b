"""``govsm handover``: the pack a new government team inherits."""

from __future__ import annotations

from pathlib import Path

import click

from govsm.cli.context import CliState, emit_json
from govsm.cli.options import AsOf, as_of_option, json_option, workspace_argument


@click.command("handover")
@workspace_argument()
@click.option(
    "--out",
    type=click.Path(file_okay=False, dir_okay=True, path_type=Path),
    default=None,
    help="Folder to write the pack into (default: report/handover/ inside the workspace).",
)
@as_of_option("Describe the organisation")
@json_option("the pack (the files are written too)")
@click.pass_obj
def command(
    state: CliState, workspace: str, out: Path | None, as_of: AsOf | None, as_json: bool
) -> None:
    """Write the term handover pack of the organisation's social media.

    The pack holds the inventory of profiles and their state, the custody list of credentials
    (references and custodians only, never secrets), the requests waiting for a decision, the
    messages waiting for approval, the citizens' messages not answered yet, key figures, the
    profile health findings and the usage manual. A workspace folder is loaded into its store
    first (idempotent). Files are written as ``handover.json``, ``handover.md`` and
    ``manual/``; each file is replaced atomically.
    """
    from govsm.errors import GovsmError
    from govsm.handover import build_handover, write_handover, write_pack_manual

    with state.open(workspace) as ws:
        zone = ws.organisation.timezone
        today = as_of.day(zone) if as_of is not None else ws.organisation.local_date()
        if ws.config is not None:
            ws.load()
        pack = build_handover(ws, today)
        folder = out
        if folder is None:
            if ws.root is None:
                raise GovsmError(
                    "un almacén sin carpeta de trabajo necesita --out",
                    "a store without a workspace folder needs --out",
                )
            folder = ws.root / "report" / "handover"
        try:
            written = write_handover(pack, folder)
            written.extend(write_pack_manual(ws, today, folder / "manual"))
        except OSError as exc:
            raise GovsmError(
                f"no se puede escribir el paquete en {folder}: {exc.strerror}",
                f"cannot write the pack into {folder}: {exc.strerror}",
                where=str(folder),
            ) from None
    if as_json:
        emit_json(pack.to_json())
    for path in written:
        click.echo(str(path))
