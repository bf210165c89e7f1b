"""One read of a run's findings feeds every streamed report writer (govsm.audit.one_pass)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govsm.audit.one_pass import AtomicText, StreamedWriter, feed
from govsm.errors import StoreError
from govsm.model import Bilingual, Finding, Severity
from govsm.spec.findings import ReportedFinding
from govsm.spec.report import AuditReport


def _findings(count: int) -> Iterator[ReportedFinding]:
    for n in range(count):
        finding = Finding(
            rule="r", severity=Severity.INFO, message=Bilingual(es=f"x{n}", en=f"x{n}")
        )
        yield ReportedFinding.of("checks", finding)


class Lines(AtomicText):
    """Writes one line per finding into ``lines.txt``."""

    def __init__(self, report: object, folder: Path, name: str = "lines.txt") -> None:
        super().__init__(folder / name)

    def add(self, reported: ReportedFinding) -> None:
        self.stream.write(reported.finding.message.en + "\n")


def test_every_consumer_sees_every_finding_in_order(tmp_path: Path) -> None:
    seen: list[str] = []
    closed = feed(
        _findings(2500),
        {"a": Lines(None, tmp_path, "a.txt"), "b": Lines(None, tmp_path, "b.txt")},
        on_failure=lambda name, exc: pytest.fail(f"{name}: {exc}"),
        also=(lambda reported: seen.append(reported.finding.message.en),),
    )
    assert list(closed) == ["a", "b"]
    expected = [f"x{n}" for n in range(2500)]
    assert seen == expected
    for path in closed.values():
        assert path.read_text(encoding="utf-8").splitlines() == expected


def test_a_store_failing_mid_read_aborts_every_consumer(tmp_path: Path) -> None:
    """No half-written file appears, and each consumer is named with the store's error; the
    previous file of that name stays as it was."""
    (tmp_path / "a.txt").write_text("the last good report\n", encoding="utf-8")

    def broken() -> Iterator[ReportedFinding]:
        yield from _findings(10)
        raise StoreError("se perdió la conexión", "the connection was lost")

    failed: list[tuple[str, str]] = []
    closed = feed(
        broken(),
        {"a": Lines(None, tmp_path, "a.txt"), "b": Lines(None, tmp_path, "b.txt")},
        on_failure=lambda name, exc: failed.append((name, str(exc))),
    )
    assert closed == {}
    assert [name for name, _ in failed] == ["a", "b"]
    assert all("the connection was lost" in why for _, why in failed)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "the last good report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_with_no_consumer_a_read_error_propagates() -> None:
    """The terminal digest alone: the error is not swallowed."""

    def broken() -> Iterator[ReportedFinding]:
        yield from _findings(1)
        raise StoreError("se perdió la conexión", "the connection was lost")

    with pytest.raises(StoreError):
        feed(broken(), {}, on_failure=lambda name, exc: None, also=(lambda r: None,))


def test_a_streamed_writer_called_alone_reads_the_report(tmp_path: Path) -> None:
    """The exporter contract still holds: ``write(report, folder)`` writes the whole file."""
    from datetime import UTC, date, datetime

    report = AuditReport(
        organisation="o",
        organisation_name="O",
        govsm_version="0",
        policy_version=None,
        today=date(2026, 11, 20),
        generated_at=datetime(2026, 11, 20, tzinfo=UTC),
        language="en",
        steps=(),
        stream=lambda: _findings(3),
    )
    path = StreamedWriter(Lines)(report, tmp_path)
    assert path.read_text(encoding="utf-8").splitlines() == ["x0", "x1", "x2"]
