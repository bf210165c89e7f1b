"""A Mastodon server for the tests: mastodon-mock, started once per session over real HTTP.

``mastodon_mock serve`` runs in its own process group on a free port of 127.0.0.1, with an
in-memory database seeded with two accounts, ``ayto`` (the council, the adapter's) and ``vecina``
(a citizen, the peer's), each with a random access token: those tokens are the secrets the
conformance kit looks for in logs, reprs and errors. The group is stopped as a whole at the end,
also when a test fails.

A server that cannot start fails the tests, with the end of its log; list ``mastodon`` in
``GOVSM_SKIP_PEERS`` to skip them on purpose.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from govsm_mastodon import MastodonAdapter
from mastodon import Mastodon
from mastodon.errors import MastodonNotFoundError

from govsm.model import Profile

SKIP_ENV = "GOVSM_SKIP_PEERS"
STARTUP_TIMEOUT = 60.0
LOG_TAIL = 40

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


def _skip_if_disabled(peer: str) -> None:
    listed = {name.lower() for name in re.split(r"[\s,]+", os.environ.get(SKIP_ENV, "")) if name}
    if peer in listed:
        pytest.skip(f"{SKIP_ENV} lists {peer}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, lines: int = LOG_TAIL) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def plain(content: str) -> str:
    """A status's HTML as plain text, the simple way (independent of the adapter's)."""
    text = re.sub(r"<br\s*/?>", "\n", content)
    text = re.sub(r"</p>\s*<p>", "\n\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


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
    _skip_if_disabled("mastodon")
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


class MastodonPeer:
    """What the conformance kit sees and does on the server, through Mastodon.py.

    ``vecina`` reads and replies; ``ayto``'s own client edits and deletes, as the council's
    staff would in Mastodon's web app.
    """

    def __init__(self, server: MockMastodon) -> None:
        self.server = server
        self.vecina = server.client("vecina")
        self.ayto = server.client("ayto")
        self.ayto_id = self.ayto.account_verify_credentials()["id"]

    def text_of(self, remote_id: str) -> str | None:
        try:
            source = self.ayto.status_source(remote_id)
        except MastodonNotFoundError:
            return None
        return str(source["text"])

    def alt_texts_of(self, remote_id: str) -> list[str]:
        status = self.vecina.status(remote_id)
        return [str(m["description"]) for m in status["media_attachments"]]

    def parent_of(self, remote_id: str) -> str | None:
        parent = self.vecina.status(remote_id)["in_reply_to_id"]
        return None if parent is None else str(parent)

    def count_with_text(self, text: str) -> int:
        wanted = " ".join(text.split())
        count = 0
        page = self.vecina.account_statuses(self.ayto_id, limit=40)
        while page:
            count += sum(" ".join(plain(s["content"]).split()) == wanted for s in page)
            page = self.vecina.fetch_next(page)
        return count

    def reply(self, remote_id: str, text: str) -> str:
        return str(self.vecina.status_post(f"@ayto {text}", in_reply_to_id=remote_id)["id"])

    def edit(self, remote_id: str, text: str) -> None:
        self.ayto.status_update(remote_id, text)

    def delete(self, remote_id: str) -> None:
        self.ayto.status_delete(remote_id)

    def rate_limit_next_publish(self, retry_after: int) -> None:
        # mastodon-mock's ratelimit effect sends Retry-After (300 unless told) and
        # X-RateLimit-Reset (now + 300, epoch seconds); here Retry-After is the kit's
        self.server.add_fault(
            "/api/v1/statuses", {"type": "ratelimit", "headers": {"Retry-After": str(retry_after)}}
        )


@pytest.fixture
def peer(mock: MockMastodon) -> MastodonPeer:
    return MastodonPeer(mock)


@pytest.fixture
def profile(mock: MockMastodon) -> Profile:
    return mock.profile("ayto")


@pytest.fixture
def adapter(mock: MockMastodon, profile: Profile) -> MastodonAdapter:
    return MastodonAdapter(profile, mock.tokens["ayto"], timeout=10)


@pytest.fixture
def refused_token() -> str:
    return f"revoked-{secrets.token_hex(12)}"


@pytest.fixture
def refused(mock: MockMastodon, profile: Profile, refused_token: str) -> MastodonAdapter:
    return MastodonAdapter(profile, refused_token, timeout=10)


@pytest.fixture
def planted_secrets(mock: MockMastodon, refused_token: str) -> list[str]:
    return [mock.tokens["ayto"], mock.tokens["vecina"], refused_token]
