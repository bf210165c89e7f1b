"""Shared fixtures for the text engine's tests: the shared conformance data and Node references.

Reference implementations (``twitter-text``, ``@atproto/api``) come from the npm registry,
installed into ``tests/text/reference`` by ``nox -s tests`` (``npm ci``). Without Node or those
packages the differential tests skip, saying why; under ``CI`` they fail instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "reference"
SHARED = HERE.parents[2] / "shared" / "conformance"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def conformance() -> Path:
    """The folder with the twitter-text and atproto conformance data (../shared/conformance)."""
    if not SHARED.is_dir():
        _unavailable(f"the shared conformance data is not at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def node_reference() -> Callable[[str, list[Any]], list[Any]]:
    """Run ``reference/<script>`` once over a batch: JSON array in on stdin, JSON array out."""
    node = shutil.which("node")
    if node is None:
        _unavailable("Node.js is not installed: the differential tests need it")
    if not (REFERENCE / "node_modules").is_dir():
        _unavailable(f"run 'npm ci --prefix {REFERENCE}' (nox -s tests does it)")

    def run(script: str, inputs: list[Any]) -> list[Any]:
        done = subprocess.run(
            [str(node), str(REFERENCE / script)],
            input=json.dumps(inputs),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            cwd=REFERENCE,
        )
        if done.returncode != 0:
            raise AssertionError(f"{script} failed: {done.stderr}")
        result: list[Any] = json.loads(done.stdout)
        return result

    return run
