"""Hostile Markdown drafts: valid ones with a hostile body, and drafts broken in every way
the front matter can be (:func:`drafts`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attrs import frozen
from hypothesis import strategies as st

from tests.fuzz.strategies.edge_values import (
    MALFORMED_INSTANTS,
    OUT_OF_RANGE_INSTANTS,
    depths,
    nested_toml,
    short,
)
from tests.fuzz.strategies.hostile_text import (
    INVALID_UTF8,
    NUL,
    hostile_text,
    identifier_lookalikes,
    mixed_text,
)
from tests.fuzz.strategies.known_bugs import KNOWN_BUG_DRAFT_FENCES
from tests.fuzz.strategies.toml_text import Raw, toml_lines
from tests.fuzz.strategies.workspace_cases import ByteEdit


@frozen
class Draft:
    """A Markdown draft file, and whether it must load (else be refused naming the file).

    :param raw: its bytes.
    :param valid: whether it must load, as ``ident``.
    :param why: what makes it hostile.
    """

    raw: bytes
    valid: bool
    ident: str = "fz-draft"
    why: str = ""

    def __repr__(self) -> str:
        return f"Draft({short(self.raw)}, valid={self.valid}, why={self.why!r})"


FENCE = "+++"
#: line breaks a draft may use: TOML reads the front matter only with the first two
DRAFT_EOLS: tuple[str, ...] = ("\n", "\r\n", "\r", "\u2028", "\x0b")
#: closing fences: the draft format strips the line, so all of these close the front matter
CLOSING_FENCES: tuple[str, ...] = ("+++", "+++ ", "+++\t")
CLOSING_FENCES_BUGGY: tuple[str, ...] = (" +++", "\t+++")


def draft_text(front: dict[str, Any], body: str, *, eol: str = "\n", closing: str = FENCE) -> str:
    """A draft: ``+++``, the front matter, the closing fence, the body; lines ended by ``eol``."""
    lines = [FENCE, *toml_lines(front).splitlines(), closing]
    return eol.join(lines) + eol + body


def drafts(fronts: Sequence[dict[str, Any]]) -> st.SearchStrategy[Draft]:
    """Drafts built on the example's front matters (their id ``fz-draft``): valid ones with a
    hostile body, and broken ones: no front matter, no closing fence, invalid TOML, invalid
    UTF-8, NUL, a key a draft may not hold, an instant out of range, a hostile identifier, a
    wrong type, nesting too deep, line breaks TOML does not read."""
    front = st.sampled_from(fronts).map(lambda head: {**head, "id": "fz-draft"})
    closing = st.sampled_from(
        CLOSING_FENCES + (() if KNOWN_BUG_DRAFT_FENCES else CLOSING_FENCES_BUGGY)
    )

    def made(head: dict[str, Any], body: str, eol: str, end: str) -> Draft:
        raw = draft_text(head, body, eol=eol, closing=end).encode("utf-8")
        return Draft(raw, eol in {"\n", "\r\n"}, why=f"hostile body, lines ended by {eol!r}")

    def broken(why: str, text: str, *, surrogates: bool = False) -> Draft:
        return Draft(
            text.encode("utf-8", "surrogatepass" if surrogates else "strict"), False, why=why
        )

    def with_value(head: dict[str, Any], key: str, value: Any, why: str) -> Draft:
        return broken(why, draft_text({**head, key: value}, "Hola"))

    return st.one_of(
        st.builds(made, front, hostile_text(nul=False), st.sampled_from(DRAFT_EOLS), closing),
        hostile_text(nul=False)
        .filter(lambda body: not body.splitlines() or body.splitlines()[0].strip() != FENCE)
        .map(lambda body: broken("no front matter", body)),
        front.map(
            lambda head: broken("no closing fence", FENCE + "\n" + toml_lines(head) + "Hola")
        ),
        st.builds(
            lambda head, junk: broken(
                "invalid TOML", draft_text(head, "Hola").replace("+++\n", f"+++\n{junk}\n", 1)
            ),
            front,
            st.sampled_from(
                ["= 1", "[[", "a = ", "id = 'x", "[media", "x = 2026-13-01", 'id = "again"']
            ),
        ),
        st.builds(
            lambda head, raw, where: Draft(
                ByteEdit(where, raw).apply(draft_text(head, "Hola").encode()),
                False,
                why="invalid UTF-8",
            ),
            front,
            st.sampled_from(INVALID_UTF8),
            st.floats(min_value=0, max_value=1),
        ),
        st.builds(
            lambda head, body: broken("NUL", draft_text(head, body + NUL)),
            front,
            mixed_text(nul=False, max_pieces=3),
        ),
        st.builds(
            with_value,
            front,
            st.sampled_from(["direction", "text", "organisation"]),
            st.just("x"),
            st.just("a key a draft may not hold"),
        ),
        st.builds(
            with_value,
            front,
            st.just("created_at"),
            st.sampled_from(OUT_OF_RANGE_INSTANTS + MALFORMED_INSTANTS),
            st.just("instant"),
        ),
        st.builds(
            with_value,
            front,
            st.sampled_from(["id", "profile"]),
            identifier_lookalikes(["x-ajuntament"]),
            st.just("hostile identifier"),
        ),
        st.builds(
            with_value,
            front,
            st.sampled_from(["media", "kind", "state", "created_at"]),
            st.one_of(st.integers(), st.just("x"), st.just([1])),
            st.just("wrong type"),
        ),
        st.builds(
            with_value,
            front,
            st.just("links"),
            depths().map(lambda depth: Raw(nested_toml(depth))),
            st.just("nested deep"),
        ),
    )
