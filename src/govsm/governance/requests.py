"""Profile requests: filing a request to open a profile, and deciding it.

A unit's editor files a request (:class:`~govsm.model.ProfileRequest`), complete or not; a
coordinator approves it once nothing is missing (:mod:`govsm.ledger.prerequisites`), and the
profile exists from then on, or rejects it with a reason. Nobody decides a request they filed.
:class:`govsm.governance.Governance` exposes these as ``submit_request``, ``approve_request``,
``reject_request``, ``withdraw_request`` and ``shortfalls``.
"""

from __future__ import annotations

from datetime import date, datetime

import attrs

from govsm.errors import Conflict, GovernanceError, NotFound, PermissionDenied
from govsm.governance.unit_of_work import UnitOfWork
from govsm.ledger import record as rec
from govsm.ledger.permissions import Action
from govsm.ledger.prerequisites import Shortfall, shortfalls
from govsm.ledger.record import GovernanceRecord
from govsm.model import LifecycleState, Profile, ProfileRequest, RequestState
from govsm.serialization import unstructure


class Requests:
    """Requests to open a profile, over a unit of work.

    :param work: the organisation's unit of work.
    """

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    def shortfalls(self, request: ProfileRequest, *, on: date | None = None) -> list[Shortfall]:
        """What ``request`` lacks (see :func:`govsm.ledger.prerequisites.shortfalls`).

        :param request: the request.
        :param on: the day it is judged on (default: today).
        """
        work = self._work
        snapshot = work.snapshot()
        return shortfalls(
            request,
            policy=snapshot.policy,
            people={p.id: p for p in snapshot.people},
            channels=work.channels,
            profiles=snapshot.profiles,
            own_domains=snapshot.organisation.domains,
            today=on or work.today(),
        )

    def submit(
        self, request: ProfileRequest, *, by: str, at: datetime | None = None
    ) -> ProfileRequest:
        """File a request to open a profile, for the request's unit.

        :param request: the request.
        :param by: who files it (an editor or coordinator of the unit).
        :param at: when (default: now).
        :return: the request as filed.
        :raises GovernanceError: a request or profile with that id exists already.
        """
        work = self._work
        org = work.organisation
        at = at or work.now()
        record = work.record()
        work._require(record, by, Action.SUBMIT_REQUEST, at, unit=request.unit)
        work._own("la solicitud", "request", request.id, request.organisation)
        if request.unit not in {u.id for u in work.snapshot().units}:
            raise NotFound(
                f"«{org}» no tiene la unidad «{request.unit}»",
                f"'{org}' has no unit '{request.unit}'",
            )
        if request.id in record.requests:
            raise Conflict(
                f"ya hay una solicitud «{request.id}»", f"there is a request '{request.id}' already"
            )
        if work._has_profile(request.profile):
            raise Conflict(
                f"ya existe un perfil «{request.profile}»: elija otro identificador",
                f"a profile '{request.profile}' exists already: choose another id",
            )
        filed = attrs.evolve(
            request,
            requested_by=by,
            requested_at=at,
            state=RequestState.PENDING,
            decided_by=None,
            decided_at=None,
            reason=None,
        )
        data = unstructure(filed)
        missing = [s.key for s in self.shortfalls(filed, on=work._day(at))]
        event = work._event(
            at, by, rec.REQUEST_SUBMITTED, filed.id, request=data, missing=missing or None
        )
        work._write(record, [event])
        return filed

    def approve(
        self, request: str, *, by: str, reason: str | None = None, at: datetime | None = None
    ) -> Profile:
        """Approve a complete request: the profile exists from now on, in state ``approved``.

        :param request: the request's id.
        :param by: who decides (a coordinator who did not file it).
        :param reason: why, if said.
        :param at: when (default: now).
        :return: the new profile.
        :raises GovernanceError: the request is not pending, or it still lacks something.
        """
        work = self._work
        at = at or work.now()
        record = work.record()
        work._require(record, by, Action.DECIDE_REQUEST, at)
        pending = self._pending(record, request)
        _not_own_request(pending, by)
        if work._has_profile(pending.profile):
            raise GovernanceError(
                f"la solicitud «{request}» no se puede aprobar: ya existe un perfil "
                f"«{pending.profile}»",
                f"request '{request}' cannot be approved: a profile '{pending.profile}' exists "
                "already",
            )
        missing = self.shortfalls(pending, on=work._day(at))
        if missing:
            raise GovernanceError(
                f"la solicitud «{request}» no se puede aprobar; le falta: "
                + "; ".join(s.message.es for s in missing),
                f"request '{request}' cannot be approved; it lacks: "
                + "; ".join(s.message.en for s in missing),
            )
        profile = Profile(
            organisation=work.organisation,
            id=pending.profile,
            channel=pending.channel,
            handle=pending.handle or pending.profile,
            unit=pending.unit,
            objectives=tuple(o.value for o in pending.objectives),
            theme=pending.theme,
            audience=pending.audience,
            functionality=pending.functionality,
            editorial_line=pending.editorial_line,
            languages=pending.languages,
            responsible=tuple(p for p in (pending.owner, *pending.backups) if p is not None),
            contact_email=pending.contact_email,
            state=LifecycleState.APPROVED,
            state_since=work._day(at),
        )
        events = [
            work._event(at, by, rec.REQUEST_APPROVED, request, reason=reason, profile=profile.id),
            work._event(
                at,
                by,
                rec.PROFILE_REGISTERED,
                profile.id,
                state=profile.state.value,
                channel=profile.channel,
                handle=profile.handle,
                unit=profile.unit,
                source=f"request:{request}",
            ),
        ]
        work._write(record, events, profiles=[profile])
        return profile

    def reject(
        self, request: str, *, by: str, reason: str, at: datetime | None = None
    ) -> ProfileRequest:
        """Reject a pending request, with a reason.

        :param request: the request's id.
        :param by: who decides (a coordinator who did not file it).
        :param reason: why (required).
        :param at: when (default: now).
        :return: the request, rejected.
        """
        work = self._work
        at = at or work.now()
        if not reason.strip():
            raise GovernanceError(
                "rechazar una solicitud exige un motivo", "rejecting a request takes a reason"
            )
        record = work.record()
        work._require(record, by, Action.DECIDE_REQUEST, at)
        pending = self._pending(record, request)
        _not_own_request(pending, by)
        work._write(record, [work._event(at, by, rec.REQUEST_REJECTED, request, reason=reason)])
        return attrs.evolve(
            pending, state=RequestState.REJECTED, decided_by=by, decided_at=at, reason=reason
        )

    def withdraw(
        self, request: str, *, by: str, reason: str | None = None, at: datetime | None = None
    ) -> ProfileRequest:
        """Withdraw a pending request.

        :param request: the request's id.
        :param by: who withdraws it (an editor of its unit or a coordinator).
        :param reason: why, if said.
        :param at: when (default: now).
        :return: the request, withdrawn.
        """
        work = self._work
        at = at or work.now()
        record = work.record()
        work._require(
            record, by, Action.WITHDRAW_REQUEST, at, unit=work.request(request, record).unit
        )
        pending = self._pending(record, request)
        work._write(record, [work._event(at, by, rec.REQUEST_WITHDRAWN, request, reason=reason)])
        return attrs.evolve(pending, state=RequestState.WITHDRAWN, reason=reason)

    def _pending(self, record: GovernanceRecord, request: str) -> ProfileRequest:
        """The request, if it still waits for a decision."""
        found = self._work.request(request, record)
        if found.state is not RequestState.PENDING:
            decided = (
                f" ({found.decided_by}, {found.decided_at:%Y-%m-%d})" if found.decided_at else ""
            )
            raise Conflict(
                f"la solicitud «{request}» ya está {found.state.spanish}" + decided,
                f"request '{request}' is already '{found.state}'" + decided,
            )
        return found


def _not_own_request(request: ProfileRequest, by: str) -> None:
    """Nobody decides a request they filed: a coordinator's own request needs another one."""
    if request.requested_by == by:
        raise PermissionDenied(
            f"«{by}» presentó la solicitud «{request.id}» y no puede resolverla: la resuelve "
            "otra persona coordinadora",
            f"'{by}' filed request '{request.id}' and cannot decide it: another coordinator "
            "decides it",
        )
