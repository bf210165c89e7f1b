"""Profiles still open on a network that is deprecated or has closed."""

from __future__ import annotations

from datetime import date

from govsm.health.references import profile_subject
from govsm.health.rule_ids import RETIRED_CHANNEL
from govsm.health.states import STATE_ES
from govsm.model import Bilingual, Channel, ChannelStatus, Finding, Profile, Severity


def retired_findings(profile: Profile, channel: Channel, today: date) -> list[Finding]:
    """A :data:`~govsm.health.rule_ids.RETIRED_CHANNEL` finding on a retired network.

    When ``profile``'s network has closed on ``today`` it is an error; when it is deprecated, a
    warning.

    :param profile: a profile that is not archived.
    :param channel: its network.
    :param today: the day of the check.
    """
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
        es = f"la red {channel.display_name('es')}, que cerró{when}"
        en = f"{channel.name}, which closed{when}"
    else:
        when = f" ({channel.deprecated_on.isoformat()})" if channel.deprecated_on else ""
        es = f"la red {channel.display_name('es')}, que está en retirada{when}"
        en = f"{channel.name}, which is deprecated{when}"
    return [
        Finding(
            rule=RETIRED_CHANNEL,
            severity=Severity.ERROR if closed else Severity.WARNING,
            subject=profile_subject(profile),
            message=Bilingual(
                es=f"El perfil «{profile.id}» sigue {STATE_ES[profile.state]} en {es}",
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
