"""Identity and bank numbers in a post, for the ``personal-data`` rule.

Spanish DNI/NIF, NIE, NIF of legal persons (CIF), IBAN (any country), CCC and social security
numbers, each found by a regular expression and kept only when its check digits are right
(python-stdnum; the NSS's modulo-97 check by govsm); how findings show them (:func:`mask`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence

import regex
from attrs import frozen
from stdnum import iban as stdnum_iban
from stdnum.es import ccc as stdnum_ccc
from stdnum.es import cif as stdnum_cif
from stdnum.es import dni as stdnum_dni
from stdnum.es import nie as stdnum_nie
from stdnum.es import nif as stdnum_nif

from govsm.model import Severity
from govsm.rules.contact_details import personal_data_lists

# DNI: 8 digits (optionally with thousands dots) and a letter; NIF K/L/M: letter, 7 digits, letter
_DNI = regex.compile(
    r"(?<![\w.,/-])(?:\d{8}|\d{2}\.\d{3}\.\d{3})(?:-?[A-Za-z]|\s[A-Z])(?![\w@])"
    r"|(?<![\w.,/-])[KLMklm]-?\d{7}-?[A-Za-z](?![\w@])"
)
_NIE = regex.compile(r"(?<![\w.,/-])[XYZxyz][\s-]?\d{7}[\s-]?[A-Za-z](?![\w@])")
_CIF = regex.compile(r"(?<![\w.,/-])[ABCDEFGHJNPQRSUVW]-?\d{7}-?[0-9A-J](?![\w@])")
_IBAN = regex.compile(
    r"(?<![\w/])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?(?!\w)"
)
_CCC = regex.compile(r"(?<![\w/.-])\d{4}[\s-]?\d{4}[\s-]?\d{2}[\s-]?\d{10}(?![\w/])")
_NSS = regex.compile(r"(?<![\w/.-])(\d{2})([\s/-]?)(\d{8})\2(\d{2})(?![\w/])")
SEPARATORS = regex.compile(r"[\s.\-/]")


@frozen
class Hit:
    """Something found: ``cap`` is the highest severity it may have, ``variant`` its wording."""

    kind: str
    start: int
    end: int
    value: str
    cap: Severity = Severity.ERROR
    variant: str = ""
    service: bool = False


def mask(value: str, visible: int = 3) -> str:
    """``value`` without spaces or separators, all but its last ``visible`` characters hidden.

    >>> mask("48.291.736-Q")
    '••••••36Q'
    """
    compact = SEPARATORS.sub("", value)
    if len(compact) <= visible:
        return "•" * len(compact)
    return "•" * (len(compact) - visible) + compact[-visible:]


def mask_email(address: str) -> str:
    """The address with its local part hidden but for its first character.

    >>> mask_email("rosa.marti.aedl@hotmail.com")
    'r•••@hotmail.com'
    """
    local, _, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}"


def valid_nss(number: str) -> bool:
    """Whether a 12-digit Spanish social security number passes its modulo-97 check.

    The first two digits are the province, the next eight the number, the last two the check:
    ``(province × 10⁸ + number) mod 97`` — or ``province × 10⁷ + number`` when the number is
    below 10⁷ (TGSS's rule).
    """
    digits = SEPARATORS.sub("", number)
    if len(digits) != 12 or not digits.isdigit():
        return False
    province, body, check = int(digits[:2]), int(digits[2:10]), int(digits[10:])
    base = province * 10_000_000 + body if body < 10_000_000 else int(digits[:10])
    return base % 97 == check


@functools.cache
def _nss_context() -> regex.Pattern[str]:
    words = "|".join(regex.escape(w) for w in personal_data_lists()["nss_keywords"])
    return regex.compile(rf"(?:{words})\W{{0,40}}\Z", regex.IGNORECASE)


def _find(
    pattern: regex.Pattern[str], text: str, kind: str, valid: Callable[[str], bool]
) -> Iterator[Hit]:
    for match in pattern.finditer(text):
        value = match.group()
        if valid(value):
            yield Hit(kind, match.start(), match.end(), value)


def _valid_dni(value: str) -> bool:
    compact = SEPARATORS.sub("", value).upper()
    if compact[0] in "KLM":
        return bool(stdnum_nif.is_valid(compact))
    return bool(stdnum_dni.is_valid(compact))


def _valid_iban(value: str) -> bool:
    return bool(stdnum_iban.is_valid(value))


def ibans(text: str) -> Iterator[Hit]:
    """The IBANs of ``text`` whose check digits are right."""
    for match in _IBAN.finditer(text):
        # the pattern may run into an upper-case word after the number: shorten by groups
        value = match.group()
        while len(value) >= 15:
            if _valid_iban(value):
                yield Hit("iban", match.start(), match.start() + len(value), value)
                break
            cut = value.rfind(" ")
            if cut <= 0:
                break
            value = value[:cut]


def _nss(text: str) -> Iterator[Hit]:
    context = _nss_context()
    for match in _NSS.finditer(text):
        value = match.group()
        if not valid_nss(value):
            continue
        formatted = match.group(2) in {"/", "-"}
        if formatted or context.search(text, 0, match.start()):
            yield Hit("nss", match.start(), match.end(), value)


def overlaps(hit: Hit, taken: Sequence[Hit]) -> bool:
    """Whether ``hit`` overlaps one of ``taken``."""
    return any(hit.start < other.end and other.start < hit.end for other in taken)


#: what an identity or account number other than an IBAN needs: seven digits in a row, or a
#: DNI's thousands points (every CCC, DNI, NIE, CIF and NSS holds one of them)
LONG_NUMBER = regex.compile(r"\d{7}|\d{2}\.\d{3}\.\d{3}")
#: what an IBAN starts with
IBAN_START = regex.compile(r"[A-Z]{2}\d{2}")


def add(hits: list[Hit], found: Iterable[Hit]) -> None:
    """Keep each hit that overlaps none already kept."""
    for hit in found:
        if not overlaps(hit, hits):
            hits.append(hit)


def add_numbers(
    text: str, detect: frozenset[str], allowed_ccc: frozenset[str], hits: list[Hit]
) -> None:
    """Add the CCC, DNI/NIF, NIE, CIF and NSS numbers of ``text`` to ``hits``, in that order."""
    if "ccc" in detect:
        add(
            hits,
            (
                h
                for h in _find(_CCC, text, "ccc", lambda v: bool(stdnum_ccc.is_valid(v)))
                if stdnum_ccc.compact(h.value) not in allowed_ccc
            ),
        )
    if "dni" in detect:
        add(hits, _find(_DNI, text, "dni", _valid_dni))
    if "nie" in detect:
        add(hits, _find(_NIE, text, "nie", lambda v: bool(stdnum_nie.is_valid(v))))
    if "cif" in detect:
        add(hits, _find(_CIF, text, "cif", lambda v: bool(stdnum_cif.is_valid(v))))
    if "nss" in detect:
        add(hits, _nss(text))
