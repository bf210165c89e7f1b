"""Model objects to table rows and back.

A row is a dict of column values; its ``data`` column is the model object's ``unstructure``
document, and :func:`load` rebuilds the object from it with ``structure``. The other columns are
derived from the object here, and only here.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, TypeVar

from govsm.errors import StoreError
from govsm.model import (
    Message,
    Organisation,
    Person,
    Policy,
    Profile,
    RoleAssignment,
    Unit,
)
from govsm.serialization import describe_errors, structure, unstructure
from govsm.store.engine import Serialised, dumps

T = TypeVar("T")

#: a row ready to insert: column name → value
Row = dict[str, Any]


def document(obj: Any, what_es: str, what_en: str) -> tuple[Any, str]:
    """Return the JSON document of ``obj`` and its canonical text (what the store compares).

    Raises :class:`StoreError` when the object holds a value JSON cannot carry (NaN, infinity).
    """
    data = unstructure(obj)
    try:
        text = dumps(data)
    except (ValueError, TypeError) as exc:
        raise StoreError(
            f"{what_es} no se puede guardar: contiene un valor que JSON no admite ({exc})",
            f"{what_en} cannot be stored: it holds a value JSON cannot carry ({exc})",
            where=what_en,
        ) from None
    return data, text


def organisation_row(org: Organisation) -> tuple[Row, str]:
    """Return the ``organisations`` row of an organisation, and its document's text."""
    data, text = document(org, f"la organización «{org.id}»", f"organisation '{org.id}'")
    return {
        "id": org.id,
        "name": org.name,
        "kind": org.kind.value,
        "parent_id": org.parent,
        "data": data,
    }, text


def unit_row(unit: Unit, position: int) -> tuple[Row, str]:
    """Return the ``units`` row of the unit at ``position`` in a snapshot."""
    data, text = document(unit, f"la unidad «{unit.id}»", f"unit '{unit.id}'")
    return {
        "organisation_id": unit.organisation,
        "id": unit.id,
        "position": position,
        "name": unit.name,
        "parent_id": unit.parent,
        "head_id": unit.head,
        "data": data,
    }, text


def person_row(person: Person, position: int) -> tuple[Row, str]:
    """Return the ``people`` row of the person at ``position`` in a snapshot."""
    data, text = document(person, f"la persona «{person.id}»", f"person '{person.id}'")
    return {
        "organisation_id": person.organisation,
        "id": person.id,
        "position": position,
        "name": person.name,
        "unit_id": person.unit,
        "political_office": person.political_office,
        "data": data,
    }, text


def role_row(role: RoleAssignment, position: int) -> tuple[Row, str]:
    """Return the ``role_assignments`` row of the role at ``position`` in a snapshot."""
    data, text = document(
        role, f"el rol n.º {position} ({role.person})", f"role #{position} ({role.person})"
    )
    return {
        "organisation_id": role.organisation,
        "position": position,
        "person_id": role.person,
        "role": role.role.value,
        "scope": role.scope.value,
        "target_id": role.target,
        "data": data,
    }, text


def profile_row(profile: Profile, position: int) -> tuple[Row, str]:
    """Return the ``profiles`` row of the profile at ``position`` in a snapshot."""
    data, text = document(profile, f"el perfil «{profile.id}»", f"profile '{profile.id}'")
    return {
        "organisation_id": profile.organisation,
        "id": profile.id,
        "position": position,
        "unit_id": profile.unit,
        "channel": profile.channel,
        "handle": profile.handle,
        "state": profile.state.value,
        "data": data,
    }, text


def policy_row(policy: Policy, *, current: bool) -> tuple[Row, str]:
    """Return the ``policies`` row of a policy version."""
    data, text = document(
        policy, f"la política «{policy.version}»", f"policy version '{policy.version}'"
    )
    return {
        "organisation_id": policy.organisation,
        "version": policy.version,
        "is_current": current,
        "coordinating_unit_id": policy.coordinating_unit,
        "data": data,
    }, text


def message_row(message: Message) -> tuple[Row, str]:
    """Return the ``messages`` row of a message; its instants are converted to UTC.

    The row's ``data`` is the document's text (:class:`~govsm.store.engine.Serialised`): a
    batch of imported messages serialises each document once, to compare it and to store it.
    """
    _, text = document(message, f"el mensaje «{message.id}»", f"message '{message.id}'")
    data = Serialised(text)
    return {
        "organisation_id": message.organisation,
        "id": message.id,
        "profile_id": message.profile,
        "direction": message.direction.value,
        "kind": message.kind.value,
        "state": message.state.value,
        "language": message.language,
        "text": message.text,
        "created_at": _utc(message, "created_at", message.created_at),
        "scheduled_at": _utc(message, "scheduled_at", message.scheduled_at),
        "published_at": _utc(message, "published_at", message.published_at),
        "remote_id": message.remote_id,
        "reply_to": message.reply_to,
        "idempotency_key": message.idempotency_key,
        "data": data,
    }, text


def _utc(message: Message, field: str, value: datetime | None) -> datetime | None:
    if value is None:
        return None
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise StoreError(
            f"el mensaje «{message.id}» (perfil «{message.profile}»): «{field}» = "
            f"{value.isoformat()} queda fuera del rango de fechas al pasarlo a UTC",
            f"message '{message.id}' (profile '{message.profile}'): '{field}' = "
            f"{value.isoformat()} falls outside the range of dates once converted to UTC",
            where=f"{message.organisation}/messages/{message.id}",
        ) from None


def load(data: Any, cls: type[T], where: str) -> T:
    """Rebuild a model object from a row's document, or raise :class:`StoreError` saying where."""
    if isinstance(data, str):  # a driver that gives JSON back as text
        data = json.loads(data)
    try:
        return structure(data, cls)
    except Exception as exc:
        details = describe_errors(exc)
        es = "; ".join(f"{d.path or cls.__name__}: {d.es}" for d in details) or str(exc)
        en = "; ".join(f"{d.path or cls.__name__}: {d.en}" for d in details) or str(exc)
        raise StoreError(
            f"no se puede leer la fila guardada ({es}); ¿la escribió otro programa?",
            f"the stored row cannot be read ({en}); was it written by another program?",
            where=where,
        ) from None
