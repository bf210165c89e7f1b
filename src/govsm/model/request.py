"""A unit's request to open a profile, and the coordinating unit's decision on it."""

from __future__ import annotations

import enum
from datetime import datetime

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v


class RequestState(enum.StrEnum):
    """Where a profile request is: waiting for a decision, decided, or withdrawn."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def spanish(self) -> str:
        """The state's Spanish name, for Spanish prose (``pendiente``, ``aprobada``…)."""
        return _REQUEST_STATE_ES[self]


#: each state's Spanish name (a request is feminine: *la solicitud*)
_REQUEST_STATE_ES = {
    RequestState.PENDING: "pendiente",
    RequestState.APPROVED: "aprobada",
    RequestState.REJECTED: "rechazada",
    RequestState.WITHDRAWN: "retirada",
}


class Objective(enum.StrEnum):
    """What a profile is for (seed 004's first criterion: participative and/or collaborative?)."""

    #: informs citizens (news, notices, services)
    INFORMATIVE = "informative"
    #: invites citizens to take part (consultations, debates, suggestions)
    PARTICIPATIVE = "participative"
    #: works with citizens or other bodies on something (co-creation, volunteering, open data)
    COLLABORATIVE = "collaborative"
    #: answers questions and attends to citizens (customer service)
    SERVICE = "service"


@frozen
class ProfileRequest:
    """A unit's request to open a profile, with the four validation criteria of seed 004.

    The four criteria are *objectives* (participative and/or collaborative?), *theme* (defined and
    of citizen interest?), *audience* (which groups?) and *functionality* (does the network suit
    it?). The rest is what the organisation's prerequisites ask for
    (:class:`~govsm.model.policy.RequestPrerequisites`): an owner and backup editors, an
    institutional e-mail, an editorial line and a first plan of draft posts.

    :param organisation: the owning organisation's id.
    :param id: identifier, unique within the organisation.
    :param unit: the unit that asks (and will own the profile).
    :param channel: the network, as a channel id.
    :param profile: the id the profile will have once opened.
    :param handle: the account name it wants, if chosen.
    :param objectives: see :class:`Objective`; at least one.
    :param theme: what it will talk about.
    :param citizen_interest: why the theme is of citizen interest.
    :param audience: the groups it addresses.
    :param functionality: why this network suits them.
    :param owner: the person who will answer for it.
    :param backups: the backup editors.
    :param contact_email: the address the account will be registered with.
    :param editorial_line: tone and content, in a sentence or two.
    :param draft_posts: the first plan: texts of the first posts.
    :param languages: the languages it will publish in (BCP 47).
    :param requested_by: the person who filed it.
    :param requested_at: when.
    :param state: see :class:`RequestState`.
    :param decided_by: the coordinator who decided, once decided.
    :param decided_at: when.
    :param reason: the decision's reason (required to reject), or why it was withdrawn.
    """

    organisation: str = field(validator=v.slug)
    id: str = field(validator=v.slug)
    unit: str = field(validator=v.slug)
    channel: str = field(validator=v.slug)
    profile: str = field(validator=v.slug)
    requested_by: str = field(validator=v.slug)
    requested_at: datetime = field(converter=v.fixed_offset, validator=v.aware)
    handle: str | None = field(default=None, validator=v.optional_identifier)
    objectives: tuple[Objective, ...] = ()
    theme: str | None = field(default=None, validator=v.optional_text)
    citizen_interest: str | None = field(default=None, validator=v.optional_text)
    audience: tuple[str, ...] = field(default=(), validator=v.texts)
    functionality: str | None = field(default=None, validator=v.optional_text)
    owner: str | None = field(default=None, validator=v.optional_slug)
    backups: tuple[str, ...] = field(default=(), validator=v.slugs)
    contact_email: str | None = field(default=None, validator=v.email)
    editorial_line: str | None = field(default=None, validator=v.optional_text)
    draft_posts: tuple[str, ...] = field(default=(), validator=v.texts)
    languages: tuple[str, ...] = field(default=(), validator=v.language_tags)
    state: RequestState = RequestState.PENDING
    decided_by: str | None = field(default=None, validator=v.optional_slug)
    decided_at: datetime | None = field(default=None, converter=v.fixed_offset, validator=v.aware)
    reason: str | None = field(default=None, validator=v.optional_text)

    def __attrs_post_init__(self) -> None:
        decided = self.state in (RequestState.APPROVED, RequestState.REJECTED)
        if decided and (self.decided_by is None or self.decided_at is None):
            raise ModelError(
                f"una solicitud «{self.state}» necesita «decided_by» y «decided_at»",
                f"a request that is '{self.state}' needs 'decided_by' and 'decided_at'",
            )
        if self.state is RequestState.REJECTED and not self.reason:
            raise ModelError(
                "una solicitud rechazada necesita el motivo («reason»)",
                "a rejected request needs its reason ('reason')",
                field="reason",
            )
        if self.owner is not None and self.owner in self.backups:
            raise ModelError(
                f"«{self.owner}» no puede ser a la vez responsable y suplente",
                f"'{self.owner}' cannot be both the owner and a backup",
                field="backups",
            )
