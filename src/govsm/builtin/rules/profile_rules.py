"""Built-in rules: the style manual's profile checks (seed 004).

Seed 004 asks for a style manual ("logos, typography, colours, image sizes") that makes the
corporate image uniform on every network. Four rules check **profiles**, not messages —
``handle-pattern``, ``bio-length``, ``avatar-size`` and ``header-size`` — so they are declared
with :attr:`~govsm.spec.Subject.PROFILE`: the policy validates and configures them like any rule
(for a unit, a profile, a channel) and ``govsm check --explain`` documents them, but the message
checker skips them. :func:`check_profile` runs them on one profile; the ``style-manual`` step of
``govsm audit`` (:mod:`~govsm.builtin.rules.style_manual`) runs them on every profile of the
workspace, unless the policy switches them off.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import regex

from govsm.builtin.rules.media_file import describe_problem
from govsm.media.formats import format_name
from govsm.media.probe import MediaProbe, local_path, probe_file
from govsm.media.specs import ProfileImageSpec, network_media
from govsm.model import Bilingual, Channel, Finding, Profile, Severity
from govsm.model.policy import ParamValue
from govsm.rules.params import nonblank_text_list, whole_number
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule, Subject
from govsm.spec.rule_context import RuleContext
from govsm.text import measure


def _not_on_messages(context: RuleContext) -> Iterator[Finding]:
    """A profile rule finds nothing on a message (the message checker does not even call it)."""
    return iter(())


def _profile_finding(
    rule: str,
    severity: Severity,
    profile: Profile,
    es: str,
    en: str,
    suggestion_es: str,
    suggestion_en: str,
    reference: str | None = None,
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        message=Bilingual(es=f"perfil «{profile.id}»: {es}", en=f"profile '{profile.id}': {en}"),
        subject=f"profile:{profile.id}",
        suggestion=Bilingual(es=suggestion_es, en=suggestion_en),
        reference=reference,
    )


@lru_cache(maxsize=128)
def _compile(pattern: str) -> regex.Pattern[str] | str:
    """A compiled pattern, or the error message when it is not a valid regular expression."""
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        return str(exc)


def _bare_handle(handle: str) -> str:
    """``@AjSoldeneu`` → ``AjSoldeneu``; ``@cultura@xarxa.example`` → ``cultura@xarxa.example``."""
    return handle.strip().lstrip("@+")


def check_handle(
    profile: Profile, channel: Channel | None, params: Mapping[str, ParamValue], severity: Severity
) -> Iterator[Finding]:
    """The handle follows the naming convention (``pattern``) and fits the network."""
    handle = _bare_handle(profile.handle)
    local = handle.split("@", 1)[0]
    network_max = channel.limits.handle if channel is not None else None
    manual_max = whole_number(params, "max_length") or None
    maxima = [x for x in (network_max, manual_max) if x is not None]
    if maxima and len(local) > min(maxima):
        limit = min(maxima)
        who_es = (
            channel.display_name("es")
            if channel and limit == network_max
            else "el manual de estilo"
        )
        who_en = channel.name if channel and limit == network_max else "the style manual"
        yield _profile_finding(
            "handle-pattern",
            severity,
            profile,
            f"el nombre de usuario «{local}» tiene {len(local)} caracteres y {who_es} admite "
            f"{limit}",
            f"the handle '{local}' has {len(local)} characters and {who_en} allows {limit}",
            "acórtelo siguiendo la convención de nombres del manual",
            "shorten it following the manual's naming convention",
        )
    pattern = str(params.get("pattern", ""))
    if not pattern:
        return
    compiled = _compile(pattern)
    if isinstance(compiled, str):
        yield _profile_finding(
            "handle-pattern",
            Severity.ERROR,
            profile,
            f"el patrón de nombres de la política no es una expresión regular válida "
            f"(«{pattern}»: {compiled})",
            f"the policy's naming pattern is not a valid regular expression ('{pattern}': "
            f"{compiled})",
            "corrija el parámetro pattern de handle-pattern",
            "correct handle-pattern's pattern parameter",
        )
        return
    if compiled.search(handle) is None:
        yield _profile_finding(
            "handle-pattern",
            severity,
            profile,
            f"el nombre de usuario «{profile.handle}» no sigue la convención del manual "
            f"(«{pattern}»)",
            f"the handle '{profile.handle}' does not follow the manual's convention ('{pattern}')",
            "renombre la cuenta según la convención, o registre la excepción como dispensa",
            "rename the account after the convention, or record the exception as a waiver",
            reference="Guia de xarxes socials de la Generalitat, 4 Eines (nom d'usuari)",
        )


def check_bio(
    profile: Profile, channel: Channel | None, params: Mapping[str, ParamValue], severity: Severity
) -> Iterator[Finding]:
    """The biography exists (when required), says what it must, and fits the network."""
    bio = (profile.bio or "").strip()
    if not bio:
        if params.get("required") is True:
            yield _profile_finding(
                "bio-length",
                severity,
                profile,
                "no tiene biografía",
                "has no biography",
                "escriba una: quién publica, para qué y cuándo se atiende",
                "write one: who publishes, what for and when the profile is attended",
            )
        return
    for needed in nonblank_text_list(params, "must_contain"):
        if needed.casefold() not in bio.casefold():
            yield _profile_finding(
                "bio-length",
                severity,
                profile,
                f"la biografía no dice «{needed}»",
                f"the biography does not say '{needed}'",
                f"añada «{needed}» a la biografía",
                f"add '{needed}' to the biography",
                reference="Guia de xarxes socials de la Generalitat, 4 Eines (descripció breu)",
            )
    network_max = channel.limits.bio if channel is not None else None
    manual_max = whole_number(params, "max_length") or None
    maxima = [x for x in (network_max, manual_max) if x is not None]
    if not maxima:
        return
    limit = min(maxima)
    length = _bio_length(bio, channel)
    if length <= limit:
        return
    who_es = (
        channel.display_name("es") if channel and limit == network_max else "el manual de estilo"
    )
    who_en = channel.name if channel and limit == network_max else "the style manual"
    tail = bio[limit:] if len(bio) > limit else ""
    tail = tail if len(tail) <= 40 else tail[:39] + "…"
    quoted = f" (sobra «{tail}»)" if tail else ""
    quoted_en = f" ('{tail}' is too much)" if tail else ""
    yield _profile_finding(
        "bio-length",
        severity,
        profile,
        f"la biografía mide {length} y {who_es} admite {limit}{quoted}",
        f"the biography measures {length} and {who_en} allows {limit}{quoted_en}",
        "acórtela: nombre de la unidad, para qué sirve el perfil y el horario de atención",
        "shorten it: the unit's name, what the profile is for and its attention hours",
    )


def _bio_length(bio: str, channel: Channel | None) -> int:
    """The bio measured as the network measures its posts (code points when unknown)."""
    if channel is None:
        return len(bio)
    try:
        return measure(bio, channel).length
    except Exception:  # an unknown counting unit must not stop the audit
        return len(bio)


#: how far an image's aspect may be from the network's crop before it is flagged
PROFILE_ASPECT_TOLERANCE = 0.02


def check_profile_image(
    rule: str,
    profile: Profile,
    channel: Channel | None,
    params: Mapping[str, ParamValue],
    severity: Severity,
    root: Path | None,
) -> Iterator[Finding]:
    """The avatar or header file the policy names has the network's size, shape and format."""
    part = "avatar" if rule == "avatar-size" else "header"
    what_es, what_en = (
        ("la imagen de perfil", "the avatar")
        if part == "avatar"
        else (
            "la imagen de cabecera",
            "the header image",
        )
    )
    template = str(params.get("file", ""))
    if not template:
        return
    location = template.replace("{profile}", profile.id).replace("{channel}", profile.channel)
    if root is None:
        return
    path = local_path(location, root)
    if path is None:
        yield _profile_finding(
            rule,
            severity,
            profile,
            f"{what_es} ({location}) está fuera del espacio de trabajo",
            f"{what_en} ({location}) is outside the workspace",
            "guárdela dentro de la carpeta del espacio de trabajo",
            "keep it inside the workspace folder",
        )
        return
    probe = probe_file(path)
    if probe.problem is not None:
        problem = describe_problem(probe)
        yield _profile_finding(
            rule,
            severity,
            profile,
            f"{what_es} ({location}) {problem.es}",
            f"{what_en} ({location}) {problem.en}",
            "exporte la imagen oficial de la guía de estilo a esa ruta",
            "export the official image of the style guide to that path",
        )
        return
    spec = network_media(channel)
    network_spec = (spec.avatar if part == "avatar" else spec.header) if spec else None
    yield from _compare_image(
        rule, profile, channel, params, severity, probe, network_spec or ProfileImageSpec(), part
    )


def _compare_image(
    rule: str,
    profile: Profile,
    channel: Channel | None,
    params: Mapping[str, ParamValue],
    severity: Severity,
    probe: MediaProbe,
    spec: ProfileImageSpec,
    part: str,
) -> Iterator[Finding]:
    network_es = channel.display_name("es") if channel is not None else ""
    network_en = channel.name if channel is not None else ""
    what_es, what_en = (
        ("la imagen de perfil", "the avatar")
        if part == "avatar"
        else (
            "la imagen de cabecera",
            "the header image",
        )
    )
    if probe.format and spec.formats is not None and probe.format not in spec.formats:
        names = ", ".join(format_name(f) for f in sorted(spec.formats))
        yield _profile_finding(
            rule,
            severity,
            profile,
            f"{what_es} está en {format_name(probe.format)} y {network_es} admite {names}",
            f"{what_en} is a {format_name(probe.format)} file and {network_en} accepts {names}",
            f"conviértala a {names.split(', ')[0]}",
            f"convert it to {names.split(', ')[0]}",
        )
    if probe.size is not None and spec.max_bytes is not None and probe.size > spec.max_bytes:
        yield _profile_finding(
            rule,
            severity,
            profile,
            f"{what_es} ocupa {probe.size} bytes y {network_es} admite {spec.max_bytes}",
            f"{what_en} takes {probe.size} bytes and {network_en} accepts {spec.max_bytes}",
            "redúzcala o comprímala",
            "make it smaller or compress it",
        )
    width, height = probe.width, probe.height
    if width is None or height is None:
        return
    need_w = max(spec.width or 0, whole_number(params, "min_width"))
    need_h = max(spec.height or 0, whole_number(params, "min_height"))
    if (need_w and width < need_w) or (need_h and height < need_h):
        yield _profile_finding(
            rule,
            severity,
            profile,
            f"{what_es} mide {width} × {height} y se piden al menos {need_w} × {need_h}",
            f"{what_en} is {width} × {height} and at least {need_w} × {need_h} is asked for",
            "exporte la imagen oficial al tamaño de la red",
            "export the official image at the network's size",
        )
    if spec.aspect is not None:
        aspect = width / height
        if abs(aspect - spec.aspect) > spec.aspect * PROFILE_ASPECT_TOLERANCE:
            yield _profile_finding(
                rule,
                severity,
                profile,
                f"{what_es} tiene proporción {aspect:.2f}:1 y {network_es} la recorta a "
                f"{spec.aspect:.2f}:1".replace(".", ","),
                f"{what_en} has an aspect of {aspect:.2f}:1 and {network_en} crops it to "
                f"{spec.aspect:.2f}:1",
                "prepárela con la proporción de la red para que no se corte el logotipo",
                "prepare it at the network's aspect so the logo is not cut",
            )


HANDLE_PATTERN = Rule(
    id="handle-pattern",
    title=Bilingual(es="Nombre de usuario según la convención", en="Handle naming convention"),
    default_severity=Severity.WARNING,
    check=_not_on_messages,
    subject=Subject.PROFILE,
    params={"pattern": "", "max_length": 0},
    family="style",
    reference=(
        "Seed 004 (one institutional identity on every network); Guia de xarxes socials de la "
        "Generalitat de Catalunya, 4 Eines (nom d'usuari: service name + 'cat', at most 15)"
    ),
    explanation=(
        "Citizens recognise official accounts by their names: the style manual fixes a naming "
        "convention (the Generalitat: the service's name plus `cat`, `@salutcat`). `pattern` "
        "is a regular expression the handle (without the leading `@`) must contain (use `^` "
        "and `$` to anchor it), e.g. `(?i)soldeneu` or `cat$`; empty means no convention. The "
        "handle's local part must also fit the network (X: 15 characters) or `max_length`. "
        "A profile check: `govsm audit` runs it on every profile (step `style-manual`)."
    ),
)

BIO_LENGTH = Rule(
    id="bio-length",
    title=Bilingual(es="Biografía del perfil", en="Profile biography"),
    default_severity=Severity.WARNING,
    check=_not_on_messages,
    subject=Subject.PROFILE,
    params={"max_length": 0, "required": False, "must_contain": []},
    family="style",
    reference=(
        "Each network's bio limit (channel limits.bio); Guia de xarxes socials de la "
        "Generalitat de Catalunya, 4 Eines (descripció breu: at most 160 characters)"
    ),
    explanation=(
        "The biography tells citizens whose account it is and what to expect. It must fit the "
        "network (X 160, Instagram 150, Bluesky 256 graphemes, Mastodon 500), measured as the "
        "network measures its posts, and `max_length` when the manual is stricter. "
        "`required` flags a profile without one; `must_contain` lists words it must include "
        "(the organisation's name, the attention hours…). A profile check: `govsm audit` runs "
        "it on every profile (step `style-manual`)."
    ),
)

AVATAR_SIZE = Rule(
    id="avatar-size",
    title=Bilingual(es="Imagen de perfil oficial", en="Official avatar"),
    default_severity=Severity.WARNING,
    check=_not_on_messages,
    subject=Subject.PROFILE,
    params={"file": "", "min_width": 0, "min_height": 0},
    family="style",
    reference=(
        "Seed 004 (style manual: logos, image sizes); govsm/media/data/media-specs.toml "
        "(each network's avatar, with sources)"
    ),
    explanation=(
        "The profile picture is how citizens recognise an official account at a glance. "
        "`file` names the avatar file of the style guide, relative to the workspace; "
        "`{profile}` and `{channel}` in it stand for the profile's and the network's ids, so "
        "one organisation-wide setting (`brand/{profile}/avatar.png`) covers every profile. "
        "The file must exist and have the network's recommended size (X 400 × 400, YouTube "
        "800 × 800…), square shape, format and weight, or the manual's `min_width` and "
        "`min_height`. Without `file` nothing is checked. A profile check: `govsm audit` runs "
        "it on every profile (step `style-manual`)."
    ),
)

HEADER_SIZE = Rule(
    id="header-size",
    title=Bilingual(es="Imagen de cabecera oficial", en="Official header image"),
    default_severity=Severity.WARNING,
    check=_not_on_messages,
    subject=Subject.PROFILE,
    params={"file": "", "min_width": 0, "min_height": 0},
    family="style",
    reference=(
        "Seed 004 (style manual: image sizes); Guia de xarxes socials de la Generalitat, "
        "4.1.3, 4.2.3, 4.3.3 and 4.5.1 (header sizes); govsm/media/data/media-specs.toml"
    ),
    explanation=(
        "The banner (cover) image at the top of a profile: X and Mastodon 1500 × 500 (3:1), "
        "YouTube at least 2048 × 1152, LinkedIn 1128 × 191, Facebook at least 400 × 150. "
        "`file` names it, as for `avatar-size`; its size, shape, format and weight are "
        "checked against the network and `min_width`/`min_height`. Without `file` nothing is "
        "checked. A profile check: `govsm audit` runs it on every profile (step "
        "`style-manual`)."
    ),
)

#: the profile checks, in the order they run
PROFILE_RULES = (HANDLE_PATTERN, BIO_LENGTH, AVATAR_SIZE, HEADER_SIZE)


def check_profile(
    profile: Profile,
    channel: Channel | None,
    params: Mapping[str, Mapping[str, ParamValue]] | None = None,
    *,
    severities: Mapping[str, Severity] | None = None,
    root: Path | None = None,
) -> list[Finding]:
    """Check a profile against the style manual: handle, bio, avatar and header.

    :param profile: the profile.
    :param channel: its network (limits and image sizes); ``None`` checks only the policy's.
    :param params: the parameters of each check by rule id (``handle-pattern``, ``bio-length``,
        ``avatar-size``, ``header-size``), over the rule's defaults. ``None`` runs every check
        with its defaults; otherwise only the ids present run.
    :param severities: the severity of each check by rule id (default: the rule's).
    :param root: the workspace folder, where ``avatar-size`` and ``header-size`` find files.
    :returns: the findings, with ``subject`` = ``profile:<id>`` and no span.
    """
    findings: list[Finding] = []
    for rule in PROFILE_RULES:
        if params is not None and rule.id not in params:
            continue
        merged: dict[str, ParamValue] = dict(rule.params)
        if params is not None:
            merged.update(params[rule.id])
        severity = (severities or {}).get(rule.id, rule.default_severity)
        try:
            if rule is HANDLE_PATTERN:
                findings.extend(check_handle(profile, channel, merged, severity))
            elif rule is BIO_LENGTH:
                findings.extend(check_bio(profile, channel, merged, severity))
            else:
                findings.extend(
                    check_profile_image(rule.id, profile, channel, merged, severity, root)
                )
        except Exception as exc:  # a bug in one check must not stop the others
            findings.append(
                _profile_finding(
                    "rule-failed",
                    Severity.WARNING,
                    profile,
                    f"la comprobación «{rule.id}» falló: {type(exc).__name__}: {exc}",
                    f"check '{rule.id}' failed: {type(exc).__name__}: {exc}",
                    "avise a quien mantiene govsm",
                    "tell govsm's maintainers",
                )
            )
    return findings


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the profile checks, so that the policy validates and configures them."""
    return list(PROFILE_RULES)
