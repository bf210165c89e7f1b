r"""Reading the fields of Bluesky's records: texts, moments, languages, record keys.

A record is DAG-CBOR the account's software wrote, and anyone can write any record to their own
repository: every field is read for what it claims to be, and anything else gives ``None``.
DAG-CBOR's texts are UTF-8 (the decoder refuses any other), so only NUL, which govsm does not
store, is replaced (by U+FFFD).

>>> moment("2024-05-02T09:30:00.000Z").isoformat()
'2024-05-02T09:30:00+00:00'
>>> moment("ahir") is None
True
>>> tid_moment("3kq2hj7w5ew2u").isoformat()
'2024-04-14T00:13:04.199004+00:00'
>>> tid_moment("self") is None
True
>>> languages({"langs": ["ca-ES-valencia", "es"]})
['ca-ES-valencia', 'ca', None]
>>> stored("a\x00b")
'a\ufffdb'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

#: the characters of a TID, in the order of their values (base32, sortable)
_TID_DIGITS = "234567abcdefghijklmnopqrstuvwxyz"
#: where a TID's microseconds count from
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: the longest moment read
_MOMENT_CHARACTERS = 64
#: language codes that say "no language": undetermined, no linguistic content, multiple
_NO_LANGUAGE = frozenset({"und", "zxx", "mul", "mis"})
#: the longest language tag tried
_TAG_CHARACTERS = 35


def stored(text: str) -> str:
    """``text`` with NUL, which govsm cannot store, replaced by U+FFFD."""
    return text.replace("\x00", "\ufffd")


def text_field(record: Mapping[str, Any], key: str) -> str | None:
    """``record[key]`` when it is a non-empty text (NUL replaced)."""
    value = record.get(key)
    return stored(value) if isinstance(value, str) and value else None


def mapping(record: Any, key: str) -> dict[str, Any]:
    """``record[key]`` when ``record`` is a map and that is a map, else an empty one."""
    value = record.get(key) if isinstance(record, dict) else None
    return value if isinstance(value, dict) else {}


def maps(record: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    """The maps of the list ``record[key]`` (anything else in it skipped)."""
    value = record.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def moment(value: Any) -> datetime | None:
    """An ISO 8601 moment (``createdAt``); one without its offset is taken as UTC."""
    if not isinstance(value, str) or len(value) > _MOMENT_CHARACTERS:
        return None
    try:
        found = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)


def tid_moment(rkey: str) -> datetime | None:
    """When a TID record key says its record was made (microseconds since 1970); else ``None``.

    A TID (https://atproto.com/specs/tid) is 13 characters of sortable base32: 53 bits of
    microseconds, then 10 bits of a clock id.
    """
    if len(rkey) != 13 or rkey[0] not in _TID_DIGITS[:16]:
        return None
    value = 0
    for character in rkey:
        digit = _TID_DIGITS.find(character)
        if digit < 0:
            return None
        value = value * 32 + digit
    try:
        return _EPOCH + timedelta(microseconds=value >> 10)
    except OverflowError:
        return None


def languages(record: Mapping[str, Any]) -> list[str | None]:
    """The language tags to try for a record, best first: its first tag, its language, none.

    ``und`` (undetermined) and the other codes that name no language are none.
    """
    tags = record.get("langs")
    if not isinstance(tags, list) or not tags or not isinstance(tags[0], str):
        return [None]
    first = tags[0].strip()
    if not first or len(first) > _TAG_CHARACTERS or first.split("-")[0].lower() in _NO_LANGUAGE:
        return [None]
    return list(dict.fromkeys([first, first.split("-", 1)[0].lower(), None]))


def count(value: Any) -> int | None:
    """``value`` when it is a whole number of zero or more (a blob's size)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 53:
        return value
    return None
