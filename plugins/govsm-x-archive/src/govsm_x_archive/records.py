"""Reading the fields of X's records: ids and counts written as strings, X's dates, indices.

X's archive writes every number as a string (``"id_str": "1049…"``, ``"indices": ["0", "23"]``,
``"favorite_count": "3"``) and dates as ``Wed Oct 10 20:19:24 +0000 2018``; a long post's note
has ISO 8601 (``2023-05-02T09:30:00.000Z``). These helpers read either form and give ``None``
for anything else, so a record that lacks a field, or has a strange one, is a problem the
reader can name rather than a crash.

>>> created_at("Wed Oct 10 20:19:24 +0000 2018").isoformat()
'2018-10-10T20:19:24+00:00'
>>> whole("23"), whole(23), whole("2x"), whole(True)
(23, 23, None, None)
>>> snowflake_time("1049").isoformat()
'2010-11-04T01:42:54.657000+00:00'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_CREATED = re.compile(
    r"[A-Z][a-z]{2} (?P<month>[A-Z][a-z]{2}) (?P<day>[0-9]{1,2}) "
    r"(?P<h>[0-9]{2}):(?P<m>[0-9]{2}):(?P<s>[0-9]{2}) "
    r"(?P<sign>[+-])(?P<oh>[0-9]{2})(?P<om>[0-9]{2}) (?P<year>[0-9]{4})"
)

#: X's epoch for its ids (snowflakes): 2010-11-04T01:42:54.657Z, in milliseconds
SNOWFLAKE_EPOCH_MS = 1_288_834_974_657

#: an id of X: digits only
ID = re.compile(r"[0-9]{1,20}")

_WHOLE = re.compile(r"-?[0-9]{1,18}")


def whole(value: Any) -> int | None:
    """An integer written as a number or as a string of digits; ``None`` otherwise."""
    if isinstance(value, str):
        if value.isascii() and value.isdigit() and len(value) <= 18:
            return int(value)
        return int(value) if _WHOLE.fullmatch(value.strip()) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def text_field(record: Mapping[str, Any], key: str) -> str | None:
    """``record[key]`` when it is a non-empty string."""
    value = record.get(key)
    return value if isinstance(value, str) and value else None


def mapping(record: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """``record[key]`` when it is an object, else an empty one."""
    value = record.get(key)
    return value if isinstance(value, dict) else {}


def items(record: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The objects of the list ``record[key]`` (anything else in it is skipped)."""
    value = record.get(key)
    if not isinstance(value, list) or not value:
        return []
    return [item for item in value if isinstance(item, dict)]


def indices(value: Any) -> tuple[int, int] | None:
    """A pair ``[start, end]`` of X's indices (numbers or strings), when it is one."""
    if not isinstance(value, list) or len(value) != 2:
        return None
    start, end = whole(value[0]), whole(value[1])
    if start is None or end is None or start < 0 or end < start:
        return None
    return start, end


def created_at(value: Any) -> datetime | None:
    """X's ``created_at`` (``Wed Oct 10 20:19:24 +0000 2018``), read without the locale."""
    if not isinstance(value, str):
        return None
    found = _CREATED.fullmatch(value.strip())
    if found is None or found.group("month") not in _MONTHS:
        return None
    sign, hours, minutes = found.group("sign", "oh", "om")
    zone = UTC if hours == minutes == "00" else _zone(sign, int(hours), int(minutes))
    if zone is None:
        return None
    try:
        return datetime(
            int(found.group("year")),
            _MONTHS[found.group("month")],
            int(found.group("day")),
            int(found.group("h")),
            int(found.group("m")),
            int(found.group("s")),
            tzinfo=zone,
        )
    except ValueError:
        return None


def _zone(sign: str, hours: int, minutes: int) -> timezone | None:
    offset = timedelta(hours=hours, minutes=minutes)
    if offset >= timedelta(hours=24):
        return None  # datetime refuses it: the date is not read
    return timezone(-offset if sign == "-" else offset)


def iso_moment(value: Any) -> datetime | None:
    """An ISO 8601 moment with its offset (``2023-05-02T09:30:00.000Z``); ``None`` otherwise."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def snowflake_time(identifier: str) -> datetime | None:
    """When X made the id ``identifier``, to the millisecond (ids since late 2010 say)."""
    if not ID.fullmatch(identifier):
        return None
    milliseconds = (int(identifier) >> 22) + SNOWFLAKE_EPOCH_MS
    try:
        return datetime.fromtimestamp(milliseconds / 1000, UTC)
    except (OverflowError, ValueError, OSError):
        return None
