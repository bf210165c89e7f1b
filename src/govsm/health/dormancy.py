"""Dormant profiles: live profiles that have not posted for too long."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from govsm.health.references import GENCAT, profile_subject
from govsm.health.rule_ids import DORMANT
from govsm.health.states import STATE_ES
from govsm.model import Bilingual, Finding, Profile, Severity

#: days without a post after which a live profile is dormant when the workspace has no policy.
#: The number is govsm's choice (a quarter: the Generalitat's guide plans contents by quarter and
#: asks for regular activity, "better one working profile than five inactive ones"); see
#: :doc:`/reference/health`.
DEFAULT_DORMANT_AFTER_DAYS = 90


def dormant_findings(
    profile: Profile, last: datetime | None, today: date, zone: ZoneInfo, after: int
) -> list[Finding]:
    """A :data:`~govsm.health.rule_ids.DORMANT` finding when ``profile`` is silent too long.

    A profile that never posted counts from the day it opened (or entered its state); when that
    day is unknown too, the finding is only informative.

    :param profile: a live profile.
    :param last: its last published outbound message, if any.
    :param today: the day of the check.
    :param zone: the organisation's time zone, to turn ``last`` into a day.
    :param after: the days of silence allowed.
    """
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
            subject=profile_subject(profile),
            message=Bilingual(
                es=f"El perfil «{profile.id}» está {STATE_ES[profile.state]} pero "
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
            reference=GENCAT,
        )
    ]
