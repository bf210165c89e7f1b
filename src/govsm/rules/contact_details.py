"""Phone numbers and e-mail addresses in a post, for the ``personal-data`` rule: whose they are.

:func:`phone_numbers` finds the numbers of a text in two steps. A regular expression picks the
runs of digits that may be a number (:data:`CANDIDATE`): nine digits, or a ``+``/``00`` prefix
and more; dates, times, prices, years, postcodes and file numbers never match it, so most posts
stop there. Each candidate is then parsed and classified by ``phonenumbers`` (Google's
libphonenumber): valid or not, mobile, fixed line, toll-free, shared cost… The words just before
a number (:func:`label_before`), or in brackets after it (:func:`label_after`), say whether it
is a public service's line ("Policía Local:", "(Servicios Sociales)") or a reference
("Expte."). :func:`own_numbers` reads the organisation's declared numbers and
ranges. :func:`email_addresses` finds addresses and tells the organisation's own from those on
a public webmail service and the rest. The word lists are in ``data/personal-data.toml``.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import regex
from attrs import frozen

from govsm.model import OrganisationSnapshot
from govsm.rules.wording import Folded, phrase_regex, searchable

# Nine digits (a Spanish number), or a "+" or "00" and 8 to 16 digits, in groups split by at most
# two of space, point, hyphen and parentheses. Not right after a word, a digit or a digit and a
# separator (the middle of a longer figure), nor after "/", "#", "@"; not followed by a digit.
# Dates (20-11-2026 has 8 digits), times (10:00), prices with commas, years, postcodes and file
# numbers (2024/123456) never match. The groups are atomic: a longer run of digits (a bank
# account) is not cut into a shorter "number".
_SEP = r"[ \u00a0.\-()]{0,2}"
CANDIDATE = regex.compile(
    r"(?<![\w+#@/]|\d[ \u00a0.,:/\-]?)"
    rf"(?:(?>\(?(?:\+|00)[ \u00a0]?\d(?:{_SEP}\d){{7,15}})|(?>\(?\d(?:{_SEP}\d){{8}}))"
    r"(?!\d)"
)
"""What may be a phone number, before ``phonenumbers`` decides."""
#: what every :data:`CANDIDATE` holds: eight digits split by at most two separators each
_EIGHT_DIGITS = regex.compile(rf"\d(?:{_SEP}\d){{7}}")

#: after the digits, a unit or a currency: an amount, not a number to call
_AMOUNT_AFTER = regex.compile(
    r"\s?(?:€|eur(?:os?)?\b|m2|m²|km|kg|hab(?:itantes)?\b|personas\b|persones\b|"
    r"visitantes\b|visitants\b|litros\b|litres\b|de\s+euros\b)",
    regex.IGNORECASE,
)
#: how far before a number its label (a service, a reference, "tel.") is looked for
_LABEL_WINDOW = 48
_RANGE_DASH = regex.compile(r"\s*[\u2013\u2014]\s*|\s+-\s+|\s*\.\.\s*")


@frozen
class PhoneNumber:
    """A valid phone number found in a text.

    :param start: its offset in the text.
    :param end: the offset after it.
    :param raw: the number as written.
    :param kind: phonenumbers' type in lower case, ``-`` for ``_`` (``mobile``,
        ``fixed-line``, ``toll-free``…).
    :param country: its country calling code (34).
    :param national: its national number, as an integer.
    """

    start: int
    end: int
    raw: str
    kind: str
    country: int
    national: int

    @property
    def switchboard(self) -> bool:
        """A fixed line ending in 00 (…400, …500): a public body's switchboard, no person's."""
        return self.kind == "fixed-line" and self.national % 100 == 0


def parse_number(raw: str, region: str) -> Any:
    """``phonenumbers``' parse of ``raw`` (a ``PhoneNumber`` of that library), or ``None``."""
    import phonenumbers

    try:
        return phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None


def phone_numbers(text: str, region: str) -> Iterator[PhoneNumber]:
    """The valid phone numbers of ``text`` (numbers without a prefix belong to ``region``)."""
    if _EIGHT_DIGITS.search(text) is None:
        return  # most posts: not even eight digits close together
    candidates = list(CANDIDATE.finditer(text))
    if not candidates:
        return  # most posts: no run of digits that may be a number
    for match in candidates:
        if _AMOUNT_AFTER.match(text, match.end()):
            continue  # 612.345.678 €
        found = _classified(match.group(), region)
        if found is None:
            continue
        kind, country, national = found
        yield PhoneNumber(match.start(), match.end(), match.group(), kind, country, national)


@functools.lru_cache(maxsize=4096)
def _classified(raw: str, region: str) -> tuple[str, int, int] | None:
    """The type, country code and national number of a valid number as written, else ``None``.

    Remembered: an organisation's posts repeat the same few numbers, and ``phonenumbers``
    parses each in about a tenth of a millisecond.
    """
    import phonenumbers

    number = parse_number(raw, region)
    if number is None or not phonenumbers.is_valid_number(number):
        return None
    kind = phonenumbers.PhoneNumberType.to_string(phonenumbers.number_type(number))
    return (kind or "").lower().replace("_", "-"), number.country_code, number.national_number


@frozen
class OwnNumbers:
    """The organisation's declared phone numbers: single numbers and ranges.

    :param exact: (country code, national number) of each single number.
    :param ranges: (country code, first, last national number) of each range.
    :param declared: whether the workspace or the policy declares any number at all (short
        ones such as 010 included).
    """

    exact: frozenset[tuple[int, int]]
    ranges: tuple[tuple[int, int, int], ...]
    declared: bool

    def covers(self, country: int, national: int) -> bool:
        """Whether the number is one of the organisation's."""
        if (country, national) in self.exact:
            return True
        return any(c == country and low <= national <= high for c, low, high in self.ranges)


def _range(first: str, last: str, region: str) -> tuple[int, int, int] | None:
    low = parse_number(first, region)
    if low is None or len(str(low.national_number)) < 6:
        return None
    digits = "".join(c for c in last if c.isdigit())
    national = str(low.national_number)
    if not digits:
        return None
    if len(digits) < len(national):  # "922 123 400-499": the last digits change
        high = int(national[: len(national) - len(digits)] + digits)
    else:
        parsed = parse_number(last, region)
        if parsed is None or parsed.country_code != low.country_code:
            return None
        high = parsed.national_number
    first_n, last_n = sorted((low.national_number, high))
    return (low.country_code, first_n, last_n)


@functools.lru_cache(maxsize=64)
def own_numbers(declared: tuple[str, ...], region: str) -> OwnNumbers:
    """Read the organisation's declared numbers, single or ranges.

    An item is a number (``"922 123 456"``, ``"+34 900 123 456"``) or a range:
    ``"922 123 400 - 922 123 499"`` (also with an en or em dash, or ``..``) or
    ``"922 123 400-499"`` (the last digits of the first and of the last number). Short numbers
    (010) are kept only as "something is declared": they are never flagged anyway.

    >>> own = own_numbers(("922 123 400 – 922 123 499", "600 111 222"), "ES")
    >>> own.covers(34, 922123456), own.covers(34, 922123500), own.covers(34, 600111222)
    (True, False, True)
    """
    exact: set[tuple[int, int]] = set()
    ranges: list[tuple[int, int, int]] = []
    for raw in declared:
        item = raw.strip()
        parts = _RANGE_DASH.split(item, maxsplit=1)
        if len(parts) == 1 and "-" in item:
            first, _, last = item.rpartition("-")
            number = parse_number(first, region)
            if number is not None and len(str(number.national_number)) >= 6:
                parts = [first, last]
        if len(parts) == 2:
            found = _range(parts[0], parts[1], region)
            if found is not None:
                ranges.append(found)
            continue
        number = parse_number(item, region)
        if number is not None:
            exact.add((number.country_code, number.national_number))
    return OwnNumbers(frozenset(exact), tuple(ranges), bool(declared))


@functools.cache
def personal_data_lists() -> dict[str, Any]:
    """The word lists of ``data/personal-data.toml``."""
    resource = importlib.resources.files("govsm.rules") / "data" / "personal-data.toml"
    data: dict[str, Any] = tomllib.loads(resource.read_text(encoding="utf-8"))
    return data


@functools.cache
def _words(name: str) -> re.Pattern[str]:
    """The list ``name`` of ``data/personal-data.toml``, compiled for :func:`searchable` text."""
    return phrase_regex(personal_data_lists()[name])


def label_before(text: str, start: int) -> tuple[bool, bool]:
    """Whether the words before a number name a public service, or say it is a reference.

    The words are those of the same line just before ``start``. A service's name counts
    anywhere among them; a word of what a line is for (``Cita previa:``) only right before the
    number (:func:`_purpose`). A reference word (``Expte.``, ``ref.``) counts only when no
    phone word (``tel.``) is nearer the digits.

    >>> label_before("Policía Local: 922 123 456", 15)
    (True, False)
    >>> label_before("Expte. 922 123 456", 7)
    (False, True)
    """
    line = text.rfind("\n", 0, start) + 1
    raw = text[max(line, start - _LABEL_WINDOW) : start]
    folded = searchable(raw)
    window = folded.text
    service = _words("service_words").search(window) is not None or _purpose(raw, folded)
    references = [m.end() for m in _words("reference_words").finditer(window)]
    if not references:
        return service, False
    phones = [m.end() for m in _words("phone_words").finditer(window)]
    reference = references[-1]
    nearest = not phones or phones[-1] < reference
    return service, nearest and len(window) - reference <= 24


#: a word between a purpose word and its number
_BETWEEN_WORD = regex.compile(r"\w+")


def _purpose(raw: str, folded: Folded) -> bool:
    """Whether ``raw`` ends with what a line is for, and at most four words, none capitalised.

    >>> _purpose("Cita previa: ", searchable("Cita previa: "))
    True
    >>> text = "Para más información, llamad a Rosa al "
    >>> _purpose(text, searchable(text))
    False
    """
    found = list(_words("purpose_words").finditer(folded.text))
    if not found:
        return False
    last = found[-1]
    after = raw[folded.original(last.end(), len(folded.text))[0] :]
    words = _BETWEEN_WORD.findall(after)
    return len(words) <= 4 and not any(word[:1].isupper() for word in words)


#: what may follow a number before a label in brackets: spaces, then "(" and the label
_BRACKETED = re.compile(r"[ \t]*\(([^()\n]{1,48})\)")


#: an extension right after a number (``965 12 34 56 ext. 3``, ``(extensión 214)``): a
#: switchboard's, which a private person's line does not have
_EXTENSION = re.compile(
    r"[ \t]*[(,]?[ \t]*(?:ext|extensi[oó]n|extensi[oó]|luzapena)\b\.?[ \t]*\d", re.IGNORECASE
)


def label_after(text: str, end: int) -> bool:
    """Whether a number is a service's line by what follows it: ``… (Policía Local)``, ``ext. 3``.

    A public service named in brackets right after the number, or an extension, which only a
    switchboard has.

    >>> label_after("Llame al 965 55 12 34 (Servicios Sociales).", 21)
    True
    >>> label_after("Llamando al 954 12 34 56 (ext. 3) hasta el viernes.", 24)
    True
    >>> label_after("Llame al 965 55 12 34 (de 9 a 14 h).", 21)
    False
    """
    if _EXTENSION.match(text, end):
        return True
    bracketed = _BRACKETED.match(text, end)
    return bracketed is not None and names_service(bracketed.group(1))


def names_service(text: str) -> bool:
    """Whether ``text`` names a public body or service (``service_words``; case, accents aside).

    >>> names_service("a nombre del Concello de Ribadeira"), names_service("de 9 a 14 h")
    (True, False)
    """
    return _words("service_words").search(searchable(text).text) is not None


# --- e-mail addresses ---------------------------------------------------------------------------

_EMAIL = regex.compile(
    r"(?<![\w.+@-])[\w][\w.+-]*@[\w-]+(?:\.[\w-]+)*\.\p{L}{2,}(?![\w-])", regex.UNICODE
)


#: what every :data:`_EMAIL` holds: an ``@``, the first label of the domain and its point (no
#: ``[\w-]`` is a space, a line break, a point or an ``@``); a mention (``@ajuntament``) has
#: none, and this plain pattern costs a tenth of the address's
_EMAIL_HINT = re.compile(r"@[^ \n.@]+\.")


def may_hold_email(text: str) -> bool:
    """Whether ``text`` may hold an e-mail address: if not, :func:`email_addresses` finds none."""
    return "@" in text and _EMAIL_HINT.search(text) is not None


@functools.cache
def webmail_domains() -> frozenset[str]:
    """Public webmail services (gmail.com, hotmail.es…): never a public body's domain."""
    return frozenset(d.lower() for d in personal_data_lists()["webmail_domains"])


def on_domains(domain: str, domains: Iterable[str]) -> bool:
    """Whether ``domain`` is one of ``domains`` or a subdomain of one."""
    return any(domain == d or domain.endswith("." + d) for d in domains)


def own_domains(
    snapshot: OrganisationSnapshot | None, allowed: Iterable[str]
) -> tuple[list[str], set[str]]:
    """The organisation's e-mail domains and its units' and people's own addresses.

    The domains are ``allowed`` (a rule's parameter), the organisation's ``domains`` and its
    website's (without ``www.``); the addresses are its units' and people's ``email``.
    """
    domains = [d.lower().lstrip("@.") for d in allowed]
    addresses: set[str] = set()
    if snapshot is not None:
        domains.extend(d.lower().strip(".") for d in snapshot.organisation.domains)
        if snapshot.organisation.website:
            host = (urlsplit(snapshot.organisation.website).hostname or "").lower()
            host = host.removeprefix("www.")
            if host and host not in webmail_domains():
                domains.append(host)
        emails = [u.email for u in snapshot.units] + [p.email for p in snapshot.people]
        addresses.update(e.lower() for e in emails if e)
    return [d for d in domains if d], addresses


@frozen
class EmailAddress:
    """An e-mail address that is not the organisation's.

    :param start: its offset in the text.
    :param end: the offset after it.
    :param address: the address as written.
    :param whose: ``webmail`` (on a public webmail service), ``foreign`` (outside the
        organisation's domains) or ``undeclared`` (no domain is declared: nobody can tell).
    """

    start: int
    end: int
    address: str
    whose: str


def email_addresses(
    text: str,
    domains: Sequence[str],
    own: frozenset[str] | set[str] = frozenset(),
    skip: Sequence[tuple[int, int]] = (),
) -> Iterator[EmailAddress]:
    """The addresses of ``text`` that are not the organisation's.

    :param domains: the organisation's domains (subdomains count).
    :param own: its units' and people's own addresses, in lower case.
    :param skip: spans that are no address (remote mentions, ``@user@instance``).
    """
    if not may_hold_email(text):
        return
    for match in _EMAIL.finditer(text):
        start, end = match.span()
        if any(start < s_end and s_start < end for s_start, s_end in skip):
            continue
        address = match.group().lower()
        domain = address.rsplit("@", 1)[1]
        if address in own or on_domains(domain, domains):
            continue
        if on_domains(domain, webmail_domains()):
            whose = "webmail"
        else:
            whose = "foreign" if domains else "undeclared"
        yield EmailAddress(start, end, match.group(), whose)
