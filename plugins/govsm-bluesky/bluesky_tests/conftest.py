"""Fixtures of the Bluesky plugin's tests: accounts on the real local network, and the peer.

The network (``bluesky_network``, a PDS and a PLC directory on 127.0.0.1) is the session's,
from ``tests/peers``. Each test class gets its own two accounts (:mod:`bluesky_council`).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from govsm_bluesky import SERVICE_ENV, govsm_adapter
from govsm_bluesky.adapter import BlueskyAdapter
from tests.peers.bluesky_network import BlueskyNetwork

from bluesky_tests.bluesky_council import BLUESKY, IDLE, BlueskyPeer, Council, new_council
from govsm.model.profile import CredentialRef
from govsm.spec import Credentials, Profile


@pytest.fixture(scope="class")
def council(bluesky_network: BlueskyNetwork) -> Council:
    """A council and a neighbour on the local network, shared by the tests of one class."""
    return new_council(bluesky_network)


@pytest.fixture
def profile(council: Council) -> Profile:
    """The council's Bluesky profile."""
    return council.profile()


@pytest.fixture
def adapter(
    council: Council, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> Iterator[BlueskyAdapter]:
    """The adapter, built by the plugin's hook as govsm builds it, pointed at the local PDS."""
    monkeypatch.setenv(SERVICE_ENV, council.network.pds_url)
    monkeypatch.setenv("GOVSM_BLUESKY_PLC", council.network.plc_url)
    credentials = Credentials(
        ref=CredentialRef("env:SOLDENEU_BLUESKY"), secret=council.app_password
    )
    built = govsm_adapter(channel=BLUESKY, profile=profile, credentials=credentials)
    assert isinstance(built, BlueskyAdapter)
    built._reader.idle = IDLE  # a quiet local PDS is caught up sooner than the default says
    yield built
    built.close()


@pytest.fixture
def made_up_password() -> str:
    """A password nobody created."""
    return f"made-up-{secrets.token_hex(6)}"


@pytest.fixture
def refused(council: Council, made_up_password: str) -> Iterator[BlueskyAdapter]:
    """The adapter with a password the PDS refuses."""
    built = council.adapter(made_up_password)
    yield built
    built.close()


@pytest.fixture
def planted_secrets(council: Council, made_up_password: str) -> list[str]:
    """The app password, the account's own password, and the refused one."""
    return [council.app_password, council.ayto.password, made_up_password]


@pytest.fixture
def peer(council: Council) -> BlueskyPeer:
    """The neighbour and the council's own app, on the local PDS."""
    return BlueskyPeer(council)
