"""When each profile last published: one step in a covering index per profile.

The health checks ask it of every profile of an organisation; the answer costs as many index
look-ups as the organisation has profiles, whatever the number of messages.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from govsm.model import Direction
from govsm.model.message import MessageState
from govsm.store.schema import messages, profiles


def by_profile(connection: Connection, organisation: str) -> dict[str, datetime]:
    """The instant of each profile's last published outbound message, by profile id.

    Profiles that never published are absent (see :meth:`govsm.store.Store.last_published`).
    """
    # a correlated max() per profile, not a GROUP BY over every published message: SQLite
    # and PostgreSQL both answer it with one backward step in the index per profile
    # (SQLite's min/max optimisation; PostgreSQL's "Index Only Scan Backward" + LIMIT 1)
    latest = (
        sa.select(sa.func.max(messages.c.published_at))
        .where(
            messages.c.organisation_id == profiles.c.organisation_id,
            messages.c.profile_id == profiles.c.id,
            messages.c.direction == Direction.OUTBOUND.value,
            messages.c.state == MessageState.PUBLISHED.value,
        )
        .scalar_subquery()
    )
    query = sa.select(profiles.c.id, latest).where(profiles.c.organisation_id == organisation)
    # max() loses the column type: decode with the column's own type (text on SQLite)
    decode = messages.c.published_at.type.result_processor(connection.dialect, None)
    rows = connection.execute(query).all()
    result: dict[str, datetime] = {}
    for profile_id, last in rows:
        value = decode(last) if decode is not None else last
        if isinstance(value, datetime):
            result[profile_id] = value
    return result
