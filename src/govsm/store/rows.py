"""Model objects to table rows and back.

A row is a dict of column values; its ``data`` column is the model object's ``unstructure``
document, and :func:`load` rebuilds the object from it with ``structure``. The other columns are
derived from the object here, and only here.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, TypeVar

import attrs

from govsm.errors import StoreError
from govsm.model import (
    Media,
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
    return data, _text(data, what_es, what_en)


def _text(data: Any, what_es: str, what_en: str) -> str:
    """The canonical text of the document ``data``, or :class:`StoreError` naming ``what``."""
    try:
        return dumps(data)
    except (ValueError, TypeError) as exc:
        raise StoreError(
            f"{what_es} no se puede guardar: contiene un valor que JSON no admite ({exc})",
            f"{what_en} cannot be stored: it holds a value JSON cannot carry ({exc})",
            where=what_en,
        ) from None


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


#: the fields of :class:`Message` :func:`message_document` was written for, in order
_MESSAGE_FIELDS = (
    "organisation",
    "id",
    "profile",
    "direction",
    "kind",
    "state",
    "text",
    "created_at",
    "language",
    "title",
    "content_warning",
    "media",
    "links",
    "reply_to",
    "remote_id",
    "idempotency_key",
    "author",
    "campaign",
    "scheduled_at",
    "published_at",
    "url",
    "reply_to_remote",
    "counted_range",
    "appended_links",
    "original_author",
)

#: the fields of :class:`Media`, in order
_MEDIA_FIELDS = (
    "kind",
    "location",
    "alt_text",
    "mime_type",
    "width",
    "height",
    "size",
    "captions",
    "shows_minors",
    "consent",
)

#: whether the model still has the fields :func:`message_document` knows (else ``unstructure``)
_DIRECT = (
    tuple(field.name for field in attrs.fields(Message)) == _MESSAGE_FIELDS
    and tuple(field.name for field in attrs.fields(Media)) == _MEDIA_FIELDS
)


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _media(media: Media) -> dict[str, Any]:
    return {
        "kind": media.kind,
        "location": media.location,
        "alt_text": media.alt_text,
        "mime_type": media.mime_type,
        "width": media.width,
        "height": media.height,
        "size": media.size,
        "captions": media.captions,
        "shows_minors": media.shows_minors,
        "consent": media.consent,
    }


def message_document(message: Message) -> dict[str, Any]:
    """The document of ``message`` the store keeps: what ``unstructure`` gives, made directly.

    Saving an archive of a million messages makes a million documents; the converter's generic
    hooks cost more than the JSON encoding itself. The document is the same (the tests compare
    the two on generated messages): every field, the fields added after the first release
    (``url``, ``reply_to_remote``, ``counted_range``, ``appended_links``, ``original_author``)
    left out while unset. A model whose fields changed takes the converter's way.
    """
    if not _DIRECT:
        data: dict[str, Any] = unstructure(message)
        return data
    data = {
        "organisation": message.organisation,
        "id": message.id,
        "profile": message.profile,
        "direction": message.direction,
        "kind": message.kind,
        "state": message.state,
        "text": message.text,
        "created_at": message.created_at.isoformat(),
        "language": message.language,
        "title": message.title,
        "content_warning": message.content_warning,
        "media": [_media(item) for item in message.media],
        "links": list(message.links),
        "reply_to": message.reply_to,
        "remote_id": message.remote_id,
        "idempotency_key": message.idempotency_key,
        "author": message.author,
        "campaign": message.campaign,
        "scheduled_at": _instant(message.scheduled_at),
        "published_at": _instant(message.published_at),
    }
    if message.url is not None:
        data["url"] = message.url
    if message.reply_to_remote is not None:
        data["reply_to_remote"] = message.reply_to_remote
    if message.counted_range is not None:
        counted = message.counted_range
        data["counted_range"] = {"start": counted.start, "end": counted.end}
    if message.appended_links != ():
        data["appended_links"] = list(message.appended_links)
    if message.original_author is not None:
        data["original_author"] = message.original_author
    return data


#: :func:`~govsm.store.engine.dumps`' encoder, made once: ``json.dumps`` makes one per call,
#: which costs a sixth of encoding a message (the tests compare the two texts)
_MESSAGE_ENCODER = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, sort_keys=True, separators=(",", ":")
)


def message_row(message: Message) -> tuple[Row, str]:
    """Return the ``messages`` row of a message; its instants are converted to UTC.

    The row's ``data`` is the document's text (:class:`~govsm.store.engine.Serialised`): a
    batch of imported messages serialises each document once, to compare it and to store it.
    """
    data = message_document(message)
    try:
        text = _MESSAGE_ENCODER.encode(data)
    except (ValueError, TypeError):  # raised again, naming the message
        text = _text(data, f"el mensaje «{message.id}»", f"message '{message.id}'")
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
        "data": Serialised(text),
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
