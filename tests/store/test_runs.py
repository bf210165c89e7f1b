"""The record of audit runs: every finding kept, counted and streamed back, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.audit.recording import StoredFindings
from govsm.errors import StoreError
from govsm.model import Bilingual, Finding, Severity, Span
from govsm.spec.audit import AuditContext
from govsm.spec.findings import CollectedFindings, RecordedFinding, ReportedFinding
from govsm.store import Store
from govsm.store.runs import COMPLETE, KEEP_RUNS, record_of
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


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(strategies.findings(), st.none() | strategies.urls, st.booleans()), max_size=12
    )
)
def test_recorded_findings_are_stored_as_they_are(
    saved: Store, findings: list[tuple[Finding, str | None, bool]]
) -> None:
    """Findings in their recorded form, mixed with built ones, come back equal and in order.

    The recorded form builds back to the finding it was made from, and the run's counts read its
    columns: a waived finding is not counted.
    """
    run = saved.runs.begin(f.ORG, T0, T0.date(), "0.1.0")
    reported = [
        ReportedFinding("checks", finding, profile="p", message="m", url=url, excerpt="…")
        for finding, url, _ in findings
    ]
    mixed = [
        record_of(item) if as_record else item
        for item, (_, _, as_record) in zip(reported, findings, strict=True)
    ]
    for item in mixed:
        if isinstance(item, RecordedFinding):
            assert item.reported() == reported[mixed.index(item)]
            assert item.counted is (item.reported().finding.waived_by is None)
    saved.runs.add(f.ORG, run, 1, mixed)
    assert list(saved.runs.findings(f.ORG, run)) == reported
    expected: dict[str, int] = {}
    for item in reported:
        if item.counted:
            level = item.finding.severity.value
            expected[level] = expected.get(level, 0) + 1
    assert saved.runs.counts(f.ORG, run) == expected


def test_a_finding_json_cannot_carry_is_named() -> None:
    """A finding holding NaN cannot take its recorded form: the error names it by number."""
    finding = attrs.evolve(_finding(1).finding, message=Bilingual(es="a", en="b"))
    reported = ReportedFinding("checks", finding, excerpt="…")
    bad = attrs.evolve(reported, excerpt=float("nan"))  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="finding 7 of the audit"):
        record_of(bad, 7)


class TestRecordedSink:
    def test_the_run_record_takes_both_forms_in_the_order_given(self, saved: Store) -> None:
        """Built and recorded findings, sent in turns across several batches, stay in order."""
        sink = StoredFindings(saved, f.ORG, T0, T0.date())
        context = AuditContext(workspace=None, today=T0.date(), findings=sink)  # type: ignore[arg-type]
        reported = [_finding(n, waived_by="w-1" if n % 7 == 0 else None) for n in range(1, 1300)]
        for start in range(0, len(reported), 100):
            chunk = reported[start : start + 100]
            if start % 200:
                context.report_recorded(record_of(item) for item in chunk)
            else:
                context.report(chunk)
        sink.flush()
        assert sink.written == len(reported)
        assert list(saved.runs.findings(f.ORG, sink.run)) == reported
        waived = sum(1 for item in reported if not item.counted)
        assert sum(saved.runs.counts(f.ORG, sink.run).values()) == len(reported) - waived

    def test_a_sink_without_records_receives_them_built(self) -> None:
        """A sink that only takes built findings (a step run on its own) gets them built."""
        sink = CollectedFindings()
        context = AuditContext(workspace=None, today=T0.date(), findings=sink)  # type: ignore[arg-type]
        reported = [_finding(n) for n in range(3)]
        context.report_recorded(record_of(item) for item in reported)
        assert sink.items == reported
