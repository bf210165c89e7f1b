"""Signing webhooks as the Standard Webhooks specification says, so receivers verify them.

Every request carries three headers:

* ``webhook-id`` — the event's identifier, the same on every attempt and replay;
* ``webhook-timestamp`` — when this attempt was signed, in whole seconds since the Unix epoch;
* ``webhook-signature`` — ``v1,`` and the base64 of the HMAC-SHA256 of
  ``{id}.{timestamp}.{body}`` under the endpoint's key; while a secret is being rotated, one
  such signature per secret, separated by spaces, and the receiver accepts any that matches.

A secret is written ``whsec_`` and the base64 of its key (24 to 64 random bytes). It is read
from where the workspace says (:mod:`govsm.webhooks.secrets`), never from ``govsm.toml``, and
is never shown: not in ``repr``, logs, errors or the store.

>>> secret = WebhookSecret.parse("whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB", where="env:X")
>>> secret
WebhookSecret(ref='env:X', key='***')
>>> signature(secret, "msg_1", 1767225600, b'{"type":"x"}')
'v1,jhal+mE+okUZqlNL40sn4PAjqf0J65tdIwMrKrlZCW4='
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets as random_bytes
from collections.abc import Sequence

from attrs import field, frozen

from govsm.errors import ConfigError

#: what every secret begins with
SECRET_PREFIX = "whsec_"

#: the shortest key accepted, in bytes (the specification's lower bound: 192 bits)
MIN_KEY_BYTES = 24

#: the longest key accepted, in bytes (the specification's upper bound: 512 bits)
MAX_KEY_BYTES = 64

#: the version tag of the signature scheme (HMAC-SHA256)
SCHEME = "v1"


@frozen(repr=False)
class WebhookSecret:
    """A signing key, and the reference it was read from; the key is never shown.

    :param ref: where it was read (a credential reference such as ``env:PORTAL_SECRET``).
    :param key: the key's bytes (the base64-decoded part of the ``whsec_`` secret).
    """

    ref: str
    key: bytes = field(repr=False)

    @classmethod
    def parse(cls, text: str, *, where: str) -> WebhookSecret:
        """Read a ``whsec_`` secret.

        :param text: the secret as stored (surrounding spaces are ignored).
        :param where: the reference it came from, which errors name instead of the secret.
        :raises ConfigError: the text is not ``whsec_`` and base64, or its key is shorter than
            :data:`MIN_KEY_BYTES` or longer than :data:`MAX_KEY_BYTES`. The message never
            quotes the secret.
        """
        value = text.strip()
        if not value.startswith(SECRET_PREFIX):
            raise ConfigError(
                f"el secreto del webhook no empieza por «{SECRET_PREFIX}» (no se muestra)",
                f"the webhook secret does not start with '{SECRET_PREFIX}' (not shown)",
                where=where,
            )
        encoded = value[len(SECRET_PREFIX) :]
        try:
            key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
        except (binascii.Error, ValueError):
            raise ConfigError(
                f"lo que sigue a «{SECRET_PREFIX}» no es base64 (el secreto no se muestra)",
                f"what follows '{SECRET_PREFIX}' is not base64 (the secret is not shown)",
                where=where,
            ) from None
        if not MIN_KEY_BYTES <= len(key) <= MAX_KEY_BYTES:
            raise ConfigError(
                f"la clave del webhook tiene {len(key)} bytes; debe tener entre {MIN_KEY_BYTES} "
                f"y {MAX_KEY_BYTES} (genere otra con govsm.webhooks.signing.generate_secret)",
                f"the webhook key is {len(key)} bytes long; it must be {MIN_KEY_BYTES} to "
                f"{MAX_KEY_BYTES} (make another with govsm.webhooks.signing.generate_secret)",
                where=where,
            )
        return cls(ref=where, key=key)

    def __repr__(self) -> str:
        return f"WebhookSecret(ref={self.ref!r}, key='***')"

    __str__ = __repr__


def generate_secret(size: int = 32) -> str:
    """A new random secret to give a receiver: ``whsec_`` and the base64 of ``size`` bytes.

    >>> generate_secret().startswith("whsec_")
    True
    """
    if not MIN_KEY_BYTES <= size <= MAX_KEY_BYTES:
        raise ValueError(f"size must be {MIN_KEY_BYTES} to {MAX_KEY_BYTES} bytes, not {size}")
    return SECRET_PREFIX + base64.b64encode(random_bytes.token_bytes(size)).decode("ascii")


def signed_content(msg_id: str, timestamp: int, body: bytes) -> bytes:
    """What is signed: ``{id}.{timestamp}.`` and the body, byte for byte."""
    return f"{msg_id}.{timestamp}.".encode() + body


def signature(secret: WebhookSecret, msg_id: str, timestamp: int, body: bytes) -> str:
    """One signature: ``v1,`` and the base64 of the HMAC-SHA256 of :func:`signed_content`.

    :param secret: the key to sign with.
    :param msg_id: the ``webhook-id``.
    :param timestamp: the ``webhook-timestamp``, in seconds since the Unix epoch.
    :param body: the request body, exactly as sent.
    """
    digest = hmac.new(secret.key, signed_content(msg_id, timestamp, body), hashlib.sha256)
    return f"{SCHEME},{base64.b64encode(digest.digest()).decode('ascii')}"


def headers(
    secrets: Sequence[WebhookSecret], msg_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """The three Standard Webhooks headers, signed with every secret in order.

    :param secrets: the endpoint's secrets (more than one while rotating: the new one first).
    :raises ValueError: ``secrets`` is empty.
    """
    if not secrets:
        raise ValueError("a webhook needs at least one secret to be signed")
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(s, msg_id, timestamp, body) for s in secrets),
    }
