"""Fuzzing JSON Lines histories: every good line loads, every bad one is named by file and line.

A history file mixes lines of the example's own history (each under a new id), lines made
hostile but still valid (a text of bidi controls, invisible characters or a hundred thousand
characters; an instant at the edge of the calendar; media that points outside the workspace),
bad lines (garbage, cut short, not an object, nested a hundred thousand deep, invalid UTF-8,
NUL, a lone surrogate, an instant out of range, a hostile identifier, a wrong type, an unknown
key, another organisation's message) and blank ones. The audit's load step reads it through
the API — or, for one example in four, ``govsm audit`` does, every step after it included.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.harness import (
    HEALTH_CHECKS,
    HISTORY_RECORDS,
    LARGE_EXAMPLES,
    Sandbox,
    assert_no_traceback,
    sandbox_in,
)
from tests.fuzz.strategies.edge_values import HUGE_INTEGERS
from tests.fuzz.strategies.history_lines import history_lines
from tests.fuzz.strategies.lines import Line

FILE = "history/fuzz.jsonl"
#: larger files go through the load step alone: the whole audit on a post of 100,000 hidden
#: characters (one finding each) takes half a minute
CLI_BYTES = 20_000
PLACE = re.compile(re.escape(FILE) + r":(\d+): ")

pytestmark = LARGE_EXAMPLES


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The example with no history, no drafts and no journal: only the fuzzed file loads."""
    with sandbox_in(
        tmp_path_factory,
        "histories",
        archives={"messages": ["history/*.jsonl"], "drafts": [], "governance": []},
        empty=("history", "drafts", "governance"),
    ) as sandbox:
        yield sandbox


def _file(lines: list[Line]) -> bytes:
    return b"\n".join(line.raw for line in lines) + b"\n"


def _places(messages: list[str]) -> set[int]:
    return {int(match.group(1)) for text in messages if (match := PLACE.match(text))}


@settings(suppress_health_check=HEALTH_CHECKS)
@given(lines=history_lines(HISTORY_RECORDS), via_cli=st.integers(0, 3).map(lambda n: n == 0))
def test_good_lines_load_and_bad_lines_are_named(
    sandbox: Sandbox, lines: list[Line], via_cli: bool
) -> None:
    """Every valid line is stored under its id and nothing else is; every bad line is a finding
    naming ``file:line`` and no other line is; no traceback; nothing outside is opened."""
    sandbox.reset()
    raw = _file(lines)
    sandbox.write(FILE, raw)
    via_cli = via_cli and len(raw) < CLI_BYTES
    watch = sandbox.watch()
    output = ""
    with watch.active():
        if via_cli:
            done = sandbox.audit()
            assert_no_traceback(done)
            assert done.returncode in (0, 1), "the workspace is valid: the audit is complete"
            output = done.stdout + done.stderr
        else:
            result = sandbox.load_step()
    if via_cli:
        findings = sandbox.findings()
        unreadable = [f["message_en"] for f in findings if f["rule"] == "archive-unreadable"]
        assert all(
            FILE in f["message_es"] for f in findings if f["rule"] == "archive-unreadable"
        ), "both languages name the place"
    else:
        unreadable = [f.message.en for f in result.findings if f.rule == "archive-unreadable"]
        assert all(FILE in f.message.es for f in result.findings)
    kinds = {number: line.kind for number, line in enumerate(lines, 1)}
    named = _places(unreadable)
    assert len(unreadable) == len(named), "one finding per line, each naming its line"
    stored = sandbox.stored_ids()
    for number, line in enumerate(lines, 1):
        if line.kind == "bad":
            assert number in named, f"bad line {number} ({line.why}) not named"
        elif line.kind in {"valid", "blank"}:
            assert number not in named, f"{line.kind} line {number} ({line.why}) refused"
        if line.kind == "wild":  # loaded or refused, not both, not neither
            assert (line.ident in stored) != (number in named), f"wild line {number}"
    assert stored <= {line.ident for line in lines}, "only the file's lines are stored"
    assert {line.ident for line in lines if line.kind == "valid"} <= stored
    assert set(kinds) >= named
    sandbox.assert_confined(watch, output, *unreadable)


def test_a_line_with_a_huge_integer(sandbox: Sandbox) -> None:
    """Minimal reproduction: a line ``{"id": 1111…1}`` (4,301 digits) before a good line."""
    sandbox.reset()
    good = json.dumps({**HISTORY_RECORDS[0], "id": "fz-2"}).encode()
    sandbox.write(FILE, b'{"id": ' + HUGE_INTEGERS[0].encode() + b"}\n" + good + b"\n")
    result = sandbox.load_step()
    assert _places([f.message.en for f in result.findings]) == {1}
    with sandbox.open() as ws:
        assert ws.store.message(ws.organisation.id, "fz-2") is not None
