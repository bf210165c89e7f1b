"""What the language rules read from a rule's context, and how they name languages.

The built-in rules ``language`` (``govsm.builtin.rules.language``) and ``co-official-language``
(``govsm.builtin.rules.co_official``) judge the same messages (:func:`applies`), detect among
the same candidate languages (:func:`candidate_codes`), read the text without its links, mentions
and hashtags (:func:`cleaned_text`), cut a bilingual post into its parts with the rule's
parameters (:func:`segments`) and name languages in their findings (:func:`joined_names`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from govsm.language.cleaning import strip_entities
from govsm.language.detection import DEFAULT_CANDIDATES
from govsm.language.names import language_name, primaries, primary
from govsm.language.segments import Segment, detect_segments
from govsm.model import Direction, OrganisationSnapshot, Profile
from govsm.model.policy import ParamValue
from govsm.rules.params import Prepared, number, text_list
from govsm.spec.rule_context import RuleContext

if TYPE_CHECKING:
    from govsm.text import Entity


def entities(context: RuleContext) -> tuple[Entity, ...]:
    """The message's entities (links, mentions, hashtags), as the engine measured them."""
    return tuple(context.measurement.entities) if context.measurement else ()


#: the texts :func:`cleaned_text` cleaned lately, by the identity of their message, each with the
#: message and measurement it read (kept, so their identities cannot be reused): both language
#: rules clean the same text of a post, and the engine may run each rule over a whole batch of
#: posts before the next rule (:meth:`govsm.rules.engine.Checker.check_many`)
_cleaned: dict[int, tuple[object, object, str]] = {}
#: how many cleaned texts are kept: more than the posts of one batch
_KEPT_CLEANED = 1024


def cleaned_text(context: RuleContext) -> str:
    """The message's text without its links, mentions and hashtags, as detection reads it.

    The engine gives every rule of a message the same message and measurement objects, so the
    second language rule gets the first one's text back instead of cleaning it again.
    """
    message, measurement = context.message, context.measurement
    kept = _cleaned.get(id(message))
    if kept is not None and kept[0] is message and kept[1] is measurement:
        return kept[2]
    cleaned = strip_entities(message.text, entities(context))
    if len(_cleaned) >= _KEPT_CLEANED:
        _cleaned.pop(next(iter(_cleaned), 0), None)  # the oldest
    _cleaned[id(message)] = (message, measurement, cleaned)
    return cleaned


def _read_candidates(
    params: Mapping[str, ParamValue], profile: Profile | None, snapshot: OrganisationSnapshot | None
) -> tuple[str, ...]:
    found = list(text_list(params, "candidates") or DEFAULT_CANDIDATES)
    if profile is not None:
        found.extend(profile.languages)
    if snapshot is not None:
        found.extend(snapshot.organisation.languages)
    return tuple(found)


_configured_candidates = Prepared(_read_candidates)


def candidate_codes(context: RuleContext, extra: Sequence[str]) -> frozenset[str]:
    """The languages to detect among, as primary subtags.

    The ``candidates`` parameter (or the default ones), ``extra``, the profile's and the
    organisation's languages; all but ``extra`` read once per rule configuration.
    """
    configured = _configured_candidates(context.params, context.profile, context.snapshot)
    return primaries((*configured, *extra))


def _read_kinds(params: Mapping[str, ParamValue]) -> frozenset[str]:
    return frozenset(text_list(params, "kinds") or ["post"])


_kinds = Prepared(_read_kinds)


def applies(context: RuleContext) -> bool:
    """Whether the rule judges the message: outgoing, of a kind in ``kinds`` (posts by default)."""
    message = context.message
    if message.direction is Direction.INBOUND:
        return False
    return message.kind.value in _kinds(context.params)


def segments(
    context: RuleContext, codes: frozenset[str], min_letters: int, cleaned: str | None = None
) -> list[Segment]:
    """The message cut where a bilingual post changes language, each part detected.

    Reads the rule's ``min_confidence`` and ``accurate`` parameters.

    :param codes: the candidate languages (primary subtags).
    :param min_letters: below this many letters a part is not judged.
    :param cleaned: the text from :func:`cleaned_text`, if it was already computed.
    """
    return detect_segments(
        cleaned_text(context) if cleaned is None else cleaned,
        codes,
        min_letters,
        number(context.params, "min_confidence", 0.6),
        accurate=context.params.get("accurate") is True,
    )


def joined_names(tags: Sequence[str]) -> tuple[str, str]:
    """The languages' names, joined, one per primary subtag (the first tag's name).

    :returns: the Spanish and the English list (``"valenciano y castellano"``).
    """
    firsts: dict[str, str] = {}
    for tag in tags:
        firsts.setdefault(primary(tag), tag)
    names = [language_name(t) for t in firsts.values()]
    es = ", ".join(n[0] for n in names[:-1]) + (" y " if len(names) > 1 else "") + names[-1][0]
    en = ", ".join(n[1] for n in names[:-1]) + (" and " if len(names) > 1 else "") + names[-1][1]
    return es, en
