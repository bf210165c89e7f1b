"""Who may do what, and where: the roles of the workspace, with delegations, checked by the API.

A role assignment applies to its scope: the whole organisation, one unit (and the units that
hang from it, and their profiles) or one profile. A person who has left (``left_on``) holds no
role from the next day. A :class:`~govsm.model.Delegation` lets the delegate act with the absent
person's roles, on their behalf, between its dates.

>>> from datetime import date
>>> from govsm.model import Organisation, OrganisationKind, OrganisationSnapshot, Person
>>> from govsm.model import Policy, Profile
>>> from govsm.model import Role, RoleAssignment, ScopeKind, Unit
>>> org = Organisation(id="org", name="Org", kind=OrganisationKind.AYUNTAMIENTO, languages=("es",),
...     timezone="Europe/Madrid")
>>> snapshot = OrganisationSnapshot(
...     org,
...     units=(Unit("org", "comms", "Comunicación"), Unit("org", "sport", "Deportes")),
...     people=(Person("org", "ana", "Ana"), Person("org", "bea", "Bea")),
...     roles=(
...         RoleAssignment("org", "ana", Role.EDITOR, ScopeKind.UNIT, "sport"),
...         RoleAssignment("org", "bea", Role.VIEWER),
...     ),
...     profiles=(Profile("org", "x-sport", "x", "@sport", "sport"),),
...     policy=Policy("org", "1", "comms"),
... )
>>> roles = Permissions(snapshot)
>>> roles.allows("ana", Action.DRAFT_MESSAGE, date(2026, 1, 1), profile="x-sport")
True
>>> roles.allows("bea", Action.DRAFT_MESSAGE, date(2026, 1, 1), profile="x-sport")
False
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from attrs import frozen

from govsm.errors import PermissionDenied
from govsm.model import (
    Delegation,
    OrganisationSnapshot,
    Person,
    Profile,
    Role,
    RoleAssignment,
    ScopeKind,
    Unit,
)


class Action(enum.StrEnum):
    """Everything the governance API lets someone do; each needs one of :data:`NEEDS`' roles."""

    SUBMIT_REQUEST = "request.submit"
    DECIDE_REQUEST = "request.decide"
    WITHDRAW_REQUEST = "request.withdraw"
    CHANGE_PROFILE = "profile.change"
    GRANT_DELEGATION = "delegation.grant"
    DRAFT_MESSAGE = "message.draft"
    DRAFT_REPLY = "reply.draft"
    APPROVE_MESSAGE = "message.approve"
    SCHEDULE_MESSAGE = "message.schedule"
    MANAGE_OUTBOX = "outbox.manage"
    PAUSE_PUBLISHING = "publishing.pause"


_R = Role

#: the roles that allow each action (any one of them, in the action's scope)
NEEDS: Mapping[Action, frozenset[Role]] = {
    Action.SUBMIT_REQUEST: frozenset({_R.COORDINATOR, _R.EDITOR}),
    Action.DECIDE_REQUEST: frozenset({_R.COORDINATOR}),
    Action.WITHDRAW_REQUEST: frozenset({_R.COORDINATOR, _R.EDITOR}),
    Action.CHANGE_PROFILE: frozenset({_R.COORDINATOR}),
    Action.GRANT_DELEGATION: frozenset({_R.COORDINATOR}),
    Action.DRAFT_MESSAGE: frozenset({_R.EDITOR}),
    Action.DRAFT_REPLY: frozenset({_R.EDITOR, _R.RESPONDER}),
    Action.APPROVE_MESSAGE: frozenset({_R.APPROVER}),
    Action.SCHEDULE_MESSAGE: frozenset({_R.EDITOR, _R.APPROVER, _R.COORDINATOR}),
    Action.MANAGE_OUTBOX: frozenset({_R.EDITOR, _R.COORDINATOR}),
    Action.PAUSE_PUBLISHING: frozenset({_R.COORDINATOR}),
}

#: what each action is called in messages, Spanish and English
_WORDS: Mapping[Action, tuple[str, str]] = {
    Action.SUBMIT_REQUEST: ("solicitar un perfil", "request a profile"),
    Action.DECIDE_REQUEST: ("resolver solicitudes de perfil", "decide profile requests"),
    Action.WITHDRAW_REQUEST: ("retirar una solicitud", "withdraw a request"),
    Action.CHANGE_PROFILE: (
        "cambiar el estado o la unidad de un perfil",
        "change a profile's state or unit",
    ),
    Action.GRANT_DELEGATION: ("delegar roles de otra persona", "delegate someone else's roles"),
    Action.DRAFT_MESSAGE: ("redactar o editar publicaciones", "write or edit posts"),
    Action.DRAFT_REPLY: ("redactar o editar respuestas", "write or edit replies"),
    Action.APPROVE_MESSAGE: ("aprobar mensajes", "approve messages"),
    Action.SCHEDULE_MESSAGE: ("programar mensajes aprobados", "schedule approved messages"),
    Action.MANAGE_OUTBOX: (
        "reintentar o cancelar publicaciones programadas",
        "retry or cancel scheduled posts",
    ),
    Action.PAUSE_PUBLISHING: ("pausar y reanudar la publicación", "pause and resume publishing"),
}


@frozen
class Grant:
    """A role a person may use on a day: their own, or one delegated to them.

    :param person: who uses it.
    :param role: the role.
    :param assignment: the assignment it comes from.
    :param on_behalf_of: the absent person, when the role is delegated.
    """

    person: str
    role: Role
    assignment: RoleAssignment
    on_behalf_of: str | None = None


class Permissions:
    """The roles of one organisation, answering "may this person do this, here, on this day?".

    :param snapshot: the organisation as stored (its roles, units, profiles, people, policy).
    :param delegations: delegations in force at some time (each is checked against the day).
    :param profiles: extra profiles known only to the record (opened through an approved
        request but not yet in ``govsm.toml``).
    """

    def __init__(
        self,
        snapshot: OrganisationSnapshot,
        delegations: Iterable[Delegation] = (),
        profiles: Iterable[Profile] = (),
    ) -> None:
        self._org = snapshot.organisation.id
        self._roles: tuple[RoleAssignment, ...] = snapshot.roles
        self._people: dict[str, Person] = {p.id: p for p in snapshot.people}
        self._units: dict[str, Unit] = {u.id: u for u in snapshot.units}
        self._profiles: dict[str, Profile] = {p.id: p for p in snapshot.profiles}
        self._profiles.update({p.id: p for p in profiles if p.id not in self._profiles})
        self._delegations = tuple(delegations)
        policy = snapshot.policy
        self._coordinating_unit = policy.coordinating_unit if policy is not None else None

    # -- scopes -------------------------------------------------------------------------------

    def unit_chain(self, unit: str | None) -> list[str]:
        """``unit`` and the units above it, nearest first (a cycle is cut where it repeats)."""
        chain: list[str] = []
        while unit is not None and unit not in chain:
            chain.append(unit)
            parent = self._units.get(unit)
            unit = parent.parent if parent is not None else None
        return chain

    def _covers(self, assignment: RoleAssignment, unit: str | None, profile: str | None) -> bool:
        if assignment.scope is ScopeKind.ORGANISATION:
            return True
        if profile is not None and profile in self._profiles:
            unit = self._profiles[profile].unit
        if assignment.scope is ScopeKind.PROFILE:
            return profile is not None and assignment.target == profile
        return assignment.target in self.unit_chain(unit)

    def _active(self, person: str, day: date) -> bool:
        who = self._people.get(person)
        return who is not None and (who.left_on is None or day <= who.left_on)

    # -- grants -------------------------------------------------------------------------------

    def grants(self, person: str, day: date) -> Iterator[Grant]:
        """Every role ``person`` may use on ``day``: their own, then those delegated to them."""
        if not self._active(person, day):
            return
        for assignment in self._roles:
            if assignment.person == person and assignment.in_force_on(day):
                yield Grant(person, assignment.role, assignment)
        for delegation in self._delegations:
            if (
                delegation.delegate != person
                or not delegation.in_force_on(day)
                or not self._active(delegation.person, day)
            ):
                continue
            for assignment in self._roles:
                if (
                    assignment.person == delegation.person
                    and assignment.in_force_on(day)
                    and delegation.hands_over(assignment.role)
                ):
                    yield Grant(person, assignment.role, assignment, delegation.person)

    def grant_for(
        self,
        person: str,
        action: Action,
        day: date,
        *,
        unit: str | None = None,
        profile: str | None = None,
    ) -> Grant | None:
        """The grant that lets ``person`` do ``action`` on ``day`` in that scope, own roles first.

        Deciding requests is the coordinating unit's job: a coordinator scoped to another unit
        cannot do it.
        """
        needed = NEEDS[action]
        for grant in self.grants(person, day):
            if grant.role not in needed:
                continue
            if action is Action.DECIDE_REQUEST:
                scope = grant.assignment
                if scope.scope is ScopeKind.ORGANISATION or (
                    scope.scope is ScopeKind.UNIT and scope.target == self._coordinating_unit
                ):
                    return grant
                continue
            if self._covers(grant.assignment, unit, profile):
                return grant
        return None

    def allows(
        self,
        person: str,
        action: Action,
        day: date,
        *,
        unit: str | None = None,
        profile: str | None = None,
    ) -> bool:
        """Whether ``person`` may do ``action`` on ``day`` for ``unit`` or ``profile``."""
        return self.grant_for(person, action, day, unit=unit, profile=profile) is not None

    def require(
        self,
        person: str,
        action: Action,
        day: date,
        *,
        unit: str | None = None,
        profile: str | None = None,
    ) -> Grant:
        """The grant that allows it, or :class:`~govsm.errors.PermissionDenied` saying why not.

        The message names the person, the action, the scope and the roles that would allow it.
        """
        grant = self.grant_for(person, action, day, unit=unit, profile=profile)
        if grant is not None:
            return grant
        es_what, en_what = _WORDS[action]
        roles = ", ".join(sorted(NEEDS[action]))
        if person not in self._people:
            raise PermissionDenied(
                f"«{person}» no es una persona de «{self._org}»: no puede {es_what}",
                f"'{person}' is not a person of '{self._org}': they cannot {en_what}",
            )
        if not self._active(person, day):
            raise PermissionDenied(
                f"«{person}» dejó la organización ({self._people[person].left_on}): no puede "
                f"{es_what}",
                f"'{person}' left the organisation ({self._people[person].left_on}): they "
                f"cannot {en_what}",
            )
        where_es, where_en = _scope_words(unit, profile)
        needed = sorted(NEEDS[action])
        roles_es = (
            f"el rol de {needed[0].spanish}"
            if len(needed) == 1
            else "uno de los roles " + ", ".join(role.spanish for role in needed)
        )
        held = sorted({g.role for g in self.grants(person, day)})
        held_es = ", ".join(role.spanish for role in held) if held else "—"
        held_en = ", ".join(role.value for role in held) if held else "—"
        raise PermissionDenied(
            f"«{person}» no puede {es_what}{where_es} el {day}: hace falta {roles_es} en ese "
            f"ámbito (tiene: {held_es})",
            f"'{person}' cannot {en_what}{where_en} on {day}: it takes the role {roles} in that "
            f"scope (they hold: {held_en})",
        )

    def holders(self, action: Action, day: date, *, profile: str | None = None) -> list[str]:
        """The people who may do ``action`` on ``profile`` on ``day`` (own roles only), sorted."""
        people = {a.person for a in self._roles}
        return sorted(
            p
            for p in people
            if any(
                g.on_behalf_of is None
                and g.role in NEEDS[action]
                and self._covers(g.assignment, None, profile)
                for g in self.grants(p, day)
            )
        )


def _scope_words(unit: str | None, profile: str | None) -> tuple[str, str]:
    if profile is not None:
        return f" en el perfil «{profile}»", f" on profile '{profile}'"
    if unit is not None:
        return f" en la unidad «{unit}»", f" in unit '{unit}'"
    return "", ""
