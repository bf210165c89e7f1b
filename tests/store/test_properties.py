from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.model import Direction, Message, MessageState, OrganisationSnapshot
from govsm.store import SaveResult, Store
from govsm.testing.strategies import shown_names

from . import factories as f

PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: any Unicode the model accepts (no NUL, no lone surrogates), hostile pieces mixed in
texts = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00")),
        st.sampled_from(list(f.HOSTILE)),
        st.just(f.HOSTILE),
    ),
    max_size=5,
).map("".join)

#: fixed offsets strictly inside ±24 h, to the minute
offsets = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))

#: instants out to the calendar's ends, as far as the model accepts them (two days inside, so
#: every one can be shown in any time zone: govsm.model.instant)
instants = st.datetimes(
    min_value=datetime(1, 1, 4), max_value=datetime(9999, 12, 28), timezones=offsets
)


@st.composite
def message_lists(draw: st.DrawFn, org: str) -> list[Message]:
    n = draw(st.integers(1, 8))
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True), min_size=n, max_size=n, unique=True
        )
    )
    found: list[Message] = []
    for mid in ids:
        inbound = draw(st.booleans())
        created = draw(instants)
        # several messages at the same instant, to exercise the tie-break by id
        same_instant = draw(st.booleans())
        if found and same_instant:
            created = found[-1].created_at.astimezone(draw(offsets))
        found.append(
            f.message(
                org,
                mid,
                created_at=created,
                direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
                text=draw(texts),
                title=draw(st.none() | texts),
                scheduled_at=draw(st.none() | instants),
                state=MessageState.NEW if inbound else MessageState.DRAFT,
            )
        )
    return found


def _fresh_organisation(store: Store) -> str:
    org = f"org-{uuid.uuid4().hex}"
    snapshot = f.snapshot(org)
    store.save_snapshot(snapshot)
    return org


class TestProperties:
    @PROPERTY_SETTINGS
    @given(data=st.data())
    def test_generated_messages_round_trip_in_order(
        self, store: Store, data: st.DataObject
    ) -> None:
        """Any valid messages come back equal, aware, ordered by instant then id; a resave is a no-op."""
        org = _fresh_organisation(store)
        msgs = data.draw(message_lists(org))
        assert store.save_messages(org, msgs, batch_size=3) == SaveResult(inserted=len(msgs))
        back = list(store.messages(org))
        assert back == f.ordered(msgs)
        for got, sent in zip(back, f.ordered(msgs), strict=True):
            assert got.created_at.utcoffset() == sent.created_at.utcoffset()
            assert got.text == sent.text
        assert store.save_messages(org, msgs) == SaveResult(unchanged=len(msgs))
        assert store.count_messages(org) == len(msgs)

    @PROPERTY_SETTINGS
    @given(
        name=texts.filter(lambda s: bool(s.strip())),
        handle=shown_names,
    )
    def test_generated_names_round_trip(self, store: Store, name: str, handle: str) -> None:
        """Any organisation, unit and profile text comes back exactly."""
        org = f"org-{uuid.uuid4().hex}"
        base = f.snapshot(org)
        snapshot = OrganisationSnapshot(
            organisation=f.organisation(org, name=name),
            units=(f.unit(org, "comunicacion", name),),
            profiles=(f.profile(org, "p", handle=handle, bio=name),),
            policy=base.policy,
        )
        store.save_snapshot(snapshot)
        assert store.snapshot(org) == snapshot
        assert store.save_snapshot(snapshot).written == 0
