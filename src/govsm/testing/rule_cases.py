"""Rule test cases as data: a TOML file of texts and the findings a rule must (not) give.

Built-in and third-party rules share this format and runner (as sqlfluff's rules do)::

    [[case]]
    name = "tweet over 280"
    rule = "length"
    network = "x"
    text = "..."
    expect = [{ start = 280, end = 301 }]   # spans in code points; [] means "no finding"

Optional keys: ``lang``, ``profile`` and ``day`` (``2027-04-20``; with the ``snapshot``
given to :func:`run_case`), ``params`` (a table overriding the rule's parameters), ``severity``
(the expected severity of every finding), ``repeat`` (repeat ``text`` this many times),
``count`` (expected number of findings when spans are not worth listing).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from govsm.model import (
    Channel,
    Direction,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
    RuleConfig,
)
from govsm.rules.engine import Checker, CheckResult
from govsm.spec.rule import Rule


@frozen
class RuleCase:
    """One case of a cases file."""

    name: str
    data: Mapping[str, Any]

    @property
    def rule(self) -> str:
        """The rule under test."""
        return str(self.data["rule"])


def load_cases(path: Path) -> list[RuleCase]:
    """Read the ``[[case]]`` tables of a TOML file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        RuleCase(name=str(case.get("name", f"{path.stem}[{i}]")), data=case)
        for i, case in enumerate(data.get("case", []))
    ]


def run_case(
    case: RuleCase,
    rules: Mapping[str, Rule],
    channels: Mapping[str, Channel],
    snapshot: OrganisationSnapshot | None = None,
) -> CheckResult:
    """Check the case's text with only its rule enabled and its parameters applied."""
    data = case.data
    # the rule under test runs even when it is off by default
    rule = attrs.evolve(rules[case.rule], enabled_by_default=True)
    if "params" in data:
        rule = attrs.evolve(rule, params={**rule.params, **data["params"]})
    if snapshot is not None and snapshot.policy is not None:
        # the case's rule only: disable every other rule the policy enables
        policy = attrs.evolve(
            snapshot.policy,
            rules=(
                *[
                    attrs.evolve(c, enabled=True)
                    for c in snapshot.policy.rules
                    if c.id == case.rule and "params" not in data
                ],
                *[RuleConfig(id=r, enabled=False) for r in rules if r != case.rule],
            ),
        )
        snapshot = attrs.evolve(snapshot, policy=policy)
    organisation = snapshot.organisation.id if snapshot else "cases"
    day = date.fromisoformat(data["day"]) if "day" in data else date(2026, 11, 20)
    moment = datetime.combine(day, time(10), tzinfo=UTC)
    text = str(data["text"]) * int(data.get("repeat", 1))
    message = Message(
        organisation=organisation,
        id="case",
        profile=str(data.get("profile", "case-profile")),
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.PUBLISHED,
        text=text,
        language=data.get("lang"),
        created_at=moment,
        published_at=moment,
    )
    checker = Checker({case.rule: rule}, channels, snapshot)
    channel = channels[data["network"]] if "network" in data else None
    return checker.check(message, channel)


def mismatches(case: RuleCase, result: CheckResult) -> Iterator[str]:
    """What differs between the case's expectations and the result (nothing when it passes)."""
    found = [f for f in result.findings if f.rule == case.rule]
    data = case.data
    if "expect" in data:
        expected = [(int(e["start"]), int(e["end"])) for e in data["expect"]]
        got = [(f.span.start, f.span.end) if f.span else (-1, -1) for f in found]
        if got != expected:
            yield f"{case.name}: spans {got}, expected {expected}"
    if "count" in data and len(found) != int(data["count"]):
        yield f"{case.name}: {len(found)} findings, expected {data['count']}"
    if "severity" in data:
        wrong = [f.severity.value for f in found if f.severity.value != data["severity"]]
        if wrong:
            yield f"{case.name}: severities {wrong}, expected {data['severity']}"
    other = [f.rule for f in result.findings if f.rule != case.rule]
    if other:
        yield f"{case.name}: unexpected findings of {other}"
