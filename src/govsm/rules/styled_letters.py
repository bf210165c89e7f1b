"""Letters that are not letters: mathematical, enclosed, full-width, small capitals, flags.

Posts imitate bold and italics with look-alike Unicode characters, and spell words with the
regional indicators flags are made of. :func:`styled_runs` finds them — leaving alone the emoji
that look like letters (🅰️ 🅱️ 🅾️ 🅿️ Ⓜ️) and real flags — and :func:`plain_text` says what they
spell, accents kept. The ``fake-bold`` rule (:mod:`govsm.builtin.rules.typography`) reports
them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import regex

from govsm.model import Bilingual
from govsm.rules.wording import fold_word
from govsm.rules.wordlists import data_items

_LETTERLIKE = (
    "\u2102\u210a\u210b\u210c\u210d\u210e\u2110\u2111\u2112\u2113\u2115\u2119\u211a\u211b"
    "\u211c\u211d\u2124\u2128\u212c\u212d\u212f\u2130\u2131\u2133\u2134\u213d\u213e\u213f"
    "\u2140\u2145\u2146\u2147\u2148\u2149"
)
_SMALL_CAPS = {
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i",
    "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s",
    "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
}  # fmt: skip
_OVERLAYS = "\u0332\u0333\u0334\u0335\u0336\u0337\u0338"
STYLED = regex.compile(
    "[\U0001d400-\U0001d7ff"
    + _LETTERLIKE
    + "\u249c-\u24e9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U0001f130-\U0001f189"
    + "".join(_SMALL_CAPS)
    + "]|(?<=\\S)["
    + _OVERLAYS
    + "]"
)
#: styled words separated by nothing but spaces make one run


#: regional indicator symbols: two make a flag (🇪🇸); alone, or in a pair that is no flag, each
#: is read as "regional indicator symbol letter B"
_REGIONAL = regex.compile("[\U0001f1e6-\U0001f1ff]+")
#: what people put between regional indicators to stop them pairing into flags
_INVISIBLE_GAPS = frozenset("\u200b\u200c\u200d\u2060\ufe0f")


def _regional_letter(char: str) -> str | None:
    code = ord(char)
    if 0x1F1E6 <= code <= 0x1F1FF:
        return chr(ord("A") + code - 0x1F1E6)
    return None


def plain_text(styled: str) -> str:
    """What a styled text (mathematical, enclosed, full-width, small caps…) says in plain text.

    Combining accents stay on their letter (𝗔 + U+0301 → Á, the result is NFC); regional
    indicators used as letters become letters, and the single spaces or invisible characters
    put between them to stop them forming flags are dropped (``🇮 🇳 🇫 🇴`` → ``INFO``).
    """
    chars: list[str] = []
    regional: list[bool] = []
    for char in styled:
        code = ord(char)
        letter = _regional_letter(char)
        if char in _OVERLAYS or char in _INVISIBLE_GAPS:
            continue
        if letter is not None:
            chars.append(letter)
        elif char in _SMALL_CAPS:
            chars.append(_SMALL_CAPS[char])
        elif 0x1F150 <= code <= 0x1F169:
            chars.append(chr(ord("A") + code - 0x1F150))
        elif 0x1F170 <= code <= 0x1F189:
            chars.append(chr(ord("A") + code - 0x1F170))
        else:
            chars.append(unicodedata.normalize("NFKC", char))
        regional.append(letter is not None)
    # between two regional-indicator letters, one space joins them, more spaces are one space
    joined: list[str] = []
    index = 0
    while index < len(chars):
        char = chars[index]
        if char.isspace() and joined and regional[index - 1]:
            end = index
            while end < len(chars) and chars[end].isspace():
                end += 1
            if end < len(chars) and regional[end]:
                if end - index > 1:
                    joined.append(" ")
                index = end
                continue
        joined.append(char)
        index += 1
    return unicodedata.normalize("NFC", "".join(joined))


_STYLED_HINT = re.compile(
    "[\U0001d400-\U0001d7ff"
    + _LETTERLIKE
    + "\u249c-\u24e9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U0001f130-\U0001f189"
    + "".join(_SMALL_CAPS)
    + _OVERLAYS
    + "]"
)


@functools.cache
def _flag_regions() -> frozenset[str]:
    return frozenset(code for line in data_items("flag-regions.txt") for code in line.split())


@functools.cache
def _flag_words() -> frozenset[str]:
    """Words a run of flag pairs may spell (🇫🇮🇪🇸🇹🇦), in capitals, plurals in -s included.

    They are the municipal vocabulary the hashtag rules split hashtags with
    (``data/hashtag-words-*.txt``), read here as they are.
    """
    words: set[str] = set()
    for language in ("es", "ca", "gl", "eu"):
        for item in data_items(f"hashtag-words-{language}.txt"):
            word = fold_word(item).upper()
            if len(word) >= 4 and word.isalpha():
                words.update((word, word + "S"))
    return frozenset(words)


def _fake_regional(text: str) -> list[tuple[int, int]]:
    """Spans of regional indicators used as letters, not flags.

    Unicode pairs a run of regional indicators from its start; a pair is a flag when its two
    letters are a region with a flag (``data/flag-regions.txt``). A run is letters when it
    leaves one unpaired (odd runs, letters set apart with spaces or invisible characters), when
    one of its pairs is no flag (🇧🇴🇱🇪🇹🇦: LE is none), or when its flags spell a word of
    at least four letters (🇫🇮🇪🇸🇹🇦).
    """
    spans: list[tuple[int, int]] = []
    regions = _flag_regions()
    for match in _REGIONAL.finditer(text):
        letters = "".join(_regional_letter(c) or "" for c in match.group())
        pairs = [letters[i : i + 2] for i in range(0, len(letters), 2)]
        unpaired = len(letters) % 2 == 1
        no_flag = any(pair not in regions for pair in pairs)
        if unpaired or no_flag or (len(pairs) >= 2 and letters in _flag_words()):
            spans.append(match.span())
    return spans


_EMOJI_PROPERTY = regex.compile(r"\p{Emoji}")
_MARK = regex.compile(r"\p{M}")


def _styled_spans(text: str, word_start: int, word_end: int) -> list[tuple[int, int]]:
    """The styled characters of one word (a run of non-spaces) that are fake letters.

    🅰 🅱 🅾 🅿 and Ⓜ are emoji too (blood groups, parking, the metro): they count as letters only
    without the emoji selector (U+FE0F) and beside other styled letters (🅿🅰🆁🅺🅸🅽🅶).
    """
    found = list(STYLED.finditer(text, word_start, word_end))
    letters = [m for m in found if not _EMOJI_PROPERTY.match(m.group())]
    spans: list[tuple[int, int]] = []
    for match in found:
        if _EMOJI_PROPERTY.match(match.group()):
            selector = text[match.end() : match.end() + 1] == "\ufe0f"
            if selector or not letters:
                continue
        spans.append(match.span())
    return spans


def regional_letters(text: str) -> list[tuple[int, int]]:
    """Spans of regional indicators used as letters (🇧 🇺 🇪 🇳 🇴 🇸), not as flags (🇪🇸).

    >>> regional_letters("🇧 🇴 🇳 🇩 🇮 🇦 and 🇪🇸")
    [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10, 11)]
    """
    return _fake_regional(text) if _REGIONAL.search(text) else []


def styled_runs(text: str) -> list[tuple[int, int]]:
    """Runs of styled letters: from a word's first styled character to a word's last one."""
    regional = regional_letters(text)
    if not regional and (not _STYLED_HINT.search(text) or not STYLED.search(text)):
        return []
    runs: list[tuple[int, int]] = []
    for word in regex.finditer(r"\S+", text):
        styled = _styled_spans(text, word.start(), word.end())
        styled.extend(s for s in regional if word.start() <= s[0] < word.end())
        if not styled:
            continue
        styled.sort()
        start, end = styled[0][0], max(e for _, e in styled)
        if text[start] in _OVERLAYS:
            start -= 1  # the letter the stroke is drawn over
        while end < word.end() and (_MARK.match(text, end) or text[end] in _INVISIBLE_GAPS):
            end += 1  # accents on the last letter (𝗔𝗤𝗨𝗜́) belong to it
        if runs and not text[runs[-1][1] : start].strip():
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


_MATHEMATICAL = regex.compile("[\U0001d400-\U0001d7ff" + _LETTERLIKE + "]")


def styled_with(piece: str) -> Bilingual:
    """What a styled run is written with, named so that people recognise it."""
    if _MATHEMATICAL.search(piece):
        return Bilingual(es="símbolos matemáticos de Unicode", en="Unicode mathematical symbols")
    if _REGIONAL.search(piece):
        return Bilingual(
            es="indicadores regionales (las letras de las banderas)",
            en="regional indicator symbols (the letters flags are made of)",
        )
    return Bilingual(
        es="símbolos de Unicode que imitan letras", en="Unicode symbols that imitate letters"
    )
