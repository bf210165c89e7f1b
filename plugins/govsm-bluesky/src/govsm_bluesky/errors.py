# mypy: disable-error-code="import-untyped"
"""What the PDS and the transport answered, as govsm's network errors.

The SDK raises its own errors (:mod:`atproto_client.exceptions`) with the XRPC error's name and
message; transport failures come from httpx. :func:`translate` turns each into one of
:mod:`govsm.spec.network_errors`:

* 429 → :class:`~govsm.spec.network_errors.RateLimited`, waiting what ``Retry-After`` asks, or
  until ``RateLimit-Reset`` (epoch seconds) when only that is sent;
* 401 and 403, and the token errors of a 400 (``ExpiredToken``, ``InvalidToken``) →
  :class:`~govsm.spec.network_errors.AuthenticationExpired` (the session layer has already tried
  to refresh the session and to log in again before it lets one through);
* other 400s (``InvalidRequest``…) and 4xx, and 413 → :class:`~govsm.spec.network_errors.
  PermanentRejection` with the server's reason;
* 5xx and 502 → :class:`~govsm.spec.network_errors.TransientError`;
* no answer: a connection that never opened → ``TransientError``; a request that left and got
  no answer (a read timeout, a connection reset) → :class:`~govsm.spec.network_errors.
  OutcomeUnknown` when it was a write, ``TransientError`` when it only read.

Messages quote the server's error name and message, never a request, a token or a password.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from atproto_client.exceptions import (
    BadRequestError,
    RateLimitExceededError,
    RequestErrorBase,
    UnauthorizedError,
)
from atproto_client.models.common import XrpcError

from govsm.spec import (
    AuthenticationExpired,
    NetworkError,
    OutcomeUnknown,
    PermanentRejection,
    RateLimited,
    TransientError,
)

NETWORK = "bluesky"
"""The channel's id, as every error names it."""

TOKEN_ERRORS = frozenset({"ExpiredToken", "InvalidToken"})
"""The XRPC errors of a 400 that mean the session's token is no longer accepted."""

REASON_LIMIT = 300
"""At most this many characters of the server's reason are quoted."""

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
"""Transport failures that happen before any byte of the request left."""


def reason(error: RequestErrorBase) -> str:
    """The server's reason: the XRPC error's name and message, or the HTTP status.

    :param error: an SDK error that carries the server's response.
    :return: e.g. ``InvalidRequest: Invalid app.bsky.feed.post record: …``.
    """
    response = error.response
    if response is None:
        return type(error).__name__
    content = response.content
    if isinstance(content, XrpcError):
        said = f"{content.error}: {content.message}" if content.message else str(content.error)
    else:
        said = f"HTTP {response.status_code}"
    return said if len(said) <= REASON_LIMIT else said[: REASON_LIMIT - 1] + "…"


def error_name(error: BaseException) -> str | None:
    """The XRPC error's name (``InvalidToken``…) of an SDK error, if the server gave one."""
    if not isinstance(error, RequestErrorBase) or error.response is None:
        return None
    content = error.response.content
    if isinstance(content, XrpcError):
        return str(content.error)
    return None


def status_of(error: BaseException) -> int | None:
    """The HTTP status of an SDK error, if a response came."""
    if isinstance(error, RequestErrorBase) and error.response is not None:
        return int(error.response.status_code)
    return None


def is_token_error(error: BaseException) -> bool:
    """Whether the server refused the session's access token (expired, invalid or missing).

    :param error: what a call raised.
    """
    if isinstance(error, UnauthorizedError):
        return True
    return isinstance(error, BadRequestError) and error_name(error) in TOKEN_ERRORS


def retry_after(error: RateLimitExceededError) -> float | None:
    """Seconds to wait after a 429: ``Retry-After``, else until ``RateLimit-Reset``.

    :return: never negative; ``None`` when the server said neither.
    """
    seconds: Any = error.retry_after
    if isinstance(seconds, float | int) and math.isfinite(seconds):
        return max(0.0, float(seconds))
    reset: Any = error.reset_at
    if reset is not None:
        return max(0.0, float(reset.timestamp()) - time.time())
    return None


def _transport(error: BaseException) -> httpx.TransportError | None:
    """The httpx transport error behind ``error`` (itself, or what the SDK wrapped)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, httpx.TransportError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def translate(error: BaseException, *, write: bool) -> NetworkError:
    """The govsm error for what a call to the network raised.

    :param error: an SDK error, an httpx error, or already a govsm network error.
    :param write: the call changes something on the network (a post, a blob, a deletion): a
        request that left without an answer is then :class:`OutcomeUnknown`.
    :return: the error to raise (``raise translate(exc, write=…) from None``).
    """
    if isinstance(error, NetworkError):
        return error
    if isinstance(error, RateLimitExceededError):
        return RateLimited(NETWORK, retry_after=retry_after(error))
    status = status_of(error)
    if status is not None and isinstance(error, RequestErrorBase):
        said = reason(error)
        if status in (401, 403) or is_token_error(error):
            return AuthenticationExpired(
                NETWORK,
                f"Bluesky rechaza las credenciales: «{said}»; renueve la contraseña de aplicación",
                f"Bluesky refuses the credentials: '{said}'; renew the app password",
            )
        if status >= 500:
            return TransientError(
                NETWORK,
                f"Bluesky falló de forma pasajera: «{said}»",
                f"Bluesky failed for a while: '{said}'",
            )
        return PermanentRejection(
            NETWORK,
            f"Bluesky rechaza la petición: «{said}»",
            f"Bluesky refuses the request: '{said}'",
        )
    transport = _transport(error)
    kind = type(transport or error).__name__
    if transport is None or isinstance(transport, _NOT_SENT) or not write:
        return TransientError(
            NETWORK,
            f"no se pudo hablar con Bluesky ({kind}); no se envió nada",
            f"Bluesky could not be reached ({kind}); nothing was sent",
        )
    return OutcomeUnknown(
        NETWORK,
        f"la petición salió hacia Bluesky y no llegó respuesta ({kind})",
        f"the request left for Bluesky and no answer came ({kind})",
    )


@contextmanager
def translated(*, write: bool) -> Iterator[None]:
    """Raise govsm's error for whatever the network or the transport raises inside.

    The original error is not chained (``from None``): httpx's errors hold the request, and a
    request may hold a token.

    :param write: the calls inside change something on the network (see :func:`translate`).
    """
    try:
        yield
    except NetworkError:
        raise
    except (RequestErrorBase, httpx.HTTPError) as error:
        raise translate(error, write=write) from None
