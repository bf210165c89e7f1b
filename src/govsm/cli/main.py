"""The ``govsm`` command group, its global options and its error handling.

Only ``click`` is imported at start-up; each command imports what it needs when it runs, so
``govsm --version`` stays fast.
"""

from __future__ import annotations

from typing import Any

import click

from govsm._version import __version__


class GovsmGroup(click.Group):
    """A click group that prints govsm's own errors in Spanish and English, without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a :class:`~govsm.errors.GovsmError` becomes its message and status."""
        from govsm.errors import GovsmError

        try:
            return super().invoke(ctx)
        except GovsmError as exc:
            click.echo(exc.render(), err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=GovsmGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--version", "-V", prog_name="govsm", message="%(prog)s %(version)s"
)
@click.option(
    "--disable-plugin",
    "disabled",
    multiple=True,
    metavar="NAME",
    help="Do not load this plugin (repeatable; GOVSM_DISABLE_PLUGINS=a,b does the same).",
)
@click.option(
    "--lang",
    type=click.Choice(["es", "en"]),
    default=None,
    help="Language of human-readable output (default: es if LANG is Spanish, else en). "
    "Errors are always shown in both.",
)
@click.option(
    "-v",
    "--verbose",
    "--debug",
    "verbose",
    is_flag=True,
    help="Show the tracebacks of plugins, steps and exporters that failed (for bug reports).",
)
@click.pass_context
def cli(ctx: click.Context, disabled: tuple[str, ...], lang: str | None, verbose: bool) -> None:
    """govsm: govern a public administration's social media.

    Profiles and who answers for them, the rules a post must follow, and the main job,
    ``govsm audit``, that checks it all and writes a report.
    """
    from govsm.cli.context import CliState, default_language

    ctx.obj = CliState(disabled=disabled, language=lang or default_language(), verbose=verbose)


def _register() -> None:
    from govsm.cli import audit, audit_log, check, doctor, health, init, plugins, registry, status

    for module in (init, plugins, doctor, status, check, audit, audit_log, registry, health):
        cli.add_command(module.command)
    from govsm.cli import (
        catalogue,
        export,
        governance,
        handover,
        manual,
        publishing,
        record,
        schedule,
        sync,
        webhooks,
    )

    cli.add_command(catalogue.channels_command)
    cli.add_command(catalogue.rules_command)
    cli.add_command(export.command)
    cli.add_command(governance.command)
    cli.add_command(handover.command)
    cli.add_command(manual.command)
    cli.add_command(record.command)
    cli.add_command(schedule.command)
    cli.add_command(sync.command)
    cli.add_command(webhooks.command)
    from govsm.cli import import_command, responses, sources

    cli.add_command(import_command.command)
    cli.add_command(responses.command)
    cli.add_command(sources.command)
    for name in ("worker", "outbox", "pause", "resume"):
        cli.add_command(getattr(publishing, name))


_register()


def main() -> None:
    """Entry point of the ``govsm`` console script."""
    cli.main(prog_name="govsm")


if __name__ == "__main__":  # pragma: no cover
    main()
