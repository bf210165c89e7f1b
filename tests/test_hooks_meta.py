"""Meta-tests: every hook is documented, versioned and exercised by a test."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from govsm.spec import hookspecs

HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("govsm_"))
TESTS = Path(__file__).parent
PLUGIN_TESTS = TESTS.parent / "plugins"


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


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_tested(name: str) -> None:
    """Each hook's name appears in a test other than this one (core or plugin tests)."""
    sources = [p for p in TESTS.rglob("test_*.py") if p.name != Path(__file__).name]
    sources += list(PLUGIN_TESTS.rglob("test_*.py"))
    assert any(name in p.read_text(encoding="utf-8") for p in sources), f"{name} has no test"


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_in_the_docs(name: str) -> None:
    """The hook reference page renders every hookspec (via automodule of govsm.spec.hookspecs)."""
    page = (TESTS.parent / "docs" / "reference" / "hooks.md").read_text(encoding="utf-8")
    assert "govsm.spec.hookspecs" in page
