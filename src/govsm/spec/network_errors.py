"""The errors every network adapter raises, so the outbox treats every network alike.

An adapter turns what its network answered into one of these; the publishing worker decides
from the *type* alone what happens next:

* :class:`RateLimited` — waits (``retry_after`` when the network said, else backs off with
  jitter) and tries again;
* :class:`TransientError` — backs off with jitter and tries again (5xx, a connection refused
  before the request left);
* :class:`OutcomeUnknown` — the request left and no answer came: asks the network (by
  idempotency key, or by content and time) *before* any retry;
* :class:`AuthenticationExpired` — fails the item; a person renews the credentials and retries
  it;
* :class:`PermanentRejection` — fails the item with the network's reason.

Messages are bilingual like every :class:`~govsm.errors.GovsmError`, and never contain a
credential: an adapter quotes the network's *reason*, not its request.

>>> RateLimited("x", retry_after=30).retry_after
30.0
"""

from __future__ import annotations

from govsm.errors import GovsmError


class NetworkError(GovsmError):
    """Base class of the errors an adapter raises about its network.

    :param network: the channel's id (``mastodon``), named in the message.
    :param es: what happened, in Spanish (default: a generic sentence of the subclass).
    :param en: the same in English.
    """

    exit_code = 1
    _es = "la red respondió con un error"
    _en = "the network answered with an error"

    def __init__(self, network: str, es: str | None = None, en: str | None = None) -> None:
        self.network = network
        super().__init__(es or self._es, en or self._en, where=network)


class RateLimited(NetworkError):
    """The network asked to slow down (HTTP 429, or a rate-limit header at zero).

    :param retry_after: seconds the network asked to wait, when it said (``Retry-After``,
        ``x-ratelimit-reset``); ``None`` to back off with jitter.
    """

    _es = "la red pide esperar antes de volver a publicar (límite de peticiones)"
    _en = "the network asks to wait before publishing again (rate limit)"

    def __init__(
        self,
        network: str,
        es: str | None = None,
        en: str | None = None,
        *,
        retry_after: float | None = None,
    ) -> None:
        self.retry_after = None if retry_after is None else max(0.0, float(retry_after))
        super().__init__(network, es, en)


class TransientError(NetworkError):
    """A passing failure that did not publish anything: a 5xx, a refused connection."""

    _es = "la red falló de forma pasajera"
    _en = "the network failed for a while"


class OutcomeUnknown(NetworkError):
    """The request left and no answer came (a timeout, a connection reset after sending).

    The post may or may not exist: the worker asks the network before trying again.
    """

    _es = "la petición salió y no llegó respuesta: no se sabe si se publicó"
    _en = "the request left and no answer came: whether it was published is unknown"


class AuthenticationExpired(NetworkError):
    """The credentials were refused (expired or revoked token): a person must renew them."""

    _es = "la red rechaza las credenciales (caducadas o revocadas): renuévelas"
    _en = "the network refuses the credentials (expired or revoked): renew them"


class PermanentRejection(NetworkError):
    """The network refused the post for good (too long, forbidden media, duplicate text…)."""

    _es = "la red rechaza la publicación"
    _en = "the network refuses the post"
