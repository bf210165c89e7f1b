"""Who holds an outbox claim, and whether they are still there.

A worker's name says where it runs: ``host:pid:start:nonce`` (the process's start time tells a
reused process id apart; the nonce makes every worker unique). A claimed item whose worker is
gone — killed, crashed, its machine down — can be taken over; one whose worker lives cannot,
however long its attempt takes, because taking it over while the network call is still under way
could publish twice.

* **PostgreSQL**: a worker holds a session-level advisory lock on its name for as long as it
  runs (:class:`Presence`). The lock goes with the worker's connection, whichever way the
  worker ends; a claim is stale exactly when its worker's lock can be taken.
* **SQLite** (one machine): a claim is stale when its process is no longer running, or a
  different process now has its id. A claim made on another host is never taken over
  automatically (a SQLite store is not shared between machines); a person releases it.
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine


def _start_ticks(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), or ``?`` where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return "?"
    # the command name (field 2) may hold spaces and parentheses: count from the last ')'
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else "?"


def worker_name() -> str:
    """A new worker's name: ``host:pid:start:nonce``."""
    pid = os.getpid()
    host = socket.gethostname().replace(":", "_") or "localhost"
    return f"{host}:{pid}:{_start_ticks(pid)}:{uuid.uuid4().hex[:12]}"


def lock_key(name: str) -> int:
    """The PostgreSQL advisory lock key (a signed 64-bit integer) of a worker's name."""
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
    )


def _process_alive(name: str) -> bool:
    parts = name.split(":")
    if len(parts) != 4:
        return False  # not a worker's name: nobody holds it
    host, pid_text, start, _ = parts
    if host != (socket.gethostname().replace(":", "_") or "localhost"):
        return True  # another machine's process: cannot be judged from here
    try:
        pid = int(pid_text)
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        pass  # the process exists (another user's)
    return start == "?" or _start_ticks(pid) == start


def holder_alive(connection: Connection, name: str) -> bool:
    """Whether the worker called ``name`` still runs (see the module's description)."""
    if connection.dialect.name != "postgresql":
        return _process_alive(name)
    key = lock_key(name)
    taken = connection.execute(sa.select(sa.func.pg_try_advisory_lock(key))).scalar()
    if taken:
        connection.execute(sa.select(sa.func.pg_advisory_unlock(key)))
    return not taken


class Presence:
    """A worker's presence in the store while it runs; :meth:`close` (or its end) withdraws it.

    On PostgreSQL it holds a connection of the store's ``engine`` with an advisory lock on the
    worker's ``name`` (:func:`worker_name`); on SQLite the worker's process is its presence and
    nothing is held.
    """

    def __init__(self, engine: Engine, name: str) -> None:
        self.name = name
        self._connection: Connection | None = None
        if engine.dialect.name == "postgresql":
            self._connection = engine.connect()
            self._connection.execute(sa.select(sa.func.pg_advisory_lock(lock_key(name))))
            self._connection.commit()

    def close(self) -> None:
        """Withdraw: release the lock and its connection."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                connection.execute(sa.select(sa.func.pg_advisory_unlock(lock_key(self.name))))
                connection.commit()
            finally:
                connection.close()
