"""govsm's conformance kit against mastodon-mock, through the adapter and a second account.

The fixtures (``adapter``, ``profile``, ``peer``, ``refused``, ``planted_secrets``) are in this
folder's ``conftest.py``.
"""

from __future__ import annotations

from govsm.testing.conformance import AdapterConformance


class TestMastodon(AdapterConformance):
    """Every test of the kit, on the ``ayto`` account of the session's server."""
