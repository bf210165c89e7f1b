"""When the organisation first answered each message: the earliest published reply to it.

Read from the ``reply_to`` column alone, without decoding a message document, so measuring
response times costs one pass over the replies' columns, not over every stored message.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from govsm.model import Direction
from govsm.model.message import MessageState
from govsm.store.schema import messages


def first_replies(connection: Connection, organisation: str) -> dict[str, datetime]:
    """For each message answered, the instant of its first published outbound reply, by id.

    A reply counts at its publication, else at its creation (see
    :meth:`govsm.store.Store.first_replies`).
    """
    said = sa.func.coalesce(messages.c.published_at, messages.c.created_at)
    query = (
        sa.select(messages.c.reply_to, sa.func.min(said))
        .where(
            messages.c.organisation_id == organisation,
            messages.c.direction == Direction.OUTBOUND.value,
            messages.c.state == MessageState.PUBLISHED.value,
            messages.c.reply_to.is_not(None),
        )
        .group_by(messages.c.reply_to)
    )
    # min() and coalesce() lose the column type: decode with the column's own type
    decode = messages.c.created_at.type.result_processor(connection.dialect, None)
    result: dict[str, datetime] = {}
    for reply_to, first in connection.execute(query):
        value = decode(first) if decode is not None else first
        if isinstance(value, datetime):
            result[reply_to] = value
    return result
