"""A pytest plugin with fixtures for plugin authors, registered through ``pytest11``.

Fixtures:

``govsm_host``
    a fresh :class:`~govsm.plugins.PluginHost` with the built-ins only (no entry points), so a
    test sees exactly the plugins it registers: ``govsm_host.manager.register(my_plugin)``.
``govsm_store_url``
    a SQLite store URL in the test's temporary folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from govsm.plugins import PluginHost


@pytest.fixture
def govsm_host() -> PluginHost:
    """A fresh plugin host with the built-in plugins only."""
    from govsm.plugins import PluginHost

    return PluginHost(entry_points=False)


@pytest.fixture
def govsm_store_url(tmp_path: Path) -> str:
    """A SQLite store URL in the test's temporary folder."""
    return f"sqlite:///{tmp_path / 'govsm.sqlite3'}"
