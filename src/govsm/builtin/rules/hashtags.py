"""Built-in rules: hashtags — readable by screen readers, few, not the whole post, official.

``hashtag-camelcase``, ``hashtag-max``, ``hashtag-only`` and ``official-hashtag``. Hashtags are
the ones the network itself recognises (``context.measurement.entities``); how a hashtag is split
into words is :mod:`govsm.rules.hashtag_words`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from govsm.model import Bilingual, Finding, MessageKind, OrganisationSnapshot, Severity, Span
from govsm.model.policy import ParamValue
from govsm.rules.hashtag_words import camel_case, chunks, is_letters, needs_split, word_count
from govsm.rules.params import Prepared, bool_param, int_param, list_param, str_param, texts
from govsm.rules.wording import WORD, fold_word, masked
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext
from govsm.text import Entity, EntityKind

_GUIDE_HASHTAGS = (
    "Guia de xarxes socials de la Generalitat de Catalunya (2019), continguts.md §6.6 and "
    "eines.md §4.1.6 (Accessibilitat)"
)


def _hashtags(entities: Iterable[Entity]) -> list[Entity]:
    return [e for e in entities if e.kind is EntityKind.HASHTAG]


#: the kinds whose words are the organisation's own post: a quote is its words above someone
#: else's post (a repost, someone else's words, reaches no rule of this family)
_OWN_POSTS = frozenset({MessageKind.POST, MessageKind.QUOTE})


def _is_own_post(context: RuleContext) -> bool:
    """Whether the message is a post or a quote, as the network showed it."""
    kind = context.authorship.kind if context.authorship is not None else context.message.kind
    return kind in _OWN_POSTS


# ---------------------------------------------------------------------------------------------
# hashtag-camelcase
# ---------------------------------------------------------------------------------------------


def _known_words(context: RuleContext, tags: Sequence[Entity]) -> frozenset[str]:
    """Words beyond the lists: the organisation's, the policy's ``words``, the post's own."""
    # a post repeats its words: each is folded once
    text_words = {
        w
        for w in WORD.findall(masked(context.message.text, tags, urls=" ", others=" "))
        if len(w) >= 4 and w.isalpha()
    }
    configured = _configured_words(context.params, context.snapshot)
    return configured | {fold_word(w) for w in text_words}


def _read_configured_words(
    params: Mapping[str, ParamValue], snapshot: OrganisationSnapshot | None
) -> frozenset[str]:
    """The known words of every post of a configuration: the organisation's and the policy's."""
    policy_words = frozenset(fold_word(w) for w in texts(params, "words"))
    return _organisation_words(snapshot) | policy_words


_configured_words = Prepared(_read_configured_words)


# The organisation's own words: its name, its units' names and the words of its official
# hashtags — a town's name is in no word list.
_ORGANISATION_WORDS: dict[int, tuple[OrganisationSnapshot, frozenset[str]]] = {}


def _organisation_words(snapshot: OrganisationSnapshot | None) -> frozenset[str]:
    if snapshot is None:
        return frozenset()
    cached = _ORGANISATION_WORDS.get(id(snapshot))
    if cached is not None and cached[0] is snapshot:
        return cached[1]
    texts = [snapshot.organisation.name, *(unit.name for unit in snapshot.units)]
    words: set[str] = set()
    for text in texts:
        words.update(fold_word(w) for w in WORD.findall(text) if len(w) >= 4)
    if snapshot.policy is not None:
        for tag in snapshot.policy.official_hashtags:
            words.update(
                fold_word(chunk)
                for chunk in chunks(tag.lstrip("#"))
                if is_letters(chunk) and len(chunk) >= 3
            )
    result = frozenset(w for w in words if w.isalpha())
    if len(_ORGANISATION_WORDS) > 16:
        _ORGANISATION_WORDS.clear()
    _ORGANISATION_WORDS[id(snapshot)] = (snapshot, result)
    return result


@functools.lru_cache(maxsize=64)
def _officials(hashtags: tuple[str, ...]) -> dict[str, str]:
    return {tag.lstrip("#＃").casefold(): tag.lstrip("#＃") for tag in hashtags}


def _official_spelling(context: RuleContext, value: str) -> str | None:
    policy = context.snapshot.policy if context.snapshot else None
    if policy is None or not policy.official_hashtags:
        return None
    official = _officials(policy.official_hashtags).get(value.casefold())
    if official is not None and official != value and word_count(official) > word_count(value):
        return official
    return None


def check_hashtag_camelcase(context: RuleContext) -> Iterator[Finding]:
    """Flag multi-word hashtags whose words are not marked by capitals."""
    tags = _hashtags(context.measurement.entities)
    if not tags:
        return
    min_length = max(2, int_param(context, "min_length", 6))
    min_upper = max(2, int_param(context, "min_upper", 8))
    known: frozenset[str] | None = None
    for tag in tags:
        value = tag.text.lstrip("#＃")
        suggestion = _official_spelling(context, value)
        if suggestion is None:
            if not needs_split(value, min_length, min_upper):
                continue
            if known is None:
                known = _known_words(context, tags)
            folded_value = fold_word(value)
            extra = frozenset(w for w in known if w in folded_value)
            suggestion = camel_case(value, extra, min_length, min_upper)
        if suggestion is None:
            continue
        yield Finding(
            rule="hashtag-camelcase",
            severity=context.severity,
            message=Bilingual(
                es=f"la etiqueta «#{value}» junta varias palabras sin mayúsculas: el lector de "
                "pantalla la lee como una sola palabra, o letra a letra",
                en=f"the hashtag '#{value}' runs several words together without capitals: a "
                "screen reader reads it as one word, or letter by letter",
            ),
            span=Span(tag.start, tag.end),
            suggestion=Bilingual(
                es=f"escriba «#{suggestion}», con mayúscula al principio de cada palabra (la "
                "etiqueta sigue siendo la misma para la red)",
                en=f"write '#{suggestion}', with a capital at the start of each word (the "
                "network still treats it as the same hashtag)",
            ),
            reference=_GUIDE_HASHTAGS,
        )


# ---------------------------------------------------------------------------------------------
# hashtag-max
# ---------------------------------------------------------------------------------------------


def check_hashtag_max(context: RuleContext) -> Iterator[Finding]:
    """Flag more hashtags than the policy allows, or than the network accepts (an error).

    A published post was accepted by its network: more hashtags than the network's limit of
    today is judged by the policy's ``max`` only, at the rule's severity.
    """
    tags = _hashtags(context.measurement.entities)
    policy_max = max(0, int_param(context, "max", 3))
    network_max = context.channel.limits.hashtags if context.channel else None
    if len(tags) <= policy_max and (network_max is None or len(tags) <= network_max):
        return
    over_network = network_max is not None and len(tags) > network_max
    allowed = min(policy_max, network_max) if network_max is not None else policy_max
    # a published post's hashtags were taken by its network (under the limit of the day, or
    # counted otherwise): judged by the policy only, never "will refuse"
    published = context.published
    if published:
        if len(tags) <= policy_max:
            return
        allowed = policy_max
    if over_network and not published:
        assert network_max is not None
        assert context.channel is not None
        message = Bilingual(
            es=f"{len(tags)} etiquetas: {context.channel.display_name('es')} admite "
            f"{network_max} por publicación y no publicará (o ignorará) las demás",
            en=f"{len(tags)} hashtags: {context.channel.name} accepts {network_max} per post and "
            "will refuse (or ignore) the rest",
        )
        severity = Severity.ERROR
    else:
        message = Bilingual(
            es=f"{len(tags)} etiquetas; la política admite {policy_max}: demasiadas etiquetas "
            "tapan el mensaje y el lector de pantalla dice «etiqueta» antes de cada una",
            en=f"{len(tags)} hashtags; the policy allows {policy_max}: too many hashtags bury "
            "the message and a screen reader says 'hashtag' before each one",
        )
        severity = context.severity
    yield Finding(
        rule="hashtag-max",
        severity=severity,
        message=message,
        span=Span(tags[allowed].start, tags[-1].end),
        suggestion=Bilingual(
            es=f"deje como mucho {allowed}, las que nombran la campaña o el municipio, al final",
            en=f"keep at most {allowed}, the ones that name the campaign or the town, at the end",
        ),
        reference=(
            "X Help Center, 'How to use hashtags' (no more than 2 per post); the network's "
            "published limit (govsm channel reference); " + _GUIDE_HASHTAGS
        ),
    )


# ---------------------------------------------------------------------------------------------
# hashtag-only
# ---------------------------------------------------------------------------------------------

_ALPHA_WORD = re.compile(r"[^\W\d_]")


def check_hashtag_only(context: RuleContext) -> Iterator[Finding]:
    """Flag a post that is nothing but hashtags, mentions and links, with no sentence."""
    message = context.message
    if not _is_own_post(context) or not message.text.strip():
        return
    entities = context.measurement.entities
    if not entities:
        return
    rest = masked(message.text, entities, urls=" ", others=" ")
    min_words = max(1, int_param(context, "min_words", 2))
    words = 0
    for match in WORD.finditer(rest):
        if _ALPHA_WORD.search(match.group()):
            words += 1
            if words >= min_words:
                return
    start = len(message.text) - len(message.text.lstrip())
    end = len(message.text.rstrip())
    yield Finding(
        rule="hashtag-only",
        severity=context.severity,
        message=Bilingual(
            es="la publicación solo tiene etiquetas, menciones o enlaces: no dice nada a quien "
            "no conoce el contexto, y el lector de pantalla lee una lista de etiquetas",
            en="the post is only hashtags, mentions or links: it says nothing to someone who "
            "lacks the context, and a screen reader reads out a list of tags",
        ),
        span=Span(start, end),
        suggestion=Bilingual(
            es="escriba al menos una frase que diga qué, cuándo y dónde, y deje las etiquetas "
            "al final",
            en="write at least one sentence saying what, when and where, and put the hashtags "
            "at the end",
        ),
        reference=_GUIDE_HASHTAGS,
    )


# ---------------------------------------------------------------------------------------------
# official-hashtag
# ---------------------------------------------------------------------------------------------


def _bare(tag: str) -> str:
    return tag.strip().lstrip("#＃").strip()


def _key(text: str) -> str:
    """A campaign id or a hashtag as letters and digits (``fires-2026`` ~ ``#Fires2026``)."""
    return "".join(c for c in fold_word(text) if c.isalnum())


def required_hashtags(context: RuleContext, official: Sequence[str]) -> list[tuple[str, Bilingual]]:
    """The hashtags a post must carry, each with why (the policy's parameter or campaign)."""
    required: list[tuple[str, Bilingual]] = []
    fixed = _bare(str_param(context, "campaign", ""))
    if fixed:
        required.append(
            (fixed, Bilingual(es="la política la exige aquí", en="the policy requires it here"))
        )
    campaign = context.message.campaign
    if campaign:
        mapped = False
        for entry in list_param(context, "campaigns"):
            name, separator, tag = entry.partition("=")
            if not separator:
                name, separator, tag = entry.partition(":")
            if separator and name.strip() == campaign and _bare(tag):
                required.append(
                    (
                        _bare(tag),
                        Bilingual(
                            es=f"es la de la campaña «{campaign}»",
                            en=f"it is campaign '{campaign}''s hashtag",
                        ),
                    )
                )
                mapped = True
        if not mapped and bool_param(context, "match_campaign", True):
            key = _key(campaign)
            for tag in official:
                if key and _key(tag) == key:
                    required.append(
                        (
                            _bare(tag),
                            Bilingual(
                                es=f"el mensaje es de la campaña «{campaign}»",
                                en=f"the message belongs to campaign '{campaign}'",
                            ),
                        )
                    )
    unique: dict[str, tuple[str, Bilingual]] = {}
    for tag, why in required:
        unique.setdefault(tag.casefold(), (tag, why))
    return list(unique.values())


def check_official_hashtag(context: RuleContext) -> Iterator[Finding]:
    """Flag a campaign post that lacks its official hashtag."""
    policy = context.snapshot.policy if context.snapshot else None
    if policy is None or not policy.official_hashtags:
        return
    message = context.message
    if not _is_own_post(context):
        return
    required = required_hashtags(context, policy.official_hashtags)
    if not required:
        return
    present = {e.value.casefold() for e in _hashtags(context.measurement.entities)}
    present |= {_bare(e.text).casefold() for e in _hashtags(context.measurement.entities)}
    end = len(message.text)
    for tag, why in required:
        if tag.casefold() in present:
            continue
        yield Finding(
            rule="official-hashtag",
            severity=context.severity,
            message=Bilingual(
                es=f"falta la etiqueta oficial «#{tag}» ({why.es})",
                en=f"the official hashtag '#{tag}' is missing ({why.en})",
            ),
            span=Span(end, end),
            suggestion=Bilingual(
                es=f"añada «#{tag}» al final, escrita así",
                en=f"add '#{tag}' at the end, spelt this way",
            ),
            reference="The policy's official hashtags (govsm.toml, policy.official_hashtags)",
        )


# ---------------------------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------------------------

HASHTAG_CAMELCASE = Rule(
    id="hashtag-camelcase",
    title=Bilingual(es="Etiquetas en CamelCase", en="Hashtags in CamelCase"),
    default_severity=Severity.WARNING,
    check=check_hashtag_camelcase,
    params={"min_length": 6, "min_upper": 8, "words": []},
    family="hashtags",
    reference=_GUIDE_HASHTAGS,
    explanation=(
        "A screen reader reads `#setmanacultural` as one unknown word (or spells it out); "
        "`#SetmanaCultural` is read as two words. Capitals do not change the hashtag: networks "
        "match hashtags regardless of case. The Generalitat's guide asks for a capital at the "
        "start of every word of a hashtag (#CreusDeSantJordi).\n\n"
        "A run of letters in one case is split into words only when every piece is a known "
        "word: a Viterbi search over log-frequencies picks, one language at a time, the "
        "split whose words are most frequent, at a fixed cost per word, so that a frequent "
        "single word (#nochevieja) stays whole and a rare run-together token (#santjoan) gives "
        "way to its words (sant + joan). "
        "Frequencies: Spanish and Catalan from wordfreq's lists (many corpora; CC BY-SA 4.0), "
        "Galician and Basque — which wordfreq lacks — from the OpenSubtitles 2018 counts of "
        "FrequencyWords (CC BY-SA 4.0); they ship with govsm as a data file (about 1 MB, read "
        "on the first hashtag that needs splitting), so nothing is downloaded and no "
        "dependency is added. Hunspell dictionaries were not used: they list words without "
        "frequencies, and their Basque one is a morphology that does not expand into a list. "
        "Pieces of three letters need a high frequency, of one or two letters must be function "
        "words (de, la, i, da…), never last, and a single letter stands only between two full "
        "words. Never split: the names of Spain's municipalities and provinces (INE), the "
        "built-in lists of municipal vocabulary (Basque compounds such as gaztetxe), the "
        "organisation's own words (its name, its units, the words of its official hashtags), "
        "the words of the post itself and the policy's `words`; a capitalised word in a tag "
        "that already marks words with capitals (#FiresSoldeneu2026) is left as written. A tag "
        "that differs from an official hashtag only by its capitals is flagged with the "
        "official spelling. Runs shorter than `min_length` letters and upper-case runs shorter "
        "than `min_upper` (acronyms: #DANA, #COVID19) are accepted."
    ),
)

HASHTAG_MAX = Rule(
    id="hashtag-max",
    title=Bilingual(es="Número de etiquetas", en="Number of hashtags"),
    default_severity=Severity.WARNING,
    check=check_hashtag_max,
    params={"max": 3},
    family="hashtags",
    reference=(
        "X Help Center, 'How to use hashtags'; the networks' published limits (govsm channel "
        "reference); " + _GUIDE_HASHTAGS
    ),
    explanation=(
        "Many hashtags bury the message, look like spam and make a screen reader say "
        "'hashtag' before each one. Flags more than `max` hashtags in a post (default 3: X's "
        "Help Center recommends no more than two per post; a campaign tag plus the town's and "
        "one more is a common institutional pattern). A network's own limit, declared by its "
        "channel as data (`limits.hashtags`: Instagram's, see the channel reference), is always "
        "enforced, and "
        "going over it is an **error** whatever the policy says: the network refuses the post "
        "or drops the extra tags."
    ),
)

HASHTAG_ONLY = Rule(
    id="hashtag-only",
    title=Bilingual(es="Solo etiquetas", en="Hashtags only"),
    default_severity=Severity.WARNING,
    check=check_hashtag_only,
    params={"min_words": 2},
    family="hashtags",
    reference=_GUIDE_HASHTAGS,
    explanation=(
        "A post made only of hashtags, mentions and links tells nothing to anyone outside the "
        "conversation, and a screen reader reads it as a list of tags. Flags a post or a quote "
        "(not a reply) with at least one hashtag, mention or link and fewer than `min_words` words "
        "outside them (numbers do not count as words)."
    ),
)

OFFICIAL_HASHTAG = Rule(
    id="official-hashtag",
    title=Bilingual(es="Etiqueta oficial de campaña", en="Official campaign hashtag"),
    default_severity=Severity.WARNING,
    check=check_official_hashtag,
    params={"campaign": "", "campaigns": [], "match_campaign": True},
    family="hashtags",
    reference="The policy's official hashtags (govsm.toml, policy.official_hashtags)",
    explanation=(
        "When the policy declares official hashtags (`policy.official_hashtags`), campaign "
        "posts must carry theirs so that the campaign can be followed and measured. Nothing is "
        "flagged when the policy declares none. A post or a quote (not a reply) needs:\n\n"
        "- the hashtag in `campaign`, when set (configure it for a profile, a unit or a "
        'channel during a campaign: `params = { campaign = "#SetmanaCultural" }`);\n'
        "- for a message of a campaign (its `campaign` field), the hashtag mapped to it in "
        '`campaigns` (`["setmana-cultural-2026 = #SetmanaCultural"]`);\n'
        "- failing a mapping, with `match_campaign` (default on), the official hashtag whose "
        "letters and digits are the campaign's (`fires-soldeneu-2026` → "
        "`#FiresSoldeneu2026`).\n\n"
        "Hashtags match regardless of case, as networks match them. The finding points at the "
        "end of the text, where the hashtag should go."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the hashtag rules."""
    return [HASHTAG_CAMELCASE, HASHTAG_MAX, HASHTAG_ONLY, OFFICIAL_HASHTAG]
