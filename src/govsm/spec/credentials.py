"""The resolved credentials a network adapter receives: the secret is never shown."""

from __future__ import annotations

from attrs import field, frozen

from govsm.model.profile import CredentialRef


@frozen(repr=False)
class Credentials:
    """Resolved credentials: the reference they came from and the secret, which is never shown.

    >>> creds = Credentials(ref=CredentialRef("env:TOKEN"), secret="s3cret")
    >>> creds
    Credentials(ref='env:TOKEN', secret='***')
    >>> "s3cret" in str(creds)
    False
    """

    ref: CredentialRef
    secret: str = field(repr=False)

    def __repr__(self) -> str:
        return f"Credentials(ref={self.ref.ref!r}, secret='***')"

    __str__ = __repr__
