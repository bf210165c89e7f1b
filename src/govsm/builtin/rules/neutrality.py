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

The words are :mod:`govsm.rules.neutrality_lexicon`'s; :mod:`govsm.rules.office_holders` finds
the office holders. This module judges the sentences and words the findings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from datetime import date

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
from govsm.model.policy import ParamValue
from govsm.rules.neutrality_lexicon import (
    Act,
    acts,
    attends_another_body,
    is_neutral,
    may_claim,
    may_claim_somewhere,
    praise,
)
from govsm.rules.office_holders import Holder, Mention, account_key, mentions
from govsm.rules.params import Prepared, text_list
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


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentences of ``text[start:end]``, as spans of ``text``."""
    for match in _SENTENCE_END.finditer(text, start, end):
        yield start, match.end()
        start = match.end()
    if start < end:
        yield start, end


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


@frozen
class _Setup:
    """What the rule reads from its parameters, once per configuration."""

    kinds: frozenset[str]
    verbs: tuple[str, ...]
    praised: tuple[str, ...]
    names: tuple[str, ...]
    titles: tuple[str, ...]
    window: int


def _read_setup(params: Mapping[str, ParamValue]) -> _Setup:
    max_words = params.get("max_words", 12)
    return _Setup(
        kinds=frozenset(text_list(params, "kinds", ("post", "reply", "quote"))),
        verbs=tuple(text_list(params, "verbs")),
        praised=tuple(text_list(params, "praise")),
        names=tuple(text_list(params, "names")),
        titles=tuple(text_list(params, "titles")),
        window=max_words if isinstance(max_words, int) and not isinstance(max_words, bool) else 12,
    )


_setup = Prepared(_read_setup)


def check_neutrality(context: RuleContext) -> Iterator[Finding]:
    """Flag credit-claiming by office holders, praise of the government, and reposts of them."""
    message = context.message
    if message.direction is Direction.INBOUND:
        return
    period = context.electoral_period
    if _kind(context) is MessageKind.REPOST:
        yield from _repost(context, period)
        return
    setup = _setup(context.params)
    if message.kind.value not in setup.kinds:
        return
    text = message.text
    # the rule reads the whole text (a repost's author is in it); it judges the author's words
    own = context.authorship.own if context.authorship is not None else Span(0, len(text))
    verbs = setup.verbs
    praised = setup.praised
    # who may claim, read when a sentence first may claim something (most never do)
    holders: tuple[tuple[Holder, ...], tuple[str, ...], tuple[str, ...]] | None = None
    if not may_claim_somewhere(text, own.start, own.end, verbs, praised):
        return  # most messages: no sentence to cut out and look at
    window = setup.window
    severity = _severity(context, period)
    for start, end in _sentences(text, own.start, own.end):
        if not may_claim(text, start, end, verbs, praised):
            continue  # no act and no praise: nothing to find
        if is_neutral(text, start, end):
            continue
        if holders is None:
            holders = (_holders(context), setup.names, setup.titles)
        claim = _claim(text, holders, verbs, window, start, end)
        if claim is not None:
            near, act = claim
            yield _finding(context, near, act, period, severity)
            continue  # one finding per sentence
        found = praise(text, start, end, praised)
        if found is not None:
            yield _praise_finding(context, Span(*found), period, severity)


def _holders(context: RuleContext) -> tuple[Holder, ...]:
    return tuple(
        (person.name, person.political_office or "", person.accounts)
        for person in context.office_holders
    )


def _claim(
    text: str,
    holders: tuple[tuple[Holder, ...], tuple[str, ...], tuple[str, ...]],
    verbs: tuple[str, ...],
    window: int,
    start: int,
    end: int,
) -> tuple[list[Mention], Act] | None:
    """The first credit-claiming act near an office holder in a sentence, with who is near.

    ``holders`` are the office holders, extra names and extra titles; ``verbs`` the policy's
    own verb forms.
    """
    found = acts(text, start, end, verbs)
    if not found or attends_another_body(text, start, end):
        return None
    named = mentions(*holders, text, start, end)
    for act_start, act_end, lemma in found:
        near = [m for m in named if _gap(text, (m.start, m.end), (act_start, act_end)) <= window]
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
    near: list[Mention],
    act: Act,
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
    found = _repost_author(rules.repost_prefix).match(message.text)
    return found.group(1) if found is not None else None


@functools.lru_cache(maxsize=16)
def _repost_author(prefix: str) -> regex.Pattern[str]:
    """The start of a repost written with ``prefix`` (``RT @``), the author captured."""
    return regex.compile(regex.escape(prefix) + r"([A-Za-z0-9_]{1,15}):")


def _owner(context: RuleContext, key: str, holders: Sequence[Person]) -> tuple[str, str] | None:
    """The office holder ``(label, account)`` whose own account ``key`` is, if any."""
    for person in holders:
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
