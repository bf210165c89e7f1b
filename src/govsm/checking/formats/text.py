"""``--format text``: findings for people, grouped by message, like a good linter.

Severities are written in the reader's language (``aviso`` for ``warning`` in Spanish).
"""

from __future__ import annotations

from typing import IO

import click

from govsm.checking.formats.location import locate
from govsm.checking.inputs import CheckInput
from govsm.model import MessageKind, Severity
from govsm.rules.engine import CheckResult
from govsm.spec.authorship import Stage

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}

#: a rendered message: its block of text, and its errors, warnings, info and waived findings
TextBlock = tuple[str, tuple[int, int, int, int]]


class TextWriter:
    """Writes one block per message that has findings, then a summary line."""

    def __init__(self, stream: IO[str], *, language: str, colour: bool) -> None:
        self.stream = stream
        self.language = language
        self.colour = colour
        self.counts = {"error": 0, "warning": 0, "info": 0}
        self.messages = 0
        self.waived = 0
        self.spanish = language.split("-")[0] == "es"
        #: the widest severity label in the language (``información`` in Spanish)
        self._width = max(len(severity.label(language)) for severity in Severity)

    def _style(self, text: str, **styles: object) -> str:
        return click.style(text, **styles) if self.colour else text  # type: ignore[arg-type]

    def begin(self) -> None:
        """Nothing precedes the first message."""

    def render(self, item: CheckInput, result: CheckResult) -> TextBlock:
        """A message's block and what it adds to the totals (pure: no state is changed).

        A worker process renders; this one emits (:meth:`emit`), in the inputs' order.
        """
        if not result.findings:
            return "", (0, 0, 0, 0)
        m = result.measurement
        limit = f"/{m.limit}" if m.limit is not None else ""
        header = f"{item.source}" + (f":{item.line}" if item.line else "")
        found = result.authorship
        nature = ""
        if found is not None and found.kind is not MessageKind.POST:
            nature = f" {found.kind.spanish if self.spanish else found.kind.value}"
        if found is not None and found.stage is Stage.PUBLISHED:
            nature += " publicado" if self.spanish else " published"
        out = [
            self._style(f"{header} {result.id}", bold=True)
            + f" [{result.network or 'text'}{nature} {m.length}{limit}]\n"
        ]
        counts = {"error": 0, "warning": 0, "info": 0}
        waived = 0
        text = item.message.text
        for finding in result.findings:
            level = finding.severity.value
            if finding.waived_by:
                waived += 1
            else:
                counts[level] += 1
            line, column = locate(item, finding.span.start if finding.span else None)
            where = f"{line}:{column}" if column else (f"{line}" if line else "-")
            label = self._style(
                finding.severity.label(self.language).ljust(self._width), fg=_COLOURS[level]
            )
            out.append(
                f"  {where:>7} {label} {finding.rule}: {finding.message.get(self.language)}\n"
            )
            if finding.span and finding.span.end > finding.span.start and not finding.redact:
                excerpt = text[finding.span.start : finding.span.end].replace("\n", "⏎")
                if len(excerpt) > 60:
                    excerpt = excerpt[:57] + "..."
                out.append(f"          «{self._style(excerpt, underline=True)}»\n")
            if finding.suggestion:
                out.append(f"          → {finding.suggestion.get(self.language)}\n")
            if finding.waived_by:
                out.append(f"          ✓ {finding.waived_by}: {finding.waiver_reason}\n")
        return "".join(out), (counts["error"], counts["warning"], counts["info"], waived)

    def emit(self, rendered: TextBlock) -> None:
        """Write a block :meth:`render` made and count it in the totals."""
        block, (errors, warnings, info, waived) = rendered
        self.messages += 1
        self.counts["error"] += errors
        self.counts["warning"] += warnings
        self.counts["info"] += info
        self.waived += waived
        if block:
            self.stream.write(block)

    def write(self, item: CheckInput, result: CheckResult) -> None:
        """Write a message's findings with their place, excerpt and suggestion."""
        self.emit(self.render(item, result))

    def end(self) -> None:
        """Write the totals."""
        c = self.counts
        if self.language == "es":
            line = (
                f"{self.messages} mensajes: {c['error']} errores, {c['warning']} avisos, "
                f"{c['info']} informativos, {self.waived} dispensados\n"
            )
        else:
            line = (
                f"{self.messages} messages: {c['error']} errors, {c['warning']} warnings, "
                f"{c['info']} info, {self.waived} waived\n"
            )
        self.stream.write(line)
