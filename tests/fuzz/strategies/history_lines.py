"""Hostile history files: the example's own lines under new ids, lines made hostile but
still valid, bad lines and blank ones (:func:`history_lines`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.strategies.edge_values import (
    EDGE_INSTANTS,
    MALFORMED_INSTANTS,
    OUT_OF_RANGE_INSTANTS,
    depths,
    dumps,
    edge_instants,
    nested_json,
)
from tests.fuzz.strategies.hostile_text import (
    INVALID_UTF8,
    hostile_text,
    huge_text,
    identifier_lookalikes,
    mixed_text,
)
from tests.fuzz.strategies.lines import (
    Line,
    blank_lines,
    garbage_lines,
    not_object_lines,
    replace_field,
    splice,
)


def bad_history_lines(records: Sequence[dict[str, Any]]) -> st.SearchStrategy[Line]:
    """A line no reader may load: garbage, cut short, not an object, nested too deep, a hostile
    or huge identifier, invalid UTF-8, NUL or a lone surrogate, an instant out of range or
    malformed, a wrong type, an unknown key, another organisation's message."""
    record = st.sampled_from(records)

    def cut(record: dict[str, Any], where: float) -> Line:
        raw = dumps(record)
        return Line(raw[: max(1, int(len(raw) * where))], "bad", why="cut short")

    return st.one_of(
        garbage_lines(),
        not_object_lines(),
        st.builds(cut, record, st.floats(min_value=0, max_value=0.99)),
        st.builds(
            lambda record, key, depth: splice(
                replace_field(record, key, "@@", "nested deep"), "@@", nested_json(depth).encode()
            ),
            record,
            st.sampled_from(["links", "media", "text", "id"]),
            depths(),
        ),
        st.builds(
            lambda record, raw: splice(
                replace_field(record, "text", "@@", "invalid UTF-8"), "@@", raw
            ),
            record,
            st.sampled_from(INVALID_UTF8).map(lambda raw: b'"' + raw + b'"'),
        ),
        st.builds(
            lambda record, text: replace_field(
                record, "text", text, "NUL or surrogate", ascii_only=True
            ),
            record,
            st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfffy"]),
        ),
        st.builds(
            lambda record, key, value: replace_field(record, key, value, "hostile identifier"),
            record,
            st.sampled_from(["id", "profile"]),
            st.one_of(
                identifier_lookalikes(["x-ajuntament", "ajuntament-soldeneu"]),
                huge_text(),
                st.sampled_from(["", " ", "-x", "x-", "../x", "x/y"]),
            ),
        ),
        st.builds(
            lambda record, value: replace_field(record, "created_at", value, "instant"),
            record,
            st.sampled_from(OUT_OF_RANGE_INSTANTS + MALFORMED_INSTANTS),
        ),
        st.builds(
            lambda record, key, value: replace_field(record, key, value, "wrong type"),
            record,
            st.sampled_from(["text", "media", "links", "direction", "kind", "state", "created_at"]),
            st.one_of(st.integers(), st.lists(st.integers(), min_size=1), st.just({"a": 1})),
        ),
        st.builds(
            lambda record, key: replace_field(record, key, 1, "unknown key"),
            record,
            st.sampled_from(["zz", "ıd", "id\u200b", "Text", "zz\x00", "\ud800"]),
        ),
        st.builds(  # quoted in the refusal: the message must escape what it quotes
            lambda record, key, value: replace_field(record, key, value, "NUL in a quoted value"),
            record,
            st.sampled_from(["organisation", "state", "kind", "direction", "language", "id"]),
            st.sampled_from(["x\x00", "\x00", "x\ud800"]),
        ),
        st.builds(
            lambda record, value: replace_field(
                record, "organisation", value, "another organisation"
            ),
            record,
            st.sampled_from(["other", 5, ["ajuntament-soldeneu"]]),
        ),
    )


#: where media of a hostile line points: outside the workspace, through a link, at devices
MEDIA_OUTSIDE: tuple[str, ...] = (
    "../outside/secret.png",
    "{outside}/secret.png",
    "media/out.png",
    "history/../../outside/secret.png",
    "../../../../../../../../etc/passwd",
    "/etc/passwd",
    "/dev/zero",
    "file:///etc/passwd",
)


def hostile_valid_lines(records: Sequence[dict[str, Any]]) -> st.SearchStrategy[Line]:
    """An example line made hostile yet still valid: its text full of bidi controls, invisible
    characters or a hundred thousand characters long; media pointing outside the workspace. And
    one that is ``wild``: an instant within days of the ends of the calendar, which govsm may
    load or refuse (with words)."""
    published = [r for r in records if r.get("state") == "published"]

    def media(record: dict[str, Any], location: str, alt: str) -> Line:
        item = {"kind": "image", "location": location, "alt_text": alt}
        return Line(dumps({**record, "media": [item]}), "valid", why="media outside")

    return st.one_of(
        st.builds(
            lambda record, text: Line(dumps({**record, "text": text}), "valid", why="text"),
            st.sampled_from(records),
            hostile_text(nul=False),
        ),
        st.builds(  # near the ends of the calendar: loaded, or refused with words
            lambda record, key, value: Line(dumps({**record, key: value}), "wild", why=key),
            st.sampled_from(published),
            st.sampled_from(["created_at", "published_at"]),
            st.sampled_from(EDGE_INSTANTS) | edge_instants().map(datetime.isoformat),
        ),
        st.builds(
            media,
            st.sampled_from(records),
            st.sampled_from(MEDIA_OUTSIDE),
            mixed_text(nul=False, max_pieces=4),
        ),
    )


def history_lines(records: Sequence[dict[str, Any]]) -> st.SearchStrategy[list[Line]]:
    """A JSON Lines history file: example lines as they are, hostile-but-valid ones, bad ones and
    blank ones, mixed; each valid (or wild) line gets its own id (``fz-N``, N its line number)."""
    line = st.one_of(
        st.sampled_from(records).map(lambda record: Line(dumps(record), "valid", why="example")),
        hostile_valid_lines(records),
        bad_history_lines(records),
        bad_history_lines(records),
        blank_lines(),
    )

    def numbered(lines: list[Line]) -> list[Line]:
        out = []
        for number, line in enumerate(lines, start=1):
            if line.kind in {"valid", "wild"}:
                data = json.loads(line.raw.decode("utf-8"))
                ident = f"fz-{number}"
                line = Line(dumps({**data, "id": ident}), line.kind, ident, line.why)
            out.append(line)
        return out

    return st.lists(line, min_size=1, max_size=10).map(numbered)
