"""Meta-tests: every hook is documented, versioned and exercised by a test."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from govsm.plugins import PluginHost
from govsm.spec import hookspecs

HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("govsm_"))
TESTS = Path(__file__).parent
PLUGIN_TESTS = TESTS.parent / "plugins"
TEST_PLUGIN = TESTS / "plugins"
SRC = TESTS.parent / "src" / "govsm"


def test_there_are_hooks() -> None:
    """The foundation defines at least the hooks the architecture names."""
    assert {
        "govsm_channels",
        "govsm_rules",
        "govsm_adapter",
        "govsm_importers",
        "govsm_exporters",
        "govsm_store",
        "govsm_audit_steps",
        "govsm_message_published",
        "govsm_message_failed",
        "govsm_profile_status_changed",
        "govsm_inbound_received",
        "govsm_sla_breached",
        "govsm_before_publish",
    } <= set(HOOKS)


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented(name: str) -> None:
    """Each hookspec has a summary, documents every parameter and says when it was added."""
    function = getattr(hookspecs, name)
    doc = inspect.getdoc(function) or ""
    assert doc.splitlines()[0].endswith("."), f"{name}: no one-line summary"
    assert ".. versionadded::" in doc, f"{name}: no versionadded"
    for parameter in inspect.signature(function).parameters:
        assert f":param {parameter}:" in doc, f"{name}: parameter {parameter} undocumented"
    if getattr(function, "govsm_spec", {}).get("firstresult"):
        assert "firstresult" in doc, f"{name}: firstresult not said"


def _host_method(name: str) -> str:
    """The PluginHost method that calls hook ``name`` (its body names the hook)."""
    for method_name, method in inspect.getmembers(PluginHost, inspect.isfunction):
        if not method_name.startswith("_") and f'"{name}"' in inspect.getsource(method):
            return method_name
    raise AssertionError(f"{name}: no PluginHost method calls it")


def _calls(method: str, paths: list[Path]) -> list[Path]:
    pattern = re.compile(rf"\.{method}\(")
    return [p for p in paths if pattern.search(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_tested(name: str) -> None:
    """A test calls each hook by name, through the host, and a test plugin implements it."""
    tests = [p for p in TESTS.rglob("test_*.py") if p.name != Path(__file__).name]
    tests += list(PLUGIN_TESTS.rglob("test_*.py"))
    assert _calls(_host_method(name), tests), f"no test calls PluginHost.{_host_method(name)}"
    plugins = [*TEST_PLUGIN.rglob("*.py"), *PLUGIN_TESTS.rglob("*.py")]
    assert any(f"def {name}(" in p.read_text(encoding="utf-8") for p in plugins), (
        f"no test plugin implements {name}"
    )


@pytest.mark.parametrize("name", HOOKS)
def test_hook_has_a_caller_or_says_which_issue_will_call_it(name: str) -> None:
    """govsm calls every hook, or the hook's docstring says it does not yet and who will."""
    sources = [p for p in SRC.rglob("*.py") if p.name != "plugins.py"]
    called = _calls(_host_method(name), sources)
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    if called:
        assert "does not fire this hook yet" not in doc, f"{name}: the note is stale"
        assert "does not call this hook yet" not in doc, f"{name}: the note is stale"
    else:
        assert re.search(
            r"does not (fire|call) this hook yet: .*(issue \d+|not filed)", doc, re.S
        ), f"{name}: nothing in src/ calls it and its docstring does not say so"


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_in_the_docs(name: str) -> None:
    """The hook reference renders each hook and lists it with its exact arguments."""
    page = (TESTS.parent / "docs" / "reference" / "hooks.md").read_text(encoding="utf-8")
    assert f".. autofunction:: govsm.spec.hookspecs.{name}\n" in page, f"{name} not rendered"
    arguments = ", ".join(inspect.signature(getattr(hookspecs, name)).parameters)
    assert f"| `{name}({arguments})` |" in page, f"{name}({arguments}) not in the table"


def test_the_docs_list_no_other_hook() -> None:
    """Every hook the reference names exists (a renamed hook leaves no stale entry)."""
    page = (TESTS.parent / "docs" / "reference" / "hooks.md").read_text(encoding="utf-8")
    assert set(re.findall(r"\b(govsm_[a-z_]+)\(", page)) <= set(HOOKS)
