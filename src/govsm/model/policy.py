"""The usage manual as data: rules, office hours, response targets, electoral periods.

When posts may go out — posting windows, publishing limits, local holidays — is in
``govsm.model.publishing``; the :class:`Policy` holds those too.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from datetime import date, time
from typing import Any

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v
from govsm.model.publishing import LocalHoliday, PostingWindow, PublishingLimit, Weekday
from govsm.model.role import ScopeKind


class Severity(enum.StrEnum):
    """How serious a finding is. ``error`` makes ``govsm audit`` and ``govsm check`` exit 1."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error: for sorting and thresholds."""
        return ("info", "warning", "error").index(self.value)

    @property
    def spanish(self) -> str:
        """The severity's Spanish name, for Spanish output (``error``, ``aviso``, ``información``).

        >>> Severity.WARNING.spanish
        'aviso'
        """
        return _SEVERITY_ES[self]

    @classmethod
    def named(cls, value: object) -> Severity | None:
        """The severity whose stored value is ``value``, or ``None`` for anything else.

        Unlike ``Severity(value)`` it raises nothing, whatever ``value`` is: readers of stored
        documents use it to tell a severity govsm wrote from one it did not.

        >>> Severity.named("warning"), Severity.named("Warning"), Severity.named(["error"])
        (<Severity.WARNING: 'warning'>, None, None)
        """
        return _SEVERITY_BY_VALUE.get(value) if type(value) is str else None

    def label(self, language: str) -> str:
        """The severity as a reader of ``language`` reads it: Spanish for ``es``, else the code."""
        return self.spanish if language.split("-")[0] == "es" else self.value


_SEVERITY_BY_VALUE = {member.value: member for member in Severity}
_SEVERITY_ES = {Severity.INFO: "información", Severity.WARNING: "aviso", Severity.ERROR: "error"}


#: the values a rule parameter can take
ParamValue = str | int | float | bool | list[str]


@frozen
class RuleConfig:
    """How the policy configures one rule.

    :param id: the rule's id (as a rules plugin declares it).
    :param enabled: whether it runs.
    :param severity: overrides the rule's default severity.
    :param params: the rule's parameters.
    :param scope: where this configuration applies: the organisation, a unit or a profile.
    :param target: the unit's or profile's id when the scope is not the organisation.
    :param channel: limit it to one channel.
    """

    id: str = field(validator=v.slug)
    enabled: bool = True
    severity: Severity | None = None
    params: Mapping[str, ParamValue] = field(factory=dict)
    scope: ScopeKind = ScopeKind.ORGANISATION
    target: str | None = field(default=None, validator=v.optional_slug)
    channel: str | None = field(default=None, validator=v.optional_slug)

    def __attrs_post_init__(self) -> None:
        if (self.scope is ScopeKind.ORGANISATION) != (self.target is None):
            raise ModelError(
                f"la regla «{self.id}»: el ámbito «organisation» no lleva «target»; "
                "«unit» y «profile» lo necesitan",
                f"rule '{self.id}': scope 'organisation' takes no 'target'; "
                "'unit' and 'profile' need one",
            )
        for key, value in self.params.items():
            v.check_text(key, "params")
            if isinstance(value, str):
                v.check_text(value, f"params.{key}")
            if isinstance(value, float) and not math.isfinite(value):
                raise ModelError(
                    f"la regla «{self.id}»: el parámetro «{key}» debe ser un número finito",
                    f"rule '{self.id}': parameter '{key}' must be a finite number",
                    field=f"params.{key}",
                )


@frozen
class OfficeHours:
    """When the organisation's staff attend the networks: ``days`` from ``opens`` to ``closes``."""

    days: tuple[Weekday, ...]
    opens: time
    closes: time

    def __attrs_post_init__(self) -> None:
        if self.closes <= self.opens:
            raise ModelError(
                f"el horario cierra ({self.closes}) antes de abrir ({self.opens})",
                f"office hours close ({self.closes}) before they open ({self.opens})",
            )
        for moment in (self.opens, self.closes):
            if moment.tzinfo is not None:
                raise ModelError(
                    "las horas de oficina son locales: la zona es la de la organización",
                    "office hours are local times: the time zone is the organisation's",
                )


@frozen
class ResponseTarget:
    """How fast citizens must get an answer.

    :param hours: the target, in hours.
    :param business_hours: whether the clock only runs during office hours.
    :param channel: limit the target to one channel.
    :param kind: limit it to one kind of inbound message (``mention``, ``comment``, ``direct``).
    """

    hours: float = field(validator=v.finite)
    business_hours: bool = True
    channel: str | None = field(default=None, validator=v.optional_slug)
    kind: str | None = field(default=None, validator=v.optional_slug)

    def __attrs_post_init__(self) -> None:
        if not self.hours > 0:
            raise ModelError(
                "el objetivo de respuesta debe ser mayor que cero horas",
                "the response target must be more than zero hours",
            )


@frozen
class ElectoralPeriod:
    """From the call of an election to polling day (LOREG art. 50: no inaugurations).

    :param name: e.g. ``Eleccions municipals 2027``.
    :param starts_on: the day the election is called (convocatoria), inclusive.
    :param ends_on: polling day, inclusive.
    """

    name: str = field(validator=v.nonempty_text)
    starts_on: date
    ends_on: date

    def __attrs_post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ModelError(
                f"el periodo electoral «{self.name}» acaba antes de empezar",
                f"electoral period '{self.name}' ends before it starts",
            )

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls within the period."""
        return self.starts_on <= day <= self.ends_on


@frozen
class Waiver:
    """A recorded decision to accept a rule's finding: who, why, for what, until when.

    :param rule: the rule waived.
    :param person: the id of the person who grants it (a coordinator or approver).
    :param reason: why, in a sentence (it is shown wherever the finding is).
    :param granted_on: the day it was granted.
    :param message: limit it to one message.
    :param profile: limit it to one profile's messages.
    :param expires_on: the last day it applies, if any.
    """

    rule: str = field(validator=v.slug)
    person: str = field(validator=v.slug)
    reason: str = field(validator=v.nonempty_text)
    granted_on: date
    message: str | None = field(default=None, validator=v.optional_slug)
    profile: str | None = field(default=None, validator=v.optional_slug)
    expires_on: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.message is None and self.profile is None:
            raise ModelError(
                f"la dispensa de «{self.rule}» debe limitarse a un mensaje o a un perfil",
                f"the waiver of '{self.rule}' must be limited to a message or a profile",
            )

    def covers(self, rule: str, message: str, profile: str | None, day: date) -> bool:
        """Whether this waiver applies to ``rule`` on ``message`` of ``profile`` on ``day``."""
        if rule != self.rule or day < self.granted_on:
            return False
        if self.expires_on is not None and day > self.expires_on:
            return False
        if self.message is not None and self.message != message:
            return False
        return self.profile is None or self.profile == profile


@frozen
class ApprovalRule:
    """How many approvals messages need in one scope, overriding the policy's default.

    The most specific rule wins: a profile's over its unit's over the organisation's.

    :param tiers: approvals needed, each by a different person (0: none).
    :param scope: ``organisation``, ``unit`` or ``profile``.
    :param target: the unit's or profile's id when the scope is not the organisation.
    :param replies: whether replies to citizens need them too (posts always do).
    """

    tiers: int = field(validator=v.non_negative)
    scope: ScopeKind = ScopeKind.ORGANISATION
    target: str | None = field(default=None, validator=v.optional_slug)
    replies: bool = False

    def __attrs_post_init__(self) -> None:
        if self.tiers > MAX_APPROVAL_TIERS:
            raise ModelError(
                f"{self.tiers} niveles de aprobación son demasiados (máximo {MAX_APPROVAL_TIERS})",
                f"{self.tiers} approval tiers are too many (at most {MAX_APPROVAL_TIERS})",
                field="tiers",
            )
        if (self.scope is ScopeKind.ORGANISATION) != (self.target is None):
            raise ModelError(
                "una regla de aprobación de ámbito «organisation» no lleva «target»; una de "
                "ámbito «unit» o «profile» lo necesita",
                "an approval rule scoped to 'organisation' takes no 'target'; one scoped to "
                "'unit' or 'profile' needs one",
            )


#: the most approval tiers a policy may ask for (more is a typo, not a procedure)
MAX_APPROVAL_TIERS = 5


def _at_most_max_tiers(_instance: object, attribute: Any, value: int) -> None:
    if isinstance(value, int) and value > MAX_APPROVAL_TIERS:
        raise ModelError(
            f"{value} niveles de aprobación son demasiados (máximo {MAX_APPROVAL_TIERS})",
            f"{value} approval tiers are too many (at most {MAX_APPROVAL_TIERS})",
            field=attribute.name,
        )


@frozen
class RequestPrerequisites:
    """What a request to open a profile must bring before the coordinating unit decides.

    Seed 004 names the four validation criteria (objectives, theme, audience, functionality),
    which every request must answer; these are the organisation's further conditions.

    :param owner: a named owner (responsible person) is required.
    :param min_backups: backup editors required besides the owner.
    :param institutional_email: the account's e-mail must be on one of the organisation's domains.
    :param editorial_line: an editorial line is required.
    :param min_draft_posts: the first plan must hold at least this many draft posts.
    :param active_network: the network must not be deprecated or closed.
    :param no_duplicate: no profile of the organisation may already cover the same theme and
        audience on the same network (consolidate instead).
    """

    owner: bool = True
    min_backups: int = field(default=1, validator=v.non_negative)
    institutional_email: bool = True
    editorial_line: bool = True
    min_draft_posts: int = field(default=3, validator=v.non_negative)
    active_network: bool = True
    no_duplicate: bool = True


@frozen
class Policy:
    """An organisation's social-media policy, versioned.

    :param organisation: the owning organisation's id.
    :param version: the policy's version (every finding names it).
    :param coordinating_unit: the unit that coordinates profiles and approves requests.
    :param rules: rule configurations, see :class:`RuleConfig`.
    :param office_hours: see :class:`OfficeHours`.
    :param response_targets: see :class:`ResponseTarget`.
    :param electoral_periods: see :class:`ElectoralPeriod`.
    :param approval_tiers: how many approvals a post needs before it goes out (0: none), unless
        an :class:`ApprovalRule` for its profile or unit says otherwise.
    :param approve_replies: whether replies to citizens go through approval too.
    :param approval_rules: per-unit or per-profile approval tiers, see :class:`ApprovalRule`.
    :param request_prerequisites: what a request to open a profile must bring, see
        :class:`RequestPrerequisites`.
    :param request_waiting_days: a request undecided for longer than this is a health finding.
    :param dormant_after_days: a profile with no post for this many days is dormant.
    :param official_hashtags: the campaign hashtags the organisation uses.
    :param sede_url: the address of the sede electrónica, where procedures (trámites) live.
    :param effective_on: the day this version came into force.
    :param waivers: recorded exceptions to rules, see :class:`Waiver`.
    :param posting_windows: when each profile's posts may go out, see
        :class:`~govsm.model.PostingWindow` (none: the office hours).
    :param publishing_limits: daily caps and minimum spacing of posts, see
        :class:`~govsm.model.PublishingLimit`.
    :param local_holidays: the town's or the body's own holidays, see
        :class:`~govsm.model.LocalHoliday`.
    """

    organisation: str = field(validator=v.slug)
    version: str = field(validator=v.short_text(64))
    coordinating_unit: str = field(validator=v.slug)
    rules: tuple[RuleConfig, ...] = ()
    office_hours: tuple[OfficeHours, ...] = ()
    response_targets: tuple[ResponseTarget, ...] = ()
    electoral_periods: tuple[ElectoralPeriod, ...] = ()
    approval_tiers: int = field(default=1, validator=[v.non_negative, _at_most_max_tiers])
    approve_replies: bool = False
    approval_rules: tuple[ApprovalRule, ...] = ()
    request_prerequisites: RequestPrerequisites = field(factory=RequestPrerequisites)
    request_waiting_days: int = field(default=30, validator=v.positive)
    dormant_after_days: int = field(default=90, validator=v.positive)
    official_hashtags: tuple[str, ...] = field(default=(), validator=v.identifiers)
    sede_url: str | None = field(default=None, validator=v.url)
    effective_on: date | None = None
    waivers: tuple[Waiver, ...] = ()
    posting_windows: tuple[PostingWindow, ...] = ()
    publishing_limits: tuple[PublishingLimit, ...] = ()
    local_holidays: tuple[LocalHoliday, ...] = ()
