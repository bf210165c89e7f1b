"""Built-in rules: tone — an institution answers citizens without insults or reproaches.

``tone`` flags insults, coarse words and scolding phrases in replies (and, if the policy says
so, in every outbound message), in Spanish, Catalan/Valencian, Galician and Basque, from the
word lists ``data/insults-<lang>.txt`` and ``data/tone-phrases-<lang>.txt``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from attrs import frozen

from govsm.model import Bilingual, Direction, Finding, MessageKind, Severity, Span
from govsm.rules.params import (
    str_param,
)
from govsm.rules.wording import (
    Folded,
    fold_word,
    phrase_regex,
    searchable,
)
from govsm.rules.wordlists import (
    data_items,
)
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext

LANGUAGES = ("es", "ca", "gl", "eu")


@frozen
class Entry:
    """A word or phrase of the tone lists.

    :param lemma: its citation form (``imbècil``).
    :param kind: ``insult`` or ``phrase``.
    :param language: the list it comes from.
    :param evaluative: an insult only when said of someone (``~`` in the list).
    """

    lemma: str
    kind: str
    language: str
    evaluative: bool = False


@frozen
class _Matcher:
    pattern: re.Pattern[str]
    entries: dict[str, Entry]


def _key(matched: str) -> str:
    return re.sub(r"[\s\-]+", " ", fold_word(matched))


@functools.cache
def matcher(language: str) -> _Matcher:
    """The compiled lists of one language."""
    entries: dict[str, Entry] = {}
    for line in data_items(f"insults-{language}.txt"):
        evaluative = line.startswith("~")
        forms = [fold_word(f.strip()) for f in line.lstrip("~").split("|") if f.strip()]
        for form in forms:
            entries.setdefault(_key(form), Entry(forms[0], "insult", language, evaluative))
    for line in data_items(f"tone-phrases-{language}.txt"):
        form = fold_word(line)
        entries.setdefault(_key(form), Entry(form, "phrase", language))
    return _Matcher(phrase_regex(entries), entries)


_COPULAS = frozenset(
    {
        # es
        *("es", "eres", "sois", "son", "sea", "seas", "sean", "ser", "sera", "seras", "fue"),
        *("fuiste", "fueron", "era", "eras", "eran", "parece", "pareces", "parecen"),
        *("siendo", "resulta", "resultas"),
        # ca
        *("ets", "sou", "siguis", "sigues", "sigui", "siga", "siguen", "siguin", "sigueu"),
        *("eren", "sembla", "sembles", "semblen"),
        # gl
        *("e", "sodes", "sexa", "sexas", "foi", "fuches"),
        # eu (after the word)
        *("zara", "zarete", "zinen", "da", "dira", "zaude", "zaudete", "izan", "zarela", "dela"),
    }
)
_NEGATIONS = frozenset(
    {"no", "non", "ni", "tampoco", "tampoc", "nunca", "jamas", "mai", "gens", "ez"}
)
_TOKEN = re.compile(r"\w+")


def _said_of_someone(folded: Folded, start: int, end: int) -> bool:
    """Whether an evaluative word is predicated of someone (and not denied)."""
    text = folded.text
    following = text[end : end + 3].lstrip()
    if following.startswith("!"):
        return True  # ¡Inútiles!
    before = [fold_word(token) for token in _TOKEN.findall(text[max(0, start - 80) : start])]
    window = len(before) - min(3, len(before))
    for index in range(len(before) - 1, window - 1, -1):
        if before[index] in _COPULAS:
            previous = before[index - 1] if index > 0 else ""
            return previous not in _NEGATIONS
    after = [fold_word(token) for token in _TOKEN.findall(text[end : end + 40])[:1]]
    if after and after[0] in _COPULAS:
        return not (len(before) and before[-1] in _NEGATIONS)  # ergela zara; ez zara ergela
    return False


def _languages(language: str | None) -> tuple[str, ...]:
    if language:
        base = language.split("-")[0].lower()
        if base in LANGUAGES:
            return (base,)
    return LANGUAGES


def _in_scope(context: RuleContext) -> bool:
    message = context.message
    if message.direction is not Direction.OUTBOUND:
        return False
    scope = str_param(context, "scope", "conversation").strip().lower()
    if scope == "outbound":
        return True
    return message.kind in (MessageKind.REPLY, MessageKind.DIRECT)


_REFERENCE = (
    "Ley 39/2015, art. 13.e (derecho a ser tratado con respeto y deferencia); TREBEP (RDL "
    "5/2015), art. 54.1; Guia de xarxes socials de la Generalitat de Catalunya (2019), "
    "generalitat-xarxes.md §2 and comunitat.md §5.1"
)


def check_tone(context: RuleContext) -> Iterator[Finding]:
    """Flag insults, coarse words and scolding phrases in the organisation's replies."""
    if not _in_scope(context):
        return
    folded = searchable(context.message.text)
    seen: set[tuple[int, int]] = set()
    hits: list[tuple[int, int, Entry]] = []
    for language in _languages(context.message.language):
        compiled = matcher(language)
        for match in compiled.pattern.finditer(folded.text):
            if (match.start(), match.end()) in seen:
                continue
            entry = compiled.entries.get(_key(match.group()))
            if entry is None:
                continue
            if entry.evaluative and not _said_of_someone(folded, match.start(), match.end()):
                continue
            seen.add((match.start(), match.end()))
            hits.append((match.start(), match.end(), entry))
    for start, end, entry in sorted(hits, key=lambda hit: hit[0]):
        first, last = folded.original(start, end)
        piece = context.message.text[first:last]
        if entry.kind == "phrase":
            message = Bilingual(
                es=f"«{piece}» suena a reproche: la ciudadanía pregunta lo que necesita saber, "
                "aunque ya se haya dicho",
                en=f"'{piece}' sounds like a reproach: citizens ask what they need to know, "
                "even if it has been said before",
            )
            suggestion = Bilingual(
                es="responda a la pregunta con el dato (y el enlace, si lo hay), con amabilidad "
                "y sin reproches",
                en="answer the question with the fact (and the link, if there is one), kindly "
                "and without reproach",
            )
        elif entry.evaluative:
            message = Bilingual(
                es=f"«{piece}» descalifica a quien escribe: una administración trata con "
                "respeto a todo el mundo, también a quien la critica",
                en=f"'{piece}' belittles the person who wrote: a public body treats everyone "
                "with respect, even those who criticise it",
            )
            suggestion = Bilingual(
                es="quítelo y responda al fondo de la pregunta o de la queja",
                en="remove it and answer the substance of the question or complaint",
            )
        else:
            message = Bilingual(
                es=f"«{piece}» es un insulto o una grosería: una administración trata con "
                "respeto a todo el mundo, también a quien la insulta",
                en=f"'{piece}' is an insult or a coarse word: a public body treats everyone with "
                "respect, even those who insult it",
            )
            suggestion = Bilingual(
                es="quítelo; si el mensaje incumple las normas de participación, dígalo con "
                "calma y remita a ellas",
                en="remove it; if the message breaks the participation rules, say so calmly "
                "and point to them",
            )
        yield Finding(
            rule="tone",
            severity=context.severity,
            message=message,
            span=Span(first, last),
            suggestion=suggestion,
            reference=_REFERENCE,
        )


TONE = Rule(
    id="tone",
    title=Bilingual(es="Tono de las respuestas", en="Tone of replies"),
    default_severity=Severity.WARNING,
    check=check_tone,
    params={"scope": "conversation"},
    family="tone",
    reference=_REFERENCE,
    explanation=(
        "Citizens have the right to be treated with respect and deference by public employees "
        "(Ley 39/2015, art. 13.e; TREBEP art. 54.1), and the Generalitat's guide asks for a "
        "close and cordial tone that answers the question asked. A reply that insults, swears "
        "or scolds ('as we have said many times', 'if you had read…') damages the "
        "institution more than the criticism it answers.\n\n"
        'Flags, in the organisation\'s replies and direct messages (with `scope = "outbound"`, '
        "in every outbound message; citizens' own messages are never checked):\n\n"
        "- insults and coarse words of `data/insults-<lang>.txt` (lemma and forms);\n"
        "- evaluative words marked `~` there (ridículo, inútil, impresentable…) only when said "
        "of someone — after a form of *to be* within three words, or before it in Basque — "
        "and not after a negation: 'es usted ridículo' is flagged, 'no es ridículo "
        "preguntar' is not;\n"
        "- scolding or dismissive phrases of `data/tone-phrases-<lang>.txt` ('com ja s'ha "
        "dit', 'si hubiera leído', 'no es nuestro problema').\n\n"
        "Matching is by whole words, ignoring case and accents, with apostrophes as boundaries "
        "(l'imbècil); the lists of the message's language are used, or all four when it is "
        "not known. Words whose literal sense is common in a council's posts (burro, cerdo, "
        "payaso, ruc, fava) are not listed, so that a livestock fair or a children's show "
        "never looks like an insult."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the tone rule."""
    return [TONE]
