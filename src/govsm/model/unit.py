"""An *área* of the organisation: Comunicación, Deportes, Cultura."""

from __future__ import annotations

from attrs import field, frozen

from govsm.model import _validate as v


@frozen
class Unit:
    """An área (department) of an organisation.

    :param organisation: the owning organisation's id.
    :param id: identifier, unique within the organisation.
    :param name: the área's name as the organisation writes it.
    :param parent: the unit this one hangs from, if any.
    :param head: id of the person responsible for the unit, if any.
    :param email: the unit's institutional e-mail address.
    """

    organisation: str = field(validator=v.slug)
    id: str = field(validator=v.slug)
    name: str = field(validator=v.nonempty_text)
    parent: str | None = field(default=None, validator=v.optional_slug)
    head: str | None = field(default=None, validator=v.optional_slug)
    email: str | None = field(default=None, validator=v.email)
