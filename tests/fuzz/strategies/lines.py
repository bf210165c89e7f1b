"""Lines of JSON Lines files (histories, journals, ``govsm check`` records), each saying what
a correct reader does with it (:class:`Line`), and the hostile lines every such file may hold."""

from __future__ import annotations

import json
from typing import Any

from attrs import frozen
from hypothesis import strategies as st

from tests.fuzz.strategies.edge_values import (
    depths,
    dumps,
    json_numbers,
    json_values,
    nested_json,
    short,
)


@frozen
class Line:
    """One line of a JSON Lines file, and what a correct reader does with it.

    :param raw: its bytes, without the line break.
    :param kind: ``valid`` (loads or applies), ``blank`` (skipped), ``bad`` (refused with a
        finding naming its file and line, leaving nothing in the store) or ``wild`` (hostile,
        and whether it loads is not fixed by the format).
    :param ident: the id it loads or applies under, when ``valid``.
    :param why: what makes it hostile, for whoever reads a failure.
    """

    raw: bytes
    kind: str
    ident: str | None = None
    why: str = ""

    def __repr__(self) -> str:
        return f"Line({short(self.raw)}, {self.kind!r}, {self.ident!r}, {self.why!r})"


def _not_blank(raw: bytes) -> bool:
    return bool(raw.decode("utf-8", "replace").strip())


def _is_json_object(raw: bytes) -> bool:
    try:
        return isinstance(json.loads(raw.decode("utf-8")), dict)
    except (ValueError, RecursionError):
        return False


def garbage_lines() -> st.SearchStrategy[Line]:
    """Bytes that are not blank, hold no line break and are not a JSON object."""
    return (
        st.binary(min_size=1, max_size=40)
        .filter(lambda raw: b"\n" not in raw and _not_blank(raw))
        .filter(lambda raw: not _is_json_object(raw))
        .map(lambda raw: Line(raw, "bad", why="garbage"))
    )


def not_object_lines() -> st.SearchStrategy[Line]:
    """A JSON value that is not an object: a list, a string, a number, null, nested deep."""
    return st.one_of(
        json_values()
        .filter(lambda value: not isinstance(value, dict))
        .map(lambda value: Line(dumps(value), "bad", why="not an object")),
        json_numbers().map(lambda number: Line(number.encode(), "bad", why="a number")),
        depths().map(lambda depth: Line(nested_json(depth).encode(), "bad", why="nested deep")),
    )


def blank_lines() -> st.SearchStrategy[Line]:
    """A line with nothing to read."""
    return st.sampled_from([b"", b" ", b"\t", b"  \t "]).map(lambda raw: Line(raw, "blank"))


def replace_field(record: dict[str, Any], key: str, value: Any, why: str, **kw: Any) -> Line:
    return Line(dumps({**record, key: value}, **kw), "bad", why=why)


def splice(line: Line, marker: str, raw: bytes) -> Line:
    """``line`` with the JSON string ``"marker"`` replaced by ``raw`` (bytes or JSON text)."""
    return Line(line.raw.replace(f'"{marker}"'.encode(), raw), line.kind, line.ident, line.why)
