"""Start-up: ``govsm`` imports a command's module only when it runs, and ``plugins`` stays light."""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
import pkgutil
import re
import subprocess
import sys

import click
import pytest
from tests.cli.running import invoke

import govsm.cli
from govsm.cli.main import COMMANDS, cli

#: libraries ``govsm plugins --json`` needs none of (the store, the terminal tables, the
#: language models, the network clients, the text segmenter, the converter)
HEAVY = ("sqlalchemy", "rich", "lingua", "httpx", "phonenumbers", "holidays", "regex", "cattrs")

#: what ``govsm plugins --json`` may import of govsm itself, beside the plugin API
#: (``govsm.spec``, and the model classes an installed plugin names)
PLUGINS_COMMAND = {
    "govsm",
    "govsm._lazy",
    "govsm._version",
    "govsm.cli",
    "govsm.cli.context",
    "govsm.cli.main",
    "govsm.cli.options",
    "govsm.cli.plugins",
    "govsm.errors",
    "govsm.lazy_plugins",
    "govsm.plugins",
}

_SCRIPT = """\
import contextlib, io, json, sys
from govsm.cli.main import cli
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        cli(["plugins", "--json"], standalone_mode=False)
    except SystemExit:
        pass
listed = json.loads(out.getvalue())
print(json.dumps({"plugins": [p["name"] for p in listed["plugins"]], "modules": sorted(sys.modules)}))
"""


def _plugins_command(env: dict[str, str] | None = None) -> tuple[list[str], set[str]]:
    """Run ``govsm plugins --json`` in a fresh interpreter: the plugins it lists, what it imported."""
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    answer = json.loads(done.stdout.splitlines()[-1])
    return answer["plugins"], set(answer["modules"])


@pytest.mark.slow
class TestPluginsCommandStartup:
    def test_it_imports_no_heavy_library_nor_another_command(self) -> None:
        """With the installed plugins: no store, rich, language model or segmenter; no other command."""
        plugins, modules = _plugins_command()
        assert "govsm.builtin.channels" in plugins
        assert sorted(m for m in HEAVY if m in modules) == []
        assert sorted(m for m in modules if m.startswith("govsm.cli.")) == sorted(
            m for m in PLUGINS_COMMAND if m.startswith("govsm.cli.")
        )
        assert "govsm.model.manual" not in modules  # the model loads class by class

    def test_without_entry_points_it_loads_no_model(self) -> None:
        """With every installed plugin disabled, govsm loads neither the model nor attrs."""
        names = ",".join(e.name for e in importlib.metadata.entry_points(group="govsm"))
        plugins, modules = _plugins_command({"GOVSM_DISABLE_PLUGINS": names})
        assert plugins and all(name.startswith("govsm.") for name in plugins)
        assert {m for m in modules if m == "govsm" or m.startswith("govsm.")} == {
            *PLUGINS_COMMAND,
            "govsm.spec",
            "govsm.spec.hookspecs",
        }
        assert sorted(m for m in (*HEAVY, "attr", "attrs") if m in modules) == []

    def test_the_first_party_plugins_load_no_model(self) -> None:
        """The importer, network and integration plugins build what they declare on first use.

        Only the teaching plugins (the example and the test plugin, which name model classes at
        import time on purpose) are disabled; every other installed plugin is listed, and
        neither attrs nor the model is imported.
        """
        plugins, modules = _plugins_command({"GOVSM_DISABLE_PLUGINS": "example,test-plugin"})
        installed = {e.name for e in importlib.metadata.entry_points(group="govsm")}
        assert installed - {"example", "test-plugin"} <= set(plugins)
        assert sorted(m for m in (*HEAVY, "attr", "attrs") if m in modules) == []
        assert sorted(m for m in modules if m.startswith("govsm.model")) == []


class TestLazyCommands:
    def test_the_table_names_each_command_where_it_is(self) -> None:
        """Each entry of COMMANDS is a click command of that name."""
        context = click.Context(cli)
        for name in COMMANDS:
            command = cli.get_command(context, name)
            assert isinstance(command, click.Command), name
            assert command.name == name

    def test_every_command_of_the_package_is_in_the_table(self) -> None:
        """A command defined in govsm.cli and not under a group is in COMMANDS: none is forgotten."""
        found: dict[int, tuple[click.Command, str]] = {}
        under_a_group: set[int] = set()
        for module_info in pkgutil.iter_modules(govsm.cli.__path__):
            module = importlib.import_module(f"govsm.cli.{module_info.name}")
            for attribute, value in vars(module).items():
                if isinstance(value, click.Command) and value is not cli:
                    found.setdefault(id(value), (value, f"{module.__name__}:{attribute}"))
                    if isinstance(value, click.Group):
                        under_a_group |= {id(c) for c in value.commands.values()}
        top = {where for key, (_, where) in found.items() if key not in under_a_group}
        assert top == set(COMMANDS.values())

    def test_the_group_lists_the_table(self) -> None:
        """The group lists exactly the commands of the table, sorted."""
        assert cli.list_commands(click.Context(cli)) == sorted(COMMANDS)

    def test_help_shows_every_command_with_its_short_help(self) -> None:
        """`govsm --help` lists each command, in order, with the start of its own help."""
        done = invoke("--help")
        assert done.returncode == 0
        section = done.stdout.split("Commands:\n", 1)[1]
        rows = [line.split(None, 1) for line in section.splitlines() if line.strip()]
        assert [name for name, _ in rows] == sorted(COMMANDS)
        context = click.Context(cli)
        for name, shown in rows:
            command = cli.get_command(context, name)
            assert command is not None
            full = " ".join(command.get_short_help_str(limit=1000).split())
            assert shown and full.startswith(shown.removesuffix("...").rstrip()), name

    def test_an_unknown_command_is_a_usage_error(self) -> None:
        """A name that is not in the table is still click's usage error (exit 2)."""
        done = invoke("no-such-command")
        assert done.returncode == 2
        assert "No such command" in done.stderr

    def test_a_table_entry_that_is_not_a_command_is_refused(self) -> None:
        """A wrong entry in the table fails loudly, naming it."""
        group = type(cli)(name="g", lazy_commands={"x": "govsm.cli.main:COMMANDS"})
        with pytest.raises(TypeError, match=re.escape("govsm.cli.main:COMMANDS")):
            group.get_command(click.Context(group), "x")
