"""The responsibility (RACI) matrix, built from the workspace's role assignments.

One row per person who takes part on the reference day, one column per
:class:`~govsm.manual.responsibilities.Activity`.
The letters come from what each person is in the workspace:

============================  ========  =====  ========  =======  ======  ======
what                          profiles  posts  approval  replies  manual  crisis
============================  ========  =====  ========  =======  ======  ======
``coordinator`` role          R A       C      A         C        R A     A
``approver`` role             C                R                  C       C
``editor`` role                         R      I                  I
``responder`` role                                       R        I       I
``viewer`` role               I         I                I        I       I
owner of a live profile       C         A                A
backup of a live profile                R                R
head of an área               C
crisis team or spokesperson                                               R
notified by a crisis level                                                I
============================  ========  =====  ========  =======  ======  ======

A person's letters are the union of theirs; R or A make C and I redundant, and C makes I
redundant. Roles out of force on the day, and people who have left, are not in the matrix.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from govsm.manual.refs import Names, ProfileRef
from govsm.manual.responsibilities import Activity, Assignment, RaciMatrix, RaciRow
from govsm.model import LifecycleState, ManualContent, Role, ScopeKind

#: the letters each role gives, by activity
ROLE_LETTERS: Mapping[Role, Mapping[Activity, str]] = {
    Role.COORDINATOR: {
        Activity.PROFILES: "RA",
        Activity.POSTS: "C",
        Activity.APPROVAL: "A",
        Activity.REPLIES: "C",
        Activity.MANUAL: "RA",
        Activity.CRISIS: "A",
    },
    Role.APPROVER: {
        Activity.PROFILES: "C",
        Activity.APPROVAL: "R",
        Activity.MANUAL: "C",
        Activity.CRISIS: "C",
    },
    Role.EDITOR: {Activity.POSTS: "R", Activity.APPROVAL: "I", Activity.MANUAL: "I"},
    Role.RESPONDER: {Activity.REPLIES: "R", Activity.MANUAL: "I", Activity.CRISIS: "I"},
    Role.VIEWER: {
        Activity.PROFILES: "I",
        Activity.POSTS: "I",
        Activity.REPLIES: "I",
        Activity.MANUAL: "I",
        Activity.CRISIS: "I",
    },
}
OWNER_LETTERS: Mapping[Activity, str] = {
    Activity.PROFILES: "C",
    Activity.POSTS: "A",
    Activity.REPLIES: "A",
}
BACKUP_LETTERS: Mapping[Activity, str] = {Activity.POSTS: "R", Activity.REPLIES: "R"}
HEAD_LETTERS: Mapping[Activity, str] = {Activity.PROFILES: "C"}
TEAM_LETTERS: Mapping[Activity, str] = {Activity.CRISIS: "R"}
NOTIFIED_LETTERS: Mapping[Activity, str] = {Activity.CRISIS: "I"}

#: profiles in these states have owners who answer for them now
_LIVE = frozenset({LifecycleState.ACTIVE, LifecycleState.DORMANT, LifecycleState.APPROVED})
_ROLE_ORDER = tuple(Role)


def combine(letters: str) -> str:
    """Letters as one cell: ``R``, ``A``, ``C``, ``I`` in that order, the redundant dropped.

    >>> combine("ICAR")
    'RA'
    >>> combine("IC")
    'C'
    """
    present = set(letters)
    if present & {"R", "A"}:
        present -= {"C", "I"}
    elif "C" in present:
        present.discard("I")
    return "".join(letter for letter in "RACI" if letter in present)


def build_raci(names: Names, manual: ManualContent | None, today: date) -> RaciMatrix:
    """The matrix of the organisation on ``today``.

    :param names: the organisation's look-ups.
    :param manual: the ``[manual]`` table (its crisis team and notified people), if any.
    :param today: the reference day.
    """
    snap = names.snapshot
    active = {p.id for p in snap.people if p.active_on(today)}
    letters: dict[str, dict[Activity, str]] = {}
    assignments: dict[str, list[Assignment]] = {}
    owns: dict[str, list[ProfileRef]] = {}

    def add(person: str, table: Mapping[Activity, str]) -> None:
        if person not in active:
            return
        cells = letters.setdefault(person, {})
        for activity, value in table.items():
            cells[activity] = cells.get(activity, "") + value

    for role in snap.roles:
        if role.person not in active or not role.in_force_on(today):
            continue
        add(role.person, ROLE_LETTERS[role.role])
        assignments.setdefault(role.person, []).append(
            Assignment(
                role=role.role,
                scope=role.scope,
                target=names.unit(role.target) if role.scope is ScopeKind.UNIT else None,
                profile=names.profile(role.target) if role.scope is ScopeKind.PROFILE else None,
                until=role.ends_on,
            )
        )
    for profile in snap.profiles:
        if profile.state not in _LIVE:
            continue
        for index, person in enumerate(profile.responsible):
            add(person, OWNER_LETTERS if index == 0 else BACKUP_LETTERS)
            if index == 0 and person in active:
                owns.setdefault(person, []).append(names.profile_ref(profile))
    heads: dict[str, list[str]] = {}
    for unit in snap.units:
        if unit.head is not None and unit.head in active:
            add(unit.head, HEAD_LETTERS)
            heads.setdefault(unit.head, []).append(unit.name)
    if manual is not None and manual.crisis is not None:
        crisis = manual.crisis
        for person in (*crisis.team, *((crisis.spokesperson,) if crisis.spokesperson else ())):
            add(person, TEAM_LETTERS)
        for level in crisis.levels:
            for person in level.notify:
                add(person, NOTIFIED_LETTERS)
    rows = []
    for person_id, cells in letters.items():
        ref = names.person(person_id)
        if ref is None:
            continue
        rows.append(
            RaciRow(
                person=ref,
                assignments=tuple(assignments.get(person_id, ())),
                owns=tuple(owns.get(person_id, ())),
                cells=tuple(combine(cells.get(activity, "")) for activity in Activity),
            )
        )
    rows.sort(key=lambda row: (_rank(row), row.person.name))
    return RaciMatrix(activities=tuple(Activity), rows=tuple(rows))


def _rank(row: RaciRow) -> int:
    """Coordinators first, then approvers, editors, responders, viewers, then everyone else."""
    ranks = [_ROLE_ORDER.index(a.role) for a in row.assignments]
    return min(ranks, default=len(_ROLE_ORDER))
