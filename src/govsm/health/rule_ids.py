"""The ids of the health findings, one per check (see :doc:`/reference/health`)."""

from __future__ import annotations

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

#: finding id: the network refused the profile's credentials at their last check
CREDENTIALS_REFUSED = "health-credentials-refused"
#: finding id: the profile's credentials expire soon, or have expired
CREDENTIALS_EXPIRING = "health-credentials-expiring"

#: every finding id :func:`~govsm.health.check_health` can produce
RULES: tuple[str, ...] = (
    DORMANT,
    NO_RESPONSIBLE,
    OWNER_LEFT,
    RESPONSIBLE_LEFT,
    UNKNOWN_RESPONSIBLE,
    PERSONAL_EMAIL,
    RETIRED_CHANNEL,
    DUPLICATE,
    CREDENTIALS_REFUSED,
    CREDENTIALS_EXPIRING,
)
