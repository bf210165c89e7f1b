"""The record a rules plugin returns from :func:`~govsm.spec.hookspecs.govsm_rules`."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from attrs import field, frozen

from govsm.model import _validate as v
from govsm.model.bilingual import Bilingual
from govsm.model.finding import Finding
from govsm.model.policy import ParamValue, Severity

if TYPE_CHECKING:
    from govsm.spec.rule_context import RuleContext

#: what a rule runs: a :class:`~govsm.spec.RuleContext` in, findings out
RuleCheck = Callable[["RuleContext"], Iterable[Finding]]


class Subject(enum.StrEnum):
    """What a rule judges: a message, or a profile.

    The message checker (``govsm check``, the ``checks`` step of ``govsm audit``) runs the
    message rules only. Profile rules are declared so that the policy validates and configures
    them and ``govsm check --explain`` documents them; whatever checks profiles runs them (the
    built-in ``style-manual`` step of ``govsm audit``).
    """

    MESSAGE = "message"
    PROFILE = "profile"


@frozen
class Rule:
    """A policy rule.

    :param id: identifier used in ``govsm.toml`` (``[[policy.rules]] id = ...``) and in findings.
    :param title: a short name, in Spanish and English.
    :param default_severity: the severity when the policy does not set one.
    :param check: the function that inspects a message (see :data:`RuleCheck`); the message
        checker never calls it for a profile rule.
    :param params: the parameters it accepts, with their defaults.
    :param reference: where its reason is documented (a law, a guide, a docs page).
    :param explanation: what it checks and why, in Markdown (``govsm check --explain`` prints it).
    :param enabled_by_default: whether it runs when the policy does not mention it.
    :param family: the family it belongs to in the docs (``links``, ``accessibility``…).
    :param sensitive: its spans hold personal data; the engine marks its findings ``redact`` so
        no output quotes them.
    :param subject: what it judges (:class:`Subject`): a message (the default), or a profile —
        the message checker skips profile rules, which the step that checks profiles runs.
    """

    id: str = field(validator=v.slug)
    title: Bilingual
    default_severity: Severity
    check: RuleCheck = field(eq=False)
    params: Mapping[str, ParamValue] = field(factory=dict)
    reference: str | None = None
    explanation: str = ""
    enabled_by_default: bool = True
    family: str = "general"
    sensitive: bool = False
    subject: Subject = Subject.MESSAGE
