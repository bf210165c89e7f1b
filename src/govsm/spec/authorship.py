"""What a message is, as the rules must judge it: its kind, its stage and the author's own words.

A published X post carries text that X shows but does not count as the author's: the leading
@mentions of a reply, the trailing ``t.co`` link of an attached photo or quoted post, the
``RT @author:`` of a repost. A repost's words are someone else's altogether. The rule engine
works out an :class:`Authorship` for every message (:func:`govsm.rules.authorship.authorship`)
and runs each rule only on what its :class:`~govsm.spec.rule.Scope` admits.
"""

from __future__ import annotations

import enum

from attrs import frozen

from govsm.model import MessageKind, Span
from govsm.model.bilingual import Bilingual


class Stage(enum.StrEnum):
    """Whether a message is still a draft (anything not yet out) or already published."""

    DRAFT = "draft"
    PUBLISHED = "published"

    @property
    def label(self) -> Bilingual:
        """The stage's name in Spanish and English, for prose."""
        return _STAGE_LABEL[self]


_STAGE_LABEL = {
    Stage.DRAFT: Bilingual(es="borradores", en="drafts"),
    Stage.PUBLISHED: Bilingual(es="publicados", en="published posts"),
}


@frozen
class Authorship:
    """What a message is, for the rules.

    :param kind: its kind as the network showed it: a message stored as a ``post`` whose text
        starts with the network's repost prefix (``RT @author:`` on X) is a ``repost``.
    :param stage: draft or published.
    :param own: the part of the text that is the author's own and that the network counts —
        the whole text of a draft; the text without a reply's leading mentions, the network's
        trailing attachment links or a repost's prefix once published. Code points of the
        message's text.
    """

    kind: MessageKind
    stage: Stage
    own: Span

    @property
    def is_repost(self) -> bool:
        """Whether the words are someone else's (a repost)."""
        return self.kind is MessageKind.REPOST
