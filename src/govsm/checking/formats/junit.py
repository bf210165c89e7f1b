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

    def write(self, item: CheckInput, result: CheckResult) -> None:
        """Write one message as a test suite."""
        blocking = [f for f in result.findings if f.severity.value != "info" and not f.waived_by]
        tests = max(1, len(result.findings))
        self.stream.write(
            f'  <testsuite name={quoteattr(result.id)} tests="{tests}" '
            f'failures="{len(blocking)}" errors="0" '
            f'skipped="{len(result.findings) - len(blocking)}">\n'
        )
        classname = quoteattr(f"{item.source}.{result.network or 'text'}")
        if not result.findings:
            self.stream.write(f'    <testcase classname={classname} name="rules"/>\n')
        for finding in result.findings:
            line, column = locate(item, finding.span.start if finding.span else None)
            place = (
                f"{item.source}:{line}" + (f":{column}" if column else "") if line else item.source
            )
            name = quoteattr(f"{finding.rule} @ {place}")
            self.stream.write(f"    <testcase classname={classname} name={name}>")
            text = escape(f"{finding.message.en}\n{finding.message.es}")
            if finding in blocking:
                self.stream.write(
                    f"<failure type={quoteattr(finding.severity.value)} "
                    f"message={quoteattr(finding.message.en)}>{text}</failure>"
                )
            else:
                self.stream.write(f"<skipped message={quoteattr(finding.message.en)}/>")
            self.stream.write("</testcase>\n")
        self.stream.write("  </testsuite>\n")

    def end(self) -> None:
        """Close the document."""
        self.stream.write("</testsuites>\n")
