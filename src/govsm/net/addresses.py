"""The guard against server-side request forgery: webhooks and feeds go to public addresses only.

A ``govsm.toml`` could name, by mistake or on purpose, an address inside the organisation's
network — a database's admin page, a cloud's metadata service (``169.254.169.254``) — and make
govsm POST to it. Before each request the endpoint's host is resolved once, **every** address it
resolves to is checked, and the request then goes to a checked address (the connection is pinned
to it, so a second lookup cannot answer differently). Refused, unless the endpoint says
``allow_private = true``: private (RFC 1918, unique local), loopback, link-local, multicast,
reserved, unspecified, shared (``100.64.0.0/10``) and documentation addresses, and IPv6
addresses that carry such an IPv4 address (IPv4-mapped ``::ffff:…``, 6to4, Teredo, NAT64).

>>> refusal(ip_address("169.254.169.254")).en
'a link-local address'
>>> refusal(ip_address("::ffff:10.0.0.1")).en
'a private address (inside an IPv6 address)'
>>> refusal(ip_address("8.8.8.8")) is None
True
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

from govsm.errors import GovsmError
from govsm.model import Bilingual

Address = IPv4Address | IPv6Address

#: resolves a host name and port to addresses (text), as :func:`system_resolver` does
Resolver = Callable[[str, int], Sequence[str]]

#: NAT64's well-known prefix: its last 32 bits are an IPv4 address
_NAT64 = IPv6Network("64:ff9b::/96")

#: the shared address space of carrier-grade NAT (not global, not "private" to Python)
_SHARED = IPv4Network("100.64.0.0/10")


class AddressRefused(GovsmError):
    """The endpoint's host is, or resolves to, an address webhooks may not reach."""


class HostNotFound(GovsmError):
    """The endpoint's host name does not resolve (a passing DNS failure, or a wrong name)."""


def _kind(address: Address) -> Bilingual | None:
    checks: tuple[tuple[bool, str, str], ...] = (
        (address.is_unspecified, "una dirección sin especificar", "an unspecified address"),
        (address.is_loopback, "una dirección de bucle local (loopback)", "a loopback address"),
        (address.is_link_local, "una dirección de enlace local", "a link-local address"),
        (address.is_multicast, "una dirección de multidifusión", "a multicast address"),
        (address.is_private, "una dirección privada", "a private address"),
        (address.is_reserved, "una dirección reservada", "a reserved address"),
        (
            isinstance(address, IPv4Address) and address in _SHARED,
            "una dirección compartida (CGNAT)",
            "a shared (CGNAT) address",
        ),
        (not address.is_global, "una dirección no pública", "a non-public address"),
    )
    for hit, es, en in checks:
        if hit:
            return Bilingual(es=es, en=en)
    return None


def _embedded(address: Address) -> IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), if any."""
    if not isinstance(address, IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal(address: Address) -> Bilingual | None:
    """Why webhooks may not reach ``address`` (``None``: they may).

    An IPv4-mapped IPv6 address (``::ffff:a.b.c.d``) is judged as its IPv4 address; another
    IPv6 address that carries one (6to4, Teredo, NAT64) is refused when either is.
    """
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        why = _kind(address.ipv4_mapped)
        if why is None:
            return None
        return Bilingual(
            es=f"{why.es} (dentro de una IPv6)", en=f"{why.en} (inside an IPv6 address)"
        )
    inner = _embedded(address)
    if inner is not None:
        why = _kind(inner)
        if why is not None:
            return Bilingual(
                es=f"{why.es} (dentro de una IPv6)", en=f"{why.en} (inside an IPv6 address)"
            )
    return _kind(address)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolves ``host`` to (TCP), in its order, without repeats.

    :raises HostNotFound: the name does not resolve.
    """
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise HostNotFound(
            f"el nombre «{host}» no se resuelve ({exc})",
            f"the name '{host}' does not resolve ({exc})",
            where=host,
        ) from None
    addresses: list[str] = []
    for *_, sockaddr in found:
        text = str(sockaddr[0]).split("%", 1)[0]  # an IPv6 zone (fe80::1%eth0) is not kept
        if text not in addresses:
            addresses.append(text)
    return addresses


def checked_addresses(
    host: str, port: int, *, allow_private: bool, resolve: Resolver = system_resolver
) -> list[Address]:
    """The addresses a request to ``host`` may use, each checked.

    :param host: the URL's host: a name, or an address literal.
    :param port: the URL's port.
    :param allow_private: skip the checks (an endpoint with ``allow_private = true``).
    :param resolve: how names are resolved (the system's resolver by default).
    :raises AddressRefused: the host is, or resolves to (any one of its addresses), an
        address :func:`refusal` refuses.
    :raises HostNotFound: the name resolves to nothing.
    """
    literal = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        addresses: list[Address] = [ip_address(literal)]
    except ValueError:
        addresses = [ip_address(text) for text in resolve(host, port)]
    if not addresses:
        raise HostNotFound(
            f"el nombre «{host}» no tiene direcciones",
            f"the name '{host}' has no addresses",
            where=host,
        )
    if allow_private:
        return addresses
    for address in addresses:
        why = refusal(address)
        if why is not None:
            shown = "" if str(address) == literal else f" ({address})"
            raise AddressRefused(
                f"«{host}»{shown} es {why.es}: los webhooks solo van a direcciones públicas, "
                "salvo que el punto de destino diga allow_private = true",
                f"'{host}'{shown} is {why.en}: webhooks only go to public addresses, unless "
                "the endpoint says allow_private = true",
                where=host,
            )
    return addresses
