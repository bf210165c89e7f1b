"""Expanding 10,000 recurring series over one year, with every exclusion applied.

    python benchmarks/recurrence.py [--series 10000]

Each series is a realistic rule (daily on weekdays, weekly on two days, monthly on a weekday)
at its own hour, in Madrid or the Canaries; every occurrence of 2027 is given its zone and
checked against Spain's and the Valencian Community's holidays, a local holiday and an
electoral period. The anchor is ``python-dateutil`` alone: the same rules expanded as naive
wall times, with no zone and no exclusion. Issue 13's goal: govsm under 2 s.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, datetime

from dateutil.rrule import rrulestr

from govsm.calendar.exclusions import Exclusions, LocalHoliday
from govsm.calendar.recurrence import Series
from govsm.model import ElectoralPeriod

RULES = (
    "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
    "FREQ=WEEKLY;BYDAY=TU,SA",
    "FREQ=MONTHLY;BYDAY=1MO",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
)
ZONES = ("Europe/Madrid", "Atlantic/Canary")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=10_000)
    count = parser.parse_args().series
    starts = [datetime(2026, 12, 28, 8 + n % 12, (n * 7) % 60) for n in range(count)]
    rules = [RULES[n % len(RULES)] for n in range(count)]
    after = datetime(2027, 1, 1)
    before = datetime(2028, 1, 1)

    start = time.perf_counter()
    bare = sum(
        len(rrulestr(rule, dtstart=first).between(after, before, inc=True))
        for rule, first in zip(rules, starts, strict=True)
    )
    anchor = time.perf_counter() - start

    start = time.perf_counter()
    exclusions = Exclusions.spanish(
        region="ES-VC",
        years=(2027,),
        local=(LocalHoliday(date(2027, 11, 30), "Sant Andreu"),),
        electoral=(ElectoralPeriod("Eleccions 2027", date(2027, 4, 1), date(2027, 5, 23)),),
    )
    kept = skipped = 0
    for n, (rule, first) in enumerate(zip(rules, starts, strict=True)):
        series = Series(f"s{n}", first, ZONES[n % 2], rule)
        window = series.occurrences(
            after.replace(tzinfo=series._zone), before.replace(tzinfo=series._zone)
        )
        for moment in window:
            if exclusions.reason(moment.date()) is None:
                kept += 1
            else:
                skipped += 1
    spent = time.perf_counter() - start
    print(f"{'':32} {'occurrences':>12} {'seconds':>8}")
    print(f"{'anchor: dateutil, naive':32} {bare:12} {anchor:8.2f}")
    print(f"{'govsm: zoned, with exclusions':32} {kept + skipped:12} {spent:8.2f}")
    print(f"kept {kept}, excluded {skipped}; ratio {spent / anchor:.2f}; goal: under 2 s")


if __name__ == "__main__":
    main()
