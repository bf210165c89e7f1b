"""Institutional accounts registered with an e-mail address that is not the organisation's."""

from __future__ import annotations

from govsm.health.references import SEED_002, profile_subject
from govsm.health.rule_ids import PERSONAL_EMAIL
from govsm.ledger.prerequisites import email_domain_is_own
from govsm.model import Bilingual, Finding, Profile, Severity

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


def email_findings(profile: Profile, own_domains: tuple[str, ...]) -> list[Finding]:
    """A :data:`~govsm.health.rule_ids.PERSONAL_EMAIL` finding for a foreign account address.

    That is, when ``profile``'s account is registered with an address outside the organisation.
    A consumer mail service (:data:`PERSONAL_EMAIL_DOMAINS`) is an error; another foreign domain
    a warning, judged only when the organisation declares its own domains.

    :param profile: the profile.
    :param own_domains: the organisation's e-mail domains, lower case, without a final dot.
    """
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
            subject=profile_subject(profile),
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
            reference=SEED_002,
        )
    ]
