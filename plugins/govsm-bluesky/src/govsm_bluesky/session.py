# mypy: disable-error-code="import-untyped"
"""The account's session: log in with the app password, refresh, and retry once when refused.

``com.atproto.server.createSession`` (at the service the account logs in to) gives an access
token (short-lived, sent with every write) and a refresh token (long-lived, exchanged at the
account's PDS with ``com.atproto.server.refreshSession`` for a new pair). :class:`Account`:

* logs in on the first call that needs it, not before (no AppView, no profile lookup);
* refreshes the session a minute before the access token expires, and again when the server
  answers ``ExpiredToken``, ``InvalidToken`` or 401; when the refresh token is refused too, it
  logs in again with the app password; when that is refused, the call raises
  :class:`~govsm.spec.network_errors.AuthenticationExpired`;
* never replaces a refresh token with an empty one (a server that sends none keeps the old one);
* never shows a token or the password: not in its repr, not in a log line, not in an error.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from atproto_client.exceptions import RequestErrorBase
from atproto_server.auth.jwt import get_jwt_payload
from attrs import define, field

from govsm.spec import AuthenticationExpired, PermanentRejection
from govsm_bluesky.errors import NETWORK, is_token_error, reason, translated
from govsm_bluesky.identity import Identity, Resolver
from govsm_bluesky.xrpc import Xrpc

T = TypeVar("T")

log = logging.getLogger(__name__)

REFRESH_MARGIN = 60.0
"""Seconds before the access token's expiry at which the session is refreshed."""

FULL_ACCESS_SCOPE = "com.atproto.access"
"""The scope of a session opened with the account's own password, not an app password."""


def _expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT (epoch seconds), read without checking the signature."""
    try:
        payload: Any = get_jwt_payload(token)
    except Exception:  # a token the SDK cannot read is simply not refreshed ahead of time
        return None
    exp = getattr(payload, "exp", None)
    return float(exp) if isinstance(exp, int | float) else None


def _scope(token: str) -> str | None:
    """The ``scope`` claim of a JWT, read without checking the signature."""
    try:
        payload: Any = get_jwt_payload(token)
    except Exception:
        return None
    scope = getattr(payload, "scope", None)
    return str(scope) if scope else None


@define(repr=False)
class Tokens:
    """The session's tokens (never shown).

    :param access: the access JWT.
    :param refresh: the refresh JWT.
    :param did: the account the session is for.
    :param handle: its handle, as the server said.
    """

    access: str = field(repr=False)
    refresh: str = field(repr=False)
    did: str
    handle: str

    def __repr__(self) -> str:
        return f"Tokens(did={self.did!r}, handle={self.handle!r}, access='***', refresh='***')"

    def expiring(self, now: float) -> bool:
        """Whether the access token expires within :data:`REFRESH_MARGIN` seconds of ``now``."""
        expiry = _expiry(self.access)
        return expiry is not None and expiry - now < REFRESH_MARGIN

    def header(self) -> dict[str, str]:
        """The ``Authorization`` header of a call made with the access token."""
        return {"Authorization": f"Bearer {self.access}"}


class Account:
    """The organisation's account: who it is, where its PDS is, and its session.

    :param handle: the account's handle (without ``@``).
    :param password: its app password (never shown).
    :param service: where it logs in (``https://bsky.social``, or a self-hosted PDS).
    :param resolver: resolves the handle to the account's DID and PDS.
    :param seconds: the timeout of every request.
    """

    def __init__(
        self, handle: str, password: str, service: Xrpc, resolver: Resolver, seconds: float
    ) -> None:
        self.handle = handle
        self._password = password
        self._service = service
        self._resolver = resolver
        self._seconds = seconds
        self._lock = threading.RLock()
        self._identity: Identity | None = None
        self._pds: Xrpc | None = None
        self._tokens: Tokens | None = None

    def __repr__(self) -> str:
        return f"Account(handle={self.handle!r}, service={self._service.url!r})"

    __str__ = __repr__

    def identity(self) -> Identity:
        """The account's DID, handle and PDS, resolved once.

        :raises PermanentRejection: the handle does not resolve to an account.
        :raises TransientError: a lookup could not be made.
        """
        with self._lock:
            if self._identity is None:
                self._identity = self._resolver.identity(self.handle)
            return self._identity

    def pds(self) -> Xrpc:
        """The account's PDS, for calls that need no session (reads are public)."""
        with self._lock:
            if self._pds is None:
                self._pds = Xrpc(self.identity().pds, self._seconds)
            return self._pds

    def call(self, request: Callable[[Xrpc, Mapping[str, str]], T]) -> T:
        """Make ``request`` on the PDS with the session's ``Authorization`` header.

        The session is opened, or refreshed when its access token is about to expire. A token
        the server refuses is renewed once (refresh, else a new login) and ``request`` made
        again; its own errors pass through untouched.

        :param request: called with the PDS and the headers.
        :raises AuthenticationExpired: the app password itself is refused.
        """
        tokens = self._session()
        try:
            return request(self.pds(), tokens.header())
        except RequestErrorBase as error:
            if not is_token_error(error):
                raise
            log.info("bluesky: the PDS refused the session's token; renewing the session")
        return request(self.pds(), self._renew(tokens).header())

    def login(self) -> Tokens:
        """Open a new session with the app password, replacing the current one.

        This is what checks the credentials themselves: a session already open stays valid
        until its access token expires (two hours on the PDS), even when the app password it
        came from has been revoked since.

        :raises AuthenticationExpired: the app password is refused (the session is dropped).
        """
        return self._login()

    def _session(self) -> Tokens:
        with self._lock:
            tokens = self._tokens
            if tokens is None:
                return self._login()
            if tokens.expiring(time.time()):
                return self._renew(tokens)
            return tokens

    def _renew(self, stale: Tokens) -> Tokens:
        """A fresh session: refresh ``stale``, or log in again when its refresh token is refused."""
        with self._lock:
            if self._tokens is not None and self._tokens is not stale:
                return self._tokens  # another thread renewed it meanwhile
            try:
                with translated(write=False):
                    answer = self.pds().procedure(
                        "com.atproto.server.refreshSession",
                        headers={"Authorization": f"Bearer {stale.refresh}"},
                    )
            except AuthenticationExpired:
                log.info("bluesky: the refresh token was refused; logging in again")
                return self._login()
            return self._keep(answer, stale)

    def _login(self) -> Tokens:
        """Open a session with the app password (``createSession`` at the service).

        The account's identity is resolved again first: a handle can move to another account,
        and an account to another PDS, during a long-running worker's life.
        """
        with self._lock:
            identity = self._resolver.identity(self.handle)
            if identity != self._identity:
                self.close()
                self._identity = identity
            try:
                with translated(write=False):
                    answer = self._create_session(identity.did)
            except AuthenticationExpired as refused:
                self._tokens = None
                handle = self.handle
                raise AuthenticationExpired(
                    NETWORK,
                    f"Bluesky no acepta la contraseña de aplicación de «{handle}» ({refused.es})",
                    f"Bluesky does not accept the app password of '{handle}' ({refused.en})",
                ) from None
            tokens = self._keep(answer, None)
            if tokens.did != identity.did:
                self._tokens = None
                raise PermanentRejection(
                    NETWORK,
                    f"el servicio abrió una sesión de «{tokens.did}», no de «{identity.did}»",
                    f"the service opened a session for '{tokens.did}', not for '{identity.did}'",
                )
            if _scope(tokens.access) == FULL_ACCESS_SCOPE:
                log.warning(
                    "bluesky: %s logged in with the account's own password; create an app "
                    "password (Settings > Privacy and security > App passwords) instead",
                    self.handle,
                )
            return tokens

    def _create_session(self, did: str) -> dict[str, Any]:
        try:
            return self._service.procedure(
                "com.atproto.server.createSession",
                {"identifier": did, "password": self._password},
            )
        except RequestErrorBase as error:
            # the login's refusal is the credentials' refusal, whatever its status
            if error.response is not None and 400 <= error.response.status_code < 500:
                status = error.response.status_code
                if status != 429:
                    raise AuthenticationExpired(
                        NETWORK, f"«{reason(error)}»", f"'{reason(error)}'"
                    ) from None
            raise

    def _keep(self, answer: Mapping[str, Any], previous: Tokens | None) -> Tokens:
        """Keep the session ``answer`` holds; a missing refresh token keeps ``previous``'s."""
        access = answer.get("accessJwt")
        refresh = answer.get("refreshJwt") or (previous.refresh if previous else None)
        if not isinstance(access, str) or not access or not isinstance(refresh, str):
            raise AuthenticationExpired(
                NETWORK,
                "Bluesky no devolvió una sesión válida",
                "Bluesky did not return a valid session",
            )
        did = str(answer.get("did") or (previous.did if previous else ""))
        handle = str(answer.get("handle") or (previous.handle if previous else self.handle))
        self._tokens = Tokens(access=access, refresh=refresh, did=did, handle=handle)
        return self._tokens

    def close(self) -> None:
        """Close the PDS's connections (the service's and the resolver's are the adapter's)."""
        with self._lock:
            if self._pds is not None:
                self._pds.close()
                self._pds = None
