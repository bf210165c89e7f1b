"""Signed decisions: an audit entry that proves which key's holder made it.

The hash chain proves that the log was not changed after the fact; it cannot prove *who* made a
decision — the database's administrator could write any actor. A signed entry can: the person
signs the decision with their SSH key, the mechanism git uses for signed commits
(``ssh-keygen -Y sign``, namespace ``govsm``), and the signature is stored in the entry's
details (``signature``), so the hash covers it too. :func:`check` verifies it with
``ssh-keygen -Y verify`` against the public keys ``govsm.toml`` declares for the actor
(``signing_keys`` in ``[[people]]``).

What is signed is :func:`payload`: the organisation and the event — when, who, what, to what
and its details without the signature — in one canonical JSON text. It does not include the
entry's place in the chain, so a decision is signed before it is sealed.

>>> from datetime import UTC, datetime
>>> from govsm.ledger.chain import AuditEvent
>>> event = AuditEvent(datetime(2026, 11, 20, tzinfo=UTC), "ana", "message.approved", "m1")
>>> payload("o", event)
b'["govsm-signed/1","o","2026-11-20T00:00:00.000000+00:00","ana","message.approved","m1","{}"]'
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from govsm.errors import ConfigError
from govsm.ledger.chain import (
    AuditEntry,
    AuditEvent,
    StoredEntry,
    canonical_details,
    instant_text,
)
from govsm.model import Bilingual
from govsm.model.person import PUBLIC_KEY

#: the ``ssh-keygen -Y`` namespace of govsm's signatures: a signature made for git (or for
#: anything else) is not a govsm decision
NAMESPACE = "govsm"

#: the key of an entry's details that holds its signature
SIGNATURE = "signature"

_SSH_KEYGEN_TIMEOUT = 30


def payload(organisation: str, event: AuditEvent) -> bytes:
    """The bytes a person signs for ``event``: everything but the signature itself."""
    details = {k: v for k, v in event.details.items() if k != SIGNATURE}
    text = json.dumps(
        [
            "govsm-signed/1",
            organisation,
            instant_text(event.at),
            event.actor,
            event.action,
            event.subject,
            canonical_details(details),
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return text.encode("utf-8")


class Signer(Protocol):
    """Signs a decision's :func:`payload` on behalf of the person who acts."""

    def sign(self, data: bytes) -> str:
        """The armoured signature (``-----BEGIN SSH SIGNATURE-----…``) of ``data``."""
        ...


def _ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise ConfigError(
            "hace falta ssh-keygen (OpenSSH) para firmar o comprobar firmas: instálelo "
            "(paquete openssh-client)",
            "signing or checking signatures needs ssh-keygen (OpenSSH): install it "
            "(package openssh-client)",
        )
    return found


class SshSigner:
    """Sign with a private SSH key file, through ``ssh-keygen -Y sign`` (an agent may hold it).

    :param key: the private key file (or its ``.pub`` when the key is in ``ssh-agent``).
    """

    def __init__(self, key: Path) -> None:
        self.key = key

    def __repr__(self) -> str:
        """``SshSigner(key=PosixPath('…'))``: the path, never the key."""
        return f"SshSigner(key={self.key!r})"

    def sign(self, data: bytes) -> str:
        """The armoured signature of ``data`` in the ``govsm`` namespace.

        :raises ConfigError: ssh-keygen is missing or refuses (a wrong passphrase, no key).
        """
        done = subprocess.run(
            [_ssh_keygen(), "-Y", "sign", "-q", "-f", str(self.key), "-n", NAMESPACE],
            input=data,
            capture_output=True,
            timeout=_SSH_KEYGEN_TIMEOUT,
            check=False,
        )
        if done.returncode != 0 or b"BEGIN SSH SIGNATURE" not in done.stdout:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
            why = reason[-1] if reason else f"exit {done.returncode}"
            raise ConfigError(
                f"no se pudo firmar con la clave {self.key}: {why}",
                f"could not sign with the key {self.key}: {why}",
            )
        return done.stdout.decode("ascii").strip()


def check(
    organisation: str,
    event: AuditEvent,
    keys: Mapping[str, Sequence[str]],
) -> Bilingual | None:
    """Why ``event``'s signature does not prove its actor made it; ``None`` when it does.

    :param keys: each person's declared public keys (``signing_keys``).
    """
    signature = event.details.get(SIGNATURE)
    if not isinstance(signature, str):
        return Bilingual(es="la firma no es texto", en="the signature is not text")
    declared = [k.strip() for k in keys.get(event.actor, ()) if PUBLIC_KEY.match(k.strip())]
    if not declared:
        return Bilingual(
            es=f"«{event.actor}» no tiene claves de firma declaradas (signing_keys): la firma "
            "no se puede atribuir",
            en=f"'{event.actor}' has no declared signing keys (signing_keys): the signature "
            "cannot be attributed",
        )
    with tempfile.TemporaryDirectory(prefix="govsm-verify-") as folder:
        signers = Path(folder) / "allowed_signers"
        signers.write_text(
            "".join(f'{event.actor} namespaces="{NAMESPACE}" {key}\n' for key in declared),
            encoding="utf-8",
        )
        sig = Path(folder) / "entry.sig"
        sig.write_text(signature + "\n", encoding="ascii", errors="replace")
        command = [_ssh_keygen(), "-Y", "verify", "-f", str(signers), "-I", event.actor]
        command += ["-n", NAMESPACE, "-s", str(sig)]
        done = subprocess.run(
            command,
            input=payload(organisation, event),
            capture_output=True,
            timeout=_SSH_KEYGEN_TIMEOUT,
            check=False,
        )
    if done.returncode == 0:
        return None
    return Bilingual(
        es=f"la firma no es de una clave declarada de «{event.actor}» o no corresponde a lo "
        "registrado",
        en=f"the signature is not by a declared key of '{event.actor}' or does not match what "
        "was recorded",
    )


def signed(event: AuditEvent) -> bool:
    """Whether ``event`` carries a signature."""
    return SIGNATURE in event.details


def with_signature(organisation: str, event: AuditEvent, signer: Signer) -> AuditEvent:
    """``event`` with ``signer``'s signature of it in its details."""
    details: dict[str, Any] = dict(event.details)
    details[SIGNATURE] = signer.sign(payload(organisation, event))
    return AuditEvent(event.at, event.actor, event.action, event.subject, details)


def check_entries(
    organisation: str,
    entries: Sequence[AuditEntry | StoredEntry],
    keys: Mapping[str, Sequence[str]],
) -> tuple[int, list[tuple[int, Bilingual]]]:
    """Check every signed entry: how many carry a signature, and each one that does not hold.

    Unreadable entries are left to :func:`govsm.ledger.chain.verify`, which names them.

    :return: the number of signed entries, and ``(seq, why)`` for each bad signature.
    """
    count = 0
    bad: list[tuple[int, Bilingual]] = []
    for stored in entries:
        if isinstance(stored, AuditEntry):
            entry = stored
        else:
            if SIGNATURE not in stored.details_text:
                continue  # cheap: no signature can be in the details
            try:
                entry = stored.entry()
            except ValueError:
                continue
        event = AuditEvent(entry.at, entry.actor, entry.action, entry.subject, entry.details)
        if not signed(event):
            continue
        count += 1
        problem = check(organisation, event, keys)
        if problem is not None:
            bad.append((stored.seq, problem))
    return count, bad
