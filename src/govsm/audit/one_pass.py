"""Report writers that share one pass over a run's findings.

Reading a run's findings back from the store costs a query per chunk and a conversion per
finding. ``summary.md``, ``findings.jsonl``, ``findings.csv`` and the terminal digest of
``govsm audit`` all need every finding; read one after the other they would cost a pass each.
A :class:`StreamedWriter` is a report writer (an :data:`~govsm.spec.exporter.ExportWriter`,
callable with the report and a folder) that can also be *fed*: ``govsm audit`` opens every
streamed writer, reads the findings once and hands each finding to each of them
(:func:`feed`), then closes them. Called alone, a streamed writer reads the findings itself.
Memory stays flat: a finding is dropped once every writer has seen it.

>>> from govsm.model import Bilingual, Finding, Severity
>>> from govsm.spec.findings import ReportedFinding
>>> class Count:
...     def __init__(self):
...         self.seen = 0
...     def add(self, reported):
...         self.seen += 1
...     def close(self):
...         return Path(f"{self.seen} findings")
...     def abort(self):
...         pass
>>> finding = Finding(rule="r", severity=Severity.INFO, message=Bilingual(es="x", en="x"))
>>> closed = feed(
...     [ReportedFinding.of("checks", finding)] * 3,
...     {"a": Count(), "b": Count()},
...     on_failure=print,
... )
>>> closed
{'a': PosixPath('3 findings'), 'b': PosixPath('3 findings')}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from attrs import frozen

from govsm.atomic import open_atomic
from govsm.spec.findings import ReportedFinding

if TYPE_CHECKING:
    from govsm.spec.report import AuditReport


class FindingConsumer(Protocol):
    """What a :class:`StreamedWriter` opens: it receives the findings one at a time."""

    def add(self, reported: ReportedFinding) -> None:
        """Take the next finding, in the order the run recorded them."""

    def close(self) -> Path:
        """Finish writing, make the file appear whole, and return its path."""

    def abort(self) -> None:
        """Give up: nothing of what was written appears."""


@frozen
class StreamedWriter:
    """A report writer fed by a pass it shares with the other streamed writers.

    :param open: starts the file for a report in a folder and returns the consumer that
        receives the findings.
    """

    open: Callable[[AuditReport, Path], FindingConsumer]

    def __call__(self, report: AuditReport, folder: Path) -> Path:
        """Write alone: read every finding of ``report`` and feed them to a new consumer."""
        consumer = self.open(report, folder)
        try:
            for reported in report.reported():
                consumer.add(reported)
        except BaseException:
            consumer.abort()
            raise
        return consumer.close()


class AtomicText:
    r"""A text file written a piece at a time that appears whole on :meth:`close`, or never.

    :param path: the file to write (its previous content stays until :meth:`close`).
    :param newline: what ``\n`` becomes (``""`` leaves it as written, for the csv module).
    """

    def __init__(self, path: Path, *, newline: str = "\n") -> None:
        self.path = path
        self._stack = ExitStack()
        self.stream: TextIO = self._stack.enter_context(open_atomic(path, newline=newline))

    def close(self) -> Path:
        """Flush the file to disk and rename it into place; return its path."""
        self._stack.close()
        return self.path

    def abort(self) -> None:
        """Remove the temporary file; the previous content of ``path`` stays."""
        stop = _Aborted()
        self._stack.__exit__(_Aborted, stop, None)


class _Aborted(Exception):
    """Thrown into the atomic writer to discard it."""


def feed(
    findings: Iterable[ReportedFinding],
    consumers: Mapping[str, FindingConsumer],
    *,
    on_failure: Callable[[str, Exception], None],
    also: Iterable[Callable[[ReportedFinding], None]] = (),
) -> dict[str, Path]:
    """Hand every finding to every consumer in one pass, then close them.

    A consumer that raises is aborted and reported to ``on_failure`` with its name; the others
    go on. When reading ``findings`` raises (the store cannot be read), every consumer still
    open is aborted and reported with that error; with none open, the error propagates.

    :param also: other receivers of each finding (the terminal digest); their errors are
        not caught.
    :returns: the path each consumer that closed wrote, by name, in the order of
        ``consumers``.
    """
    live = dict(consumers)
    receivers = tuple(also)
    try:
        for reported in findings:
            for receive in receivers:
                receive(reported)
            for name, consumer in list(live.items()):
                try:
                    consumer.add(reported)
                except Exception as exc:
                    del live[name]
                    consumer.abort()
                    on_failure(name, exc)
    except Exception as exc:  # the record could not be read back: nothing fed is whole
        if not live:
            raise
        for name, consumer in live.items():
            consumer.abort()
            on_failure(name, exc)
        return {}
    closed: dict[str, Path] = {}
    for name, consumer in live.items():
        try:
            closed[name] = consumer.close()
        except Exception as exc:
            on_failure(name, exc)
    return closed
