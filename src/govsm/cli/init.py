"""``govsm init``: scaffold a workspace without prompts."""

from __future__ import annotations

from pathlib import Path

import click

from govsm.cli.context import CliState


@click.command("init")
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", required=True, help="The organisation's official name.")
@click.option(
    "--id", "organisation_id", default=None, help="Its identifier (default: from the name)."
)
@click.option(
    "--kind",
    default="ayuntamiento",
    show_default=True,
    help="ayuntamiento, diputacion, comunidad-autonoma, universidad, biblioteca, "
    "hospital, servicio-de-empleo, …",
)
@click.option(
    "--language",
    "languages",
    multiple=True,
    default=("es",),
    show_default=True,
    help="An official language (BCP 47), in order; repeat for co-official ones.",
)
@click.option("--timezone", default="Europe/Madrid", show_default=True, help="IANA time zone.")
@click.option("--force", is_flag=True, help="Overwrite an existing govsm.toml.")
@click.pass_obj
def command(
    state: CliState,
    folder: Path,
    name: str,
    organisation_id: str | None,
    kind: str,
    languages: tuple[str, ...],
    timezone: str,
    force: bool,
) -> None:
    """Create a workspace in FOLDER: govsm.toml, history/ and drafts/.

    The new workspace loads as it is (``govsm status FOLDER`` works at once).
    """
    from govsm.workspace.config import DEFAULT_STORE_PATH
    from govsm.workspace.loader import load_config
    from govsm.workspace.scaffold import scaffold

    manual = scaffold(
        folder,
        name=name,
        kind=kind,
        languages=languages,
        timezone=timezone,
        organisation_id=organisation_id,
        force=force,
    )
    load_config(manual, state.host().channels())
    click.echo(("Creado " if state.language == "es" else "Created ") + str(manual))
    store = folder / DEFAULT_STORE_PATH
    click.echo(
        f"El registro de gobernanza se guardará en {store}, fuera del repositorio "
        "(.gitignore): haga copias con «govsm record export» (véase «Copia de seguridad del "
        "registro de gobernanza» en la documentación)."
        if state.language == "es"
        else f"The governance record will be kept in {store}, out of the repository "
        "(.gitignore): back it up with 'govsm record export' (see \"Back up the governance "
        'record" in the docs).'
    )
