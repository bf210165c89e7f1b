"""Who may do what, and where: roles scoped to the organisation, a unit or a profile."""

from __future__ import annotations

import enum
from datetime import date

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v


class Role(enum.StrEnum):
    """The roles a person can hold."""

    #: coordinates the organisation's presence (usually the Comunicación área): opens profiles
    COORDINATOR = "coordinator"
    #: writes posts and replies
    EDITOR = "editor"
    #: approves other people's messages
    APPROVER = "approver"
    #: answers citizens in conversations
    RESPONDER = "responder"
    #: reads everything, changes nothing
    VIEWER = "viewer"

    @property
    def spanish(self) -> str:
        """The role's Spanish name, as in *el rol de coordinación* (the manual's words)."""
        return _ROLE_ES[self]


#: each role's Spanish name: the function it gives, as the usage manual names it
_ROLE_ES = {
    Role.COORDINATOR: "coordinación",
    Role.EDITOR: "redacción",
    Role.APPROVER: "aprobación",
    Role.RESPONDER: "atención a la ciudadanía",
    Role.VIEWER: "consulta",
}


class ScopeKind(enum.StrEnum):
    """What a role assignment applies to."""

    ORGANISATION = "organisation"
    UNIT = "unit"
    PROFILE = "profile"


@frozen
class RoleAssignment:
    """A role held by a person over a scope, optionally for a period.

    :param organisation: the owning organisation's id.
    :param person: the person's id.
    :param role: see :class:`Role`.
    :param scope: ``organisation``, ``unit`` or ``profile``.
    :param target: the unit's or profile's id; ``None`` when the scope is the organisation.
    :param starts_on: first day it applies (inclusive), if limited.
    :param ends_on: last day it applies (inclusive), if limited.
    """

    organisation: str = field(validator=v.slug)
    person: str = field(validator=v.slug)
    role: Role
    scope: ScopeKind = ScopeKind.ORGANISATION
    target: str | None = field(default=None, validator=v.optional_slug)
    starts_on: date | None = None
    ends_on: date | None = None

    def __attrs_post_init__(self) -> None:
        if (self.scope is ScopeKind.ORGANISATION) != (self.target is None):
            raise ModelError(
                "un rol con ámbito «organisation» no lleva «target»; uno de ámbito «unit» o "
                "«profile» lo necesita",
                "a role scoped to 'organisation' takes no 'target'; one scoped to 'unit' or "
                "'profile' needs one",
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ModelError(
                f"el rol acaba ({self.ends_on}) antes de empezar ({self.starts_on})",
                f"the role ends ({self.ends_on}) before it starts ({self.starts_on})",
            )

    def in_force_on(self, day: date) -> bool:
        """Whether the assignment applies on ``day``."""
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day <= self.ends_on
        )
