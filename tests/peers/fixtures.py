"""Pytest fixtures that start the real peers once per test session.

A peer that cannot be installed or started makes its tests fail, not skip: list it in the
environment variable ``GOVSM_SKIP_PEERS`` (comma- or space-separated, e.g. ``bluesky``) to skip
its tests on purpose.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest

from tests.peers.bluesky_appview import BlueskyFullNetwork
from tests.peers.bluesky_network import BlueskyNetwork, PeerUnavailable, install

SKIP_ENV = "GOVSM_SKIP_PEERS"
"""The environment variable that lists the peers whose tests are skipped."""


def skip_if_disabled(peer: str) -> None:
    """Skip the current test if ``$GOVSM_SKIP_PEERS`` lists ``peer``.

    :param peer: the peer's name, e.g. ``"bluesky"``.
    """
    listed = {name.lower() for name in re.split(r"[\s,]+", os.environ.get(SKIP_ENV, "")) if name}
    if peer.lower() in listed:
        pytest.skip(f"{SKIP_ENV} lists {peer}")


@pytest.fixture(scope="session")
def bluesky_network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BlueskyNetwork]:
    """A started local Bluesky network (PLC directory and PDS), shared by the session."""
    skip_if_disabled("bluesky")
    problem = None
    try:
        network = BlueskyNetwork(install(), data_dir=tmp_path_factory.mktemp("bluesky")).start()
    except PeerUnavailable as exc:
        problem = str(exc)
    if problem is not None:
        pytest.fail(
            f"the local Bluesky network is unavailable: {problem}\n"
            f"(it needs Node.js, npm and the npm registry; set {SKIP_ENV}=bluesky to skip)",
            pytrace=False,
        )
    try:
        yield network
    finally:
        network.stop()


@pytest.fixture(scope="session")
def bluesky_full_network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BlueskyFullNetwork]:
    """A started full local Bluesky network (PDS, AppView, PLC), shared by the session.

    It needs the machine's PostgreSQL and Redis besides Node and npm; ``GOVSM_SKIP_PEERS=bluesky``
    skips its tests as it does the PDS-only network's.
    """
    skip_if_disabled("bluesky")
    problem = None
    try:
        network = BlueskyFullNetwork(
            install(), data_dir=tmp_path_factory.mktemp("bluesky-full")
        ).start()
    except PeerUnavailable as exc:
        problem = str(exc)
    if problem is not None:
        pytest.fail(
            f"the full local Bluesky network is unavailable: {problem}\n"
            f"(it needs Node.js, npm, the npm registry, PostgreSQL and Redis; set "
            f"{SKIP_ENV}=bluesky to skip)",
            pytrace=False,
        )
    try:
        yield network
    finally:
        network.stop()
