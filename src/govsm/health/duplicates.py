"""Duplicated profiles: the same channel, the same theme and a shared audience."""

from __future__ import annotations

from collections import defaultdict

from govsm.health.references import GENCAT, profile_subject
from govsm.health.rule_ids import DUPLICATE
from govsm.health.states import GONE_STATES
from govsm.ledger.themes import normalise, shared_audience
from govsm.model import Bilingual, Finding, Profile, Severity


def duplicate_findings(profiles: list[Profile]) -> list[Finding]:
    """Two :data:`~govsm.health.rule_ids.DUPLICATE` findings per pair of duplicated profiles.

    A pair is on the same channel, with the same theme and a shared audience (or no audience
    given for either); there is one finding about each profile of the pair. Themes are compared
    exactly, after normalisation; archived and rejected profiles are left out.

    :param profiles: the organisation's profiles.
    """
    groups: dict[tuple[str, str], list[Profile]] = defaultdict(list)
    for profile in profiles:
        if profile.state in GONE_STATES or not profile.theme:
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
                            subject=profile_subject(one),
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
                            reference=GENCAT,
                        )
                    )
    return findings
