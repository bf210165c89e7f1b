"""A person's roles handed to another for the days of an absence."""

from __future__ import annotations

from datetime import date

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v
from govsm.model.role import Role


@frozen
class Delegation:
    """During an absence, ``delegate`` acts with ``person``'s roles, between two dates.

    The dates ``starts_on`` and ``ends_on`` are both inclusive.

    The delegate acts *on behalf of* the absent person: every approval made so records both.
    A delegation never lets anyone approve their own message.

    :param organisation: the owning organisation's id.
    :param id: identifier, unique within the organisation.
    :param person: who is away.
    :param delegate: who covers.
    :param starts_on: first day.
    :param ends_on: last day.
    :param roles: the roles handed over (all of the person's, if empty).
    :param reason: why (holidays, leave…).
    """

    organisation: str = field(validator=v.slug)
    id: str = field(validator=v.slug)
    person: str = field(validator=v.slug)
    delegate: str = field(validator=v.slug)
    starts_on: date
    ends_on: date
    roles: tuple[Role, ...] = ()
    reason: str | None = field(default=None, validator=v.optional_text)

    def __attrs_post_init__(self) -> None:
        if self.person == self.delegate:
            raise ModelError(
                f"«{self.person}» no puede delegar en sí mismo",
                f"'{self.person}' cannot delegate to themselves",
                field="delegate",
            )
        if self.ends_on < self.starts_on:
            raise ModelError(
                f"la delegación acaba ({self.ends_on}) antes de empezar ({self.starts_on})",
                f"the delegation ends ({self.ends_on}) before it starts ({self.starts_on})",
                field="ends_on",
            )

    def in_force_on(self, day: date) -> bool:
        """Whether the delegation applies on ``day``."""
        return self.starts_on <= day <= self.ends_on

    def hands_over(self, role: Role) -> bool:
        """Whether ``role`` is one of the roles handed over."""
        return not self.roles or role in self.roles
