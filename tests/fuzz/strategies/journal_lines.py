"""Hostile governance journals: the example's journal lines in order, with bad and wild lines
slipped between them (:func:`journal_lines`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.strategies.edge_values import (
    EDGE_INSTANTS,
    MALFORMED_INSTANTS,
    OUT_OF_RANGE_INSTANTS,
    depths,
    dumps,
    json_values,
    nested_json,
)
from tests.fuzz.strategies.hostile_text import (
    INVALID_UTF8,
    LINE_BREAKS,
    hostile_text,
    identifier_lookalikes,
    mixed_text,
    without_breaks,
)
from tests.fuzz.strategies.known_bugs import (
    KNOWN_BUG_JOURNAL_LINE_BREAKS,
    KNOWN_BUG_JOURNAL_NUL_ECHO,
    KNOWN_BUG_JOURNAL_UTF8,
)
from tests.fuzz.strategies.lines import Line, blank_lines, garbage_lines, not_object_lines, splice


def journal_lines(records: Sequence[dict[str, Any]]) -> st.SearchStrategy[list[Line]]:
    """The example's journal lines, in order, with hostile lines slipped between them.

    A ``bad`` line can never apply: it is garbage or not an object, lacks a field, names an
    action or a person that does not exist or a subject that is malformed, carries an instant
    without an offset or out of range, reuses the id of a line before it, or nests too deep.
    A ``wild`` line is an example line with one field made hostile, under a new id: it may
    apply, and then the example lines after it may not.
    """
    ids = [r["id"] for r in records]
    breaks = not KNOWN_BUG_JOURNAL_LINE_BREAKS

    def changed(kind: str, why: str) -> Callable[[dict[str, Any], str, Any], Line]:
        def build(record: dict[str, Any], key: str, value: Any) -> Line:
            data = {**record, "id": "fz-line"}
            data[key] = value
            return Line(dumps(data), kind, why=why)

        return build

    def subject(record: dict[str, Any]) -> str:
        return str(record["do"]).split(".")[0]  # request.*, profile.*, message.*, delegation.*

    record = st.sampled_from(records)
    inert_lines: list[st.SearchStrategy[Line]] = [
        garbage_lines()
        .filter(lambda line: breaks or not _has_break(line.raw))
        .filter(lambda line: not KNOWN_BUG_JOURNAL_UTF8 or _is_utf8(line.raw)),
        not_object_lines().filter(lambda line: breaks or not _has_break(line.raw)),
        st.builds(
            changed("bad", "a field missing or of the wrong type"),
            record,
            st.sampled_from(["id", "by", "do", "at"]),
            st.one_of(st.none(), st.integers(), st.sampled_from(["", " ", []])),
        ),
        st.builds(
            changed("bad", "unknown action"),
            record,
            st.just("do"),
            mixed_text(nul=not KNOWN_BUG_JOURNAL_NUL_ECHO, breaks=breaks)
            | st.sampled_from(["request.submit\u200b", "Request.Submit"]),
        ),
        st.builds(
            changed("bad", "unknown person"),
            record,
            st.just("by"),
            identifier_lookalikes(["marta-soler", "carme-puig"]).map(
                lambda text: text if breaks else without_breaks(text)
            ),
        ),
        st.builds(
            changed("bad", "instant out of range or malformed"),
            record,
            st.just("at"),
            st.sampled_from(OUT_OF_RANGE_INSTANTS + MALFORMED_INSTANTS),
        ),
        record.flatmap(
            lambda rec: st.builds(
                lambda value: changed("bad", "malformed subject")(rec, subject(rec), value),
                st.sampled_from(["sol\x00", "x\u202e", "", 5, [1], {"zz": 1}]),
            )
        ),
        record.flatmap(
            lambda rec: depths().map(
                lambda depth: splice(
                    changed("bad", "subject nested deep")(rec, subject(rec), "@@"),
                    "@@",
                    nested_json(depth).encode(),
                )
            )
        ),
    ]
    if not KNOWN_BUG_JOURNAL_UTF8:
        inert_lines.append(
            st.builds(
                lambda rec, raw: splice(
                    changed("bad", "invalid UTF-8")(rec, "by", "@@"), "@@", b'"' + raw + b'"'
                ),
                record,
                st.sampled_from(INVALID_UTF8),
            )
        )
    inert = st.one_of(inert_lines)
    wild = st.builds(
        changed("wild", "hostile value"),
        record,
        st.sampled_from(["at", "reason", "request", "to", "unit", "text", "comment"]),
        st.one_of(
            hostile_text(nul=False, breaks=breaks),
            st.sampled_from(EDGE_INSTANTS),
            json_values(nul=not KNOWN_BUG_JOURNAL_NUL_ECHO, breaks=breaks),
        ),
    ).filter(lambda line: breaks or not _has_break(line.raw))

    @st.composite
    def journal(draw: st.DrawFn) -> list[Line]:
        lines: list[Line] = []
        allow_wild = draw(st.booleans())
        for index in range(len(records) + 1):  # before each example line, and after the last
            for _ in range(draw(st.integers(min_value=0, max_value=1))):
                choice = draw(st.integers(min_value=0, max_value=9))
                if choice == 0 and allow_wild:
                    lines.append(draw(wild))
                elif choice == 1 and index > 0:
                    earlier = draw(st.sampled_from(ids[:index]))
                    rec = records[min(index, len(records) - 1)]
                    lines.append(Line(dumps({**rec, "id": earlier}), "bad", why="id reused"))
                elif choice == 2:
                    lines.append(draw(blank_lines()))
                else:
                    lines.append(draw(inert))
            if index < len(records):
                rec = records[index]
                lines.append(Line(dumps(rec), "valid", rec["id"], "example"))
        return [_own_id(line, number) for number, line in enumerate(lines, start=1)]

    return journal()


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _has_break(raw: bytes) -> bool:
    text = raw.decode("utf-8", "replace")
    return any(char in text for char in LINE_BREAKS)


def _own_id(line: Line, number: int) -> Line:
    """A hostile line's placeholder id ``fz-line`` made unique: ``fz-line-N``."""
    raw = line.raw.replace(b'"fz-line"', f'"fz-line-{number}"'.encode(), 1)
    return Line(raw, line.kind, line.ident, line.why)
