"""Built-in rules: tone — an institution answers citizens without insults or reproaches.

``tone`` flags insults, coarse words and scolding phrases in replies (and, if the policy says
so, in every outbound message), in Spanish, Catalan/Valencian, Galician and Basque, from the
word lists ``data/insults-<lang>.txt`` and ``data/tone-phrases-<lang>.txt``, and the forms of
"as we have already said" built from the pieces of ``data/tone-reproaches.toml``.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import tomllib
from collections.abc import Iterable, Iterator
from typing import Any

from attrs import frozen

from govsm.model import Bilingual, Direction, Finding, MessageKind, Severity, Span
from govsm.rules.params import (
    str_param,
)
from govsm.rules.wording import (
    Folded,
    fold,
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


# ---------------------------------------------------------------------------------------------
# "As we have already said": patterns built from data/tone-reproaches.toml, matched on fold()
# ---------------------------------------------------------------------------------------------


@frozen
class Reproaches:
    """The compiled "as we have already said" forms of one language.

    :param said: "como ya le hemos dicho", "com ja s'ha dit", "esan dugun bezala"; the group
        ``ya`` holds an "already" or "again" word when there is one.
    :param reminder: "le recordamos (de nuevo) que"; the group ``core`` is the finding's span,
        ``again`` is set when it says "again".
    :param insistence: "muchas veces", "de nuevo", "ya": a reproach whatever comes before.
    :param insistent: verbs that insist by themselves (repetido, reiterat).
    :param sources: where the council said it (en la rueda de prensa, ayer), right after the
        verb — or, in Basque, the word before it.
    :param basque: sources come before the verb.
    """

    said: re.Pattern[str]
    reminder: re.Pattern[str]
    insistence: re.Pattern[str]
    insistent: frozenset[str]
    sources: re.Pattern[str] | None
    basque: bool


def _phrase(item: str) -> str:
    """One list item as a pattern: spaces are any run of spaces, hyphens optional."""
    return r"\s+".join(re.escape(word).replace(r"\-", "[-\\s]?") for word in item.split())


def _alternatives(items: Iterable[str]) -> str:
    unique = sorted({fold_word(i.strip()) for i in items if i.strip()}, key=len, reverse=True)
    if not unique:
        return "(?!)"
    return "(?:" + "|".join(_phrase(item) for item in unique) + ")"


def _clitics(items: Iterable[str]) -> str:
    """Pronouns before the verb: followed by spaces, or by nothing after an apostrophe (t')."""
    forms = sorted({fold_word(i.strip()) for i in items if i.strip()}, key=len, reverse=True)
    return (
        "(?:"
        + "|".join(_phrase(f) if f.endswith("'") else _phrase(f) + r"\s+" for f in forms)
        + ")"
        if forms
        else "(?!)"
    )


_EDGE_BEFORE = r"(?<![\w·'])"
_EDGE_AFTER = r"(?![\w·'])"


@functools.cache
def _reproach_data() -> dict[str, Any]:
    resource = importlib.resources.files("govsm.rules") / "data" / "tone-reproaches.toml"
    data: dict[str, Any] = tomllib.loads(resource.read_text(encoding="utf-8"))
    return data


@functools.cache
def reproaches(language: str) -> Reproaches | None:
    """The compiled "as we have already said" forms of a language (``None`` if it has none)."""
    data = _reproach_data().get(language)
    if data is None:
        return None
    ya = _alternatives([*data.get("already", []), *data.get("insistence", [])])
    if language == "eu":
        said = (
            rf"{_EDGE_BEFORE}(?:(?P<ya>{ya})\s+)?{_alternatives(data['verbs'])}\s+"
            rf"{_alternatives(data['connectors'])}{_EDGE_AFTER}"
        )
    else:
        past = [
            *data.get("past", []),
            *(f"{p} {i}" for p in data.get("past_prefix", []) for i in data.get("infinitives", [])),
        ]
        third = data.get("past3") or data.get("infinitives", [])
        impersonal_past = [f"{p} {v}" for p in data.get("impersonal_prefix", []) for v in third]
        participle = _alternatives(data["participles"])
        said = (
            rf"{_EDGE_BEFORE}{_alternatives(data['intro'])}\s+(?:(?P<ya>{ya})\s+)?"
            rf"(?:{_clitics(data['pronouns'])}?"
            rf"(?:{_alternatives(data['perfect'])}\s+{participle}|{_alternatives(past)})"
            rf"|{_alternatives(data['impersonal'])}\s+{participle}"
            rf"|{_alternatives(impersonal_past)}){_EDGE_AFTER}"
        )
    again = _alternatives(data.get("reminder_repeat", []))
    that = "" if language == "eu" else r"(?=,?\s+que\b)"
    reminder = (
        rf"{_EDGE_BEFORE}(?P<core>(?P<rep>{_alternatives(data['repeated'])})"
        rf"|{_alternatives(data['reminders'])})(?:,?\s+(?P<again>{again}))?{_EDGE_AFTER}{that}"
    )
    sources = data.get("sources", [])
    return Reproaches(
        said=re.compile(said),
        reminder=re.compile(reminder),
        insistence=re.compile(rf"{_EDGE_BEFORE}{ya}{_EDGE_AFTER}"),
        insistent=frozenset(fold_word(v) for v in data.get("insistent", [])),
        sources=re.compile(rf"\s+{_alternatives(sources)}{_EDGE_AFTER}") if sources else None,
        basque=language == "eu",
    )


_CLAUSE_END = re.compile(r"[,.;:!?\n]")
_WORDS = re.compile(r"[\w·']+")


def _cited(found: Reproaches, text: str, start: int, end: int) -> bool:
    """Whether the phrase names where it was said (en la rueda de prensa de hoy, atzo)."""
    if found.sources is None:
        return False
    if not found.basque:
        return found.sources.match(text, end) is not None
    # Basque says where before the verb: "atzo esan genuen bezala", "prentsaurrekoan esan…"
    before = text[max(0, start - 30) : start]
    words = _WORDS.findall(before)
    if not words or _CLAUSE_END.search(before[before.rfind(words[-1]) :]):
        return False
    word = words[-1]
    inessive = len(word) > 4 and word.endswith(("an", "etan"))  # prentsaurrekoan, webgunean
    return found.sources.match(" " + word) is not None or inessive


def _insists(found: Reproaches, text: str, start: int, end: int) -> bool:
    """Whether an "already" or "again" follows in the same clause, or the verb insists."""
    if any(word in found.insistent for word in _WORDS.findall(text[start:end])):
        return True
    window = text[end : end + 50]
    stop = _CLAUSE_END.search(window)
    return found.insistence.search(window[: stop.start() if stop else len(window)]) is not None


@frozen
class _Hit:
    start: int
    end: int
    kind: str  # "insult", "evaluative", "phrase", "reminder"
    mild: bool = False


def _reproach_hits(text: str, languages: Iterable[str]) -> list[_Hit]:
    """The "as we have already said" forms in ``text`` (offsets in ``text``)."""
    folded = fold(text)
    hits: list[_Hit] = []
    for language in languages:
        found = reproaches(language)
        if found is None:
            continue
        for match in found.said.finditer(folded.text):
            start, end = match.span()
            strong = match.group("ya") is not None or _insists(found, folded.text, start, end)
            if not strong and _cited(found, folded.text, start, end):
                continue  # como hemos comentado en la rueda de prensa de hoy
            hits.append(_Hit(*folded.original(start, end), "phrase"))
        for match in found.reminder.finditer(folded.text):
            start, end = match.span("core")
            again = match.group("rep") is not None or match.group("again") is not None
            if again:
                end = match.end()
            hits.append(_Hit(*folded.original(start, end), "phrase", mild=not again))
    return hits


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
    text = context.message.text
    languages = _languages(context.message.language)
    hits = _reproach_hits(text, languages)
    folded = searchable(text)
    for language in languages:
        compiled = matcher(language)
        for match in compiled.pattern.finditer(folded.text):
            entry = compiled.entries.get(_key(match.group()))
            if entry is None:
                continue
            if entry.evaluative and not _said_of_someone(folded, match.start(), match.end()):
                continue
            first, last = folded.original(match.start(), match.end())
            kind = "phrase" if entry.kind == "phrase" else "evaluative"
            if entry.kind != "phrase" and not entry.evaluative:
                kind = "insult"
            hits.append(_Hit(first, last, kind))
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if any(hit.start < other.end and other.start < hit.end for other in kept):
            continue  # the same words found twice (two languages, a list and a pattern)
        kept.append(hit)
    for hit in kept:
        yield _tone_finding(context, hit)


def _tone_finding(context: RuleContext, hit: _Hit) -> Finding:
    piece = context.message.text[hit.start : hit.end]
    severity = context.severity
    if hit.mild:
        severity = Severity.INFO
        message = Bilingual(
            es=f"«{piece}» puede sonar a reproche, como si la persona ya debiera saberlo",
            en=f"'{piece}' may sound like a reproach, as if the person should already know",
        )
        suggestion = Bilingual(
            es="dé el dato directamente (y el enlace, si lo hay), sin recordárselo",
            en="give the fact directly (and the link, if there is one), without the reminder",
        )
    elif hit.kind == "phrase":
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
    elif hit.kind == "evaluative":
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
    return Finding(
        rule="tone",
        severity=severity,
        message=message,
        span=Span(hit.start, hit.end),
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
        "- scolding or dismissive phrases of `data/tone-phrases-<lang>.txt` ('si hubiera "
        "leído', 'no es nuestro problema');\n"
        "- every form of 'as we have already said', built from `data/tone-reproaches.toml`: "
        "'como ya hemos comentado', 'como ya se ha informado', 'como ya indicamos', 'tal y "
        "como se indicó', 'com ja us vam dir', 'como xa lle dixemos', 'dagoeneko esan dugun "
        "bezala'; 'le recordamos de nuevo que' too, and a plain 'le recordamos que' as info. "
        "A third person is someone else speaking ('como ya dijo el alcalde'), not flagged. "
        "Decision: a form with neither 'already' nor 'again' followed by where or when it was "
        "said ('como hemos comentado en la rueda de prensa de hoy', 'tal y como se indicó en el "
        "bando') cites the council's own announcement and is not flagged; with 'ya' or an "
        "insistence ('en varias ocasiones') it is a reproach whatever follows.\n\n"
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
