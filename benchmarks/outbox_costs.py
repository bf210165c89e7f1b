"""What one outbox item costs, counted rather than timed: the load of the machine drops out.

    python benchmarks/outbox_costs.py [--count 320] [--items 400] [--template NAME] [--postgres URL]
    python benchmarks/outbox_throughput.py --count 320 [--template NAME --items N]

One govsm worker (with the gate, with the gate after an audit, without the gate) and the bare
claim loop each handle ``--count`` items of a copy of the benchmark's template database, in this
process, after a warm-up batch. Printed per item: SQL statements sent (a statement run for many
rows counts once; those psycopg's pipeline sends with the audit chain's lock count too), the
rows of those many-row statements, commits, pool checkouts, the
connection checks the pool made before handing a connection out (pings), and the CPU
milliseconds spent by the client and by the PostgreSQL backends it used (read from ``/proc``:
the server must run on this machine, else ``n/a``). Statements, commits and checkouts do not
depend on the machine's load;
CPU time depends on it far less than elapsed time does. Without ``--template`` a template
database of ``--items`` posts is prepared (see ``outbox_setup.py``) and dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from outbox_setup import (
    BARE_CLAIM,
    BARE_PUBLISH,
    EXAMPLE,
    PG_DEFAULT,
    OpenGate,
    Server,
    ZeroSink,
    audited,
    organisation_of,
    prepare,
)
from sqlalchemy import event

from govsm.publishing import Gate, PublishGate, RetryPolicy, Worker
from govsm.store import audit_log
from govsm.workspace import Workspace

#: items handled before counting starts (rules and statements warm)
WARM = 16


def _cpu_ms(pid: int) -> float | None:
    """User and system CPU milliseconds of process ``pid`` so far (``None``: not readable)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


class Backends:
    """The server processes a client used, and the CPU they spent since first seen."""

    def __init__(self) -> None:
        self._first: dict[int, float | None] = {}
        self._last: dict[int, float | None] = {}

    def seen(self, pid: int) -> None:
        """Note the CPU time of backend ``pid`` (the first time: where it starts counting)."""
        now = _cpu_ms(pid)
        self._first.setdefault(pid, now)
        self._last[pid] = now

    def spent(self) -> float | None:
        """CPU milliseconds since each was first seen (a backend gone: as last seen)."""
        total = 0.0
        for pid, first in self._first.items():
            now = _cpu_ms(pid)
            if now is None:
                now = self._last[pid]
            if first is None or now is None:
                return None
            total += now - first
        return total


def _count_govsm(url: str, council: Path, org: str, gate: bool, items: int) -> dict[str, Any]:
    workspace = Workspace.open(council, store_url=url)
    sink = ZeroSink()
    chosen: PublishGate = Gate(workspace) if gate else OpenGate()
    worker = Worker(workspace, adapters=lambda profile: sink, policy=RetryPolicy(), gate=chosen)
    worker.run_once(limit=WARM)
    engine = workspace.store.engine
    counts = {"statements": 0, "rows": 0, "commits": 0, "checkouts": 0, "pings": 0}
    backends = Backends()
    ping = engine.dialect.do_ping

    def pinged(dbapi_connection: Any) -> bool:
        counts["pings"] += 1
        return ping(dbapi_connection)

    engine.dialect.do_ping = pinged  # type: ignore[method-assign]
    appending = audit_log.lock_and_append

    def appended(connection: Any, organisation: str, events: Any, texts: Any, **kw: Any) -> Any:
        # sent through psycopg's pipeline, not SQLAlchemy: its statements counted here
        first = kw.get("first")
        counts["statements"] += 1 + bool(events) + bool(first and first[1])
        if first and first[1]:
            counts["rows"] += len(first[1])
        return appending(connection, organisation, events, texts, **kw)

    audit_log.lock_and_append = appended  # type: ignore[assignment]

    def executed(*args: Any) -> None:
        parameters, many = args[3], args[5]
        counts["statements"] += 1
        if many:
            counts["rows"] += len(parameters)

    def committed(_connection: Any) -> None:
        counts["commits"] += 1

    def checked_out(dbapi_connection: Any, *_: Any) -> None:
        counts["checkouts"] += 1
        backends.seen(dbapi_connection.info.backend_pid)

    def checked_in(dbapi_connection: Any, *_: Any) -> None:
        if dbapi_connection is not None and not dbapi_connection.closed:
            backends.seen(dbapi_connection.info.backend_pid)

    listeners: list[tuple[Any, str, Callable[..., None]]] = [
        (engine, "before_cursor_execute", executed),
        (engine, "commit", committed),
        (engine.pool, "checkout", checked_out),
        (engine.pool, "checkin", checked_in),
    ]
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    started = time.process_time()
    handled = worker.run_once(limit=items).outcomes["published"]
    client = (time.process_time() - started) * 1000
    for target, name, listener in listeners:
        event.remove(target, name, listener)
    audit_log.lock_and_append = appending  # type: ignore[assignment]
    workspace.close()
    return {**counts, "handled": handled, "client": client, "server": backends.spent()}


def _count_bare(url: str, org: str, items: int) -> dict[str, Any]:
    backends = Backends()
    handled = 0
    with psycopg.connect(url) as connection:
        backends.seen(connection.info.backend_pid)
        started = time.process_time()
        while handled < items:
            with connection.transaction():
                row = connection.execute(BARE_CLAIM, (org,)).fetchone()
                if row is None:
                    break
                connection.execute(BARE_PUBLISH, (f"zero-{row[0]}", org, row[0]))
            handled += 1
        client = (time.process_time() - started) * 1000
        backends.seen(connection.info.backend_pid)  # while it runs: read once it is gone, 0
    statements = 2 * handled  # and BEGIN and COMMIT, sent as commands
    return {
        "statements": statements,
        "rows": 0,
        "commits": handled,
        "checkouts": 0,
        "pings": 0,
        "handled": handled,
        "client": client,
        "server": backends.spent(),
    }


def count(server: Server, template: str, council: Path, org: str, items: int) -> None:
    """Print what an item costs one govsm worker (with and without the gate) and the bare loop."""
    print(f"\nper item, over {items} items after {WARM} warm-up (one process each):")
    print(
        f"{'':>8} {'statements':>10} {'many-rows':>9} {'commits':>7} {'checkouts':>9} "
        f"{'pings':>5} {'client ms':>9} {'server ms':>9}"
    )
    for label in ("govsm", "audited", "no gate", "anchor"):
        if label == "audited":
            database = audited(server, template, council)
        else:
            database = server.create(template)
        try:
            if label == "anchor":
                costs = _count_bare(server.bare_url(database), org, items)
            else:
                gate = label != "no gate"
                costs = _count_govsm(server.url(database), council, org, gate, items)
        finally:
            server.drop(database)
        n = costs["handled"] or 1
        shown = "n/a" if costs["server"] is None else f"{costs['server'] / n:.2f}"
        print(
            f"{label:>8} {costs['statements'] / n:>10.2f} {costs['rows'] / n:>9.2f} "
            f"{costs['commits'] / n:>7.2f} {costs['checkouts'] / n:>9.2f} "
            f"{costs['pings'] / n:>5.2f} {costs['client'] / n:>9.2f} {shown:>9}"
        )


def main() -> None:
    """Count what an item costs, on a template database given or prepared here."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=320, help="items counted")
    parser.add_argument("--items", type=int, default=400, help="posts in the template")
    parser.add_argument("--template", help="a template database kept by outbox_throughput --keep")
    parser.add_argument("--postgres", default=os.environ.get("GOVSM_TEST_POSTGRES_URL", PG_DEFAULT))
    args = parser.parse_args()
    server = Server(args.postgres)
    folder = Path(tempfile.mkdtemp(prefix="govsm-bench-"))
    shutil.copytree(EXAMPLE, folder / "council")
    council = folder / "council"
    template = args.template or server.create()
    try:
        if args.template:
            org = organisation_of(council)
        else:
            print(f"preparing {args.items} approved posts, due now (template database {template})")
            org = prepare(council, server.url(template), args.items)
        count(server, template, council, org, min(args.count, args.items - WARM))
    finally:
        if not args.template:
            server.drop(template)
        server.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
