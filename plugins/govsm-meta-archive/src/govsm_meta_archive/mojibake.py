r"""Meta's double-encoded UTF-8, undone exactly.

Facebook's and Instagram's *Download your information* write every string of their JSON with
each byte of its UTF-8 encoding escaped as a code point of its own: ``ñ`` (UTF-8 ``C3 B1``) is
written ``"\u00c3\u00b1"``, so a JSON parser reads ``Ã±``; ``·`` of the Catalan ``l·l`` (``C2
B7``) becomes ``Â·``; an emoji's four bytes become four code points. Every code point of such a
string is therefore at most U+00FF, and taking them as bytes (Latin-1) gives back the UTF-8 the
author's text was.

:func:`undone` does exactly that, and only when it is exactly that: a string with a code point
past U+00FF was not written this way (it is left as it is), and neither was one whose code
points, as bytes, are not valid UTF-8 (``Café`` written correctly, ``é`` = ``E9``, is not
UTF-8 on its own: it stays ``Café``). Plain ASCII is the same either way. No guessing by
frequent letters or by language is involved.

One case cannot be told apart, by this or by anything: a text whose author really typed the
characters that Meta's escaping produces (``Ã±`` on purpose) reads as the character they
encode (``ñ``). Meta's own exports never hold such a string, since they escape every non-ASCII
byte.

>>> undone("Festa Major de Soldeneu \u00c3\u00a0 la pla\u00c3\u00a7a")
'Festa Major de Soldeneu à la plaça'
>>> undone("Col\u00c2\u00b7legi P\u00c3\u00bablic")
'Col·legi Públic'
>>> undone("Caf\u00e9"), undone("\U0001f389 ja!"), undone("Soldeneu")
('Café', '🎉 ja!', 'Soldeneu')
>>> repaired({"t\u00c3\u00adtol": ["A\u00c3\u00b1o", 3, None]})
{'títol': ['Año', 3, None]}
"""

from __future__ import annotations

import re
from typing import Any

#: a code point past U+00FF: a string holding one was not written by Meta's escaping
_WIDE = re.compile("[^\x00-\xff]")
#: a code point past ASCII: without one, there is nothing to undo
_HIGH = re.compile("[\x80-\xff]")


def undone(text: str) -> str:
    """``text`` as its author wrote it, when Meta double-encoded it; else ``text`` unchanged.

    :param text: a string as a JSON parser read it from Meta's export.
    :return: the code points of ``text`` taken as the bytes of a UTF-8 text, decoded, when
        every code point is at most U+00FF, at least one is past ASCII, and those bytes are
        valid UTF-8; otherwise ``text`` itself.
    """
    if _HIGH.search(text) is None or _WIDE.search(text) is not None:
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:  # not Meta's escaping: bytes that are no UTF-8 text
        return text


def repaired(value: Any) -> Any:
    """A parsed JSON value with every string in it :func:`undone`, the keys of objects too.

    Meta escapes the keys the same way (an export in German names a field
    ``"Telefonnummer best\u00c3\u00a4tigt"``). Numbers, booleans and ``null`` are kept.
    """
    if isinstance(value, str):
        return undone(value)
    if isinstance(value, list):
        return [repaired(item) for item in value]
    if isinstance(value, dict):
        return {undone(key): repaired(item) for key, item in value.items()}
    return value
