"""The example council's messages, for the rule families' "exactly the planted mistakes" tests."""

from __future__ import annotations

import glob
from pathlib import Path

from govsm.model import Message, OrganisationSnapshot
from govsm.reading.drafts import read_draft
from govsm.reading.jsonl import read_jsonl
from tests.paths import EXAMPLE


def example_messages(snapshot: OrganisationSnapshot) -> list[Message]:
    """Every message of the example's history, then every draft, in file order."""
    organisation = snapshot.organisation.id
    found = [
        m
        for f in sorted(glob.glob(str(EXAMPLE / "history" / "*.jsonl")))
        for m in read_jsonl(Path(f), organisation)
    ]
    found += [
        m
        for f in sorted(glob.glob(str(EXAMPLE / "drafts" / "*.md")))
        for m in read_draft(Path(f), organisation)
    ]
    return found
