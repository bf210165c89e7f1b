"""Every rule case of tests/rules/cases/*.toml, through the runner govsm ships for rule authors.

One runner for all the built-in rules' cases (as sqlfluff runs its rules' YAML cases): each
``[[case]]`` is checked with :func:`govsm.testing.rule_cases.run_case` — with the example
council's policy when it names a ``profile``, with a temporary folder for its ``files`` — and
must show no :func:`~govsm.testing.rule_cases.mismatches`. The format is described in
:mod:`govsm.testing.rule_cases`; the other tables of a cases file (style.toml's ``[[profile]]``)
belong to their family's tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govsm.model import OrganisationSnapshot
from govsm.plugins import PluginHost
from govsm.spec import Subject
from govsm.testing.rule_cases import RuleCase, load_cases, mismatches, run_case

CASES_DIR = Path(__file__).parent / "cases"
FILES = sorted(CASES_DIR.glob("*.toml"))
CASES = {f"{path.stem}: {case.name}": case for path in FILES for case in load_cases(path)}

# message rules with no case yet: the check below fails when one gets cases (remove it here)
# or when another rule loses its own
WITHOUT_CASES: set[str] = set()


def _flags(case: RuleCase) -> bool:
    """Whether the case expects at least one finding."""
    if "expect" in case.data:
        return bool(case.data["expect"])
    return int(case.data["count"]) > 0


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_case(
    case: RuleCase, govsm_host: PluginHost, snapshot: OrganisationSnapshot, tmp_path: Path
) -> None:
    result = run_case(
        case,
        govsm_host.rules(),
        govsm_host.channels(),
        snapshot if "profile" in case.data else None,
        folder=tmp_path,
    )
    assert not list(mismatches(case, result))
    length = len(str(case.data["text"]) * int(case.data.get("repeat", 1)))
    for finding in result.findings:
        if finding.span is not None:
            assert 0 <= finding.span.start <= finding.span.end <= length, finding


def test_every_cases_file_has_cases() -> None:
    assert FILES
    assert not [path.name for path in FILES if not load_cases(path)]


def test_every_case_expects_something() -> None:
    assert not [
        name for name, c in CASES.items() if "expect" not in c.data and "count" not in c.data
    ]


def test_every_message_rule_has_cases_both_ways(govsm_host: PluginHost) -> None:
    """Each built-in message rule (but those WITHOUT_CASES) has a case it must flag and a case it
    must leave alone; every case is about a built-in message rule."""
    rules = govsm_host.rules()
    message_rules = {rule_id for rule_id, rule in rules.items() if rule.subject is Subject.MESSAGE}
    assert {c.rule for c in CASES.values()} <= message_rules
    flagged = {c.rule for c in CASES.values() if _flags(c)}
    silent = {c.rule for c in CASES.values() if not _flags(c)}
    assert message_rules - flagged == WITHOUT_CASES
    assert message_rules - silent == WITHOUT_CASES
