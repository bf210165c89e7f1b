"""Staff and office holders."""

from __future__ import annotations

import re
from datetime import date

import attrs
from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v

_LOGIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}\Z")


def _logins(
    instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    for login in value:
        if not isinstance(login, str) or _LOGIN.match(login) is None:
            raise ModelError(
                f"«{login}» no es un nombre de cuenta del sistema (letras, cifras, «._@-», hasta "
                "64)",
                f"'{login}' is not an operating-system account name (letters, digits, '._@-', up "
                "to 64)",
                field=attribute.name,
            )


#: an SSH public key as ``govsm.toml`` declares it: type, base64 body, optional comment (see
#: :mod:`govsm.ledger.signatures`)
PUBLIC_KEY = re.compile(
    r"(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com"
    r"|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}(?: [^\n\r]*)?\Z"
)


def _public_keys(
    instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    for key in value:
        if not isinstance(key, str) or PUBLIC_KEY.match(key.strip()) is None:
            shown = str(key)[:40]
            raise ModelError(
                f"«{shown}…» no es una clave pública SSH (ssh-ed25519 AAAA… nombre): copie la "
                "línea de su fichero .pub",
                f"'{shown}…' is not an SSH public key (ssh-ed25519 AAAA… name): copy the line of "
                "its .pub file",
                field=attribute.name,
            )


@frozen
class Person:
    """Someone who works for, or holds office in, the organisation.

    :param organisation: the owning organisation's id.
    :param id: identifier, unique within the organisation.
    :param name: full name.
    :param email: institutional e-mail address.
    :param unit: the unit the person works in, if any.
    :param political_office: the office held by an elected or appointed official
        (``Alcaldesa``, ``Concejal de Deportes``); ``None`` for staff. Office holders' names are
        what institutional-neutrality rules look for.
    :param left_on: the day the person left the organisation, if they have.
    :param logins: the operating-system accounts that are this person (``mpuig``): the command
        line acts as the person whose login is the account running it (see
        :doc:`/howto/governance`). Unique across the organisation's people.
    :param signing_keys: the SSH public keys (``ssh-ed25519 AAAA… name``) whose signatures on a
        decision prove this person made it (:mod:`govsm.ledger.signatures`).
    :param accounts: the person's own social-media accounts — personal or party, not the
        organisation's — as handles or addresses (``@neusferrando``,
        ``https://x.com/neusferrando``). The institution's profiles should not amplify an office
        holder's own accounts: the ``institutional-neutrality`` rule flags a repost of one.
    """

    organisation: str = field(validator=v.slug)
    id: str = field(validator=v.slug)
    name: str = field(validator=v.nonempty_text)
    email: str | None = field(default=None, validator=v.email)
    unit: str | None = field(default=None, validator=v.optional_slug)
    political_office: str | None = field(default=None, validator=v.optional_text)
    left_on: date | None = None
    logins: tuple[str, ...] = field(default=(), converter=tuple, validator=_logins)
    signing_keys: tuple[str, ...] = field(default=(), converter=tuple, validator=_public_keys)
    accounts: tuple[str, ...] = field(default=(), converter=tuple, validator=v.identifiers)

    @property
    def is_office_holder(self) -> bool:
        """Whether the person holds a political office."""
        return self.political_office is not None

    def active_on(self, day: date) -> bool:
        """Whether the person still belonged to the organisation on ``day``."""
        return self.left_on is None or day < self.left_on
