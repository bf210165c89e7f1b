"""The package's architecture holds: no import cycle, layers as documented, light entry points."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib

import pytest

from govsm.plugins import DEFAULT_PLUGINS
from tests.architecture.imports import SRC, cycles, graph, modules

ROOT = SRC.parent
ARCHITECTURE_DOC = ROOT / "docs" / "explanation" / "architecture.md"
#: generated data, exempt from the size limit (regenerated from twitter-text's own files)
GENERATED = {"govsm.text._twitter_data"}
MAX_LINES = 500
#: modules still over the limit, being split (issue 10); the list may only shrink
STILL_OVER: set[str] = set()


def _layers_contract() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = (
        c for c in config["tool"]["importlinter"]["contracts"] if c.get("type") == "layers"
    )
    return contract


def _run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


class TestImportGraph:
    def test_the_graph_is_read(self) -> None:
        """The graph reader sees the modules and the imports it should (guards the next test)."""
        edges = graph()
        assert "govsm.plugins" in edges["govsm.workspace.workspace"]
        assert "govsm.spec.hookspecs" in edges["govsm.plugins"]
        assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]

    def test_no_cycle(self) -> None:
        """No module imports, directly or not, a module that imports it back."""
        assert cycles(graph()) == []

    def test_no_module_over_the_limit(self) -> None:
        """Every module is at most 500 lines (generated data aside): one concept per module."""
        over = {
            name: lines
            for name, path in modules().items()
            if name not in GENERATED
            and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        }
        assert set(over) <= STILL_OVER, "new modules over the limit"
        assert set(over) == STILL_OVER, "a module was split: take it off STILL_OVER"


class TestLayers:
    def test_contract_is_exhaustive(self) -> None:
        """Every top-level module of govsm sits in exactly one layer of the contract."""
        contract = _layers_contract()
        named = [
            name.strip()
            for layer in contract["layers"]  # type: ignore[attr-defined]
            for name in re.split(r"[|:]", layer)
        ]
        top = {name.split(".")[1] for name in modules() if name.count(".") >= 1}
        assert contract["exhaustive"] is True
        assert sorted(named) == sorted(top)

    def test_docs_draw_the_contract(self) -> None:
        """The architecture page draws the same layers, in the same order, as the contract."""
        text = ARCHITECTURE_DOC.read_text(encoding="utf-8")
        block = re.search(r"<!-- layers -->\n```text\n(.*?)```", text, re.S)
        assert block is not None, "the layers block is missing from architecture.md"
        drawn = [
            re.sub(r"\s+", " ", line.split("#")[0]).strip()
            for line in block.group(1).splitlines()
            if line.split("#")[0].strip()
        ]
        assert drawn == [re.sub(r"\s+", " ", layer) for layer in _layers_contract()["layers"]]  # type: ignore[attr-defined]

    def test_builtin_plugins_live_in_builtin(self) -> None:
        """DEFAULT_PLUGINS is exactly the modules of govsm.builtin that implement a hook."""
        implementing = set()
        for name, path in modules().items():
            if not name.startswith("govsm.builtin."):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if any(
                isinstance(node, ast.FunctionDef) and node.name.startswith("govsm_")
                for node in tree.body
            ):
                implementing.add(name)
        assert set(DEFAULT_PLUGINS) == implementing


@pytest.mark.slow
class TestLightImports:
    def test_measure_builds_no_host(self) -> None:
        """Measuring a text reads the channel catalogue as data: no plugin host is built."""
        _run(
            "import govsm.text, sys; govsm.text.measure('hola', 'x'); "
            "assert 'govsm.plugins' not in sys.modules, 'host loaded'"
        )

    def test_plugin_api_loads_no_internals(self) -> None:
        """Importing the plugin API loads neither the store, the workspace nor the host."""
        _run(
            "import sys, govsm.spec\n"
            "loaded = {m for m in sys.modules if m.split('.')[:2] in "
            "(['govsm', 'store'], ['govsm', 'workspace'], ['govsm', 'plugins'])}\n"
            "loaded |= {m for m in ('sqlalchemy', 'alembic') if m in sys.modules}\n"
            "assert not loaded, sorted(loaded)"
        )

    def test_example_plugin_imports_only_the_plugin_api(self) -> None:
        """The example plugin, which the tutorial builds, imports govsm only through govsm.spec."""
        source = ROOT / "plugins" / "govsm-plugin-example" / "src" / "govsm_plugin_example"
        for path in source.rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("govsm"):
                    assert node.module == "govsm.spec", f"{path.name}: {node.module}"
                if isinstance(node, ast.Import):
                    assert not any(a.name.startswith("govsm") for a in node.names), path.name
