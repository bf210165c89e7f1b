"""Shared set-up for the rule tests: the example council's snapshot.

The rules and channels come from ``govsm_host``, the fixture govsm ships for plugin authors (a
fresh host with the built-ins only, per test).
"""

from __future__ import annotations

import pytest

from govsm.model import OrganisationSnapshot
from govsm.workspace import load_config
from tests.paths import EXAMPLE


@pytest.fixture(scope="session")
def snapshot() -> OrganisationSnapshot:
    """The example council's organisation, profiles and policy, loaded once."""
    return load_config(EXAMPLE, None).snapshot
