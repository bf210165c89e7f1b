r"""Whose export it is, as the export says: the account's user name, display name and address.

Each export names its account in a file of its own (:mod:`govsm_meta_archive.layout`), with
Meta's double-encoded UTF-8 undone first:

* Facebook's ``profile_information.json``: ``{"profile_v2": {"name": {"full_name": "…"},
  "username": "…", "profile_uri": "https://www.facebook.com/…"}}`` (``profile`` in the oldest
  exports);
* a Facebook Page's ``your_professional_dashboard_activity.json``:
  ``{"prodash_activity": [{"page_name": "…", …}, …]}``;
* Instagram's ``personal_information.json``: ``{"profile_user": [{"string_map_data":
  {"Username": {"value": "…"}, "Name": {"value": "…"}, …}}]}`` — the labels are in the
  language of the account's settings (``Nome utente`` in Italian), so when no ``Username``
  label is there, every value of that record that could be an Instagram user name is taken as
  a candidate;
* Instagram's first exports' ``profile.json``: ``{"username": "…", "name": "…"}``.

>>> facebook_account({"profile_v2": {"name": {"full_name": "Ajuntament de Soldeneu"},
...                                  "username": "AjuntamentSoldeneu"}}).usernames
('AjuntamentSoldeneu',)
>>> found = instagram_account({"profile_user": [{"string_map_data": {
...     "Username": {"value": "ajsoldeneu"}, "Name": {"value": "Ajuntament de Soldeneu"}}}]})
>>> found.usernames, found.names, found.guessed
(('ajsoldeneu',), ('Ajuntament de Soldeneu',), False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from attrs import frozen

from govsm_meta_archive.fields import mapping, objects, shown_text, text, web_address
from govsm_meta_archive.layout import Platform

#: a Facebook user name (letters, digits and dots) or a Page's (Meta allows ``-`` too)
_FACEBOOK_USERNAME = re.compile(r"[A-Za-z0-9.\-]{1,50}")
#: an Instagram user name: letters, digits, ``.`` and ``_``, at most 30
_INSTAGRAM_USERNAME = re.compile(r"[A-Za-z0-9._]{1,30}")
#: the label of Instagram's user name in English exports
_USERNAME_LABEL = "Username"
_NAME_LABEL = "Name"


@frozen
class Account:
    """What an export says of its account.

    :param platform: Facebook or Instagram.
    :param usernames: its user names, as the export writes them (``AjuntamentSoldeneu``).
    :param names: its display names (a Page's name, a profile's full name).
    :param addresses: its profile's addresses (``https://www.facebook.com/AjuntamentSoldeneu``).
    :param guessed: whether the user names are candidates (values of a record whose labels
        are in another language) rather than a value labelled as the user name.
    """

    platform: Platform
    usernames: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    guessed: bool = False

    def __bool__(self) -> bool:
        return bool(self.usernames or self.names or self.addresses)

    @property
    def shown(self) -> str:
        """How people know the account: its user name, else its name, else its address."""
        if self.usernames and not self.guessed:
            return self.usernames[0]
        return (self.names or self.addresses or self.usernames or ("?",))[0]

    def merged(self, other: Account) -> Account:
        """The account with what ``other`` adds (another file of the same export)."""
        usernames = _unique((*self.usernames, *other.usernames))
        firm = any(a.usernames and not a.guessed for a in (self, other))
        return Account(
            self.platform,
            usernames,
            _unique((*self.names, *other.names)),
            _unique((*self.addresses, *other.addresses)),
            bool(usernames) and not firm,
        )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _name(value: Any) -> str | None:
    found = shown_text(value) if isinstance(value, str) else None
    return found if found is not None and len(found) <= 200 else None


def facebook_account(data: Any) -> Account:
    """The account a Facebook ``profile_information.json`` names (empty when none)."""
    if not isinstance(data, dict):
        return Account(Platform.FACEBOOK)
    profile = mapping(data, "profile_v2") or mapping(data, "profile")
    name = profile.get("name")
    full = _name(name.get("full_name")) if isinstance(name, dict) else _name(name)
    username = text(profile, "username")
    address = web_address(text(profile, "profile_uri"))
    return Account(
        Platform.FACEBOOK,
        (username,) if username and _FACEBOOK_USERNAME.fullmatch(username) else (),
        (full,) if full else (),
        (address,) if address else (),
    )


def page_account(items: Iterable[Any]) -> Account:
    """The Page a Facebook Page's ``prodash_activity`` names (its first ``page_name``)."""
    for item in items:
        if isinstance(item, dict) and (name := _name(item.get("page_name"))) is not None:
            return Account(Platform.FACEBOOK, names=(name,))
    return Account(Platform.FACEBOOK)


def _labelled(record: Mapping[str, Any]) -> dict[str, str]:
    """The values of a ``string_map_data`` by label."""
    values: dict[str, str] = {}
    for label, entry in mapping(record, "string_map_data").items():
        if isinstance(entry, dict) and isinstance(value := entry.get("value"), str):
            values[label] = value
    return values


def instagram_account(data: Any) -> Account:
    """The account an Instagram ``personal_information.json`` or ``profile.json`` names."""
    if not isinstance(data, dict):
        return Account(Platform.INSTAGRAM)
    if "profile_user" not in data:  # profile.json, 2018–2020
        username = text(data, "username")
        name = _name(data.get("name"))
        return Account(
            Platform.INSTAGRAM,
            (username,) if username and _INSTAGRAM_USERNAME.fullmatch(username) else (),
            (name,) if name else (),
        )
    records = objects(data, "profile_user")
    values = _labelled(records[0]) if records else {}
    name = _name(values.get(_NAME_LABEL))
    names = (name,) if name else ()
    username = values.get(_USERNAME_LABEL)
    if username is not None:
        valid = _INSTAGRAM_USERNAME.fullmatch(username) is not None
        return Account(Platform.INSTAGRAM, (username,) if valid else (), names)
    guesses = tuple(
        value
        for value in values.values()
        if _INSTAGRAM_USERNAME.fullmatch(value) and not value.isdigit()
    )
    return Account(Platform.INSTAGRAM, _unique(guesses), names, guessed=bool(guesses))
