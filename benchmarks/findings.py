"""Recording an audit's findings and exporting them: throughput and peak memory, beside an anchor.

    python benchmarks/findings.py --sizes 10000 100000 1000000
    python benchmarks/findings.py --reports   # every built-in report, one read of the record

govsm records each finding in the run's record (SQLite, in batches) and writes findings.jsonl
by streaming the record back; each finding carries its post's address, as a message check's
do. The anchor is what a naive report does: keep every finding in a
Python list and dump the list. Each case runs in a fresh process, so peak RSS is its own; the
table gives seconds, findings per second and peak RSS for both, and govsm's ratio to the anchor.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile

CASE = r"""
import json, resource, sys, tempfile, time
from datetime import UTC, datetime
from pathlib import Path

from govsm.model import Bilingual, Finding, Organisation, OrganisationKind, OrganisationSnapshot
from govsm.model import Severity, Span
from govsm.spec.findings import ReportedFinding

mode, count, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
now = datetime(2026, 11, 20, 10, tzinfo=UTC)

def findings():
    for n in range(count):
        finding = Finding(
            rule="long-sentences", severity=Severity.INFO, subject=f"message:m{n}",
            message=Bilingual(es=f"una frase de {30 + n % 20} palabras",
                              en=f"a sentence of {30 + n % 20} words"),
            span=Span(0, 40),
        )
        yield ReportedFinding("checks", finding, profile=f"p{n % 17}", message=f"m{n}",
                              url=f"https://x.com/AjSoldeneu/status/{1635928822380786287 + n}",
                              excerpt="Obert el termini d'inscripció a les escoles…")

start = time.perf_counter()
if mode in ("govsm", "reports"):
    from govsm.audit.recording import StoredFindings
    from govsm.builtin.exporters.findings import write_jsonl
    from govsm.spec.report import AuditReport
    from govsm.store import Store

    org = Organisation(id="o", name="O", kind=OrganisationKind.AYUNTAMIENTO, languages=("es",),
                       timezone="Europe/Madrid")
    store = Store.open(f"sqlite:///{folder / 'govsm.db'}")
    store.save_snapshot(OrganisationSnapshot(organisation=org))
    sink = StoredFindings(store, "o", now, now.date())
    sink.add(findings())
    sink.flush()
    run = sink.run
    report = AuditReport("o", "O", "0", None, now.date(), now, "en", (), run=run,
                         counts=store.runs.counts("o", run),
                         stream=lambda: store.runs.findings("o", run))
    if mode == "govsm":
        write_jsonl(report, folder)
    else:  # every built-in report and the terminal digest, fed by one read of the record
        from govsm.audit.digest import FindingDigest
        from govsm.audit.one_pass import feed
        from govsm.builtin.exporters import findings as rows, summary_markdown as markdown

        digest = FindingDigest(per_rule=3)
        writers = (markdown.write, rows.write_jsonl, rows.write_csv)
        consumers = {str(n): writer.open(report, folder) for n, writer in enumerate(writers)}
        failed = []
        feed(report.reported(), consumers, on_failure=lambda *f: failed.append(f),
             also=(digest.add,))
        assert not failed and digest.total == count, failed
    total = sum(report.severity_counts().values())
else:
    from govsm.builtin.exporters.findings import finding_row
    kept = list(findings())
    with (folder / "findings.jsonl").open("w", encoding="utf-8") as out:
        for reported in kept:
            out.write(json.dumps(finding_row(reported), ensure_ascii=False) + "\n")
    total = len(kept)
elapsed = time.perf_counter() - start
lines = sum(1 for _ in (folder / "findings.jsonl").open(encoding="utf-8"))
assert lines == total == count, (lines, total, count)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak}))
"""


def measure(mode: str, count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [sys.executable, "-c", CASE, mode, str(count), folder],
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--reports",
        action="store_true",
        help="also time what govsm audit does: summary.md, findings.jsonl, findings.csv "
        "and the terminal digest, fed by one read of the record",
    )
    args = parser.parse_args()
    print(
        f"{'findings':>10} {'govsm s':>8} {'anchor s':>9} {'ratio':>6} "
        f"{'govsm MB':>9} {'anchor MB':>10}"
    )
    for count in args.sizes:
        govsm = measure("govsm", count)
        anchor = measure("anchor", count)
        print(
            f"{count:>10} {govsm['seconds']:8.1f} {anchor['seconds']:9.1f} "
            f"{govsm['seconds'] / anchor['seconds']:6.2f} {govsm['peak_mb']:9.0f} "
            f"{anchor['peak_mb']:10.0f}"
        )
    if args.reports:
        print(f"\n{'findings':>10} {'reports s':>10} {'reports MB':>11}")
        for count in args.sizes:
            reports = measure("reports", count)
            print(f"{count:>10} {reports['seconds']:10.1f} {reports['peak_mb']:11.0f}")


if __name__ == "__main__":
    main()
