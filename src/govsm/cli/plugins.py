"""``govsm plugins``: which plugins are loaded, where they come from, which hooks they implement."""

from __future__ import annotations

import sys

import click

from govsm.cli.context import CliState, emit_json
from govsm.cli.options import json_option


@click.command("plugins")
@json_option("the plugins (instead of a table)")
@click.pass_obj
def command(state: CliState, as_json: bool) -> None:
    """List the loaded plugins (name, version, source, hooks) and the ones that failed.

    Exit status 0, or 1 when a plugin failed to load.
    """
    host = state.host()
    plugins = host.plugins()
    if as_json:
        emit_json(
            {
                "plugins": [
                    {
                        "name": p.name,
                        "version": p.version,
                        "source": p.source,
                        "distribution": p.distribution,
                        "hooks": list(p.hooks),
                    }
                    for p in plugins
                ],
                "failures": [
                    {
                        "name": f.name,
                        "distribution": f.distribution,
                        "version": f.version,
                        "phase": f.phase,
                        "error": f.error,
                    }
                    for f in host.failures
                ],
            }
        )
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table("plugin", "version", "source", "hooks", box=None)
        for p in plugins:
            table.add_row(p.name, p.version or "", p.source, ", ".join(p.hooks))
        Console(width=None if sys.stdout.isatty() else 200).print(table)
    if host.failures:
        raise SystemExit(1)
