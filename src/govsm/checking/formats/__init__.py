"""Output formats of ``govsm check``: each a writer that streams one result at a time."""

from __future__ import annotations

from typing import IO, Protocol

from govsm.checking.inputs import CheckInput
from govsm.rules.engine import CheckResult


class Writer(Protocol):
    """Writes check results as they come: :meth:`begin`, one :meth:`write` each, :meth:`end`."""

    def begin(self) -> None:
        """Write what precedes the first result."""

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
