"""The one scan that clears an identifier refuses exactly what the two checks it stands for do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from govsm.errors import ModelError
from govsm.model import Direction, Media, MediaKind, Message, MessageKind, MessageState
from govsm.model import _validate as v


def test_the_single_scan_refuses_every_character_the_two_checks_refuse_and_no_other() -> None:
    for code in range(0x110000):
        char = chr(code)
        refused = v._FORBIDDEN.search(char) is not None or v._HIDDEN.search(char) is not None
        assert (v._UNFIT.search(char) is not None) is refused, hex(code)


def _message(**changes: object) -> Message:
    moment = datetime(2026, 5, 4, 10, tzinfo=UTC)
    fields: dict[str, object] = {
        "organisation": "ayto",
        "id": "m1",
        "profile": "x-ayto",
        "direction": Direction.OUTBOUND,
        "kind": MessageKind.POST,
        "state": MessageState.PUBLISHED,
        "text": "Hola",
        "created_at": moment,
        "published_at": moment,
    }
    fields.update(changes)
    return Message(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("remote_id", "12\u202e34", "remote_id"),
        ("remote_id", "12\x0034", "remote_id"),
        ("links", ("https://a.example", "https://b.example/\u200b"), "links[1]"),
        ("links", ("https://a.example/\udc80",), "links[0]"),
        ("appended_links", ("https://t.co/\x7f",), "appended_links[0]"),
    ],
)
def test_an_identifier_with_a_refused_character_is_still_refused_by_name(
    field: str, value: object, named: str
) -> None:
    with pytest.raises(ModelError) as raised:
        _message(**{field: value})
    assert raised.value.field == named


def test_a_list_of_identifiers_holding_something_not_text_is_refused() -> None:
    with pytest.raises(ModelError, match="links"):
        _message(links=("https://a.example", 3))


def test_an_instant_keeps_its_fixed_offset_and_a_zone_becomes_one() -> None:
    madrid = datetime(2026, 10, 25, 2, 30, tzinfo=ZoneInfo("Europe/Madrid"), fold=1)
    converted = v.fixed_offset(madrid)
    assert converted.tzinfo == timezone(timedelta(hours=1))
    assert converted.timestamp() == madrid.timestamp()  # (== is never true in that hour)
    fixed = datetime(2026, 5, 4, 10, tzinfo=timezone(timedelta(hours=2)))
    assert v.fixed_offset(fixed) is fixed
    assert _message(created_at=madrid).created_at.tzinfo == timezone(timedelta(hours=1))


def test_media_locations_are_checked_as_before() -> None:
    with pytest.raises(ModelError):
        Media(kind=MediaKind.IMAGE, location="https://a.example/\u2066x")
