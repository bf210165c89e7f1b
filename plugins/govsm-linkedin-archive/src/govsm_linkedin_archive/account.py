"""Whose export it is, and the workspace's profile of channel ``linkedin`` that is that account.

LinkedIn's exports hardly name their account. What govsm reads, in this order:

* **the member export** — ``Profile.csv``'s address of the member's page, when it has one
  (``Profile URL``: ``https://www.linkedin.com/in/marta-puig``), and the member's e-mail
  addresses (``Email Addresses.csv``; the confirmed ones when it says which);
* **the Page's content export** — the file's name, which LinkedIn starts with the Page's name
  (``soldeneu-ocupacio_content_1714640000000.xls``) until ``_content`` or ``_updates``.

A profile of channel ``linkedin`` is the account when its ``url`` or ``handle`` names the same
page (``in/marta-puig``, ``company/soldeneu-ocupacio``, or the name alone), or when its
``contact_email`` is one of the member's addresses. When no profile is, and the host gave one
profile alone (``govsm import --profile``, or a workspace with one profile), that one is
taken; else the export is not loaded and the problem says what it names.

>>> account = page_account("soldeneu-ocupacio_content_1714640000000.xls")
>>> account.page, derived_profile(account)
('soldeneu-ocupacio', 'linkedin-soldeneu-ocupacio')
>>> page_name("https://www.linkedin.com/company/soldeneu-ocupacio/"), page_name("@Marta.Puig")
('soldeneu-ocupacio', 'marta.puig')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import unquote, urlsplit

from attrs import frozen

from govsm.model import Bilingual, Profile
from govsm.spec.importer import ImportContext, ImportProblem

#: the channels LinkedIn's profiles are declared on
LINKEDIN_CHANNELS = frozenset({"linkedin"})

_SECTIONS = frozenset({"in", "company", "showcase", "school", "pub"})
_EXPORT_NAME = re.compile(r"(?P<page>.+?)_(?:content|updates|posts)_", re.IGNORECASE)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_NOT_NAME = re.compile(r"[^a-z0-9]+")


@frozen
class Account:
    """What an export says of its account.

    :param member: whether it is a member's export (else a Page's).
    :param page: the name of the account's page on LinkedIn (``marta-puig``,
        ``soldeneu-ocupacio``), when the export gives it.
    :param name: the member's name (``Marta Puig``), when the export gives it.
    :param emails: the member's e-mail addresses, in lower case.
    """

    member: bool
    page: str | None = None
    name: str | None = None
    emails: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        """The account as a problem names it."""
        if self.page:
            return self.page
        if self.name:
            return self.name
        return "?"


def page_name(value: str | None) -> str | None:
    """The page's name in a LinkedIn address or a handle, in lower case; ``None`` if none."""
    if not value:
        return None
    text = unquote(value.strip())
    if "://" in text:
        parts = [p for p in urlsplit(text).path.split("/") if p]
    else:
        parts = [p for p in text.lstrip("@").split("/") if p]
    if len(parts) >= 2 and parts[0].lower() in _SECTIONS:
        parts = parts[1:]
    elif "://" in text:
        return None
    if len(parts) != 1 or len(parts[0]) > 100:
        return None
    return parts[0].lower()


def member_account(
    first_name: str, last_name: str, profile_url: str, emails: Iterable[str]
) -> Account:
    """The account of a member export, from ``Profile.csv`` and ``Email Addresses.csv``."""
    name = " ".join(part.strip() for part in (first_name, last_name) if part.strip())
    kept = tuple(
        dict.fromkeys(
            address.strip().lower() for address in emails if _EMAIL.fullmatch(address.strip())
        )
    )
    return Account(True, page_name(profile_url), name[:200] or None, kept)


def page_account(file_name: str) -> Account:
    """The account of a Page's content export, from the file's name."""
    found = _EXPORT_NAME.match(file_name)
    page = found.group("page").strip().lower() if found else None
    return Account(False, page[:100] if page else None)


def _same_name(first: str | None, second: str | None) -> bool:
    """Two page names, compared without case, spaces or punctuation (a file's name may differ)."""
    if not first or not second:
        return False
    return _NOT_NAME.sub("", first.lower()) == _NOT_NAME.sub("", second.lower()) != ""


def is_account(profile: Profile, account: Account) -> bool:
    """Whether ``profile`` (of any channel) is ``account``: by its page, or by its address."""
    for candidate in (page_name(profile.url), page_name(profile.handle)):
        if _same_name(candidate, account.page):
            return True
    email = (profile.contact_email or "").lower()
    return bool(email) and email in account.emails


def matching_profiles(account: Account, profiles: Iterable[Profile]) -> list[Profile]:
    """The profiles of channel ``linkedin`` that are ``account``."""
    return [p for p in profiles if p.channel in LINKEDIN_CHANNELS and is_account(p, account)]


def derived_profile(account: Account) -> str:
    """The profile used when the workspace's profiles are not known: ``linkedin-<page>``."""
    base = unicodedata.normalize("NFKD", account.page or account.name or "")
    base = "".join(char for char in base if not unicodedata.combining(char))
    slug = _NOT_NAME.sub("-", base.lower()).strip("-")[:40].strip("-")
    return f"linkedin-{slug}" if slug else "linkedin"


def choose_profile(account: Account, context: ImportContext, where: str) -> str | ImportProblem:
    """The profile the export's messages go to, or the problem that says why none can be told.

    :param account: what the export says of its account.
    :param context: the organisation's profiles (none: :func:`derived_profile`).
    :param where: the export, as problems name it.
    """
    profiles: Sequence[Profile] = context.profiles
    if not profiles:
        return derived_profile(account)
    matched = matching_profiles(account, profiles)
    if len(matched) == 1:
        return matched[0].id
    if matched:
        ids = ", ".join(p.id for p in matched)
        return _not_loaded(
            where,
            f"varios perfiles de LinkedIn son esta cuenta ({ids}): no se sabe a cuál cargarla",
            f"several LinkedIn profiles are this account ({ids}): which one to load it into "
            "cannot be told",
        )
    if len(profiles) == 1 and profiles[0].channel in LINKEDIN_CHANNELS:
        return profiles[0].id
    handles = ", ".join(sorted(p.id for p in profiles if p.channel in LINKEDIN_CHANNELS))
    what_es, what_en = _what_it_says(account)
    if account.member:
        advice_es = "declare su «url» o su «contact_email» en govsm.toml"
        advice_en = "declare its 'url' or 'contact_email' in govsm.toml"
    else:
        advice_es = "declare la «url» de la página en govsm.toml"
        advice_en = "declare the Page's 'url' in govsm.toml"
    return _not_loaded(
        where,
        f"{what_es}, y ningún perfil del canal «linkedin» es esa cuenta (hay: "
        f"{handles or 'ninguno'}); {advice_es}, o impórtelo con «govsm import --profile»",
        f"{what_en}, and no profile of channel 'linkedin' is that account (there are: "
        f"{handles or 'none'}); {advice_en}, or import it with 'govsm import --profile'",
    )


def _what_it_says(account: Account) -> tuple[str, str]:
    if account.member:
        if account.page:
            return (
                f"la exportación es de la cuenta de miembro {account.page}",
                f"the export is member account {account.page}'s",
            )
        if account.emails:
            count = len(account.emails)
            return (
                f"la exportación es de {account.shown} ({count} direcciones de correo)",
                f"the export is {account.shown}'s ({count} e-mail addresses)",
            )
        return (
            "la exportación no dice de quién es (ni «Profile.csv» con su dirección ni "
            "«Email Addresses.csv»)",
            "the export does not say whose it is (neither 'Profile.csv' with its address nor "
            "'Email Addresses.csv')",
        )
    if account.page:
        return (
            f"por su nombre, el fichero es de la página {account.page}",
            f"by its name, the file is Page {account.page}'s",
        )
    return (
        "el nombre del fichero no dice de qué página es (LinkedIn lo empieza por el nombre de "
        "la página y «_content_»)",
        "the file's name does not say which Page's it is (LinkedIn starts it with the Page's "
        "name and '_content_')",
    )


def _not_loaded(where: str, es: str, en: str) -> ImportProblem:
    return ImportProblem(where, Bilingual(es=f"{es}; no se carga", en=f"{en}; not loaded"))
