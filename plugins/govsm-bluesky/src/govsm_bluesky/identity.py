# mypy: disable-error-code="import-untyped"
"""Who an account is and where its data lives: handle → DID → DID document → PDS.

A handle (``ajuntament.bsky.social``) names an account; its DID (``did:plc:…``) identifies it for
good; the DID document says which personal data server (PDS) holds its repository. The atproto
SDK's resolvers do the work, each request with a timeout:

* handle → DID: DNS (``_atproto.<handle>`` TXT) or HTTPS (``/.well-known/atproto-did``), as
  https://atproto.com/specs/handle describes; when neither answers, the service's
  ``com.atproto.identity.resolveHandle`` (which knows the handles it hosts);
* DID → document: the PLC directory for ``did:plc:``, the domain for ``did:web:``;
* the account's own handle is confirmed both ways: the document must claim it
  (``alsoKnownAs``), or the adapter refuses to act for it.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
from atproto_client.exceptions import BadRequestError
from atproto_core.exceptions import AtProtocolError
from atproto_identity.exceptions import DidPlcResolverError, DidWebResolverError
from atproto_identity.resolver import IdResolver
from attrs import frozen

from govsm.errors import ConfigError
from govsm.spec import PermanentRejection, TransientError
from govsm_bluesky.errors import NETWORK
from govsm_bluesky.xrpc import Xrpc, base_url

CACHE_SIZE = 1024
"""How many resolved handles and DIDs an adapter remembers."""

CACHE_SECONDS = 3600.0
"""How long a resolved handle or DID document is remembered: a handle can move to another
account, and an account to another PDS."""


@frozen
class Identity:
    """An account: its DID, its handle and the PDS that holds its repository.

    :param did: ``did:plc:…`` or ``did:web:…``.
    :param handle: the handle, as the DID document claims it.
    :param pds: the PDS's base address (``https://…``).
    """

    did: str
    handle: str
    pds: str


def _unresolved(what: str) -> TransientError:
    return TransientError(
        NETWORK,
        f"no se pudo consultar la identidad de «{what}» (directorio PLC o DNS)",
        f"the identity of '{what}' could not be looked up (PLC directory or DNS)",
    )


class Resolver:
    """Resolves handles and DIDs with the SDK's resolvers, remembering what it found.

    :param service: the service the account logs in to (asked ``resolveHandle`` last).
    :param plc: the PLC directory's address.
    :param seconds: the timeout of each lookup.
    """

    def __init__(self, service: Xrpc, plc: str, seconds: float) -> None:
        self._service = service
        self._ids = IdResolver(plc_url=base_url(plc, "PLC directory"), timeout=seconds)
        self._dids = _Cache()
        self._docs = _Cache()

    def did_of(self, handle: str) -> str | None:
        """The DID ``handle`` resolves to, or ``None`` when it resolves to none.

        :raises TransientError: the service could not be asked.
        """
        key = handle.lower()
        known = self._dids.get(key)
        if isinstance(known, str):
            return known
        found: object = self._ids.handle.resolve(key)
        if not isinstance(found, str) or not found.startswith("did:"):
            try:
                answer = self._service.query("com.atproto.identity.resolveHandle", {"handle": key})
            except BadRequestError:
                return None
            except (AtProtocolError, httpx.HTTPError):
                raise _unresolved(handle) from None
            found = answer.get("did")
        if not isinstance(found, str) or not found.startswith("did:"):
            return None
        self._dids.put(key, found)
        return found

    def document(self, did: str) -> Any:
        """The DID document of ``did`` (the SDK's ``DidDocument``), or ``None``.

        :raises TransientError: the PLC directory (or the ``did:web`` domain) did not answer.
        """
        known = self._docs.get(did)
        if known is not None:
            return known
        try:
            document = self._ids.did.resolve(did)
        except (DidPlcResolverError, DidWebResolverError, httpx.HTTPError):
            raise _unresolved(did) from None
        except AtProtocolError:  # not a DID, or a method other than plc and web
            return None
        if document is not None:
            self._docs.put(did, document)
        return document

    def handle_of(self, did: str) -> str | None:
        """The handle ``did``'s document claims, or ``None``.

        :raises TransientError: the document could not be looked up.
        """
        document = self.document(did)
        handle = document.get_handle() if document is not None else None
        return str(handle) if handle else None

    def pds_of(self, did: str) -> str:
        """The address of the PDS that holds ``did``'s repository.

        :raises PermanentRejection: the DID has no document, names no PDS, or names one over
            plain ``http`` on another machine.
        :raises TransientError: the document could not be looked up.
        """
        document = self.document(did)
        endpoint = document.get_pds_endpoint() if document is not None else None
        if not endpoint:
            raise PermanentRejection(
                NETWORK,
                f"el documento DID de «{did}» no indica ningún servidor (PDS)",
                f"the DID document of '{did}' names no server (PDS)",
            )
        try:
            return base_url(str(endpoint), "PDS")
        except ConfigError as refused:
            raise PermanentRejection(NETWORK, refused.es, refused.en) from None

    def identity(self, handle: str) -> Identity:
        """The account ``handle`` names, confirmed by its DID document.

        :raises PermanentRejection: the handle resolves to no DID, or its document does not
            claim it, or names no usable PDS.
        :raises TransientError: a lookup could not be made.
        """
        did = self.did_of(handle)
        if did is None:
            raise PermanentRejection(
                NETWORK,
                f"el identificador «{handle}» no corresponde a ninguna cuenta de Bluesky",
                f"the handle '{handle}' resolves to no Bluesky account",
            )
        claimed = self.handle_of(did)
        if claimed is None or claimed.lower() != handle.lower():
            raise PermanentRejection(
                NETWORK,
                f"el documento DID de «{did}» no confirma el identificador «{handle}»",
                f"the DID document of '{did}' does not confirm the handle '{handle}'",
            )
        return Identity(did=did, handle=claimed, pds=self.pds_of(did))

    def close(self) -> None:
        """Close the resolvers' connections (the SDK keeps one HTTP client per resolver)."""
        clients = [getattr(self._ids.handle, "_http_client", None)]
        methods = getattr(self._ids.did, "_methods", {})
        clients += [getattr(method, "_client", None) for method in dict(methods).values()]
        for client in clients:
            if isinstance(client, httpx.Client):
                client.close()


class _Cache:
    """What was resolved, for :data:`CACHE_SECONDS`, at most :data:`CACHE_SIZE` entries."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, Any]] = {}

    def get(self, key: str) -> Any:
        """The value kept under ``key``, or ``None`` when there is none or it is too old."""
        entry = self._entries.get(key)
        if entry is None or time.monotonic() - entry[0] > CACHE_SECONDS:
            return None
        return entry[1]

    def put(self, key: str, value: Any) -> None:
        """Keep ``value`` under ``key``, forgetting the oldest entry past :data:`CACHE_SIZE`."""
        self._entries.pop(key, None)
        if len(self._entries) >= CACHE_SIZE:
            self._entries.pop(next(iter(self._entries)))
        self._entries[key] = (time.monotonic(), value)
