"""The ``govsm`` command group, its global options and its error handling.

Only ``click`` is imported at start-up. :data:`COMMANDS` names the module of every command, and
that module is imported only when its command runs (``govsm --help``, which shows every
command's short help, imports them all); each command then imports what it needs, so
``govsm --version`` and ``govsm plugins`` stay fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import click

from govsm._version import __version__

#: every command, by name, and where it is defined (``module:attribute``)
COMMANDS: Mapping[str, str] = MappingProxyType(
    {
        "audit": "govsm.cli.audit:command",
        "audit-log": "govsm.cli.audit_log:command",
        "channels": "govsm.cli.catalogue:channels_command",
        "check": "govsm.cli.check:command",
        "doctor": "govsm.cli.doctor:command",
        "export": "govsm.cli.export:command",
        "governance": "govsm.cli.governance:command",
        "handover": "govsm.cli.handover:command",
        "health": "govsm.cli.health:command",
        "import": "govsm.cli.import_command:command",
        "init": "govsm.cli.init:command",
        "manual": "govsm.cli.manual:command",
        "metrics": "govsm.cli.metrics:command",
        "outbox": "govsm.cli.publishing:outbox",
        "pause": "govsm.cli.publishing:pause",
        "plugins": "govsm.cli.plugins:command",
        "record": "govsm.cli.record:command",
        "registry": "govsm.cli.registry:command",
        "responses": "govsm.cli.responses:command",
        "resume": "govsm.cli.publishing:resume",
        "rules": "govsm.cli.catalogue:rules_command",
        "schedule": "govsm.cli.schedule:command",
        "sources": "govsm.cli.sources:command",
        "status": "govsm.cli.status:command",
        "sync": "govsm.cli.sync:command",
        "webhooks": "govsm.cli.webhooks:command",
        "worker": "govsm.cli.publishing:worker",
    }
)


class GovsmGroup(click.Group):
    """A click group that prints govsm's own errors in Spanish and English, without a traceback.

    :param lazy_commands: commands by name, each as ``module:attribute``; the module is imported
        the first time the command is looked up (to run it, or to list its help).

    Other arguments are :class:`click.Group`'s.
    """

    def __init__(
        self, *args: Any, lazy_commands: Mapping[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: Mapping[str, str] = lazy_commands or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, sorted, without importing any command's module."""
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, its module imported now if it was not yet."""
        command = super().get_command(ctx, cmd_name)
        where = self.lazy_commands.get(cmd_name)
        if command is not None or where is None:
            return command
        module, _, attribute = where.partition(":")
        loaded = getattr(importlib.import_module(module), attribute)
        if not isinstance(loaded, click.Command):
            raise TypeError(f"{where} is not a click command")
        self.add_command(loaded, cmd_name)
        return loaded

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a :class:`~govsm.errors.GovsmError` becomes its message and status."""
        from govsm.errors import GovsmError

        try:
            return super().invoke(ctx)
        except GovsmError as exc:
            click.echo(exc.render(), err=True)
            ctx.exit(exc.exit_code)


@click.group(
    cls=GovsmGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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


def main() -> None:
    """Entry point of the ``govsm`` console script."""
    cli.main(prog_name="govsm")


if __name__ == "__main__":  # pragma: no cover
    main()
