"""Writing snapshots and messages inside a transaction the caller opened.

Rows are compared by the canonical text of their JSON document: a row whose document did not
change is not written. Everything is checked (organisation, duplicates, references) before the
first row is written, so an error leaves the transaction untouched.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from govsm.errors import StoreError
from govsm.model import LifecycleState, Message, OrganisationSnapshot, Profile
from govsm.spec.importer import Imported
from govsm.store import rows, schema
from govsm.store.bulk_insert import insert_rows, select_in
from govsm.store.originals import save_originals
from govsm.store.result import SaveResult, StateChange

#: how many keys one ``IN (…)`` lists (well below SQLite's and PostgreSQL's parameter limits)
IN_CHUNK = 900


def chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    """Split ``items`` into slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


#: what decides whether a row changed: its document's canonical text, then any other columns
#: that are not derived from the document (a snapshot part's position), all as text
Fingerprint = tuple[str, ...]


def stored_fingerprints(
    connection: Connection,
    table: sa.Table,
    organisation: str,
    *,
    key: str = "id",
    extra: Sequence[str] = (),
    keys: Sequence[Any] | None = None,
) -> dict[Any, Fingerprint]:
    """Return each stored row's fingerprint (all the organisation's rows, or those in ``keys``)."""
    key_column = table.c[key]
    query = sa.select(
        key_column, sa.cast(table.c.data, sa.Text), *(table.c[name] for name in extra)
    ).where(table.c.organisation_id == organisation)
    if keys is None:
        return {row[0]: _fingerprint(row[1:]) for row in connection.execute(query)}
    columns = (key, "data", *extra)
    found = select_in(
        connection, table, columns, organisation, key, sorted(set(keys)), as_text=("data",)
    )
    return {row[0]: _fingerprint(row[1:]) for row in found}


def _fingerprint(values: Iterable[Any]) -> Fingerprint:
    return tuple(str(value) for value in values)


def _part_rows(
    built: Iterable[tuple[rows.Row, str]],
) -> list[tuple[Any, rows.Row, Fingerprint]]:
    """Key, row and fingerprint of each snapshot part (units, people, profiles)."""
    return [(row["id"], row, (text, str(row["position"]))) for row, text in built]


@attrs.define
class _Plan:
    """The rows of one table to insert and to update."""

    inserts: list[rows.Row] = attrs.Factory(list)
    updates: list[rows.Row] = attrs.Factory(list)
    unchanged: int = 0


def _plan(
    planned: Iterable[tuple[Any, rows.Row, Fingerprint]], stored: dict[Any, Fingerprint]
) -> _Plan:
    plan = _Plan()
    for key, row, fingerprint in planned:
        old = stored.get(key)
        if old is None:
            plan.inserts.append(row)
        elif old != fingerprint:
            plan.updates.append(row)
        else:
            plan.unchanged += 1
    return plan


def _execute(connection: Connection, table: sa.Table, plan: _Plan) -> SaveResult:
    key_names = [column.name for column in table.primary_key.columns]

    by_key = operator.itemgetter(*key_names)

    # rows are written in key order, so concurrent writers take row locks in the same order
    if plan.inserts:
        inserts: list[rows.Row] = sorted(plan.inserts, key=by_key)
        insert_rows(connection, table, inserts)
    if plan.updates:
        statement = sa.update(table).where(
            *(table.c[name] == sa.bindparam(f"key_{name}") for name in key_names)
        )
        params = [
            {
                **{f"key_{name}": row[name] for name in key_names},
                **{name: value for name, value in row.items() if name not in key_names},
            }
            for row in sorted(plan.updates, key=by_key)
        ]
        connection.execute(statement, params)
    return SaveResult(
        inserted=len(plan.inserts), updated=len(plan.updates), unchanged=plan.unchanged
    )


def _duplicates(kind_es: str, kind_en: str, organisation: str, ids: Iterable[str]) -> None:
    repeated = sorted(key for key, n in Counter(ids).items() if n > 1)
    if repeated:
        shown = ", ".join(repeated)
        raise StoreError(
            f"la instantánea de «{organisation}» repite {kind_es}: {shown}",
            f"the snapshot of '{organisation}' repeats {kind_en}: {shown}",
            where=f"{organisation}/{kind_en}",
        )


def _missing(
    organisation: str,
    what_es: str,
    what_en: str,
    needed_es: str,
    needed_en: str,
    wanted: str,
    known: set[str],
) -> None:
    if wanted not in known:
        raise StoreError(
            f"{what_es} de «{organisation}» nombra {needed_es} «{wanted}», que no está ni en la "
            "instantánea ni en el almacén",
            f"{what_en} of '{organisation}' names {needed_en} '{wanted}', which is neither in "
            "the snapshot nor in the store",
            where=f"{organisation}/{what_en}",
        )


def save_snapshot(connection: Connection, snapshot: OrganisationSnapshot) -> SaveResult:
    """Write a snapshot (see :meth:`govsm.store.Store.save_snapshot`)."""
    org = snapshot.organisation.id
    _duplicates("unidades", "units", org, (u.id for u in snapshot.units))
    _duplicates("personas", "people", org, (p.id for p in snapshot.people))
    _duplicates("perfiles", "profiles", org, (p.id for p in snapshot.profiles))

    org_row, org_text = rows.organisation_row(snapshot.organisation)
    unit_rows = _part_rows(rows.unit_row(u, i) for i, u in enumerate(snapshot.units))
    person_rows = _part_rows(rows.person_row(p, i) for i, p in enumerate(snapshot.people))
    profile_rows = _part_rows(rows.profile_row(p, i) for i, p in enumerate(snapshot.profiles))
    role_rows: list[tuple[Any, rows.Row, Fingerprint]] = []
    for position, role in enumerate(snapshot.roles):
        row, text = rows.role_row(role, position)
        role_rows.append((position, row, (text,)))
    policy = snapshot.policy
    policy_row = rows.policy_row(policy, current=True) if policy is not None else None

    stored_org = connection.execute(
        sa.select(sa.cast(schema.organisations.c.data, sa.Text)).where(
            schema.organisations.c.id == org
        )
    ).scalar()
    stored_units = stored_fingerprints(connection, schema.units, org, extra=["position"])
    stored_people = stored_fingerprints(connection, schema.people, org, extra=["position"])
    stored_profiles = stored_fingerprints(connection, schema.profiles, org, extra=["position"])
    stored_states: dict[str, str] = {
        str(row[0]): str(row[1])
        for row in connection.execute(
            sa.select(schema.profiles.c.id, schema.profiles.c.state).where(
                schema.profiles.c.organisation_id == org
            )
        )
    }
    stored_roles = stored_fingerprints(connection, schema.role_assignments, org, key="position")

    units = set(stored_units) | {u.id for u in snapshot.units}
    people = set(stored_people) | {p.id for p in snapshot.people}
    for profile in snapshot.profiles:
        what = (f"el perfil «{profile.id}»", f"profile '{profile.id}'")
        _missing(org, *what, "la unidad", "unit", profile.unit, units)
    for index, role in enumerate(snapshot.roles):
        what = (f"el rol n.º {index}", f"role #{index}")
        _missing(org, *what, "a la persona", "person", role.person, people)
    if policy is not None:
        what = (f"la política «{policy.version}»", f"policy '{policy.version}'")
        needed = ("como unidad coordinadora", "coordinating unit")
        _missing(org, *what, *needed, policy.coordinating_unit, units)

    result = SaveResult()
    organisations = schema.organisations
    if stored_org is None:
        connection.execute(sa.insert(organisations), [org_row])
        result += SaveResult(inserted=1)
    elif stored_org != org_text:
        values = {k: v for k, v in org_row.items() if k != "id"}
        connection.execute(sa.update(organisations).where(organisations.c.id == org), values)
        result += SaveResult(updated=1)
    else:
        result += SaveResult(unchanged=1)

    result += _execute(connection, schema.units, _plan(unit_rows, stored_units))
    result += _execute(connection, schema.people, _plan(person_rows, stored_people))
    result += _execute(connection, schema.profiles, _plan(profile_rows, stored_profiles))
    result += _execute(connection, schema.role_assignments, _plan(role_rows, stored_roles))
    stale = [position for position in stored_roles if position >= len(snapshot.roles)]
    if stale:
        table = schema.role_assignments
        connection.execute(
            sa.delete(table).where(
                table.c.organisation_id == org, table.c.position >= len(role_rows)
            )
        )
        result += SaveResult(deleted=len(stale))
    result += _save_policy(connection, org, policy_row)

    changes = tuple(
        StateChange(
            profile=profile.id,
            old=LifecycleState(stored_states[profile.id]) if profile.id in stored_states else None,
            new=profile.state,
        )
        for profile in snapshot.profiles
        if stored_states.get(profile.id) != profile.state.value
    )
    return attrs.evolve(result, state_changes=changes)


def _save_policy(
    connection: Connection, org: str, planned: tuple[rows.Row, str] | None
) -> SaveResult:
    table = schema.policies
    stored = {
        version: (str(text), bool(current))
        for version, text, current in connection.execute(
            sa.select(table.c.version, sa.cast(table.c.data, sa.Text), table.c.is_current).where(
                table.c.organisation_id == org
            )
        )
    }
    version = planned[0]["version"] if planned is not None else None
    result = SaveResult()
    # first retire the current version, so the "one current policy" index never sees two
    retire = [v for v, (_, current) in stored.items() if current and v != version]
    if retire:
        connection.execute(
            sa.update(table)
            .where(table.c.organisation_id == org, table.c.version.in_(retire))
            .values(is_current=False)
        )
        result += SaveResult(updated=len(retire))
    if planned is None:
        return result
    row, text = planned
    if version not in stored:
        connection.execute(sa.insert(table), [row])
        return result + SaveResult(inserted=1)
    old_text, current = stored[version]
    if old_text == text and current:
        return result + SaveResult(unchanged=1)
    values = {k: v for k, v in row.items() if k not in ("organisation_id", "version")}
    connection.execute(
        sa.update(table).where(table.c.organisation_id == org, table.c.version == version),
        values,
    )
    return result + SaveResult(updated=1)


@attrs.frozen
class BatchOutcome:
    """What saving one batch of messages did, and which messages it inserted."""

    result: SaveResult
    inserted: tuple[Message, ...]


def check_messages(
    connection: Connection, organisation: str, batch: Sequence[Message], known: set[str]
) -> None:
    """Refuse a batch with a message of another organisation or for an unknown profile.

    ``known`` caches the profile ids already found (profiles are never deleted); it is updated.
    """
    for message in batch:
        if message.organisation != organisation:
            raise StoreError(
                f"el mensaje «{message.id}» (perfil «{message.profile}») pertenece a "
                f"«{message.organisation}», no a «{organisation}»: no se guarda nada de este lote",
                f"message '{message.id}' (profile '{message.profile}') belongs to "
                f"'{message.organisation}', not to '{organisation}': nothing of this batch is "
                "saved",
                where=f"{organisation}/messages/{message.id}",
            )
    wanted = sorted({m.profile for m in batch} - known)
    table = schema.profiles
    for part in chunks(wanted):
        known.update(
            connection.execute(
                sa.select(table.c.id).where(
                    table.c.organisation_id == organisation, table.c.id.in_(part)
                )
            ).scalars()
        )
    unknown = [m for m in batch if m.profile not in known]
    if unknown:
        first = unknown[0]
        more_es = f" (y {len(unknown) - 1} mensajes más del lote)" if len(unknown) > 1 else ""
        more_en = (
            f" (and {len(unknown) - 1} more messages of the batch)" if len(unknown) > 1 else ""
        )
        raise StoreError(
            f"el mensaje «{first.id}» es del perfil «{first.profile}», que «{organisation}» no "
            f"tiene en el almacén{more_es}: guarde antes la instantánea de la organización; "
            "no se guarda nada de este lote",
            f"message '{first.id}' is for profile '{first.profile}', which '{organisation}' "
            f"does not have in the store{more_en}: save the organisation's snapshot first; "
            "nothing of this batch is saved",
            where=f"{organisation}/messages/{first.id}",
        )


def save_message_batch(
    connection: Connection,
    organisation: str,
    items: Sequence[Message | Imported],
    known: set[str],
) -> BatchOutcome:
    """Upsert one batch of messages (checked first with :func:`check_messages`).

    A message that appears twice in the batch is saved as if the two came one after the other.
    The network's records of :class:`~govsm.spec.Imported` items (:mod:`govsm.store.originals`)
    are written in the same transaction, once their messages are.
    """
    batch = [item.message if isinstance(item, Imported) else item for item in items]
    originals = [item for item in items if isinstance(item, Imported)]
    check_messages(connection, organisation, batch, known)
    planned = [(m, *rows.message_row(m)) for m in batch]
    stored = stored_fingerprints(
        connection, schema.messages, organisation, keys=[m.id for m in batch]
    )
    # message id → (row, fingerprint, message, stored before the batch?)
    pending: dict[str, tuple[rows.Row, Fingerprint, Message, bool]] = {}
    unchanged = 0
    for message, row, document in planned:
        fingerprint = (document,)
        if message.id in pending:
            _, previous, _, existed = pending[message.id]
            if previous == fingerprint:
                unchanged += 1
            pending[message.id] = (row, fingerprint, message, existed)
            continue
        old = stored.get(message.id)
        if old == fingerprint:
            unchanged += 1
        else:
            pending[message.id] = (row, fingerprint, message, old is not None)
    plan = _Plan(unchanged=unchanged)
    inserted: list[Message] = []
    for row, _, message, existed in pending.values():
        if existed:
            plan.updates.append(row)
        else:
            plan.inserts.append(row)
            inserted.append(message)
    result = _execute(connection, schema.messages, plan)
    save_originals(connection, organisation, originals)
    # a message written twice in one batch counts once as inserted/updated and once as updated
    repeats = len(batch) - len(pending) - unchanged
    return BatchOutcome(result + SaveResult(updated=repeats), tuple(inserted))


def save_profiles(connection: Connection, organisation: str, profiles: Sequence[Profile]) -> None:
    """Insert or update single profiles, keeping each stored one's place in the snapshot.

    A new profile goes after the last one. Its unit must be in the store.
    """
    table = schema.profiles
    stored = {
        str(row[0]): int(row[1])
        for row in connection.execute(
            sa.select(table.c.id, table.c.position).where(table.c.organisation_id == organisation)
        )
    }
    units = {
        str(row[0])
        for row in connection.execute(
            sa.select(schema.units.c.id).where(schema.units.c.organisation_id == organisation)
        )
    }
    following = max(stored.values(), default=-1) + 1
    plan = _Plan()
    for profile in profiles:
        if profile.organisation != organisation:
            raise StoreError(
                f"el perfil «{profile.id}» pertenece a «{profile.organisation}», no a "
                f"«{organisation}»: no se guarda nada",
                f"profile '{profile.id}' belongs to '{profile.organisation}', not to "
                f"'{organisation}': nothing is saved",
                where=f"{organisation}/profiles/{profile.id}",
            )
        what = (f"el perfil «{profile.id}»", f"profile '{profile.id}'")
        _missing(organisation, *what, "la unidad", "unit", profile.unit, units)
        if profile.id in stored:
            plan.updates.append(rows.profile_row(profile, stored[profile.id])[0])
        else:
            plan.inserts.append(rows.profile_row(profile, following)[0])
            stored[profile.id] = following
            following += 1
    _execute(connection, table, plan)
