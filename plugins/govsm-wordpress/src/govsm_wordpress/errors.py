"""What WordPress answered, and what httpx raised, as govsm's network errors.

* 429 → :class:`~govsm.spec.network_errors.RateLimited`, with ``Retry-After`` (seconds or an
  HTTP date) when the server sent it. WordPress itself never limits; hosts and security plugins
  do.
* 401 → :class:`~govsm.spec.network_errors.AuthenticationExpired`: WordPress did not recognise
  the user and Application Password (revoked, mistyped, or the user deleted), so it answers as
  to an anonymous visitor.
* 403 → :class:`~govsm.spec.network_errors.PermanentRejection`, with WordPress's message: the
  credentials *were* accepted, but the user's role may not do this (``rest_cannot_create``,
  ``rest_cannot_publish``…). A new password would not help; a different role would.
* 3xx → :class:`~govsm.spec.network_errors.PermanentRejection`: the profile's address is not the
  site's (``http`` redirected to ``https``, another host). Redirects are never followed: the
  Application Password must not travel to an address nobody configured.
* other 4xx → :class:`~govsm.spec.network_errors.PermanentRejection`, quoting WordPress's
  ``message``.
* 500 ``rest_upload_sideload_error`` → :class:`~govsm.spec.network_errors.PermanentRejection`:
  WordPress answers a file type it refuses with status 500 (checked on 6.1); retrying cannot
  help.
* other 5xx → :class:`~govsm.spec.network_errors.TransientError`.
* a connection refused, a DNS failure, a timeout before the request left →
  :class:`~govsm.spec.network_errors.TransientError`; a timeout or a broken connection *after*
  the post was sent → :class:`~govsm.spec.network_errors.OutcomeUnknown` (only for the request
  that creates the post; elsewhere nothing is lost by asking again).

Messages quote WordPress's reason only: never a header, a URL with its query, or the password.
"""

from __future__ import annotations

import email.utils
import math
import re
from datetime import UTC, datetime
from typing import Any

import httpx
from attrs import frozen

from govsm.spec import (
    AuthenticationExpired,
    NetworkError,
    OutcomeUnknown,
    PermanentRejection,
    RateLimited,
    TransientError,
)

#: the channel id named in every error
NETWORK = "blog"

#: the longest reason quoted from WordPress (characters)
REASON_LIMIT = 300

#: error codes WordPress sends with a 5xx although retrying cannot help
PERMANENT_CODES = frozenset({"rest_upload_sideload_error"})

_TAGS = re.compile(r"<[^>]*>")


@frozen
class Action:
    """What a request was for, in both languages, for the error messages.

    :param es: e.g. ``publicar la entrada``.
    :param en: e.g. ``publishing the post``.
    """

    es: str
    en: str


def reason_of(response: httpx.Response) -> str:
    """WordPress's reason for an error answer: its ``message`` (and ``code``), tags removed.

    :param response: the answer.
    :return: the reason, at most :data:`REASON_LIMIT` characters; the HTTP status phrase when
        the body is not WordPress's JSON.
    """
    message = code = ""
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        message = str(body.get("message") or "")
        code = str(body.get("code") or "")
    text = " ".join(_TAGS.sub(" ", message).split())
    if code and text:
        text = f"{text} [{code}]"
    if not text:
        text = code or response.reason_phrase or f"HTTP {response.status_code}"
    if len(text) > REASON_LIMIT:
        text = text[: REASON_LIMIT - 1] + "…"
    return text


def error_code(response: httpx.Response) -> str | None:
    """WordPress's error ``code`` (``rest_post_invalid_id``…), if the body is its JSON.

    :param response: the answer.
    :return: the code, or ``None``.
    """
    try:
        body: Any = response.json()
    except ValueError:
        return None
    return str(body["code"]) if isinstance(body, dict) and body.get("code") else None


def retry_after(response: httpx.Response, now: datetime | None = None) -> float | None:
    """The wait a 429 (or 503) asked for: ``Retry-After`` in seconds or as an HTTP date.

    :param response: the answer.
    :param now: the present moment (for an HTTP date).
    :return: seconds, or ``None`` when the header is absent or unreadable.

    >>> retry_after(httpx.Response(429, headers={"Retry-After": "7"}))
    7.0
    """
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def error_for(response: httpx.Response, action: Action) -> NetworkError:
    """The error an unsuccessful answer stands for.

    :param response: an answer whose status is not 2xx.
    :param action: what the request was for.
    :return: the error, to raise.
    """
    status = response.status_code
    reason = reason_of(response)
    said_es = f"WordPress respondió {status} al {action.es}: «{reason}»"
    said_en = f"WordPress answered {status} when {action.en}: '{reason}'"
    if status == 429:
        return RateLimited(
            NETWORK,
            f"{said_es}; hay que esperar antes de volver a intentarlo",
            f"{said_en}; wait before trying again",
            retry_after=retry_after(response),
        )
    if status == 401:
        return AuthenticationExpired(
            NETWORK,
            f"{said_es}. WordPress no reconoce al usuario con esa contraseña de aplicación "
            "(revocada, mal copiada o de otro usuario): cree una nueva en Usuarios → Perfil",
            f"{said_en}. WordPress does not recognise the user with that Application Password "
            "(revoked, mistyped or another user's): create a new one in Users → Profile",
        )
    if status == 403:
        return PermanentRejection(
            NETWORK,
            f"{said_es}. La contraseña es válida, pero el rol del usuario no lo permite: "
            "dele el rol de Autor o de Editor",
            f"{said_en}. The password is valid but the user's role does not allow it: give "
            "the user the Author or Editor role",
        )
    if 300 <= status < 400:
        where = response.headers.get("Location", "?").split("?", 1)[0]
        return PermanentRejection(
            NETWORK,
            f"el sitio redirige ({status}) a {where} al {action.es}: ponga esa dirección en "
            "el «url» del perfil (las redirecciones no se siguen, para no enviar la "
            "contraseña a otra dirección)",
            f"the site redirects ({status}) to {where} when {action.en}: put that address in "
            "the profile's 'url' (redirects are not followed, so that the password never "
            "goes to another address)",
        )
    if 400 <= status < 500 or error_code(response) in PERMANENT_CODES:
        return PermanentRejection(NETWORK, said_es, said_en)
    return TransientError(NETWORK, said_es, said_en)


def transport_error(error: httpx.HTTPError, action: Action, *, sent_post: bool) -> NetworkError:
    """The error a failed exchange stands for (no answer came).

    :param error: what httpx raised.
    :param action: what the request was for.
    :param sent_post: the request creates the post, so a lost answer leaves its outcome
        unknown.
    :return: the error, to raise.
    """
    kind = type(error).__name__
    before_sending = isinstance(
        error,
        httpx.ConnectError
        | httpx.ConnectTimeout
        | httpx.PoolTimeout
        | httpx.UnsupportedProtocol
        | httpx.ProxyError
        | httpx.WriteError
        | httpx.WriteTimeout,
    )
    if sent_post and not before_sending:
        return OutcomeUnknown(
            NETWORK,
            f"la petición para {action.es} salió y no llegó respuesta ({kind}): no se sabe "
            "si la entrada se publicó",
            f"the request for {action.en} left and no answer came ({kind}): whether the post "
            "was published is unknown",
        )
    return TransientError(
        NETWORK,
        f"no se pudo hablar con el sitio WordPress al {action.es} ({kind})",
        f"could not reach the WordPress site when {action.en} ({kind})",
    )


def foreign_cursor() -> PermanentRejection:
    """The error for a cursor this plugin did not write (or an older, unknown form).

    :return: the error, to raise.
    """
    return PermanentRejection(
        NETWORK,
        "el cursor guardado no es de este complemento de WordPress: bórrelo para leer desde "
        "el principio",
        "the stored cursor was not written by this WordPress plugin: remove it to read from "
        "the start",
    )
