"""``govsm plugins``: which plugins are loaded, where they come from, which hooks they implement."""

from __future__ import annotations

import click

from govsm.cli.context import CliState, echo_table, emit_json
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
        echo_table(
            ("plugin", "version", "source", "hooks"),
            [(p.name, p.version or "", p.source, ", ".join(p.hooks)) for p in plugins],
        )
    if host.failures:
        raise SystemExit(1)
