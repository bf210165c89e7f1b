"""govsm's conformance kit, run against the Bluesky adapter and the real local PDS."""

from __future__ import annotations

import pytest

from govsm.testing.conformance import AdapterConformance

pytestmark = pytest.mark.slow


class TestBluesky(AdapterConformance):
    """Every test of the kit, on a council's account of the local network (see conftest)."""
