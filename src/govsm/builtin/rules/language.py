"""Built-in rules: a post is in its profile's languages, and follows the co-official policy.

``language`` detects the language of a post and flags it when the profile does not publish in
it, or when the language the message declares contradicts what was detected.
``co-official-language`` checks the organisation's co-official language policy on one message
(both versions in the post, the first language first, or each version linking the other).

Both use govsm's language detector, :mod:`govsm.language.detection` (lingua restricted to the
candidate languages, and marker words for Galician, which lingua does not know).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import regex
from attrs import frozen

from govsm.language.cleaning import letter_count, strip_entities
from govsm.language.detection import DEFAULT_CANDIDATES, UNDETECTABLE, detect_language
from govsm.language.names import language_name, primary
from govsm.model import Bilingual, Direction, Finding, Severity, Span
from govsm.rules.params import number, text_list
from govsm.spec.authorship import Stage
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext

if TYPE_CHECKING:
    from govsm.text import Entity

# where a bilingual post changes language: a line break, a slash or bar between spaces, a flag,
# or a sentence end followed by an upper-case letter or opening ¿¡. A break's spaces are taken whole
# (possessive) and only from the start of a run of them (lookbehind): a post of 100,000 spaces,
# or of links and mentions (blanked out before detection), is cut in linear time, not quadratic.
_SEGMENT_BREAK = regex.compile(
    r"\n+|(?<!\s)\s++[/|]\s+|(?<=[.!?…])\s++(?=[¿¡\p{Lu}\p{So}])"
    # a flag between the versions (🇪🇸, or a subdivision's: 🏴 and tag letters, Catalonia's)
    r"|(?<!\s)\s*+(?:[\U0001F1E6-\U0001F1FF]{2}|\U0001F3F4[\U000E0020-\U000E007E]++\U000E007F)\s*+"
)


# --- shared helpers ------------------------------------------------------------------------------


def _entities(context: RuleContext) -> tuple[Entity, ...]:
    return tuple(context.measurement.entities) if context.measurement else ()


def _candidates(context: RuleContext, extra: Iterable[str]) -> list[str]:
    found = list(text_list(context.params, "candidates") or DEFAULT_CANDIDATES)
    found.extend(extra)
    if context.profile is not None:
        found.extend(context.profile.languages)
    if context.snapshot is not None:
        found.extend(context.snapshot.organisation.languages)
    return found


def _applies(context: RuleContext) -> bool:
    message = context.message
    if message.direction is Direction.INBOUND:
        return False
    kinds = text_list(context.params, "kinds") or ["post"]
    return message.kind.value in kinds


def _names(tags: Sequence[str]) -> tuple[str, str]:
    """The languages' names, joined, one per primary subtag (the first tag's name)."""
    firsts: dict[str, str] = {}
    for tag in tags:
        firsts.setdefault(primary(tag), tag)
    names = [language_name(t) for t in firsts.values()]
    es = ", ".join(n[0] for n in names[:-1]) + (" y " if len(names) > 1 else "") + names[-1][0]
    en = ", ".join(n[1] for n in names[:-1]) + (" and " if len(names) > 1 else "") + names[-1][1]
    return es, en


# --- rule: language ---------------------------------------------------------------------------


def _allowed(context: RuleContext) -> list[str]:
    allowed = text_list(context.params, "allowed")
    if allowed:
        return allowed
    if context.profile is not None and context.profile.languages:
        return list(context.profile.languages)
    if context.snapshot is not None:
        return list(context.snapshot.organisation.languages)
    return []


def _tolerated(detected: str, allowed: Iterable[str]) -> bool:
    """Whether ``detected`` may be an allowed language the detector cannot name."""
    return any(detected in UNDETECTABLE.get(primary(tag), ()) for tag in allowed)


def _declared_by_the_network(context: RuleContext) -> bool:
    """Whether the declared language is the network's own guess, which the officer cannot change.

    X sets the language of what is published itself (its archive's ``lang``): on a published X
    post it is no one's mistake. Drafts are still judged: there the language is the officer's.
    """
    found = context.authorship
    if found is None or found.stage is not Stage.PUBLISHED or context.channel is None:
        return False
    return context.channel.id in text_list(context.params, "guessing_networks", ("x",))


def _mislabel(context: RuleContext, declared: str, found_es: str, found_en: str) -> Finding:
    declared_es, declared_en = language_name(declared)
    return Finding(
        rule="language",
        severity=context.severity,
        message=Bilingual(
            es=f"el mensaje se declara en {declared_es} («{declared}») pero el texto parece "
            f"estar en {found_es}",
            en=f"the message says it is {declared_en} ('{declared}') but the text looks {found_en}",
        ),
        span=Span(0, len(context.message.text)),
        suggestion=Bilingual(
            es="corrija la lengua declarada: las redes la usan para los lectores de "
            "pantalla, las traducciones y los filtros por idioma",
            en="correct the declared language: networks use it for screen readers, "
            "translation and language filters",
        ),
        reference="WCAG 2.2 SC 3.1.1 Language of Page",
    )


def _foreign(
    context: RuleContext, allowed: list[str], found: str, found_es: str, found_en: str, span: Span
) -> Finding:
    names_es, names_en = _names(allowed)
    return Finding(
        rule="language",
        severity=context.severity,
        message=Bilingual(
            es=f"el texto parece estar en {found_es} y este perfil publica en {names_es}",
            en=f"the text looks {found_en} and this profile publishes in {names_en}",
        ),
        span=span,
        suggestion=Bilingual(
            es=f"tradúzcalo a {names_es}, o publíquelo en un perfil que use el {found_es}",
            en=f"translate it into {names_en}, or post it on a profile that uses {found_en}",
        ),
        reference="Profile languages in govsm.toml; Ley 39/2015 art. 15 (co-official languages)",
    )


def _bilingual(context: RuleContext, codes: frozenset[str]) -> dict[str, Span] | None:
    """The languages of a post that says the same in two (or more) languages, if it is one.

    The post is cut where such posts change language (a line break, `` / ``, a flag, a sentence
    end) and each part detected; it is bilingual when at least two languages each hold a fifth
    of the letters judged. Each language maps to the span from its first part to its last.
    """
    min_letters = int(number(context.params, "min_letters", 20))
    segments = _segments(context, codes, min_letters)
    if len({segment.language for segment in segments}) < 2:
        return None
    text = context.message.text
    letters: dict[str, int] = {}
    spans: dict[str, Span] = {}
    for segment in segments:
        count = letter_count(text[segment.start : segment.end])
        letters[segment.language] = letters.get(segment.language, 0) + count
        first = spans.get(segment.language)
        start = first.start if first is not None else segment.start
        spans[segment.language] = Span(min(start, len(text)), min(segment.end, len(text)))
    total = sum(letters.values())
    kept = {code: spans[code] for code, count in letters.items() if count * 5 >= total}
    return kept if len(kept) >= 2 else None


def check_language(context: RuleContext) -> Iterator[Finding]:
    """Flag a post whose detected language the profile does not use, or that it mislabels.

    A bilingual post is judged part by part: each of its languages must be the profile's, and
    the language it declares must be one of them. On X, a published post's declared language
    is the network's guess and is not judged.
    """
    message = context.message
    if message.direction is Direction.INBOUND:
        return
    # the profile's languages bind posts (``kinds``); a declared language must be right anywhere
    allowed = _allowed(context) if _applies(context) else []
    declared = None if _declared_by_the_network(context) else message.language
    if not allowed and declared is None:
        return
    text = context.message.text
    candidates = _candidates(context, allowed)
    allowed_primary = {primary(tag) for tag in allowed}
    parts = _bilingual(context, frozenset(primary(tag) for tag in candidates))
    if parts is not None:
        names = {code: language_name(code) for code in parts}
        if allowed:
            for code, span in parts.items():
                if code not in allowed_primary and not _tolerated(code, allowed):
                    yield _foreign(context, allowed, code, *names[code], span)
        if (
            declared is not None
            and primary(declared) not in parts
            and not any(_tolerated(code, [declared]) for code in parts)
        ):
            found_es, found_en = _names(list(parts))
            yield _mislabel(context, declared, found_es, found_en)
        return
    cleaned = strip_entities(text, _entities(context))
    min_letters = int(number(context.params, "min_letters", 20))
    min_confidence = number(context.params, "min_confidence", 0.6)
    accurate = context.params.get("accurate") is True
    detection = detect_language(cleaned, candidates, min_letters, accurate=accurate)
    if detection.language is None or detection.confidence < min_confidence:
        return
    found = detection.language
    found_es, found_en = language_name(found)
    percent = round(detection.confidence * 100)
    if allowed and found not in allowed_primary and not _tolerated(found, allowed):
        yield _foreign(
            context,
            allowed,
            found,
            f"{found_es} ({percent} % de confianza)",
            f"{found_en} ({percent}% confidence)",
            Span(0, len(text)),
        )
    if declared is not None and primary(declared) != found and not _tolerated(found, [declared]):
        yield _mislabel(
            context,
            declared,
            f"{found_es} ({percent} % de confianza)",
            f"{found_en} ({percent}% confidence)",
        )


LANGUAGE = Rule(
    id="language",
    title=Bilingual(es="Lengua del perfil", en="Profile language"),
    default_severity=Severity.WARNING,
    check=check_language,
    params={
        "allowed": [],
        "candidates": list(DEFAULT_CANDIDATES),
        "min_letters": 20,
        "min_confidence": 0.6,
        "kinds": ["post", "quote"],
        "accurate": False,
        "guessing_networks": ["x"],
    },
    family="language",
    reference="Ley 39/2015 art. 15 (co-official languages); Generalitat de Catalunya, Guia de "
    "xarxes socials (2019) §4.1; WCAG 2.2 SC 3.1.1",
    explanation=(
        "Each profile publishes in the languages its validation chose (`languages` in "
        "govsm.toml): a Valencian-only profile that posts in Spanish breaks its own plan, and a "
        "message that declares the wrong language misleads screen readers and translation. "
        "govsm detects the language of the text (lingua, restricted to the organisation's and "
        "the profile's languages plus es, ca, gl, eu, en, fr and pt; Galician is told from "
        "Spanish and Portuguese by govsm's own word lists because lingua has no Galician "
        "model), after removing links, mentions and hashtags. It judges only texts with at "
        "least `min_letters` letters and a detection of at least `min_confidence`. A bilingual "
        "post — the same message in two co-official languages, the versions split by a line "
        "break, ` / `, a flag or a sentence end — is judged part by part: each language that "
        "holds at least a fifth of its letters must be one of the profile's, and a declared "
        "language must be one of them. Replies may follow the citizen's language: the "
        "profile's languages bind only the message kinds in `kinds` (posts and quotes by "
        "default), while a declared language that contradicts the text is flagged on any "
        "outgoing message — except once published on a network in `guessing_networks` (X), "
        "which sets a post's language itself: that is the network's guess, which the officer "
        "cannot change; drafts there are still judged. Reposts, someone else's words, are not "
        "judged. Variants compare by their primary subtag: "
        "`ca-valencia` is `ca`. `accurate = true` uses lingua's high-accuracy mode (about "
        "140 MB more memory, slower) and judges more short posts."
    ),
)


# --- rule: co-official-language -------------------------------------------------------------------

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


@frozen
class _Segment:
    start: int
    end: int
    language: str


def _segments(context: RuleContext, codes: frozenset[str], min_letters: int) -> list[_Segment]:
    """The text cut where a bilingual post changes language, each part detected."""
    text = context.message.text
    cleaned = strip_entities(text, _entities(context))
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _SEGMENT_BREAK.finditer(cleaned):
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, len(cleaned)))
    threshold = number(context.params, "min_confidence", 0.6)
    accurate = context.params.get("accurate") is True
    segments: list[_Segment] = []
    for begin, end in pieces:
        piece = cleaned[begin:end]
        detection = detect_language(piece, codes, min_letters, accurate=accurate)
        if detection.language is None or detection.confidence < threshold:
            continue
        if segments and segments[-1].language == detection.language:
            segments[-1] = _Segment(segments[-1].start, end, detection.language)
        else:
            segments.append(_Segment(begin, end, detection.language))
    return segments


def _links_version(context: RuleContext, others: Sequence[str]) -> bool:
    """Whether the message points to its version in one of ``others`` (primary subtags)."""
    message = context.message
    if message.reply_to is not None:
        return True  # a thread: the version answers the original
    text = message.text
    urls = [e for e in _entities(context) if e.kind.value == "url"]
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


def check_co_official(context: RuleContext) -> Iterator[Finding]:
    """Check the co-official language policy (``order`` and ``mode``) on one message."""
    if not _applies(context):
        return
    order = text_list(context.params, "order")
    if not order and context.snapshot is not None:
        order = list(context.snapshot.organisation.languages)
    if context.profile is not None and context.profile.languages:
        used = {primary(t) for t in context.profile.languages}
        order = [t for t in order if primary(t) in used]
    if len({primary(t) for t in order}) < 2:
        return  # a one-language profile: the language rule covers it
    mode = str(context.params.get("mode", "both-in-post"))
    if mode not in _MODES:
        yield _bad_mode(context, mode)
        return
    text = context.message.text
    min_letters = int(number(context.params, "min_letters", 15))
    codes = frozenset(primary(t) for t in _candidates(context, order))
    segments = _segments(context, codes, min_letters)
    if not segments:
        return  # too short to judge
    wanted = [primary(t) for t in order]
    names = {primary(t): language_name(t) for t in order}
    seen: list[str] = []
    for segment in segments:
        if segment.language in wanted and segment.language not in seen:
            seen.append(segment.language)
    first = segments[0]
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
                    es=f"la política lingüística pide el texto en {_names(order)[0]} en la "
                    f"misma publicación, y falta la versión en {miss_es}",
                    en=f"the language policy asks for the text in {_names(order)[1]} in the "
                    f"same post, and the {miss_en} version is missing",
                ),
                span=whole,
                suggestion=Bilingual(
                    es=f"añada la versión en {miss_es}, en el orden {_names(order)[0]}",
                    en=f"add the {miss_en} version, in the order {_names(order)[1]}",
                ),
                reference=reference,
            )
            return
        yield from _order_findings(context, segments, wanted, names, reference)
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
            yield from _order_findings(context, segments, wanted, names, reference)
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
            second = next(s for s in segments if s.language == present[1])
            yield Finding(
                rule="co-official-language",
                severity=context.severity,
                message=Bilingual(
                    es=f"la publicación mezcla {_names(tags)[0]}: la política pide una "
                    "publicación por lengua",
                    en=f"the post mixes {_names(tags)[1]}: the policy asks for one post per "
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
    segments: list[_Segment],
    wanted: list[str],
    names: dict[str, tuple[str, str]],
    reference: str,
) -> Iterator[Finding]:
    """A finding when the languages appear in another order than the policy's."""
    firsts: dict[str, _Segment] = {}
    for segment in segments:
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
    """Declare the language rules."""
    return [LANGUAGE, CO_OFFICIAL]
