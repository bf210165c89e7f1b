"""Fuzzing governance journals: a refused line is named and leaves the store as it was.

The example council's journal (18 lines: requests, decisions, transitions, a delegation,
drafts, submissions, approvals) is replayed with hostile lines slipped between its lines:
garbage, values that are not objects, a field missing or of the wrong type, an action or a
person that does not exist, a subject malformed or nested a hundred thousand deep, an instant
without an offset or out of range, the id of an earlier line reused. Such a line never applies:
it is a finding naming ``file:line``, and the store ends exactly as after the example's lines
alone. Some examples also hold ``wild`` lines — an example line with one field made hostile,
under a new id — which may apply; then only the naming and the no-traceback properties hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.harness import (
    HEALTH_CHECKS,
    JOURNAL_RECORDS,
    LARGE_EXAMPLES,
    Sandbox,
    assert_no_traceback,
    sandbox_in,
)
from tests.fuzz.strategies.edge_values import HUGE_INTEGERS, dumps
from tests.fuzz.strategies.journal_lines import journal_lines
from tests.fuzz.strategies.lines import Line

FILE = "governance/journal.jsonl"
PLACE = re.compile(re.escape(FILE) + r":(\d+): ")
#: tables an audit run writes besides the journal's effects
RUN_TABLES = frozenset({"audit_runs", "findings", "check_cache"})
#: the profiles the example's journal acts on that it does not open itself: the others only
#: slow each line down (see :func:`tests.fuzz.harness.only_profiles`)
JOURNAL_PROFILES = ("facebook-ajuntament", "x-ajuntament")

pytestmark = LARGE_EXAMPLES


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The example with its journal as the only archive (the journal drafts its own messages),
    and only the profiles it acts on."""
    with sandbox_in(
        tmp_path_factory,
        "journals",
        archives={"messages": [], "drafts": [], "governance": ["governance/*.jsonl"]},
        empty=("history", "drafts", "governance"),
        profiles=JOURNAL_PROFILES,
    ) as sandbox:
        yield sandbox


def _journal(lines: list[Line]) -> bytes:
    return b"\n".join(line.raw for line in lines) + b"\n"


def _governed(dump: dict[str, Any] | None) -> dict[str, Any]:
    assert dump is not None
    return {table: rows for table, rows in dump.items() if table not in RUN_TABLES}


@pytest.fixture(scope="module")
def baseline(sandbox: Sandbox) -> dict[str, Any]:
    """The store after the example's journal alone: what every inert hostile line must keep."""
    sandbox.reset()
    sandbox.write(FILE, _journal([Line(dumps(r), "valid", r["id"]) for r in JOURNAL_RECORDS]))
    result = sandbox.load_step()
    assert not result.findings
    assert result.summary["journal"]["applied"] == len(JOURNAL_RECORDS)
    return _governed(sandbox.dump())


@settings(suppress_health_check=HEALTH_CHECKS)
@given(lines=journal_lines(JOURNAL_RECORDS), via_cli=st.integers(0, 5).map(lambda n: n == 0))
def test_refused_lines_are_named_and_change_nothing(
    sandbox: Sandbox, baseline: dict[str, Any], lines: list[Line], via_cli: bool
) -> None:
    """Each bad line is one finding naming ``file:line``; no blank line is; the example's lines
    all apply and the store ends as after them alone, unless a wild line came first; no
    traceback; nothing outside the workspace is opened."""
    sandbox.reset()
    sandbox.write(FILE, _journal(lines))
    watch = sandbox.watch()
    output = ""
    with watch.active():
        if via_cli:
            done = sandbox.audit()
            assert_no_traceback(done)
            assert done.returncode in (0, 1), "the workspace is valid: the audit is complete"
            output = done.stdout + done.stderr
            findings = sandbox.findings()
            problems = [
                (f["message_es"], f["message_en"])
                for f in findings
                if f["rule"] == "governance-journal"
            ]
        else:
            result = sandbox.load_step()
            problems = [
                (f.message.es, f.message.en)
                for f in result.findings
                if f.rule == "governance-journal"
            ]
    named = {int(m.group(1)) for _, en in problems if (m := PLACE.match(en))}
    assert all(FILE in es for es, _ in problems), "both languages name the place"
    assert len(problems) == len(named), "one finding per line, each naming its line"
    wild = any(line.kind == "wild" for line in lines)
    for number, line in enumerate(lines, 1):
        if line.kind == "bad":
            assert number in named, f"line {number} ({line.why}) was not refused"
        elif line.kind == "blank" or (line.kind == "valid" and not wild):
            assert number not in named, f"{line.kind} line {number} was refused"
    dump = sandbox.dump()
    applied = sandbox.applied_journal()
    for number, line in enumerate(lines, 1):
        own = re.search(rb'^\{"id": "(fz-line-\d+)"', line.raw)
        if line.kind == "bad" and own:
            assert own.group(1).decode() not in applied, f"refused line {number} left an entry"
    if not wild:
        assert applied == {r["id"] for r in JOURNAL_RECORDS}
        assert _governed(dump) == baseline, "a refused line changed the store"
    sandbox.assert_confined(watch, output, *(en for _, en in problems))


def _example_with(number: int, raw: bytes) -> bytes:
    """The example's journal with line ``number`` (from 1) replaced by ``raw``."""
    lines = [dumps(r) for r in JOURNAL_RECORDS]
    lines[number - 1] = raw
    return b"\n".join(lines) + b"\n"


def test_a_line_separator_inside_a_journal_line(sandbox: Sandbox) -> None:
    """Minimal reproduction: line 2's reason holds U+2028; every line should still apply."""
    sandbox.reset()
    record = {**JOURNAL_RECORDS[1], "reason": "Complete request.\u2028Approved."}
    sandbox.write(FILE, _example_with(2, dumps(record)))
    result = sandbox.load_step()
    assert [f.message.en for f in result.findings] == []
    assert result.summary["journal"]["applied"] == len(JOURNAL_RECORDS)


def test_one_invalid_byte_refuses_only_its_line(sandbox: Sandbox) -> None:
    """Minimal reproduction: a last line ``\\xff`` after the example's 18 good lines."""
    sandbox.reset()
    sandbox.write(FILE, _example_with(len(JOURNAL_RECORDS), dumps(JOURNAL_RECORDS[-1])) + b"\xff\n")
    result = sandbox.load_step()
    named = {int(m.group(1)) for f in result.findings if (m := PLACE.match(f.message.en))}
    assert named == {len(JOURNAL_RECORDS) + 1}
    assert result.summary["journal"]["applied"] == len(JOURNAL_RECORDS)


def test_a_journal_line_with_a_huge_integer(sandbox: Sandbox) -> None:
    """Minimal reproduction: a line ``{"id": 1111…1}`` (4,301 digits) after the example's."""
    sandbox.reset()
    raw = _example_with(len(JOURNAL_RECORDS), dumps(JOURNAL_RECORDS[-1]))
    sandbox.write(FILE, raw + b'{"id": ' + HUGE_INTEGERS[0].encode() + b"}\n")
    done = sandbox.audit()
    assert_no_traceback(done)
    assert done.returncode in (0, 1)


def test_an_action_holding_nul(sandbox: Sandbox) -> None:
    """Minimal reproduction: a last line whose ``do`` is ``"x\\u0000"``."""
    sandbox.reset()
    raw = _example_with(len(JOURNAL_RECORDS), dumps(JOURNAL_RECORDS[-1]))
    line = dumps({"id": "fz-1", "at": "2026-11-16T12:00:00+01:00", "by": "x", "do": "x\x00"})
    sandbox.write(FILE, raw + line + b"\n")
    result = sandbox.load_step()
    named = {int(m.group(1)) for f in result.findings if (m := PLACE.match(f.message.en))}
    assert named == {len(JOURNAL_RECORDS) + 1}
