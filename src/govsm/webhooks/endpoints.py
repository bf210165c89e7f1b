"""The ``[[webhooks]]`` of ``govsm.toml``: where events go, which ones, and how they are signed.

.. code-block:: toml

   [[webhooks]]
   id = "portal"
   url = "https://www.soldeneu.example/govsm/events"
   events = ["message.published", "profile.status_changed"]
   secrets = ["env:SOLDENEU_PORTAL_WEBHOOK_SECRET"]

An endpoint names its secrets by reference (``env:``, ``file:``, ``keyring:``; see
:mod:`govsm.credentials`), never by value; two or more while a secret is being rotated. Its URL
is ``https://`` and must lead to a public address; an endpoint on the organisation's own network
(an intranet) says ``allow_private = true``, and may then use ``http://`` too.

>>> endpoint = WebhookEndpoint(
...     id="portal",
...     url="https://www.soldeneu.example/govsm/events?token=abc",
...     secrets=(CredentialRef("env:PORTAL_SECRET"),),
... )
>>> endpoint.shown_url
'https://www.soldeneu.example/govsm/events'
>>> [event.value for event in endpoint.events][:2]
['message.published', 'message.failed']
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import attrs
from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v
from govsm.model.profile import CredentialRef
from govsm.webhooks.events import ALL_EVENTS, EventType

#: how long a request may take by default, in seconds
DEFAULT_TIMEOUT = 10.0

#: the longest timeout an endpoint may ask for, in seconds
MAX_TIMEOUT = 120.0

#: how long an event is retried by default before it is marked failed, in hours (three days)
DEFAULT_MAX_AGE_HOURS = 72

#: the longest an endpoint may ask for events to be retried, in hours (thirty days)
MAX_MAX_AGE_HOURS = 720


def _url(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.text(instance, attribute, value)
    if re.search(r"\s", value):
        raise ModelError(
            "la URL tiene espacios o saltos de línea",
            "the URL holds spaces or line breaks",
            field=attribute.name,
        )
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        port, parts = None, None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ModelError(
            f"«{value}» no es una URL absoluta http(s)",
            f"'{value}' is not an absolute http(s) URL",
            field=attribute.name,
        )
    if parts.username is not None or parts.password is not None:
        # never echoed: what precedes the @ may be a password
        raise ModelError(
            "la URL lleva usuario o contraseña (no se muestra): quítelos; los webhooks se "
            "autentican con su firma",
            "the URL carries a user or password (not shown): remove them; webhooks are "
            "authenticated by their signature",
            field=attribute.name,
        )
    if port == 0:
        raise ModelError("el puerto 0 no es válido", "port 0 is not valid", field=attribute.name)


def _secrets(instance: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value:
        raise ModelError(
            "indique al menos una referencia a un secreto («env:VARIABLE»)",
            "give at least one secret reference ('env:VARIABLE')",
            field=attribute.name,
        )


def _events(instance: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value:
        raise ModelError(
            "indique al menos un tipo de evento (o quite la clave para recibirlos todos)",
            "give at least one event type (or leave the key out to receive them all)",
            field=attribute.name,
        )
    repeated = sorted({str(e) for e in value if value.count(e) > 1})
    if repeated:
        raise ModelError(
            f"tipos de evento repetidos: {', '.join(repeated)}",
            f"repeated event types: {', '.join(repeated)}",
            field=attribute.name,
        )


def _timeout(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value <= MAX_TIMEOUT
    ):
        raise ModelError(
            f"«{attribute.name}» debe ser un número de segundos mayor que 0 y hasta "
            f"{MAX_TIMEOUT:g}, no {value!r}",
            f"'{attribute.name}' must be a number of seconds above 0 and up to {MAX_TIMEOUT:g}, "
            f"not {value!r}",
            field=attribute.name,
        )


def _max_age(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MAX_AGE_HOURS:
        raise ModelError(
            f"«{attribute.name}» debe ser un número entero de horas entre 1 y "
            f"{MAX_MAX_AGE_HOURS}, no {value!r}",
            f"'{attribute.name}' must be a whole number of hours from 1 to {MAX_MAX_AGE_HOURS}, "
            f"not {value!r}",
            field=attribute.name,
        )


@frozen
class WebhookEndpoint:
    """One ``[[webhooks]]`` item: a receiver of govsm's events.

    :param id: identifier, unique among the workspace's webhooks (the queue keys on it).
    :param url: where events are POSTed: ``https://`` (``http://`` only with
        ``allow_private``); no user or password. Redirects are not followed.
    :param secrets: references to its ``whsec_`` secrets; every request is signed with each,
        so a receiver keeps working while its secret is rotated (list the new one first).
    :param events: the event types it receives (default: all of them).
    :param allow_private: whether it may be on a private, loopback or link-local address (an
        intranet, a receiver on the same machine). Without it such addresses are refused.
    :param timeout_seconds: how long one request may take.
    :param max_age_hours: how long an event is retried before it is marked failed.
    """

    id: str = field(validator=v.slug)
    url: str = field(validator=_url)
    secrets: tuple[CredentialRef, ...] = field(validator=_secrets)
    events: tuple[EventType, ...] = field(default=ALL_EVENTS, validator=_events)
    allow_private: bool = False
    timeout_seconds: float = field(default=DEFAULT_TIMEOUT, validator=_timeout)
    max_age_hours: int = field(default=DEFAULT_MAX_AGE_HOURS, validator=_max_age)

    def __attrs_post_init__(self) -> None:
        if urlsplit(self.url).scheme != "https" and not self.allow_private:
            raise ModelError(
                "use https://: las URL http:// solo se admiten con allow_private = true (un "
                "receptor en la red interna)",
                "use https://: http:// URLs are only accepted with allow_private = true (a "
                "receiver on the internal network)",
                field="url",
            )

    @property
    def shown_url(self) -> str:
        """The URL without its query or fragment, as messages and reports show it."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}{parts.path}"

    def wants(self, event: EventType) -> bool:
        """Whether this endpoint subscribes to ``event``."""
        return event in self.events
