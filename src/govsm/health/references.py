"""What a health finding points to: its subject (the profile) and the source behind the check."""

from __future__ import annotations

from govsm.model import Profile

#: the source of the personal e-mail check
SEED_002 = (
    "seed 002, principle 2: personal accounts on non-corporate e-mail, so institutional accounts "
    "on the organisation's own"
)
#: the source of the dormancy and duplicate checks
GENCAT = "Generalitat de Catalunya, Guia d'usos i estil a les xarxes socials, «Primeres passes»"
#: the reference of the checks whose thresholds and wording are govsm's own
DOCS = "docs/reference/health.md"


def profile_subject(profile: Profile) -> str:
    """The subject of a finding about ``profile``: ``profile:<id>``.

    :param profile: the profile the finding is about.
    """
    return f"profile:{profile.id}"
