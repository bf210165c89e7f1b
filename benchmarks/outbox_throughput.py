"""Claim + publish throughput of 1, 2 and 4 PostgreSQL workers, beside a bare claim loop.

    python benchmarks/outbox_throughput.py [--items 2000] [--workers 1 2 4] [--postgres URL]
        [--keep | --template NAME] [--count N]

A template database gets the example council and ``--items`` approved posts, scheduled due now
through the governance API (the slow part: about 85 ms a post on a two-core machine). Every run
starts from a copy of it (``CREATE DATABASE … TEMPLATE``), so each publishes the same rows:

* **govsm**: N processes, each a :class:`govsm.publishing.Worker` publishing to a zero-latency
  sink (:class:`ZeroSink`: ``publish`` returns at once). A worker claims a batch of due items
  (``FOR UPDATE SKIP LOCKED``, 16 by default), runs the publish-time gate on each (approvals,
  the rules as of now, plugins' veto), records the batch's attempts before the calls,
  publishes each, and writes the outcomes with their audit entries and the published
  messages: three transactions a batch;
* **govsm, no gate**: the same workers with the gate replaced by one that lets everything
  through (what the outbox alone costs: claims, attempts, outcomes, audit entries);
* **anchor**: N processes running the floor with bare psycopg on the same ``outbox`` table:
  ``BEGIN; SELECT id … FOR UPDATE SKIP LOCKED LIMIT 1; UPDATE outbox SET state = 'published'
  …; COMMIT`` until nothing is left.

The clock starts when every process is connected and warm (a barrier) and stops when the last
one is done; workers are processes, so the GIL caps none of them. Printed: items per second
for each, and govsm's over the anchor's (goal, issue 13: at least 0.5 with 4 workers). The
server comes from ``--postgres`` (default: ``GOVSM_TEST_POSTGRES_URL``, else the local
server); the role must be allowed to create databases.

Preparing is slow (and slower on a loaded machine): ``--keep`` keeps the template database and
prints its name, ``--template NAME`` (with the same ``--items``) runs on it again without
preparing, and keeps it; drop it yourself when done. ``--count N`` times nothing: it counts
what N items cost one worker and the bare loop (statements, commits, checkouts, CPU time; see
``benchmarks/outbox_costs.py``), figures that the machine's load does not change.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

from govsm.governance import Governance
from govsm.model import Direction, Message, MessageKind, MessageState, OutboxState, Profile
from govsm.publishing import Cleared, Gate, RetryPolicy, Worker
from govsm.spec.adapter import PublishResult, UploadMedia
from govsm.workspace import Workspace

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "soldeneu"
#: the example council's editor, and its approver and coordinator
EDITOR, APPROVER = "pau-ribera", "marta-soler"
PROFILE = "mastodon-ajuntament"

BARE_CLAIM = (
    "SELECT id FROM outbox WHERE organisation_id = %s AND state = 'scheduled' "
    "AND next_attempt_at <= now() ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED"
)
BARE_PUBLISH = (
    "UPDATE outbox SET state = 'published', claimed_by = NULL, attempts = attempts + 1, "
    "remote_id = %s, published_at = now(), updated_at = now(), error = NULL "
    "WHERE organisation_id = %s AND id = %s"
)


class ZeroSink:
    """A network that publishes at once and remembers nothing."""

    def publish(
        self,
        message: Message,
        *,
        idempotency_key: str,
        media: Sequence[UploadMedia] = (),
        reply_to: str | None = None,
    ) -> PublishResult:
        """Published, now."""
        return PublishResult(remote_id=f"zero-{idempotency_key}", published_at=datetime.now(UTC))

    def lookup(
        self, message: Message, *, idempotency_key: str, since: datetime
    ) -> PublishResult | None:
        """Never asked here (no attempt is left unconfirmed)."""
        return None


class OpenGate:
    """A gate that lets every message through as it is (the ``no gate`` runs)."""

    def record(self) -> None:
        """No record is read."""
        return

    def clear(
        self,
        message: Message,
        profile: Profile,
        now: datetime,
        variant: str | None = None,
        *,
        record: object = None,
    ) -> Cleared:
        """The message, unchecked."""
        return Cleared(message, ())


# -- databases ----------------------------------------------------------------------------------


class Server:
    """Databases on the PostgreSQL server: a template, and copies of it."""

    def __init__(self, url: str) -> None:
        self.base = sa.make_url(url).set(drivername="postgresql+psycopg")
        self._admin = sa.create_engine(
            self.base, poolclass=sa.NullPool, isolation_level="AUTOCOMMIT"
        )

    def url(self, database: str) -> str:
        return self.base.set(database=database).render_as_string(hide_password=False)

    def bare_url(self, database: str) -> str:
        plain = self.base.set(drivername="postgresql", database=database)
        return plain.render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"govsm_bench_{uuid.uuid4().hex[:16]}"
        with self._admin.connect() as connection:
            suffix = f' TEMPLATE "{template}"' if template else ""
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{suffix}')
        return name

    def drop(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')

    def close(self) -> None:
        self._admin.dispose()


def prepare(folder: Path, url: str, items: int) -> str:
    """Load the council and schedule ``items`` approved posts, due now; return the org's id."""
    with Workspace.open(folder, store_url=url) as workspace:
        workspace.load()
        gov = Governance.of(workspace)
        org = workspace.organisation.id
        for item in workspace.store.outbox.items(org):  # the example's own: not part of this
            if not item.state.done:
                gov.cancel_item(item.id, by=APPROVER, reason="not part of the benchmark")
        started = time.perf_counter()
        for n in range(items):
            # due a second before its scheduling: a loaded machine takes minutes to prepare,
            # longer than scheduling's grace for a time already past
            due = datetime.now(UTC) - timedelta(seconds=1)
            ident = f"bench-{n:05d}"
            gov.draft(
                Message(
                    organisation=org,
                    id=ident,
                    profile=PROFILE,
                    direction=Direction.OUTBOUND,
                    kind=MessageKind.POST,
                    state=MessageState.DRAFT,
                    text=f"Obrim la piscina municipal dissabte a les 10 h. Avís {n}.",
                    language="ca-valencia",
                    created_at=datetime.now(UTC) - timedelta(hours=1),
                ),
                by=EDITOR,
            )
            gov.submit(ident, by=EDITOR)
            gov.approve(ident, by=APPROVER)
            gov.schedule(ident, due, by=EDITOR)
            if (n + 1) % 250 == 0:
                rate = (n + 1) / (time.perf_counter() - started)
                print(f"  scheduled {n + 1} of {items} ({rate:.1f} posts/s)", flush=True)
        return org


def _organisation(folder: Path) -> str:
    """The id of the organisation in ``folder`` (read from its files, no store opened)."""
    with Workspace.open(folder, store_url="sqlite://") as workspace:
        return workspace.organisation.id


def _remaining(engine: sa.Engine, org: str) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(
                sa.text(
                    "SELECT count(*) FROM outbox WHERE organisation_id = :org "
                    "AND state IN ('scheduled', 'claimed', 'unconfirmed')"
                ),
                {"org": org},
            ).scalar_one()
        )


def _published(server: Server, database: str, org: str) -> tuple[int, int]:
    """How many items are published, and how many audit entries say so."""
    engine = sa.create_engine(server.url(database), poolclass=sa.NullPool)
    with engine.connect() as connection:
        items = connection.execute(
            sa.text("SELECT count(*) FROM outbox WHERE organisation_id = :org AND state = :s"),
            {"org": org, "s": str(OutboxState.PUBLISHED)},
        ).scalar_one()
        entries = connection.execute(
            sa.text(
                "SELECT count(*) FROM audit_log WHERE organisation_id = :org "
                "AND action = 'message.published'"
            ),
            {"org": org},
        ).scalar_one()
    engine.dispose()
    return int(items), int(entries)


# -- the workers (each in a process of its own) -------------------------------------------------


def govsm_worker(
    url: str, folder: str, org: str, gate: bool, barrier: Barrier, results: Any
) -> None:
    """Publish with a govsm worker until no item is left; report (published, seconds)."""
    workspace = Workspace.open(Path(folder), store_url=url)
    sink = ZeroSink()
    if gate:  # warm the rules (language models, patterns) before the clock starts
        real = Gate(workspace)
        item = workspace.store.outbox.items(org, states=[OutboxState.SCHEDULED])[0]
        message = workspace.store.message(org, item.message)
        assert message is not None
        real.clear(message, workspace.profile(item.profile), datetime.now(UTC))
    chosen: Any = real if gate else OpenGate()
    worker = Worker(workspace, adapters=lambda profile: sink, policy=RetryPolicy(), gate=chosen)
    engine = sa.create_engine(url, poolclass=sa.NullPool)

    def watch() -> None:
        while _remaining(engine, org):
            time.sleep(0.005)
        worker.stop()

    barrier.wait()
    start = time.perf_counter()
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    summary = worker.run(poll=0.002)
    results.put((summary.outcomes["published"], time.perf_counter() - start))
    engine.dispose()
    workspace.close()


def bare_worker(
    url: str, folder: str, org: str, gate: bool, barrier: Barrier, results: Any
) -> None:
    """The anchor: claim and mark published with bare psycopg until nothing is left."""
    done = 0
    with psycopg.connect(url) as connection:
        barrier.wait()
        start = time.perf_counter()
        while True:
            with connection.transaction():
                row = connection.execute(BARE_CLAIM, (org,)).fetchone()
                if row is None:
                    break
                connection.execute(BARE_PUBLISH, (f"zero-{row[0]}", org, row[0]))
            done += 1
    results.put((done, time.perf_counter() - start))


def run(
    target: Any, url: str, folder: Path, org: str, processes: int, gate: bool
) -> tuple[int, float]:
    """Run ``processes`` copies of ``target``; return (items handled, seconds)."""
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(processes + 1)
    results = spawn.Queue()
    started = [
        spawn.Process(target=target, args=(url, str(folder), org, gate, barrier, results))
        for _ in range(processes)
    ]
    for process in started:
        process.start()
    barrier.wait(timeout=300)
    start = time.perf_counter()
    handled = [results.get(timeout=3600) for _ in started]
    spent = time.perf_counter() - start
    for process in started:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"a worker process ended with status {process.exitcode}")
    return sum(n for n, _ in handled), spent


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--postgres", default=os.environ.get("GOVSM_TEST_POSTGRES_URL", PG_DEFAULT))
    parser.add_argument(
        "--keep", action="store_true", help="keep the template database for a later --template"
    )
    parser.add_argument(
        "--template", help="a template database kept by --keep with as many --items (reused)"
    )
    parser.add_argument(
        "--count",
        type=int,
        metavar="N",
        help="instead of timing workers, count what N items cost (see outbox_costs.py)",
    )
    args = parser.parse_args()
    server = Server(args.postgres)
    folder = Path(tempfile.mkdtemp(prefix="govsm-bench-"))
    shutil.copytree(EXAMPLE, folder / "council")
    council = folder / "council"
    template = args.template or server.create()
    keep = args.keep or args.template is not None
    try:
        if args.template:
            org = _organisation(council)
            print(f"reusing template database {template} ({args.items} posts)")
        else:
            print(f"preparing {args.items} approved posts, due now (template database {template})")
            org = prepare(council, server.url(template), args.items)
        if args.count is not None:
            from outbox_costs import WARM, count  # it imports this module: imported late

            count(server, template, council, org, min(args.count, args.items - WARM))
            return
        rows = []
        for processes in args.workers:
            figures: dict[str, float] = {}
            for label, target, gate in (
                ("govsm", govsm_worker, True),
                ("no gate", govsm_worker, False),
                ("anchor", bare_worker, False),
            ):
                database = server.create(template)
                try:
                    url = server.bare_url(database) if label == "anchor" else server.url(database)
                    handled, spent = run(target, url, council, org, processes, gate)
                    items, entries = _published(server, database, org)
                    expected = entries if label != "anchor" else items
                    if not (handled == items == expected == args.items):
                        raise SystemExit(
                            f"{label}, {processes} workers: handled {handled}, {items} items "
                            f"published, {entries} audit entries; expected {args.items}"
                        )
                    figures[label] = args.items / spent
                finally:
                    server.drop(database)
            rows.append((processes, figures))
            print(
                f"  {processes} workers: govsm {figures['govsm']:.1f}/s, no gate "
                f"{figures['no gate']:.1f}/s, anchor {figures['anchor']:.1f}/s",
                flush=True,
            )
    finally:
        if keep:
            print(f"template database kept: {template}")
        else:
            server.drop(template)
        server.close()
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"\n{'workers':>7} {'govsm/s':>9} {'no gate/s':>10} {'anchor/s':>9} "
        f"{'ratio':>6} {'no gate':>8}"
    )
    for processes, figures in rows:
        anchor = figures["anchor"]
        print(
            f"{processes:>7} {figures['govsm']:>9.1f} {figures['no gate']:>10.1f} {anchor:>9.1f} "
            f"{figures['govsm'] / anchor:>6.2f} {figures['no gate'] / anchor:>8.2f}"
        )
    four = dict(rows).get(4)
    if four is not None:
        ratio = four["govsm"] / four["anchor"]
        verdict = "meets" if ratio >= 0.5 else "MISSES"
        print(
            f"\nwith 4 workers govsm publishes {ratio:.2f}× the bare claim loop's rate "
            f"({verdict} the 0.5× goal); {args.items} items per run, {os.cpu_count()} CPUs"
        )


if __name__ == "__main__":
    main()
