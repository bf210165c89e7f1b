"""The site's address, checked before any password is sent to it.

An Application Password travels in every request (HTTP basic authentication): over plain
``http://`` anyone on the way could read it. So the profile's ``url`` must be ``https://``,
except on the machine itself (``127.0.0.1``, ``localhost``, ``::1``: a local test site).

>>> api_root("https://blog.soldeneu.example/")
'https://blog.soldeneu.example/wp-json'
>>> api_root("http://127.0.0.1:8123")
'http://127.0.0.1:8123/wp-json'
"""

from __future__ import annotations

from urllib.parse import urlsplit

from govsm.spec import ConfigError

#: the hosts plain ``http://`` is allowed for: this machine
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def api_root(url: str, *, where: str | None = None) -> str:
    """The REST API's root of the WordPress site at ``url`` (its ``/wp-json``).

    :param url: the site's address (the profile's ``url``): ``https://``, or ``http://`` on
        this machine. A WordPress in a folder keeps it (``https://ayto.example/blog``).
    :param where: what to name in the error (the profile).
    :return: the address of the REST API, without a trailing slash.
    :raises ConfigError: the address is not ``http(s)``, holds a user or password, a query or a
        fragment, or is plain ``http://`` to another machine.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            "la dirección del blog debe ser una URL https:// completa",
            "the blog's address must be a full https:// URL",
            where=where,
        )
    if parts.username is not None or parts.password is not None:
        raise ConfigError(
            "la dirección del blog no puede llevar usuario ni contraseña: la contraseña de "
            "aplicación va en la credencial del perfil",
            "the blog's address must not hold a user or password: the Application Password "
            "goes in the profile's credential",
            where=where,
        )
    if parts.query or parts.fragment:
        raise ConfigError(
            "la dirección del blog no puede llevar «?» ni «#»: use la portada del sitio",
            "the blog's address must not hold '?' or '#': use the site's home address",
            where=where,
        )
    host = parts.hostname.lower()
    if scheme == "http" and host not in LOOPBACK:
        raise ConfigError(
            f"el blog {host} está en http://: la contraseña de aplicación viajaría sin cifrar. "
            "Use https:// (http:// solo se admite en esta misma máquina: 127.0.0.1, localhost)",
            f"the blog {host} is on http://: the Application Password would travel unencrypted. "
            "Use https:// (http:// is allowed only on this machine: 127.0.0.1, localhost)",
            where=where,
        )
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/wp-json"
