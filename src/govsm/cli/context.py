"""What every command shares: global options, the plugin host, output helpers."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from govsm.audit.digest import RuleDigest
    from govsm.model import Finding
    from govsm.plugins import PluginHost
    from govsm.spec.progress import Progress
    from govsm.workspace import Workspace


def default_language() -> str:
    """``es`` when the environment's locale is Spanish (``GOVSM_LANG`` or ``LANG``), else ``en``."""
    for variable in ("GOVSM_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "es" if value.lower().startswith("es") else "en"
    return "en"


class CliState:
    """The global options, and the plugin host once a command needs it.

    A plain class, not attrs: the command line imports as little as possible before it knows
    which command runs.
    """

    def __init__(self, disabled: tuple[str, ...], language: str, verbose: bool) -> None:
        self.disabled = disabled
        self.language = language
        self.verbose = verbose
        self._host: PluginHost | None = None

    def host(self) -> PluginHost:
        """The plugin host; each plugin failure is reported once, in one line, on stderr."""
        if self._host is None:
            from govsm.plugins import PluginHost

            self._host = PluginHost(disabled=self.disabled)
            for failure in self._host.failures:
                click.echo(f"govsm: aviso/warning: {failure.one_line()}", err=True)
                if self.verbose:
                    click.echo(failure.detail, err=True)
        return self._host

    def open(self, path: str, store_url: str | None = None) -> Workspace:
        """Open the workspace at ``path`` with this state's plugin host."""
        from govsm.workspace import Workspace

        return Workspace.open(path, host=self.host(), store_url=store_url)

    @contextlib.contextmanager
    def progress(self) -> Iterator[Progress]:
        """A progress bar on a terminal; nothing when output is piped."""
        from govsm.spec.progress import NoProgress

        if not sys.stderr.isatty():
            yield NoProgress()
            return
        from govsm.cli.progress_bar import RichProgress

        with RichProgress() as bar:
            yield bar


def emit_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


#: the kinds of subject a finding names (``profile:x-ajuntament``), as a Spanish reader reads
#: them; the files (findings.jsonl) keep the kind as govsm writes it
_SUBJECT_KINDS_ES = {
    "profile": "perfil",
    "message": "mensaje",
    "request": "solicitud",
    "step": "paso",
    "file": "fichero",
    "input": "entrada",
    "exporter": "exportador",
    "audit-log": "registro",
    "language": "idioma",
}


def shown_subject(subject: str, language: str) -> str:
    """A finding's subject for a reader of ``language``: ``mensaje:x-1`` for ``message:x-1``.

    Only the kind before the first colon is translated, and only for the kinds govsm writes;
    ids, file names and key paths are shown as they are.
    """
    kind, colon, rest = subject.partition(":")
    if colon and language.split("-")[0] == "es" and kind in _SUBJECT_KINDS_ES:
        return f"{_SUBJECT_KINDS_ES[kind]}:{rest}"
    return subject


def _indent(language: str) -> str:
    """Spaces as wide as the widest severity label in ``language``, and one more."""
    from govsm.model import Severity

    return " " * (max(len(severity.label(language)) for severity in Severity) + 1)


def echo_finding(finding: Finding, language: str) -> None:
    """Print one finding like a linter: severity, rule, subject, message, then its suggestion.

    The severity is written in the reader's language (``aviso`` for ``warning`` in Spanish).
    """
    indent = _indent(language)
    label = click.style(
        finding.severity.label(language).ljust(len(indent) - 1),
        fg=_COLOURS[finding.severity.value],
    )
    subject = f" {shown_subject(finding.subject, language)}" if finding.subject else ""
    click.echo(f"{label} {finding.rule}{subject}: {finding.message.get(language)}")
    if finding.suggestion:
        click.echo(f"{indent}→ {finding.suggestion.get(language)}")


def echo_findings(findings: list[Finding], language: str) -> None:
    """Print every finding, the most severe first, then by rule and subject."""
    for finding in sorted(findings, key=lambda f: (-f.severity.rank, f.rule, f.subject or "")):
        echo_finding(finding, language)


def echo_digest(rules: list[RuleDigest], language: str) -> None:
    """Print each rule's worst examples like a linter, then how many more there are."""
    for digest in rules:
        for reported in digest.examples:
            echo_finding(reported.finding, language)
        more = digest.count - len(digest.examples)
        if more > 0:
            click.echo(
                f"{_indent(language)}… {more} "
                + (f"más de {digest.rule}" if language == "es" else f"more {digest.rule}")
            )


def echo_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """Print a plain table (wide when piped, so lines are not cut)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(*headers, box=None)
    for row in rows:
        table.add_row(*row)
    Console(width=None if sys.stdout.isatty() else 200).print(table)


def failing(findings: list[Finding], threshold: str) -> bool:
    """Whether any finding is at least as severe as ``threshold``."""
    from govsm.model import Severity

    rank = Severity(threshold).rank
    return any(f.severity.rank >= rank for f in findings)
