"""Cross-reference checks: every id a workspace mentions must exist, and exist once."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from govsm.model import Channel, ManualContent, ScopeKind
from govsm.model.manual import localized_texts
from govsm.serialization import ErrorDetail

if TYPE_CHECKING:
    from govsm.workspace.config import WorkspaceConfig


def _missing(
    path: str, kind_es: str, kind_en: str, value: str, known: Iterable[str]
) -> ErrorDetail:
    known = sorted(known)
    close = difflib.get_close_matches(value, known, n=1)
    hint_es = f" ¿Quería decir «{close[0]}»?" if close else ""
    hint_en = f" Did you mean '{close[0]}'?" if close else ""
    listed = ", ".join(known[:20]) + (" …" if len(known) > 20 else "")
    return ErrorDetail(
        path,
        f"{kind_es} «{value}» no existe.{hint_es} Existentes: {listed or '(ninguno)'}",
        f"{kind_en} '{value}' does not exist.{hint_en} Known: {listed or '(none)'}",
    )


def _duplicates(key: str, ids: list[str]) -> list[ErrorDetail]:
    seen: dict[str, int] = {}
    errors = []
    for index, item in enumerate(ids):
        if item in seen:
            errors.append(
                ErrorDetail(
                    f"{key}[{index}].id",
                    f"el identificador «{item}» ya lo usa {key}[{seen[item]}]",
                    f"id '{item}' is already used by {key}[{seen[item]}]",
                )
            )
        else:
            seen[item] = index
    return errors


def check_references(
    config: WorkspaceConfig, channels: Mapping[str, Channel] | None
) -> list[ErrorDetail]:
    """Return a problem for every dangling or duplicated reference in ``config``.

    :param channels: the declared channels, or ``None`` to skip checks against them.
    """
    snap = config.snapshot
    errors: list[ErrorDetail] = []
    units = {u.id for u in snap.units}
    people = {p.id for p in snap.people}
    profiles = {p.id for p in snap.profiles}
    errors += _duplicates("units", [u.id for u in snap.units])
    errors += _duplicates("people", [p.id for p in snap.people])
    errors += _duplicates("profiles", [p.id for p in snap.profiles])

    for index, channel_id in enumerate(config.channels):
        if channels is not None and channel_id not in channels:
            errors.append(
                _missing(f"channels[{index}]", "el canal", "channel", channel_id, channels)
            )
    for index, unit in enumerate(snap.units):
        if unit.parent is not None and unit.parent not in units:
            errors.append(
                _missing(f"units[{index}].parent", "la unidad", "unit", unit.parent, units)
            )
        if unit.head is not None and unit.head not in people:
            errors.append(
                _missing(f"units[{index}].head", "la persona", "person", unit.head, people)
            )
    for index, person in enumerate(snap.people):
        if person.unit is not None and person.unit not in units:
            errors.append(
                _missing(f"people[{index}].unit", "la unidad", "unit", person.unit, units)
            )
    for index, role in enumerate(snap.roles):
        if role.person not in people:
            errors.append(
                _missing(f"roles[{index}].person", "la persona", "person", role.person, people)
            )
        errors += _scope_target(f"roles[{index}].target", role.scope, role.target, units, profiles)
    for index, profile in enumerate(snap.profiles):
        path = f"profiles[{index}]"
        if profile.unit not in units:
            errors.append(_missing(f"{path}.unit", "la unidad", "unit", profile.unit, units))
        if channels is not None and profile.channel not in channels:
            errors.append(
                _missing(f"{path}.channel", "el canal", "channel", profile.channel, channels)
            )
        elif config.channels and profile.channel not in config.channels:
            errors.append(
                ErrorDetail(
                    f"{path}.channel",
                    f"el canal «{profile.channel}» no está en la lista «channels» del espacio de "
                    "trabajo: añádalo si la organización lo usa",
                    f"channel '{profile.channel}' is not in the workspace's 'channels' list: add "
                    "it if the organisation uses it",
                )
            )
        refusal = (
            profile.long_posts_refusal(channels[profile.channel])
            if channels is not None and profile.channel in channels
            else None
        )
        if refusal is not None:
            errors.append(ErrorDetail(f"{path}.long_posts", refusal.es, refusal.en))
        for j, person_id in enumerate(profile.responsible):
            if person_id not in people:
                errors.append(
                    _missing(f"{path}.responsible[{j}]", "la persona", "person", person_id, people)
                )
    policy = snap.policy
    if policy is not None:
        if policy.coordinating_unit not in units:
            errors.append(
                _missing(
                    "policy.coordinating_unit", "la unidad", "unit", policy.coordinating_unit, units
                )
            )
        for index, waiver in enumerate(policy.waivers):
            if waiver.person not in people:
                errors.append(
                    _missing(
                        f"policy.waivers[{index}].person",
                        "la persona",
                        "person",
                        waiver.person,
                        people,
                    )
                )
            if waiver.profile is not None and waiver.profile not in profiles:
                errors.append(
                    _missing(
                        f"policy.waivers[{index}].profile",
                        "el perfil",
                        "profile",
                        waiver.profile,
                        profiles,
                    )
                )
        for index, rule in enumerate(policy.rules):
            errors += _scope_target(
                f"policy.rules[{index}].target", rule.scope, rule.target, units, profiles
            )
            if channels is not None and rule.channel is not None and rule.channel not in channels:
                errors.append(
                    _missing(
                        f"policy.rules[{index}].channel",
                        "el canal",
                        "channel",
                        rule.channel,
                        channels,
                    )
                )
        for index, approval in enumerate(policy.approval_rules):
            errors += _scope_target(
                f"policy.approval_rules[{index}].target",
                approval.scope,
                approval.target,
                units,
                profiles,
            )
    if config.manual is not None:
        errors += _manual_references(config, channels)
    return errors


def _scope_target(
    path: str, scope: ScopeKind, target: str | None, units: set[str], profiles: set[str]
) -> list[ErrorDetail]:
    if target is None:
        return []
    if scope is ScopeKind.UNIT and target not in units:
        return [_missing(path, "la unidad", "unit", target, units)]
    if scope is ScopeKind.PROFILE and target not in profiles:
        return [_missing(path, "el perfil", "profile", target, profiles)]
    return []


def _manual_references(
    config: WorkspaceConfig, channels: Mapping[str, Channel] | None
) -> list[ErrorDetail]:
    """The ``[manual]`` table's references: people, units, profiles, channels and languages."""
    manual = config.manual
    assert manual is not None
    snap = config.snapshot
    units = {u.id for u in snap.units}
    people = {p.id: p for p in snap.people}
    profiles = {p.id for p in snap.profiles}
    errors: list[ErrorDetail] = []

    def person(path: str, value: str | None) -> None:
        if value is not None and value not in people:
            errors.append(_missing(path, "la persona", "person", value, people))

    def unit(path: str, value: str | None) -> None:
        if value is not None and value not in units:
            errors.append(_missing(path, "la unidad", "unit", value, units))

    def profile(path: str, value: str | None) -> None:
        if value is not None and value not in profiles:
            errors.append(_missing(path, "el perfil", "profile", value, profiles))

    for index, resource in enumerate(manual.resources):
        unit(f"manual.resources[{index}].unit", resource.unit)
        person(f"manual.resources[{index}].person", resource.person)
    errors += _duplicates("manual.blogs", [b.id for b in manual.blogs or ()])
    for index, blog in enumerate(manual.blogs or ()):
        path = f"manual.blogs[{index}]"
        unit(f"{path}.unit", blog.unit)
        person(f"{path}.holder", blog.holder)
        holder = people.get(blog.holder) if blog.holder else None
        if holder is not None and not holder.is_office_holder:
            errors.append(
                ErrorDetail(
                    f"{path}.holder",
                    f"«{holder.id}» no tiene cargo político («political_office»): el blog de un "
                    "cargo lo firma un cargo",
                    f"'{holder.id}' holds no political office ('political_office'): an office "
                    "holder's blog is signed by an office holder",
                )
            )
        for j, maintainer in enumerate(blog.maintainers):
            person(f"{path}.maintainers[{j}]", maintainer)
        profile(f"{path}.profile", blog.profile)
    if manual.crisis is not None:
        person("manual.crisis.spokesperson", manual.crisis.spokesperson)
        for j, member in enumerate(manual.crisis.team):
            person(f"manual.crisis.team[{j}]", member)
        errors += _duplicates("manual.crisis.levels", [lv.id for lv in manual.crisis.levels])
        for index, level in enumerate(manual.crisis.levels):
            for j, notified in enumerate(level.notify):
                person(f"manual.crisis.levels[{index}].notify[{j}]", notified)
    seen: dict[str, int] = {}
    for index, notes in enumerate(manual.profiles):
        profile(f"manual.profiles[{index}].profile", notes.profile)
        if notes.profile in seen:
            errors.append(
                ErrorDetail(
                    f"manual.profiles[{index}].profile",
                    f"el perfil «{notes.profile}» ya tiene textos en manual.profiles"
                    f"[{seen[notes.profile]}]",
                    f"profile '{notes.profile}' already has texts in manual.profiles"
                    f"[{seen[notes.profile]}]",
                )
            )
        seen.setdefault(notes.profile, index)
    known = channels if channels is not None else set(config.channels)
    for index, size in enumerate(manual.style.image_sizes if manual.style else ()):
        if known and size.channel not in known:
            errors.append(
                _missing(
                    f"manual.style.image_sizes[{index}].channel",
                    "el canal",
                    "channel",
                    size.channel,
                    known,
                )
            )
    errors += _manual_languages(manual, snap.organisation.languages)
    return errors


def _manual_languages(manual: ManualContent, official: tuple[str, ...]) -> list[ErrorDetail]:
    """Texts by language are in an official language or in English, the third choice."""
    allowed = {tag.split("-")[0] for tag in (*official, "en")}
    shown = ", ".join((*official, "en"))
    errors = []
    for path, text in localized_texts(manual):
        for tag in text.languages:
            if tag.split("-")[0] not in allowed:
                errors.append(
                    ErrorDetail(
                        f"{path}.{tag}",
                        f"«{tag}» no es una lengua oficial de la organización ni el inglés: "
                        f"use {shown}",
                        f"'{tag}' is neither an official language of the organisation nor "
                        f"English: use {shown}",
                    )
                )
    return errors
