"""The governance API's cost per decision, as the record grows, beside an anchor.

    .venv/bin/python benchmarks/governance.py [--entries 1000 10000 50000] [--decisions 20]

Every decision of :class:`govsm.governance.Governance` checks against the current record, read
from the organisation's audit log (:func:`govsm.ledger.record.fold`). A ``Governance``
object reads the whole log once (*cold*) and afterwards only what was appended (*warm*). This
script fills a SQLite store with a record of N entries (posts drafted, submitted and approved)
and times ``approve`` on a fresh post, cold (a new ``Governance``) and warm. The anchor is
reading the same N rows with the bare ``sqlite3`` driver (``SELECT * FROM audit_log``): the
floor of "read the whole log"; the ratios say what folding, the permission checks and the
write add to it (cold) and what reading on from the last entry saves (warm).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from govsm.channels.catalogue import CHANNELS
from govsm.governance.service import Governance
from govsm.ledger.chain import AuditEvent
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm.store import Store
from govsm.testing.governance import ORG, TickingClock, small_snapshot


def _post(gov: Governance, ident: str) -> Message:
    return Message(
        organisation=ORG,
        id=ident,
        profile="x-sport",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=f"Publicació {ident}",
        created_at=gov.now(),
    )


def fill(store: Store, entries: int) -> None:
    """Append ``entries`` entries shaped like the API's (drafted, submitted, approved)."""
    at = datetime(2025, 1, 1, tzinfo=UTC)
    batch: list[AuditEvent] = []
    for i in range(entries):
        kind = i % 3
        subject = f"m{i // 3}"
        at += timedelta(minutes=1)
        if kind == 0:
            event = AuditEvent(
                at,
                "edu",
                "message.drafted",
                subject,
                {"profile": "x-sport", "kind": "post", "digest": "0" * 64},
            )
        elif kind == 1:
            event = AuditEvent(
                at,
                "edu",
                "message.submitted",
                subject,
                {"profile": "x-sport", "tiers": 1, "digest": "0" * 64},
            )
        else:
            event = AuditEvent(
                at, "ana", "message.approved", subject, {"tier": 1, "tiers": 1, "digest": "0" * 64}
            )
        batch.append(event)
        if len(batch) == 5000:
            store.append_audit(ORG, batch)
            batch = []
    if batch:
        store.append_audit(ORG, batch)


def measure(entries: int, decisions: int, folder: Path) -> tuple[float, float, float]:
    """Median ms of one approve, cold and warm, and of reading the log with sqlite3 (anchor)."""
    path = folder / f"gov-{entries}.sqlite3"
    store = Store.open(f"sqlite:///{path}")
    store.save_snapshot(small_snapshot())
    fill(store, entries)
    gov = Governance(
        store,
        ORG,
        {c.id: c for c in CHANNELS},
        clock=TickingClock(datetime(2026, 3, 2, 9, tzinfo=UTC)),
    )
    timings: list[float] = []
    colds: list[float] = []
    anchors: list[float] = []
    for i in range(decisions):
        ident = f"bench-{i}"
        gov.draft(_post(gov, ident), by="edu")
        gov.submit(ident, by="edu")
        start = time.perf_counter()
        gov.approve(ident, by="ana")
        timings.append(time.perf_counter() - start)
        cold = Governance(store, ORG, {c.id: c for c in CHANNELS}, clock=TickingClock(gov.now()))
        cold.draft(_post(cold, ident + "-cold"), by="edu")
        cold.submit(ident + "-cold", by="edu")
        cold = Governance(store, ORG, {c.id: c for c in CHANNELS}, clock=TickingClock(gov.now()))
        start = time.perf_counter()
        cold.approve(ident + "-cold", by="ana")
        colds.append(time.perf_counter() - start)
        start = time.perf_counter()
        with sqlite3.connect(path) as connection:
            rows = connection.execute(
                "SELECT * FROM audit_log WHERE organisation_id = ?", (ORG,)
            ).fetchall()
        anchors.append(time.perf_counter() - start)
        assert len(rows) >= entries
    store.close()
    return (
        statistics.median(colds) * 1000,
        statistics.median(timings) * 1000,
        statistics.median(anchors) * 1000,
    )


def main() -> None:
    """Print one line per record size: govsm, anchor and ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--decisions", type=int, default=20)
    args = parser.parse_args()
    print(
        f"{'entries':>8}  {'read log, sqlite3':>17}  {'approve cold':>12}  {'ratio':>6}  "
        f"{'approve warm':>12}  {'ratio':>6}   (ms, medians)"
    )
    with tempfile.TemporaryDirectory() as folder:
        for entries in args.entries:
            cold, warm, anchor = measure(entries, args.decisions, Path(folder))
            print(
                f"{entries:>8}  {anchor:>17.1f}  {cold:>12.1f}  {cold / anchor:>5.1f}×  "
                f"{warm:>12.1f}  {warm / anchor:>5.2f}×"
            )


if __name__ == "__main__":
    main()
