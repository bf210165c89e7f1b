# mypy: disable-error-code="import-untyped"
"""XRPC calls to one server, over the atproto SDK's HTTP layer.

The SDK's :class:`~atproto_client.request.Request` sends them (its user agent, its typed errors:
:class:`~atproto_client.exceptions.BadRequestError` with the XRPC error's name and message,
:class:`~atproto_client.exceptions.RateLimitExceededError` with the rate-limit headers…); the
bodies stay plain JSON, exactly as the lexicons define them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx
from atproto_client.request import Request

from govsm.errors import ConfigError

JSON = "application/json"

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
"""The hosts reached over plain ``http``: a server on this machine (a test network, a tunnel)."""


def timeout(seconds: float) -> httpx.Timeout:
    """The timeout of every request: ``seconds`` to read, write or wait, 5 s at most to connect.

    :param seconds: the read, write and pool timeout.
    """
    return httpx.Timeout(seconds, connect=min(5.0, seconds))


def base_url(url: str, what: str) -> str:
    """``url`` without a trailing slash, if it is ``https`` (or ``http`` to this machine).

    >>> base_url("https://bsky.social/", "service")
    'https://bsky.social'
    >>> base_url("http://127.0.0.1:2583", "service")
    'http://127.0.0.1:2583'

    :param url: a server's address.
    :param what: what it is, for the error (``service``, ``PLC directory``, ``PDS``).
    :raises ConfigError: another scheme, or plain ``http`` to another host.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    secure = parts.scheme == "https" and bool(host)
    local = parts.scheme == "http" and host in LOCAL_HOSTS
    if not (secure or local):
        raise ConfigError(
            f"la dirección del {_SPANISH.get(what, what)} de Bluesky «{url}» no es válida: use "
            "https (http solo para localhost o 127.0.0.1)",
            f"the Bluesky {what} address '{url}' is not valid: use https (plain http only for "
            "localhost or 127.0.0.1)",
        )
    return url.strip().rstrip("/")


_SPANISH = {"service": "servicio", "PLC directory": "directorio PLC", "PDS": "servidor (PDS)"}


class Xrpc:
    """One XRPC server (``<base>/xrpc/<nsid>``), with a timeout on every request.

    :param url: the server's base address (checked by :func:`base_url`).
    :param seconds: the timeout of every request (see :func:`timeout`).
    :param what: what the server is, for a refused address.
    """

    def __init__(self, url: str, seconds: float, what: str = "PDS") -> None:
        self.url = base_url(url, what)
        self._request = Request(timeout=timeout(seconds))

    def __repr__(self) -> str:
        return f"Xrpc({self.url!r})"

    def _endpoint(self, nsid: str) -> str:
        return f"{self.url}/xrpc/{nsid}"

    def query(
        self,
        nsid: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """A GET of the query ``nsid``; its JSON answer.

        :param params: the query's parameters (``None`` values are left out).
        :param headers: extra headers (``Authorization``).
        :raises atproto_client.exceptions.RequestErrorBase: the server refused it, or no answer.
        """
        sent = {key: value for key, value in (params or {}).items() if value is not None}
        response = self._request.get(
            url=self._endpoint(nsid), params=sent, headers=dict(headers or {})
        )
        return _json(response.content)

    def procedure(
        self,
        nsid: str,
        body: Mapping[str, Any] | None = None,
        *,
        data: bytes | None = None,
        content_type: str = JSON,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """A POST of the procedure ``nsid``; its JSON answer (empty when there is none).

        :param body: the JSON input.
        :param data: raw input instead (a blob), sent as ``content_type``.
        :param headers: extra headers (``Authorization``).
        :raises atproto_client.exceptions.RequestErrorBase: the server refused it, or no answer.
        """
        content = data
        if content is None and body is not None:
            content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        sent = {**dict(headers or {}), "Content-Type": content_type}
        response = self._request.post(url=self._endpoint(nsid), content=content, headers=sent)
        return _json(response.content)

    def close(self) -> None:
        """Close the connections."""
        self._request.close()


def _json(content: object) -> dict[str, Any]:
    """The answer as a JSON object (``{}`` when the server sent none)."""
    return dict(content) if isinstance(content, dict) else {}
