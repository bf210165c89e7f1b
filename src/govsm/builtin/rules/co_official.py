"""Built-in rule: a message follows the organisation's co-official language policy.

``co-official-language`` checks the policy's ``order`` of the languages and its ``mode`` on one
message: both versions in the post, the first language first, each version linking the other,
or one post per language. The post is cut into its parts and each part's language detected
(:mod:`govsm.language.segments`), with govsm's language detector,
:mod:`govsm.language.detection`. The other rule of the family, ``language``
(:mod:`govsm.builtin.rules.language`), checks a post is in its profile's languages.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import regex
from attrs import frozen

from govsm.language.detection import DEFAULT_CANDIDATES
from govsm.language.names import language_name, primary
from govsm.language.segments import Segment, judged_parts
from govsm.model import Bilingual, Finding, OrganisationSnapshot, Profile, Severity, Span
from govsm.model.policy import ParamValue
from govsm.rules.language_context import (
    applies,
    candidate_codes,
    cleaned_text,
    entities,
    joined_names,
    segments,
)
from govsm.rules.params import Prepared, number, text_list
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext

_MODES = ("both-in-post", "first-language-first", "linked-versions", "separate-posts")

# a link introduced by a language's name: "Versión en castellano: https://…"
_VERSION_WORDS = {
    "es": r"castell[àaá]n?o?|espa[ñn]ol|castelán|gaztelania?z?",
    "ca": r"valenci[àaá]n?o?|catal[àaá]n?|valenzian|katalana?z?",
    "gl": r"galeg[oa]|gallego|galizier[ae]?z?",
    "eu": r"euskara|euskera|basc|vasco|éuscaro|euskaraz",
}
_LANGUAGE_MARKERS = {
    code: regex.compile(rf"\b(?:{words})\b", regex.IGNORECASE)
    for code, words in _VERSION_WORDS.items()
}
_URL_LANGUAGE = regex.compile(
    r"^([a-z]{2})\.|/([a-z]{2})(?:[-_][a-z]{2,8})?(?=/|$)|"
    r"[?&](?:lang|hl|idioma|lengua|llengua|locale|language)=([a-z]{2})",
    regex.IGNORECASE,
)


def _links_version(context: RuleContext, others: Sequence[str]) -> bool:
    """Whether the message points to its version in one of ``others`` (primary subtags)."""
    message = context.message
    if message.reply_to is not None:
        return True  # a thread: the version answers the original
    text = message.text
    urls = [e for e in entities(context) if e.kind.value == "url"]
    targets = [e.value for e in urls] + list(message.links)
    for url in targets:
        for match in _URL_LANGUAGE.finditer(url.split("://", 1)[-1]):
            code = next(g for g in match.groups() if g)
            if code.lower() in others:
                return True
        if context.profile is not None and context.profile.url:
            own = context.profile.url.split("://", 1)[-1].rstrip("/")
            if own and own in url:
                return True  # a quoted post of the same profile
    for entity in urls:
        before = text[max(0, entity.start - 60) : entity.start]
        for code in others:
            marker = _LANGUAGE_MARKERS.get(code)
            if marker is not None and marker.search(before):
                return True
    return False


def _read_order(
    params: Mapping[str, ParamValue], profile: Profile | None, snapshot: OrganisationSnapshot | None
) -> tuple[str, ...]:
    """The languages in the policy's order (``order``, else the organisation's) the profile uses.

    Empty when they are fewer than two: the language rule covers a one-language profile.
    """
    order = text_list(params, "order")
    if not order and snapshot is not None:
        order = list(snapshot.organisation.languages)
    if profile is not None and profile.languages:
        used = {primary(t) for t in profile.languages}
        order = [t for t in order if primary(t) in used]
    return tuple(order) if len({primary(t) for t in order}) >= 2 else ()


@frozen
class _Setup:
    """What the rule reads from its parameters, profile and organisation, once for each."""

    order: tuple[str, ...]
    mode: str
    #: the policy's number, truncated to an integer as the rule always read it
    min_letters: int


def _read_setup(
    params: Mapping[str, ParamValue], profile: Profile | None, snapshot: OrganisationSnapshot | None
) -> _Setup:
    return _Setup(
        _read_order(params, profile, snapshot),
        str(params.get("mode", "both-in-post")),
        int(number(params, "min_letters", 15)),
    )


_setup = Prepared(_read_setup)


def check_co_official(context: RuleContext) -> Iterator[Finding]:
    """Check the co-official language policy (``order`` and ``mode``) on one message."""
    if not applies(context):
        return
    setup = _setup(context.params, context.profile, context.snapshot)
    order = setup.order
    if not order:
        return  # a one-language profile: the language rule covers it
    mode = setup.mode
    if mode not in _MODES:
        yield _bad_mode(context, mode)
        return
    text = context.message.text
    min_letters = setup.min_letters
    cleaned = cleaned_text(context)
    if mode == "separate-posts" and judged_parts(cleaned, min_letters) < 2:
        return  # at most one part long enough to judge: one language, nothing mixed
    codes = candidate_codes(context, order)
    parts = segments(context, codes, min_letters, cleaned)
    if not parts:
        return  # too short to judge
    wanted = [primary(t) for t in order]
    names = {primary(t): language_name(t) for t in order}
    seen: list[str] = []
    for segment in parts:
        if segment.language in wanted and segment.language not in seen:
            seen.append(segment.language)
    first = parts[0]
    whole = Span(0, len(text))
    reference = "Co-official language policy in govsm.toml; Ley 39/2015 art. 15"

    if mode == "both-in-post":
        missing = [code for code in wanted if code not in seen]
        if missing:
            miss_es = ", ".join(names[c][0] for c in missing)
            miss_en = ", ".join(names[c][1] for c in missing)
            yield Finding(
                rule="co-official-language",
                severity=context.severity,
                message=Bilingual(
                    es=f"la política lingüística pide el texto en {joined_names(order)[0]} en la "
                    f"misma publicación, y falta la versión en {miss_es}",
                    en=f"the language policy asks for the text in {joined_names(order)[1]} in the "
                    f"same post, and the {miss_en} version is missing",
                ),
                span=whole,
                suggestion=Bilingual(
                    es=f"añada la versión en {miss_es}, en el orden {joined_names(order)[0]}",
                    en=f"add the {miss_en} version, in the order {joined_names(order)[1]}",
                ),
                reference=reference,
            )
            return
        yield from _order_findings(context, parts, wanted, names, reference)
    elif mode == "first-language-first":
        if first.language != wanted[0]:
            lead_es, lead_en = names[wanted[0]]
            found_es, found_en = language_name(first.language)
            yield Finding(
                rule="co-official-language",
                severity=context.severity,
                message=Bilingual(
                    es=f"la publicación empieza en {found_es} y la política pide empezar en "
                    f"{lead_es}",
                    en=f"the post starts in {found_en} and the policy asks to start in {lead_en}",
                ),
                span=Span(first.start, first.end),
                suggestion=Bilingual(
                    es=f"ponga primero la versión en {lead_es}",
                    en=f"put the {lead_en} version first",
                ),
                reference=reference,
            )
    elif mode == "linked-versions":
        if all(code in seen for code in wanted):
            yield from _order_findings(context, parts, wanted, names, reference)
            return
        language = first.language
        others = [code for code in wanted if code != language]
        if language in wanted and not _links_version(context, others):
            other_es = ", ".join(names[c][0] for c in others)
            other_en = ", ".join(names[c][1] for c in others)
            found_es, found_en = names[language]
            yield Finding(
                rule="co-official-language",
                severity=context.severity,
                message=Bilingual(
                    es=f"la publicación está en {found_es} y no enlaza su versión en {other_es}",
                    en=f"the post is in {found_en} and does not link its {other_en} version",
                ),
                span=whole,
                suggestion=Bilingual(
                    es=f"enlace la versión en {other_es} (p. ej. «Versión en {other_es}: "
                    "https://…») o publíquela como respuesta en el mismo hilo",
                    en=f"link the {other_en} version (e.g. 'Versió en castellà: https://…') "
                    "or post it as a reply in the same thread",
                ),
                reference=reference,
            )
    else:  # separate-posts
        present = [code for code in wanted if code in seen]
        tags = [tag for tag in order if primary(tag) in present]
        if len(present) > 1:
            second = next(s for s in parts if s.language == present[1])
            yield Finding(
                rule="co-official-language",
                severity=context.severity,
                message=Bilingual(
                    es=f"la publicación mezcla {joined_names(tags)[0]}: la política pide una "
                    "publicación por lengua",
                    en=f"the post mixes {joined_names(tags)[1]}: the policy asks for one post per "
                    "language",
                ),
                span=Span(second.start, len(text)),
                suggestion=Bilingual(
                    es="publique cada versión por separado",
                    en="post each version separately",
                ),
                reference=reference,
            )


def _order_findings(
    context: RuleContext,
    parts: list[Segment],
    wanted: list[str],
    names: dict[str, tuple[str, str]],
    reference: str,
) -> Iterator[Finding]:
    """A finding when the languages appear in another order than the policy's."""
    firsts: dict[str, Segment] = {}
    for segment in parts:
        firsts.setdefault(segment.language, segment)
    present = [code for code in wanted if code in firsts]
    actual = sorted(present, key=lambda code: firsts[code].start)
    if actual == present:
        return
    early = firsts[actual[0]]
    order_es = " y después ".join(names[c][0] for c in present)
    order_en = ", then ".join(names[c][1] for c in present)
    found_es, found_en = names[actual[0]]
    yield Finding(
        rule="co-official-language",
        severity=context.severity,
        message=Bilingual(
            es=f"la versión en {found_es} va primero y la política pide el orden {order_es}",
            en=f"the {found_en} version comes first and the policy asks for the order {order_en}",
        ),
        span=Span(early.start, early.end),
        suggestion=Bilingual(
            es=f"reordene las versiones: {order_es}",
            en=f"reorder the versions: {order_en}",
        ),
        reference=reference,
    )


def _bad_mode(context: RuleContext, mode: str) -> Finding:
    return Finding(
        rule="co-official-language",
        severity=Severity.WARNING,
        message=Bilingual(
            es=f"modo «{mode}» desconocido en la regla co-official-language; valores: "
            f"{', '.join(_MODES)}",
            en=f"unknown mode '{mode}' in rule co-official-language; values: {', '.join(_MODES)}",
        ),
        suggestion=Bilingual(es="corrija govsm.toml", en="fix govsm.toml"),
    )


CO_OFFICIAL = Rule(
    id="co-official-language",
    title=Bilingual(es="Lenguas cooficiales", en="Co-official languages"),
    default_severity=Severity.WARNING,
    check=check_co_official,
    params={
        "order": [],
        "mode": "both-in-post",
        "candidates": list(DEFAULT_CANDIDATES),
        "min_letters": 15,
        "min_confidence": 0.6,
        "kinds": ["post", "quote"],
        "accurate": False,
    },
    enabled_by_default=False,
    family="language",
    reference="Ley 39/2015 art. 15; Llei 4/1983 d'ús i ensenyament del valencià art. 9; the "
    "organisation's language policy",
    explanation=(
        "Where two languages are official, the organisation's language policy says how a post "
        "uses them. `order` lists them by precedence (default: the organisation's languages, "
        'e.g. `["ca-valencia", "es"]`) and `mode` says what one message must do:\n\n'
        "- `both-in-post`: every language of `order` in the same post, in that order;\n"
        "- `first-language-first`: the post starts in the first language (the others may "
        "follow);\n"
        "- `linked-versions`: a post in one language links its version in the other (a link "
        "introduced by the language's name, a link whose address names the language such as "
        "`/es/` or `?lang=es`, a quoted post of the same profile, or a reply in a thread);\n"
        "- `separate-posts`: each post in a single language of `order` (the versions are "
        "separate posts).\n\n"
        "The post is cut at line breaks, ` / `, flags and sentence ends, and each part's "
        "language detected. Only languages the profile uses count, so a one-language profile is "
        "left to the `language` rule. Posts and quotes are judged (`kinds`); a repost, someone "
        "else's post shared as it is, never is. The rule is off until the policy enables it."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the co-official-language rule."""
    return [CO_OFFICIAL]
