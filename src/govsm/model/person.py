"""Staff and office holders."""

from __future__ import annotations

from datetime import date

from attrs import field, frozen

from govsm.model import _validate as v


@frozen
class Person:
    """Someone who works for, or holds office in, the organisation.

    :param organisation: the owning organisation's id.
    :param id: identifier, unique within the organisation.
    :param name: full name.
    :param email: institutional e-mail address.
    :param unit: the unit the person works in, if any.
    :param political_office: the office held by an elected or appointed official
        (``Alcaldesa``, ``Concejal de Deportes``); ``None`` for staff. Office holders' names are
        what institutional-neutrality rules look for.
    :param left_on: the day the person left the organisation, if they have.
    """

    organisation: str = field(validator=v.slug)
    id: str = field(validator=v.slug)
    name: str = field(validator=v.nonempty_text)
    email: str | None = field(default=None, validator=v.email)
    unit: str | None = field(default=None, validator=v.optional_slug)
    political_office: str | None = field(default=None, validator=v.optional_text)
    left_on: date | None = None

    @property
    def is_office_holder(self) -> bool:
        """Whether the person holds a political office."""
        return self.political_office is not None

    def active_on(self, day: date) -> bool:
        """Whether the person still belonged to the organisation on ``day``."""
        return self.left_on is None or day < self.left_on
