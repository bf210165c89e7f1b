"""One signed POST to one endpoint: resolve, check, pin, send, and say what came of it.

The endpoint's host is resolved once and every address checked
(:func:`~govsm.net.addresses.checked_addresses`); the request then goes to a checked address —
the URL carries the address, the ``Host`` header and the TLS server name (SNI, and so the
certificate check) carry the host name — so nothing resolves the name a second time. If a
connection cannot be made, the next checked address is tried. Redirects are never followed,
proxies from the environment are not used, every phase of the request has the endpoint's
timeout, and the answer's body is not read.

What an answer means:

* **2xx** — delivered;
* **410 Gone** — the receiver does not want these events any more: the endpoint is disabled;
* anything else (another status, a redirect, a refused connection, a timeout, an address the
  guard refuses) — try again later (:mod:`govsm.webhooks.retrying`).
"""

from __future__ import annotations

import enum
import logging
import ssl
from collections.abc import Sequence

import httpx
from attrs import frozen

from govsm._version import __version__
from govsm.model import Bilingual
from govsm.net.addresses import (
    AddressRefused,
    HostNotFound,
    Resolver,
    checked_addresses,
    system_resolver,
)
from govsm.webhooks.endpoints import WebhookEndpoint
from govsm.webhooks.signing import WebhookSecret, headers

log = logging.getLogger(__name__)

#: the ``User-Agent`` of every request
USER_AGENT = f"govsm/{__version__} (webhooks)"

#: the longest ``Retry-After`` honoured, in seconds (a day)
MAX_RETRY_AFTER = 86400.0


class Verdict(enum.StrEnum):
    """What an attempt came to."""

    #: the endpoint answered 2xx
    DELIVERED = "delivered"
    #: the endpoint answered 410 Gone: disable it
    GONE = "gone"
    #: try again later; the endpoint itself is unreachable or failing (skip its other events)
    UNREACHABLE = "unreachable"
    #: try again later; the endpoint answered, refusing this event
    REFUSED = "refused"


@frozen
class Answer:
    """What one request came to.

    :param verdict: see :class:`Verdict`.
    :param status: the HTTP status, when an answer came.
    :param error: why it failed, in Spanish and English (``None`` when delivered).
    :param retry_after: the seconds the receiver asked to wait (``Retry-After``), if it did.
    """

    verdict: Verdict
    status: int | None = None
    error: Bilingual | None = None
    retry_after: float | None = None


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if not value.isdigit():  # an HTTP date is not honoured: the back-off applies
        return None
    return min(float(value), MAX_RETRY_AFTER)


def _verdict(response: httpx.Response) -> Answer:
    status = response.status_code
    if 200 <= status < 300:
        return Answer(Verdict.DELIVERED, status)
    if status == 410:
        return Answer(
            Verdict.GONE,
            status,
            Bilingual(
                es="el receptor respondió 410 Gone: ya no quiere estos eventos",
                en="the receiver answered 410 Gone: it no longer wants these events",
            ),
        )
    if 300 <= status < 400:
        return Answer(
            Verdict.REFUSED,
            status,
            Bilingual(
                es=f"el receptor respondió {status} (una redirección, que no se sigue): "
                "ponga en url la dirección final",
                en=f"the receiver answered {status} (a redirect, which is not followed): put "
                "the final address in url",
            ),
        )
    failing = status >= 500 or status in (408, 429)
    return Answer(
        Verdict.UNREACHABLE if failing else Verdict.REFUSED,
        status,
        Bilingual(es=f"el receptor respondió {status}", en=f"the receiver answered {status}"),
        _retry_after(response),
    )


def _unreachable(es: str, en: str) -> Answer:
    return Answer(Verdict.UNREACHABLE, None, Bilingual(es=es, en=en))


class Sender:
    """Sends signed webhooks; one HTTP client per endpoint, closed by :meth:`close`.

    A client is kept per endpoint so that a connection made for one host name (its TLS
    session and server name) is never reused for another that resolves to the same address.

    :param resolve: how host names are resolved (the system's resolver by default).
    :param verify: how TLS certificates are verified: ``True`` (the system's authorities), or
        an :class:`ssl.SSLContext` that trusts the organisation's own authority too.
    """

    def __init__(
        self,
        *,
        resolve: Resolver = system_resolver,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self._resolve = resolve
        self._verify = verify
        self._clients: dict[str, httpx.Client] = {}

    def _client(self, endpoint: WebhookEndpoint) -> httpx.Client:
        client = self._clients.get(endpoint.id)
        if client is None:
            client = httpx.Client(
                follow_redirects=False,
                trust_env=False,
                timeout=httpx.Timeout(endpoint.timeout_seconds),
                verify=self._verify,
            )
            self._clients[endpoint.id] = client
        return client

    def send(
        self,
        endpoint: WebhookEndpoint,
        secrets: Sequence[WebhookSecret],
        event_id: str,
        body: bytes,
        timestamp: int,
    ) -> Answer:
        """POST ``body`` to ``endpoint``, signed with ``secrets`` under ``event_id``.

        :param timestamp: the ``webhook-timestamp``: now, in seconds since the Unix epoch.
        :return: what came of it; network errors are answers too, never exceptions.
        """
        url = httpx.URL(endpoint.url)
        host = url.raw_host.decode("ascii")
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            addresses = checked_addresses(
                host, port, allow_private=endpoint.allow_private, resolve=self._resolve
            )
        except (AddressRefused, HostNotFound) as exc:
            verdict = Verdict.UNREACHABLE
            return Answer(verdict, None, Bilingual(es=exc.es, en=exc.en))
        fields = {
            "host": url.netloc.decode("ascii"),
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            **headers(secrets, event_id, timestamp, body),
        }
        extensions = {"sni_hostname": host} if url.scheme == "https" else {}
        client = self._client(endpoint)
        answer = _unreachable("no hay direcciones", "there are no addresses")
        for address in addresses:
            request = client.build_request(
                "POST",
                url.copy_with(host=str(address)),
                content=body,
                headers=fields,
                extensions=extensions,
            )
            try:
                response = client.send(request, stream=True, follow_redirects=False)
            except httpx.TimeoutException:
                limit = f"{endpoint.timeout_seconds:g}"
                return _unreachable(
                    f"el receptor no respondió en {limit} s",
                    f"the receiver did not answer in {limit} s",
                )
            except httpx.ConnectError as exc:
                answer = _unreachable(
                    f"no se pudo conectar con {address} ({exc})",
                    f"could not connect to {address} ({exc})",
                )
                continue  # the next address may answer
            except httpx.HTTPError as exc:
                return _unreachable(
                    f"la petición falló ({type(exc).__name__}: {exc})",
                    f"the request failed ({type(exc).__name__}: {exc})",
                )
            try:
                return _verdict(response)
            finally:
                response.close()  # the body is not read: a receiver's answer is its status
        return answer

    def close(self) -> None:
        """Close every client (and its connections)."""
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
