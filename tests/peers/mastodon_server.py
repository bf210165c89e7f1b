"""A Mastodon server for the tests: mastodon-mock, started once per session over real HTTP.

``mastodon_mock serve`` runs in its own process group on a free port of 127.0.0.1, with an
in-memory database seeded with two accounts, ``ayto`` (the council, the adapter's) and ``vecina``
(a citizen, the peer's), each with a random access token: those tokens are the secrets the
conformance kit looks for in logs, reprs and errors. The group is stopped as a whole at the end,
also when a test fails.

One server serves every test of the session that asks for it: govsm-mastodon's tests
(``plugins/govsm-mastodon/mastodon_tests``) and the tutorial's adapter
(``tests/docs/test_network_adapter_tutorial.py``). The fixtures are registered for the whole
repository by the root ``conftest.py``; the server starts only when a test asks for it.

A server that cannot start fails the tests, with the end of its log; list ``mastodon`` in
``GOVSM_SKIP_PEERS`` to skip them on purpose.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from govsm.model import Profile
from tests.peers.fixtures import SKIP_ENV, skip_if_disabled

if TYPE_CHECKING:
    from mastodon import Mastodon

STARTUP_TIMEOUT = 60.0
"""Seconds the server has to answer ``GET /api/v2/instance``."""

LOG_TAIL = 40
"""Lines of the server's log shown when it does not start."""

CONFIG = """\
[database]
path = ":memory:"

[server]
host = "127.0.0.1"
port = {port}

[[seed.accounts]]
username = "ayto"
display_name = "Ajuntament de Soldeneu"
access_token = "{ayto}"

[[seed.accounts]]
username = "vecina"
display_name = "Una veïna"
access_token = "{vecina}"
"""
"""mastodon-mock's configuration: the port and the two accounts' tokens are filled in."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, lines: int = LOG_TAIL) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class MockMastodon:
    """The running server: its address, its accounts' tokens, clients and its fault control."""

    def __init__(
        self, base_url: str, tokens: dict[str, str], process: subprocess.Popen[bytes], log: Path
    ) -> None:
        self.base_url = base_url
        self.tokens = tokens
        self.process = process
        self.log = log

    def client(self, user: str, **options: Any) -> Mastodon:
        """A Mastodon.py client acting as ``user`` (``ayto`` or ``vecina``)."""
        from mastodon import Mastodon  # only the tests that use Mastodon.py need it installed

        settings: dict[str, Any] = {"request_timeout": 10, "ratelimit_method": "throw"}
        settings.update(options)
        return Mastodon(access_token=self.tokens[user], api_base_url=self.base_url, **settings)

    def add_fault(
        self,
        path: str,
        effect: dict[str, Any],
        *,
        methods: tuple[str, ...] = ("POST",),
        count: int = 1,
    ) -> None:
        """Make the server answer the next ``count`` matching requests with ``effect``."""
        rule = {"match": {"methods": list(methods), "path": path}, "effect": effect, "count": count}
        answer = httpx.post(f"{self.base_url}/api/v1/_mock/faults", json=rule, timeout=10)
        answer.raise_for_status()

    def clear_faults(self) -> None:
        """Drop every fault rule left."""
        httpx.delete(f"{self.base_url}/api/v1/_mock/faults", timeout=10).raise_for_status()

    def profile(self, user: str = "ayto") -> Profile:
        """The govsm profile of ``user`` on this server."""
        return Profile(
            organisation="soldeneu",
            id=user,
            channel="mastodon",
            handle=f"@{user}@127.0.0.1",
            unit="comunicacio",
            url=f"{self.base_url}/@{user}",
        )

    def stop(self) -> None:
        """Stop the server's whole process group."""
        pgid = self.process.pid
        for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)  # whatever the server left in its group


def _start(workdir: Path) -> MockMastodon:
    port = _free_port()
    tokens = {user: f"tok-{user}-{secrets.token_hex(12)}" for user in ("ayto", "vecina")}
    config = workdir / ".mastodon_mock.toml"
    config.write_text(CONFIG.format(port=port, **tokens), encoding="utf-8")
    log = workdir / "mastodon-mock.log"
    command = [
        sys.executable,
        "-m",
        "mastodon_mock",
        "serve",
        "--config",
        str(config),
        "--log-level",
        "warning",
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command,
            cwd=workdir,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = MockMastodon(f"http://127.0.0.1:{port}", tokens, process, log)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(f"{server.base_url}/api/v2/instance", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    pytest.fail(
        f"mastodon-mock did not start on {server.base_url} (exit status {process.poll()}); "
        f"the end of its log:\n{_tail(log)}\n(set {SKIP_ENV}=mastodon to skip these tests)",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def mastodon_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockMastodon]:
    """mastodon-mock, started for the session and stopped as a whole at its end."""
    skip_if_disabled("mastodon")
    server = _start(tmp_path_factory.mktemp("mastodon"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mock(mastodon_server: MockMastodon) -> Iterator[MockMastodon]:
    """The session's server, with no fault rule left behind by the test."""
    yield mastodon_server
    mastodon_server.clear_faults()
