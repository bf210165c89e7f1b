"""Reading an organisation's rows back as model objects, counts and plain dumps."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from govsm.errors import StoreError
from govsm.model import (
    Direction,
    Message,
    Organisation,
    OrganisationSnapshot,
    Person,
    Policy,
    Profile,
    RoleAssignment,
    Unit,
)
from govsm.store import rows, schema

#: rows fetched at a time when streaming messages
STREAM_CHUNK = 500


def require_organisation(connection: Connection, organisation: str) -> Organisation:
    """Return the stored organisation, or raise :class:`StoreError` with a did-you-mean."""
    table = schema.organisations
    data = connection.execute(sa.select(table.c.data).where(table.c.id == organisation)).scalar()
    if data is not None:
        return rows.load(data, Organisation, f"organisations/{organisation}")
    known = list(connection.execute(sa.select(table.c.id).order_by(table.c.id)).scalars())
    close = difflib.get_close_matches(str(organisation), known, n=1)
    hint_es = f" ¿Quería decir «{close[0]}»?" if close else ""
    hint_en = f" Did you mean '{close[0]}'?" if close else ""
    raise StoreError(
        f"la organización «{organisation}» no está en el almacén "
        f"({len(known)} organizaciones guardadas).{hint_es}",
        f"organisation '{organisation}' is not in the store "
        f"({len(known)} organisations stored).{hint_en}",
        where=f"organisations/{organisation}",
    )


def organisations(connection: Connection) -> list[Organisation]:
    """Every stored organisation, by id."""
    table = schema.organisations
    return [
        rows.load(data, Organisation, f"organisations/{key}")
        for key, data in connection.execute(
            sa.select(table.c.id, table.c.data).order_by(table.c.id)
        )
    ]


def _load_all(
    connection: Connection,
    table: sa.Table,
    cls: type[Any],
    organisation: str,
    order: Sequence[str] = ("position", "id"),
) -> list[Any]:
    key = table.c["id" if "id" in table.c else "position"]
    query = (
        sa.select(key, table.c.data)
        .where(table.c.organisation_id == organisation)
        .order_by(*(table.c[name] for name in order))
    )
    return [
        rows.load(data, cls, f"{organisation}/{table.name}/{value}")
        for value, data in connection.execute(query)
    ]


def profiles(connection: Connection, organisation: str) -> list[Profile]:
    """Return an organisation's profiles, by id."""
    return _load_all(connection, schema.profiles, Profile, organisation, order=("id",))


def snapshot(connection: Connection, organisation: str) -> OrganisationSnapshot:
    """Return an organisation's snapshot as stored (see :meth:`govsm.store.Store.snapshot`)."""
    org = require_organisation(connection, organisation)
    table = schema.policies
    policy_data = connection.execute(
        sa.select(table.c.version, table.c.data).where(
            table.c.organisation_id == organisation, table.c.is_current
        )
    ).first()
    policy = (
        rows.load(policy_data[1], Policy, f"{organisation}/policies/{policy_data[0]}")
        if policy_data is not None
        else None
    )
    return OrganisationSnapshot(
        organisation=org,
        units=tuple(_load_all(connection, schema.units, Unit, organisation)),
        people=tuple(_load_all(connection, schema.people, Person, organisation)),
        roles=tuple(
            _load_all(
                connection, schema.role_assignments, RoleAssignment, organisation, ("position",)
            )
        ),
        profiles=tuple(_load_all(connection, schema.profiles, Profile, organisation)),
        policy=policy,
    )


def _message_filter(
    organisation: str, profile: str | None, direction: Direction | None
) -> list[sa.ColumnElement[bool]]:
    table = schema.messages
    conditions = [table.c.organisation_id == organisation]
    if profile is not None:
        conditions.append(table.c.profile_id == profile)
    if direction is not None:
        conditions.append(table.c.direction == Direction(direction).value)
    return conditions


def stream_messages(
    connection: Connection,
    organisation: str,
    profile: str | None,
    direction: Direction | None,
    id_prefix: str | None = None,
) -> Iterator[Message]:
    """Yield messages ordered by ``created_at`` then ``id``, fetching a chunk at a time.

    :param id_prefix: only those whose id starts with it (``LIKE``, with ``_`` escaped; ids are
        lower-case, so SQLite's ``LIKE``, which ignores the case of ASCII letters, is exact).
    """
    table = schema.messages
    conditions = _message_filter(organisation, profile, direction)
    if id_prefix is not None:
        conditions.append(table.c.id.startswith(id_prefix, autoescape=True))
    query = sa.select(table.c.id, table.c.data).where(*conditions)
    query = query.order_by(table.c.created_at, table.c.id)
    # closing the result closes the server-side cursor, also when the caller stops early
    with connection.execution_options(yield_per=STREAM_CHUNK).execute(query) as result:
        for key, data in result:
            yield rows.load(data, Message, f"{organisation}/messages/{key}")


def count_messages(
    connection: Connection,
    organisation: str,
    profile: str | None,
    direction: Direction | None,
) -> int:
    """How many messages match."""
    query = (
        sa.select(sa.func.count())
        .select_from(schema.messages)
        .where(*_message_filter(organisation, profile, direction))
    )
    return int(connection.execute(query).scalar_one())


def profile_counts(connection: Connection, organisation: str) -> list[tuple[str, str, int]]:
    """``(channel, state, n)`` for an organisation's profiles, sorted."""
    table = schema.profiles
    query = (
        sa.select(table.c.channel, table.c.state, sa.func.count())
        .where(table.c.organisation_id == organisation)
        .group_by(table.c.channel, table.c.state)
    )
    return sorted((str(c), str(s), int(n)) for c, s, n in connection.execute(query))


def message_counts(connection: Connection, organisation: str) -> list[tuple[str, str, str, int]]:
    """``(profile, direction, state, n)`` for an organisation's messages, sorted."""
    table = schema.messages
    query = (
        sa.select(table.c.profile_id, table.c.direction, table.c.state, sa.func.count())
        .where(table.c.organisation_id == organisation)
        .group_by(table.c.profile_id, table.c.direction, table.c.state)
    )
    return sorted((str(p), str(d), str(s), int(n)) for p, d, s, n in connection.execute(query))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def dump(connection: Connection, organisation: str | None) -> dict[str, list[dict[str, Any]]]:
    """Every row of every govsm table as plain data, sorted by primary key."""
    if organisation is not None:
        require_organisation(connection, organisation)
    out: dict[str, list[dict[str, Any]]] = {}
    for table in sorted(schema.metadata.tables.values(), key=lambda t: t.name):
        query = sa.select(table)
        if organisation is not None:
            if "organisation_id" in table.c:
                query = query.where(table.c.organisation_id == organisation)
            elif table is schema.organisations:
                query = query.where(table.c.id == organisation)
            else:
                continue  # facts about the database, not about one organisation
        keys = [column.name for column in table.primary_key.columns]
        found = [
            {name: _plain(value) for name, value in row.items()}
            for row in connection.execute(query).mappings()
        ]
        out[table.name] = sorted(found, key=lambda row: tuple(row[k] for k in keys))
    return out


def message_by_id(connection: Connection, organisation: str, message: str) -> Message | None:
    """One message by id, or ``None``."""
    table = schema.messages
    data = connection.execute(
        sa.select(table.c.data).where(
            table.c.organisation_id == organisation, table.c.id == message
        )
    ).scalar()
    return None if data is None else rows.load(data, Message, f"{organisation}/messages/{message}")


def messages_by_ids(
    connection: Connection, organisation: str, messages: Sequence[str]
) -> dict[str, Message]:
    """The stored messages among ``messages`` (ids), by id, in one query."""
    table = schema.messages
    if not messages:
        return {}
    found = connection.execute(
        sa.select(table.c.id, table.c.data).where(
            table.c.organisation_id == organisation, table.c.id.in_(sorted(set(messages)))
        )
    )
    return {
        ident: rows.load(data, Message, f"{organisation}/messages/{ident}") for ident, data in found
    }
