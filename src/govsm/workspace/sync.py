"""Writing what the governance record decided back into ``govsm.toml``.

``govsm.toml`` declares each profile; the governance API decides — approves a request (a new
profile), activates, archives, transfers, retires. Until the file says so too, ``govsm status``
shows the old state and the registry calls a just-activated profile "not verified". Instead of
an officer retyping each decision, :func:`sync_manual` writes them into the file:

- a profile the record opened (an approved request) and the file does not declare is appended
  as a new ``[[profiles]]`` table;
- a profile whose state, state date or unit the API changed after the file last declared it
  gets those keys rewritten.

The file is edited with ``tomlkit``, so its comments, order and layout stay as they were, and
written atomically. A declaration the file made *after* the record's change (the file is newer)
is left alone. A second sync changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomlkit
from attrs import frozen
from tomlkit.items import AoT, Table

from govsm.atomic import write_text_atomic
from govsm.errors import ConfigError
from govsm.ledger.record import GovernanceRecord, fold
from govsm.model import Bilingual, Profile
from govsm.serialization import unstructure
from govsm.workspace.config import MANUAL_FILE, WorkspaceConfig

if TYPE_CHECKING:
    from govsm.store import Store

#: the keys of a declared profile that a recorded decision rewrites
DECIDED_KEYS = ("state", "state_since", "unit")


@frozen
class SyncChange:
    """One change written into ``govsm.toml``.

    :param profile: the profile's id.
    :param what: what changed, in Spanish and English.
    """

    profile: str
    what: Bilingual


def planned_changes(
    config: WorkspaceConfig, stored: list[Profile], record: GovernanceRecord
) -> tuple[list[Profile], dict[str, dict[str, Any]]]:
    """What the record decided and ``config`` does not declare yet.

    :return: the profiles to add, and for each declared profile the keys to rewrite (TOML
        values).
    """
    declared = {p.id: p for p in config.snapshot.profiles}
    added: list[Profile] = []
    rewritten: dict[str, dict[str, Any]] = {}
    for profile in stored:
        before = declared.get(profile.id)
        if before is None:
            if profile.id in record.profiles:  # opened through the governance API
                added.append(profile)
            continue
        history = record.profiles.get(profile.id)
        if history is None or history.changed_seq <= history.declared_seq:
            continue  # the file's declaration is the newer word
        keys = {
            key: _toml_value(getattr(profile, key))
            for key in DECIDED_KEYS
            if getattr(profile, key) != getattr(before, key) and getattr(profile, key) is not None
        }
        if keys:
            rewritten[profile.id] = keys
    return added, rewritten


def sync_manual(config: WorkspaceConfig, store: Store, *, write: bool = True) -> list[SyncChange]:
    """Write the decisions of the record that ``govsm.toml`` does not declare into it.

    :param write: ``False`` to only say what would change.
    :return: the changes, in the order of the profiles in the store.
    :raises ConfigError: ``govsm.toml`` cannot be read or written.
    """
    organisation = config.snapshot.organisation.id
    record = fold(organisation, store.audit_entries(organisation))
    added, rewritten = planned_changes(config, store.profiles(organisation), record)
    if not added and not rewritten:
        return []
    path = config.root / MANUAL_FILE
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    tables = _profile_tables(document, path)
    changes: list[SyncChange] = []
    for profile_id, keys in rewritten.items():
        table = tables[profile_id]
        for key, value in keys.items():
            old = table.get(key)
            table[key] = value
            changes.append(
                SyncChange(
                    profile_id,
                    Bilingual(
                        es=f"{key}: {_shown(old)} → {_shown(value)}",
                        en=f"{key}: {_shown(old)} → {_shown(value)}",
                    ),
                )
            )
    if added:
        array = document.get("profiles")
        if not isinstance(array, AoT):
            array = tomlkit.aot()
            document["profiles"] = array
        for profile in added:
            array.append(_table(profile))
            changes.append(
                SyncChange(
                    profile.id,
                    Bilingual(
                        es=f"añadido (abierto por el registro, estado {profile.state.spanish})",
                        en=f"added (opened through the record, state {profile.state.value})",
                    ),
                )
            )
    if write:
        mode = path.stat().st_mode & 0o777
        write_text_atomic(path, tomlkit.dumps(document))
        path.chmod(mode)  # the file keeps who may read it
    return changes


def _profile_tables(document: Any, path: Path) -> Mapping[str, Table]:
    array = document.get("profiles", [])
    tables = {str(t.get("id")): t for t in array if isinstance(t, Table)}
    if not isinstance(array, AoT | list):
        raise ConfigError(
            "profiles no es una lista de tablas [[profiles]]",
            "profiles is not an array of [[profiles]] tables",
            where=str(path),
        )
    return tables


def _table(profile: Profile) -> Table:
    data = unstructure(profile)
    table = tomlkit.table()
    for key, value in data.items():
        if key == "organisation" or value in (None, [], ()):
            continue
        table[key] = _toml_value(getattr(profile, key, value))
    return table


def _toml_value(value: Any) -> Any:
    if hasattr(value, "value") and not isinstance(value, date | str):  # enumerations
        return value.value
    if hasattr(value, "ref"):  # a credential reference
        return value.ref
    if isinstance(value, tuple):
        return [_toml_value(v) for v in value]
    return value


def _shown(value: Any) -> str:
    return "—" if value is None else str(value)
