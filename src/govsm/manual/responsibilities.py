"""The manual's section on responsibilities: the RACI matrix and the approval flow.

The records of section 4 of the :class:`~govsm.manual.document.ManualDocument`;
:mod:`~govsm.manual.raci` and :mod:`~govsm.manual.flow` build them from the workspace.
"""

from __future__ import annotations

import enum
from datetime import date

from attrs import frozen

from govsm.manual.refs import PersonRef, ProfileRef
from govsm.model import Role, ScopeKind


class Activity(enum.StrEnum):
    """The activities of the responsibility (RACI) matrix, in its column order."""

    PROFILES = "profiles"
    POSTS = "posts"
    APPROVAL = "approval"
    REPLIES = "replies"
    MANUAL = "manual"
    CRISIS = "crisis"


@frozen
class Assignment:
    """A role a person holds, where, and until when.

    :param role: see :class:`~govsm.model.Role`.
    :param scope: see :class:`~govsm.model.ScopeKind`.
    :param target: the name of the área, for a role scoped to one.
    :param profile: the profile, for a role scoped to one.
    :param until: its last day, when limited.
    """

    role: Role
    scope: ScopeKind
    target: str | None = None
    profile: ProfileRef | None = None
    until: date | None = None


@frozen
class RaciRow:
    """One person's row of the matrix.

    :param person: who.
    :param assignments: the roles behind the letters.
    :param owns: the live profiles they own (first responsible).
    :param cells: the letters (``R``, ``A``, ``C``, ``I``, combined) for each
        :class:`Activity`, in order; empty when not involved.
    """

    person: PersonRef
    assignments: tuple[Assignment, ...]
    owns: tuple[ProfileRef, ...]
    cells: tuple[str, ...]


@frozen
class RaciMatrix:
    """Who is Responsible, Accountable, Consulted and Informed for each activity.

    :param activities: the columns.
    :param rows: one per person with a role in force, or a profile, or a place in the crisis
        team.
    """

    activities: tuple[Activity, ...]
    rows: tuple[RaciRow, ...]


@frozen
class ApprovalPath:
    """How messages in one scope reach the network.

    :param scope: the organisation (the default), an área or a profile.
    :param target: the área's name, for an área's path.
    :param tiers: approvals needed, each by a different person.
    :param replies: whether replies to citizens need them too.
    :param approvers: who may approve there.
    :param profile: the profile, for a profile's path.
    """

    scope: ScopeKind
    target: str | None
    tiers: int
    replies: bool
    approvers: tuple[PersonRef, ...]
    profile: ProfileRef | None = None


@frozen
class ApprovalFlow:
    """The approval flow: the organisation's default path first, then the exceptions.

    :param paths: see :class:`ApprovalPath`.
    """

    paths: tuple[ApprovalPath, ...]


@frozen
class Responsibilities:
    """The responsibility matrix and the approval flow.

    :param raci: see :class:`RaciMatrix`.
    :param flow: see :class:`ApprovalFlow`.
    """

    raci: RaciMatrix
    flow: ApprovalFlow
