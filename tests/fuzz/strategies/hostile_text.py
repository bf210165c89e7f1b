"""Characters and bytes that hide or reorder text: bidirectional controls (U+202A–U+202E,
U+2066–U+2069), zero-width and other invisible characters, control characters, odd line breaks,
NUL, and texts of up to a hundred thousand characters built from them."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

#: bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069)
BIDI: tuple[str, ...] = tuple(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
#: invisible characters: zero-width space and joiners, word joiner, BOM, soft hyphen, Mongolian
#: vowel separator, Arabic letter mark
ZERO_WIDTH: tuple[str, ...] = (
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u180e",
    "\u061c",
)
#: line breaks ``str.splitlines`` knows besides ``\n``
LINE_BREAKS: tuple[str, ...] = (
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
)
#: control characters (and the line breaks above)
CONTROLS: tuple[str, ...] = ("\x01", "\x08", "\t", "\x1b", "\x7f", *LINE_BREAKS)
NUL = "\x00"
#: byte sequences no UTF-8 decoder accepts: a stray continuation byte, a cut sequence, overlong
#: encodings, an encoded surrogate, a code point past U+10FFFF, Latin-1 text
INVALID_UTF8: tuple[bytes, ...] = (
    b"\xff",
    b"\xfe\xff",
    b"\x80",
    b"\xc3",
    b"\xe2\x82",
    b"\xc0\xaf",
    b"\xe0\x80\xaf",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"caf\xe9",
)
#: words of the example council, so hostile text also looks like real text to the rules
WORDS: tuple[str, ...] = (
    "Soldeneu",
    "Ajuntament",
    "#FiresSoldeneu2026",
    "@AjSoldeneu",
    "https://www.soldeneu.example/fires",
    "soldeneu.example",
    "Neus Ferrando",
    "marta.soler@soldeneu.example",
    "🎉",
    "𝗡𝗮𝗱𝗮𝗹",
    "Plaça Major",
    "ajuntament-soldeneu",
    "+++",
    '"',
    "\\",
    "{",
)


def hostile_characters(*, nul: bool = True, breaks: bool = True) -> st.SearchStrategy[str]:
    """One character that hides, reorders or breaks text.

    :param nul: whether NUL may be drawn (govsm refuses it in every text).
    :param breaks: whether line breaks other than ``\\n`` may be drawn.
    """
    controls = CONTROLS if breaks else tuple(c for c in CONTROLS if c not in LINE_BREAKS)
    return st.sampled_from(BIDI + ZERO_WIDTH + controls + ((NUL,) if nul else ()))


def without_breaks(text: str) -> str:
    return text.translate({ord(c): None for c in LINE_BREAKS})


#: what a huge text repeats: letters, accents, emoji, bidi controls, URL- and hashtag-like runs
_HUGE_UNITS: tuple[str, ...] = (
    "a",
    "é",
    "🎉",
    "\u202e",
    "\u200b",
    "a.",
    "#a",
    "@a ",
    " ",
    "Soldeneu ",
    "https://soldeneu.example/",
    "𝗡",
)


def huge_text(max_chars: int = 100_000) -> st.SearchStrategy[str]:
    """A run of one unit, from a thousand to ``max_chars`` characters."""

    def repeat(unit: str, size: int) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return st.builds(
        repeat, st.sampled_from(_HUGE_UNITS), st.integers(min_value=1_000, max_value=max_chars)
    )


def mixed_text(
    *, nul: bool = True, breaks: bool = True, max_pieces: int = 10
) -> st.SearchStrategy[str]:
    """Short text: ordinary words, any Unicode (no surrogates) and hostile characters, mixed."""
    piece = st.one_of(
        st.text(max_size=8),
        hostile_characters(nul=nul, breaks=breaks),
        st.sampled_from(WORDS),
    )
    text = st.lists(piece, max_size=max_pieces).map("".join)
    if not nul:
        text = text.map(lambda value: value.replace(NUL, ""))
    if not breaks:
        text = text.map(without_breaks)
    return text


def hostile_text(
    *, nul: bool = True, breaks: bool = True, huge: bool = True
) -> st.SearchStrategy[str]:
    """Text as a hostile file may hold it; about one in eight is huge.

    :param nul: whether it may hold NUL.
    :param breaks: whether it may hold line breaks other than ``\\n``.
    :param huge: whether it may be up to a hundred thousand characters long.
    """
    mixed = mixed_text(nul=nul, breaks=breaks)
    if not huge:
        return mixed
    return st.integers(min_value=0, max_value=7).flatmap(lambda n: huge_text() if n == 0 else mixed)


def identifier_lookalikes(base: Sequence[str]) -> st.SearchStrategy[str]:
    """A real identifier with a hostile character slipped in, or changed to look the same."""

    def slip(ident: str, char: str, at: int) -> str:
        at = at % (len(ident) + 1)
        return ident[:at] + char + ident[at:]

    return st.one_of(
        st.builds(slip, st.sampled_from(base), hostile_characters(), st.integers(min_value=0)),
        st.sampled_from(base).map(str.upper),
        st.sampled_from(base).map(lambda ident: ident.replace("a", "\u0430")),  # Cyrillic а
        st.sampled_from(base).map(lambda ident: ident * 10),
    )
