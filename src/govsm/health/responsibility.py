"""Who answers for each profile: nobody, someone unknown, or someone who has left."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from govsm.health.references import DOCS, profile_subject
from govsm.health.rule_ids import NO_RESPONSIBLE, OWNER_LEFT, RESPONSIBLE_LEFT, UNKNOWN_RESPONSIBLE
from govsm.model import Bilingual, Finding, Person, Profile, Severity


def responsible_findings(
    profile: Profile, people: Mapping[str, Person], today: date
) -> list[Finding]:
    """The findings about who answers for ``profile`` on ``today``.

    No responsible person at all is :data:`~govsm.health.rule_ids.NO_RESPONSIBLE`; then each
    responsible id that names nobody is :data:`~govsm.health.rule_ids.UNKNOWN_RESPONSIBLE`, an
    owner (the first) who left is :data:`~govsm.health.rule_ids.OWNER_LEFT` and anyone else who
    left is :data:`~govsm.health.rule_ids.RESPONSIBLE_LEFT`.

    :param profile: the profile.
    :param people: the organisation's people, by id.
    :param today: the day of the check.
    """
    subject = profile_subject(profile)
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
                reference=DOCS,
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
                    reference=DOCS,
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
                    reference=DOCS,
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
                    reference=DOCS,
                )
            )
    return findings
