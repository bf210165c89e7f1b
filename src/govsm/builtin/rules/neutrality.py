"""Built-in rule: the institution's profiles do not promote the people who govern it.

``institutional-neutrality`` looks, sentence by sentence, for an office holder — by name (the
people with a ``political_office`` in the workspace, or the ``names`` parameter), by a personal
account of theirs (``@neusferrando``) or by title ("l'alcaldessa", "la concejala", "o alcalde",
"alkateak") — near a word of credit-claiming: inaugurating, opening, laying a first stone,
announcing, presenting, highlighting, receiving guests, claiming an achievement; and for praise
of the government's own management ("gracias a la gestión del equipo de gobierno", "cumplimos",
"seguimos trabajando por…") with or without a name (``govsm/rules/data/neutrality-verbs.toml``,
in es/ca/gl/eu). Routine agenda (visiting, attending, meeting) is not flagged by itself, nor an
office holder attending another body's act. A repost of an office holder's personal account
(``accounts`` of a person in the workspace) is flagged too. Normally a heads-up (info; a
repost, a warning); during an electoral period of the policy, an error (LOREG art. 50.2 and
50.3).
"""

from __future__ import annotations

import functools
import importlib.resources
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

import regex
from attrs import frozen

from govsm.model import (
    Bilingual,
    Direction,
    ElectoralPeriod,
    Finding,
    MessageKind,
    Person,
    Severity,
    Span,
)
from govsm.rules.params import text_list
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule, Scope, Text
from govsm.spec.rule_context import RuleContext

_RULE = "institutional-neutrality"
_REFERENCE = (
    "LOREG (LO 5/1985) art. 50.2 and 50.3; Guia de xarxes socials de la Generalitat de "
    "Catalunya (2019) §2"
)
_WORDS = regex.compile(r"\w+")
# a sentence ends at . ! ? ; or a line break — not after the abbreviations of a title
_SENTENCE_END = regex.compile(
    r"(?<!\b(?:Sr|Sra|Srs|Sres|Dr|Dra|D|Dña|Excm|Excma|Il·lm|Il·lma|Ilmo|Ilma))[.!?;…]+(?=\s|$)"
    r"|\n+"
)

_ACTS: dict[str, tuple[str, str]] = {
    "inaugurar": ("inaugurando", "inaugurating"),
    "estrenar": ("estrenando", "opening"),
    "primera-piedra": ("poniendo la primera piedra", "laying a foundation stone"),
    "cortar-la-cinta": ("cortando la cinta", "cutting the ribbon"),
    "anunciar": ("anunciando", "announcing"),
    "destacar": ("destacando", "highlighting"),
    "presentar": ("presentando", "presenting"),
    "recibir": ("recibiendo", "receiving guests"),
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
    praise: tuple[str, ...]
    attending: regex.Pattern[str] | None
    other_bodies: regex.Pattern[str] | None


def _all(data: dict[str, Any], table: str) -> list[str]:
    return [term for items in data[table].values() for term in items]


@functools.cache
def _lexicon() -> _Lexicon:
    resource = importlib.resources.files("govsm.rules") / "data" / "neutrality-verbs.toml"
    data: dict[str, Any] = tomllib.loads(resource.read_text(encoding="utf-8"))
    verbs: dict[str, regex.Pattern[str]] = {}
    for lemma, forms in data["verbs"].items():
        pattern = _alternation(f for items in forms.values() for f in items)
        if pattern is not None:
            verbs[lemma] = pattern
    return _Lexicon(
        verbs=verbs,
        titles=tuple(_all(data, "titles")),
        neutral=_alternation(_all(data, "neutral")),
        praise=tuple(_all(data, "praise")),
        attending=_alternation(_all(data, "attending")),
        other_bodies=_alternation(_all(data, "other-bodies")),
    )


@functools.lru_cache(maxsize=64)
def _praise(extra: tuple[str, ...]) -> regex.Pattern[str] | None:
    return _alternation([*_lexicon().praise, *extra])


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


def account_key(account: str) -> str:
    """An account as a comparable key: its user name, lower case, without ``@`` or address.

    ``@NeusFerrando``, ``https://x.com/neusferrando`` and ``neusferrando`` are one account;
    so are ``@neus@mastodon.social`` and ``https://mastodon.social/@neus`` (user ``neus``).
    """
    key = account.strip()
    if "://" in key:
        key = key.split("://", 1)[1].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return key.lstrip("@").split("@", 1)[0].casefold()


@functools.lru_cache(maxsize=64)
def _people(
    holders: tuple[tuple[str, str, tuple[str, ...]], ...],
    extra_names: tuple[str, ...],
    extra_titles: tuple[str, ...],
) -> _People:
    """Patterns for the office holders ``(name, office, accounts)``, extra names and titles."""
    who: dict[str, str] = {}
    names: list[str] = []
    titles = list(_lexicon().titles) + list(extra_titles)
    for name, office, accounts in holders:
        label = f"{name}, {office}" if office else name
        forms = _name_forms(name) + [f"@{account_key(a)}" for a in accounts if account_key(a)]
        for form in forms:
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


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentences of ``text[start:end]``, as spans of ``text``."""
    for match in _SENTENCE_END.finditer(text, start, end):
        yield start, match.end()
        start = match.end()
    if start < end:
        yield start, end


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


def _chosen(context: RuleContext, param: str, default: Severity) -> Severity:
    raw = str(context.params.get(param, default.value)).lower()
    try:
        return Severity(raw)
    except ValueError:
        return default


def _severity(
    context: RuleContext, period: ElectoralPeriod | None, floor: Severity | None = None
) -> Severity:
    """The policy's severity (raised to ``floor``), or the electoral one inside a period."""
    severity = context.severity
    if floor is not None and floor.rank > severity.rank:
        severity = floor
    if period is None:
        return severity
    electoral = _chosen(context, "electoral_severity", Severity.ERROR)
    return electoral if electoral.rank >= severity.rank else severity


def _kind(context: RuleContext) -> MessageKind:
    """The message's kind as the network showed it (a post written ``RT @x:`` is a repost)."""
    return context.authorship.kind if context.authorship is not None else context.message.kind


def check_neutrality(context: RuleContext) -> Iterator[Finding]:
    """Flag credit-claiming by office holders, praise of the government, and reposts of them."""
    message = context.message
    if message.direction is Direction.INBOUND:
        return
    period = context.electoral_period
    if _kind(context) is MessageKind.REPOST:
        yield from _repost(context, period)
        return
    if message.kind.value not in text_list(context.params, "kinds", ("post", "reply", "quote")):
        return
    text = message.text
    # the rule reads the whole text (a repost's author is in it); it judges the author's words
    own = context.authorship.own if context.authorship is not None else Span(0, len(text))
    lexicon = _lexicon()
    verbs = dict(lexicon.verbs)
    extra_verbs = _alternation(text_list(context.params, "verbs"))
    if extra_verbs is not None:
        verbs["policy"] = extra_verbs
    praise = _praise(tuple(text_list(context.params, "praise")))
    people = _people(
        _holders(context),
        tuple(text_list(context.params, "names")),
        tuple(text_list(context.params, "titles")),
    )
    max_words = context.params.get("max_words", 12)
    window = max_words if isinstance(max_words, int) and not isinstance(max_words, bool) else 12
    severity = _severity(context, period)
    for start, end in _sentences(text, own.start, own.end):
        if lexicon.neutral is not None and lexicon.neutral.search(text, start, end):
            continue
        claim = _claim(context, people, verbs, window, start, end)
        if claim is not None:
            near, act = claim
            yield _finding(context, near, act, period, severity)
            continue  # one finding per sentence
        found = praise.search(text, start, end) if praise is not None else None
        if found is not None:
            yield _praise_finding(context, Span(found.start(), found.end()), period, severity)


def _holders(context: RuleContext) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple(
        (person.name, person.political_office or "", person.accounts)
        for person in context.office_holders
    )


def _attends_another_body(text: str, start: int, end: int) -> bool:
    """Whether the sentence has an office holder attend someone else's act.

    The Diputación's or an association's act: representation, not the council claiming its
    own works.
    """
    lexicon = _lexicon()
    if lexicon.attending is None or lexicon.other_bodies is None:
        return False
    return bool(
        lexicon.attending.search(text, start, end) and lexicon.other_bodies.search(text, start, end)
    )


def _claim(
    context: RuleContext,
    people: _People,
    verbs: dict[str, regex.Pattern[str]],
    window: int,
    start: int,
    end: int,
) -> tuple[list[_Mention], tuple[int, int, str]] | None:
    """The first credit-claiming act near an office holder in a sentence, with who is near."""
    text = context.message.text
    acts = sorted(
        (
            (match.start(), match.end(), lemma)
            for lemma, pattern in verbs.items()
            for match in pattern.finditer(text, start, end)
        ),
        key=lambda act: (act[0], act[2] == "policy", act[2]),
    )
    if not acts or _attends_another_body(text, start, end):
        return None
    mentions = _mentions(people, text, start, end)
    for act_start, act_end, lemma in acts:
        near = [m for m in mentions if _gap(text, (m.start, m.end), (act_start, act_end)) <= window]
        if near:
            return near, (act_start, act_end, lemma)
    return None


def _quote(text: str, start: int, end: int) -> str:
    quote = text[start:end]
    return quote if len(quote) <= 90 else quote[:87] + "…"


def _electoral(period: ElectoralPeriod) -> tuple[str, str]:
    return (
        f". Es periodo electoral («{period.name}», del {_date_es(period.starts_on)} al "
        f"{_date_es(period.ends_on)}): la LOREG (art. 50.2 y 50.3) prohíbe los actos que "
        "aludan a logros y los de inauguración de obras o servicios públicos",
        f". This is an electoral period ('{period.name}', {_date_en(period.starts_on)} to "
        f"{_date_en(period.ends_on)}): LOREG art. 50.2 and 50.3 forbid acts alluding to "
        "achievements and acts inaugurating works or public services",
    )


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
    quote = _quote(text, start, end)
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
        more_es, more_en = _electoral(period)
        es, en = es + more_es, en + more_en
    return Finding(
        rule=_RULE,
        severity=severity,
        message=Bilingual(es=es, en=en),
        span=Span(start, end),
        suggestion=Bilingual(
            es="cuente el servicio (qué abre, desde cuándo, para quién) sin protagonismo de "
            "cargos; en periodo electoral no publique inauguraciones ni logros",
            en="tell about the service (what opens, from when, for whom) without featuring "
            "office holders; during an electoral period, post no inaugurations or achievements",
        ),
        reference=_REFERENCE,
    )


def _praise_finding(
    context: RuleContext, span: Span, period: ElectoralPeriod | None, severity: Severity
) -> Finding:
    quote = _quote(context.message.text, span.start, span.end)
    es = (
        f"«{quote}»: el perfil de la institución elogia la gestión del gobierno o habla como "
        "su equipo; la comunicación institucional informa de servicios, no de méritos"
    )
    en = (
        f"'{quote}': the institution's profile praises the government's management or speaks "
        "as its team; institutional communication informs about services, not merits"
    )
    if period is not None:
        more_es, more_en = _electoral(period)
        es, en = es + more_es, en + more_en
    return Finding(
        rule=_RULE,
        severity=severity,
        message=Bilingual(es=es, en=en),
        span=span,
        suggestion=Bilingual(
            es="diga qué cambia para la ciudadanía (qué, cuándo, dónde) sin atribuir el mérito "
            "al gobierno",
            en="say what changes for citizens (what, when, where) without crediting the government",
        ),
        reference=_REFERENCE,
    )


# --- reposts of office holders' own accounts -------------------------------------------------


def _reposted_author(context: RuleContext) -> str | None:
    """Whose post a repost shares: the message says so, or X's ``RT @author:`` prefix does."""
    message = context.message
    if message.original_author:
        return message.original_author
    rules = context.channel.text_rules if context.channel is not None else None
    if rules is None or not rules.repost_prefix:
        return None
    prefix = regex.escape(rules.repost_prefix)
    found = regex.match(prefix + r"([A-Za-z0-9_]{1,15}):", message.text)
    return found.group(1) if found is not None else None


def _owner(context: RuleContext, key: str, people: Sequence[Person]) -> tuple[str, str] | None:
    """The office holder ``(label, account)`` whose own account ``key`` is, if any."""
    for person in people:
        if not person.active_on(context.day):
            continue
        for account in person.accounts:
            if account_key(account) == key:
                office = person.political_office or ""
                return (f"{person.name}, {office}" if office else person.name), account
    for account in text_list(context.params, "accounts"):
        if account_key(account) == key:
            return account, account
    return None


def _repost(context: RuleContext, period: ElectoralPeriod | None) -> Iterator[Finding]:
    author = _reposted_author(context)
    key = account_key(author) if author else ""
    if not key:
        return
    owner = _owner(context, key, context.office_holders)
    if owner is None:
        return
    who, account = owner
    floor = _chosen(context, "repost_severity", Severity.WARNING)
    es = (
        f"el perfil de la institución republica una cuenta personal de un cargo electo "
        f"({who}, {account}): amplifica la voz de quien gobierna, no informa de servicios"
    )
    en = (
        f"the institution's profile reposts an office holder's own account ({who}, "
        f"{account}): it amplifies those who govern instead of informing about services"
    )
    if period is not None:
        more_es, more_en = _electoral(period)
        es, en = es + more_es, en + more_en
    text = context.message.text
    yield Finding(
        rule=_RULE,
        severity=_severity(context, period, floor),
        message=Bilingual(es=es, en=en),
        span=Span(0, len(text)) if text else None,
        suggestion=Bilingual(
            es="no republique cuentas personales ni de partido; si hay información de "
            "servicio, publíquela con las palabras de la institución",
            en="do not repost personal or party accounts; if there is service information, "
            "post it in the institution's own words",
        ),
        reference=_REFERENCE,
    )


INSTITUTIONAL_NEUTRALITY = Rule(
    id=_RULE,
    title=Bilingual(es="Neutralidad institucional", en="Institutional neutrality"),
    default_severity=Severity.INFO,
    check=check_neutrality,
    params={
        "verbs": [],
        "praise": [],
        "names": [],
        "titles": [],
        "accounts": [],
        "max_words": 12,
        "electoral_severity": "error",
        "repost_severity": "warning",
        "kinds": ["post", "reply", "quote"],
    },
    family="neutrality",
    reference="LOREG (LO 5/1985) art. 50.2 and 50.3; Guia de xarxes socials de la Generalitat "
    "de Catalunya, 9a ed. (2019) §2 Recomanacions per als alts càrrecs",
    # it sees reposts (whose author it judges) and the whole text (a retweet's "RT @author:");
    # the words it judges are the author's own, as the engine found them
    scope=Scope(kinds=frozenset(MessageKind), text=Text.WHOLE),
    explanation=(
        "The institution's profiles belong to the citizens, not to the government team "
        '("networks belong to citizens, not to the mayor\'s inaugurations"). govsm flags, '
        "sentence by sentence:\n\n"
        "- an office holder — the people with a `political_office` in the workspace (full "
        "name, given name and first surname, both surnames, their personal `accounts`), the "
        "`names` parameter, or a title such as *l'alcaldessa*, *la concejala*, *o alcalde*, "
        "*alkateak* — within `max_words` words of a word of credit-claiming: inaugurating, "
        "opening, laying a first stone, cutting a ribbon, announcing, presenting, "
        "highlighting, receiving guests, claiming an achievement (in es, ca, gl and eu; "
        "`verbs` adds forms);\n"
        "- praise of the government's own management, with or without a name: *gracias a la "
        "gestión del equipo de gobierno*, *cumplimos con*, *seguimos trabajando por* (`praise` "
        "adds phrases);\n"
        "- a repost of an office holder's own account (the `accounts` of a person in the "
        "workspace, or the `accounts` parameter): the institution amplifying a politician's "
        "personal or party voice.\n\n"
        "Claims and praise are a heads-up (**info**): the wording is worth a second look, not "
        "necessarily a change; a repost is a **warning** (`repost_severity`). Inside an "
        "electoral period of the policy every finding is an **error** (`electoral_severity`): "
        "LOREG art. 50.2 forbids acts organised or financed by public authorities that allude "
        "to their achievements, and art. 50.3 acts inaugurating works or public services. Not "
        "flagged: routine agenda (visiting, attending, meeting, presiding), an office holder "
        "attending another body's act (the Diputación's, the regional government's, an "
        "association's), and sentences about mourning, a minute of silence, the emergency "
        "committee or the plenary session, which are institutional representation."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the institutional-neutrality rule."""
    return [INSTITUTIONAL_NEUTRALITY]
