"""A message's stored document, made directly, is the converter's ``unstructure``, byte for byte."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.model import Message, Span
from govsm.serialization import unstructure
from govsm.store import rows
from govsm.store.engine import dumps
from govsm.testing.strategies import aware_datetimes, messages, shown_names, texts, urls

from . import factories as f


@st.composite
def full_messages(draw: st.DrawFn) -> Message:
    """Messages with every field the strategy leaves unset drawn too (set or not)."""
    message = draw(messages())
    end = draw(st.integers(0, len(message.text)))
    changes = {
        "content_warning": draw(st.none() | texts),
        "idempotency_key": draw(st.none() | shown_names),
        "campaign": draw(st.none() | shown_names),
        "scheduled_at": draw(st.none() | aware_datetimes),
        "reply_to_remote": draw(st.none() | shown_names),
        "counted_range": draw(st.none() | st.integers(0, end).map(lambda s: Span(s, end))),
        "appended_links": tuple(draw(st.lists(urls, max_size=2))),
        "original_author": draw(st.none() | shown_names),
    }
    return attrs.evolve(message, **changes)


@settings(max_examples=300, deadline=None)
@given(full_messages())
def test_the_direct_document_is_the_converters(message: Message) -> None:
    direct = rows.message_document(message)
    assert direct == unstructure(message)
    assert dumps(direct) == dumps(unstructure(message))
    assert rows.message_row(message)[1] == dumps(unstructure(message))


def test_the_direct_document_knows_every_field_of_the_model() -> None:
    # a field added to Message or Media must be added to message_document (or it falls back
    # to the converter, which is correct and slower)
    assert rows._DIRECT


@pytest.mark.parametrize("unset", ["url", "counted_range", "appended_links", "original_author"])
def test_fields_added_later_are_left_out_while_unset(unset: str) -> None:
    message = attrs.evolve(
        f.message(f.ORG, "m1"),
        url="https://x.example/1",
        counted_range=Span(0, 2),
        appended_links=("https://t.example/a",),
        original_author="@a",
    )
    message = attrs.evolve(message, **{unset: attrs.fields_dict(Message)[unset].default})
    document = rows.message_document(message)
    assert unset not in document
    assert document == unstructure(message)
