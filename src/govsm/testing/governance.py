"""A small organisation with every role, for governance tests, examples and third-party plugins.

:func:`small_snapshot` is a fictional council with a coordinating unit (``comms``) and a sports
unit (``sport``):

========  ==========================================================
person    roles
========  ==========================================================
``cora``  coordinator of the organisation
``ana``   approver of the organisation
``abel``  approver of the organisation
``edu``   editor of ``sport``
``eva``   editor of ``comms``
``rita``  responder on profile ``x-sport``
``vic``   viewer of the organisation
========  ==========================================================

Profiles: ``x-sport`` (X, sport, active), ``fb-sport`` (Facebook, sport, active) and
``gplus`` (Google+, comms, active: its network closed in 2019). Posts need one approval.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from govsm.governance.service import Governance
from govsm.model import (
    Organisation,
    OrganisationKind,
    OrganisationSnapshot,
    Person,
    Policy,
    Profile,
    Role,
    RoleAssignment,
    ScopeKind,
    Unit,
)

ORG = "small-council"

#: the instant :func:`small_governance`'s clock starts at
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def small_snapshot(*, approval_tiers: int = 1) -> OrganisationSnapshot:
    """The small council (see the module's docstring)."""

    def role(
        person: str,
        role: Role,
        scope: ScopeKind = ScopeKind.ORGANISATION,
        target: str | None = None,
    ) -> RoleAssignment:
        return RoleAssignment(ORG, person, role, scope, target)

    people = ("cora", "ana", "abel", "edu", "eva", "rita", "vic")
    return OrganisationSnapshot(
        Organisation(
            id=ORG,
            name="Small Council",
            kind=OrganisationKind.AYUNTAMIENTO,
            languages=("es",),
            timezone="Europe/Madrid",
            domains=("small.example",),
        ),
        units=(Unit(ORG, "comms", "Comunicación"), Unit(ORG, "sport", "Deportes")),
        people=tuple(Person(ORG, p, p.capitalize(), email=f"{p}@small.example") for p in people),
        roles=(
            role("cora", Role.COORDINATOR),
            role("ana", Role.APPROVER),
            role("abel", Role.APPROVER),
            role("edu", Role.EDITOR, ScopeKind.UNIT, "sport"),
            role("eva", Role.EDITOR, ScopeKind.UNIT, "comms"),
            role("rita", Role.RESPONDER, ScopeKind.PROFILE, "x-sport"),
            role("vic", Role.VIEWER),
        ),
        profiles=(
            Profile(
                ORG, "x-sport", "x", "@SmallSport", "sport", theme="Deportes", audience=("vecinos",)
            ),
            Profile(ORG, "fb-sport", "facebook", "SmallSport", "sport"),
            Profile(ORG, "gplus", "googleplus", "+SmallCouncil", "comms"),
        ),
        policy=Policy(ORG, "1", "comms", approval_tiers=approval_tiers),
    )


class TickingClock:
    """A clock that moves one minute each time it is read, from :data:`START`."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        """The next minute."""
        from datetime import timedelta

        current = self.now
        self.now = current + timedelta(minutes=1)
        return current


def small_governance(
    *,
    approval_tiers: int = 1,
    store_url: str = "sqlite://",
    clock: Callable[[], datetime] | None = None,
) -> Governance:
    """:class:`~govsm.governance.Governance` over the small council, saved in a fresh store.

    :param store_url: the store (default: an in-memory SQLite database).
    """
    from govsm.channels.catalogue import CHANNELS
    from govsm.store import Store

    store = Store.open(store_url)
    store.save_snapshot(small_snapshot(approval_tiers=approval_tiers))
    return Governance(store, ORG, {c.id: c for c in CHANNELS}, clock=clock or TickingClock())
