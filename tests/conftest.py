"""Shared test set-up: hypothesis profiles and the example workspace."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.paths import EXAMPLE

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# the fuzzing suite at full strength (nox -s fuzz): 10,000 hostile examples per target, unless
# GOVSM_FUZZ_EXAMPLES says how many (a shorter session, one target's budget)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("GOVSM_FUZZ_EXAMPLES", "10000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def example() -> Path:
    """The example council's workspace folder."""
    return EXAMPLE


@pytest.fixture
def store_url_sqlite(tmp_path: Path) -> str:
    """A SQLite store in the test's temporary folder."""
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"
