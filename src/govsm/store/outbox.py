"""The publishing outbox in the store (revision 0007): items, claims, attempts, outcomes.

:attr:`Store.outbox <govsm.store.Store.outbox>` gives an :class:`Outbox`. Every change is one
transaction, and those that the organisation's record must show (an item scheduled, published,
failed, retried, cancelled) append their audit entries and save the message in that same
transaction.

Claims are :mod:`govsm.store.claims`. A worker that handles several items at a time begins
their attempts together (:meth:`Outbox.begin_attempts`) and records their outcomes together
(:meth:`Outbox.settle`): one transaction each, whatever the number of items. An item whose
worker is gone is claimed again (:mod:`govsm.store.workers`); its attempt without an outcome is
then *unconfirmed*.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from govsm.errors import Conflict
from govsm.ledger.chain import AuditEntry, AuditEvent, StoredEntry
from govsm.model import Attempt, Message, OutboxItem, OutboxState, Outcome
from govsm.store import audit_log, audited_writes, reads, schema
from govsm.store.claims import Claim, claim_due
from govsm.store.outbox_rows import (
    BY_ID,
    COUNT_AND_RECORD,
    COUNT_ATTEMPTS,
    PAUSED_SINCE,
    attempt_row,
    item_row,
    to_attempt,
    to_item,
)
from govsm.store.settlements import Settlement, record_settlements, write_items

if TYPE_CHECKING:
    from govsm.store.store import Store

_O = schema.outbox
_A = schema.outbox_attempts
_P = schema.publishing_pauses


class Outbox:
    """The outbox of every organisation in one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- scheduling ---------------------------------------------------------------------------

    def enqueue(
        self,
        organisation: str,
        items: Sequence[OutboxItem],
        events: Sequence[AuditEvent],
        messages: Sequence[Message],
    ) -> list[AuditEntry]:
        """Add ``items``, save ``messages`` and append ``events``, all or nothing.

        :raises StoreError: an idempotency key or id is taken, or a message or profile is
            unknown.
        """

        def work(connection: Connection) -> list[AuditEntry]:
            entries = audited_writes.record(
                connection, organisation, events, expected_head=None, profiles=(), messages=messages
            )
            if items:
                connection.execute(sa.insert(_O), [item_row(item) for item in items])
            return entries

        return self._store._write(
            work, f"programar en «{organisation}»", f"schedule in '{organisation}'"
        )

    # -- reading ------------------------------------------------------------------------------

    def items(
        self,
        organisation: str,
        *,
        states: Sequence[OutboxState] | None = None,
        message: str | None = None,
        due_before: datetime | None = None,
    ) -> list[OutboxItem]:
        """The organisation's items, by due time (then id), filtered as asked."""
        query = sa.select(_O).where(_O.c.organisation_id == organisation)
        if states is not None:
            query = query.where(_O.c.state.in_([str(s) for s in states]))
        if message is not None:
            query = query.where(_O.c.message_id == message)
        if due_before is not None:
            query = query.where(_O.c.due_at < due_before)
        with self._store._connection(
            f"leer la cola de publicación de «{organisation}»",
            f"read the outbox of '{organisation}'",
        ) as connection:
            reads.require_organisation(connection, organisation)
            rows = connection.execute(query.order_by(_O.c.due_at, _O.c.id)).mappings()
            return [to_item(row) for row in rows]

    def item(self, organisation: str, item: str) -> OutboxItem | None:
        """One item by id, or ``None``."""
        with self._store._connection("leer un elemento de la cola", "read an outbox item") as c:
            row = c.execute(
                sa.select(_O).where(_O.c.organisation_id == organisation, _O.c.id == item)
            ).mappings()
            found = row.first()
            return None if found is None else to_item(found)

    def attempts(self, organisation: str, item: str) -> list[Attempt]:
        """Every attempt at ``item``, first to last."""
        query = (
            sa.select(_A)
            .where(_A.c.organisation_id == organisation, _A.c.item_id == item)
            .order_by(_A.c.number)
        )
        with self._store._connection("leer los intentos", "read the attempts") as connection:
            return [to_attempt(row) for row in connection.execute(query).mappings()]

    def messages(self, organisation: str, items: Sequence[OutboxItem]) -> dict[str, Message]:
        """The messages ``items`` publish, by id, in one read (a message gone is left out)."""
        with self._store._connection("leer los mensajes", "read the messages") as connection:
            return reads.messages_by_ids(connection, organisation, [i.message for i in items])

    # -- claiming -----------------------------------------------------------------------------

    def claim(
        self, organisation: str, worker: str, now: datetime, *, limit: int = 1
    ) -> list[Claim]:
        """Claim up to ``limit`` due items of ``organisation`` for ``worker``, in one transaction.

        Due: ``scheduled`` or ``unconfirmed`` with ``next_attempt_at`` reached, or ``claimed`` by
        a worker that is gone (see :func:`govsm.store.claims.claim_due`). Items of a paused
        profile (or of every profile, under a pause of all) are left alone.
        """
        return self._store._write(
            lambda connection: claim_due(connection, organisation, worker, now, limit),
            f"reclamar publicaciones de «{organisation}»",
            f"claim posts of '{organisation}'",
        )

    def claim_reading_log(
        self, organisation: str, worker: str, now: datetime, *, limit: int = 1, after: int
    ) -> tuple[list[Claim], list[StoredEntry]]:
        """:meth:`claim`, and the organisation's audit entries after ``after``, in its transaction.

        What a worker's gate needs to bring its governance record up to date
        (:meth:`govsm.publishing.gate.Gate.record`) comes with the claim: one statement more in
        the claim's transaction instead of a connection and a transaction of its own.

        :return: the claims, and the entries as stored, by sequence number.
        """

        def work(connection: Connection) -> tuple[list[Claim], list[StoredEntry]]:
            claims = claim_due(connection, organisation, worker, now, limit)
            return claims, list(audit_log.stored_entries(connection, organisation, after=after))

        return self._store._write(
            work,
            f"reclamar publicaciones de «{organisation}»",
            f"claim posts of '{organisation}'",
        )

    def begin_attempt(self, item: OutboxItem, worker: str, now: datetime) -> Attempt:
        """Record an attempt *before* the network is called; it has no outcome yet.

        :raises Conflict: ``worker`` no longer holds ``item``.
        """
        (attempt,) = self.begin_attempts([item], worker, now)
        if attempt is None:
            raise Conflict(
                f"«{worker}» ya no tiene el elemento «{item.id}» de la cola",
                f"'{worker}' no longer holds outbox item '{item.id}'",
            )
        return attempt

    def begin_attempts(
        self, items: Sequence[OutboxItem], worker: str, now: datetime
    ) -> list[Attempt | None]:
        """Record an attempt at each of ``items`` *before* the network is called.

        One transaction for all of them (on PostgreSQL one statement counts and records them);
        each attempt has no outcome yet.

        :return: the attempts, in the order of ``items``; ``None`` for an item ``worker`` no
            longer holds (nothing is recorded for it) or whose profile was paused since the
            claim (it is given back, as by :meth:`release`).
        """
        if not items:
            return []
        organisation = items[0].organisation

        def work(connection: Connection) -> list[Attempt | None]:
            values = {
                "b_org": organisation,
                "b_ids": [item.id for item in items],
                "b_worker": worker,
                "b_now": now,
            }
            # one statement counts the attempt of every item still held and not paused (on
            # PostgreSQL it records those attempts too)
            postgres = connection.dialect.name == "postgresql"
            counting = COUNT_AND_RECORD if postgres else COUNT_ATTEMPTS
            numbers = {str(i): int(n) for i, n in connection.execute(counting, values)}
            if len(numbers) < len(items):  # some no longer held, or paused: give those back
                stopped = set(connection.execute(PAUSED_SINCE, values).scalars())
                for item in items:
                    if item.id in stopped:
                        _give_back(connection, item, worker, now)
            begun: list[Attempt | None] = [
                Attempt(item.id, numbers[item.id], worker, now) if item.id in numbers else None
                for item in items
            ]
            made = [attempt for attempt in begun if attempt is not None]
            if made and not postgres:
                connection.execute(
                    sa.insert(_A), [attempt_row(organisation, attempt) for attempt in made]
                )
            return begun

        return self._store._write(work, "anotar los intentos", "record the attempts")

    def finish(
        self,
        item: OutboxItem,
        attempt: Attempt | None,
        changed: OutboxItem,
        *,
        events: Sequence[AuditEvent] = (),
        messages: Sequence[Message] = (),
    ) -> list[AuditEntry]:
        """Record an attempt's outcome and the item's new state, with ``events``, all or nothing.

        :param attempt: the attempt, with its outcome (``None``: no attempt was made — a veto
            or a blocking finding before the call, an item released).
        :param changed: the item as it is now.
        """
        at = (attempt.finished_at if attempt is not None else None) or datetime.now(UTC)
        return self.settle([Settlement(item, attempt, changed, tuple(events), tuple(messages))], at)

    def settle(self, settlements: Sequence[Settlement], now: datetime) -> list[AuditEntry]:
        """Record several outcomes in one transaction, all or nothing (see :meth:`finish`).

        The organisation's chain is locked once for all of them, as late as can be (the
        attempts and items are written first; the entries' details and the messages' rows are
        serialised before), and their events are appended in the order given. What the
        outcomes change in their messages is applied to the messages as stored then (see
        :mod:`govsm.store.outcome_messages`): a message already published keeps its first
        publication, whichever worker recorded it.

        On PostgreSQL the lock, the messages' writes and the entries' insert go to the server
        together, and the server seals the entries after the chain's head
        (:func:`govsm.store.audit_log.lock_and_append`): while the lock is held the worker is
        waited for once, and for the commit. Each message is written there only if its stored
        text is still the one the worker read; one that changed since is read again and
        written after. On SQLite one statement reads the messages and the chain's head under
        the lock, and the entries are sealed here.

        :param now: when the outcomes are recorded (the items' ``updated_at``).
        """
        if not settlements:
            return []
        return self._store._write(
            lambda connection: record_settlements(connection, settlements, now),
            "anotar el resultado",
            "record the outcome",
        )

    def release(self, items: Sequence[OutboxItem], worker: str, now: datetime) -> None:
        """Give back items ``worker`` claimed and will not try now (it is stopping, or paused).

        ``items`` are as they were claimed: an attempt begun at one of them since — recorded,
        but the network was never called — is removed. An item whose last attempt still has no
        known outcome (an earlier worker died during it) goes back ``unconfirmed``, so the
        network is asked before anything is sent; any other goes back ``scheduled``.
        """
        if not items:
            return

        def work(connection: Connection) -> None:
            for item in items:
                _give_back(connection, item, worker, now)

        self._store._write(work, "devolver elementos a la cola", "give items back to the outbox")

    def decide(
        self,
        changed: OutboxItem,
        events: Sequence[AuditEvent],
        *,
        allowed: Sequence[OutboxState],
        messages: Sequence[Message] = (),
    ) -> OutboxItem | None:
        """A person's retry or cancellation: save ``changed`` if the item is still in ``allowed``.

        :return: the item as it was, or ``None`` (nothing written) when it is no longer in
            one of the ``allowed`` states.
        """

        def work(connection: Connection) -> OutboxItem | None:
            found = (
                connection.execute(
                    sa.select(_O).where(
                        _O.c.organisation_id == changed.organisation, _O.c.id == changed.id
                    )
                )
                .mappings()
                .first()
            )
            if found is None or found["state"] not in {str(s) for s in allowed}:
                return None
            before = to_item(found)
            write_items(connection, [changed], datetime.now(UTC))
            audited_writes.record(
                connection,
                changed.organisation,
                events,
                expected_head=None,
                profiles=(),
                messages=messages,
            )
            return before

        return self._store._write(work, "cambiar un elemento de la cola", "change an outbox item")

    # -- pauses -------------------------------------------------------------------------------

    def pause(
        self, organisation: str, scope: str, reason: str, by: str, at: datetime, event: AuditEvent
    ) -> bool:
        """Pause ``scope``; ``False`` if it already was.

        :param scope: a profile id, or :data:`~govsm.store.claims.ALL_PROFILES`.
        """

        def work(connection: Connection) -> bool:
            reads.require_organisation(connection, organisation)
            exists = connection.execute(
                sa.select(_P.c.scope).where(
                    _P.c.organisation_id == organisation, _P.c.scope == scope
                )
            ).first()
            if exists is not None:
                return False
            connection.execute(
                sa.insert(_P).values(
                    organisation_id=organisation, scope=scope, reason=reason, paused_by=by, since=at
                )
            )
            audit_log.append(connection, organisation, [event])
            return True

        return self._store._write(work, "pausar la publicación", "pause publishing")

    def resume(self, organisation: str, scope: str, event: AuditEvent) -> bool:
        """Lift the pause on ``scope``; ``False`` if there was none."""

        def work(connection: Connection) -> bool:
            reads.require_organisation(connection, organisation)
            gone = connection.execute(
                sa.delete(_P).where(_P.c.organisation_id == organisation, _P.c.scope == scope)
            ).rowcount
            if not gone:
                return False
            audit_log.append(connection, organisation, [event])
            return True

        return self._store._write(work, "reanudar la publicación", "resume publishing")

    def pauses(self, organisation: str) -> list[dict[str, Any]]:
        """The pauses in force: ``scope``, ``reason``, ``paused_by``, ``since``, by scope."""
        query = sa.select(_P).where(_P.c.organisation_id == organisation).order_by(_P.c.scope)
        with self._store._connection("leer las pausas", "read the pauses") as connection:
            return [dict(row) for row in connection.execute(query).mappings()]


def _give_back(connection: Connection, item: OutboxItem, worker: str, now: datetime) -> None:
    """Give back ``item`` if ``worker`` holds it (see :meth:`Outbox.release`)."""
    org = item.organisation
    held = connection.execute(
        sa.select(_O.c.id).where(
            _O.c.organisation_id == org,
            _O.c.id == item.id,
            _O.c.claimed_by == worker,
            _O.c.state == str(OutboxState.CLAIMED),
        )
    ).first()
    if held is None:
        return
    connection.execute(
        sa.delete(_A).where(
            _A.c.organisation_id == org,
            _A.c.item_id == item.id,
            _A.c.number > item.attempts,
            _A.c.outcome.is_(None),
        )
    )
    last = connection.execute(
        sa.select(_A.c.outcome)
        .where(_A.c.organisation_id == org, _A.c.item_id == item.id)
        .order_by(_A.c.number.desc())
        .limit(1)
    ).first()
    unknown = last is not None and last[0] in (None, str(Outcome.UNKNOWN))
    state = OutboxState.UNCONFIRMED if unknown else OutboxState.SCHEDULED
    connection.execute(
        BY_ID.values(state=str(state), claimed_by=None, attempts=item.attempts, updated_at=now),
        {"b_org": org, "b_id": item.id},
    )
