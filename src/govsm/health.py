"""Profile health: the disorder seed 004 complains of, found in a workspace and its store.

:func:`check_health` looks at every profile of a workspace and reports, each as a
:class:`~govsm.model.Finding` with a suggestion in Spanish and English and the subject
``profile:<id>``:

* **dormant** profiles (:data:`DORMANT`): live (``active`` or ``dormant``) profiles with no
  published outbound message in :attr:`~govsm.model.Policy.dormant_after_days` days
  (:data:`DEFAULT_DORMANT_AFTER_DAYS` when the workspace has no policy);
* profiles with **no responsible person** (:data:`NO_RESPONSIBLE`), whose **owner left**
  (:data:`OWNER_LEFT`) or another of whose responsible people left
  (:data:`RESPONSIBLE_LEFT`), or who name someone the organisation does not have
  (:data:`UNKNOWN_RESPONSIBLE`);
* a **personal e-mail** address on an institutional account (:data:`PERSONAL_EMAIL`, seed 002);
* profiles on a **deprecated or closed** network that are not archived (:data:`RETIRED_CHANNEL`);
* **duplicated** profiles: same channel, same theme, overlapping audience (:data:`DUPLICATE`).

The last publication of every profile comes from the store in one aggregate query
(:func:`last_published`), not by streaming messages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from govsm.ledger.prerequisites import email_domain_is_own
from govsm.ledger.themes import normalise, shared_audience
from govsm.model import (
    Bilingual,
    Channel,
    ChannelStatus,
    Finding,
    LifecycleState,
    Person,
    Profile,
    ProfileRequest,
    RequestState,
    Severity,
)

if TYPE_CHECKING:
    from govsm.spec.workspace import WorkspaceView
    from govsm.store import Store

#: days without a post after which a live profile is dormant when the workspace has no policy.
#: The number is govsm's choice (a quarter: the Generalitat's guide plans contents by quarter and
#: asks for regular activity, "better one working profile than five inactive ones"); see
#: :doc:`/reference/health`.
DEFAULT_DORMANT_AFTER_DAYS = 90

#: days a profile request may wait for a decision when the workspace has no policy (govsm's
#: choice: a month, the usual deadline to answer internal requests; see :doc:`/reference/health`)
DEFAULT_REQUEST_WAITING_DAYS = 30

#: finding id: a live profile with no published post in ``dormant_after_days`` days
DORMANT = "health-dormant"
#: finding id: a profile with no responsible person
NO_RESPONSIBLE = "health-no-responsible"
#: finding id: the profile's owner (first responsible) has left the organisation
OWNER_LEFT = "health-owner-left"
#: finding id: another responsible person has left the organisation
RESPONSIBLE_LEFT = "health-responsible-left"
#: finding id: a responsible id that names nobody among the organisation's people
UNKNOWN_RESPONSIBLE = "health-unknown-responsible"
#: finding id: an institutional account registered with an e-mail outside the organisation
PERSONAL_EMAIL = "health-personal-email"
#: finding id: a profile that is not archived on a deprecated or closed network
RETIRED_CHANNEL = "health-retired-channel"
#: finding id: two profiles with the same channel, theme and a shared audience
DUPLICATE = "health-duplicate"
#: a profile request waiting too long for a decision
REQUEST_WAITING = "health-request-waiting"

#: every finding id :func:`check_health` can produce
RULES: tuple[str, ...] = (
    DORMANT,
    NO_RESPONSIBLE,
    OWNER_LEFT,
    RESPONSIBLE_LEFT,
    UNKNOWN_RESPONSIBLE,
    PERSONAL_EMAIL,
    RETIRED_CHANNEL,
    DUPLICATE,
)

#: e-mail domains of consumer mail services: an account registered with one of them belongs to a
#: person, not to the organisation (an error; any other foreign domain is a warning)
PERSONAL_EMAIL_DOMAINS: frozenset[str] = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.es",
        "outlook.com",
        "outlook.es",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.es",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "gmx.com",
        "gmx.es",
        "proton.me",
        "protonmail.com",
        "zoho.com",
        "telefonica.net",
        "terra.es",
        "movistar.es",
    }
)

_LIVE = frozenset({LifecycleState.ACTIVE, LifecycleState.DORMANT})
_GONE = frozenset({LifecycleState.ARCHIVED, LifecycleState.REJECTED})

_STATE_ES = {
    LifecycleState.REQUESTED: "solicitado",
    LifecycleState.APPROVED: "aprobado",
    LifecycleState.REJECTED: "rechazado",
    LifecycleState.ACTIVE: "activo",
    LifecycleState.DORMANT: "inactivo",
    LifecycleState.ARCHIVED: "archivado",
}

_SEED_002 = (
    "seed 002, principle 2: personal accounts on non-corporate e-mail, so institutional accounts "
    "on the organisation's own"
)
_GENCAT = "Generalitat de Catalunya, Guia d'usos i estil a les xarxes socials, «Primeres passes»"
_DOCS = "docs/reference/health.md"


def last_published(store: Store, organisation: str) -> dict[str, datetime]:
    """The instant of each profile's last published outbound message, by profile id.

    Asked of the store (:meth:`govsm.store.Store.last_published`): only the store talks SQL.
    """
    return store.last_published(organisation)


def check_health(workspace: WorkspaceView, today: date) -> list[Finding]:
    """Every health finding of the workspace's profiles on ``today``, sorted by subject and rule.

    Reads the profiles, people, policy and channels from the workspace and the last publication
    of each profile from its store (see :func:`last_published`).

    :param today: the day the check is about, in the organisation's time zone.
    """
    org = workspace.organisation
    store = workspace.store
    requests: list[ProfileRequest] = []
    if org.id in {o.id for o in store.organisations()}:
        from govsm.ledger.record import fold

        requests = fold(org.id, store.audit_entries(org.id)).pending_requests()
    return check_profiles(
        workspace.profiles,
        people=workspace.people,
        channels=workspace.channels(),
        domains=org.domains,
        last=last_published(workspace.store, org.id),
        today=today,
        timezone=org.timezone,
        dormant_after_days=(
            workspace.policy.dormant_after_days if workspace.policy else DEFAULT_DORMANT_AFTER_DAYS
        ),
        policy_version=workspace.policy.version if workspace.policy else None,
        requests=requests,
        request_waiting_days=(
            workspace.policy.request_waiting_days
            if workspace.policy
            else DEFAULT_REQUEST_WAITING_DAYS
        ),
    )


def check_profiles(
    profiles: Iterable[Profile],
    *,
    people: Iterable[Person],
    channels: Mapping[str, Channel],
    domains: Iterable[str],
    last: Mapping[str, datetime],
    today: date,
    timezone: str = "UTC",
    dormant_after_days: int = DEFAULT_DORMANT_AFTER_DAYS,
    policy_version: str | None = None,
    requests: Iterable[ProfileRequest] = (),
    request_waiting_days: int = DEFAULT_REQUEST_WAITING_DAYS,
) -> list[Finding]:
    """The checks of :func:`check_health` on plain data (no workspace, no store).

    :param requests: the profile requests still waiting for a decision.
    :param request_waiting_days: a request undecided for longer is a finding.

    :param last: each profile's last published outbound message (see :func:`last_published`).
    :param domains: the organisation's own e-mail domains.
    :param timezone: the organisation's time zone, to turn instants into days.
    """
    profiles = list(profiles)
    by_person = {p.id: p for p in people}
    own_domains = tuple(d.lower().strip(".") for d in domains)
    zone = ZoneInfo(timezone)
    findings: list[Finding] = []
    for profile in profiles:
        if profile.state in _GONE:
            continue
        if profile.state in _LIVE:
            findings.extend(
                _dormant(profile, last.get(profile.id), today, zone, dormant_after_days)
            )
        findings.extend(_responsible(profile, by_person, today))
        findings.extend(_email(profile, own_domains))
        channel = channels.get(profile.channel)
        if channel is not None:
            findings.extend(_retired(profile, channel, today))
    findings.extend(_duplicates(profiles))
    findings.extend(_waiting(requests, today, zone, request_waiting_days))
    if policy_version is not None:
        findings = [_with_version(f, policy_version) for f in findings]
    return sorted(findings, key=lambda f: (f.subject or "", f.rule))


def _waiting(
    requests: Iterable[ProfileRequest], today: date, zone: ZoneInfo, limit: int
) -> list[Finding]:
    findings: list[Finding] = []
    for request in requests:
        if request.state is not RequestState.PENDING:
            continue
        days = (today - request.requested_at.astimezone(zone).date()).days
        if days <= limit:
            continue
        findings.append(
            Finding(
                rule=REQUEST_WAITING,
                severity=Severity.WARNING,
                subject=f"request:{request.id}",
                message=Bilingual(
                    es=f"La solicitud «{request.id}» ({request.unit}, {request.channel}) lleva "
                    f"{days} días sin resolver (el plazo de la política es {limit})",
                    en=f"Request '{request.id}' ({request.unit}, {request.channel}) has waited "
                    f"{days} days for a decision (the policy's limit is {limit})",
                ),
                suggestion=Bilingual(
                    es="La unidad coordinadora debe aprobarla, rechazarla con un motivo o pedir "
                    "a la unidad que la complete o la retire",
                    en="The coordinating unit should approve it, reject it with a reason or ask "
                    "the unit to complete or withdraw it",
                ),
                reference=_DOCS,
            )
        )
    return findings


def _with_version(finding: Finding, version: str) -> Finding:
    from attrs import evolve

    return evolve(finding, policy_version=version)


def _subject(profile: Profile) -> str:
    return f"profile:{profile.id}"


def _dormant(
    profile: Profile, last: datetime | None, today: date, zone: ZoneInfo, after: int
) -> list[Finding]:
    since: date | None
    if last is not None:
        since = last.astimezone(zone).date()
        what_es = f"no publica desde el {since.isoformat()}"
        what_en = f"has not posted since {since.isoformat()}"
    else:
        since = profile.opened_on or profile.state_since
        what_es = "no ha publicado nunca"
        what_en = "has never posted"
    days = (today - since).days if since is not None else None
    if days is not None and days <= after:
        return []
    span_es = f" ({days} días; el límite es {after})" if days is not None else ""
    span_en = f" ({days} days; the limit is {after})" if days is not None else ""
    if days is None:
        # never posted, opening date unknown: it may have opened yesterday
        span_es = " (se desconoce cuándo se abrió: indique «opened_on»)"
        span_en = " (its opening date is unknown: set 'opened_on')"
    return [
        Finding(
            rule=DORMANT,
            severity=Severity.WARNING if days is not None else Severity.INFO,
            subject=_subject(profile),
            message=Bilingual(
                es=f"El perfil «{profile.id}» está {_STATE_ES[profile.state]} pero "
                f"{what_es}{span_es}",
                en=f"Profile '{profile.id}' is {profile.state.value} but {what_en}{span_en}",
            ),
            suggestion=Bilingual(
                es="Reactívelo con un plan de publicaciones o archívelo (y avise en el propio "
                "perfil de dónde informa ahora el ayuntamiento); un perfil abandonado deja sin "
                "respuesta a quien escribe en él",
                en="Revive it with a publishing plan or archive it (saying on the profile where "
                "the organisation now informs); an abandoned profile leaves whoever writes to it "
                "unanswered",
            ),
            reference=_GENCAT,
        )
    ]


def _responsible(profile: Profile, people: Mapping[str, Person], today: date) -> list[Finding]:
    subject = _subject(profile)
    if not profile.responsible:
        return [
            Finding(
                rule=NO_RESPONSIBLE,
                severity=Severity.WARNING,
                subject=subject,
                message=Bilingual(
                    es=f"El perfil «{profile.id}» no tiene ninguna persona responsable",
                    en=f"Profile '{profile.id}' has no responsible person",
                ),
                suggestion=Bilingual(
                    es="Nombre una persona titular y al menos una suplente en «responsible»",
                    en="Name an owner and at least one backup in 'responsible'",
                ),
                reference=_DOCS,
            )
        ]
    findings: list[Finding] = []
    for index, person_id in enumerate(profile.responsible):
        person = people.get(person_id)
        owner = index == 0
        if person is None:
            findings.append(
                Finding(
                    rule=UNKNOWN_RESPONSIBLE,
                    severity=Severity.ERROR,
                    subject=subject,
                    message=Bilingual(
                        es=f"El perfil «{profile.id}» nombra como responsable a «{person_id}», "
                        "que no figura en el personal",
                        en=f"Profile '{profile.id}' names '{person_id}' as responsible, who is "
                        "not among the organisation's people",
                    ),
                    suggestion=Bilingual(
                        es="Corrija el identificador o dé de alta a la persona",
                        en="Correct the id or add the person",
                    ),
                    reference=_DOCS,
                )
            )
            continue
        if person.active_on(today):
            continue
        assert person.left_on is not None
        left = person.left_on.isoformat()
        if owner:
            findings.append(
                Finding(
                    rule=OWNER_LEFT,
                    severity=Severity.ERROR,
                    subject=subject,
                    message=Bilingual(
                        es=f"La persona titular del perfil «{profile.id}», {person.name}, dejó "
                        f"la organización el {left}",
                        en=f"The owner of profile '{profile.id}', {person.name}, left the "
                        f"organisation on {left}",
                    ),
                    suggestion=Bilingual(
                        es="Transfiera la titularidad a alguien en plantilla, cambie las "
                        "credenciales y retire el acceso de quien se fue",
                        en="Transfer ownership to someone on the staff, change the credentials "
                        "and remove the access of whoever left",
                    ),
                    reference=_DOCS,
                )
            )
        else:
            findings.append(
                Finding(
                    rule=RESPONSIBLE_LEFT,
                    severity=Severity.WARNING,
                    subject=subject,
                    message=Bilingual(
                        es=f"{person.name}, responsable del perfil «{profile.id}», dejó la "
                        f"organización el {left}",
                        en=f"{person.name}, responsible for profile '{profile.id}', left the "
                        f"organisation on {left}",
                    ),
                    suggestion=Bilingual(
                        es="Quítela de «responsible», nombre a otra persona y retire su acceso",
                        en="Remove them from 'responsible', name someone else and remove their "
                        "access",
                    ),
                    reference=_DOCS,
                )
            )
    return findings


def _email(profile: Profile, own_domains: tuple[str, ...]) -> list[Finding]:
    if profile.contact_email is None:
        return []
    domain = profile.contact_email.rsplit("@", 1)[-1].lower().strip(".")
    personal = domain in PERSONAL_EMAIL_DOMAINS
    if email_domain_is_own(domain, own_domains) or (not personal and not own_domains):
        return []
    if personal:
        es = f"una dirección de un servicio de correo personal ({domain})"
        en = f"an address of a personal mail service ({domain})"
    else:
        es = f"una dirección de un dominio ajeno a la organización ({domain})"
        en = f"an address on a domain that is not the organisation's ({domain})"
    return [
        Finding(
            rule=PERSONAL_EMAIL,
            severity=Severity.ERROR if personal else Severity.WARNING,
            subject=_subject(profile),
            message=Bilingual(
                es=f"El perfil institucional «{profile.id}» está registrado con {es}",
                en=f"Institutional profile '{profile.id}' is registered with {en}",
            ),
            suggestion=Bilingual(
                es="Cambie el correo de la cuenta por uno institucional de la unidad (no de "
                "una persona), para que la cuenta no se pierda cuando esa persona se vaya",
                en="Change the account's e-mail to an institutional address of the unit (not of "
                "a person), so the account is not lost when that person leaves",
            ),
            reference=_SEED_002,
        )
    ]


def _retired(profile: Profile, channel: Channel, today: date) -> list[Finding]:
    closed = channel.status is ChannelStatus.CLOSED or (
        channel.closed_on is not None and channel.closed_on <= today
    )
    deprecated = channel.status is ChannelStatus.DEPRECATED or (
        channel.deprecated_on is not None and channel.deprecated_on <= today
    )
    if not closed and not deprecated:
        return []
    if closed:
        when = f" ({channel.closed_on.isoformat()})" if channel.closed_on else ""
        es = f"la red {channel.name}, que cerró{when}"
        en = f"{channel.name}, which closed{when}"
    else:
        when = f" ({channel.deprecated_on.isoformat()})" if channel.deprecated_on else ""
        es = f"la red {channel.name}, que está en retirada{when}"
        en = f"{channel.name}, which is deprecated{when}"
    return [
        Finding(
            rule=RETIRED_CHANNEL,
            severity=Severity.ERROR if closed else Severity.WARNING,
            subject=_subject(profile),
            message=Bilingual(
                es=f"El perfil «{profile.id}» sigue {_STATE_ES[profile.state]} en {es}",
                en=f"Profile '{profile.id}' is still {profile.state.value} on {en}",
            ),
            suggestion=Bilingual(
                es="Haga un plan de retirada: anuncie en el perfil dónde seguir, conserve lo "
                "publicado y archive el perfil",
                en="Make a retirement plan: announce on the profile where to follow, keep what "
                "was published and archive the profile",
            ),
            reference="; ".join(channel.sources) or None,
        )
    ]


def _duplicates(profiles: list[Profile]) -> list[Finding]:
    groups: dict[tuple[str, str], list[Profile]] = defaultdict(list)
    for profile in profiles:
        if profile.state in _GONE or not profile.theme:
            continue
        groups[(profile.channel, normalise(profile.theme))].append(profile)
    findings: list[Finding] = []
    for group in groups.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                shared = shared_audience(first.audience, second.audience)
                if not shared and (first.audience or second.audience):
                    continue
                together = ", ".join(shared) or "—"
                for one, other in ((first, second), (second, first)):
                    findings.append(
                        Finding(
                            rule=DUPLICATE,
                            severity=Severity.WARNING,
                            subject=_subject(one),
                            message=Bilingual(
                                es=f"Los perfiles «{one.id}» y «{other.id}» están en la misma "
                                f"red, con el mismo tema y público en común ({together})",
                                en=f"Profiles '{one.id}' and '{other.id}' are on the same "
                                f"network, with the same theme and a shared audience "
                                f"({together})",
                            ),
                            suggestion=Bilingual(
                                es="Consolídelos en uno solo (distinga los contenidos con una "
                                "etiqueta) y archive el otro",
                                en="Consolidate them into one (telling the contents apart with a "
                                "hashtag) and archive the other",
                            ),
                            reference=_GENCAT,
                        )
                    )
    return findings
