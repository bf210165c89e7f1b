"""Claim + publish throughput of 1, 2 and 4 PostgreSQL workers, beside a bare claim loop.

    python benchmarks/outbox_throughput.py [--items 2000] [--workers 1 2 4] [--postgres URL]
        [--batch 64] [--keep | --template NAME] [--count N]

A template database gets the example council and ``--items`` approved posts, scheduled due now
through the governance API (the slow part: about 85 ms a post on a two-core machine). Every run
starts from a copy of it (``CREATE DATABASE … TEMPLATE``), so each publishes the same rows (the
template and the sink: ``outbox_setup.py``):

* **govsm**: N processes, each a :class:`govsm.publishing.Worker` publishing to a zero-latency
  sink (:class:`ZeroSink`: ``publish`` returns at once). A worker claims a batch of due items
  (``FOR UPDATE SKIP LOCKED``; 8 first, then about a second's work, at most 64 by default,
  ``--batch``: :func:`govsm.publishing.worker.next_claim`), runs the publish-time gate on each
  (approvals, the rules as of now, plugins' veto), records the batch's attempts before the
  calls, publishes each, and writes the outcomes with their audit entries and the published
  messages: three transactions a batch;
* **audited**: the same, on a copy audited first (``govsm.run_audit``, what an organisation's
  daily ``govsm audit`` does): the gate finds each message's checks kept by the audit for this
  day, rules and policy, and reuses them instead of running the rules again
  (:mod:`govsm.publishing.kept_checks`);
* **govsm, no gate**: the same workers with the gate replaced by one that lets everything
  through (what the outbox alone costs: claims, attempts, outcomes, audit entries);
* **anchor**: N processes running the floor with bare psycopg on the same ``outbox`` table:
  ``BEGIN; SELECT id … FOR UPDATE SKIP LOCKED LIMIT 1; UPDATE outbox SET state = 'published'
  …; COMMIT`` until nothing is left.

The clock starts when every process is connected and warm (a barrier) and stops when the last
one is done; a process is done when its claim finds nothing left, govsm's as the anchor's (no
process polls the table to tell it); workers are processes, so the GIL caps none of them.
Printed: items per second for each, and govsm's (cold and audited) over the anchor's (goal,
issue 13: at least 0.5 with 4 workers). The server comes from ``--postgres`` (default:
``GOVSM_TEST_POSTGRES_URL``, else the local server); the role must be allowed to create
databases.

Preparing is slow (and slower on a loaded machine): ``--keep`` keeps the template database and
prints its name, ``--template NAME`` (with the same ``--items``) runs on it again without
preparing, and keeps it; drop it yourself when done. ``--count N`` times nothing: it counts what
N items cost one worker and the bare loop (statements, commits, checkouts, CPU time; see
``benchmarks/outbox_costs.py``, which also runs on its own), figures that the machine's load
does not change.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import tempfile
import time
from datetime import UTC, datetime
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import psycopg
from outbox_costs import WARM, count
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
    published_counts,
)

from govsm.model import OutboxState
from govsm.publishing import Gate, PublishGate, RetryPolicy, Worker
from govsm.publishing.worker import BATCH
from govsm.workspace import Workspace

# -- the workers (each in a process of its own) -------------------------------------------------


def govsm_worker(
    url: str,
    folder: str,
    org: str,
    gate: bool,
    barrier: Barrier,
    results: Any,
    batch: int = BATCH,
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
        real.kept.context()  # and what the audit's kept results are compared with
    chosen: PublishGate = real if gate else OpenGate()
    worker = Worker(
        workspace, adapters=lambda profile: sink, policy=RetryPolicy(), gate=chosen, batch=batch
    )
    barrier.wait()
    start = time.perf_counter()
    # stops as the anchor does: when a claim finds nothing left (no watcher polls the table)
    summary = worker.run(poll=0.002, until_idle=True)
    results.put((summary.outcomes["published"], time.perf_counter() - start))
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
    target: Any, url: str, folder: Path, org: str, processes: int, gate: bool, *extra: Any
) -> tuple[int, float]:
    """Run ``processes`` copies of ``target``; return (items handled, seconds)."""
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(processes + 1)
    results = spawn.Queue()
    started = [
        spawn.Process(target=target, args=(url, str(folder), org, gate, barrier, results, *extra))
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
    parser.add_argument(
        "--batch", type=int, default=BATCH, help="the most items a govsm worker claims at a time"
    )
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
    copies: list[str] = []
    try:
        if args.template:
            org = organisation_of(council)
            print(f"reusing template database {template} ({args.items} posts)")
        else:
            print(f"preparing {args.items} approved posts, due now (template database {template})")
            org = prepare(council, server.url(template), args.items)
        if args.count is not None:
            count(server, template, council, org, min(args.count, args.items - WARM))
            return
        print("auditing a copy (the checks step keeps its results for the gate)")
        checked = audited(server, template, council)
        copies.append(checked)
        rows = []
        for processes in args.workers:
            figures: dict[str, float] = {}
            for label, target, gate, source in (
                ("govsm", govsm_worker, True, template),
                ("audited", govsm_worker, True, checked),
                ("no gate", govsm_worker, False, template),
                ("anchor", bare_worker, False, template),
            ):
                database = server.create(source)
                try:
                    url = server.bare_url(database) if label == "anchor" else server.url(database)
                    extra = () if label == "anchor" else (args.batch,)
                    handled, spent = run(target, url, council, org, processes, gate, *extra)
                    items, entries = published_counts(server, database, org)
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
                f"  {processes} workers: govsm {figures['govsm']:.1f}/s, audited "
                f"{figures['audited']:.1f}/s, no gate {figures['no gate']:.1f}/s, anchor "
                f"{figures['anchor']:.1f}/s",
                flush=True,
            )
    finally:
        for copy in copies:
            server.drop(copy)
        if keep:
            print(f"template database kept: {template}")
        else:
            server.drop(template)
        server.close()
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"\n{'workers':>7} {'govsm/s':>9} {'audited/s':>10} {'no gate/s':>10} {'anchor/s':>9} "
        f"{'ratio':>6} {'audited':>8} {'no gate':>8}"
    )
    for processes, figures in rows:
        anchor = figures["anchor"]
        print(
            f"{processes:>7} {figures['govsm']:>9.1f} {figures['audited']:>10.1f} "
            f"{figures['no gate']:>10.1f} {anchor:>9.1f} {figures['govsm'] / anchor:>6.2f} "
            f"{figures['audited'] / anchor:>8.2f} {figures['no gate'] / anchor:>8.2f}"
        )
    four = dict(rows).get(4)
    if four is not None:
        for label, name in (("govsm", "govsm"), ("audited", "govsm after an audit")):
            ratio = four[label] / four["anchor"]
            verdict = "meets" if ratio >= 0.5 else "MISSES"
            print(
                f"with 4 workers {name} publishes {ratio:.2f}× the bare claim loop's rate "
                f"({verdict} the 0.5× goal)"
            )
        print(f"{args.items} items per run, {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
