from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest
import sqlalchemy as sa

from govsm.errors import ModelError, StoreError
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm.store import SaveResult, Store, schema
from govsm.store.coltypes import document_text

from . import factories as f


@pytest.fixture
def stocked(store: Store) -> Store:
    """A store holding the example organisation's snapshot."""
    store.save_snapshot(f.snapshot())
    return store


def _mixed() -> list[Message]:
    """Outbound and inbound messages on two profiles, saved out of order."""
    out = [f.message(f.ORG, f"out-{i}", created_at=f.T0 + timedelta(hours=i)) for i in (3, 1, 2)]
    inbound = [
        f.message(
            f.ORG,
            f"in-{i}",
            profile_id="cultura-x",
            direction=Direction.INBOUND,
            created_at=f.T0 + timedelta(minutes=30 * i),
            state=MessageState.ANSWERED if i == 1 else MessageState.NEW,
        )
        for i in (1, 4)
    ]
    return [out[0], inbound[0], out[1], inbound[1], out[2], f.rich_message(f.ORG, "rich")]


class TestSaveAndStream:
    def test_messages_round_trip_in_order(self, stocked: Store) -> None:
        """Messages come back equal, ordered by instant and then id."""
        msgs = _mixed()
        result = stocked.save_messages(f.ORG, msgs)
        assert result == SaveResult(inserted=len(msgs))
        assert list(stocked.messages(f.ORG)) == f.ordered(msgs)

    def test_same_instant_in_other_offsets_is_ordered_by_id(self, stocked: Store) -> None:
        """Equal instants written with different offsets tie, and the tie is broken by id."""
        instant = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
        msgs = [
            f.message(f.ORG, "c", created_at=instant.astimezone(timezone(timedelta(hours=-3)))),
            f.message(f.ORG, "a", created_at=instant.astimezone(timezone(timedelta(hours=2)))),
            f.message(f.ORG, "b", created_at=instant),
            f.message(f.ORG, "0-earlier", created_at=instant - timedelta(microseconds=1)),
        ]
        stocked.save_messages(f.ORG, msgs)
        assert [m.id for m in stocked.messages(f.ORG)] == ["0-earlier", "a", "b", "c"]

    def test_ids_tie_break_by_code_point(self, stocked: Store) -> None:
        """Ties sort ids by code point on both backends, whatever the database's locale."""
        ids = ["a_b", "ab", "a-b", "a.b", "a0", "a9z", "a"]
        stocked.save_messages(f.ORG, [f.message(f.ORG, mid) for mid in ids])
        assert [m.id for m in stocked.messages(f.ORG)] == sorted(ids)

    def test_datetimes_come_back_aware_and_equal(self, stocked: Store) -> None:
        """Instants keep their offset in the model and are stored in UTC in the columns."""
        message = f.rich_message(f.ORG, "rich", created_at=f.T0 + timedelta(microseconds=7))
        stocked.save_messages(f.ORG, [message])
        (back,) = stocked.messages(f.ORG)
        for name in ("created_at", "scheduled_at", "published_at"):
            value = getattr(back, name)
            assert value == getattr(message, name)
            assert value.tzinfo is not None
            assert value.utcoffset() == getattr(message, name).utcoffset()
        (row,) = stocked.dump(f.ORG)["messages"]
        assert row["created_at"] == "2026-05-04T08:00:00.000007+00:00"
        assert datetime.fromisoformat(row["created_at"]) == message.created_at
        with stocked.engine.connect() as connection:
            raw = connection.exec_driver_sql("SELECT created_at FROM messages").scalar()
        if stocked.dialect == "sqlite":
            assert raw == "2026-05-04T08:00:00.000007+00:00"  # fixed width, sorts as text
        else:
            assert raw == message.created_at
            assert raw.tzinfo is not None

    def test_filters(self, stocked: Store) -> None:
        """messages() and count_messages() filter by profile and direction."""
        msgs = _mixed()
        stocked.save_messages(f.ORG, msgs)
        cases: list[tuple[str | None, Direction | None]] = [
            (None, None),
            ("cultura-x", None),
            (None, Direction.OUTBOUND),
            ("cultura-x", Direction.INBOUND),
            ("cultura-x", Direction.OUTBOUND),
        ]
        for profile, direction in cases:
            expected = f.ordered(
                [
                    m
                    for m in msgs
                    if (profile is None or m.profile == profile)
                    and (direction is None or m.direction is direction)
                ]
            )
            got = list(stocked.messages(f.ORG, profile=profile, direction=direction))
            assert got == expected, (profile, direction)
            assert stocked.count_messages(f.ORG, profile=profile, direction=direction) == len(
                expected
            )

    @pytest.mark.parametrize(
        ("prefix", "expected"),
        [
            ("feed-", ["feed-1", "feed-2"]),
            ("feed_", ["feed_4"]),
            ("feed.", ["feed.5"]),
            ("", ["feed-1", "feed-2", "feed.5", "feed_4", "feedx6"]),
            ("nothing", []),
        ],
        ids=["dash", "underscore", "dot", "empty", "none"],
    )
    def test_an_id_prefix_is_matched_exactly(
        self, stocked: Store, prefix: str, expected: list[str]
    ) -> None:
        """Only ids starting with the prefix: ``_``, a wildcard to SQL's LIKE, is a character."""
        ids = ["feed-1", "feed-2", "feed_4", "feed.5", "feedx6"]
        stocked.save_messages(f.ORG, [f.message(f.ORG, mid) for mid in ids])
        got = [m.id for m in stocked.messages(f.ORG, id_prefix=prefix)]
        assert sorted(got) == expected

    def test_counts(self, stocked: Store) -> None:
        """message_counts and profile_counts group and sort."""
        stocked.save_messages(f.ORG, _mixed())
        assert stocked.message_counts(f.ORG) == [
            ("cultura-x", "inbound", "answered", 1),
            ("cultura-x", "inbound", "new", 1),
            ("soldeneu-mastodon", "outbound", "draft", 3),
            ("soldeneu-mastodon", "outbound", "published", 1),
        ]
        assert stocked.profile_counts(f.ORG) == [
            ("mastodon", "active", 1),
            ("x", "dormant", 1),
            ("x", "requested", 1),
        ]

    def test_stream_is_lazy_and_can_stop_early(self, stocked: Store) -> None:
        """messages() can be abandoned half-way; the store stays usable."""
        stocked.save_messages(f.ORG, f.messages(f.ORG, 50))
        with closing(stocked.messages(f.ORG)) as stream:
            first = [next(stream) for _ in range(3)]
        assert [m.id for m in first] == ["m-0000", "m-0001", "m-0002"]
        assert stocked.count_messages(f.ORG) == 50

    def test_hostile_unicode_round_trips(self, stocked: Store) -> None:
        """Hostile text survives in the text, title and media; NFC and NFD stay distinct."""
        base = f.rich_message(f.ORG, "hostile")
        hostile = attrs.evolve(
            base,
            text=f.HOSTILE,
            title=f.HOSTILE[::-1].replace("\u200d", ""),
            media=(attrs.evolve(base.media[0], alt_text=f.HOSTILE),),
        )
        nfd = f.message(f.ORG, "nfd", text="Cafe\u0301")
        nfc = f.message(f.ORG, "nfc", text="Café")
        stocked.save_messages(f.ORG, [hostile, nfd, nfc])
        back = {m.id: m for m in stocked.messages(f.ORG)}
        assert back["hostile"] == hostile
        assert back["hostile"].text == f.HOSTILE
        assert back["nfd"].text == "Cafe\u0301"
        assert back["nfc"].text == "Café"
        text_column = {row["id"]: row["text"] for row in stocked.dump(f.ORG)["messages"]}
        assert text_column["hostile"] == f.HOSTILE

    def test_a_document_is_read_as_the_text_it_holds(self, stocked: Store) -> None:
        """Read without a CAST on SQLite, a message's document is the same text, byte for byte."""
        hostile = attrs.evolve(f.rich_message(f.ORG, "hostile"), text=f.HOSTILE)
        stocked.save_messages(f.ORG, [hostile, f.message(f.ORG, "nfd", text="Cafe\u0301")])
        table = schema.messages
        read = sa.select(
            table.c.id,
            document_text(table.c.data, stocked.dialect),
            sa.cast(table.c.data, sa.Text),
        ).where(table.c.organisation_id == f.ORG)
        with stocked.engine.connect() as connection:
            found = connection.execute(read).all()
        assert len(found) == 2
        for _, plain, cast in found:
            assert type(plain) is str
            assert plain == cast
            assert json.loads(plain)["id"] in {"hostile", "nfd"}


class TestUpsert:
    def test_saving_twice_is_unchanged(self, stocked: Store) -> None:
        """A second save of the same messages writes nothing."""
        msgs = _mixed()
        stocked.save_messages(f.ORG, msgs)
        dump = stocked.dump()
        assert stocked.save_messages(f.ORG, msgs) == SaveResult(unchanged=len(msgs))
        assert stocked.dump() == dump

    def test_updates_and_on_new(self, stocked: Store) -> None:
        """Changed messages are updated; on_new sees only the new ones, in order."""
        msgs = f.messages(f.ORG, 5)
        stocked.save_messages(f.ORG, msgs[:3])
        published = attrs.evolve(
            msgs[1],
            state=MessageState.PUBLISHED,
            published_at=f.T0 + timedelta(hours=2),
            remote_id="1234",
        )
        seen: list[str] = []
        result = stocked.save_messages(
            f.ORG, [msgs[0], published, *msgs[2:]], on_new=lambda m: seen.append(m.id)
        )
        assert result == SaveResult(inserted=2, updated=1, unchanged=2)
        assert seen == ["m-0003", "m-0004"]
        assert list(stocked.messages(f.ORG)) == [msgs[0], published, *msgs[2:]]
        assert stocked.message_counts(f.ORG) == [
            ("soldeneu-mastodon", "outbound", "draft", 4),
            ("soldeneu-mastodon", "outbound", "published", 1),
        ]

    def test_a_post_address_is_kept_and_costs_nothing_when_absent(self, stocked: Store) -> None:
        """A message's url round-trips; without one, its document has no ``url`` key, so a
        store written before the field existed reloads its messages unchanged."""
        published = f.message(
            f.ORG,
            "p-1",
            state=MessageState.PUBLISHED,
            published_at=f.T0,
            remote_id="116673643806745516",
        )
        stocked.save_messages(f.ORG, [published])
        (row,) = stocked.dump(f.ORG)["messages"]
        assert "url" not in row["data"]
        addressed = attrs.evolve(
            published, url="https://xarxa.soldeneu.example/@ajuntament/116673643806745516"
        )
        assert stocked.save_messages(f.ORG, [addressed]) == SaveResult(updated=1)
        assert list(stocked.messages(f.ORG)) == [addressed]
        assert stocked.save_messages(f.ORG, [addressed]) == SaveResult(unchanged=1)

    def test_repeated_id_in_one_call_keeps_the_last(self, stocked: Store) -> None:
        """A message saved twice in one call ends as the later version."""
        first = f.message(f.ORG, "dup", text="one")
        second = attrs.evolve(first, text="two")
        result = stocked.save_messages(f.ORG, [first, second, second], batch_size=10)
        assert result == SaveResult(inserted=1, updated=1, unchanged=1)
        assert [m.text for m in stocked.messages(f.ORG)] == ["two"]

    def test_input_is_consumed_in_batches(self, stocked: Store) -> None:
        """The input is read one batch at a time: memory holds a batch, not the whole input."""
        consumed = 0

        def stream() -> Iterator[Message]:
            nonlocal consumed
            for message in f.messages(f.ORG, 25):
                consumed += 1
                yield message

        seen_at: list[int] = []
        result = stocked.save_messages(
            f.ORG, stream(), batch_size=10, on_new=lambda m: seen_at.append(consumed)
        )
        assert result.inserted == 25
        assert seen_at == [10] * 10 + [20] * 10 + [25] * 5

    def test_batch_size_must_be_positive(self, stocked: Store) -> None:
        """A batch size of zero is a programming error."""
        with pytest.raises(ValueError, match="batch_size"):
            stocked.save_messages(f.ORG, [], batch_size=0)


class TestConcurrency:
    def test_concurrent_writers_of_the_same_messages(self, store_url: str, stocked: Store) -> None:
        """Writers racing on the same messages all succeed, and each message is inserted once."""
        msgs = f.messages(f.ORG, 120)
        results: list[SaveResult] = []
        errors: list[BaseException] = []

        def write(order: list[Message]) -> None:
            try:
                with Store.open(store_url) as own:
                    results.append(own.save_messages(f.ORG, order, batch_size=20))
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        threads = [
            threading.Thread(target=write, args=(msgs if i % 2 else msgs[::-1],)) for i in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sum(r.inserted for r in results) == len(msgs)
        assert sum(r.updated for r in results) == 0
        assert stocked.count_messages(f.ORG) == len(msgs)
        assert list(stocked.messages(f.ORG)) == msgs


class TestRefusals:
    def test_unknown_profile_writes_nothing_of_the_batch(self, stocked: Store) -> None:
        """A message for an unknown profile names it and the message; its batch is not written."""
        good = f.message(f.ORG, "good")
        bad = f.message(f.ORG, "bad", profile_id="no-such-profile")
        with pytest.raises(StoreError) as caught:
            stocked.save_messages(f.ORG, [good, bad])
        for text in (caught.value.en, caught.value.es):
            assert "bad" in text
            assert "no-such-profile" in text
        assert stocked.count_messages(f.ORG) == 0

    def test_earlier_batches_stay(self, stocked: Store) -> None:
        """Batches before the refused one stay saved (a transaction per batch)."""
        msgs = [*f.messages(f.ORG, 4), f.message(f.ORG, "bad", profile_id="nope")]
        with pytest.raises(StoreError, match="nope"):
            stocked.save_messages(f.ORG, msgs, batch_size=2)
        assert stocked.count_messages(f.ORG) == 4

    def test_message_of_another_organisation(self, stocked: Store) -> None:
        """A message belonging to another organisation is refused, naming it."""
        stranger = f.message(f.OTHER, "stranger")
        with pytest.raises(StoreError) as caught:
            stocked.save_messages(f.ORG, [f.message(f.ORG, "ok"), stranger])
        assert "stranger" in caught.value.en
        assert f.OTHER in caught.value.en
        assert "soldeneu-mastodon" in caught.value.en
        assert stocked.count_messages(f.ORG) == 0

    def test_unknown_organisation(self, stocked: Store) -> None:
        """Saving or reading messages of an organisation that is not stored is refused."""
        with pytest.raises(StoreError, match=f.OTHER):
            stocked.save_messages(f.OTHER, [f.message(f.OTHER, "m")])
        with pytest.raises(StoreError, match=f.OTHER):
            stocked.messages(f.OTHER)
        with pytest.raises(StoreError, match=f.OTHER):
            stocked.count_messages(f.OTHER)

    def test_instant_out_of_range_in_utc_never_reaches_the_store(self) -> None:
        """An instant with no UTC equivalent is refused by the model, before any store sees it."""
        early = datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=2)))
        with pytest.raises(ModelError, match="too close to the ends of the calendar"):
            f.message(f.ORG, "ancient", created_at=early)

    def test_reply_without_target_is_still_a_model_error(self) -> None:
        """The store relies on the model's own checks (a reply needs reply_to or remote_id)."""
        with pytest.raises(ValueError, match="reply"):
            f.message(f.ORG, "r", kind=MessageKind.REPLY)

    def test_a_published_reply_may_not_say_what_it_answers(self) -> None:
        """An archive may not name a published reply's post (Facebook's comments): it loads."""
        moment = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
        reply = f.message(
            f.ORG,
            "r",
            kind=MessageKind.REPLY,
            state=MessageState.PUBLISHED,
            published_at=moment,
        )
        assert reply.reply_to is None and reply.reply_to_remote is None
