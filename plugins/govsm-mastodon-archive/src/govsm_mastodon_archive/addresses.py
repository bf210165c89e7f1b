r"""What Mastodon's addresses say: a status's id, an account's handle, a status's audience.

Mastodon names its objects by address (``ActivityPub::TagManager`` and ``config/routes.rb`` in
its source):

* a status is ``https://<host>/users/<username>/statuses/<id>`` — or, for accounts made since
  Mastodon adopted numeric ActivityPub ids, ``https://<host>/ap/users/<account id>/statuses/<id>``
  — and is shown at ``https://<host>/@<username>/<id>``;
* the activity that created or boosted it is the status's address and ``/activity``;
* an account is ``https://<host>/users/<username>`` (or ``/ap/users/<account id>``), shown at
  ``https://<host>/@<username>``, with its followers at ``…/followers``.

The id in a status's address is the id Mastodon's API gives the status (what
``govsm-mastodon`` keeps as a message's ``remote_id``). Other servers name their objects
otherwise (``/notes/<id>``, ``/objects/<uuid>``): their addresses give no id and, unless they
follow one of the forms above, no handle.

>>> status_id("https://social.valdemora.example/users/ayuntamiento/statuses/112001/activity")
'112001'
>>> status_id("https://social.valdemora.example/ap/users/1/statuses/112001"), status_id("x")
('112001', None)
>>> handle_of("https://cultura.example/@biblioteca/111999")
'@biblioteca@cultura.example'
>>> handle_of("https://cultura.example/users/biblioteca/statuses/111999")
'@biblioteca@cultura.example'
>>> handle_of("https://misskey.example/notes/9abc") is None
True
>>> visibility(["https://www.w3.org/ns/activitystreams#Public"], [])
'public'
>>> visibility(["https://social.valdemora.example/users/ayuntamiento/followers"], [])
'private'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

#: ActivityStreams' public collection, as Mastodon writes it and as it reads it
PUBLIC = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})

#: a username as Mastodon's Account::USERNAME_RE takes it
_USERNAME = r"[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*"
#: a status's id in its address: ``…/statuses/<id>`` (and ``/activity`` for its activity)
_STATUS_ID = re.compile(r"/statuses/([A-Za-z0-9]{1,40})(?:/activity)?/?\Z")
#: the paths of a status that name its author: ``/@user/<id>``, ``/users/user/statuses/<id>``
_STATUS_AUTHOR = re.compile(
    rf"/(?:@(?P<short>{_USERNAME})/[A-Za-z0-9]+|users/(?P<long>{_USERNAME})/statuses/"
    r"[A-Za-z0-9]+)(?:/activity)?/?\Z"
)
#: the paths of an account: ``/@user``, ``/users/user``
_ACCOUNT = re.compile(rf"/(?:@(?P<short>{_USERNAME})|users/(?P<long>{_USERNAME}))/?\Z")
#: a host as it may stand in a handle
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::[0-9]{1,5})?\Z")


def _parts(address: str) -> tuple[str, str] | None:
    """The host (lower case, with its port) and the path of an ``http(s)`` address."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    host = parts.netloc.lower().rsplit("@", 1)[-1]
    if parts.scheme not in ("http", "https") or not _HOST.match(host):
        return None
    return host, parts.path


def host_of(address: str | None) -> str | None:
    """The host of an ``http(s)`` address, in lower case; ``None`` for anything else."""
    if address is None:
        return None
    parts = _parts(address)
    return parts[0] if parts else None


def status_id(address: str | None) -> str | None:
    """The status's id in its address (or its activity's), when it is Mastodon's form."""
    if address is None or _parts(address) is None:
        return None
    found = _STATUS_ID.search(address)
    return found.group(1) if found else None


def handle_of(address: str | None) -> str | None:
    """``@user@host`` for a status's or an account's address of Mastodon's forms."""
    if address is None:
        return None
    parts = _parts(address)
    if parts is None:
        return None
    host, path = parts
    found = _STATUS_AUTHOR.fullmatch(path) or _ACCOUNT.fullmatch(path)
    if found is None:
        return None
    return f"@{found.group('short') or found.group('long')}@{host}"


def boosted_author(object_address: str | None, cc: Iterable[str]) -> str | None:
    """The handle of the account a boost shares, from the boosted status's address.

    When that address does not name its author (numeric ids, another server's form), the
    boosted account is the first of the boost's ``cc`` that is neither the public collection
    nor a followers collection (Mastodon's ``TagManager#cc`` puts it there), when it is an
    account's address of Mastodon's forms on the status's own host.
    """
    found = handle_of(object_address)
    if found is not None:
        return found
    host = host_of(object_address)
    for address in cc:
        if address in PUBLIC or address.rstrip("/").endswith("/followers"):
            continue
        parts = _parts(address)
        if parts is None or parts[0] != host or _ACCOUNT.fullmatch(parts[1]) is None:
            return None
        return handle_of(address)
    return None


def visibility(to: Iterable[str], cc: Iterable[str], followers: str | None = None) -> str:
    """A status's visibility, as Mastodon addresses each (``TagManager#to`` and ``#cc``).

    ``public`` (to the public collection), ``unlisted`` (the public collection in ``cc``),
    ``private`` (followers only: to the author's followers collection) or ``direct`` (to the
    accounts it mentions alone; Mastodon's ``limited`` posts are addressed the same way).

    :param followers: the author's followers collection (``actor.json``'s ``followers``); when
        unknown, any address ending in ``/followers`` is taken for it (a direct message to a
        group is addressed to the group's followers too: only the author's own says
        "followers only").
    """
    to = tuple(to)
    if any(address in PUBLIC for address in to):
        return "public"
    if any(address in PUBLIC for address in cc):
        return "unlisted"
    if followers is not None:
        if followers in to:
            return "private"
    elif any(address.rstrip("/").endswith("/followers") for address in to):
        return "private"
    return "direct"
