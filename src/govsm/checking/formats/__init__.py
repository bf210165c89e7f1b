"""Output formats of ``govsm check``: each a writer that streams one result at a time."""

from __future__ import annotations

from typing import IO, Any, Protocol

from govsm.checking.inputs import CheckInput
from govsm.rules.engine import CheckResult


class Writer(Protocol):
    """Writes check results as they come: :meth:`begin`, one :meth:`write` each, :meth:`end`.

    :meth:`write` is :meth:`render` then :meth:`emit`: rendering reads only the input and its
    result (no state of the writer changes), so worker processes render and this process emits
    what they rendered, in order — a pickled string is far cheaper to send back than a result.
    """

    def begin(self) -> None:
        """Write what precedes the first result."""

    def render(self, item: CheckInput, result: CheckResult) -> Any:
        """One result as the format writes it, as a value that can be pickled; writes nothing."""

    def emit(self, rendered: Any) -> None:
        """Write what :meth:`render` made (and count it, for a format with totals)."""

    def write(self, item: CheckInput, result: CheckResult) -> None:
        """Write one result."""

    def end(self) -> None:
        """Write what follows the last result."""


def make_writer(
    name: str, stream: IO[str], *, language: str, colour: bool, rules: dict[str, object]
) -> Writer:
    """The writer called ``name`` (``text``, ``json``, ``sarif``, ``junit``)."""
    from govsm.checking.formats import json_lines, junit, sarif, text

    if name == "text":
        return text.TextWriter(stream, language=language, colour=colour)
    if name == "json":
        return json_lines.JsonWriter(stream)
    if name == "sarif":
        return sarif.SarifWriter(stream, rules=rules)
    if name == "junit":
        return junit.JUnitWriter(stream)
    raise ValueError(name)
