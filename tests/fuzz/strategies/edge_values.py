"""Values at the edges of what a reader must take: instants and days at the ends of what
:class:`datetime.datetime` holds (and malformed ones), JSON and TOML nested deeper than any
parser should follow, numbers at the limits (and integers of thousands of digits), and JSON
values of every type made of them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.strategies.hostile_text import hostile_text, mixed_text
from tests.fuzz.strategies.known_bugs import KNOWN_BUG_HUGE_INTEGERS

#: instants whose offset puts them out of the range of UTC datetimes
OUT_OF_RANGE_INSTANTS: tuple[str, ...] = (
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59.999999-00:01",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00+00:01",
)
#: instants just inside the range: valid, and at the very edge of every date computation
EDGE_INSTANTS: tuple[str, ...] = (
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00-12:00",
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T23:59:59.999999+00:00",
    "9999-12-31T23:59:59+14:00",
)
#: texts that are not instants with an offset: naive, impossible days and hours, not ISO
MALFORMED_INSTANTS: tuple[str, ...] = (
    "2026-11-19T10:00:00",
    "2026-11-19",
    "2026-02-30T10:00:00+01:00",
    "2026-11-19T24:00:00+01:00",
    "2026-11-19T10:00:00+24:00",
    "10000-01-01T00:00:00+00:00",
    "0000-01-01T00:00:00+00:00",
    "2026-11-19T10:00:00+01:00\u202e",
    "\u202d2026-11-19T10:00:00+01:00",
    "",
    "now",
)
#: days at the ends of what :class:`datetime.date` holds
EDGE_DAYS: tuple[date, ...] = (date.min, date.max, date(1, 1, 2), date(9999, 12, 30))
_OFFSETS = (
    UTC,
    timezone(timedelta(hours=14)),
    timezone(timedelta(hours=-12)),
    timezone(timedelta(hours=23, minutes=59)),
    timezone(-timedelta(hours=23, minutes=59)),
)


def edge_instants() -> st.SearchStrategy[datetime]:
    """Aware datetimes within two days of the ends of the calendar, some out of UTC's range."""
    low = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(1, 1, 2))
    high = st.datetimes(min_value=datetime(9999, 12, 30), max_value=datetime(9999, 12, 31, 23, 59))
    return st.builds(
        lambda moment, tz: moment.replace(tzinfo=tz), low | high, st.sampled_from(_OFFSETS)
    )


# --- nesting and numbers ----------------------------------------------------------------------

#: nesting depths: shallow, around ``[limits] depth`` (64) and its ceiling (200), past the
#: interpreter's recursion limit, and far past it
DEPTHS: tuple[int, ...] = (1, 2, 63, 64, 65, 199, 200, 201, 1_000, 3_000, 100_000)


def depths() -> st.SearchStrategy[int]:
    """A nesting depth."""
    return st.sampled_from(DEPTHS) | st.integers(min_value=1, max_value=1_500)


def nested_json(depth: int) -> str:
    """``depth`` JSON arrays and objects, alternating, around ``1`` (built without recursion)."""
    opening = "".join('{"a": ' if level % 2 else "[" for level in range(depth))
    closing = "".join("}" if level % 2 else "]" for level in reversed(range(depth)))
    return opening + "1" + closing


def nested_toml(depth: int) -> str:
    """``depth`` TOML arrays and inline tables, alternating, around ``1``."""
    opening = "".join("{a = " if level % 2 else "[" for level in range(depth))
    closing = "".join("}" if level % 2 else "]" for level in reversed(range(depth)))
    return opening + "1" + closing


#: numbers as JSON text that are not ordinary: huge, tiny, negative zero, NaN, the infinities
ODD_JSON_NUMBERS: tuple[str, ...] = (
    "-0",
    str(2**63),
    str(-(2**63) - 1),
    "1e309",
    "-1e309",
    "5e-324",
    "NaN",
    "Infinity",
    "-Infinity",
    "1" * 400,
)
#: integers longer than Python converts from text by default (4,300 digits)
HUGE_INTEGERS: tuple[str, ...] = ("1" * 4_301, "-" + "9" * 10_000)


def json_numbers() -> st.SearchStrategy[str]:
    """A number as JSON text."""
    numbers = st.integers().map(str) | st.sampled_from(ODD_JSON_NUMBERS)
    return numbers if KNOWN_BUG_HUGE_INTEGERS else numbers | st.sampled_from(HUGE_INTEGERS)


def json_values(*, nul: bool = True, breaks: bool = True) -> st.SearchStrategy[Any]:
    """Any JSON value, its texts hostile."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        hostile_text(nul=nul, breaks=breaks, huge=False),
        st.sampled_from(OUT_OF_RANGE_INSTANTS + EDGE_INSTANTS + MALFORMED_INSTANTS),
    )
    keys = st.one_of(
        st.sampled_from(["id", "text", "profile", "links", "media"]),
        mixed_text(breaks=breaks, max_pieces=3),
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
        max_leaves=8,
    )


def short(value: Any, limit: int = 160) -> str:
    """``repr(value)`` cut to ``limit`` characters, its full length said: failing examples stay
    readable (a line nested 100,000 deep would print 400 kB)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}…<{len(text)} chars>"


def dumps(data: Any, *, ascii_only: bool = False) -> bytes:
    """``data`` as one JSON line's bytes (a lone surrogate written as it is: invalid UTF-8)."""
    return json.dumps(data, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
