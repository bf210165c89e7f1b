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


def resolve(ref: CredentialRef, root: Path, allowed: tuple[Path, ...] = ()) -> Credentials:
    """Read the secret that ``ref`` points to.

    :param ref: the profile's credential reference.
    :param root: the workspace folder, against which ``file:`` paths are resolved.
    :param allowed: folders outside the workspace a ``file:`` credential may be in (the
        workspace's ``[paths] allow``).
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
        value = _read_secret_file(ref, root, allowed)
        if not value:
            raise ConfigError(
                f"el fichero de credenciales {ref.locator} está vacío",
                f"the credentials file {ref.locator} is empty",
                where=ref.ref,
            )
        return Credentials(ref=ref, secret=value)
    if ref.scheme == "keyring":
        return _resolve_keyring(ref)
    raise ConfigError(
        f"esta versión de govsm no sabe leer referencias «{ref.scheme}:»; use env:, file: o "
        "keyring:",
        f"this govsm cannot read '{ref.scheme}:' references; use env:, file: or keyring:",
        where=ref.ref,
    )


#: the largest credentials file read (a token or a key, not a database)
MAX_SECRET_BYTES = 64 * 1024


def _read_secret_file(ref: CredentialRef, root: Path, allowed: tuple[Path, ...]) -> str:
    """The secret in a ``file:`` reference, read only when it is safe to.

    The file must be inside the workspace or an allowed folder, closed to the machine's other
    users, at most :data:`MAX_SECRET_BYTES` and UTF-8.
    """
    try:
        bases = (root.resolve(), *(folder.resolve() for folder in allowed))
        path = (root / ref.locator).resolve()
    except (OSError, RuntimeError):  # a link that loops (RuntimeError before Python 3.13)
        raise ConfigError(
            "el fichero de credenciales es un enlace que no lleva a ningún fichero (un bucle): "
            "no se lee",
            "the credentials file is a link that leads to no file (a loop): not read",
            where=ref.ref,
        ) from None
    if not any(path.is_relative_to(base) for base in bases):
        raise ConfigError(
            "el fichero de credenciales está fuera del espacio de trabajo y de las carpetas de "
            "[paths] allow (o es un enlace que sale de ellos): no se lee",
            "the credentials file is outside the workspace and the [paths] allow folders (or a "
            "link leading out of them): not read",
            where=ref.ref,
        )
    try:
        mode = path.stat().st_mode
        if mode & 0o007:  # anyone on the machine may read or change it
            raise ConfigError(
                f"el fichero de credenciales {path.name} lo puede leer o escribir cualquier "
                f"usuario (permisos {mode & 0o777:o}); déjelo solo para su propietario: chmod 600",
                f"the credentials file {path.name} can be read or written by any user "
                f"(mode {mode & 0o777:o}); make it owner-only: chmod 600",
                where=ref.ref,
            )
        with path.open("rb") as stream:
            raw = stream.read(MAX_SECRET_BYTES + 1)
    except OSError as exc:
        raise ConfigError(
            f"no se puede leer el fichero de credenciales {path.name} ({exc.strerror})",
            f"cannot read the credentials file {path.name} ({exc.strerror})",
            where=ref.ref,
        ) from None
    if len(raw) > MAX_SECRET_BYTES:
        raise ConfigError(
            f"el fichero de credenciales {path.name} pasa de {MAX_SECRET_BYTES // 1024} KiB: "
            "no parece una credencial",
            f"the credentials file {path.name} is over {MAX_SECRET_BYTES // 1024} KiB: it does "
            "not look like a credential",
            where=ref.ref,
        )
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        hint_es, hint_en = (
            (
                " (parece UTF-16, como lo guarda el Bloc de notas)",
                " (it looks like UTF-16, as Notepad saves it)",
            )
            if raw[:2] in (b"\xff\xfe", b"\xfe\xff")
            else ("", "")
        )
        raise ConfigError(
            f"el fichero de credenciales {path.name} no es UTF-8{hint_es}; guárdelo en UTF-8",
            f"the credentials file {path.name} is not UTF-8{hint_en}; save it as UTF-8",
            where=ref.ref,
        ) from None


def _resolve_keyring(ref: CredentialRef) -> Credentials:
    """The secret a ``keyring:service/user`` reference names, from the system keyring.

    The ``keyring`` package (``pip install govsm[keyring]``) picks the machine's backend:
    the Secret Service (GNOME Keyring, KWallet) on Linux, the Keychain on macOS, the
    Credential Manager on Windows, or one named by ``PYTHON_KEYRING_BACKEND``.
    """
    service, slash, user = ref.locator.partition("/")
    if not (service and slash and user):
        raise ConfigError(
            "una referencia de llavero es «keyring:servicio/usuario», con los dos nombres",
            "a keyring reference is 'keyring:service/user', with both names",
            where=ref.ref,
        )
    try:
        import keyring
        import keyring.errors
    except ImportError:
        raise ConfigError(
            "la referencia usa el llavero del sistema, pero el paquete «keyring» no está "
            "instalado: pip install 'govsm[keyring]'",
            "the reference uses the system keyring, but the 'keyring' package is not "
            "installed: pip install 'govsm[keyring]'",
            where=ref.ref,
        ) from None
    try:
        value = keyring.get_password(service, user)
    except keyring.errors.KeyringError as error:
        # the backend's own reason names the backend and what it lacks, never a secret
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        raise ConfigError(
            f"no se puede leer el llavero del sistema ({type(error).__name__}: {reason}); en "
            "un servidor sin sesión de escritorio use env: o file:",
            f"the system keyring cannot be read ({type(error).__name__}: {reason}); on a "
            "server without a desktop session use env: or file:",
            where=ref.ref,
        ) from None
    if not value:
        raise ConfigError(
            f"el llavero no tiene ninguna contraseña para {service}/{user}",
            f"the keyring holds no password for {service}/{user}",
            where=ref.ref,
        )
    if len(value.encode("utf-8", "surrogatepass")) > MAX_SECRET_BYTES:
        raise ConfigError(
            f"la contraseña de {service}/{user} en el llavero pasa de {MAX_SECRET_BYTES} bytes: "
            "no es un token",
            f"the keyring's password for {service}/{user} is over {MAX_SECRET_BYTES} bytes: "
            "not a token",
            where=ref.ref,
        )
    return Credentials(ref=ref, secret=str(value))
