"""What Mastodon.py raised, as the errors govsm's publishing worker acts on.

=================================================  ==============================================
Mastodon.py                                        govsm (:mod:`govsm.spec.network_errors`)
=================================================  ==============================================
``MastodonRatelimitError`` after an HTTP 429       :class:`RateLimited`, waiting what
                                                   ``Retry-After`` or ``X-RateLimit-Reset`` say
``MastodonUnauthorizedError`` (401), 403           :class:`AuthenticationExpired`
other 4xx (422 and the rest)                       :class:`PermanentRejection`, quoting the
                                                   server's ``error``
5xx                                                :class:`TransientError`
``MastodonNetworkError`` before the request left   :class:`TransientError`
(refused, name not found, connect timeout, TLS)
``MastodonNetworkError`` after it left (read       :class:`OutcomeUnknown` for a call that changes
timeout, connection dropped), an unreadable answer something, :class:`TransientError` for a read
=================================================  ==============================================

A 5xx after a post is safe to retry: the retry carries the same ``Idempotency-Key``, and Mastodon
answers it with the post the first attempt made, if it made one. Messages quote the server's
reason, never the request, and any secret the adapter names is blotted out of them.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import socket
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime

import requests
import urllib3
from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonRatelimitError,
    MastodonUnauthorizedError,
)

from govsm.spec.network_errors import (
    AuthenticationExpired,
    NetworkError,
    OutcomeUnknown,
    PermanentRejection,
    RateLimited,
    TransientError,
)

__all__ = ["NETWORK", "reached_server", "retry_after", "server_reason", "translate"]

#: the channel's id, named in every message
NETWORK = "mastodon"

#: the longest reason quoted from the server, in characters
_REASON_LIMIT = 300

#: errors that prove the request never left: no connection, no name, no TLS session
_NOT_SENT: tuple[type[BaseException], ...] = (
    requests.exceptions.ConnectTimeout,
    requests.exceptions.SSLError,
    urllib3.exceptions.NewConnectionError,
    urllib3.exceptions.ConnectTimeoutError,
    urllib3.exceptions.SSLError,
    ConnectionRefusedError,
    socket.gaierror,
)
#: errors that say the request left and the answer did not come
_SENT: tuple[type[BaseException], ...] = (
    requests.exceptions.ReadTimeout,
    urllib3.exceptions.ReadTimeoutError,
    urllib3.exceptions.ProtocolError,
    http.client.RemoteDisconnected,
    ConnectionResetError,
)


def _causes(error: BaseException) -> Iterator[BaseException]:
    """``error`` and what it came from, outermost first (causes, contexts, wrapped reasons)."""
    queue: list[BaseException] = [error]
    seen: set[int] = set()
    while queue and len(seen) < 32:
        current = queue.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        reason = getattr(current, "reason", None)
        wrapped = [a for a in current.args if isinstance(a, BaseException)]
        for more in (current.__cause__, current.__context__, reason, *wrapped):
            if isinstance(more, BaseException):
                queue.append(more)


def reached_server(error: BaseException) -> bool:
    """Whether a failed request may have reached the server (``True`` when unsure).

    :param error: what the HTTP layer raised (a ``MastodonNetworkError``, with its chain).
    """
    for cause in _causes(error):
        if isinstance(cause, _NOT_SENT):
            return False
        if isinstance(cause, _SENT):
            return True
    return True


def _seconds(value: str, now: datetime) -> float | None:
    """A wait in seconds from a header: a number of seconds, or a date (HTTP or ISO 8601)."""
    value = value.strip()
    try:
        return float(value)
    except ValueError:
        pass
    moment: datetime | None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is None:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - now).total_seconds()


def retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """The seconds a 429 asks to wait, or ``None`` when its headers do not say.

    ``Retry-After`` (seconds, or an HTTP date) first; else ``X-RateLimit-Reset``, the moment
    the limit resets: an ISO 8601 date (Mastodon) or seconds since the epoch (GoToSocial,
    mastodon-mock), counted from the server's ``Date`` when it sends one.

    >>> retry_after({"Retry-After": "7"})
    7.0
    >>> retry_after({"X-RateLimit-Reset": "2026-05-04T10:05:00.000Z",
    ...              "Date": "Mon, 04 May 2026 10:00:00 GMT"})
    300.0
    >>> retry_after({"X-RateLimit-Reset": "1777888800", "Date": "Mon, 04 May 2026 09:59:30 GMT"})
    30.0

    :param headers: the answer's headers (names in any case).
    :param now: the moment to count from when the server sends no ``Date`` (default: now).
    """
    lower = {name.lower(): value for name, value in headers.items()}
    clock = now or datetime.now(UTC)
    if "date" in lower:
        with contextlib.suppress(TypeError, ValueError, IndexError):
            clock = email.utils.parsedate_to_datetime(lower["date"])
    if clock.tzinfo is None:
        clock = clock.replace(tzinfo=UTC)
    for name in ("retry-after", "x-ratelimit-reset"):
        if name not in lower:
            continue
        value = lower[name].strip()
        if name == "x-ratelimit-reset" and value.isdigit():
            wait: float | None = int(value) - clock.timestamp()
        else:
            wait = _seconds(value, clock)
        if wait is not None:
            return max(0.0, wait)
    return None


def server_reason(error: MastodonError, hide: Sequence[str] = ()) -> str | None:
    """The reason the server gave (its JSON ``error``), short, without the secrets in ``hide``."""
    reason: object = error.args[3] if len(error.args) > 3 else None
    if not isinstance(reason, str) or not reason.strip():
        return None
    text = " ".join(reason.split())
    for secret in hide:
        if secret:
            text = text.replace(secret, "***")
    return text if len(text) <= _REASON_LIMIT else text[: _REASON_LIMIT - 1] + "…"


def _status(error: MastodonError) -> int | None:
    """The HTTP status of an API error (Mastodon.py puts it second among the arguments)."""
    status = error.args[1] if len(error.args) > 1 else None
    return status if isinstance(status, int) else None


def translate(
    error: MastodonError,
    *,
    write: bool,
    last_status: int | None = None,
    headers: Mapping[str, str] | None = None,
    hide: Sequence[str] = (),
) -> NetworkError:
    """The govsm error for what Mastodon.py raised.

    :param error: the Mastodon.py error.
    :param write: the call could have changed something on the server (a post, a deletion): an
        answer lost after the request left is then :class:`OutcomeUnknown`, not transient.
    :param last_status: the HTTP status of the last answer, when one came.
    :param headers: the headers of the last answer (for the wait of a 429).
    :param hide: secrets never to quote.
    """
    if isinstance(error, MastodonRatelimitError):
        if last_status == 429:
            return _rate_limited(headers or {})
        # the answer came but its rate-limit headers could not be read
        return _lost() if write else TransientError(NETWORK)
    if isinstance(error, MastodonNetworkError):
        if write and reached_server(error):
            return _lost()
        return TransientError(
            NETWORK,
            "no se pudo hablar con la instancia de Mastodon (conexión rechazada, nombre "
            "desconocido o sin respuesta): se volverá a intentar",
            "could not talk to the Mastodon instance (connection refused, unknown name or no "
            "answer): it will be tried again",
        )
    if isinstance(error, MastodonIllegalArgumentError):
        return PermanentRejection(
            NETWORK,
            "Mastodon.py rechaza los datos de la petición",
            "Mastodon.py refuses the request's data",
        )
    if isinstance(error, MastodonAPIError):
        return _from_status(error, _status(error), write, hide)
    return _lost() if write else TransientError(NETWORK)


def _quoted(reason: str | None) -> tuple[str, str]:
    """`` : «reason»`` in Spanish and English, or nothing."""
    if reason is None:
        return "", ""
    return f": «{reason}»", f": '{reason}'"


def _from_status(
    error: MastodonError, status: int | None, write: bool, hide: Sequence[str]
) -> NetworkError:
    """The error for an HTTP status (``None``: the answer could not be read)."""
    es_reason, en_reason = _quoted(server_reason(error, hide))
    if status is None:
        if write:
            return OutcomeUnknown(
                NETWORK,
                "la instancia respondió algo ilegible: no se sabe si se publicó",
                "the instance answered something unreadable: whether it was published is unknown",
            )
        return TransientError(
            NETWORK,
            "la instancia respondió algo ilegible",
            "the instance answered something unreadable",
        )
    if isinstance(error, MastodonUnauthorizedError) or status in (401, 403):
        return AuthenticationExpired(
            NETWORK,
            f"Mastodon rechaza el token de acceso (HTTP {status}{es_reason}): renuévelo o "
            "revise sus permisos",
            f"Mastodon refuses the access token (HTTP {status}{en_reason}): renew it or check "
            "its scopes",
        )
    if status >= 500 or status == 408:
        return TransientError(
            NETWORK,
            f"la instancia de Mastodon falló de forma pasajera (HTTP {status}{es_reason})",
            f"the Mastodon instance failed for a while (HTTP {status}{en_reason})",
        )
    return PermanentRejection(
        NETWORK,
        f"Mastodon rechaza la petición (HTTP {status}{es_reason})",
        f"Mastodon refuses the request (HTTP {status}{en_reason})",
    )


def _rate_limited(headers: Mapping[str, str]) -> RateLimited:
    """:class:`RateLimited` with the wait the headers ask for."""
    wait = retry_after(headers)
    if wait is None:
        return RateLimited(NETWORK)
    return RateLimited(
        NETWORK,
        f"Mastodon pide esperar {wait:.0f} s antes de volver a intentarlo (límite de peticiones)",
        f"Mastodon asks to wait {wait:.0f} s before trying again (rate limit)",
        retry_after=wait,
    )


def _lost() -> OutcomeUnknown:
    """:class:`OutcomeUnknown`: the request left and its answer did not come."""
    return OutcomeUnknown(
        NETWORK,
        "la petición salió hacia la instancia de Mastodon y no llegó respuesta: no se sabe si "
        "se hizo",
        "the request left for the Mastodon instance and no answer came: whether it was done is "
        "unknown",
    )
