"""``--format junit``: one ``<testsuite>`` per message, one failing ``<testcase>`` per finding.

CI systems show these as test results. Each message's suite is complete when written, so the
document streams.
"""

from __future__ import annotations

from typing import IO
from xml.sax.saxutils import escape, quoteattr

from govsm.checking.formats.location import locate
from govsm.checking.inputs import CheckInput
from govsm.rules.engine import CheckResult


class JUnitWriter:
    """Writes JUnit XML (the format of the Jenkins/Ant JUnit schema)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def begin(self) -> None:
        """Open the document."""
        self.stream.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="govsm check">\n'
        )

    def render(self, item: CheckInput, result: CheckResult) -> str:
        """One message as a test suite (pure: a worker process renders, this one emits)."""
        out: list[str] = []
        blocking = [f for f in result.findings if f.severity.value != "info" and not f.waived_by]
        tests = max(1, len(result.findings))
        out.append(
            f'  <testsuite name={quoteattr(result.id)} tests="{tests}" '
            f'failures="{len(blocking)}" errors="0" '
            f'skipped="{len(result.findings) - len(blocking)}">\n'
        )
        classname = quoteattr(f"{item.source}.{result.network or 'text'}")
        if not result.findings:
            out.append(f'    <testcase classname={classname} name="rules"/>\n')
        for finding in result.findings:
            line, column = locate(item, finding.span.start if finding.span else None)
            place = (
                f"{item.source}:{line}" + (f":{column}" if column else "") if line else item.source
            )
            name = quoteattr(f"{finding.rule} @ {place}")
            out.append(f"    <testcase classname={classname} name={name}>")
            text = escape(f"{finding.message.en}\n{finding.message.es}")
            if finding in blocking:
                out.append(
                    f"<failure type={quoteattr(finding.severity.value)} "
                    f"message={quoteattr(finding.message.en)}>{text}</failure>"
                )
            else:
                out.append(f"<skipped message={quoteattr(finding.message.en)}/>")
            out.append("</testcase>\n")
        out.append("  </testsuite>\n")
        return "".join(out)

    def emit(self, rendered: str) -> None:
        """Write a test suite :meth:`render` made."""
        self.stream.write(rendered)

    def write(self, item: CheckInput, result: CheckResult) -> None:
        """Write one message as a test suite."""
        self.emit(self.render(item, result))

    def end(self) -> None:
        """Close the document."""
        self.stream.write("</testsuites>\n")
