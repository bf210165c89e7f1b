"""A full local Bluesky network for the tests: PDS, AppView (bsky) and PLC, from dev-env.

``@atproto/dev-env``'s ``TestNetwork`` — what the atproto repository's own tests run — starts,
in one Node 22 process, a PLC directory, a PDS, the AppView with its data plane, bsync and ozone.
The PDS proxies ``app.bsky.*`` to the AppView as ``bsky.social`` proxies it to Bluesky's, so
notifications, threads, like and follower counts answer as they do there. The packages are the
same install as the PDS-only network's (:mod:`tests.peers.bluesky_network`, pinned in
``tests/peers/bluesky/package-lock.json``).

It needs the machine's PostgreSQL and Redis: each network gets a database of its own (created
on :meth:`BlueskyFullNetwork.start`, dropped on :meth:`~BlueskyFullNetwork.stop`), so that two
test sessions never share one. The server is ``$GOVSM_TEST_POSTGRES_URL``'s (default
``postgresql://postgres@127.0.0.1:5432``); Redis is ``$REDIS_HOST`` (default ``127.0.0.1:6379``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit, urlunsplit

from tests.peers.bluesky_network import (
    NODE_PACKAGE,
    PACKAGE_DIR,
    AccountHost,
    PeerUnavailable,
    ServerProcess,
    free_port,
    log_tail,
    node22_env,
)

START_TIMEOUT = 180.0
"""Seconds the whole network may take to start (≈ 8 s on an idle 2-core machine)."""

PROCESS_TIMEOUT = 30.0
"""Seconds :meth:`BlueskyFullNetwork.process_all` waits for the AppView to catch up."""

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
"""The PostgreSQL server used when ``$GOVSM_TEST_POSTGRES_URL`` is not set."""

DEFAULT_REDIS = "127.0.0.1:6379"
"""The Redis server used when ``$REDIS_HOST`` is not set."""


def postgres_server(url: str | None = None) -> str:
    """A libpq URL of the PostgreSQL server to keep the networks' databases in.

    >>> postgres_server("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    'postgresql://postgres@127.0.0.1:5432/test'

    :param url: a SQLAlchemy or libpq URL; ``$GOVSM_TEST_POSTGRES_URL``, else
        :data:`DEFAULT_POSTGRES`, when not given.
    """
    chosen = url or os.environ.get("GOVSM_TEST_POSTGRES_URL") or DEFAULT_POSTGRES
    parts = urlsplit(chosen)
    return urlunsplit(parts._replace(scheme=parts.scheme.split("+", 1)[0]))


def with_database(url: str, database: str) -> str:
    """``url`` pointing at another database of the same server.

    >>> with_database("postgresql://postgres@127.0.0.1:5432/test", "net1")
    'postgresql://postgres@127.0.0.1:5432/net1'
    """
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


def _admin(url: str, statement: str) -> None:
    """Run one statement outside a transaction (``CREATE``/``DROP DATABASE``)."""
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(statement.encode())
    except psycopg.Error as exc:
        raise PeerUnavailable(f"PostgreSQL at {urlsplit(url).netloc} refused: {exc}") from exc


def _reachable(host_port: str) -> bool:
    """Whether a TCP connection to ``host:port`` opens within 2 s."""
    host, _, port = host_port.rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=2):
            return True
    except (OSError, ValueError):
        return False


class BlueskyFullNetwork(AccountHost):
    """dev-env's ``TestNetwork`` on free ports of 127.0.0.1, in its own process group.

    Use it as a context manager (or call :meth:`start` and :meth:`stop`). Handles must end in
    ``.test``. After writing on the PDS, call :meth:`process_all` before reading what the
    AppView derives from it (notifications, counts): it indexes the PDS's events
    asynchronously, as Bluesky's does.

    :param node_modules: the folder :func:`tests.peers.bluesky_network.install` returned.
    :param data_dir: where the servers' files and log go; a new temporary folder (removed on
        :meth:`stop`) when not given.
    :param postgres: the PostgreSQL server (see :func:`postgres_server`).
    :param redis: Redis as ``host:port`` (default ``$REDIS_HOST`` or :data:`DEFAULT_REDIS`).
    """

    def __init__(
        self,
        node_modules: Path,
        data_dir: Path | None = None,
        *,
        postgres: str | None = None,
        redis: str | None = None,
    ) -> None:
        super().__init__()
        self.node_modules = node_modules
        self._own_data_dir = data_dir is None
        self.data_dir = (
            Path(tempfile.mkdtemp(prefix="govsm-bsky-full-")) if data_dir is None else data_dir
        )
        self.postgres = postgres_server(postgres)
        self.redis = redis or os.environ.get("REDIS_HOST") or DEFAULT_REDIS
        self.database = f"govsm_bsky_{secrets.token_hex(6)}"
        """The database this network's AppView, bsync and ozone keep their schemas in."""
        self.plc_port, self.pds_port, self.bsky_port, self.control_port = (
            free_port(),
            free_port(),
            free_port(),
            free_port(),
        )
        self.plc_url = f"http://localhost:{self.plc_port}"
        """The PLC directory's base URL."""
        self.pds_url = f"http://localhost:{self.pds_port}"
        self.bsky_url = f"http://localhost:{self.bsky_port}"
        """The AppView's base URL."""
        self.bsky_did = ""
        """The AppView's DID (its ``#bsky_appview`` service is what ``atproto-proxy`` names)."""
        self.start_seconds: float | None = None
        """How long :meth:`start` took, once it has run."""
        self.boot_seconds: float | None = None
        """How long ``TestNetwork.create`` itself took, as the Node process measured it."""
        self._server: ServerProcess | None = None
        self._database_created = False

    @property
    def log(self) -> Path:
        """The Node process's log file."""
        return self.data_dir / "fullnet.log"

    def _env(self) -> dict[str, str]:
        env = node22_env(self.node_modules)
        env.update(
            GOVSM_NET_HOST="127.0.0.1",
            GOVSM_PLC_PORT=str(self.plc_port),
            GOVSM_PDS_PORT=str(self.pds_port),
            GOVSM_BSKY_PORT=str(self.bsky_port),
            GOVSM_CTL_PORT=str(self.control_port),
            GOVSM_READY_FILE=str(self.data_dir / "ready.json"),
            DB_POSTGRES_URL=with_database(self.postgres, self.database),
            DB_POSTGRES_SCHEMA="govsm",
            REDIS_HOST=self.redis,
            # dev-env keeps the PDSes' SQLite files and blobs under the temporary folder
            TMPDIR=str(self.data_dir / "tmp"),
            LOG_ENABLED="false",
            NODE_ENV="test",
        )
        return env

    def start(self) -> Self:
        """Create the database, start the network, and wait until it is ready.

        :return: this network.
        :raises PeerUnavailable: PostgreSQL or Redis is not reachable, or the network did not
            start; the message ends with its log.
        """
        began = time.monotonic()
        if not _reachable(self.redis):
            raise PeerUnavailable(f"Redis is not reachable at {self.redis} (set REDIS_HOST)")
        (self.data_dir / "tmp").mkdir(parents=True, exist_ok=True)
        _admin(self.postgres, f'CREATE DATABASE "{self.database}"')
        self._database_created = True
        ready = self.data_dir / "ready.json"
        node = str(self.node_modules / NODE_PACKAGE / "bin" / "node")
        try:
            self._server = ServerProcess(
                "fullnet", [node, str(PACKAGE_DIR / "fullnet.js")], self._env(), self.log
            )
            deadline = time.monotonic() + START_TIMEOUT
            while not ready.is_file():
                if self._server.process.poll() is not None:
                    raise PeerUnavailable(f"it exited with {self._server.process.returncode}")
                if time.monotonic() > deadline:
                    raise PeerUnavailable(f"it was not ready after {START_TIMEOUT:.0f} s")
                time.sleep(0.1)
            said = json.loads(ready.read_text(encoding="utf-8"))
            self.bsky_did = str(said["bskyDid"])
            self.boot_seconds = float(said["seconds"])
            for url in (self.pds_url, self.bsky_url):
                self._server.wait_healthy(f"{url}/xrpc/_health", 10.0)
        except BaseException as exc:
            logs = log_tail(self.log)
            self.stop()
            if isinstance(exc, Exception):
                raise PeerUnavailable(
                    f"the full Bluesky network did not start: {exc}\n{logs}"
                ) from exc
            raise
        self.start_seconds = time.monotonic() - began
        return self

    def process_all(self) -> None:
        """Wait until the AppView has indexed every event the PDS has emitted so far.

        :raises PeerUnavailable: the network did not catch up within :data:`PROCESS_TIMEOUT`.
        """
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.control_port}/process-all", data=b"", method="POST"
        )
        try:
            with opener.open(request, timeout=PROCESS_TIMEOUT) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError) as exc:
            raise PeerUnavailable(f"the AppView did not catch up: {exc}") from exc
        raise PeerUnavailable("the AppView did not catch up")

    def stop(self) -> None:
        """Close the clients, stop the process group, drop the database, remove the files."""
        self.close_clients()
        if self._server is not None:
            self._server.stop(timeout=20.0)
            self._server = None
        if self._database_created:
            self._database_created = False
            _admin(self.postgres, f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        if self._own_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def rss_kib(self) -> int | None:
        """The resident memory of the network's Node process in KiB, if it still runs."""
        return None if self._server is None else self._server.rss_kib()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
