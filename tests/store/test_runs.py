"""The record of audit runs: every finding kept, counted and streamed back, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.errors import StoreError
from govsm.model import Bilingual, Finding, Severity, Span
from govsm.spec.findings import ReportedFinding
from govsm.store import Store
from govsm.store.runs import COMPLETE, KEEP_RUNS
from govsm.testing import strategies

from . import factories as f

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _finding(n: int, severity: Severity = Severity.WARNING, **changes: object) -> ReportedFinding:
    finding = Finding(
        rule="long-sentences",
        severity=severity,
        message=Bilingual(es=f"frase {n}", en=f"sentence {n}"),
        subject=f"message:m{n}",
        span=Span(0, 3),
    )
    finding = attrs.evolve(finding, **changes)
    return ReportedFinding("checks", finding, profile="p", message=f"m{n}", excerpt="Hol…")


@pytest.fixture
def saved(store: Store) -> Store:
    store.save_snapshot(f.snapshot(f.ORG))
    return store


class TestRuns:
    def test_findings_come_back_in_order_and_whole(self, saved: Store) -> None:
        """What was recorded, in batches, streams back equal and in order."""
        run = saved.runs.begin(f.ORG, T0, T0.date(), "0.1.0")
        batch = [_finding(n) for n in range(1, 8)]
        saved.runs.add(f.ORG, run, 1, batch[:3])
        saved.runs.add(f.ORG, run, 4, batch[3:])
        saved.runs.finish(f.ORG, run, COMPLETE, T0)
        assert list(saved.runs.findings(f.ORG, run)) == batch
        assert saved.runs.latest(f.ORG)[0][:2] == (run, COMPLETE)

    def test_counts_leave_waived_findings_out(self, saved: Store) -> None:
        """Totals count by severity the findings no waiver covers."""
        run = saved.runs.begin(f.ORG, T0, T0.date(), "0.1.0")
        saved.runs.add(
            f.ORG,
            run,
            1,
            [
                _finding(1, Severity.ERROR),
                _finding(2, Severity.ERROR, waived_by="ana", waiver_reason="campaign"),
                _finding(3, Severity.INFO),
            ],
        )
        assert saved.runs.counts(f.ORG, run) == {"error": 1, "info": 1}

    def test_old_runs_are_forgotten(self, saved: Store) -> None:
        """An organisation keeps its newest KEEP_RUNS runs, with their findings."""
        runs = []
        for n in range(KEEP_RUNS + 2):
            run = saved.runs.begin(f.ORG, T0 + timedelta(minutes=n), T0.date(), "0.1.0")
            saved.runs.add(f.ORG, run, 1, [_finding(n)])
            runs.append(run)
        kept = [run for run, _, _ in saved.runs.latest(f.ORG)]
        assert kept == list(reversed(runs))[:KEEP_RUNS]
        assert list(saved.runs.findings(f.ORG, runs[0])) == []

    def test_the_post_address_is_recorded_with_the_finding(self, saved: Store) -> None:
        """A finding's url (its post's public address) comes back with it; none stays none."""
        run = saved.runs.begin(f.ORG, T0, T0.date(), "0.1.0")
        addressed = attrs.evolve(
            _finding(1), url="https://bsky.app/profile/ajsoldeneu.bsky.social/post/3mn7k6ouvs2xw"
        )
        saved.runs.add(f.ORG, run, 1, [addressed, _finding(2)])
        assert [r.url for r in saved.runs.findings(f.ORG, run)] == [addressed.url, None]

    def test_unknown_organisation_is_refused(self, store: Store) -> None:
        """A run of an organisation the store does not hold is a clear StoreError."""
        with pytest.raises(StoreError):
            store.runs.begin("nobody", T0, T0.date(), "0.1.0")


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(strategies.findings(), st.none() | strategies.urls), max_size=12))
def test_any_finding_round_trips(saved: Store, findings: list[tuple[Finding, str | None]]) -> None:
    """Any finding the model allows, with or without its post's address, is read back equal."""
    run = saved.runs.begin(f.ORG, T0, T0.date(), "0.1.0")
    recorded = [
        ReportedFinding("checks", finding, url=url, excerpt="…") for finding, url in findings
    ]
    saved.runs.add(f.ORG, run, 1, recorded)
    assert list(saved.runs.findings(f.ORG, run)) == recorded
