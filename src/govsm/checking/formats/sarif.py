"""``--format sarif``: SARIF 2.1.0, so code-review tools show the findings.

Results are written as they come; the ``tool`` object (with the rules that fired) is written
after them — JSON objects are unordered, and this keeps memory flat. Columns count Unicode code
points (``columnKind: unicodeCodePoints``); JSON Lines records are located by line only. Waived
findings carry an external suppression with the waiver's reason.
"""

from __future__ import annotations

import json
from typing import IO, Any

from govsm._version import __version__
from govsm.checking.formats.location import locate
from govsm.checking.inputs import CheckInput
from govsm.rules.engine import CheckResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class SarifWriter:
    """Writes one SARIF run."""

    def __init__(self, stream: IO[str], *, rules: dict[str, Any]) -> None:
        self.stream = stream
        self.rules = rules
        self.used: dict[str, int] = {}
        self.first = True

    def begin(self) -> None:
        """Open the log, the run and its results array."""
        self.stream.write(
            f'{{"$schema": {json.dumps(SCHEMA)}, "version": "2.1.0", "runs": [{{'
            '"columnKind": "unicodeCodePoints", "results": ['
        )

    def render(self, item: CheckInput, result: CheckResult) -> list[tuple[str, str]]:
        """Each finding of one message as a SARIF result, but for its rule's index.

        Pure (a worker process renders): each finding is its rule and the result's JSON
        without ``ruleId`` and ``ruleIndex``, which :meth:`emit` puts first, numbering the
        rules in the order they first fire.
        """
        rendered: list[tuple[str, str]] = []
        for finding in result.findings:
            line, column = locate(item, finding.span.start if finding.span else None)
            region: dict[str, Any] = {}
            if line is not None:
                region["startLine"] = line
            if column is not None and finding.span is not None:
                end_line, end_column = locate(item, finding.span.end)
                region.update(startColumn=column, endLine=end_line, endColumn=end_column)
            location: dict[str, Any] = {"artifactLocation": {"uri": item.source}}
            if region:
                location["region"] = region
            data: dict[str, Any] = {
                "level": _LEVELS[finding.severity.value],
                "message": {"text": f"{finding.message.en} / {finding.message.es}"},
                "locations": [
                    {
                        "physicalLocation": location,
                        "logicalLocations": [{"name": result.id, "kind": "object"}],
                    }
                ],
                "properties": {
                    "network": result.network,
                    "start": finding.span.start if finding.span else None,
                    "end": finding.span.end if finding.span else None,
                    "policyVersion": finding.policy_version,
                },
            }
            if finding.suggestion:
                # prose, not byte edits: SARIF "fixes" require artifactChanges, so it goes here
                data["properties"]["suggestion"] = {
                    "en": finding.suggestion.en,
                    "es": finding.suggestion.es,
                }
            if finding.waived_by:
                data["suppressions"] = [
                    {
                        "kind": "external",
                        "status": "accepted",
                        "justification": f"{finding.waived_by}: {finding.waiver_reason}",
                    }
                ]
            rendered.append((finding.rule, json.dumps(data, ensure_ascii=False)))
        return rendered

    def emit(self, rendered: list[tuple[str, str]]) -> None:
        """Write the results :meth:`render` made, each with its rule's id and index."""
        for rule, data in rendered:
            index = self.used.setdefault(rule, len(self.used))
            head = f'{{"ruleId": {json.dumps(rule, ensure_ascii=False)}, "ruleIndex": {index}, '
            self.stream.write(("" if self.first else ",") + "\n" + head + data[1:])
            self.first = False

    def write(self, item: CheckInput, result: CheckResult) -> None:
        """Write each finding of one message as a result."""
        self.emit(self.render(item, result))

    def end(self) -> None:
        """Close the results and write the tool with the rules that fired."""
        descriptors = []
        for rule_id in sorted(self.used, key=self.used.__getitem__):
            rule = self.rules.get(rule_id)
            descriptor: dict[str, Any] = {"id": rule_id}
            if rule is not None:
                descriptor["name"] = rule.title.en
                descriptor["shortDescription"] = {"text": rule.title.en}
                if rule.explanation:
                    descriptor["fullDescription"] = {"text": rule.explanation}
                descriptor["defaultConfiguration"] = {"level": _LEVELS[rule.default_severity.value]}
                if rule.reference:
                    descriptor["properties"] = {"reference": rule.reference}
            descriptors.append(descriptor)
        tool = {
            "driver": {
                "name": "govsm",
                "version": __version__,
                "informationUri": "https://govsm.readthedocs.io/",
                "rules": descriptors,
            }
        }
        self.stream.write(f'\n], "tool": {json.dumps(tool, ensure_ascii=False)}}}]}}\n')
