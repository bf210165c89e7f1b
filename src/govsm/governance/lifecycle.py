"""A profile's life after its request: lifecycle transitions, transfers and retirement.

Every change is a coordinator's, with a reason. The transitions allowed are
:mod:`govsm.ledger.lifecycle`'s; :class:`govsm.governance.Governance` exposes them as
``transition``, ``transfer`` and ``retire``.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from govsm.errors import GovernanceError
from govsm.governance.unit_of_work import UnitOfWork
from govsm.ledger import record as rec
from govsm.ledger.lifecycle import REQUEST_STATES, TRANSFERABLE, check_transition
from govsm.ledger.permissions import Action
from govsm.ledger.record import GovernanceRecord
from govsm.model import ChannelStatus, LifecycleState, Profile


class Lifecycle:
    """Changes to existing profiles, over a unit of work.

    :param work: the organisation's unit of work.
    """

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    def transition(
        self,
        profile: str,
        to: LifecycleState,
        *,
        by: str,
        reason: str,
        at: datetime | None = None,
    ) -> Profile:
        """Move a profile to another lifecycle state.

        :param profile: the profile's id.
        :param to: the state it moves to (not one that only a request gives).
        :param by: who changes it (a coordinator).
        :param reason: why (required).
        :param at: when (default: now).
        :return: the profile, changed.
        :raises GovernanceError: the transition is not allowed.
        """
        work = self._work
        at = at or work.now()
        record, current = self._change_profile(profile, by, at, reason)
        to = LifecycleState(to)
        if to in REQUEST_STATES:
            raise GovernanceError(
                f"el perfil «{profile}» no puede pasar a {to.spanish} con una transición: ese "
                "estado lo da una solicitud (submit_request, approve_request, reject_request)",
                f"profile '{profile}' cannot become '{to}' through a transition: that state comes "
                "from a request (submit_request, approve_request, reject_request)",
            )
        check_transition(profile, current.state, to)
        if to is LifecycleState.ACTIVE and current.channel in work.channels:
            channel = work.channels[current.channel]
            if channel.status is ChannelStatus.CLOSED or not channel.usable_on(work._day(at)):
                raise GovernanceError(
                    f"{channel.display_name('es')} ha cerrado: el perfil «{profile}» no puede "
                    "activarse",
                    f"{channel.name} has closed: profile '{profile}' cannot become active",
                )
        changed = attrs.evolve(current, state=to, state_since=work._day(at))
        event = work._event(
            at,
            by,
            rec.PROFILE_TRANSITIONED,
            profile,
            **{"from": current.state.value, "to": to.value, "reason": reason},
        )
        work._write(record, [event], profiles=[changed])
        return changed

    def transfer(
        self, profile: str, unit: str, *, by: str, reason: str, at: datetime | None = None
    ) -> Profile:
        """Hand a profile over to another unit.

        :param profile: the profile's id.
        :param unit: the unit it goes to.
        :param by: who hands it over (a coordinator over both units).
        :param reason: why (required).
        :param at: when (default: now).
        :return: the profile, changed.
        :raises GovernanceError: the profile is not in a transferable state, the unit is unknown
            or it already owns the profile.
        """
        work = self._work
        org = work.organisation
        at = at or work.now()
        record, current = self._change_profile(profile, by, at, reason)
        units = {u.id for u in work.snapshot().units}
        if unit not in units:
            raise GovernanceError(
                f"«{org}» no tiene la unidad «{unit}»", f"'{org}' has no unit '{unit}'"
            )
        if unit == current.unit:
            raise GovernanceError(
                f"el perfil «{profile}» ya es de «{unit}»",
                f"profile '{profile}' is already {unit}'s",
            )
        work._require(record, by, Action.CHANGE_PROFILE, at, unit=unit)
        if current.state not in TRANSFERABLE:
            raise GovernanceError(
                f"el perfil «{profile}» está {current.state.spanish} y no se puede traspasar",
                f"profile '{profile}' is '{current.state}' and cannot be transferred",
            )
        changed = attrs.evolve(current, unit=unit)
        event = work._event(
            at,
            by,
            rec.PROFILE_TRANSFERRED,
            profile,
            from_unit=current.unit,
            unit=unit,
            reason=reason,
        )
        work._write(record, [event], profiles=[changed])
        return changed

    def retire(self, profile: str, *, by: str, reason: str, at: datetime | None = None) -> Profile:
        """Archive a profile because its network is deprecated or closed.

        :param profile: the profile's id.
        :param by: who archives it (a coordinator).
        :param reason: why (required).
        :param at: when (default: now).
        :return: the profile, archived.
        :raises GovernanceError: the network is still active or the profile cannot be archived
            from its state.
        """
        work = self._work
        at = at or work.now()
        record, current = self._change_profile(profile, by, at, reason)
        channel = work.channels.get(current.channel)
        day = work._day(at)
        retiring = channel is not None and (
            channel.status is not ChannelStatus.ACTIVE or not channel.usable_on(day)
        )
        if channel is None or not retiring:
            name_es = channel.display_name("es") if channel is not None else current.channel
            name_en = channel.name if channel is not None else current.channel
            raise GovernanceError(
                f"{name_es} no está en retirada ni cerrada: archive el perfil «{profile}» con una "
                "transición si hay otro motivo",
                f"{name_en} is neither deprecated nor closed: archive profile '{profile}' with a "
                "transition if there is another reason",
            )
        check_transition(profile, current.state, LifecycleState.ARCHIVED)
        changed = attrs.evolve(current, state=LifecycleState.ARCHIVED, state_since=day)
        event = work._event(
            at,
            by,
            rec.PROFILE_RETIRED,
            profile,
            **{
                "from": current.state.value,
                "to": LifecycleState.ARCHIVED.value,
                "reason": reason,
                "channel_status": channel.status.value,
            },
        )
        work._write(record, [event], profiles=[changed])
        return changed

    def _change_profile(
        self, profile: str, by: str, at: datetime, reason: str
    ) -> tuple[GovernanceRecord, Profile]:
        """The record and the profile, once the reason and ``by``'s role are checked."""
        work = self._work
        if not reason.strip():
            raise GovernanceError(
                "todo cambio de un perfil exige un motivo",
                "every change to a profile takes a reason",
            )
        record = work.record()
        current = work.profile(profile)
        work._require(record, by, Action.CHANGE_PROFILE, at, profile=profile)
        return record, current
