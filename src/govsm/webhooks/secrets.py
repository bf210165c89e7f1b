"""Reading an endpoint's secrets from the references in ``govsm.toml``.

An endpoint lists references (``env:VARIABLE``, ``file:path``, ``keyring:service/user``), read
by :func:`govsm.credentials.resolve` as a profile's credentials are; each must hold a
``whsec_`` secret (:class:`~govsm.webhooks.signing.WebhookSecret`). Errors name the reference,
never the secret.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from govsm.credentials import resolve
from govsm.model.profile import CredentialRef
from govsm.spec.credentials import Credentials
from govsm.webhooks.endpoints import WebhookEndpoint
from govsm.webhooks.signing import WebhookSecret

#: reads what a reference points to (:func:`govsm.credentials.resolve` with a workspace's folders)
SecretReader = Callable[[CredentialRef], Credentials]


def workspace_reader(root: Path, allowed: tuple[Path, ...] = ()) -> SecretReader:
    """The reader of a workspace: ``file:`` references inside ``root`` or an allowed folder.

    :param root: the workspace folder.
    :param allowed: its ``[paths] allow`` folders.
    """
    return functools.partial(resolve, root=root, allowed=allowed)


def endpoint_secrets(endpoint: WebhookEndpoint, read: SecretReader) -> tuple[WebhookSecret, ...]:
    """The endpoint's secrets, in the order it lists them.

    :raises ConfigError: a reference does not resolve, or does not hold a ``whsec_`` secret
        (the message names the reference, never the value).
    """
    return tuple(WebhookSecret.parse(read(ref).secret, where=ref.ref) for ref in endpoint.secrets)
