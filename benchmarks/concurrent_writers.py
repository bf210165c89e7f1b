"""Governance writes from several processes at once, beside bare inserts of as many rows.

    python benchmarks/concurrent_writers.py [--processes 4 8] [--writes 50] [--postgres URL]

Each process drafts its own posts through the governance API (a permission check, the record
read and a message plus an audit entry written, holding the organisation's lock). The anchor is
the floor for one committed write per action: the same processes inserting as many rows into a
bare table, one transaction each. Reported: conflicts (the goal is 0), actions per second, the
ratio of the anchor's time to govsm's, and whether the chain verifies afterwards. SQLite always;
PostgreSQL at ``--postgres`` (default: ``GOVSM_TEST_POSTGRES_URL``, else the local server), each
run in a fresh schema dropped afterwards.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from govsm.channels.catalogue import CHANNELS
from govsm.errors import ConcurrentChange
from govsm.governance.service import Governance
from govsm.ledger.chain import verify
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm.store import Store
from govsm.testing.governance import ORG, START, TickingClock, small_snapshot

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _drafts(url: str, worker: int, count: int) -> int:
    """Draft ``count`` posts of this worker's own; return how many were refused as conflicts."""
    channels = {c.id: c for c in CHANNELS}
    conflicts = 0
    with Store.open(url) as store:
        gov = Governance(store, ORG, channels, clock=TickingClock())
        for index in range(count):
            post = Message(
                organisation=ORG,
                id=f"w{worker}-{index}",
                profile="x-sport",
                direction=Direction.OUTBOUND,
                kind=MessageKind.POST,
                state=MessageState.DRAFT,
                text=f"Entrenament {index} de l'escola {worker}",
                created_at=START,
            )
            try:
                gov.draft(post, by="edu")
            except ConcurrentChange:
                conflicts += 1
    return conflicts


def _inserts(url: str, worker: int, count: int) -> int:
    """Insert ``count`` rows into the bare table, one transaction each."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA busy_timeout = 30000")
            connection.commit()
        for index in range(count):
            with connection.begin():
                connection.execute(
                    sa.text("INSERT INTO bench_rows (id, body) VALUES (:id, :body)"),
                    {"id": f"w{worker}-{index}", "body": f"Entrenament {index}"},
                )
    engine.dispose()
    return 0


def _run(target: object, url: str, processes: int, writes: int) -> tuple[float, int]:
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(processes) as pool:
        pool.apply(_warm)  # the processes start (and import govsm) before the clock does
        start = time.perf_counter()
        results = pool.starmap(target, [(url, w, writes) for w in range(processes)])  # type: ignore[arg-type]
        return time.perf_counter() - start, sum(results)


def _warm() -> None:
    """Nothing: the pool's processes are up once it returns."""


@contextmanager
def _sqlite() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'store.sqlite3'}"


@contextmanager
def _postgres(base: str) -> Iterator[str]:
    url = sa.make_url(base).set(drivername="postgresql+psycopg")
    admin = sa.create_engine(url, poolclass=sa.NullPool)
    schema = f"govsm_bench_{uuid.uuid4().hex}"
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def _bare_table(url: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS bench_rows")
        connection.exec_driver_sql(
            "CREATE TABLE bench_rows (id VARCHAR(64) PRIMARY KEY, body TEXT)"
        )
    engine.dispose()


def _measure(name: str, url: str, processes: int, writes: int) -> None:
    with Store.open(url) as store:
        store.save_snapshot(small_snapshot())
    spent, conflicts = _run(_drafts, url, processes, writes)
    _bare_table(url)
    floor, _ = _run(_inserts, url, processes, writes)
    with Store.open(url) as store:
        entries = store.audit_entries(ORG)
        drafted = sum(1 for e in entries if e.action == "message.drafted")
        ok = verify(ORG, entries).ok
    total = processes * writes
    print(
        f"{name:10} {processes:>3} × {writes:<4} {conflicts:>9} {drafted:>8} "
        f"{total / spent:>10.1f} {total / floor:>10.1f} {spent / floor:>7.2f} {ok!s:>9}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--writes", type=int, default=50)
    parser.add_argument("--postgres", default=os.environ.get("GOVSM_TEST_POSTGRES_URL", PG_DEFAULT))
    args = parser.parse_args()
    print(
        f"{'backend':10} {'processes':>10} {'conflicts':>9} {'drafted':>8} {'govsm/s':>10} "
        f"{'anchor/s':>10} {'ratio':>7} {'verified':>9}"
    )
    for processes in args.processes:
        with _sqlite() as url:
            _measure("sqlite", url, processes, args.writes)
        with _postgres(args.postgres) as url:
            _measure("postgresql", url, processes, args.writes)


if __name__ == "__main__":
    main()
