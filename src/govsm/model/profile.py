"""An account of the organisation on a channel, and why it exists."""

from __future__ import annotations

import enum
import re
from datetime import date
from typing import Any

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v
from govsm.model.bilingual import Bilingual
from govsm.model.channel import Channel


class LifecycleState(enum.StrEnum):
    """Where a profile is in its life (seed 004: opened by procedure, not by whoever passes by)."""

    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    ACTIVE = "active"
    DORMANT = "dormant"
    ARCHIVED = "archived"

    @property
    def spanish(self) -> str:
        """The state's Spanish name, for Spanish prose (``activo``, ``archivado``…)."""
        return _SPANISH[self][0]

    def counted(self, count: int) -> Bilingual:
        """``count`` profiles in this state, for people: ``15 activos`` / ``15 active``.

        >>> LifecycleState.ACTIVE.counted(15).es, LifecycleState.DORMANT.counted(1).es
        ('15 activos', '1 inactivo')
        """
        singular, plural = _SPANISH[self]
        return Bilingual(es=f"{count} {singular if count == 1 else plural}", en=f"{count} {self}")


#: each state's Spanish name, singular and plural (a profile is masculine: *el perfil*)
_SPANISH = {
    LifecycleState.REQUESTED: ("solicitado", "solicitados"),
    LifecycleState.APPROVED: ("aprobado", "aprobados"),
    LifecycleState.REJECTED: ("rechazado", "rechazados"),
    LifecycleState.ACTIVE: ("activo", "activos"),
    LifecycleState.DORMANT: ("inactivo", "inactivos"),
    LifecycleState.ARCHIVED: ("archivado", "archivados"),
}


_CREDENTIAL_REF = re.compile(r"(env|keyring|file|vault):[^\s]+\Z")


@frozen
class CredentialRef:
    """Where a profile's credentials are kept — never the secret itself.

    The reference is ``scheme:locator``: ``env:VAR_NAME``, ``keyring:service/user``,
    ``file:relative/path`` or ``vault:path``. Resolving it is the job of the adapter; govsm only
    checks that it is well formed and, with ``govsm doctor``, that it resolves.

    >>> CredentialRef("env:SOLDENEU_X_TOKEN").scheme
    'env'
    """

    ref: str = field(validator=v.text)

    @ref.validator
    def _well_formed(self, attribute: object, value: str) -> None:
        # a hidden character first: its error names the code point and position, never the value
        v.check_hidden(value, "credential")
        if not _CREDENTIAL_REF.match(value):
            # never echo the value: a secret pasted here must not reach logs or terminals
            raise ModelError(
                f"el valor ({len(value)} caracteres, no se muestra) no es una referencia de "
                "credencial: use «env:VARIABLE», «keyring:servicio/usuario», «file:ruta» o "
                "«vault:ruta» (nunca el secreto)",
                f"the value ({len(value)} characters, not shown) is not a credential reference: "
                "use 'env:VARIABLE', 'keyring:service/user', 'file:path' or 'vault:path' "
                "(never the secret itself)",
                field="credential",
            )

    @property
    def scheme(self) -> str:
        """The part before the colon: ``env``, ``keyring``, ``file`` or ``vault``."""
        return self.ref.split(":", 1)[0]

    @property
    def locator(self) -> str:
        """The part after the colon (a variable name, a path…)."""
        return self.ref.split(":", 1)[1]


def _yes_or_no(instance: object, attribute: Any, value: object) -> None:
    """Validate a true-or-false setting: ``true`` or ``false``, not a word or a number."""
    if not isinstance(value, bool):
        raise ModelError(
            f"«{attribute.name}» debe ser true o false, no {value!r}",
            f"'{attribute.name}' must be true or false, not {value!r}",
            field=attribute.name,
        )


@frozen
class Profile:
    """An account on a channel, with the four validation criteria of seed 004 as data.

    :param organisation: the owning organisation's id.
    :param id: identifier, unique within the organisation.
    :param channel: the channel's id.
    :param handle: the account's name on the network (``@AjSoldeneu``, ``@cultura@xarxa.social``).
    :param unit: the owning unit's id.
    :param name: display name.
    :param url: the profile's address.
    :param objectives: what it is for (participative, collaborative, informative…).
    :param theme: what it talks about.
    :param audience: who it addresses.
    :param functionality: why this network suits it.
    :param editorial_line: tone and content, in a sentence or two.
    :param languages: languages it publishes in, in order (BCP 47).
    :param responsible: ids of the people who answer for it (the first is the owner).
    :param contact_email: e-mail address the account is registered with.
    :param state: see :class:`LifecycleState`.
    :param state_since: when it entered its current state.
    :param opened_on: when it was opened.
    :param credential: reference to its credentials (:class:`CredentialRef`), never the secret.
    :param bio: the profile's biography as published.
    :param long_posts: the account may publish *long posts* (X Premium): its drafts are judged
        against the channel's long-post limit (``long_text``) instead of the ordinary one.
        Only for channels that have one (the workspace refuses it elsewhere).
    """

    organisation: str = field(validator=v.slug)
    id: str = field(validator=v.slug)
    channel: str = field(validator=v.slug)
    handle: str = field(validator=v.shown_identifier)
    unit: str = field(validator=v.slug)
    name: str | None = field(default=None, validator=v.optional_text)
    url: str | None = field(default=None, validator=v.url)
    objectives: tuple[str, ...] = field(default=(), validator=v.texts)
    theme: str | None = field(default=None, validator=v.optional_text)
    audience: tuple[str, ...] = field(default=(), validator=v.texts)
    functionality: str | None = field(default=None, validator=v.optional_text)
    editorial_line: str | None = field(default=None, validator=v.optional_text)
    languages: tuple[str, ...] = field(default=(), validator=v.language_tags)
    responsible: tuple[str, ...] = field(default=(), validator=v.slugs)
    contact_email: str | None = field(default=None, validator=v.email)
    state: LifecycleState = LifecycleState.ACTIVE
    state_since: date | None = None
    opened_on: date | None = None
    credential: CredentialRef | None = None
    bio: str | None = field(default=None, validator=v.optional_text)
    long_posts: bool = field(default=False, validator=_yes_or_no)

    def long_posts_refusal(self, channel: Channel) -> Bilingual | None:
        """Why ``long_posts`` cannot be set for this profile on ``channel``, or ``None``.

        Only a channel with a long-post limit (``long_text``: X, 25,000) has long posts.

        :param channel: the profile's channel, as the installed plugins declare it.
        """
        if not self.long_posts or channel.limits.long_text is not None:
            return None
        return Bilingual(
            es=f"«long_posts» solo vale para canales con publicaciones largas (X Premium): "
            f"{channel.display_name('es')} no las tiene; quite la clave de este perfil",
            en=f"'long_posts' is only for channels with long posts (X Premium): "
            f"{channel.name} has none; remove the key from this profile",
        )

    @property
    def owner(self) -> str | None:
        """The id of the person who answers first for the profile, if any."""
        return self.responsible[0] if self.responsible else None
