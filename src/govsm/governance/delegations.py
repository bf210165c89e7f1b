"""Delegations: who covers an absent person's roles, and until when.

A delegation (:class:`~govsm.model.Delegation`) is recorded by the absent person themselves or
by a coordinator, and may be ended early by either. While in force, the delegate acts on the
absent person's behalf (:mod:`govsm.ledger.permissions`). :class:`govsm.governance.Governance`
exposes these as ``delegate`` and ``revoke_delegation``.
"""

from __future__ import annotations

from datetime import datetime

from govsm.errors import Conflict, GovernanceError, NotFound, PermissionDenied
from govsm.governance.unit_of_work import UnitOfWork
from govsm.ledger import record as rec
from govsm.ledger.permissions import Action
from govsm.model import Delegation, Role
from govsm.serialization import unstructure


class Delegations:
    """Delegations between the organisation's people, over a unit of work.

    :param work: the organisation's unit of work.
    """

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    def grant(self, delegation: Delegation, *, by: str, at: datetime | None = None) -> Delegation:
        """Record a delegation.

        :param delegation: the delegation.
        :param by: who records it (the absent person, or a coordinator).
        :param at: when (default: now).
        :return: the delegation.
        :raises GovernanceError: a delegation with that id exists, or the delegate is not a
            current member of the organisation.
        """
        work = self._work
        org = work.organisation
        at = at or work.now()
        day = work._day(at)
        record = work.record()
        permissions = work.permissions(record)
        if by != delegation.person:
            permissions.require(by, Action.GRANT_DELEGATION, day)
        else:
            handed = {
                g.role
                for g in permissions.grants(by, day)
                if g.on_behalf_of is None and delegation.hands_over(g.role)
            }
            if not handed - {Role.VIEWER}:
                raise PermissionDenied(
                    f"«{by}» no tiene roles que delegar (un lector no cambia nada); un "
                    "coordinador puede registrar la delegación",
                    f"'{by}' holds no role to delegate (a viewer changes nothing); a coordinator "
                    "can record the delegation",
                )
        work._own("la delegación", "delegation", delegation.id, delegation.organisation)
        people = {p.id: p for p in work.snapshot().people}
        for who in (delegation.person, delegation.delegate):
            if who not in people:
                raise NotFound(
                    f"«{who}» no es una persona de «{org}»",
                    f"'{who}' is not a person of '{org}'",
                )
        gone = people[delegation.delegate].left_on
        if gone is not None and gone < max(day, delegation.starts_on):
            raise GovernanceError(
                f"«{delegation.delegate}» dejó la organización el {gone}: no puede cubrir "
                "una ausencia",
                f"'{delegation.delegate}' left the organisation on {gone}: they cannot cover an "
                "absence",
            )
        if delegation.id in record.delegations:
            raise Conflict(
                f"ya hay una delegación «{delegation.id}»",
                f"there is a delegation '{delegation.id}' already",
            )
        event = work._event(
            at, by, rec.DELEGATION_GRANTED, delegation.id, delegation=unstructure(delegation)
        )
        work._write(record, [event])
        return delegation

    def revoke(self, delegation: str, *, by: str, at: datetime | None = None) -> None:
        """End a delegation early.

        :param delegation: the delegation's id.
        :param by: who ends it (the absent person, or a coordinator).
        :param at: when (default: now).
        :raises GovernanceError: no delegation with that id is in force.
        """
        work = self._work
        at = at or work.now()
        record = work.record()
        found = record.delegations.get(delegation)
        if found is None:
            raise NotFound(
                f"no hay ninguna delegación «{delegation}» en vigor",
                f"there is no delegation '{delegation}' in force",
            )
        if by != found.person:
            work._require(record, by, Action.GRANT_DELEGATION, at)
        work._write(record, [work._event(at, by, rec.DELEGATION_REVOKED, delegation)])
