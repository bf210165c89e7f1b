"""The gate and what a post is: govsm publishes the organisation's own text, not shares."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

from govsm.governance import Governance
from govsm.model import MessageKind, Span
from govsm.publishing.gate import Gate, Refusal
from tests.publishing.council import PROFILE, approved, council


@pytest.mark.parametrize("kind", [MessageKind.REPOST, MessageKind.QUOTE])
def test_a_share_is_refused_with_the_reason(tmp_path: Path, kind: MessageKind) -> None:
    ws = council(tmp_path)
    message = attrs.evolve(approved(Governance.of(ws), "m1"), kind=kind)
    profile = next(p for p in ws.snapshot.profiles if p.id == PROFILE)
    with pytest.raises(Refusal) as refused:
        Gate(ws).clear(message, profile, datetime.now(UTC))
    assert refused.value.reason.en.startswith(f"govsm does not publish a {kind}")
    assert refused.value.reason.es.startswith(f"govsm no publica una {kind.spanish}")


def test_a_repeat_forgets_what_the_network_added_to_the_original(tmp_path: Path) -> None:
    """A published post sent again is a new draft for the network: judged whole."""
    ws = council(tmp_path)
    message = approved(Governance.of(ws), "m1")
    text = message.text
    declared = attrs.evolve(message, counted_range=Span(0, 3), appended_links=(text[-3:],))
    profile = next(p for p in ws.snapshot.profiles if p.id == PROFILE)
    cleared = Gate(ws).clear(declared, profile, datetime.now(UTC))
    assert cleared.message.counted_range is None and cleared.message.appended_links == ()
