"""``govsm manual``: render the organisation's social-media usage manual."""

from __future__ import annotations

from pathlib import Path

import click

from govsm.cli.context import CliState, echo_findings
from govsm.cli.options import AsOf, as_of_option, workspace_argument


@click.command("manual")
@workspace_argument()
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG",
    help="Language of the manual: ca-valencia, es or en (repeatable; default: the "
    "organisation's official languages).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "markdown", "both"]),
    default="both",
    show_default=True,
    help="What to write: a standalone HTML page, Markdown, or both.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write into (default: WORKSPACE/report/manual/).",
)
@as_of_option("Describe the organisation (roles in force, electoral calendar)")
@click.pass_obj
def command(
    state: CliState,
    workspace: str,
    languages: tuple[str, ...],
    fmt: str,
    out: Path | None,
    as_of: AsOf | None,
) -> None:
    """Render the social-media usage manual from the workspace, as HTML and Markdown.

    The manual is the document a new government team inherits: the coordinating area and the
    procedure to open profiles, resources, responsibilities (a RACI matrix and the approval
    flow), the validation criteria, every profile, the style manual, corporate blogs, the
    crisis protocol, response commitments and electoral periods. It is written once per
    language and format (``manual.es.html``, ``manual.ca-valencia.md``…), each file
    atomically. Sections the workspace does not fill yet are marked in the manual and listed
    here. Exit status 2 for an unknown language, a malformed workspace or a folder that cannot
    be written.
    """
    from govsm.audit.runner import DEFAULT_REPORT_DIR
    from govsm.manual import (
        SUPPORTED_LANGUAGES,
        build_manual,
        completeness_findings,
        manual_languages,
        write_manual,
    )

    for language in languages:
        if language not in SUPPORTED_LANGUAGES:
            shown = ", ".join(SUPPORTED_LANGUAGES)
            raise click.BadParameter(
                f"«{language}»: el manual se genera en {shown} / "
                f"'{language}': the manual is generated in {shown}",
                param_hint="--lang",
            )
    es = state.language == "es"
    with state.open(workspace) as ws:
        day = as_of.day(ws.organisation.timezone) if as_of is not None else None
        document = build_manual(ws, day)
        manual = ws.manual
        root = ws.root
    chosen = list(dict.fromkeys(languages)) or list(manual_languages(document.languages))
    folder = out if out is not None else (root or Path(".")) / DEFAULT_REPORT_DIR / "manual"
    formats = ["html", "markdown"] if fmt == "both" else [fmt]
    written = write_manual(document, folder, chosen, formats)
    for path in written:
        click.echo(("Escrito " if es else "Wrote ") + str(path))
    findings = list(completeness_findings(document, manual))
    if findings:
        click.echo("\nPor completar en govsm.toml:" if es else "\nStill to fill in govsm.toml:")
        echo_findings(findings, state.language)
