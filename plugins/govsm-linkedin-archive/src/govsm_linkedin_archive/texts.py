r"""The texts and addresses of LinkedIn's exports, as govsm keeps them.

**A post's lines in ``Shares.csv``.** LinkedIn writes each line break of a post's text
(``ShareCommentary``) as a quote, the break and a quote, and then quotes the field as CSV does,
doubling every quote: a post of two paragraphs, ``Obrim la borsa.`` and ``Inscripcions:``,
comes out of the CSV reader as ``Obrim la borsa."\n""\n"Inscripcions:``.
:func:`post_text` undoes it when every line break of the field is written so; a field with a
line break written otherwise was not (an export that quotes as CSV does) and is kept as it is.

>>> post_text('Obrim la borsa."\n""\n"Inscripcions: "ara"')
'Obrim la borsa.\n\nInscripcions: "ara"'
>>> post_text('Dues línies\nsense cometes')
'Dues línies\nsense cometes'

**What nobody reads.** NUL, the other control characters but tab and the line breaks, and lone
surrogates are taken out of a text (:func:`without_controls`); an address with a space, a
control, an invisible or a direction-changing character is not kept (:func:`web_address`).

>>> without_controls("Ple\x00 municipal\x1b")
'Ple municipal'
>>> web_address("https://soldeneu.example/ple"), web_address("https://soldeneu.example/\u202eelp")
('https://soldeneu.example/ple', None)
"""

from __future__ import annotations

import re

#: a line break as LinkedIn writes it inside a post's text in ``Shares.csv``
_QUOTED_BREAK = re.compile('"(\r?\n)"')
#: what a text cannot hold or nobody reads: controls but tab and line breaks, lone surrogates
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_WEB = re.compile(r"https?://[^\s/?#]+", re.IGNORECASE)

#: the longest address kept
ADDRESS_CHARACTERS = 2048


def post_text(commentary: str) -> str:
    """A post's text from ``ShareCommentary`` as the CSV reader gave it (see the module)."""
    if "\n" not in commentary:
        return commentary
    parts = _QUOTED_BREAK.split(commentary)
    if any("\n" in part for part in parts[::2]):
        return commentary
    return "".join(parts)


def without_controls(text: str) -> str:
    """``text`` without NUL, lone surrogates and the controls but tab and the line breaks."""
    return _CONTROLS.sub("", text)


def clean_address(value: str | None) -> str | None:
    """``value`` trimmed, when it can be kept as an address: printable, one word, not too long."""
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > ADDRESS_CHARACTERS:
        return None
    return value if value.isprintable() and " " not in value else None


def web_address(value: str | None) -> str | None:
    """``value`` as :func:`clean_address` keeps it, when it is an ``http(s)`` address."""
    value = clean_address(value)
    return value if value is not None and _WEB.match(value) else None
