"""Whether the record agrees with the manual, and whether the registry holds together.

``govsm.toml`` declares the profiles; the governance record (the audit log) says what was done
to them through the API. :func:`record_drift` finds where the two disagree: a profile opened
through an approved request that the file does not list yet, or a state or unit changed through
the API that the file still declares otherwise. :func:`registry_problems` checks the
official-account registry: every live profile can be verified by its address or handle, its
address and handle name the same account, and no account is listed twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from govsm.ledger.handles import normalise, profile_keys
from govsm.ledger.record import GovernanceRecord
from govsm.model import Bilingual, Channel, Finding, LifecycleState, Profile, Severity

#: rule ids of the findings
UNDECLARED = "registry-undeclared"
DRIFT = "registry-drift"
UNVERIFIABLE = "registry-unverifiable"
MISMATCH = "registry-handle-url-mismatch"
DUPLICATE_ACCOUNT = "registry-duplicate-account"

_DOCS = "https://govsm.readthedocs.io/en/latest/how-to/governance.html"
_LIVE = frozenset({LifecycleState.ACTIVE, LifecycleState.DORMANT})


def record_drift(
    declared: Iterable[Profile], stored: Iterable[Profile], record: GovernanceRecord
) -> list[Finding]:
    """Where the store's record and ``govsm.toml``'s declaration of the profiles differ."""
    declared_by_id = {p.id: p for p in declared}
    findings: list[Finding] = []
    for profile in stored:
        history = record.history(profile.id)
        mine = declared_by_id.get(profile.id)
        if mine is None:
            if profile.state in (LifecycleState.ARCHIVED, LifecycleState.REJECTED):
                continue
            findings.append(
                Finding(
                    rule=UNDECLARED,
                    severity=Severity.WARNING,
                    subject=f"profile:{profile.id}",
                    message=Bilingual(
                        es=f"El perfil «{profile.id}» ({profile.channel}, "
                        f"{profile.state.spanish}) consta en el registro de gobernanza pero "
                        "govsm.toml no lo declara",
                        en=f"Profile '{profile.id}' ({profile.channel}, {profile.state}) is in the "
                        "governance record but govsm.toml does not declare it",
                    ),
                    suggestion=Bilingual(
                        es="Añádalo a [[profiles]] con su responsable, línea editorial y "
                        "credencial, para que figure en el manual y en el registro oficial",
                        en="Add it to [[profiles]] with its owner, editorial line and "
                        "credential, so that it is in the manual and the official registry",
                    ),
                    reference=_DOCS,
                )
            )
            continue
        if history.changed_seq <= history.declared_seq:
            continue
        differences: list[tuple[str, str, str]] = []
        if mine.state is not profile.state:
            differences.append(("estado", "state", f"{mine.state} → {profile.state}"))
        if mine.unit != profile.unit:
            differences.append(("unidad", "unit", f"{mine.unit} → {profile.unit}"))
        if not differences:
            continue
        last = history.entries[-1] if history.entries else None
        when = f" ({last.actor}, {last.at:%Y-%m-%d})" if last is not None else ""
        findings.append(
            Finding(
                rule=DRIFT,
                severity=Severity.WARNING,
                subject=f"profile:{profile.id}",
                message=Bilingual(
                    es=f"El registro de gobernanza cambió el perfil «{profile.id}»{when}; "
                    "govsm.toml aún declara otra cosa: "
                    + ", ".join(f"{es} {change}" for es, _, change in differences),
                    en=f"The governance record changed profile '{profile.id}'{when}; govsm.toml "
                    "still declares otherwise: "
                    + ", ".join(f"{en} {change}" for _, en, change in differences),
                ),
                suggestion=Bilingual(
                    es="Actualice govsm.toml con el cambio registrado (el manual se genera a "
                    "partir de él)",
                    en="Update govsm.toml with the recorded change (the manual is made from it)",
                ),
                reference=_DOCS,
            )
        )
    return findings


def registry_problems(
    profiles: Iterable[Profile], channels: Mapping[str, Channel]
) -> list[Finding]:
    """Live profiles the registry cannot verify, or that name one account twice or two ways.

    :param profiles: the profiles.
    :param channels: the declared channels, by id, for the networks' names in each language.
    """
    by_key: dict[str, list[Profile]] = defaultdict(list)
    findings: list[Finding] = []
    for profile in profiles:
        if profile.state not in _LIVE:
            continue
        channel = channels.get(profile.channel)
        network_es = channel.display_name("es") if channel is not None else profile.channel
        network_en = channel.name if channel is not None else profile.channel
        keys = profile_keys(profile.channel, profile.handle, profile.url)
        if not keys:
            findings.append(
                Finding(
                    rule=UNVERIFIABLE,
                    severity=Severity.WARNING,
                    subject=f"profile:{profile.id}",
                    message=Bilingual(
                        es=f"Ni la dirección ni el nombre de cuenta del perfil «{profile.id}» "
                        f"identifican una cuenta de {network_es}: nadie podrá verificarla",
                        en=f"Neither the address nor the handle of profile '{profile.id}' "
                        f"identify a {network_en} account: nobody will be able to verify it",
                    ),
                    suggestion=Bilingual(
                        es="Escriba la dirección completa del perfil en «url»",
                        en="Write the profile's full address in 'url'",
                    ),
                    reference=_DOCS,
                )
            )
            continue
        from_url = set(normalise(profile.url)) if profile.url else set()
        from_handle = set(profile_keys(profile.channel, profile.handle, None))
        specific_url = {k for k in from_url if not k.startswith(("url:", "handle:"))}
        specific_handle = {k for k in from_handle if not k.startswith(("url:", "handle:"))}
        if specific_url and specific_handle and not specific_url & specific_handle:
            findings.append(
                Finding(
                    rule=MISMATCH,
                    severity=Severity.WARNING,
                    subject=f"profile:{profile.id}",
                    message=Bilingual(
                        es=f"La dirección ({profile.url}) y el nombre de cuenta "
                        f"({profile.handle}) del perfil «{profile.id}» no son la misma cuenta",
                        en=f"The address ({profile.url}) and handle ({profile.handle}) of "
                        f"profile '{profile.id}' are not the same account",
                    ),
                    suggestion=Bilingual(
                        es="Corrija la que esté mal: el registro oficial publica las dos",
                        en="Correct whichever is wrong: the official registry publishes both",
                    ),
                    reference=_DOCS,
                )
            )
        for key in keys:
            if not key.startswith("handle:"):
                by_key[key].append(profile)
    reported: set[tuple[str, ...]] = set()
    for key, holders in sorted(by_key.items()):
        ids = tuple(sorted({p.id for p in holders}))
        if len(ids) < 2 or ids in reported:
            continue
        reported.add(ids)
        findings.append(
            Finding(
                rule=DUPLICATE_ACCOUNT,
                severity=Severity.ERROR,
                subject=f"profile:{ids[0]}",
                message=Bilingual(
                    es=f"Los perfiles {', '.join(ids)} son la misma cuenta ({key}): el registro "
                    "oficial no puede decir cuál es",
                    en=f"Profiles {', '.join(ids)} are the same account ({key}): the official "
                    "registry cannot tell which it is",
                ),
                suggestion=Bilingual(
                    es="Deje uno solo en govsm.toml (archive el otro si era una cuenta antigua)",
                    en="Keep only one in govsm.toml (archive the other if it was an old account)",
                ),
                reference=_DOCS,
            )
        )
    return findings
