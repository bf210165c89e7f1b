"""Reading a source: over HTTP(S) with timeouts, a byte cap and checked addresses, or from disk.

Over HTTP, every hop — the source's URL and each redirect, at most :data:`MAX_REDIRECTS` — is
resolved once and **every** address checked by the webhooks' guard against server-side request
forgery (:mod:`govsm.net.addresses`): private, loopback, link-local and other non-public
addresses are refused unless the source says ``allow_private = true``. The request then goes to
a checked address (the ``Host`` header and the TLS server name carry the name), so a second
lookup cannot answer differently. Proxies from the environment are not used; a redirect to
anything but ``http(s)`` is refused. The source's ``timeout_seconds`` bounds every phase of
every request *and* the whole read (a server that drips a byte at a time is cut off), and its
``max_bytes`` bounds the body once decompressed (:mod:`govsm.curation.decoding`).

A ``file:`` source is read from the workspace: the file, links followed, must be inside it or
inside a folder ``[paths] allow`` names, and be a regular file (not a device or a pipe).
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import httpx
from attrs import field, frozen

from govsm._version import __version__
from govsm.curation.decoding import ACCEPTED, Body, Damaged, TooLarge, Unsupported, encoding_of
from govsm.curation.errors import SourceError
from govsm.model import Bilingual
from govsm.net.addresses import (
    Address,
    AddressRefused,
    HostNotFound,
    Resolver,
    checked_addresses,
    refusal,
    system_resolver,
)
from govsm.workspace.patterns import readable
from govsm.workspace.sources_config import FeedSource

#: the ``User-Agent`` of every request
USER_AGENT = f"govsm/{__version__} (curation)"

#: the redirects followed, at most
MAX_REDIRECTS = 5

#: what the requests accept
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1"
)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})

#: judges one address: why it may not be reached, or ``None``
Guard = Callable[[Address], Bilingual | None]


@frozen
class Fetched:
    """A source's bytes, as read.

    :param source: the source's id.
    :param location: where they were read, as messages show it (a URL without its query, or
        the ``file:`` path).
    :param body: the bytes, decompressed.
    :param content_type: the ``Content-Type`` the server sent, if any.
    :param base: the URL relative links in the feed are resolved against (the last one
        requested), for a source read over HTTP; not shown in ``repr``.
    """

    source: str
    location: str
    body: bytes = field(repr=False)
    content_type: str | None = None
    base: str | None = field(default=None, repr=False)


def _shown(url: httpx.URL) -> str:
    return str(url.copy_with(query=None, fragment=None))


class Fetcher:
    """Reads sources; each call opens its own connections and closes them.

    :param resolve: how host names are resolved (the system's resolver by default).
    :param verify: how TLS certificates are verified (``True``: the system's authorities; an
        :class:`ssl.SSLContext` that trusts the organisation's own authority too).
    :param guard: which addresses may not be reached without ``allow_private`` (by default
        :func:`govsm.net.addresses.refusal`: every non-public one).
    """

    def __init__(
        self,
        *,
        resolve: Resolver = system_resolver,
        verify: ssl.SSLContext | bool = True,
        guard: Guard = refusal,
    ) -> None:
        self._resolve = resolve
        self._verify = verify
        self._guard = guard

    def fetch(self, source: FeedSource, *, root: Path, folders: Iterable[Path]) -> Fetched:
        """Read ``source``.

        :param root: the workspace folder (``file:`` paths are relative to it).
        :param folders: where ``file:`` sources may lie (the workspace's readable folders,
            resolved).
        :raises SourceError: it cannot be read; the message says why, naming the source.
        """
        if source.is_file:
            return _read_file(source, root, tuple(folders))
        return self._fetch_http(source)

    # -- HTTP ----------------------------------------------------------------------------------

    def _fetch_http(self, source: FeedSource) -> Fetched:
        deadline = time.monotonic() + source.timeout_seconds
        try:
            url = httpx.URL(source.url)
        except httpx.InvalidURL as exc:
            raise _error(
                source, None, f"la URL no es válida ({exc})", f"the URL is not valid ({exc})"
            ) from None
        for _hop in range(MAX_REDIRECTS + 1):
            with httpx.Client(
                follow_redirects=False,
                trust_env=False,
                verify=self._verify,
                timeout=httpx.Timeout(_remaining(source, deadline, url)),
            ) as client:
                response = self._open(client, source, url, deadline)
                try:
                    location = response.headers.get("location")
                    if response.status_code in _REDIRECTS and location:
                        url = _next_hop(source, url, location)
                        continue
                    if response.status_code != 200:
                        raise _error(
                            source,
                            url,
                            f"el servidor respondió {response.status_code} "
                            f"{response.reason_phrase}".rstrip(),
                            f"the server answered {response.status_code} "
                            f"{response.reason_phrase}".rstrip(),
                        )
                    body = _read_body(source, url, response, deadline)
                    return Fetched(
                        source=source.id,
                        location=_shown(url),
                        body=body,
                        content_type=response.headers.get("content-type"),
                        base=str(url),
                    )
                finally:
                    response.close()
        raise _error(
            source,
            url,
            f"más de {MAX_REDIRECTS} redirecciones seguidas",
            f"more than {MAX_REDIRECTS} redirects in a row",
        )

    def _addresses(self, source: FeedSource, url: httpx.URL) -> list[Address]:
        host = url.raw_host.decode("ascii")
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            addresses = checked_addresses(host, port, allow_private=True, resolve=self._resolve)
        except (AddressRefused, HostNotFound) as exc:
            raise _error(source, url, exc.es, exc.en) from None
        if source.allow_private:
            return addresses
        for address in addresses:
            why = self._guard(address)
            if why is not None:
                shown = "" if str(address) == host.strip("[]") else f" ({address})"
                raise _error(
                    source,
                    url,
                    f"«{host}»{shown} es {why.es}: las fuentes solo se leen de direcciones "
                    "públicas, redirecciones incluidas, salvo que la fuente diga "
                    "allow_private = true",
                    f"'{host}'{shown} is {why.en}: sources are only read from public "
                    "addresses, redirects included, unless the source says allow_private = true",
                )
        return addresses

    def _open(
        self, client: httpx.Client, source: FeedSource, url: httpx.URL, deadline: float
    ) -> httpx.Response:
        host = url.raw_host.decode("ascii")
        headers = {
            "host": url.netloc.decode("ascii"),
            "user-agent": USER_AGENT,
            "accept": ACCEPT,
            "accept-encoding": ACCEPTED,
        }
        extensions = {"sni_hostname": host} if url.scheme == "https" else {}
        failure: tuple[str, str] = ("no hay direcciones", "there are no addresses")
        for address in self._addresses(source, url):
            request = client.build_request(
                "GET",
                url.copy_with(host=str(address)),
                headers=headers,
                extensions=extensions,
                timeout=httpx.Timeout(_remaining(source, deadline, url)),
            )
            try:
                return client.send(request, stream=True, follow_redirects=False)
            except httpx.TimeoutException:
                raise _too_slow(source, url) from None
            except httpx.ConnectError as exc:
                failure = (
                    f"no se pudo conectar con {address} ({exc})",
                    f"could not connect to {address} ({exc})",
                )
                continue  # the next address may answer
            except httpx.HTTPError as exc:
                raise _error(
                    source,
                    url,
                    f"la petición falló ({type(exc).__name__}: {exc})",
                    f"the request failed ({type(exc).__name__}: {exc})",
                ) from None
        raise _error(source, url, *failure)


def _remaining(source: FeedSource, deadline: float, url: httpx.URL) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _too_slow(source, url)
    return left


def _next_hop(source: FeedSource, url: httpx.URL, location: str) -> httpx.URL:
    try:
        target = url.join(location)
    except httpx.InvalidURL:
        target = None
    if target is None or target.scheme not in ("http", "https") or not target.host:
        raise _error(
            source,
            url,
            "redirige a una dirección que no es http(s): no se sigue",
            "redirects to an address that is not http(s): not followed",
        )
    return target


def _read_body(
    source: FeedSource, url: httpx.URL, response: httpx.Response, deadline: float
) -> bytes:
    limit = source.max_bytes
    declared = response.headers.get("content-length", "").strip()
    encoding_header = response.headers.get("content-encoding")
    try:
        encoding = encoding_of(encoding_header)
    except Unsupported as exc:
        raise _error(
            source,
            url,
            f"el servidor la envía codificada como «{exc}», que govsm no lee (lee {ACCEPTED})",
            f"the server sends it encoded as '{exc}', which govsm does not read "
            f"(it reads {ACCEPTED})",
        ) from None
    if encoding == "identity" and declared.isdigit() and int(declared) > limit:
        raise _too_large(source, url, limit)
    body = Body(encoding, limit)
    try:
        for chunk in response.iter_raw():  # each read as it comes: the deadline is checked
            body.feed(chunk)
            _remaining(source, deadline, url)  # a server that drips bytes is cut off
        return body.finish()
    except TooLarge:
        raise _too_large(source, url, limit) from None
    except Damaged as exc:
        raise _error(
            source,
            url,
            f"el contenido comprimido ({encoding}) está dañado: {exc}",
            f"the compressed content ({encoding}) is damaged: {exc}",
        ) from None
    except httpx.TimeoutException:
        raise _too_slow(source, url) from None
    except httpx.HTTPError as exc:
        raise _error(
            source,
            url,
            f"la respuesta se cortó ({type(exc).__name__}: {exc})",
            f"the answer broke off ({type(exc).__name__}: {exc})",
        ) from None


def _error(source: FeedSource, url: httpx.URL | None, es: str, en: str) -> SourceError:
    where = f"{source.id} ({_shown(url) if url is not None else source.shown_url})"
    return SourceError(es, en, where=where)


def _too_slow(source: FeedSource, url: httpx.URL) -> SourceError:
    limit = f"{source.timeout_seconds:g}"
    return _error(
        source,
        url,
        f"no se leyó en {limit} s (timeout_seconds): el servidor es demasiado lento o no responde",
        f"not read within {limit} s (timeout_seconds): the server is too slow or does not answer",
    )


def _too_large(source: FeedSource, url: httpx.URL | None, limit: int) -> SourceError:
    return _error(
        source,
        url,
        f"ocupa más de {limit} bytes una vez descomprimida (max_bytes): no se lee",
        f"takes more than {limit} bytes once decompressed (max_bytes): not read",
    )


# -- files -------------------------------------------------------------------------------------


def _read_file(source: FeedSource, root: Path, folders: tuple[Path, ...]) -> Fetched:
    path = root / source.file_path
    if not readable(path, folders):
        raise _error(
            source,
            None,
            "lleva fuera del espacio de trabajo y de las carpetas de [paths] allow: no se lee",
            "leads out of the workspace and the [paths] allow folders: not read",
        )
    target = path.resolve()
    if not target.exists():
        raise _error(source, None, "el fichero no existe", "the file does not exist")
    if not target.is_file():
        raise _error(
            source,
            None,
            "no es un fichero normal (una carpeta, un dispositivo o una tubería): no se lee",
            "is not a regular file (a folder, a device or a pipe): not read",
        )
    try:
        with target.open("rb") as stream:
            body = stream.read(source.max_bytes + 1)
    except OSError as exc:
        raise _error(
            source, None, f"no se puede leer: {exc.strerror}", f"cannot read: {exc.strerror}"
        ) from None
    if len(body) > source.max_bytes:
        raise _too_large(source, None, source.max_bytes)
    return Fetched(source=source.id, location=source.url, body=body)
