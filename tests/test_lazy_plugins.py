"""Built-in plugins are registered from a manifest and imported when one of their hooks runs."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from govsm.lazy_plugins import BUILTIN_HOOKS, LazyPlugin
from govsm.plugins import DEFAULT_PLUGINS, PluginHost
from govsm.spec import hookspecs


def _declared(module_name: str) -> dict[str, dict[str, bool]]:
    """What a module really implements: each marked hook with its true options."""
    module = importlib.import_module(module_name)
    found: dict[str, dict[str, bool]] = {}
    for name in dir(module):
        marker = getattr(getattr(module, name), "govsm_impl", None)
        if name.startswith("govsm_") and marker is not None:
            found[name] = {k: v for k, v in marker.items() if v is True}
    return found


@pytest.mark.parametrize("module_name", DEFAULT_PLUGINS)
def test_the_manifest_says_what_each_module_implements(module_name: str) -> None:
    assert {hook: dict(options) for hook, options in BUILTIN_HOOKS[module_name].items()} == (
        _declared(module_name)
    )


def test_the_stand_in_passes_what_the_real_function_takes() -> None:
    """pluggy gives every argument the hook declares; the module's function may take fewer."""
    plugin = LazyPlugin("govsm.builtin.store", BUILTIN_HOOKS["govsm.builtin.store"])
    assert plugin.govsm_store("redis://nowhere") is None  # type: ignore[attr-defined]
    assert plugin.imported


def test_a_broken_module_fails_in_its_hook_and_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    host = PluginHost(entry_points=False)
    lazy = host.manager.get_plugin("govsm.builtin.rules.tone")
    assert isinstance(lazy, LazyPlugin)

    def broken() -> object:
        raise ImportError("a module that cannot load")

    monkeypatch.setattr(lazy, "module", broken)
    rules = host.rules()
    assert "tone" not in rules and "length" in rules
    (failure,) = host.failures
    assert failure.name == "govsm.builtin.rules.tone" and failure.phase == "govsm_rules"
    assert "ImportError" in failure.error


def test_listing_plugins_imports_none_of_their_modules() -> None:
    """``govsm plugins`` answers from the manifest: no rule, step, exporter or SQLAlchemy."""
    code = (
        "import sys\n"
        "from govsm.cli.main import cli\n"
        "try:\n"
        "    cli(['plugins', '--json'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in sys.modules if m.startswith('govsm.builtin.') or m == 'sqlalchemy']\n"
        "print('LOADED', sorted(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert "LOADED []" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]


def test_every_hook_the_manifest_names_exists() -> None:
    for hooks in BUILTIN_HOOKS.values():
        for hook in hooks:
            assert hasattr(hookspecs, hook)
