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

    def person_with_login(self, login: str) -> Person | None:
        """The person one of whose :attr:`~govsm.model.Person.logins` is ``login`` (any case)."""
        wanted = login.casefold()
        for person in self.people:
            if any(candidate.casefold() == wanted for candidate in person.logins):
                return person
        return None

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
        logins: dict[str, str] = {}
        for person in self.people:
            for login in person.logins:
                other = logins.setdefault(login.casefold(), person.id)
                if other != person.id:
                    raise ModelError(
                        f"la cuenta «{login}» es de «{other}» y de «{person.id}»: una cuenta es "
                        "de una sola persona",
                        f"login '{login}' belongs to both '{other}' and '{person.id}': an account "
                        "is one person's",
                    )
        for kind, part in parts:
            if getattr(part, "organisation", owner) != owner:
                raise ModelError(
                    f"un elemento de «{kind}» pertenece a «{getattr(part, 'organisation', '')}», "
                    f"no a «{owner}»",
                    f"an item of '{kind}' belongs to '{getattr(part, 'organisation', '')}', "
                    f"not to '{owner}'",
                )
