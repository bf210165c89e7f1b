"""The record a rules plugin returns from :func:`~govsm.hookspecs.govsm_rules`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from attrs import field, frozen

from govsm.model import _validate as v
from govsm.model.bilingual import Bilingual
from govsm.model.finding import Finding
from govsm.model.message import Message
from govsm.model.policy import ParamValue, Severity

#: what a rule runs: a message and the rule's parameters (defaults merged with the policy's) in,
#: findings out
RuleCheck = Callable[[Message, Mapping[str, ParamValue]], Iterable[Finding]]


@frozen
class Rule:
    """A policy rule.

    :param id: identifier used in ``govsm.toml`` (``[[policy.rules]] id = ...``) and in findings.
    :param title: a short name, in Spanish and English.
    :param default_severity: the severity when the policy does not set one.
    :param check: the function that inspects a message (see :data:`RuleCheck`).
    :param params: the parameters it accepts, with their defaults.
    :param reference: where its reason is documented (a law, a guide, a docs page).
    """

    id: str = field(validator=v.slug)
    title: Bilingual
    default_severity: Severity
    check: RuleCheck = field(eq=False)
    params: Mapping[str, ParamValue] = field(factory=dict)
    reference: str | None = None
