"""The handover's message figures, counted by the database, on both backends: the same figures
and the same unanswered list as reading every message gives."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from govsm.handover import build_handover
from govsm.model import Direction, MessageState
from govsm.plugins import PluginHost
from govsm.store import Store
from govsm.store.message_figures import MessageFigures
from govsm.workspace import Workspace
from tests.paths import EXAMPLE

ORG = "ajuntament-soldeneu"


def _by_reading(store: Store, today: date, year_ago: datetime) -> dict[str, Any]:
    """The figures and the unanswered list, from every message read whole."""
    states: Counter[str] = Counter()
    published: Counter[str] = Counter()
    recent = 0
    unanswered = []
    for message in store.messages(ORG):
        if message.direction is Direction.INBOUND:
            states[message.state.value] += 1
            recent += message.created_at >= year_ago
            if message.state in (MessageState.NEW, MessageState.ASSIGNED):
                unanswered.append((message.created_at.isoformat(), message.id))
        elif (
            message.state is MessageState.PUBLISHED
            and message.published_at is not None
            and message.published_at >= year_ago
        ):
            published[message.profile] += 1
    return {
        "states": dict(sorted(states.items())),
        "recent": recent,
        "published": dict(sorted(published.items())),
        "unanswered": sorted(unanswered),
    }


@pytest.mark.parametrize("today", [date(2026, 11, 20), date(2026, 7, 1), date(2027, 9, 1)])
def test_the_database_counts_what_reading_every_message_counts(store_url: str, today: date) -> None:
    """Per state, last year's inbound and published, the unanswered list: the same."""
    with Workspace.open(EXAMPLE, store_url=store_url, host=PluginHost(entry_points=False)) as ws:
        ws.load()
        year_ago = datetime.combine(
            today - timedelta(days=365), datetime.min.time(), ws.organisation.local_time().tzinfo
        )
        expected = _by_reading(ws.store, today, year_ago)
        counted = MessageFigures(ws.store).figures(ORG, year_ago)
        listed = MessageFigures(ws.store).inbound_in_states(
            ORG, {MessageState.NEW, MessageState.ASSIGNED}
        )
        pack = build_handover(ws, today)
    assert sum(expected["states"].values()) > 20 and expected["published"]
    assert counted.inbound_by_state == expected["states"]
    assert counted.inbound_since == expected["recent"]
    assert counted.published_since == expected["published"]
    assert sorted((m.created_at.isoformat(), m.id) for m in listed) == expected["unanswered"]
    figures = pack.figures
    assert figures["inbound_by_state"] == expected["states"]
    assert figures["inbound_last_365_days"] == expected["recent"]
    assert figures["published_last_365_days_by_profile"] == expected["published"]
    assert figures["published_last_365_days"] == sum(expected["published"].values())
    assert [(u["received_at"], u["message"]) for u in pack.unanswered] == expected["unanswered"]


def test_an_instant_at_the_boundary_counts(store_url: str) -> None:
    """A message created exactly at the instant asked for is counted (``>=``), one before not."""
    with Workspace.open(EXAMPLE, store_url=store_url, host=PluginHost(entry_points=False)) as ws:
        ws.load()
        inbound = sorted(m.created_at for m in ws.store.messages(ORG, direction=Direction.INBOUND))
        at = inbound[len(inbound) // 2]
        counted = MessageFigures(ws.store).figures(ORG, at.astimezone(UTC))
        later = MessageFigures(ws.store).figures(ORG, at + timedelta(microseconds=1))
    assert counted.inbound_since == sum(1 for c in inbound if c >= at)
    assert later.inbound_since == sum(1 for c in inbound if c > at)
