"""Everything an organisation's usage manual declares, as one value the store saves and reads."""

from __future__ import annotations

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model.organisation import Organisation
from govsm.model.person import Person
from govsm.model.policy import Policy
from govsm.model.profile import Profile
from govsm.model.role import RoleAssignment
from govsm.model.unit import Unit


@frozen
class OrganisationSnapshot:
    """An organisation with its units, people, roles, profiles and policy.

    It is what a workspace's ``govsm.toml`` declares and what
    :meth:`govsm.store.Store.save_snapshot` writes; every part must belong to ``organisation``.
    """

    organisation: Organisation
    units: tuple[Unit, ...] = ()
    people: tuple[Person, ...] = ()
    roles: tuple[RoleAssignment, ...] = ()
    profiles: tuple[Profile, ...] = ()
    policy: Policy | None = field(default=None)

    def __attrs_post_init__(self) -> None:
        owner = self.organisation.id
        parts: list[tuple[str, object]] = [
            *(("units", u) for u in self.units),
            *(("people", p) for p in self.people),
            *(("roles", r) for r in self.roles),
            *(("profiles", p) for p in self.profiles),
        ]
        if self.policy is not None:
            parts.append(("policy", self.policy))
        for kind, part in parts:
            if getattr(part, "organisation", owner) != owner:
                raise ModelError(
                    f"un elemento de «{kind}» pertenece a «{getattr(part, 'organisation', '')}», "
                    f"no a «{owner}»",
                    f"an item of '{kind}' belongs to '{getattr(part, 'organisation', '')}', "
                    f"not to '{owner}'",
                )
