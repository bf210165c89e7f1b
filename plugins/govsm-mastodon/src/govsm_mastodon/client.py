"""The Mastodon.py client an adapter talks through, and the instance address it talks to.

:func:`instance_url` takes the instance from a profile's address (``https://xarxa.example/@ayto``
→ ``https://xarxa.example``) and refuses plain ``http://`` but for this machine.
:func:`make_client` builds a :class:`mastodon.Mastodon` that never waits on its own for a rate
limit (``ratelimit_method="throw"``: the publishing worker decides), never asks the server's
version (``version_check_mode="none"``; Mastodon 4.0 is assumed) and gives up after ``timeout``
seconds, over a :class:`RecordingSession` that remembers the headers of the last answer —
Mastodon.py's :class:`~mastodon.errors.MastodonRatelimitError` does not carry them, and
``Retry-After`` is there.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from mastodon import Mastodon
from requests.structures import CaseInsensitiveDict

from govsm.errors import ConfigError

__all__ = ["LOCAL_HOSTS", "MASTODON_VERSION", "RecordingSession", "instance_url", "make_client"]

#: the oldest Mastodon the adapter works with (``/api/v2/instance`` came with 4.0)
MASTODON_VERSION = (4, 0, 0)

#: the hosts reached over plain ``http://``: this machine only (a test server)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

#: the notification lists that must include what the account's notification policy filtered
_NOTIFICATION_LISTS = frozenset({"/api/v1/notifications", "/api/v1/notifications/"})


def instance_url(profile_url: str | None) -> str:
    """The instance's base address from a profile's: scheme, host and port, nothing else.

    >>> instance_url("https://xarxa.example/@ayto")
    'https://xarxa.example'
    >>> instance_url("http://127.0.0.1:4001/@ayto")
    'http://127.0.0.1:4001'

    :param profile_url: the profile's ``url`` (``https://instance/@user``).
    :raises ConfigError: there is none, it is not ``https://`` (``http://`` is taken only for
        ``127.0.0.1`` and ``localhost``), or it holds a user name or password.
    """
    if not profile_url:
        raise ConfigError(
            "el perfil de Mastodon necesita «url» (https://instancia/@usuario): de ella sale "
            "la instancia",
            "the Mastodon profile needs a 'url' (https://instance/@user): the instance is "
            "taken from it",
        )
    parts = urlsplit(profile_url)
    host = parts.hostname or ""
    if parts.username is not None or parts.password is not None:
        raise ConfigError(
            "la «url» del perfil de Mastodon no puede llevar usuario ni contraseña",
            "the Mastodon profile's 'url' cannot hold a user name or a password",
        )
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        raise ConfigError(
            f"la instancia de Mastodon «{host}» se alcanzaría por http:// sin cifrar: use "
            "https:// (http:// solo se admite para 127.0.0.1 y localhost)",
            f"the Mastodon instance '{host}' would be reached over unencrypted http://: use "
            "https:// (http:// is taken only for 127.0.0.1 and localhost)",
        )
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigError(
            "la «url» del perfil de Mastodon debe ser https://instancia/@usuario",
            "the Mastodon profile's 'url' must be https://instance/@user",
        )
    return f"{parts.scheme}://{parts.netloc}"


class RecordingSession(requests.Session):
    """A :class:`requests.Session` that remembers the last answer's status and headers.

    Each thread sees the answers to its own requests. It also asks the notification list for
    the notifications the account's notification policy filtered (``include_filtered=true``,
    Mastodon 4.3): by default Mastodon files private mentions from accounts the profile does not
    follow — a citizen's direct message — as a "notification request", out of the list, and
    Mastodon.py has no parameter for it.
    """

    def __init__(self) -> None:
        super().__init__()
        self._seen = threading.local()
        self.hooks["response"].append(self._remember)

    def _remember(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self._seen.status = response.status_code
        self._seen.headers = dict(response.headers)

    def forget(self) -> None:
        """Forget the last answer (before a new call)."""
        self._seen.status = None
        self._seen.headers = None

    @property
    def last_status(self) -> int | None:
        """The HTTP status of this thread's last answer, if one came."""
        status: int | None = getattr(self._seen, "status", None)
        return status

    @property
    def last_headers(self) -> Mapping[str, str]:
        """The headers of this thread's last answer (case-insensitive names), or none."""
        headers: dict[str, str] | None = getattr(self._seen, "headers", None)
        return CaseInsensitiveDict(headers or {})

    def request(  # type: ignore[override]
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        """Send the request; a notification list also asks for the filtered notifications."""
        if method.upper() == "GET" and urlsplit(url).path in _NOTIFICATION_LISTS:
            params = dict(kwargs.get("params") or {})
            params["include_filtered"] = "true"
            kwargs["params"] = params
        return super().request(method, url, *args, **kwargs)


def make_client(
    base_url: str, token: str, session: RecordingSession, *, timeout: float, user_agent: str
) -> Mastodon:
    """A Mastodon.py client for ``base_url`` acting with ``token``.

    The token is set after the client is made: given to the constructor, Mastodon.py would
    read a file of that name if one existed.

    :param base_url: the instance (:func:`instance_url`).
    :param token: the access token.
    :param session: where requests go (and answers are remembered).
    :param timeout: seconds every request may take (to connect, and between bytes read).
    :param user_agent: what the requests say they come from.
    """
    client = Mastodon(
        api_base_url=base_url,
        ratelimit_method="throw",
        request_timeout=timeout,
        mastodon_version=".".join(map(str, MASTODON_VERSION)),
        version_check_mode="none",
        session=session,
        user_agent=user_agent,
    )
    # With a version given, Mastodon.py never asks the server's; with checks off it does not
    # read the one given either, and would take the server for 1.0.0 (uploading through the
    # old /api/v1/media): it is told here
    client.mastodon_major, client.mastodon_minor, client.mastodon_patch = MASTODON_VERSION
    client.access_token = token
    return client
