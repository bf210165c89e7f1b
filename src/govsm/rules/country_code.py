"""Spanish phone numbers written with the country code but no ``+``: ``34 612 345 678``.

:func:`govsm.rules.contact_details.phone_numbers` takes nine digits, or a ``+`` or ``00`` and
more; a number copied from a contact card or a form often keeps the country code without its
plus (``34 612 345 678``, ``34612345678``), eleven digits it does not take. :func:`numbers`
finds those for the ``personal-data`` rule: ``34`` and a Spanish number (it starts with 6, 7, 8
or 9), in groups split by at most two of space, point, hyphen and parentheses, not inside a
longer figure, a word, a file number or an account.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from govsm.rules.contact_details import PhoneNumber, parse_number

_SEP = r"[ \u00a0.\-()]{0,2}"
_WITHOUT_PLUS = regex.compile(
    r"(?<![\w+#@/]|\d[ \u00a0.,:/\-]?)"
    rf"(?>\(?34\)?{_SEP}[6-9](?:{_SEP}\d){{8}})"
    r"(?![\d\w])"
)


def numbers(text: str) -> Iterator[PhoneNumber]:
    """The valid Spanish numbers of ``text`` written as ``34`` and nine digits, without ``+``."""
    if "34" not in text:
        return
    import phonenumbers

    for match in _WITHOUT_PLUS.finditer(text):
        number = parse_number("+" + match.group().lstrip("("), "ES")
        if number is None or not phonenumbers.is_valid_number(number):
            continue
        kind = phonenumbers.PhoneNumberType.to_string(phonenumbers.number_type(number))
        yield PhoneNumber(
            match.start(),
            match.end(),
            match.group(),
            (kind or "").lower().replace("_", "-"),
            number.country_code,
            number.national_number,
        )
