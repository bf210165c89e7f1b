"""The top-level package exports the public names and nothing else; they all resolve."""

from __future__ import annotations

import subprocess
import sys

import pytest

import govsm


class TestPublicApi:
    def test_every_exported_name_resolves(self) -> None:
        """Each name in govsm.__all__ is importable from govsm."""
        for name in govsm.__all__:
            assert getattr(govsm, name) is not None

    def test_dir_is_all(self) -> None:
        """dir(govsm) shows exactly the public names."""
        assert dir(govsm) == sorted(govsm.__all__)

    def test_unknown_name(self) -> None:
        """A name that is not exported is an AttributeError."""
        with pytest.raises(AttributeError, match="Nope"):
            govsm.Nope  # type: ignore[attr-defined]  # noqa: B018

    def test_import_is_light(self) -> None:
        """`import govsm` imports neither SQLAlchemy nor pluggy until a name is used."""
        code = "import sys, govsm; print(sorted(m for m in ('sqlalchemy','pluggy','cattrs') if m in sys.modules))"
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == "[]"


def test_check_stays_the_function_after_importing_the_checking_package() -> None:
    """Importing govsm.checking's modules never rebinds govsm.check (a function, not a module)."""
    code = (
        "import govsm, govsm.checking.inputs, govsm.checking.formats.sarif\n"
        "print(callable(govsm.check), type(govsm.check).__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True function"
