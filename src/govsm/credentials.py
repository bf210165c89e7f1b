"""Resolving a profile's credential reference — the only place a secret is read.

A workspace never holds secrets: a profile names *where* its credentials are
(:class:`~govsm.model.CredentialRef`: ``env:VAR``, ``file:path``, ``keyring:service/user``).
:func:`resolve` reads them into a :class:`~govsm.spec.credentials.Credentials` for an
adapter; the secret is kept out of ``repr``, ``str``, logs, exports and error messages.
"""

from __future__ import annotations

import os
from pathlib import Path

from govsm.errors import ConfigError
from govsm.model.profile import CredentialRef
from govsm.spec.credentials import Credentials


def resolve(ref: CredentialRef, root: Path) -> Credentials:
    """Read the secret that ``ref`` points to.

    :param ref: the profile's credential reference.
    :param root: the workspace folder, against which ``file:`` paths are resolved.
    :raises ConfigError: when the reference does not resolve; the message names the reference,
        never a secret.
    """
    if ref.scheme == "env":
        value = os.environ.get(ref.locator)
        if not value:
            raise ConfigError(
                f"la variable de entorno {ref.locator} no está definida",
                f"the environment variable {ref.locator} is not set",
                where=ref.ref,
            )
        return Credentials(ref=ref, secret=value)
    if ref.scheme == "file":
        path = (root / ref.locator).resolve()
        try:
            value = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"no se puede leer el fichero de credenciales {path} ({exc.strerror})",
                f"cannot read the credentials file {path} ({exc.strerror})",
                where=ref.ref,
            ) from None
        if not value:
            raise ConfigError(
                f"el fichero de credenciales {path} está vacío",
                f"the credentials file {path} is empty",
                where=ref.ref,
            )
        return Credentials(ref=ref, secret=value)
    if ref.scheme == "keyring":
        return _resolve_keyring(ref)
    raise ConfigError(
        f"esta versión de govsm no sabe leer referencias «{ref.scheme}:»; use env:, file: o "
        "keyring:, o instale un complemento que las resuelva",
        f"this govsm cannot read '{ref.scheme}:' references; use env:, file: or keyring:, or "
        "install a plugin that resolves them",
        where=ref.ref,
    )


def _resolve_keyring(ref: CredentialRef) -> Credentials:
    service, _, user = ref.locator.partition("/")
    try:
        import keyring  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise ConfigError(
            "la referencia usa el llavero del sistema, pero el paquete «keyring» no está instalado",
            "the reference uses the system keyring, but the 'keyring' package is not installed",
            where=ref.ref,
        ) from None
    value = keyring.get_password(service, user)
    if not value:
        raise ConfigError(
            f"el llavero no tiene ninguna contraseña para {service}/{user}",
            f"the keyring holds no password for {service}/{user}",
            where=ref.ref,
        )
    return Credentials(ref=ref, secret=str(value))
