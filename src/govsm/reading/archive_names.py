r"""The names of an archive's members: which are safe to read by, and how to show any of them.

An archive names its members as it likes: ``../../etc/passwd``, ``/etc/passwd``, ``C:\boot.ini``,
``data/tweets.js`` twice, a name with a line break or a right-to-left override in it. govsm never
writes a member to disk, but it reads members by name, shows names in errors and findings, and
another tool may extract the same archive: an archive with such a name is refused whole
(:mod:`govsm.reading.archive_members`).

>>> name_problem("data/tweets.js") is None
True
>>> print(name_problem("data/../../secret").en)
leads out of the archive's folder ('..')
>>> member_key("./data//tweets.js")
'data/tweets.js'
>>> shown_name("data/\u202etxt.js")
'data/\\u202etxt.js'
"""

from __future__ import annotations

import re
import unicodedata

from govsm.model import Bilingual

#: a Windows drive (``C:``) or a UNC share (``\\\\server``) at the start of a name
_DRIVE = re.compile(r"\A(?:[A-Za-z]:|\\\\|//)")

#: how much of a hostile name an error shows
SHOWN_NAME = 200

#: the Unicode categories shown as escapes: controls, formats (bidi overrides, zero widths),
#: separators of lines and paragraphs, unassigned and private code points, surrogates
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cn", "Co", "Cs"})


def shown_name(name: str) -> str:
    r"""``name`` as an error may print it: each hidden character written as ``\uXXXX``.

    Controls, format characters (a right-to-left override, a zero-width space), line separators,
    unassigned code points and lone surrogates (a tar name that was not UTF-8) are escaped, a
    backslash is doubled, and a name longer than :data:`SHOWN_NAME` characters is cut with
    ``…``.
    """
    cut = name[:SHOWN_NAME]
    out: list[str] = []
    for char in cut:
        if char == "\\":
            out.append("\\\\")
        elif unicodedata.category(char) in _HIDDEN:
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out) + ("…" if len(name) > SHOWN_NAME else "")


def _segments(name: str) -> list[str]:
    return re.split(r"[/\\]", name)


def name_problem(name: str) -> Bilingual | None:
    r"""Why a member may not be read by ``name``, or ``None`` when the name is safe.

    A name is refused when it is empty (or only ``.`` and slashes), holds a control character
    (NUL, a line break), starts at the root (``/etc``, ``\etc``) or on a drive or share
    (``C:``, ``\\server``, ``./C:``), or has a ``..`` part, also written with a backslash or
    with look-alike dots that Unicode compatibility folds to ``..`` (``．．``).
    """
    if all(segment in ("", ".") for segment in _segments(name)):
        return Bilingual(es="no tiene nombre", en="has no name")
    if any(unicodedata.category(char) == "Cc" for char in name):
        return Bilingual(
            es="su nombre tiene caracteres de control", en="its name has control characters"
        )
    if name[0] in "/\\" or _DRIVE.match(name) or _DRIVE.match(member_key(name)):
        return Bilingual(
            es="su nombre es una ruta absoluta (empieza en la raíz o en una unidad)",
            en="its name is an absolute path (it starts at the root or on a drive)",
        )
    for segment in _segments(name):
        if segment == ".." or unicodedata.normalize("NFKC", segment) == "..":
            return Bilingual(
                es="sale de la carpeta del archivo («..»)",
                en="leads out of the archive's folder ('..')",
            )
    return None


def member_key(name: str) -> str:
    r"""The form two names of the same member share (what duplicates are found by).

    Backslashes become slashes, empty and ``.`` parts go, and the name is put in Unicode's
    composed form (NFC): ``./data//tweets.js`` and ``data\tweets.js`` are ``data/tweets.js``.
    Only call it on a name :func:`name_problem` accepted.
    """
    parts = [part for part in _segments(name) if part not in ("", ".")]
    return unicodedata.normalize("NFC", "/".join(parts))
