"""Fuzzing ``govsm check``: every input is checked or named as unreadable, nothing else is read.

The inputs are hostile files and standard input: JSON Lines records (good ones with hostile
text, media pointing outside the workspace; bad ones that are garbage, not objects, nested a
hundred thousand deep, invalid UTF-8, NUL, unknown keys, wrong types), plain texts of any bytes,
and Markdown drafts whose front matter is broken in every way the draft strategy knows. The
command runs in-process with ``--format json``, sometimes with the example workspace and one of
its profiles (whose co-official-language and media rules read more of each post), sometimes with
a small ``--max-text-bytes``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.harness import (
    DRAFT_FRONTS,
    HEALTH_CHECKS,
    LARGE_EXAMPLES,
    Sandbox,
    assert_no_traceback,
    sandbox_in,
)
from tests.fuzz.strategies.check_inputs import CheckInput, check_inputs
from tests.fuzz.strategies.drafts import draft_text

#: the rules an input that could not be read (or was too large) is reported under
UNREAD = {"input-error", "input-too-large"}

pytestmark = LARGE_EXAMPLES


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The example workspace (its policy, profiles and people), for ``-w``."""
    with sandbox_in(
        tmp_path_factory,
        "check",
        archives={"messages": [], "drafts": [], "governance": []},
        empty=("history", "drafts", "governance"),
    ) as sandbox:
        yield sandbox


def _expected(item: CheckInput) -> bool | None:
    """Whether a single text or draft must be checked (``None``: either is right)."""
    if item.valid is not None:
        return item.valid if item.raw.startswith(b"+++") else None
    try:
        text = item.raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if "\x00" in text:
        return False
    if item.name.endswith((".md", ".markdown")) and text.startswith("+++"):
        return None  # a draft: the draft strategy says, and this text is not one of them
    return True


@settings(suppress_health_check=HEALTH_CHECKS)
@given(
    item=check_inputs(DRAFT_FRONTS),
    with_workspace=st.booleans(),
    profile=st.sampled_from([None, "x-ajuntament", "instagram-cultura", "blog-soldeneu"]),
    limit=st.sampled_from([None, None, 64, 4_096]),
)
def test_every_input_is_checked_or_named(
    sandbox: Sandbox, item: CheckInput, with_workspace: bool, profile: str | None, limit: int | None
) -> None:
    """Exit 0, 1 or 2, no traceback; one result per record or file, in order; a bad record is an
    ``input-error`` (or ``input-too-large``) naming its line, a good one is checked; exit 2
    exactly when an input could not be read; nothing outside the workspace is opened; the
    workspace's store is not touched."""
    sandbox.reset()
    args = ["check", "--format", "json", "--network", "x"]
    if with_workspace:
        args += ["-w", str(sandbox.workspace)]
        if profile is not None:
            args += ["-p", profile]
    if limit is not None:
        args += ["--max-text-bytes", str(limit)]
    stdin = None
    if item.name == "-":
        stdin = item.raw.replace(b"{outside}", str(sandbox.outside).encode())
        source = "<stdin>"
    else:
        source = str(sandbox.write(f"inputs/{item.name}", item.raw))
    before = sandbox.rows()
    watch = sandbox.watch()
    with watch.active():
        done = sandbox.invoke(*args, source if stdin is None else "-", stdin=stdin)
    assert_no_traceback(done)
    assert sandbox.rows() == before, "govsm check wrote to the store"
    sandbox.assert_confined(watch, done.stdout, done.stderr)
    if done.returncode == 2 and not done.stdout.rstrip().endswith("]"):
        # refused as a whole (standard input that is not text): said on standard error
        assert item.name == "-" and done.stderr.strip(), done
        return
    results: list[dict[str, Any]] = json.loads(done.stdout)
    rules = [{f["rule"] for f in result["findings"]} for result in results]
    unread = any(r & {"input-error"} for r in rules)
    assert (done.returncode == 2) == unread, (done.returncode, rules)
    if item.lines:
        read = [(n, line) for n, line in enumerate(item.lines, 1) if line.kind != "blank"]
        assert [r["line"] for r in results] == [n for n, _ in read]
        for (number, line), found, result in zip(read, rules, results, strict=True):
            if line.kind == "bad":
                assert found & UNREAD, f"line {number} ({line.why}) was not refused: {found}"
            elif line.kind == "valid":
                assert "input-error" not in found, f"line {number} ({line.why}) was refused"
            for finding in result["findings"]:
                if finding["rule"] == "input-error":
                    place = f"{result['source']}:{number}"
                    assert place in finding["message"]["en"], (place, finding["message"])
                    assert place in finding["message"]["es"], (place, finding["message"])
        return
    (found,) = rules
    expected = _expected(item)
    if expected is True:
        assert "input-error" not in found, results
    elif expected is False:
        assert found & UNREAD, results


def test_a_draft_with_an_indented_closing_fence(sandbox: Sandbox) -> None:
    """Minimal reproduction: ``+++`` / the front matter / `` +++`` / ``Hola``."""
    sandbox.reset()
    text = draft_text({**DRAFT_FRONTS[0], "id": "fz-draft"}, "Hola", closing=" +++")
    path = sandbox.write("inputs/draft.md", text.encode())
    done = sandbox.invoke("check", "--format", "json", str(path))
    assert_no_traceback(done)


def test_a_record_with_a_huge_integer(sandbox: Sandbox) -> None:
    """Minimal reproduction: a record ``{"text": "Hola", "id": 1111…1}`` (4,301 digits)."""
    sandbox.reset()
    path = sandbox.write("inputs/posts.jsonl", b'{"text": "Hola", "id": ' + b"1" * 4_301 + b"}\n")
    done = sandbox.invoke("check", "--format", "json", str(path))
    assert_no_traceback(done)
