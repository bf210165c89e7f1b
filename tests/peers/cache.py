"""Installs of the peers, cached between test runs on one machine.

An install lives in ``<cache root>/<name>-<key>/`` and counts as done once its marker file
exists. The marker is written only after the install succeeded, so an interrupted install is
redone from scratch on the next run. A lock file (``fcntl.flock``) keeps two test processes from
installing the same thing at the same time: the second one waits and then finds it done.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

CACHE_ENV = "GOVSM_PEER_CACHE"
"""The environment variable that overrides the cache's root folder."""

MARKER = ".govsm-install-complete"
"""The file, inside an install's folder, that says the install finished."""


def cache_root() -> Path:
    """The folder that holds every cached install.

    :return: ``$GOVSM_PEER_CACHE`` if set, else ``~/.cache/govsm-peers``.
    """
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".cache" / "govsm-peers"


def content_key(files: Iterable[Path], *extra: str) -> str:
    """A short key that changes whenever one of the files or extra strings changes.

    :param files: the files whose names and bytes make the key (e.g. a lock file).
    :param extra: more strings that make the key (e.g. a recipe version).
    :return: the first 16 hex digits of a SHA-256 over all of them.
    """
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for item in extra:
        digest.update(item.encode() + b"\0")
    return digest.hexdigest()[:16]


def cached_install(name: str, key: str, install: Callable[[Path], None]) -> Path:
    """Run ``install`` at most once per ``name`` and ``key`` on this machine.

    :param name: what is installed (``"bluesky"``, ``"wordpress"``); part of the folder's name.
    :param key: the content key (see :func:`content_key`); a new key means a new install.
    :param install: called with an empty folder to install into; it raises if the install
        fails. It is not called when a finished install with the same key exists.
    :return: the folder of the finished install.
    """
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    target = root / f"{name}-{key}"
    with (root / f"{name}-{key}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if (target / MARKER).is_file():
                return target
            if target.exists():  # left over by an interrupted install
                shutil.rmtree(target)
            target.mkdir()
            install(target)
            (target / MARKER).write_text(f"{name} {key}\n")
            return target
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
