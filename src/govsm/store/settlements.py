"""Outcomes recorded in one transaction: attempts, items, messages and audit entries.

:meth:`Outbox.settle <govsm.store.outbox.Outbox.settle>` records the outcomes of a worker's
batch with :func:`record_settlements`: the attempts' outcomes and the items' new states, then
what the outcomes change in their messages and the audit entries they write, the organisation's
chain locked once for all of them, as late as can be.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from attrs import frozen
from sqlalchemy.engine import Connection

from govsm.ledger.chain import AuditEntry, AuditEvent, chain
from govsm.model import Attempt, Message, OutboxItem
from govsm.store import audit_log, schema
from govsm.store.outbox_rows import BY_ID, CHANGING, attempt_outcome, item_changes
from govsm.store.outcome_messages import (
    Base,
    expected_rows,
    if_as_read,
    outcome_messages,
    stored_and_head,
    write_messages,
)

_A = schema.outbox_attempts


@frozen
class Settlement:
    """An outcome to record with :meth:`Outbox.settle <govsm.store.outbox.Outbox.settle>`.

    :param item: the item as the worker held it.
    :param attempt: the attempt, with its outcome (``None``: no attempt was made).
    :param changed: the item as it is now.
    :param events: the audit entries the outcome writes.
    :param messages: the messages it changes.
    :param bases: for each of ``messages``, the copy it was computed from, when known (see
        :class:`~govsm.store.outcome_messages.Base`).
    """

    item: OutboxItem
    attempt: Attempt | None
    changed: OutboxItem
    events: tuple[AuditEvent, ...] = ()
    messages: tuple[Message, ...] = ()
    bases: tuple[Base | None, ...] = ()


def record_settlements(
    connection: Connection, settlements: Sequence[Settlement], now: datetime
) -> list[AuditEntry]:
    """Record ``settlements`` in the transaction of ``connection`` (see ``Outbox.settle``).

    :return: the audit entries appended, in the order the settlements' events were given.
    """
    if not settlements:
        return []
    organisation = settlements[0].item.organisation
    finished = [s.attempt for s in settlements if s.attempt is not None]
    if finished:
        connection.execute(
            sa.update(_A)
            .where(
                _A.c.organisation_id == sa.bindparam("b_org"),
                _A.c.item_id == sa.bindparam("b_item"),
                _A.c.number == sa.bindparam("b_number"),
            )
            .values(
                finished_at=sa.bindparam("b_finished_at"),
                outcome=sa.bindparam("b_outcome"),
                detail=sa.bindparam("b_detail"),
                retry_at=sa.bindparam("b_retry_at"),
            ),
            [attempt_outcome(organisation, attempt) for attempt in finished],
        )
    write_items(connection, [s.changed for s in settlements], now)
    events = [event for s in settlements for event in s.events]
    messages = [message for s in settlements for message in s.messages]
    bases = [
        s.bases[n] if n < len(s.bases) else None
        for s in settlements
        for n in range(len(s.messages))
    ]
    if not events and not messages:
        return []
    # serialised before the lock: the entries' details, and the messages' rows as
    # they are written when the store still holds the copies the worker read
    details = audit_log.details_texts(events)
    ready = expected_rows(messages, bases)
    # the items' organisation exists (their rows point at it): the chain is locked
    # once, and two workers' outcomes for one message are applied one after the
    # other, each to the message the other left
    if audit_log.pipelined(connection):
        # one round trip: the lock; each expected message written if still as read;
        # the entries sealed after the head and inserted
        entries, written = audit_log.lock_and_append(
            connection, organisation, events, details, first=if_as_read(ready)
        )
        done = {str(row[0]) for row in written}
        left = [
            (message, base)
            for message, base in zip(messages, bases, strict=True)
            if message.id not in done
        ]
        if left:  # changed since read, or gone: applied to the message as stored
            changed = outcome_messages(
                connection, organisation, [m for m, _ in left], [b for _, b in left]
            )
            write_messages(connection, changed)
        return entries
    audit_log.lock_chain(connection, organisation)
    # the messages as stored and the chain's head, read in one statement under the lock
    texts, head = stored_and_head(connection, organisation, [m.id for m in messages])
    # read from the store a moment ago, with their profiles unchanged: known
    changed = outcome_messages(connection, organisation, messages, bases, texts=texts)
    write_messages(connection, changed, ready)
    entries = chain(organisation, events, after=head, texts=details)
    audit_log.insert(connection, entries, details)
    return entries


def write_items(connection: Connection, items: Sequence[OutboxItem], now: datetime) -> None:
    """Write every changing column of ``items`` (one statement, many rows)."""
    connection.execute(
        BY_ID.values({name: sa.bindparam(f"b_{name}") for name in CHANGING}),
        [item_changes(item, now) for item in items],
    )
