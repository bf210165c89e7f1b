"""Fuzzing ``govsm.toml``: a hostile manual is read or refused with words, never followed out.

The example council's ``govsm.toml`` is changed in a few places — values of another type, or of
the same type but hostile (bidi controls, invisible characters, NUL, a hundred thousand
characters, days and instants at the ends of the calendar, numbers at the edges), unknown keys,
keys removed, archive patterns that leave the workspace — its bytes broken (invalid UTF-8, NUL,
a cut), a table defined twice or a value nested a hundred thousand deep appended, and links to a
folder outside made where its patterns look. Then :meth:`govsm.Workspace.open`, ``govsm doctor``
or ``govsm audit`` runs on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings

from govsm.errors import GovsmError
from govsm.workspace import Workspace
from tests.fuzz.harness import (
    HEALTH_CHECKS,
    LARGE_EXAMPLES,
    MANUAL_DATA,
    Sandbox,
    assert_no_traceback,
    sandbox_in,
)
from tests.fuzz.strategies import Link, WorkspaceCase, workspace_cases

pytestmark = LARGE_EXAMPLES


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The whole example, loaded; its patterns as the example has them."""
    with sandbox_in(
        tmp_path_factory,
        "workspaces",
        archives={
            "messages": ["history/*.jsonl"],
            "drafts": ["drafts/*.md"],
            "governance": ["governance/*.jsonl"],
        },
        empty=(),
    ) as sandbox:
        yield sandbox


@settings(suppress_health_check=HEALTH_CHECKS)
@given(case=workspace_cases(MANUAL_DATA))
def test_a_hostile_manual_is_read_or_refused_with_words(
    sandbox: Sandbox, case: WorkspaceCase
) -> None:
    """No traceback; exit 0, 1 or 2; a refusal leaves the store as it was; nothing outside the
    workspace is opened, and the bait's marker shows nowhere."""
    sandbox.reset()
    sandbox.write("govsm.toml", case.render(MANUAL_DATA, str(sandbox.outside)))
    for link in case.links:
        sandbox.link(link)
    before = sandbox.dump()
    watch = sandbox.watch()
    error: GovsmError | None = None
    with watch.active():
        if case.via == "open":
            try:
                sandbox.open().close()
            except GovsmError as exc:  # anything else is a bug
                error = exc
        else:
            extra = ("--as-of", "2026-11-20") if case.via == "audit" else ()
            done = sandbox.invoke(case.via, str(sandbox.workspace), *extra)
    if case.via == "open":
        refused = error is not None
        output = str(error) if error is not None else ""
        if error is not None:
            assert error.exit_code == 2
            assert error.es.strip() and error.en.strip(), "a refusal says why, in both languages"
    else:
        assert_no_traceback(done)
        output = done.stdout + done.stderr
        refused = done.returncode == 2
        if refused:
            assert done.stderr.strip(), "a refusal says why"
    if refused:
        assert sandbox.dump() == before, "a refused workspace changed the store"
    sandbox.assert_confined(watch, output)


def test_the_sandbox_sees_a_read_outside(sandbox: Sandbox) -> None:
    """The watch is not blind: reading the bait through a link is seen, and so is the marker."""
    sandbox.reset()
    sandbox.link(Link("zz", "secret.txt"))
    watch = sandbox.watch()
    with watch.active():
        text = (sandbox.workspace / "zz").read_text(encoding="utf-8")
    assert watch.out_of_bounds
    with pytest.raises(AssertionError, match=r"secret\.txt"):
        sandbox.assert_confined(watch)
    with pytest.raises(AssertionError):  # the marker, in what was read through the link
        sandbox.assert_confined(sandbox.watch(), text)


def test_an_allowed_folder_that_loops(sandbox: Sandbox) -> None:
    """Minimal reproduction: ``[paths] allow = ["loop"]`` where ``loop`` links to itself."""
    sandbox.reset()
    (sandbox.workspace / "loop").symlink_to("loop")
    manual = sandbox.workspace / "govsm.toml"
    manual.write_text(
        manual.read_text(encoding="utf-8") + '\n[paths]\nallow = ["loop"]\n', encoding="utf-8"
    )
    done = sandbox.invoke("doctor", str(sandbox.workspace))
    assert_no_traceback(done)


def test_a_manual_with_a_huge_integer(tmp_path: Path) -> None:
    """Minimal reproduction: ``govsm.toml`` holding ``a = 111…1`` (4,301 digits)."""
    (tmp_path / "govsm.toml").write_text("a = " + "1" * 4_301 + "\n", encoding="utf-8")
    with pytest.raises(GovsmError):
        Workspace.open(tmp_path)
