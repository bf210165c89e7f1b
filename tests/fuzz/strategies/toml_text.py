"""Writing TOML: any value the fuzz tests build, hostile strings included, as the text of a
``govsm.toml`` or a draft's front matter; and values of another type than the original's."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from attrs import frozen
from hypothesis import strategies as st

from tests.fuzz.strategies.edge_values import (
    EDGE_DAYS,
    HUGE_INTEGERS,
    depths,
    edge_instants,
    nested_toml,
)
from tests.fuzz.strategies.hostile_text import hostile_text, identifier_lookalikes, mixed_text
from tests.fuzz.strategies.known_bugs import KNOWN_BUG_HUGE_INTEGERS


@frozen
class Raw:
    """TOML text written as it is: deep nesting, numbers no Python value renders."""

    text: str


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string, its control characters escaped."""
    out = ['"']
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def toml_key(key: str) -> str:
    """A key, bare when TOML allows it."""
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_value(value: Any) -> str:
    """``value`` as TOML text, tables inline (with a stack: any depth renders)."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Raw):
            out.append(item.text)
        elif isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, int | float):
            out.append(repr(item))  # TOML writes inf and nan as Python does
        elif isinstance(item, str):
            out.append(toml_string(item))
        elif isinstance(item, datetime | date | time):
            out.append(item.isoformat())
        elif isinstance(item, list | tuple):
            parts: list[Any] = [Raw("[")]
            for index, element in enumerate(item):
                parts.extend([Raw(", ")] if index else [])
                parts.append(element)
            stack.extend(reversed([*parts, Raw("]")]))
        elif isinstance(item, dict):
            parts = [Raw("{")]
            for index, (key, element) in enumerate(item.items()):
                parts.append(Raw((", " if index else "") + toml_key(str(key)) + " = "))
                parts.append(element)
            stack.extend(reversed([*parts, Raw("}")]))
        else:  # pragma: no cover - the strategies produce nothing else
            raise TypeError(type(item).__name__)
    return "".join(out)


def toml_lines(data: dict[str, Any]) -> str:
    """``key = value`` lines, one per key of ``data`` (a whole document, or front matter)."""
    return "".join(f"{toml_key(key)} = {toml_value(value)}\n" for key, value in data.items())


def toml_values() -> st.SearchStrategy[Any]:
    """A TOML value of any type, hostile: texts, numbers at the edges, days and instants at the
    ends of the calendar, naive instants, lists of mixed types, inline tables, deep nesting."""
    scalars = st.one_of(
        hostile_text(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.sampled_from([0, -1, 2**31, 2**63 - 1, -(2**63)]),
        st.floats(),
        st.booleans(),
        st.sampled_from(EDGE_DAYS),
        edge_instants(),
        st.datetimes(),  # naive: govsm wants an offset
        st.times(),
        depths().map(lambda depth: Raw(nested_toml(depth))),
    )
    if not KNOWN_BUG_HUGE_INTEGERS:
        scalars = scalars | st.sampled_from(HUGE_INTEGERS).map(Raw)
    keys = st.one_of(st.sampled_from(["id", "name", "zz-unknown"]), mixed_text(max_pieces=3))
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
        max_leaves=6,
    )


def typed_like(original: Any) -> st.SearchStrategy[Any]:
    """A hostile value of the same TOML type as ``original``: it passes the type checks and
    reaches the validators and the audit steps behind them."""
    if isinstance(original, bool):
        return st.booleans()
    if isinstance(original, int):
        return st.sampled_from([0, -1, 1, 6, 2**31, 2**63 - 1, -(2**63)]) | st.integers(
            min_value=-(2**63), max_value=2**63 - 1
        )
    if isinstance(original, float):
        return st.floats() | st.sampled_from([0.0, -0.0, 5e-324, 1e308])
    if isinstance(original, datetime):
        return edge_instants() | st.datetimes()
    if isinstance(original, date):
        return st.sampled_from(EDGE_DAYS) | st.dates()
    if isinstance(original, time):
        return st.times()
    if isinstance(original, str):
        return st.one_of(
            hostile_text(),
            identifier_lookalikes([original or "x"]),
            st.just(original + "\u202e"),
        )
    if isinstance(original, list):
        return st.lists(toml_values(), max_size=4)
    return toml_values()
