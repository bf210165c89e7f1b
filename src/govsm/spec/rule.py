"""The record a rules plugin returns from :func:`~govsm.spec.hookspecs.govsm_rules`."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from attrs import field, frozen

from govsm.model import _validate as v
from govsm.model.bilingual import Bilingual
from govsm.model.finding import Finding
from govsm.model.message import MessageKind
from govsm.model.policy import ParamValue, Severity
from govsm.spec.authorship import Authorship, Stage

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


#: every kind but ``repost``: a repost's words are someone else's, so by default no rule judges
#: them as the organisation's
OWN_WORDS: frozenset[MessageKind] = frozenset(set(MessageKind) - {MessageKind.REPOST})

#: both stages
EVERY_STAGE: frozenset[Stage] = frozenset(Stage)


class Text(enum.StrEnum):
    """Which text a message rule reads in the message it is given."""

    #: the author's own words, as the network counts them (:attr:`Authorship.own
    #: <govsm.spec.authorship.Authorship.own>`): a published reply without its leading
    #: mentions, a post without the links X appended for its photo or quoted post
    OWN = "own"
    #: the whole text as stored, network-added parts included
    WHOLE = "whole"


@frozen
class Scope:
    """What a message rule judges.

    :param kinds: the kinds of message it runs on (by default every kind but ``repost``).
    :param stages: drafts, published posts or both (the default).
    :param text: which text it reads (:class:`Text`; by default the author's own words). The
        engine gives the rule a message whose text is that part, and moves the spans of its
        findings back onto the whole text.
    :param media: whether it judges only messages with attachments (``Message.media``): a rule
        that reads nothing else declares it, and the engine does not run it on a message
        without any (the built-in media, alt-text and minors rules do).

    >>> scope = Scope(kinds=frozenset({MessageKind.POST}), stages=frozenset({Stage.DRAFT}))
    >>> print(scope.describe().en)
    posts; drafts only; the author's own words
    """

    kinds: frozenset[MessageKind] = field(factory=lambda: OWN_WORDS)
    stages: frozenset[Stage] = field(factory=lambda: EVERY_STAGE)
    text: Text = Text.OWN
    media: bool = False

    def admits(self, authorship: Authorship) -> bool:
        """Whether a message of this :class:`~govsm.spec.authorship.Authorship` is judged."""
        return authorship.kind in self.kinds and authorship.stage in self.stages

    def describe(self) -> Bilingual:
        """What the scope admits, in Spanish and English (``govsm check --explain``)."""
        order = list(MessageKind)
        kinds = sorted(self.kinds, key=order.index)
        if self.kinds == OWN_WORDS:
            kinds_es, kinds_en = "todo salvo las republicaciones", "everything but reposts"
        elif self.kinds == frozenset(MessageKind):
            kinds_es, kinds_en = "todo, republicaciones incluidas", "everything, reposts included"
        else:
            kinds_es = ", ".join(_PLURAL_ES[k] for k in kinds)
            kinds_en = ", ".join(_PLURAL_EN[k] for k in kinds)
        if self.stages == EVERY_STAGE:
            stage_es, stage_en = "borradores y publicados", "drafts and published posts"
        else:
            (stage,) = self.stages
            stage_es, stage_en = f"solo {stage.label.es}", f"{stage.label.en} only"
        if self.text is Text.OWN:
            text_es, text_en = "las palabras del propio autor", "the author's own words"
        else:
            text_es, text_en = "el texto entero", "the whole text"
        if self.media:
            text_es, text_en = f"{text_es}; solo con adjuntos", f"{text_en}; with attachments only"
        return Bilingual(
            es=f"{kinds_es}; {stage_es}; {text_es}", en=f"{kinds_en}; {stage_en}; {text_en}"
        )


_PLURAL_ES = {
    MessageKind.POST: "publicaciones",
    MessageKind.REPLY: "respuestas",
    MessageKind.MENTION: "menciones",
    MessageKind.COMMENT: "comentarios",
    MessageKind.DIRECT: "mensajes directos",
    MessageKind.REPOST: "republicaciones",
    MessageKind.QUOTE: "citas",
}
_PLURAL_EN = {
    MessageKind.POST: "posts",
    MessageKind.REPLY: "replies",
    MessageKind.MENTION: "mentions",
    MessageKind.COMMENT: "comments",
    MessageKind.DIRECT: "direct messages",
    MessageKind.REPOST: "reposts",
    MessageKind.QUOTE: "quotes",
}


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
    :param scope: which messages and which of their text a message rule judges
        (:class:`Scope`; by default the author's own words of everything but reposts).
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
    scope: Scope = field(factory=Scope)
