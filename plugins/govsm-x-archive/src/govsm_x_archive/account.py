"""Whose archive it is: ``data/account.js``, and the workspace's profile for that account.

``account.js`` holds one item, ``{"account": {"username": "AjSoldeneu", "accountId": "…", …}}``.
The importer needs the govsm profile the posts belong to. Given the organisation's profiles
(:class:`~govsm.spec.ImportContext`), it is the profile of channel ``x`` whose handle is the
username (``@AjSoldeneu``; case does not matter) or whose address is the account's; without them,
it is ``x-`` and the username in lower case (``x-ajsoldeneu``).

>>> derived_profile("AjSoldeneu")
'x-ajsoldeneu'
>>> derived_profile("_Policia_Local_")
'x-policia_local'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from attrs import frozen

from govsm.model import Profile

#: the channels X's profiles are declared on
X_CHANNELS = frozenset({"x", "twitter"})

_ADDRESS = re.compile(r"https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/@?([A-Za-z0-9_]{1,15})/?\Z")


@frozen
class Account:
    """The account an archive is of.

    :param username: its handle without ``@`` (``AjSoldeneu``).
    :param account_id: X's id of the account, if given.
    :param display_name: its display name, if given.
    """

    username: str
    account_id: str | None = None
    display_name: str | None = None


def account_from(data: object) -> Account | None:
    """The account of ``account.js``'s first item, ``None`` when it names no username."""
    if not isinstance(data, dict):
        return None
    inner = data.get("account")
    if not isinstance(inner, dict):
        return None
    username = inner.get("username")
    if not isinstance(username, str) or not re.fullmatch(r"[A-Za-z0-9_]{1,50}", username):
        return None
    account_id = inner.get("accountId")
    name = inner.get("accountDisplayName")
    return Account(
        username,
        account_id if isinstance(account_id, str) else None,
        name if isinstance(name, str) else None,
    )


def derived_profile(username: str) -> str:
    """The profile id used when the workspace's profiles are not known: ``x-<username>``."""
    slug = re.sub(r"[^a-z0-9_]", "", username.lower()).strip("_")
    return f"x-{slug}" if slug else "x"


def _handle_of(profile: Profile) -> str | None:
    handle = profile.handle.strip().lstrip("@")
    if re.fullmatch(r"[A-Za-z0-9_]{1,50}", handle):
        return handle.casefold()
    found = _ADDRESS.match(profile.url or "")
    return found.group(1).casefold() if found else None


def matching_profiles(username: str, profiles: Iterable[Profile]) -> list[Profile]:
    """The profiles of channel ``x`` that are this account, by handle or by address."""
    wanted = username.casefold()
    matched = []
    for profile in profiles:
        if profile.channel not in X_CHANNELS:
            continue
        by_url = _ADDRESS.match(profile.url or "")
        if _handle_of(profile) == wanted or (by_url and by_url.group(1).casefold() == wanted):
            matched.append(profile)
    return matched
