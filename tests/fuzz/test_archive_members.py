"""Fuzzing archive members: hostile drafts, and names that lead out of the workspace.

Each example writes a few Markdown drafts — valid ones with a hostile body, broken ones (no
front matter, no closing fence, invalid TOML or UTF-8, NUL, keys a draft may not hold, instants
out of range, hostile identifiers, wrong types, nesting too deep, line breaks TOML does not
read) — and makes links where the archive patterns, a media location and a ``file:`` credential
look: to the bait outside the workspace (a history line, a draft, a journal line, a text and a
PNG, each holding the sandbox's marker), to a folder outside, to nothing, to themselves. The
load step reads them — or, for one example in four, ``govsm audit`` does, with a history line
whose media points outside as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.harness import (
    DRAFT_FRONTS,
    HEALTH_CHECKS,
    HISTORY_RECORDS,
    LARGE_EXAMPLES,
    Sandbox,
    assert_no_traceback,
    sandbox_in,
)
from tests.fuzz.strategies.drafts import Draft, drafts
from tests.fuzz.strategies.edge_values import dumps
from tests.fuzz.strategies.history_lines import MEDIA_OUTSIDE
from tests.fuzz.strategies.links import Link, links_out

#: a larger draft goes through the load step alone (see test_histories.CLI_BYTES)
CLI_BYTES = 20_000
#: the files outside the workspace a link may lead to
OUTSIDE_FILES = frozenset(
    {
        "secret.jsonl",
        "secret.md",
        "journal.jsonl",
        "secret.txt",
        "secret.png",
        "folder/secret.jsonl",
    }
)
#: the link names the archive patterns match
ARCHIVED = re.compile(r"(history/[^/]*\.(jsonl|ndjson)|drafts/[^/]*\.md|governance/[^/]*\.jsonl)\Z")

pytestmark = LARGE_EXAMPLES


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The example with empty archives; one profile's credential is ``file:secrets/token``."""
    with sandbox_in(
        tmp_path_factory,
        "members",
        archives={
            "messages": ["history/*.jsonl", "history/*.ndjson"],
            "drafts": ["drafts/*.md"],
            "governance": ["governance/*.jsonl"],
        },
        empty=("history", "drafts", "governance"),
        replace=[
            (
                'credential = "env:SOLDENEU_X_AJUNTAMENT_TOKEN"',
                'credential = "file:secrets/token"',
            )
        ],
    ) as sandbox:
        yield sandbox


def _named(draft: Draft, number: int) -> bytes:
    return draft.raw.replace(b'"fz-draft"', f'"fz-draft-{number}"'.encode())


@settings(suppress_health_check=HEALTH_CHECKS)
@given(
    members=st.lists(drafts(DRAFT_FRONTS), max_size=4),
    links=st.lists(links_out(), max_size=3),
    media=st.sampled_from(MEDIA_OUTSIDE),
    via_cli=st.integers(0, 3).map(lambda n: n == 0),
)
def test_drafts_load_or_are_named_and_links_out_are_not_followed(
    sandbox: Sandbox, members: list[Draft], links: list[Link], media: str, via_cli: bool
) -> None:
    """A valid draft is stored, a broken one is a finding naming its file; a link leading out
    is named and never opened; the bait's marker shows nowhere; no traceback."""
    sandbox.reset()
    for number, draft in enumerate(members, 1):
        sandbox.write(f"drafts/fz-{number}.md", _named(draft, number))
    final = {link.name: link for link in links}  # a later link replaces an earlier one
    for link in final.values():
        sandbox.link(link)
    via_cli = via_cli and sum(len(d.raw) for d in members) < CLI_BYTES
    if via_cli:
        line = {**HISTORY_RECORDS[0], "id": "fz-media"}
        line["media"] = [{"kind": "image", "location": media, "alt_text": "Cartell de la fira"}]
        sandbox.write("history/fz-media.jsonl", dumps(line) + b"\n")
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
    else:
        unreadable = [f.message.en for f in result.findings if f.rule == "archive-unreadable"]
    stored = sandbox.stored_ids()
    for number, draft in enumerate(members, 1):
        place = f"drafts/fz-{number}.md"
        named = [text for text in unreadable if text.startswith(place + ":") or place + " " in text]
        if draft.valid:
            assert f"fz-draft-{number}" in stored, f"{place} ({draft.why}) was not loaded"
            assert not named, named
        else:
            assert f"fz-draft-{number}" not in stored
            assert len(named) == 1, f"{place} ({draft.why}): {named or unreadable}"
    for link in final.values():
        if not link.loop and link.target in OUTSIDE_FILES and ARCHIVED.match(link.name):
            assert any(text.startswith(link.name + ":") for text in unreadable), (
                f"{link.name} leads out and is not named: {unreadable}"
            )
    assert stored <= {f"fz-draft-{n}" for n in range(1, len(members) + 1)} | {"fz-media"}
    sandbox.assert_confined(watch, output, *unreadable)
