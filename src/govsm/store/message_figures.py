"""The message figures of the term handover, counted by the database.

:func:`govsm.handover.build_handover` reports how many citizens' messages the organisation
holds in each state, how many arrived and how many it published in the last year, and lists
the messages still unanswered. Counting these by decoding every stored message costs as much
as the messages weigh; :class:`MessageFigures` asks the database for the counts (``GROUP BY``
on the indexed columns) and decodes only the unanswered messages it lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from attrs import frozen

from govsm.model import Direction, Message, MessageState
from govsm.store import reads, rows, schema

if TYPE_CHECKING:
    from govsm.store.store import Store

_T = schema.messages


@frozen
class Figures:
    """What the handover counts among an organisation's messages.

    :param inbound_by_state: inbound messages per state (the state's value), sorted by state.
    :param inbound_since: inbound messages created at or after the instant asked for.
    :param published_since: per profile, outbound messages published at or after that
        instant, sorted by profile.
    """

    inbound_by_state: dict[str, int]
    inbound_since: int
    published_since: dict[str, int]


class MessageFigures:
    """The handover's message figures of one store.

    :param store: the store.
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    def figures(self, organisation: str, since: datetime) -> Figures:
        """Count the organisation's messages (see :class:`Figures`) from the instant ``since``.

        :raises StoreError: the organisation is not in the store.
        """
        org = _T.c.organisation_id == organisation
        inbound = _T.c.direction == Direction.INBOUND.value
        self._store._require_head()
        with self._store._connection(
            f"contar los mensajes de «{organisation}»", f"count the messages of '{organisation}'"
        ) as connection:
            reads.require_organisation(connection, organisation)
            states = connection.execute(
                sa.select(_T.c.state, sa.func.count()).where(org, inbound).group_by(_T.c.state)
            ).all()
            recent = connection.execute(
                sa.select(sa.func.count()).where(org, inbound, _T.c.created_at >= since)
            ).scalar_one()
            published = connection.execute(
                sa.select(_T.c.profile_id, sa.func.count())
                .where(
                    org,
                    _T.c.direction != Direction.INBOUND.value,
                    _T.c.state == MessageState.PUBLISHED.value,
                    _T.c.published_at.is_not(None),
                    _T.c.published_at >= since,
                )
                .group_by(_T.c.profile_id)
            ).all()
        return Figures(
            inbound_by_state={str(s): int(n) for s, n in sorted(states, key=lambda r: str(r[0]))},
            inbound_since=int(recent),
            published_since={str(p): int(n) for p, n in sorted(published, key=lambda r: str(r[0]))},
        )

    def inbound_in_states(self, organisation: str, states: Iterable[MessageState]) -> list[Message]:
        """The organisation's inbound messages in one of ``states``, by creation and id.

        :raises StoreError: the organisation is not in the store.
        """
        query = (
            sa.select(_T.c.id, _T.c.data)
            .where(
                _T.c.organisation_id == organisation,
                _T.c.direction == Direction.INBOUND.value,
                _T.c.state.in_(sorted(state.value for state in states)),
            )
            .order_by(_T.c.created_at, _T.c.id)
        )
        self._store._require_head()
        with self._store._connection(
            f"leer los mensajes de «{organisation}»", f"read the messages of '{organisation}'"
        ) as connection:
            reads.require_organisation(connection, organisation)
            return [
                rows.load(data, Message, f"{organisation}/messages/{key}")
                for key, data in connection.execute(query)
            ]
