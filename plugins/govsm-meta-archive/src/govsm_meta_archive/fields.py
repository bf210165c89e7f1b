r"""Reading the fields of Meta's records: texts, lists, moments, addresses.

A record is JSON someone could have edited, so every field is read for what it claims to be and
anything else gives ``None`` (or nothing): a record that lacks a field, or has a strange one,
is then a problem the reader can name rather than a crash. The records have already had Meta's
double-encoded UTF-8 undone (:mod:`govsm_meta_archive.mojibake`).

Meta writes moments as Unix time in whole seconds (``"timestamp": 1714640000``,
``"creation_timestamp": …``); Instagram's first exports (2018–2020) wrote ISO 8601 without an
offset (``"taken_at": "2018-12-31T08:05:13"``).

>>> moment(1714640000).isoformat()
'2024-05-02T08:53:20+00:00'
>>> moment("1714640000"), moment(True), moment(-5), moment(10**12)
(None, None, None, None)
>>> naive_utc("2018-12-31T08:05:13").isoformat()
'2018-12-31T08:05:13+00:00'
>>> shown_text("Festa\x00 Major\x1b "), web_address("javascript:alert(1)")
('Festa Major', None)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

#: the first and last second govsm takes as a post's moment: Facebook opened in 2004, and a
#: moment past 2100 is not one Meta wrote
FIRST_SECOND = 1_072_915_200  # 2004-01-01
LAST_SECOND = 4_102_444_800  # 2100-01-01

#: what a plain text (a title, a caption's description) cannot hold: NUL, lone surrogates and
#: control characters but tab and line breaks
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
#: the categories of what an address cannot hold: controls, invisible formatting characters
#: (zero-width, direction changes, tags), unassigned and private code points, surrogates, and
#: separators (spaces)
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp"})
#: blank letters that pass for nothing (Hangul fillers, Khmer inherent vowels, Braille blank)
_BLANKS = frozenset("\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0\u034f")
_WEB = re.compile(r"https?://[^\s/?#]+", re.IGNORECASE)


def mapping(record: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """``record[key]`` when it is an object, else an empty one."""
    value = record.get(key)
    return value if isinstance(value, dict) else {}


def objects(record: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The objects of the list ``record[key]`` (anything else in it skipped)."""
    value = record.get(key)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def text(record: Mapping[str, Any], key: str) -> str | None:
    """``record[key]`` when it is a string (possibly empty), else ``None``."""
    value = record.get(key)
    return value if isinstance(value, str) else None


def shown_text(value: str | None) -> str | None:
    """``value`` without NUL, lone surrogates and control characters but tab and line breaks.

    For the texts Meta adds beside a post's words (its ``title``, a photo's description): the
    words themselves are kept exactly as written, and the model refuses what cannot be stored.
    ``None`` when nothing is left.
    """
    if value is None:
        return None
    cleaned = _CONTROLS.sub("", value).strip()
    return cleaned or None


def moment(value: Any) -> datetime | None:
    """A Unix time in whole seconds, between 2004 and 2100, as an aware moment; else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if not FIRST_SECOND <= value < LAST_SECOND:
        return None
    return datetime.fromtimestamp(value, UTC)


def naive_utc(value: Any) -> datetime | None:
    """An ISO 8601 moment without an offset (Instagram's ``taken_at``), read as UTC."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        found = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if found.tzinfo is None:
        found = found.replace(tzinfo=UTC)
    if not FIRST_SECOND <= found.timestamp() < LAST_SECOND:
        return None
    return found


def clean_address(value: str | None, limit: int = 2048) -> str | None:
    """``value`` when it can be kept as an address: no spaces, hidden or control characters."""
    if value is None or not value or len(value) > limit:
        return None
    if value.isascii():
        return value if value.isprintable() and " " not in value else None
    for char in value:
        if char in _BLANKS or unicodedata.category(char) in _HIDDEN_CATEGORIES:
            return None
    return value


def web_address(value: str | None) -> str | None:
    """``value`` when it is an ``http(s)`` address that can be kept (:func:`clean_address`)."""
    found = clean_address(value)
    return found if found is not None and _WEB.match(found) else None
