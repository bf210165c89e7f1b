"""The manual's sections on running the profiles: who coordinates, how profiles are opened.

The records of sections 1 (the coordinating área, :class:`Coordination`), 2 (the procedure to
open and manage profiles, :class:`Procedure`), 3 (resources, :class:`ResourceEntry`) and 5 (what
a request must show, :class:`Validation`) of the :class:`~govsm.manual.document.ManualDocument`.
"""

from __future__ import annotations

from attrs import frozen

from govsm.manual.refs import PersonRef
from govsm.model import LifecycleState, LocalizedText, RequestPrerequisites, ResourceKind


@frozen
class Coordination:
    """The coordinating área: who opens profiles, keeps the manual and approves.

    :param unit: the área's name.
    :param email: its address.
    :param head: the person at its head.
    :param coordinators: people with the coordinator role.
    :param approvers: people who may approve for the whole organisation.
    :param website: the organisation's web site.
    :param sede_url: its *sede electrónica*.
    """

    unit: str
    email: str | None
    head: PersonRef | None
    coordinators: tuple[PersonRef, ...]
    approvers: tuple[PersonRef, ...]
    website: str | None = None
    sede_url: str | None = None


@frozen
class StateCount:
    """A lifecycle state and how many profiles are in it now."""

    state: LifecycleState
    profiles: int


@frozen
class Procedure:
    """How profiles are requested, decided, opened, transferred and retired.

    :param states: every lifecycle state, in order, with its profiles.
    :param request_waiting_days: a request waits at most this long for a decision.
    :param dormant_after_days: a profile silent this long is dormant.
    :param how_to_request: the organisation's notes, see :class:`~govsm.model.ProcedureNotes`.
    :param form_url: the request form.
    :param decision: who decides and how.
    :param transfer: how a profile changes hands.
    :param retirement: how a profile is archived.
    """

    states: tuple[StateCount, ...]
    request_waiting_days: int
    dormant_after_days: int
    how_to_request: LocalizedText | None = None
    form_url: str | None = None
    decision: LocalizedText | None = None
    transfer: LocalizedText | None = None
    retirement: LocalizedText | None = None


@frozen
class ResourceEntry:
    """A resource, with its área and person named.

    :param kind: see :class:`~govsm.model.ResourceKind`.
    :param name: what it is.
    :param description: what it is for.
    :param unit: the name of the área that provides it.
    :param person: who is in charge of it.
    :param hours_per_week: time per week.
    """

    kind: ResourceKind
    name: LocalizedText
    description: LocalizedText | None = None
    unit: str | None = None
    person: PersonRef | None = None
    hours_per_week: float | None = None


@frozen
class Validation:
    """What a request to open a profile must show before it is approved.

    The four criteria (objectives, theme, audience, functionality) are always asked; the
    prerequisites are the organisation's.

    :param prerequisites: see :class:`~govsm.model.RequestPrerequisites`.
    :param domains: the organisation's domains (for the institutional e-mail).
    """

    prerequisites: RequestPrerequisites
    domains: tuple[str, ...] = ()
