"""Built-in rule: the institution's profiles do not promote the people who govern it.

``institutional-neutrality`` looks, sentence by sentence, for an office holder — by name (the
people with a ``political_office`` in the workspace, or the ``names`` parameter) or by title
("l'alcaldessa", "la concejala", "o alcalde", "alkateak") — near a word of self-promotion:
inaugurating, closing, visiting, presiding, opening, laying a first stone, claiming an
achievement (``govsm/rules/data/neutrality-verbs.toml``, in es/ca/gl/eu). Normally a warning;
during an electoral period of the policy, an error (LOREG art. 50.2 and 50.3).
"""

from __future__ import annotations

import functools
import importlib.resources
import tomllib
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import regex
from attrs import frozen

from govsm.model import Bilingual, Direction, ElectoralPeriod, Finding, Severity, Span
from govsm.rules.params import text_list
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext

_WORDS = regex.compile(r"\w+")
# a sentence ends at . ! ? ; or a line break — not after the abbreviations of a title
_SENTENCE_END = regex.compile(
    r"(?<!\b(?:Sr|Sra|Srs|Sres|Dr|Dra|D|Dña|Excm|Excma|Il·lm|Il·lma|Ilmo|Ilma))[.!?;…]+(?=\s|$)"
    r"|\n+"
)

_ACTS: dict[str, tuple[str, str]] = {
    "inaugurar": ("inaugurando", "inaugurating"),
    "clausurar": ("clausurando", "closing"),
    "visitar": ("de visita", "on a visit"),
    "presidir": ("presidiendo", "presiding"),
    "estrenar": ("estrenando", "opening"),
    "primera-piedra": ("poniendo la primera piedra", "laying a foundation stone"),
    "cortar-la-cinta": ("cortando la cinta", "cutting the ribbon"),
    "hecho-realidad": ("atribuyéndose un logro", "claiming an achievement"),
    "compromiso-cumplido": ("atribuyéndose un logro", "claiming an achievement"),
}
_MONTHS_ES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
)  # fmt: skip
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def _term(term: str) -> str:
    """A list entry as a regular expression: ``*`` any ending, spaces any run of them."""
    parts = []
    for word in term.strip().split():
        escaped = regex.escape(word.rstrip("*")).replace("'", "['’]").replace("’", "['’]")
        parts.append(escaped + (r"\w*" if word.endswith("*") else ""))
    return r"\s+".join(parts)


def _alternation(terms: Iterable[str], prefix: str = "") -> regex.Pattern[str] | None:
    unique = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not unique:
        return None
    body = "|".join(_term(t) for t in unique)
    return regex.compile(rf"(?<![\w'’]){prefix}(?:{body})(?!\w)", regex.IGNORECASE)


@frozen
class _Lexicon:
    verbs: dict[str, regex.Pattern[str]]
    titles: tuple[str, ...]
    neutral: regex.Pattern[str] | None


@functools.cache
def _lexicon() -> _Lexicon:
    resource = importlib.resources.files("govsm.rules") / "data" / "neutrality-verbs.toml"
    data: dict[str, Any] = tomllib.loads(resource.read_text(encoding="utf-8"))
    verbs: dict[str, regex.Pattern[str]] = {}
    for lemma, forms in data["verbs"].items():
        pattern = _alternation(f for items in forms.values() for f in items)
        if pattern is not None:
            verbs[lemma] = pattern
    titles = tuple(t for items in data["titles"].values() for t in items)
    neutral = _alternation(t for items in data["neutral"].values() for t in items)
    return _Lexicon(verbs, titles, neutral)


@frozen
class _Mention:
    start: int
    end: int
    who: str
    person: bool


@frozen
class _People:
    names: regex.Pattern[str] | None
    titles: regex.Pattern[str] | None
    who: dict[str, str]  # lower-case matched form → "Name (Office)"


def _name_forms(name: str) -> list[str]:
    words = name.split()
    forms = [name]
    if len(words) >= 3:
        forms.append(f"{words[0]} {words[1]}")  # given name and first surname
        forms.append(f"{words[-2]} {words[-1]}")  # both surnames
    return forms


@functools.lru_cache(maxsize=64)
def _people(
    holders: tuple[tuple[str, str], ...],
    extra_names: tuple[str, ...],
    extra_titles: tuple[str, ...],
) -> _People:
    """Patterns for the office holders ``(name, office)``, extra names and extra titles."""
    who: dict[str, str] = {}
    names: list[str] = []
    titles = list(_lexicon().titles) + list(extra_titles)
    for name, office in holders:
        label = f"{name}, {office}" if office else name
        for form in _name_forms(name):
            names.append(form)
            who.setdefault(form.lower(), label)
        if office:
            titles.append(office)
            first = office.split()[0]
            if len(first) > 3:
                titles.append(first)  # "Regidor d'Esports i Joventut" → "Regidor"
    for name in extra_names:
        names.append(name)
        who.setdefault(name.lower(), name)
    return _People(
        names=_alternation(names),
        titles=_alternation(titles, prefix=r"(?:l['’])?"),
        who=who,
    )


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield start, match.end()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def _mentions(people: _People, text: str, start: int, end: int) -> list[_Mention]:
    found: list[_Mention] = []
    if people.names is not None:
        for match in people.names.finditer(text, start, end):
            who = people.who.get(match.group().lower(), match.group())
            found.append(_Mention(match.start(), match.end(), who, person=True))
    if people.titles is not None:
        for match in people.titles.finditer(text, start, end):
            if any(m.start < match.end() and match.start() < m.end for m in found):
                continue
            found.append(_Mention(match.start(), match.end(), match.group(), person=False))
    return sorted(found, key=lambda m: m.start)


def _gap(text: str, a: tuple[int, int], b: tuple[int, int]) -> int:
    """Words between two spans of ``text`` (0 if they touch or overlap)."""
    first, second = (a, b) if a[0] <= b[0] else (b, a)
    if second[0] <= first[1]:
        return 0
    return len(_WORDS.findall(text, first[1], second[0]))


def _date_es(day: date) -> str:
    return f"{day.day} de {_MONTHS_ES[day.month - 1]} de {day.year}"


def _date_en(day: date) -> str:
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def _severity(context: RuleContext, period: ElectoralPeriod | None) -> Severity:
    if period is None:
        return context.severity
    raw = str(context.params.get("electoral_severity", "error")).lower()
    try:
        chosen = Severity(raw)
    except ValueError:
        chosen = Severity.ERROR
    return chosen if chosen.rank >= context.severity.rank else context.severity


def check_neutrality(context: RuleContext) -> Iterator[Finding]:
    """Flag an office holder next to a word of inauguration, visit or achievement."""
    message = context.message
    if message.direction is Direction.INBOUND:
        return
    if message.kind.value not in text_list(context.params, "kinds", ("post", "reply")):
        return
    text = message.text
    lexicon = _lexicon()
    verbs = dict(lexicon.verbs)
    extra_verbs = _alternation(text_list(context.params, "verbs"))
    if extra_verbs is not None:
        verbs["policy"] = extra_verbs
    holders = tuple(
        (person.name, person.political_office or "") for person in context.office_holders
    )
    people = _people(
        holders,
        tuple(text_list(context.params, "names")),
        tuple(text_list(context.params, "titles")),
    )
    max_words = context.params.get("max_words", 12)
    window = max_words if isinstance(max_words, int) and not isinstance(max_words, bool) else 12
    period = context.electoral_period
    severity = _severity(context, period)
    for start, end in _sentences(text):
        if lexicon.neutral is not None and lexicon.neutral.search(text, start, end):
            continue
        acts = sorted(
            (
                (match.start(), match.end(), lemma)
                for lemma, pattern in verbs.items()
                for match in pattern.finditer(text, start, end)
            ),
            key=lambda act: (act[0], act[2] == "policy", act[2]),
        )
        if not acts:
            continue
        mentions = _mentions(people, text, start, end)
        for act_start, act_end, lemma in acts:
            near = [
                m for m in mentions if _gap(text, (m.start, m.end), (act_start, act_end)) <= window
            ]
            if near:
                yield _finding(context, near, (act_start, act_end, lemma), period, severity)
                break  # one finding per sentence


def _finding(
    context: RuleContext,
    near: list[_Mention],
    act: tuple[int, int, str],
    period: ElectoralPeriod | None,
    severity: Severity,
) -> Finding:
    text = context.message.text
    start = min([act[0], *(m.start for m in near)])
    end = max([act[1], *(m.end for m in near)])
    quote = text[start:end]
    if len(quote) > 90:
        quote = quote[:87] + "…"
    named = [m.who for m in near if m.person] or [m.who for m in near]
    who = ", ".join(dict.fromkeys(named))
    act_es, act_en = _ACTS.get(act[2], ("protagonizando un acto", "starring in an act"))
    es = (
        f"«{quote}»: un cargo electo ({who}) aparece {act_es} en un perfil de la institución; "
        "la comunicación institucional informa de servicios, no promociona a quien gobierna"
    )
    en = (
        f"'{quote}': an office holder ({who}) appears {act_en} on the institution's profile; "
        "institutional communication informs about services, it does not promote those who govern"
    )
    if period is not None:
        es += (
            f". Es periodo electoral («{period.name}», del {_date_es(period.starts_on)} al "
            f"{_date_es(period.ends_on)}): la LOREG (art. 50.2 y 50.3) prohíbe los actos que "
            "aludan a logros y los de inauguración de obras o servicios públicos"
        )
        en += (
            f". This is an electoral period ('{period.name}', {_date_en(period.starts_on)} to "
            f"{_date_en(period.ends_on)}): LOREG art. 50.2 and 50.3 forbid acts alluding to "
            "achievements and acts inaugurating works or public services"
        )
    return Finding(
        rule="institutional-neutrality",
        severity=severity,
        message=Bilingual(es=es, en=en),
        span=Span(start, end),
        suggestion=Bilingual(
            es="cuente el servicio (qué abre, desde cuándo, para quién) sin protagonismo de "
            "cargos; en periodo electoral no publique inauguraciones ni logros",
            en="tell about the service (what opens, from when, for whom) without featuring "
            "office holders; during an electoral period, post no inaugurations or achievements",
        ),
        reference="LOREG (LO 5/1985) art. 50.2 and 50.3; Guia de xarxes socials de la "
        "Generalitat de Catalunya (2019) §2",
    )


INSTITUTIONAL_NEUTRALITY = Rule(
    id="institutional-neutrality",
    title=Bilingual(es="Neutralidad institucional", en="Institutional neutrality"),
    default_severity=Severity.WARNING,
    check=check_neutrality,
    params={
        "verbs": [],
        "names": [],
        "titles": [],
        "max_words": 12,
        "electoral_severity": "error",
        "kinds": ["post", "reply"],
    },
    family="neutrality",
    reference="LOREG (LO 5/1985) art. 50.2 and 50.3; Guia de xarxes socials de la Generalitat "
    "de Catalunya, 9a ed. (2019) §2 Recomanacions per als alts càrrecs",
    explanation=(
        "The institution's profiles belong to the citizens, not to the government team "
        '("networks belong to citizens, not to the mayor\'s inaugurations"). govsm flags a '
        "sentence that names an office holder — the people with a `political_office` in the "
        "workspace (full name, given name and first surname, both surnames), the `names` "
        "parameter, or a title such as *l'alcaldessa*, *la concejala*, *o alcalde*, *alkateak* "
        "— within `max_words` words of a word of promotion: inaugurating, closing, visiting, "
        "presiding, opening, laying a first stone, cutting a ribbon, claiming an achievement "
        "(in es, ca, gl and eu; the `verbs` parameter adds forms). It is a warning normally. "
        "Inside an electoral period of the policy (from the call of the elections to polling "
        "day) it is an error (`electoral_severity`): in that period LOREG art. 50.2 forbids "
        "acts organised or financed by public authorities that allude to their achievements, "
        "and art. 50.3 acts inaugurating works or public services. Sentences about mourning, a "
        "minute of silence, the emergency committee or the plenary session are institutional "
        "representation and are not flagged."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the institutional-neutrality rule."""
    return [INSTITUTIONAL_NEUTRALITY]
