"""A real WordPress run locally for the tests: Debian's package, PHP's built-in server, MariaDB.

:func:`ensure_installed` installs Debian's ``wordpress`` with ``apt-get`` when it is missing.
:class:`WordPressSite` then runs one private site per test session:

- a fresh database ``govsm_wp_<random>`` with its own MariaDB user of the same name, on the
  MariaDB server that already runs (``127.0.0.1:3306``, ``root`` with an empty password by
  default; see :data:`MYSQL_ENV`), both dropped at the end;
- ``php -S 127.0.0.1:<free port>`` over ``/usr/share/wordpress`` with ``wordpress/router.php``,
  in its own process group, stopped as a whole at the end;
- its own ``wp-content`` folder (uploads, a must-use plugin, a link to Debian's themes),
  removed at the end.

Debian's ``wp-config.php`` loads ``/etc/wordpress/config-<name>.php``, where the name is
``$_SERVER['WORDPRESS_CONFIG']`` when set, else the Host header. The router sets it to
``govsm-tests``, so every session uses :data:`CONFIG_PATH` (a copy of ``wordpress/config.php``)
whatever the Host header, and a developer's own ``config-127.0.0.1.php`` is never touched. That
file takes everything that differs between sessions (database, user, password, content folder,
URL) from the environment of the session's ``php -S`` process, so any number of sessions can run
at the same time.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

import httpx
import pytest

WORDPRESS_ROOT = Path("/usr/share/wordpress")
"""Where Debian's ``wordpress`` package puts WordPress."""

VERSION_FILE = WORDPRESS_ROOT / "wp-includes" / "version.php"
"""The file whose presence says that WordPress is installed."""

DEBIAN_THEMES = WORDPRESS_ROOT / "wp-content" / "themes"
"""The themes Debian ships (``wordpress-theme-*`` packages install into it)."""

CONFIG_PATH = Path("/etc/wordpress/config-govsm-tests.php")
"""The configuration Debian's ``wp-config.php`` loads for the tests' sites (see the router)."""

HERE = Path(__file__).resolve().parent / "wordpress"
ROUTER = HERE / "router.php"
"""The router script of ``php -S``: serves ``/wp-content/*`` from the session's folder."""

CONFIG_TEMPLATE = HERE / "config.php"
"""The configuration copied to :data:`CONFIG_PATH`."""

CONFIG_MARKER = "govsm-wordpress-test-config"
"""A string in :data:`CONFIG_TEMPLATE`: a file at :data:`CONFIG_PATH` without it is not ours."""

APT_PACKAGES = ("wordpress", "php-mysql", "php-cli", "wordpress-theme-twentytwentythree")
"""What :func:`ensure_installed` installs (without the recommended packages, which would add
``wordpress-l10n``, 30 MB of translations)."""

SKIP_ENV = "GOVSM_SKIP_PEERS"
"""Comma-separated peers to skip (e.g. ``wordpress,bluesky``); otherwise a missing peer fails."""

MYSQL_ENV = {
    "GOVSM_WP_MYSQL_HOST": "127.0.0.1",
    "GOVSM_WP_MYSQL_PORT": "3306",
    "GOVSM_WP_MYSQL_USER": "root",
    "GOVSM_WP_MYSQL_PASSWORD": "",
}
"""The MariaDB account that creates and drops each session's database, with its defaults."""

INSTALL_LOCK = Path(tempfile.gettempdir()) / "govsm-wordpress-install.lock"
"""Keeps two test sessions from running ``apt-get`` at the same time."""

LOG_TAIL = 40
"""How many lines of the server's log a startup error shows."""

TIMEOUT = httpx.Timeout(60.0, connect=5.0)
"""Timeouts of the HTTP clients (WordPress on 2 busy cores can take seconds per request)."""


class WordPressUnavailable(RuntimeError):
    """WordPress could not be installed or started here."""


def _skipped_peers() -> set[str]:
    """The peers named in ``$GOVSM_SKIP_PEERS``.

    :return: their lower-case names.
    """
    raw = os.environ.get(SKIP_ENV, "")
    return {name.strip().lower() for name in raw.split(",") if name.strip()}


def _as_root(command: Sequence[str]) -> list[str]:
    """A command run as root: as is when we are root, else through ``sudo -n``.

    :param command: the command and its arguments.
    :return: the command to run.
    :raises WordPressUnavailable: when we are not root and there is no ``sudo``.
    """
    if os.geteuid() == 0:
        return list(command)
    sudo = shutil.which("sudo")
    if sudo is None:
        raise WordPressUnavailable(
            f"{command[0]} needs root, and this user is not root and has no sudo; install "
            f"{' '.join(APT_PACKAGES)} by hand or set {SKIP_ENV}=wordpress"
        )
    return [sudo, "-n", *command]


def _apt(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """Run ``apt-get`` without prompts.

    :param args: the arguments after ``apt-get``.
    :return: the finished process (output captured).
    """
    command = _as_root(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", *args])
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


def _apt_knows_packages() -> bool:
    """Whether the package lists offer every package of :data:`APT_PACKAGES`.

    :return: ``False`` when ``apt-get update`` is needed first.
    """
    result = subprocess.run(
        ["apt-cache", "policy", *APT_PACKAGES],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    candidates = [line for line in result.stdout.splitlines() if "Candidate:" in line]
    return len(candidates) == len(APT_PACKAGES) and not any("(none)" in c for c in candidates)


def _is_installed() -> bool:
    """Whether WordPress and the PHP command-line interpreter are installed.

    :return: ``True`` when nothing needs installing.
    """
    return VERSION_FILE.is_file() and shutil.which("php") is not None


def ensure_installed() -> None:
    """Install Debian's WordPress, PHP and its MySQL driver unless they are there.

    Runs ``apt-get update`` only when the package lists lack the packages or the install fails
    with the present lists, then ``apt-get install`` with ``DEBIAN_FRONTEND=noninteractive``
    (through ``sudo -n`` when not root). The services the packages bring (Apache) are not
    needed; they stay stopped where ``policy-rc.d`` forbids starting them, as in containers.

    :raises WordPressUnavailable: when the install is impossible or fails.
    """
    if _is_installed():
        return
    if shutil.which("apt-get") is None:
        raise WordPressUnavailable(
            f"WordPress is not installed ({VERSION_FILE} is missing) and there is no apt-get "
            f"to install it; install {' '.join(APT_PACKAGES)} or set {SKIP_ENV}=wordpress"
        )
    with INSTALL_LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another session may be installing right now
        if _is_installed():
            return
        install = [
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "-o",
            "DPkg::Lock::Timeout=300",
            "-o",
            "Dpkg::Options::=--force-confdef",
            "-o",
            "Dpkg::Options::=--force-confold",
            *APT_PACKAGES,
        ]
        updated = False
        if not _apt_knows_packages():
            _apt_update()
            updated = True
        result = _apt(install)
        if result.returncode != 0 and not updated:  # stale lists: a package moved on
            _apt_update()
            result = _apt(install)
        if result.returncode != 0 or not _is_installed():
            raise WordPressUnavailable(
                f"apt-get install {' '.join(APT_PACKAGES)} failed (exit {result.returncode}):\n"
                f"{_last_lines(result.stdout + result.stderr)}"
            )


def _apt_update() -> None:
    """Run ``apt-get update``.

    :raises WordPressUnavailable: when it fails.
    """
    result = _apt(["update", "-qq", "-o", "DPkg::Lock::Timeout=300"])
    if result.returncode != 0:
        raise WordPressUnavailable(
            f"apt-get update failed (exit {result.returncode}):\n"
            f"{_last_lines(result.stdout + result.stderr)}"
        )


def _last_lines(text: str, count: int = LOG_TAIL) -> str:
    """The last lines of a text.

    :param text: the text.
    :param count: how many lines.
    :return: at most ``count`` lines.
    """
    return "\n".join(text.splitlines()[-count:])


def _tail(path: Path, count: int = LOG_TAIL) -> str:
    """The last lines of a log file.

    :param path: the file.
    :param count: how many lines.
    :return: at most ``count`` lines, or a note when the file cannot be read.
    """
    try:
        return _last_lines(path.read_text(errors="replace"), count)
    except OSError as error:
        return f"(no log: {error})"


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now.

    :return: the port number.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


MU_PLUGIN = """<?php
/**
 * Plugin Name: govsm tests
 * Description: Written by tests/peers/wordpress_site.py for one test session.
 */
// Every test visitor comments from 127.0.0.1: without this, a second comment within 15 s
// would be refused as a flood ("You are posting comments too quickly").
remove_filter('comment_flood_filter', 'wp_throttle_comment_flood', 10);
// A test asks for one 429 on the next new post (WordPressSite.rate_limit_next_post): the
// option holds the Retry-After seconds, and is cleared by the answer it causes.
add_action('init', static function () {
    register_setting('general', 'govsm_tests_429', [
        'type' => 'integer', 'default' => 0, 'show_in_rest' => true, 'sanitize_callback' => 'absint',
    ]);
});
add_filter('rest_pre_dispatch', static function ($result, $server, $request) {
    if ($request->get_method() !== 'POST' || $request->get_route() !== '/wp/v2/posts') {
        return $result;
    }
    $wait = (int) get_option('govsm_tests_429', 0);
    if ($wait <= 0) {
        return $result;
    }
    update_option('govsm_tests_429', 0);
    $answer = new WP_REST_Response([
        'code' => 'govsm_tests_rate_limited',
        'message' => 'Too many requests (govsm tests).',
        'data' => ['status' => 429],
    ], 429);
    $answer->header('Retry-After', (string) $wait);
    return $answer;
}, 10, 3);
"""
"""A must-use plugin in every session's ``wp-content`` (what it changes, and why, is in it)."""


def _install_config() -> None:
    """Put :data:`CONFIG_TEMPLATE` at :data:`CONFIG_PATH` unless it is there already.

    Written atomically (another session may read it at the same moment), through ``sudo -n``
    when ``/etc/wordpress`` is not writable.

    :raises WordPressUnavailable: when a file that is not ours is in the way, or it cannot be
        written.
    """
    text = CONFIG_TEMPLATE.read_text()
    if CONFIG_PATH.exists():
        current = CONFIG_PATH.read_text(errors="replace")
        if current == text:
            return
        if CONFIG_MARKER not in current:
            raise WordPressUnavailable(
                f"{CONFIG_PATH} exists and was not written by govsm's tests; move it away"
            )
    if os.access(CONFIG_PATH.parent, os.W_OK):
        staging = CONFIG_PATH.with_name(f".{CONFIG_PATH.name}.{os.getpid()}.tmp")
        staging.write_text(text)
        staging.chmod(0o644)
        os.replace(staging, CONFIG_PATH)
        return
    with tempfile.NamedTemporaryFile("w", suffix=".php", delete=False) as staging_file:
        staging_file.write(text)
    try:
        command = _as_root(["install", "-m", "0644", staging_file.name, str(CONFIG_PATH)])
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    finally:
        os.unlink(staging_file.name)
    if result.returncode != 0:
        raise WordPressUnavailable(f"cannot write {CONFIG_PATH}: {result.stderr.strip()}")


class WordPressSite:
    """One private WordPress site, from a fresh install, reachable over real HTTP.

    Use it as a context manager (or call :meth:`start` and :meth:`close`)::

        with WordPressSite() as site, site.client() as api:
            api.post("/wp/v2/posts", json={"title": "Hello", "status": "publish"})

    :param admin_user: the administrator's login name.
    :param admin_email: the administrator's e-mail address.
    :param title: the site's title.
    :param workers: how many PHP worker processes serve requests (``PHP_CLI_SERVER_WORKERS``;
        WordPress calls itself during the install, so at least 2).
    :param startup_timeout: seconds to wait for the server to answer.
    """

    def __init__(
        self,
        *,
        admin_user: str = "admin",
        admin_email: str = "admin@example.org",
        title: str = "govsm test site",
        workers: int = 4,
        startup_timeout: float = 60.0,
    ) -> None:
        self.admin_user = admin_user
        """The administrator's login name."""
        self.admin_password = "Adm1n-" + secrets.token_urlsafe(12)
        """The administrator's password (for the login form; the API uses :attr:`app_password`)."""
        self.admin_email = admin_email
        """The administrator's e-mail address."""
        self.title = title
        """The site's title."""
        self.app_password = ""
        """The administrator's Application Password, for HTTP basic auth on the REST API."""
        self.url = ""
        """The site's address, ``http://127.0.0.1:<port>``, without a trailing slash."""
        self.database = "govsm_wp_" + secrets.token_hex(6)
        """The session's MariaDB database, and the name of its MariaDB user."""
        self.workers = workers
        self.startup_timeout = startup_timeout
        self.timings: dict[str, float] = {}
        """Seconds spent in each startup step (``server``, ``install``, ``app_password``)."""
        self._db_password = secrets.token_hex(16)
        self._mysql = {name: os.environ.get(name, default) for name, default in MYSQL_ENV.items()}
        self._dir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._database_created = False
        self._visitors: dict[str, tuple[str, str]] = {}

    # -- paths -------------------------------------------------------------------------------

    @property
    def directory(self) -> Path:
        """The session's folder: ``wp-content`` and the server's log.

        :raises RuntimeError: before :meth:`start`.
        """
        if self._dir is None:
            raise RuntimeError("the site is not started")
        return self._dir

    @property
    def content_dir(self) -> Path:
        """The session's ``wp-content`` folder (``WP_CONTENT_DIR``); uploads go to ``uploads/``."""
        return self.directory / "wp-content"

    @property
    def log_path(self) -> Path:
        """The file that receives the PHP server's output and errors."""
        return self.directory / "php-server.log"

    # -- life cycle --------------------------------------------------------------------------

    def __enter__(self) -> WordPressSite:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        """Create the database, start the server, install WordPress, make an app password.

        Everything made so far is removed again when a step fails.

        :raises WordPressUnavailable: when a step fails (with the server's last log lines).
        """
        if self._dir is not None:
            raise RuntimeError("the site is already started")
        try:
            self._dir = Path(tempfile.mkdtemp(prefix="govsm-wp-"))
            _install_config()
            self._make_content_dir()
            self._create_database()
            begin = time.monotonic()
            self._start_server()
            self.timings["server"] = time.monotonic() - begin
            begin = time.monotonic()
            self._install()
            self.timings["install"] = time.monotonic() - begin
            begin = time.monotonic()
            self.app_password = self._create_app_password()
            self._check_api()
            self.timings["app_password"] = time.monotonic() - begin
        except BaseException as error:
            try:
                self.close()
            except WordPressUnavailable as cleanup_error:
                error.add_note(f"the clean-up failed too: {cleanup_error}")
            raise

    def close(self) -> None:
        """Stop the server's process group, drop the database and its user, remove the folder.

        Safe to call more than once, and after a failed :meth:`start`.
        """
        errors: list[str] = []
        try:
            self._stop_server()
        except Exception as error:
            errors.append(f"stopping the server: {error}")
        if self._database_created:
            try:
                self._sql(
                    f"DROP DATABASE IF EXISTS `{self.database}`; "
                    f"DROP USER IF EXISTS '{self.database}'@'%', '{self.database}'@'localhost';"
                )
                self._database_created = False
            except Exception as error:
                errors.append(f"dropping database {self.database}: {error}")
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
        if errors:
            raise WordPressUnavailable("; ".join(errors))

    # -- the steps ---------------------------------------------------------------------------

    def _make_content_dir(self) -> None:
        """Lay out the session's ``wp-content``: Debian's themes, no plugins, one mu-plugin."""
        content = self.content_dir
        for name in ("plugins", "mu-plugins", "uploads", "languages"):
            (content / name).mkdir(parents=True)
        (content / "themes").symlink_to(DEBIAN_THEMES, target_is_directory=True)
        (content / "mu-plugins" / "govsm-tests.php").write_text(MU_PLUGIN)

    def _sql(self, statements: str) -> str:
        """Run SQL statements on the MariaDB server as the administrative account.

        :param statements: the statements, separated by ``;``.
        :return: the client's output.
        :raises WordPressUnavailable: when there is no client or the statements fail.
        """
        client = shutil.which("mariadb") or shutil.which("mysql")
        if client is None:
            raise WordPressUnavailable("no mariadb or mysql client (Debian: mariadb-client)")
        command = [
            client,
            "--protocol=TCP",
            "-h",
            self._mysql["GOVSM_WP_MYSQL_HOST"],
            "-P",
            self._mysql["GOVSM_WP_MYSQL_PORT"],
            "-u",
            self._mysql["GOVSM_WP_MYSQL_USER"],
            "--batch",
            "-e",
            statements,
        ]
        env = {**os.environ, "MYSQL_PWD": self._mysql["GOVSM_WP_MYSQL_PASSWORD"]}
        result = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=60, check=False
        )
        if result.returncode != 0:
            where = f"{self._mysql['GOVSM_WP_MYSQL_HOST']}:{self._mysql['GOVSM_WP_MYSQL_PORT']}"
            raise WordPressUnavailable(
                f"MariaDB at {where} as {self._mysql['GOVSM_WP_MYSQL_USER']} "
                f"(set {', '.join(MYSQL_ENV)} to change): {result.stderr.strip()}"
            )
        return result.stdout

    def _create_database(self) -> None:
        """Create the session's database and a user that may use only it."""
        name, password = self.database, self._db_password
        self._database_created = True  # from now on, close() drops whatever exists
        self._sql(
            f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; "
            f"CREATE USER '{name}'@'%' IDENTIFIED BY '{password}'; "
            f"CREATE USER '{name}'@'localhost' IDENTIFIED BY '{password}'; "
            f"GRANT ALL PRIVILEGES ON `{name}`.* TO '{name}'@'%', '{name}'@'localhost';"
        )

    def _server_env(self) -> dict[str, str]:
        """The environment of ``php -S``: what ``config.php`` and ``router.php`` read.

        :return: the environment.
        """
        db_host = f"{self._mysql['GOVSM_WP_MYSQL_HOST']}:{self._mysql['GOVSM_WP_MYSQL_PORT']}"
        return {
            **os.environ,
            "PHP_CLI_SERVER_WORKERS": str(self.workers),
            "GOVSM_WP_DB": self.database,
            "GOVSM_WP_DB_USER": self.database,
            "GOVSM_WP_DB_PASSWORD": self._db_password,
            "GOVSM_WP_DB_HOST": db_host,
            "GOVSM_WP_URL": self.url,
            "GOVSM_WP_CONTENT_DIR": str(self.content_dir),
            "GOVSM_WP_SALT": secrets.token_hex(32),
        }

    def _start_server(self) -> None:
        """Start ``php -S`` on a free port and wait until WordPress answers.

        :raises WordPressUnavailable: when it exits or does not answer in time.
        """
        php = shutil.which("php")
        if php is None:
            raise WordPressUnavailable("no php command (Debian: php-cli); see ensure_installed()")
        for _attempt in range(3):  # the free port may be taken before php binds it
            port = _free_port()
            self.url = f"http://127.0.0.1:{port}"
            command = [
                php,
                *("-d", "display_errors=0", "-d", "log_errors=1"),
                *("-d", "memory_limit=256M", "-d", "post_max_size=64M"),
                *("-d", "upload_max_filesize=64M"),
                *("-S", f"127.0.0.1:{port}", "-t", str(WORDPRESS_ROOT), str(ROUTER)),
            ]
            with self.log_path.open("ab") as log:
                self._process = subprocess.Popen(
                    command,
                    cwd=self.directory,
                    env=self._server_env(),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            if self._wait_until_answering():
                return
            log_text = _tail(self.log_path)
            self._stop_server()
            if "Failed to listen" not in log_text:
                break
        raise WordPressUnavailable(
            f"php -S did not answer at {self.url} within {self.startup_timeout:.0f} s; "
            f"last lines of {self.log_path}:\n{_tail(self.log_path)}"
        )

    def _wait_until_answering(self) -> bool:
        """Poll the install page until it answers.

        :return: ``True`` when it answered, ``False`` when the server exited or timed out.
        """
        deadline = time.monotonic() + self.startup_timeout
        with httpx.Client(base_url=self.url, timeout=httpx.Timeout(10.0, connect=1.0)) as web:
            while time.monotonic() < deadline:
                if self._process is None or self._process.poll() is not None:
                    return False
                try:
                    response = web.get("/wp-admin/install.php")
                except httpx.TransportError:
                    time.sleep(0.1)
                    continue
                if response.status_code == 200 and "WordPress" in response.text:
                    return True
                raise WordPressUnavailable(
                    f"{self.url}/wp-admin/install.php answered {response.status_code}, not "
                    f"with WordPress's installer: "
                    f"{response.text[:500]}\nlast lines of {self.log_path}:\n"
                    f"{_tail(self.log_path)}"
                )
        return False

    def _stop_server(self) -> None:
        """Stop the server's whole process group: SIGTERM, then SIGKILL after 10 s."""
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        # workers that outlived the parent (they share its group)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    def _fail(self, what: str, response: httpx.Response) -> WordPressUnavailable:
        """An error about an unexpected answer, with the server's log.

        :param what: what was being done.
        :param response: the answer.
        :return: the error, to raise.
        """
        return WordPressUnavailable(
            f"{what}: {response.request.method} {response.request.url} answered "
            f"{response.status_code}: {response.text[:800]}\n"
            f"last lines of {self.log_path}:\n{_tail(self.log_path)}"
        )

    def _install(self) -> None:
        """Run WordPress's installer (the form of ``/wp-admin/install.php``).

        :raises WordPressUnavailable: when it does not report success.
        """
        with httpx.Client(base_url=self.url, timeout=TIMEOUT) as web:
            response = web.post(
                "/wp-admin/install.php",
                params={"step": "2"},
                data={
                    "weblog_title": self.title,
                    "user_name": self.admin_user,
                    "admin_password": self.admin_password,
                    "admin_password2": self.admin_password,
                    "pw_weak": "1",
                    "admin_email": self.admin_email,
                    "blog_public": "0",
                },
            )
        if response.status_code != 200 or "Success!" not in response.text:
            raise self._fail("installing WordPress", response)

    def _create_app_password(self) -> str:
        """Log in with the form (cookies), take a REST nonce, create an Application Password.

        :return: the new Application Password.
        :raises WordPressUnavailable: when a step fails.
        """
        with httpx.Client(base_url=self.url, timeout=TIMEOUT) as web:
            web.cookies.set("wordpress_test_cookie", "WP Cookie check")
            response = web.post(
                "/wp-login.php",
                data={
                    "log": self.admin_user,
                    "pwd": self.admin_password,
                    "testcookie": "1",
                    "redirect_to": f"{self.url}/wp-admin/",
                },
            )
            if not any(name.startswith("wordpress_logged_in_") for name in web.cookies):
                raise self._fail("logging in", response)
            response = web.get("/wp-admin/admin-ajax.php", params={"action": "rest-nonce"})
            nonce = response.text.strip()
            if response.status_code != 200 or not nonce or nonce == "0":
                raise self._fail("getting a REST nonce", response)
            response = web.post(
                "/wp-json/wp/v2/users/me/application-passwords",
                headers={"X-WP-Nonce": nonce},
                json={"name": "govsm-tests"},
            )
            if response.status_code != 201:
                raise self._fail("creating an Application Password", response)
            return str(response.json()["password"])

    def _check_api(self) -> None:
        """Check that the Application Password opens the REST API as the administrator.

        :raises WordPressUnavailable: when it does not.
        """
        with self.client() as api:
            response = api.get("/wp/v2/users/me", params={"context": "edit"})
        if response.status_code != 200 or "administrator" not in response.json().get("roles", []):
            raise self._fail("reading /wp/v2/users/me with the Application Password", response)

    # -- for the tests -----------------------------------------------------------------------

    def client(self, *, user: str | None = None, password: str | None = None) -> httpx.Client:
        """An HTTP client for the REST API, authenticated with an Application Password.

        :param user: the login name; the administrator by default.
        :param password: that user's Application Password; the administrator's by default.
        :return: a client whose ``base_url`` is ``<url>/wp-json`` (close it after use).
        """
        if not self.url or not self.app_password:
            raise RuntimeError("the site is not started")
        return httpx.Client(
            base_url=f"{self.url}/wp-json",
            auth=(user or self.admin_user, password or self.app_password),
            timeout=TIMEOUT,
        )

    def visitor(self, author: str, email: str) -> tuple[str, str]:
        """A subscriber account with its own Application Password, made once per e-mail.

        :param author: the display name (what WordPress shows as the comment's author).
        :param email: the e-mail address.
        :return: the login name and the Application Password.
        :raises WordPressUnavailable: when WordPress refuses to create it.
        """
        if email in self._visitors:
            return self._visitors[email]
        login = "visitor-" + secrets.token_hex(4)
        with self.client() as api:
            response = api.post(
                "/wp/v2/users",
                json={
                    "username": login,
                    "email": email,
                    "name": author,
                    "password": secrets.token_urlsafe(16),
                    "roles": ["subscriber"],
                },
            )
            if response.status_code != 201:
                raise self._fail(f"creating the subscriber {author!r}", response)
            user_id = response.json()["id"]
            response = api.post(
                f"/wp/v2/users/{user_id}/application-passwords", json={"name": "govsm-tests"}
            )
            if response.status_code != 201:
                raise self._fail(f"creating an Application Password for {author!r}", response)
        self._visitors[email] = (login, str(response.json()["password"]))
        return self._visitors[email]

    def rate_limit_next_post(self, retry_after: int) -> None:
        """Make the site answer the next new post with 429 and ``Retry-After: retry_after``."""
        with self.client() as api:
            api.post("/wp/v2/settings", json={"govsm_tests_429": retry_after}).raise_for_status()

    def post_comment_as_visitor(
        self,
        post_id: int,
        text: str,
        author: str,
        email: str,
        *,
        parent: int = 0,
        approve: bool = True,
    ) -> int:
        """Comment on a post as a member of the public, through the REST API.

        WordPress refuses anonymous REST comments (401), so the visitor is a real second user
        (role ``subscriber``, made once per e-mail address by :meth:`visitor`) who posts with
        their own Application Password. WordPress holds a first comment from a new author for
        moderation (status ``hold``); with ``approve`` the administrator then approves it, as a
        moderator would, so it shows publicly.

        :param post_id: the post.
        :param text: the comment's text (HTML allowed as for any commenter).
        :param author: the visitor's display name, shown as ``author_name``.
        :param email: the visitor's e-mail address (one account per address).
        :param parent: the comment this one replies to, or 0.
        :param approve: whether the administrator approves the comment afterwards.
        :return: the comment's id.
        :raises WordPressUnavailable: when WordPress refuses the comment.
        """
        login, password = self.visitor(author, email)
        with self.client(user=login, password=password) as api:
            response = api.post(
                "/wp/v2/comments", json={"post": post_id, "content": text, "parent": parent}
            )
        if response.status_code != 201:
            raise self._fail(f"commenting on post {post_id} as {author!r}", response)
        comment = response.json()
        if approve and comment["status"] != "approved":
            with self.client() as api:
                approved = api.post(f"/wp/v2/comments/{comment['id']}", json={"status": "approved"})
            if approved.status_code != 200:
                raise self._fail(f"approving comment {comment['id']}", approved)
        return int(comment["id"])


@pytest.fixture(scope="session")
def wordpress_site() -> Iterator[WordPressSite]:
    """A fresh WordPress site for the test session, removed afterwards.

    Installs WordPress first when needed. Fails (never skips) when WordPress cannot be
    installed or started, unless ``$GOVSM_SKIP_PEERS`` names ``wordpress``: then it skips.

    :return: the running site (a generator that yields it, as pytest fixtures do).
    """
    if "wordpress" in _skipped_peers():
        pytest.skip(f"{SKIP_ENV} contains 'wordpress': the WordPress peer is not run")
    site = WordPressSite()
    try:
        ensure_installed()
        site.start()
    except WordPressUnavailable as error:
        details = "\n".join([str(error), *getattr(error, "__notes__", [])])
        pytest.fail(
            f"WordPress could not be set up; set {SKIP_ENV}=wordpress to skip the tests that "
            f"need it.\n{details}",
            pytrace=False,
        )
    try:
        yield site
    finally:
        site.close()
