"""Profiles whose credentials a network refused, or that stop working soon.

``govsm doctor`` and a sync keep what the network last said of each profile's credentials
(:mod:`govsm.store.credential_checks`); this check reads it, so a refused or expiring token is a
health finding without asking the network again:

- refused at the last check: an error — the profile cannot publish or be read until someone
  renews them;
- accepted, with an expiry the network gave that is still ahead of that check: a warning when
  it falls within :data:`EXPIRY_WARNING_DAYS` of the day of the health check, an error when it
  has passed since.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from govsm.health.references import DOCS, profile_subject
from govsm.health.rule_ids import CREDENTIALS_EXPIRING, CREDENTIALS_REFUSED
from govsm.model import Bilingual, Finding, Profile, Severity
from govsm.store.credential_checks import CredentialCheck

#: credentials that stop working within this many days are reported (as ``govsm doctor`` does)
EXPIRY_WARNING_DAYS = 14

_BY = {"doctor": ("govsm doctor", "govsm doctor"), "sync": ("la sincronización", "a sync")}

_RENEW = Bilingual(
    es="Renueve el token o la contraseña de aplicación en la red y guárdelo donde apunta la "
    "referencia del perfil; después, govsm doctor lo comprueba",
    en="Renew the token or app password on the network and store it where the profile's "
    "reference points; then govsm doctor checks it",
)


def credential_findings(
    profile: Profile, check: CredentialCheck | None, today: date, zone: ZoneInfo
) -> list[Finding]:
    """The credential findings of ``profile`` on ``today`` from its last ``check``, if any.

    :param zone: the organisation's time zone, to turn instants into days.
    """
    if check is None or profile.credential is None:
        return []
    seen = check.checked_at.astimezone(zone).date().isoformat()
    by_es, by_en = _BY.get(check.source, (check.source, check.source))
    if not check.valid:
        reason = check.reason or Bilingual(es="sin motivo", en="no reason given")
        return [
            Finding(
                rule=CREDENTIALS_REFUSED,
                severity=Severity.ERROR,
                subject=profile_subject(profile),
                message=Bilingual(
                    es=f"La red rechazó las credenciales del perfil «{profile.id}» el {seen} "
                    f"(lo comprobó {by_es}): {reason.es}",
                    en=f"The network refused the credentials of profile '{profile.id}' on "
                    f"{seen} (as {by_en} found): {reason.en}",
                ),
                suggestion=_RENEW,
                reference=DOCS,
            )
        ]
    expires = check.expires_at
    if expires is None or expires <= check.checked_at:
        return []  # no expiry, or one the network has accepted the credentials past
    day = expires.astimezone(zone).date()
    left = (day - today).days
    if left > EXPIRY_WARNING_DAYS:
        return []
    if left < 0:
        severity = Severity.ERROR
        message = Bilingual(
            es=f"Las credenciales del perfil «{profile.id}» caducaron el {day.isoformat()} "
            f"(la red las aceptó por última vez el {seen})",
            en=f"The credentials of profile '{profile.id}' expired on {day.isoformat()} "
            f"(the network last accepted them on {seen})",
        )
    else:
        severity = Severity.WARNING
        message = Bilingual(
            es=f"Las credenciales del perfil «{profile.id}» caducan el {day.isoformat()} "
            f"(en {left} días)",
            en=f"The credentials of profile '{profile.id}' expire on {day.isoformat()} "
            f"(in {left} days)",
        )
    return [
        Finding(
            rule=CREDENTIALS_EXPIRING,
            severity=severity,
            subject=profile_subject(profile),
            message=message,
            suggestion=_RENEW,
            reference=DOCS,
        )
    ]
