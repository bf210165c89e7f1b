"""Whose archive it is: ``actor.json``, and the workspace's profile for that account.

``actor.json`` is the account as ActivityPub shows it (``ActivityPub::ActorSerializer`` in
Mastodon's source): ``preferredUsername`` (``ayuntamiento``), ``id``
(``https://social.valdemora.example/users/ayuntamiento``), ``url`` (its page,
``https://social.valdemora.example/@ayuntamiento``), ``followers``… The importer needs the
govsm profile the posts belong to. Given the organisation's profiles
(:class:`~govsm.spec.ImportContext`), it is the profile of channel ``mastodon`` whose handle is
the account's (``@ayuntamiento@social.valdemora.example``, or ``@ayuntamiento`` alone; case does
not matter) or whose address is the account's page or id; without them, it is ``mastodon-`` and
the username in lower case (``mastodon-ayuntamiento``).

>>> account = account_from({"preferredUsername": "Ayuntamiento",
...                         "id": "https://social.valdemora.example/users/Ayuntamiento",
...                         "url": "https://social.valdemora.example/@Ayuntamiento"})
>>> account.handle, derived_profile(account.username)
('@Ayuntamiento@social.valdemora.example', 'mastodon-ayuntamiento')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from attrs import frozen

from govsm.model import Profile
from govsm_mastodon_archive.addresses import host_of
from govsm_mastodon_archive.records import clean_address, text_field

#: the channels Mastodon's profiles are declared on
MASTODON_CHANNELS = frozenset({"mastodon"})

#: a username as Mastodon's Account::USERNAME_RE takes it (local ones: 30 characters at most)
_USERNAME = re.compile(r"[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*")
#: a handle as a profile declares it: ``@user``, ``user``, ``@user@host``
_HANDLE = re.compile(r"@?(?P<user>[^@\s]+)(?:@(?P<host>[^@\s]+))?")


@frozen
class Account:
    """The account an archive is of.

    :param username: its ``preferredUsername`` (``ayuntamiento``).
    :param id: its ActivityPub id, if given (``https://…/users/ayuntamiento``).
    :param url: its page, if given (``https://…/@ayuntamiento``).
    :param followers: its followers collection, if given (tells followers-only posts).
    """

    username: str
    id: str | None = None
    url: str | None = None
    followers: str | None = None

    @property
    def host(self) -> str | None:
        """The host of the account's page (or, without one, of its id)."""
        return host_of(self.url) or host_of(self.id)

    @property
    def handle(self) -> str:
        """``@user@host``; ``@user`` when the archive names no host."""
        host = self.host
        return f"@{self.username}@{host}" if host else f"@{self.username}"


def account_from(data: Any) -> Account | None:
    """The account of ``actor.json``, ``None`` when it names no username."""
    if not isinstance(data, dict):
        return None
    username = text_field(data, "preferredUsername")
    if username is None or len(username) > 64 or not _USERNAME.fullmatch(username):
        return None
    return Account(
        username,
        clean_address(text_field(data, "id")),
        clean_address(text_field(data, "url")),
        clean_address(text_field(data, "followers")),
    )


def derived_profile(username: str) -> str:
    """The profile id used when the workspace's profiles are not known: ``mastodon-<username>``."""
    slug = re.sub(r"[^a-z0-9]+", "-", username.lower()).strip("-")[:40].strip("-")
    return f"mastodon-{slug}" if slug else "mastodon"


def _same_address(first: str | None, second: str | None) -> bool:
    if not first or not second:
        return False
    return first.rstrip("/").casefold() == second.rstrip("/").casefold()


def is_account(profile: Profile, account: Account) -> bool:
    """Whether ``profile`` (of any channel) names ``account``: by handle, page or id."""
    if _same_address(profile.url, account.url) or _same_address(profile.url, account.id):
        return True
    found = _HANDLE.fullmatch(profile.handle.strip())
    if found is None or found.group("user").casefold() != account.username.casefold():
        return False
    host = found.group("host")
    if host is None:
        return True
    return host.casefold() in {h for h in (host_of(account.url), host_of(account.id)) if h}


def matching_profiles(account: Account, profiles: Iterable[Profile]) -> list[Profile]:
    """The profiles of channel ``mastodon`` that are this account."""
    return [
        profile
        for profile in profiles
        if profile.channel in MASTODON_CHANNELS and is_account(profile, account)
    ]
