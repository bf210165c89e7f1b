"""What a profile request lacks before the coordinating unit can decide on it.

:func:`shortfalls` checks the four validation criteria of seed 004 — objectives (participative
and/or collaborative?), theme (defined and of citizen interest?), audience (which groups?) and
functionality (does the network suit it?) — and the organisation's prerequisites
(:class:`~govsm.model.RequestPrerequisites`). Each shortfall says what is missing, in Spanish and
English; a request with none is complete (the coordinators still decide).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from attrs import frozen

from govsm.ledger.themes import overlaps
from govsm.model import (
    Bilingual,
    Channel,
    ChannelStatus,
    LifecycleState,
    Person,
    Policy,
    Profile,
    ProfileRequest,
    RequestPrerequisites,
)


def email_domain_is_own(domain: str, own_domains: Iterable[str]) -> bool:
    """Whether ``domain`` is one of ``own_domains`` or a subdomain of one (case-insensitive)."""
    domain = domain.lower().strip(".")
    return any(domain == own or domain.endswith("." + own) for own in own_domains)


@frozen
class Shortfall:
    """One thing a request lacks.

    :param key: which criterion or prerequisite (``objectives``, ``theme``, ``audience``,
        ``functionality``, ``owner``, ``backups``, ``contact_email``, ``editorial_line``,
        ``draft_posts``, ``channel``, ``duplicate``).
    :param message: what is missing, in Spanish and English.
    """

    key: str
    message: Bilingual


_GONE = frozenset({LifecycleState.REJECTED, LifecycleState.ARCHIVED})


def _criteria(request: ProfileRequest) -> Iterable[Shortfall]:
    if not request.objectives:
        yield Shortfall(
            "objectives",
            Bilingual(
                es="faltan los objetivos: ¿informativo, participativo, colaborativo, de atención?",
                en="the objectives are missing: informative, participative, collaborative, "
                "service?",
            ),
        )
    if not request.theme:
        yield Shortfall(
            "theme",
            Bilingual(
                es="falta el tema: ¿de qué hablará el perfil?",
                en="the theme is missing: what will the profile talk about?",
            ),
        )
    if not request.citizen_interest:
        yield Shortfall(
            "citizen_interest",
            Bilingual(
                es="falta explicar por qué el tema es de interés ciudadano",
                en="it does not say why the theme is of citizen interest",
            ),
        )
    if not request.audience:
        yield Shortfall(
            "audience",
            Bilingual(
                es="falta el público: ¿a qué colectivos se dirige?",
                en="the audience is missing: which groups does it address?",
            ),
        )
    if not request.functionality:
        yield Shortfall(
            "functionality",
            Bilingual(
                es="falta la funcionalidad: ¿por qué esta red sirve a ese público?",
                en="the functionality is missing: why does this network suit that audience?",
            ),
        )


def _people(
    request: ProfileRequest,
    rules: RequestPrerequisites,
    people: Mapping[str, Person],
    today: date,
) -> Iterable[Shortfall]:
    def unusable(person: str) -> Bilingual | None:
        who = people.get(person)
        if who is None:
            return Bilingual(
                es=f"«{person}» no es una persona de la organización",
                en=f"'{person}' is not a person of the organisation",
            )
        if who.left_on is not None and who.left_on < today:
            return Bilingual(
                es=f"«{person}» dejó la organización el {who.left_on}",
                en=f"'{person}' left the organisation on {who.left_on}",
            )
        return None

    if rules.owner and request.owner is None:
        yield Shortfall(
            "owner",
            Bilingual(
                es="falta la persona responsable del perfil",
                en="the person responsible for the profile is missing",
            ),
        )
    if request.owner is not None and (problem := unusable(request.owner)) is not None:
        yield Shortfall("owner", problem)
    # a backup named twice is still one person
    usable = [b for b in dict.fromkeys(request.backups) if unusable(b) is None]
    for backup in request.backups:
        if (problem := unusable(backup)) is not None:
            yield Shortfall("backups", problem)
    if len(usable) < rules.min_backups:
        yield Shortfall(
            "backups",
            Bilingual(
                es=f"hacen falta {rules.min_backups} persona(s) suplente(s) además de la "
                f"responsable; "
                f"tiene {len(usable)}",
                en=f"it needs {rules.min_backups} backup editor(s) besides the owner; it has "
                f"{len(usable)}",
            ),
        )


def shortfalls(
    request: ProfileRequest,
    *,
    policy: Policy | None,
    people: Mapping[str, Person],
    channels: Mapping[str, Channel],
    profiles: Iterable[Profile],
    own_domains: Iterable[str],
    today: date,
) -> list[Shortfall]:
    """Everything ``request`` lacks under ``policy``'s prerequisites, in the order above.

    :param people: the organisation's people by id (owner and backups must be among them and
        still be there).
    :param channels: the channels govsm knows, by id.
    :param profiles: the organisation's profiles, to find one that already covers the theme and
        audience on that network.
    :param own_domains: the organisation's e-mail domains.
    :param today: the day the request is checked.
    """
    rules = policy.request_prerequisites if policy is not None else RequestPrerequisites()
    found = list(_criteria(request))
    found.extend(_people(request, rules, people, today))
    if rules.institutional_email:
        if request.contact_email is None:
            found.append(
                Shortfall(
                    "contact_email",
                    Bilingual(
                        es="falta el correo institucional con el que se registrará la cuenta",
                        en="the institutional e-mail the account will be registered with is "
                        "missing",
                    ),
                )
            )
        else:
            domain = request.contact_email.rsplit("@", 1)[-1]
            own = tuple(d.lower().strip(".") for d in own_domains)
            if not email_domain_is_own(domain, own):
                found.append(
                    Shortfall(
                        "contact_email",
                        Bilingual(
                            es=f"el correo de la cuenta ({domain}) no es de un dominio de la "
                            "organización",
                            en=f"the account's e-mail ({domain}) is not on a domain of the "
                            "organisation",
                        ),
                    )
                )
    if rules.editorial_line and not request.editorial_line:
        found.append(
            Shortfall(
                "editorial_line",
                Bilingual(
                    es="falta la línea editorial (tono y contenidos)",
                    en="the editorial line (tone and content) is missing",
                ),
            )
        )
    if len(request.draft_posts) < rules.min_draft_posts:
        found.append(
            Shortfall(
                "draft_posts",
                Bilingual(
                    es=f"el plan inicial necesita {rules.min_draft_posts} borradores de "
                    "publicación; "
                    f"tiene {len(request.draft_posts)}",
                    en=f"the first plan needs {rules.min_draft_posts} draft posts; it has "
                    f"{len(request.draft_posts)}",
                ),
            )
        )
    channel = channels.get(request.channel)
    if channel is None:
        found.append(
            Shortfall(
                "channel",
                Bilingual(
                    es=f"la red «{request.channel}» no es conocida",
                    en=f"network '{request.channel}' is not known",
                ),
            )
        )
    elif rules.active_network and (
        channel.status is not ChannelStatus.ACTIVE or not channel.usable_on(today)
    ):
        found.append(
            Shortfall(
                "channel",
                Bilingual(
                    es=f"la red {channel.display_name('es')} está {channel.status.spanish}: no "
                    "se abren perfiles nuevos en ella",
                    en=f"{channel.name} is '{channel.status}': no new profiles are opened there",
                ),
            )
        )
    if rules.no_duplicate:
        for profile in profiles:
            if (
                profile.id != request.profile
                and profile.channel == request.channel
                and profile.state not in _GONE
                and overlaps(profile.theme, profile.audience, request.theme, request.audience)
            ):
                found.append(
                    Shortfall(
                        "duplicate",
                        Bilingual(
                            es=f"el perfil «{profile.id}» ya cubre el mismo tema y público en esa "
                            "red: "
                            "consolide los contenidos en él en lugar de abrir otro",
                            en=f"profile '{profile.id}' already covers the same theme and audience "
                            "on "
                            "that network: consolidate into it instead of opening another",
                        ),
                    )
                )
    return found
