"""``govsm.spec`` and ``govsm.model`` export their names lazily: each loads on first use, the same."""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys
from types import ModuleType

import pytest

import govsm.model
import govsm.spec

PACKAGES = [govsm.spec, govsm.model]


def _type_checking_imports(package: ModuleType) -> dict[str, tuple[str, ...]]:
    """What the package imports under ``if TYPE_CHECKING:``, the names mypy sees, by module."""
    tree = ast.parse(inspect.getsource(package))
    (block,) = (
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    found: dict[str, tuple[str, ...]] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.module is not None
        found[node.module] = (*found.get(node.module, ()), *(a.name for a in node.names))
    return found


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
class TestLazyExports:
    def test_all_matches_the_sources(self, package: ModuleType) -> None:
        """__all__ names exactly the names the table of sources says where to find."""
        sources = package._SOURCES
        names = [name for names in sources.values() for name in names]
        assert len(names) == len(set(names))
        assert sorted(package.__all__) == sorted(names)

    def test_mypy_sees_what_runs(self, package: ModuleType) -> None:
        """The TYPE_CHECKING imports are the table of sources: type checkers and runtime agree."""
        assert _type_checking_imports(package) == package._SOURCES

    def test_each_name_is_the_defining_module_s_object(self, package: ModuleType) -> None:
        """Every exported name resolves to the very object of the module that defines it."""
        for module_name, names in package._SOURCES.items():
            module = importlib.import_module(module_name)
            for name in names:
                assert getattr(package, name) is getattr(module, name), name

    def test_dir_shows_every_exported_name(self, package: ModuleType) -> None:
        """dir() lists the exported names, imported yet or not (autodoc and completion use it)."""
        assert set(package.__all__) <= set(dir(package))

    def test_an_unknown_name_is_an_attribute_error(self, package: ModuleType) -> None:
        """A name the package does not export raises AttributeError, naming the package."""
        with pytest.raises(AttributeError, match=package.__name__):
            package.Nope  # noqa: B018


@pytest.mark.slow
class TestWhatLoads:
    def test_importing_the_plugin_api_loads_no_record(self) -> None:
        """`import govsm.spec` loads neither a model class nor attrs."""
        loaded = _run(
            "import sys, govsm.spec\n"
            "print(sorted(m for m in sys.modules if m.startswith('govsm.model') "
            "or m in ('attr', 'attrs')))"
        )
        assert loaded == "[]"

    def test_a_name_loads_its_module_only(self) -> None:
        """`from govsm.spec import Rule` loads the rule's module, not the exporters' or the manual's."""
        loaded = _run(
            "import sys\n"
            "from govsm.spec import Rule\n"
            "print(sorted(m for m in ('govsm.spec.rule', 'govsm.spec.export_source', "
            "'govsm.spec.exporter', 'govsm.spec.importer', 'govsm.model.manual', "
            "'govsm.model.outbox', 'regex') if m in sys.modules))"
        )
        assert loaded == "['govsm.spec.rule']"
