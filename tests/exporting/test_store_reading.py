"""Messages read from the store for an export: filtered, ordered, limited, streamed."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.errors import StoreError
from govsm.model import Direction, MessageKind, MessageState
from govsm.spec import PUBLIC_KINDS, MessageQuery
from govsm.store import Store
from govsm.store.selected_messages import (
    Oversized,
    Selected,
    count_selected,
    selected_remote_ids,
    stream_selected,
)
from govsm.workspace import Workspace
from tests.exporting.council import ORGANISATION, PROFILES, PUBLISHED_FEED, START, post

PUBLISHED = frozenset({MessageState.PUBLISHED})
OUTBOUND = frozenset({Direction.OUTBOUND})


def ids(store: Store, query: MessageQuery) -> list[str]:
    found = list(stream_selected(store, query))
    assert all(isinstance(item, Selected) for item in found)
    return [item.message.id for item in found if isinstance(item, Selected)]


class TestFilters:
    def test_published_public_messages_newest_first(self, loaded: Workspace) -> None:
        """The feed's query gives the published posts, replies and quotes, newest first."""
        query = MessageQuery(
            organisation=ORGANISATION, directions=OUTBOUND, states=PUBLISHED, kinds=PUBLIC_KINDS
        )
        assert ids(loaded.store, query) == PUBLISHED_FEED
        assert count_selected(loaded.store, query) == len(PUBLISHED_FEED)

    def test_oldest_first(self, loaded: Workspace) -> None:
        """newest_first=False reverses the order."""
        query = MessageQuery(
            organisation=ORGANISATION,
            directions=OUTBOUND,
            states=PUBLISHED,
            kinds=PUBLIC_KINDS,
            newest_first=False,
        )
        assert ids(loaded.store, query) == PUBLISHED_FEED[::-1]

    def test_profiles(self, loaded: Workspace) -> None:
        """Only the profiles asked for, every direction and state."""
        query = MessageQuery(organisation=ORGANISATION, profiles=frozenset({"mastodon-ajuntament"}))
        assert ids(loaded.store, query) == ["mastodon-0002", "mastodon-0001"]

    def test_period_on_the_publication_moment(self, loaded: Workspace) -> None:
        """since is inclusive, until exclusive, on when the message was published."""
        x2_published = START + timedelta(hours=24, minutes=10)
        query = MessageQuery(
            organisation=ORGANISATION,
            states=PUBLISHED,
            since=x2_published,
            until=START + timedelta(hours=48, minutes=10),
        )
        assert ids(loaded.store, query) == ["x-0004", "x-0003", "x-0002"]

    def test_unpublished_messages_are_said_when_written(self, loaded: Workspace) -> None:
        """The draft written at hour 40 is in a period around hour 40, whatever its state."""
        query = MessageQuery(
            organisation=ORGANISATION,
            since=START + timedelta(hours=40),
            until=START + timedelta(hours=40, seconds=1),
        )
        assert ids(loaded.store, query) == ["x-0005"]

    def test_states_kinds_directions(self, loaded: Workspace) -> None:
        """Each constraint narrows the rows."""
        store = loaded.store
        inbound = MessageQuery(organisation=ORGANISATION, directions=frozenset({Direction.INBOUND}))
        assert ids(store, inbound) == ["x-in-0001"]
        drafts = MessageQuery(organisation=ORGANISATION, states=frozenset({MessageState.DRAFT}))
        assert ids(store, drafts) == ["x-0005"]
        reposts = MessageQuery(organisation=ORGANISATION, kinds=frozenset({MessageKind.REPOST}))
        assert ids(store, reposts) == ["x-0004"]

    def test_limit_keeps_the_newest(self, loaded: Workspace) -> None:
        """limit=2, newest first: the two newest; the count is limited too."""
        query = MessageQuery(organisation=ORGANISATION, states=PUBLISHED, limit=2)
        assert ids(loaded.store, query) == ["x-dm-0001", "esports-0001"]
        assert count_selected(loaded.store, query) == 2
        oldest_first = attrs.evolve(query, newest_first=False)
        assert ids(loaded.store, oldest_first) == ["esports-0001", "x-dm-0001"]

    def test_ties_are_broken_by_id(self, loaded: Workspace) -> None:
        """Messages published at the same instant come in id order (reversed when newest first)."""
        moment = datetime(2027, 1, 1, tzinfo=UTC)
        loaded.store.save_messages(ORGANISATION, [post(f"tie-{n}", "x", moment) for n in (2, 3, 1)])
        query = MessageQuery(organisation=ORGANISATION, since=moment)
        assert ids(loaded.store, query) == ["tie-3", "tie-2", "tie-1"]
        older_first = attrs.evolve(query, newest_first=False)
        assert ids(loaded.store, older_first) == ["tie-1", "tie-2", "tie-3"]

    def test_an_unknown_organisation_is_refused_before_iterating(self, loaded: Workspace) -> None:
        """A StoreError at the call, with a suggestion."""
        with pytest.raises(StoreError, match="ajuntament-soldeneu"):
            stream_selected(loaded.store, MessageQuery(organisation="ajuntament-soldenue"))


class TestOversized:
    def test_a_text_over_the_limit_is_not_read(self, loaded: Workspace) -> None:
        """The message comes as Oversized, with its size in UTF-8 bytes; the rest as usual."""
        big = post("x-big", "à" * 600, datetime(2027, 1, 1, tzinfo=UTC))
        loaded.store.save_messages(ORGANISATION, [big])
        query = MessageQuery(organisation=ORGANISATION, since=big.created_at)
        (item,) = stream_selected(loaded.store, query, max_text_bytes=1000)
        assert item == Oversized("x-big", "x-ajuntament", 1200)
        assert count_selected(loaded.store, query, max_text_bytes=1000) == 0
        (whole,) = stream_selected(loaded.store, query, max_text_bytes=1200)
        assert isinstance(whole, Selected) and whole.message == big


@pytest.mark.slow
class TestMemory:
    def test_memory_stays_flat_while_streaming(self, loaded: Workspace) -> None:
        """Reading 6,000 messages holds about what reading 600 holds (Python's allocations)."""
        store = loaded.store
        base = datetime(2030, 1, 1, tzinfo=UTC)
        store.save_messages(
            ORGANISATION,
            (
                post(f"m-{n:05d}", "Bon dia " * 20, base + timedelta(minutes=n))
                for n in range(6_000)
            ),
            batch_size=2000,
        )

        def peak(limit: int) -> int:
            query = MessageQuery(organisation=ORGANISATION, since=base, limit=limit)
            tracemalloc.start()
            for _ in stream_selected(store, query):
                pass
            _, top = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            return top

        small, large = peak(600), peak(6_000)
        assert large < small * 2, (small, large)


#: the council's profiles (the Mastodon one is declared in its govsm.toml), and one it lacks
_PROFILE_IDS = sorted({profile.id for profile in PROFILES} | {"mastodon-ajuntament", "nobody"})


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    profiles=st.none() | st.frozensets(st.sampled_from(_PROFILE_IDS), min_size=1),
    states=st.none() | st.frozensets(st.sampled_from(list(MessageState)), min_size=1),
    directions=st.none() | st.frozensets(st.sampled_from(list(Direction)), min_size=1),
    kinds=st.none() | st.frozensets(st.sampled_from(list(MessageKind)), min_size=1),
    since=st.none() | st.integers(-5, 40).map(lambda days: START + timedelta(days=days)),
    span=st.none() | st.integers(0, 40).map(lambda days: timedelta(days=days)),
    limit=st.none() | st.integers(1, 12),
    newest_first=st.booleans(),
)
def test_remote_ids_are_those_of_the_selected_messages(
    loaded: Workspace,
    profiles: frozenset[str] | None,
    states: frozenset[MessageState] | None,
    directions: frozenset[Direction] | None,
    kinds: frozenset[MessageKind] | None,
    since: datetime | None,
    span: timedelta | None,
    limit: int | None,
    newest_first: bool,
) -> None:
    """Read from their column alone, the network ids are those of the messages any query gives."""
    query = MessageQuery(
        organisation=ORGANISATION,
        profiles=profiles,
        states=states,
        directions=directions,
        kinds=kinds,
        since=since,
        until=since + span if since is not None and span is not None else None,
        limit=limit,
        newest_first=newest_first,
    )
    expected = {
        item.message.remote_id
        for item in stream_selected(loaded.store, query)
        if isinstance(item, Selected) and item.message.remote_id
    }
    assert selected_remote_ids(loaded.store, query) == expected


def test_remote_ids_of_an_unknown_organisation_are_refused(loaded: Workspace) -> None:
    """As the stream does, the ids of an organisation the store does not hold are refused."""
    with pytest.raises(StoreError, match="nobody"):
        selected_remote_ids(loaded.store, MessageQuery(organisation="nobody"))
