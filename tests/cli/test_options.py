"""Options shared by several commands are declared once and mean the same everywhere."""

from __future__ import annotations

from datetime import date

import click
import pytest
from tests.cli.running import invoke
from tests.paths import EXAMPLE

from govsm.cli.main import cli
from govsm.cli.options import AsOf


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            found.extend(_commands(command, f"{prefix}{name} "))
        else:
            found.append((f"{prefix}{name}", command))
    return found


COMMANDS = _commands(cli)


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_the_workspace_is_the_first_argument(name: str, command: click.Command) -> None:
    """Every command that reads a workspace takes it as its first argument (check: -w)."""
    params = {p.name: p for p in command.params}
    if "workspace" not in params:
        return
    workspace = params["workspace"]
    if name in ("check", "import"):  # their arguments are the posts, or the archives
        assert isinstance(workspace, click.Option) and "-w" in workspace.opts
        return
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    if name == "export":  # KIND names what is made, as a subcommand would: WORKSPACE follows
        assert [a.name for a in arguments] == ["kind", "workspace"]
        return
    assert arguments[0] is workspace, f"{name}: WORKSPACE is not the first argument"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_shared_options_are_spelled_alike(name: str, command: click.Command) -> None:
    """--json is a flag into ``as_json``; --as-of parses days and instants the same way."""
    for param in command.params:
        if "--json" in getattr(param, "opts", ()):
            assert param.name == "as_json" and isinstance(param, click.Option) and param.is_flag
        if "--as-of" in getattr(param, "opts", ()):
            assert param.name == "as_of"
            assert isinstance(param.type.convert("2026-11-20", param, None), AsOf)


class TestAsOf:
    def test_a_day_is_that_day_everywhere(self) -> None:
        """A day given stays that day whatever the time zone."""
        assert AsOf.parse("2026-11-20").day("Pacific/Kiritimati") == date(2026, 11, 20)

    def test_a_naive_instant_is_refused(self) -> None:
        """An instant without its offset is ambiguous and refused in both languages."""
        with pytest.raises(click.BadParameter, match="indique el desfase"):
            AsOf.parse("2026-11-20T10:00:00")

    def test_nonsense_is_refused(self) -> None:
        """Something that is neither a day nor an instant says so."""
        with pytest.raises(click.BadParameter, match="is not a date"):
            AsOf.parse("yesterday")

    @pytest.mark.parametrize(
        "text", ["0001-01-01", "9999-12-31", "9999-12-31T23:59:59-12:00", "1899-12-31"]
    )
    def test_the_ends_of_the_calendar_are_refused(self, text: str) -> None:
        """Once an OverflowError in the handover step (0001-01-01) or the CLI (9999-12-31…)."""
        with pytest.raises(click.BadParameter, match="is outside the years 1900–2999"):
            AsOf.parse(text)

    @pytest.mark.parametrize("command", ["audit", "health", "responses", "handover", "manual"])
    def test_every_command_says_the_same(self, command: str) -> None:
        done = invoke("--lang", "en", command, str(EXAMPLE), "--as-of", "0001-01-01")
        assert done.returncode == 2
        assert "'0001-01-01' is outside the years 1900–2999" in done.stderr
