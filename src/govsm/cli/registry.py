"""``govsm registry``: export the official-account registry, and verify an account."""

from __future__ import annotations

from pathlib import Path

import click

from govsm.atomic import write_output
from govsm.cli.context import CliState, emit_json
from govsm.cli.options import json_option, workspace_argument


@click.group("registry")
def command() -> None:
    """The registry of official accounts (like the U.S. Digital Registry).

    Only active and dormant profiles are official; archived ones never verify.
    """


@command.command("export")
@workspace_argument()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "html", "atom"]),
    default="json",
    show_default=True,
    help="Output format (atom: a feed of changes, archived accounts included).",
)
@click.option(
    "--include-archived", is_flag=True, help="List archived accounts too (status 'archived')."
)
@click.option("--feed-url", default=None, help="The Atom feed's own address (rel=self link).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.pass_obj
def export(
    state: CliState,
    workspace: str,
    fmt: str,
    include_archived: bool,
    feed_url: str | None,
    output: str | None,
) -> None:
    """Export the organisation's official accounts as JSON, CSV, HTML or an Atom feed."""
    from govsm.registry import Registry

    registry = Registry.from_workspace(state.open(workspace))
    if fmt == "json":
        text = registry.to_json(include_archived)
    elif fmt == "csv":
        text = registry.to_csv(include_archived)
    elif fmt == "html":
        text = registry.to_html(include_archived, language=state.language)
    else:
        text = registry.to_atom(base_url=feed_url)
    if output is None:
        click.echo(text, nl=False)
        return
    write_output(Path(output), text)
    es = state.language == "es"
    count = len(registry.live(include_archived))
    click.echo(
        f"{count} cuentas escritas en {output}" if es else f"{count} accounts written to {output}",
        err=True,
    )


@command.command("verify")
@click.argument("arguments", nargs=-1, required=True, metavar="[WORKSPACE] URL-OR-HANDLE")
@json_option("the answer (like the U.S. registry's API)")
@click.pass_obj
def verify(state: CliState, arguments: tuple[str, ...], as_json: bool) -> None:
    """Say whether URL-OR-HANDLE is an official account of the organisation.

    WORKSPACE defaults to the current folder. Exit status 0 when it is official, 1 when it is
    not (unknown, ambiguous, archived or not an account).
    """
    from govsm.registry import Registry

    if len(arguments) > 2:
        raise click.UsageError(
            "demasiados argumentos / too many arguments: [WORKSPACE] URL-OR-HANDLE"
        )
    workspace, account = arguments if len(arguments) == 2 else (".", arguments[0])

    registry = Registry.from_workspace(state.open(workspace))
    answer = registry.verify(account)
    if as_json:
        emit_json(answer.to_dict())
    else:
        es = state.language == "es"
        yes = "OFICIAL" if es else "OFFICIAL"
        no = "NO VERIFICADA" if es else "NOT VERIFIED"
        verdict = yes if answer.verified else no
        click.echo(f"{verdict}: {account} — {answer.message.get(state.language)}")
        if answer.entry is not None:
            e = answer.entry
            click.echo(f"  {e.service_display_name} {e.account} <{e.service_url}> ({e.status})")
        for candidate in answer.candidates:
            click.echo(
                f"  ? {candidate.service_display_name} {candidate.account} "
                f"<{candidate.service_url}> ({candidate.status})"
            )
    raise click.exceptions.Exit(0 if answer.verified else 1)
