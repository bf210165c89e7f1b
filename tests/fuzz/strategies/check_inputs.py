"""Inputs of ``govsm check``: JSON Lines records, plain texts of any bytes and Markdown
drafts, from files or standard input (:func:`check_inputs`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attrs import frozen
from hypothesis import strategies as st

from tests.fuzz.strategies.drafts import drafts
from tests.fuzz.strategies.edge_values import depths, dumps, nested_json, short
from tests.fuzz.strategies.history_lines import MEDIA_OUTSIDE
from tests.fuzz.strategies.hostile_text import INVALID_UTF8, hostile_text, mixed_text
from tests.fuzz.strategies.lines import Line, blank_lines, garbage_lines, not_object_lines
from tests.fuzz.strategies.workspace_cases import ByteEdit


@frozen
class CheckInput:
    """One input of ``govsm check``.

    :param name: its file name, or ``-`` for standard input.
    :param raw: its bytes.
    :param lines: for JSON Lines, what each line is.
    :param valid: for a single text or draft, whether it must be checked (not an input error);
        ``None`` when either is right.
    """

    name: str
    raw: bytes
    lines: tuple[Line, ...] = ()
    valid: bool | None = None

    def __repr__(self) -> str:
        return f"CheckInput({self.name!r}, {short(self.raw)}, {self.lines!r}, {self.valid!r})"


def check_records() -> st.SearchStrategy[Line]:
    """A line of a ``govsm check`` JSON Lines input: a short record, good or hostile."""
    optional = {
        "network": st.sampled_from(["x", "mastodon", "bluesky"]),
        "lang": st.sampled_from(["ca", "es", "en"]),
        "id": mixed_text(nul=False, max_pieces=3),
        "kind": st.sampled_from(["post", "reply", "repost", "quote"]),
        "published": st.booleans(),
        "appended_links": st.just(["https://t.co/Ab12Cd34"]),
        "original_author": st.just("@alcaldesa"),
        "media": st.sampled_from(MEDIA_OUTSIDE).map(
            lambda where: [{"kind": "image", "location": where, "alt_text": "Cartell de la fira"}]
        ),
    }
    good = st.builds(
        lambda text, extra: Line(dumps({"text": text, **extra}), "valid", why="short record"),
        hostile_text(nul=False),
        st.fixed_dictionaries({}, optional=optional),
    )
    bad = st.one_of(
        not_object_lines(),
        garbage_lines(),
        st.just(Line(dumps({"text": "a\x00b"}), "bad", why="NUL")),
        st.sampled_from(["lang", "profile", "zz\x00"]).map(
            lambda key: Line(dumps({"text": "Hola", key: "x\x00"}), "bad", why="NUL quoted")
        ),
        st.sampled_from(["zz", "txt", "ıd"]).map(
            lambda key: Line(dumps({"text": "Hola", key: 1}), "bad", why="unknown key")
        ),
        st.one_of(st.integers(), st.none(), st.lists(st.integers())).map(
            lambda value: Line(dumps({"text": value}), "bad", why="text not text")
        ),
        st.sampled_from(["x", [1], [{"kind": "nope", "location": "x"}]]).map(
            lambda value: Line(dumps({"text": "Hola", "media": value}), "bad", why="media")
        ),
        st.sampled_from(
            [
                ("kind", "nope"),
                ("kind", "mention"),
                ("published", "yes"),
                ("counted_range", [5]),
                ("counted_range", [0, 99]),
                ("counted_range", [3, 1]),
                ("counted_range", [True, 2]),
                ("appended_links", "https://t.co/x"),
                ("original_author", 7),
            ]
        ).map(lambda pair: Line(dumps({"text": "Hola", pair[0]: pair[1]}), "bad", why=pair[0])),
        st.sampled_from(INVALID_UTF8).map(
            lambda raw: Line(b'{"text": "' + raw + b'"}', "bad", why="invalid UTF-8")
        ),
        depths().map(
            lambda depth: Line(
                f'{{"text": "Hola", "media": {nested_json(depth)}}}'.encode(), "bad", why="deep"
            )
        ),
    )
    wild = st.builds(
        lambda key, value: Line(dumps({"text": "Hola", key: value}), "wild", why="wrong type"),
        st.sampled_from(["profile", "lang", "title", "network", "id", "kind"]),
        st.one_of(st.integers(), st.just([]), st.just({"a": 1}), mixed_text()),
    )
    return st.one_of(good, bad, bad, wild, blank_lines())


def check_inputs(fronts: Sequence[dict[str, Any]]) -> st.SearchStrategy[CheckInput]:
    """A ``govsm check`` input: a JSON Lines file or standard input, a text file, a Markdown
    draft (broken or not) or plain Markdown, each hostile."""

    def jsonl(name: str, lines: list[Line]) -> CheckInput:
        return CheckInput(name, b"\n".join(line.raw for line in lines) + b"\n", tuple(lines))

    records = st.lists(check_records(), min_size=1, max_size=6)
    files = st.builds(jsonl, st.sampled_from(["posts.jsonl", "posts.ndjson"]), records)
    # standard input is read as JSON Lines when its first character is "{", and as a text
    # stream: a bare "\r" ends a line there (Python's universal newlines)
    stdin = st.builds(jsonl, st.just("-"), records).filter(
        lambda item: item.raw.startswith(b"{") and b"\r" not in item.raw
    )
    text = st.one_of(
        hostile_text().map(lambda text: text.encode("utf-8")),
        st.binary(max_size=60),
        st.builds(
            lambda text, raw, where: ByteEdit(where, raw).apply(text.encode("utf-8")),
            mixed_text(),
            st.sampled_from(INVALID_UTF8),
            st.floats(min_value=0, max_value=1),
        ),
    )
    names = st.sampled_from(["post.txt", "post", "post.md", ".hidden", "post.markdown", "-"])
    plain = st.builds(CheckInput, names, text).filter(
        lambda item: not (item.name == "-" and item.raw.startswith(b"{"))
    )
    draft = st.builds(
        lambda draft, name: CheckInput(name, draft.raw, valid=draft.valid),
        drafts(fronts),
        st.sampled_from(["draft.md", "draft.markdown"]),
    )
    return st.one_of(files, stdin, plain, draft)
