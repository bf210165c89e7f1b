"""``--format json``: a JSON array, written one element at a time (memory stays flat)."""

from __future__ import annotations

import json
from typing import IO, Any

from govsm.checking.inputs import CheckInput
from govsm.rules.engine import CheckResult
from govsm.serialization import unstructure


def result_data(item: CheckInput, result: CheckResult) -> dict[str, Any]:
    """One message's result: id, network, what it is, length, limit, valid and findings.

    ``kind`` and ``stage`` say what the message is (a ``post`` written ``RT @author:`` on X is a
    ``repost``); ``own`` is the ``[start, end]`` of the author's own words in the text, which is
    what ``length`` measures (a published reply without its leading mentions, a post without
    the links X appended for its photo or quoted post).
    """
    measurement = result.measurement
    found = result.authorship
    return {
        "id": result.id,
        "source": item.source,
        "line": item.line,
        "network": result.network,
        "kind": found.kind.value if found else item.message.kind.value,
        "stage": found.stage.value if found else None,
        "own": [found.own.start, found.own.end] if found else None,
        "length": measurement.length,
        "limit": measurement.limit,
        "valid": measurement.valid if item.oversized is None and item.error is None else False,
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity.value,
                "message": unstructure(f.message),
                "start": f.span.start if f.span else None,
                "end": f.span.end if f.span else None,
                "suggestion": unstructure(f.suggestion) if f.suggestion else None,
                "reference": f.reference,
                "policy_version": f.policy_version,
                "waived_by": f.waived_by,
                "waiver_reason": f.waiver_reason,
            }
            for f in result.findings
        ],
    }


class JsonWriter:
    """Writes ``[`` then each result then ``]``."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.first = True

    def begin(self) -> None:
        """Open the array."""
        self.stream.write("[")

    def render(self, item: CheckInput, result: CheckResult) -> str:
        """One element as JSON (pure: a worker process renders, this one emits)."""
        return json.dumps(result_data(item, result), ensure_ascii=False)

    def emit(self, rendered: str) -> None:
        """Write one element :meth:`render` made."""
        self.stream.write(("\n" if self.first else ",\n") + rendered)
        self.first = False

    def write(self, item: CheckInput, result: CheckResult) -> None:
        """Write one element."""
        self.emit(self.render(item, result))

    def end(self) -> None:
        """Close the array."""
        self.stream.write("\n]\n")
