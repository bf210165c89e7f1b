"""The host's size check of an imported message: the same verdict as measuring every text."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from hypothesis import given
from hypothesis import strategies as st

from govsm.model import Direction, Media, Message, MessageKind, MessageState
from govsm.reading.bounds import message_problem, utf8_size
from govsm.spec.limits import Limits
from govsm.testing.strategies import messages


def _every_text(message: Message) -> list[tuple[str, str]]:
    """The oracle: every text of the message but its text, in field order, with its name."""
    found = []
    for field in attrs.fields(Message):
        value = getattr(message, field.name)
        if field.name == "text":
            continue
        if isinstance(value, str):
            found.append((field.name, value))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    found.append((f"{field.name}[{index}]", item))
                elif isinstance(item, Media):
                    for inner in attrs.fields(Media):
                        text = getattr(item, inner.name)
                        if isinstance(text, str):
                            found.append((f"{field.name}[{index}].{inner.name}", text))
    return found


@given(messages(), st.integers(min_value=1, max_value=64), st.integers(min_value=1, max_value=64))
def test_the_verdict_is_the_first_text_over_its_limit(
    message: Message, text_bytes: int, field_bytes: int
) -> None:
    limits = Limits(text_bytes=text_bytes, field_bytes=field_bytes)
    problem = message_problem(message, limits)
    if utf8_size(message.text) > text_bytes:
        assert problem is not None and "text_bytes" in problem.en
        return
    over = [(name, text) for name, text in _every_text(message) if utf8_size(text) > field_bytes]
    if not over:
        assert problem is None
        return
    name, text = over[0]
    assert problem is not None
    assert f"field '{name}'" in problem.en and f"takes {utf8_size(text)} bytes" in problem.en


def test_four_byte_characters_at_the_edge() -> None:
    """A text of a quarter of the limit in characters is never measured, and always fits."""
    base = Message(
        organisation="o",
        id="m",
        profile="p",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text="hola",
        created_at=datetime(2026, 5, 4, 8, tzinfo=UTC),
    )
    limits = Limits(field_bytes=8)
    assert message_problem(attrs.evolve(base, title="😀😀"), limits) is None
    problem = message_problem(attrs.evolve(base, title="😀😀a"), limits)
    assert problem is not None and "field 'title'" in problem.en
