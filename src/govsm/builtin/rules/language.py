"""Built-in rule: a post is in its profile's languages, and says which one it is in.

``language`` detects the language of a post and flags it when the profile does not publish in
it, or when the language the message declares contradicts what was detected. A bilingual post
is judged part by part (:mod:`govsm.language.segments`). The organisation's co-official
language policy is the other rule of the family, ``co-official-language``
(:mod:`govsm.builtin.rules.co_official`).

It uses govsm's language detector, :mod:`govsm.language.detection` (lingua restricted to the
candidate languages, and marker words for Galician, which lingua does not know).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from attrs import frozen

from govsm.language.detection import DEFAULT_CANDIDATES, UNDETECTABLE
from govsm.language.names import language_name, primary
from govsm.language.segments import bilingual_spans, detect_part, may_be_bilingual
from govsm.model import (
    Bilingual,
    Direction,
    Finding,
    OrganisationSnapshot,
    Profile,
    Severity,
    Span,
)
from govsm.model.policy import ParamValue
from govsm.rules.language_context import (
    applies,
    candidate_codes,
    cleaned_text,
    joined_names,
    segments,
)
from govsm.rules.params import Prepared, number, text_list
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext


def _read_allowed(
    params: Mapping[str, ParamValue], profile: Profile | None, snapshot: OrganisationSnapshot | None
) -> tuple[tuple[str, ...], frozenset[str]]:
    """The allowed languages and their primary subtags.

    ``allowed``, else the profile's languages, else the organisation's.
    """
    allowed = text_list(params, "allowed")
    if not allowed:
        if profile is not None and profile.languages:
            allowed = list(profile.languages)
        elif snapshot is not None:
            allowed = list(snapshot.organisation.languages)
    return tuple(allowed), frozenset(primary(tag) for tag in allowed)


_allowed_languages = Prepared(_read_allowed)


@frozen
class _Setup:
    """What the rule reads from its parameters, once per configuration."""

    min_letters: int
    min_confidence: float
    accurate: bool
    guessing_networks: tuple[str, ...]


def _read_setup(params: Mapping[str, ParamValue]) -> _Setup:
    return _Setup(
        min_letters=int(number(params, "min_letters", 20)),
        min_confidence=number(params, "min_confidence", 0.6),
        accurate=params.get("accurate") is True,
        guessing_networks=tuple(text_list(params, "guessing_networks", ("x",))),
    )


_setup = Prepared(_read_setup)


def _tolerated(detected: str, allowed: Iterable[str]) -> bool:
    """Whether ``detected`` may be an allowed language the detector cannot name."""
    return any(detected in UNDETECTABLE.get(primary(tag), ()) for tag in allowed)


def _declared_by_the_network(context: RuleContext, setup: _Setup) -> bool:
    """Whether the declared language is the network's own guess, which the officer cannot change.

    X sets the language of what is published itself (its archive's ``lang``): on a published X
    post it is no one's mistake. Drafts are still judged: there the language is the officer's.
    """
    if not context.published or context.channel is None:
        return False
    return context.channel.id in setup.guessing_networks


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
    context: RuleContext,
    allowed: Sequence[str],
    found: str,
    span: Span,
    confidence: str = "",
) -> Finding:
    """The text (or a part of it) is in ``found``, which the profile does not publish in.

    ``confidence`` follows the language's name in the message (`` (86 % …)``), not in the
    suggestion.
    """
    names_es, names_en = joined_names(allowed)
    found_es, found_en = language_name(found)
    shown_es = f"{found_es} ({confidence} % de confianza)" if confidence else found_es
    shown_en = f"{found_en} ({confidence}% confidence)" if confidence else found_en
    return Finding(
        rule="language",
        severity=context.severity,
        message=Bilingual(
            es=f"el texto parece estar en {shown_es} y este perfil publica en {names_es}",
            en=f"the text looks {shown_en} and this profile publishes in {names_en}",
        ),
        span=span,
        suggestion=Bilingual(
            es=f"tradúzcalo a {names_es}, o publíquelo en un perfil que use el {found_es}",
            en=f"translate it into {names_en}, or post it on a profile that uses {found_en}",
        ),
        reference="Profile languages in govsm.toml; Ley 39/2015 art. 15 (co-official languages)",
    )


def _bilingual(
    context: RuleContext, codes: frozenset[str], cleaned: str, min_letters: int
) -> dict[str, Span] | None:
    """The languages of a post that says the same in two (or more) languages, if it is one.

    The post is cut where such posts change language (a line break, `` / ``, a flag, a sentence
    end) and each part detected; it is bilingual when at least two languages each hold a fifth
    of the letters judged. Each language maps to the span from its first part to its last. A
    post that cannot hold two parts long enough to judge is not cut at all.
    """
    if not may_be_bilingual(cleaned, codes, min_letters):
        return None
    return bilingual_spans(context.message.text, segments(context, codes, min_letters, cleaned))


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
    if applies(context):
        allowed, allowed_primary = _allowed_languages(
            context.params, context.profile, context.snapshot
        )
    else:
        allowed, allowed_primary = (), frozenset()
    setup = _setup(context.params)
    declared = None if _declared_by_the_network(context, setup) else message.language
    if not allowed and declared is None:
        return
    text = context.message.text
    codes = candidate_codes(context, allowed)
    cleaned = cleaned_text(context)
    parts = _bilingual(context, codes, cleaned, setup.min_letters)
    if parts is not None:
        if allowed:
            for code, span in parts.items():
                if code not in allowed_primary and not _tolerated(code, allowed):
                    yield _foreign(context, allowed, code, span)
        if (
            declared is not None
            and primary(declared) not in parts
            and not any(_tolerated(code, [declared]) for code in parts)
        ):
            found_es, found_en = joined_names(list(parts))
            yield _mislabel(context, declared, found_es, found_en)
        return
    detection = detect_part(cleaned, codes, setup.min_letters, accurate=setup.accurate)
    if detection.language is None or detection.confidence < setup.min_confidence:
        return
    found = detection.language
    found_es, found_en = language_name(found)
    percent = round(detection.confidence * 100)
    if allowed and found not in allowed_primary and not _tolerated(found, allowed):
        yield _foreign(context, allowed, found, Span(0, len(text)), str(percent))
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


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the language rule."""
    return [LANGUAGE]
