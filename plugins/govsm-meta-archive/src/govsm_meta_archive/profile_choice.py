r"""Which of the workspace's profiles an export is of.

The posts of a Facebook export go to a profile of channel ``facebook`` of the organisation
(:class:`~govsm.spec.ImportContext`), an Instagram export's to one of channel ``instagram``.
The profile is found, in this order:

1. by what the export says of its account (:mod:`govsm_meta_archive.accounts`): the profile
   whose ``handle`` is the account's user name (``AjuntamentSoldeneu``, ``@ajsoldeneu``; case
   does not matter), or whose ``url`` is the account's address or ends in its user name
   (``https://www.facebook.com/AjuntamentSoldeneu``); when the export gives neither a user
   name nor an address (a Page's export names the Page alone), the profile whose ``name`` is
   the account's display name;
2. when the export says nothing of its account (a part of a split export, or a download of
   the posts alone), by the user name in the name Meta gives the download
   (``facebook-ajuntamentsoldeneu-2024-05-02-Xa3bC9dE.zip``);
3. when neither tells, the organisation's only profile of the channel — the workspace's, or
   the one ``govsm import --profile`` names.

An export that names an account no profile is, or that two profiles are, is not loaded: the
problem says which account it is and which profiles the workspace has. A host that does not
pass the profiles gets ``facebook-<user name>`` (or ``instagram-…``).

>>> from govsm.model import Profile
>>> from govsm_meta_archive.accounts import Account
>>> page = Profile(organisation="soldeneu", id="facebook-ajuntament", channel="facebook",
...                handle="AjuntamentSoldeneu", unit="comunicacio",
...                url="https://www.facebook.com/AjuntamentSoldeneu")
>>> [p.id for p in matching(Account(Platform.FACEBOOK, ("ajuntamentsoldeneu",)), [page])]
['facebook-ajuntament']
>>> user_in_file_name("facebook-ajuntamentsoldeneu-2024-05-02-Xa3bC9dE.zip")
'ajuntamentsoldeneu'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from govsm.model import Bilingual, Profile
from govsm.spec.importer import ImportContext, ImportProblem
from govsm_meta_archive.accounts import Account
from govsm_meta_archive.layout import Platform

_FILE_NAME = re.compile(
    r"(?:facebook|instagram)-(?P<user>[A-Za-z0-9._\-]{1,50}?)-\d{4}-\d{1,2}-\d{1,2}-",
    re.IGNORECASE,
)
_HOSTS = {
    Platform.FACEBOOK: frozenset(
        {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"}
    ),
    Platform.INSTAGRAM: frozenset({"instagram.com", "www.instagram.com"}),
}


def _folded(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip().casefold()


def _address(value: str) -> str:
    """An address compared loosely: no scheme, no ``www.``, no trailing ``/``, any case."""
    parts = urlsplit(value.strip())
    host = parts.netloc.casefold().removeprefix("www.").removeprefix("m.")
    return f"{host}{parts.path.rstrip('/')}".casefold()


def _user_of(address: str | None, platform: Platform) -> str | None:
    """The user name an address of ``platform`` ends in (``facebook.com/<user>``)."""
    if not address:
        return None
    parts = urlsplit(address.strip())
    if parts.netloc.casefold() not in _HOSTS[platform]:
        return None
    path = parts.path.strip("/")
    return path.casefold() if path and "/" not in path else None


def user_in_file_name(name: str) -> str | None:
    """The user name in the name Meta gives a download (``facebook-<user>-<date>-<code>.zip``)."""
    found = _FILE_NAME.match(name)
    return found.group("user") if found else None


def matching(account: Account, profiles: Iterable[Profile]) -> list[Profile]:
    """The profiles of the account's channel that are it (see the module's description)."""
    own = [p for p in profiles if p.channel == account.platform.value]
    users = {u.casefold() for u in account.usernames}
    addresses = {_address(a) for a in account.addresses}
    by_user = [
        p
        for p in own
        if p.handle.strip().lstrip("@").casefold() in users
        or _user_of(p.url, account.platform) in users
        or (p.url is not None and _address(p.url) in addresses)
    ]
    if by_user or users or addresses:
        return by_user
    names = {_folded(n) for n in account.names}
    return [p for p in own if p.name is not None and _folded(p.name) in names]


def derived_profile(platform: Platform, account: Account, file_name: str) -> str:
    """The profile id used when the workspace's profiles are not known: ``facebook-<user>``."""
    source = next(iter(account.usernames), None) or user_in_file_name(file_name)
    source = source or next(iter(account.names), "")
    slug = re.sub(r"[^a-z0-9]+", "-", source.casefold()).strip("-")[:40].strip("-")
    return f"{platform.value}-{slug}" if slug else platform.value


def _handles(profiles: Sequence[Profile]) -> str:
    return ", ".join(sorted(f"{p.id} ({p.handle})" for p in profiles))


def choose_profile(
    platform: Platform, account: Account, file_name: str, context: ImportContext, where: str
) -> str | ImportProblem:
    """The id of the profile the export's posts go to, or why it cannot be told.

    :param platform: the export's platform (the profile's channel).
    :param account: what the export says of its account (it may be empty).
    :param file_name: the archive's file name, as Meta named it or not.
    :param context: the organisation and its profiles.
    :param where: the archive, for the problem.
    """
    if not context.profiles:
        return derived_profile(platform, account, file_name)
    channel = platform.value
    own = [p for p in context.profiles if p.channel == channel]
    if not own:
        return _problem(
            where,
            f"es un archivo de {platform.shown} y ningún perfil de govsm.toml es del canal "
            f"«{channel}»; declárelo",
            f"it is an archive of {platform.shown} and no profile of govsm.toml is of channel "
            f"'{channel}'; declare it",
        )
    if account:
        found = matching(account, own)
        if len(found) == 1:
            return found[0].id
        if found:
            return _problem(
                where,
                f"varios perfiles del canal «{channel}» son la cuenta «{account.shown}» "
                f"({_handles(found)}): no se sabe a cuál cargarlo",
                f"several profiles of channel '{channel}' are account '{account.shown}' "
                f"({_handles(found)}): which one to load it into cannot be told",
            )
        return _problem(
            where,
            f"el archivo es de la cuenta «{account.shown}» y ningún perfil del canal "
            f"«{channel}» tiene ese nombre de usuario, esa dirección ni ese nombre (hay: "
            f"{_handles(own) or 'ninguno'}); declárelo en govsm.toml",
            f"the archive belongs to account '{account.shown}' and no profile of channel "
            f"'{channel}' has that user name, address or name (there are: "
            f"{_handles(own) or 'none'}); declare it in govsm.toml",
        )
    user = user_in_file_name(file_name)
    if user is not None:
        found = matching(Account(platform, (user,)), own)
        if len(found) == 1:
            return found[0].id
    if len(own) == 1:
        return own[0].id
    return _problem(
        where,
        f"el archivo no dice de qué cuenta es (no tiene el fichero de información del perfil) "
        f"y hay {len(own)} perfiles del canal «{channel}» ({_handles(own)}): impórtelo con "
        "«govsm import --profile PERFIL»",
        f"the archive does not say whose account it is (it has no profile information file) "
        f"and there are {len(own)} profiles of channel '{channel}' ({_handles(own)}): import "
        "it with 'govsm import --profile PROFILE'",
    )


def _problem(where: str, es: str, en: str) -> ImportProblem:
    return ImportProblem(where, Bilingual(es=f"{es}; no se carga", en=f"{en}; not loaded"))
