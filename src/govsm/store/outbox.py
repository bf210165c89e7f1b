"""The publishing outbox in the store (revision 0007): items, claims, attempts, outcomes.

:attr:`Store.outbox <govsm.store.Store.outbox>` gives an :class:`Outbox`. Every change is one
transaction, and those that the organisation's record must show (an item scheduled, published,
failed, retried, cancelled) append their audit entries and save the message in that same
transaction.

A claim is one short transaction: on PostgreSQL the due rows are selected ``FOR UPDATE SKIP
LOCKED``, so any number of workers on any number of machines claim different items without
waiting for each other; on SQLite the claim holds the database's write lock (``BEGIN
IMMEDIATE``) for the few statements it takes. An item whose worker is gone is claimed again
(:mod:`govsm.store.workers`); its attempt without an outcome is then *unconfirmed*.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from attrs import evolve, frozen
from sqlalchemy.engine import Connection

from govsm.errors import Conflict
from govsm.ledger.chain import AuditEntry, AuditEvent
from govsm.model import Attempt, Message, OutboxItem, OutboxState, Outcome
from govsm.store import audit_log, audited_writes, reads, schema
from govsm.store.outbox_rows import attempt_row, item_row, to_attempt, to_item
from govsm.store.workers import holder_alive

if TYPE_CHECKING:
    from govsm.store.store import Store

_O = schema.outbox
_A = schema.outbox_attempts
_P = schema.publishing_pauses

#: the scope of a pause on every profile
ALL_PROFILES = "*"


@frozen
class Claim:
    """An item a worker now holds.

    :param item: the item, in state ``claimed``.
    :param unconfirmed: its last attempt, when that attempt has no outcome (the previous
        worker died during it): the network must be asked before anything is sent.
    """

    item: OutboxItem
    unconfirmed: Attempt | None = None


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

    # -- claiming -----------------------------------------------------------------------------

    def claim(
        self, organisation: str, worker: str, now: datetime, *, limit: int = 1
    ) -> list[Claim]:
        """Claim up to ``limit`` due items of ``organisation`` for ``worker``.

        Due: ``scheduled`` or ``unconfirmed`` with ``next_attempt_at`` reached, or ``claimed`` by
        a worker that is gone. Items of a paused profile (or of every profile, under a pause of
        all) are left alone.
        """

        def work(connection: Connection) -> list[Claim]:
            paused = {
                row[0]
                for row in connection.execute(
                    sa.select(_P.c.scope).where(_P.c.organisation_id == organisation)
                )
            }
            if ALL_PROFILES in paused:
                return []
            base = sa.select(_O).where(_O.c.organisation_id == organisation)
            if paused:
                base = base.where(_O.c.profile_id.not_in(sorted(paused)))
            due = base.where(
                _O.c.state.in_([str(OutboxState.SCHEDULED), str(OutboxState.UNCONFIRMED)]),
                _O.c.next_attempt_at <= now,
            )
            # claimed items come back only when their worker is gone; there are at most as many
            # as there are workers, so they are looked at first
            held = base.where(_O.c.state == str(OutboxState.CLAIMED), _O.c.claimed_by != worker)
            postgres = connection.dialect.name == "postgresql"
            claims: list[Claim] = []
            for query, limited in ((held, False), (due, True)):
                query = query.order_by(_O.c.next_attempt_at, _O.c.id)
                if limited:
                    # only the rows taken are locked: other workers skip them and take the next
                    query = query.limit(limit - len(claims))
                if postgres:
                    query = query.with_for_update(skip_locked=True)
                for row in connection.execute(query).mappings().all():
                    holder = row["claimed_by"]
                    if not limited and holder is not None and holder_alive(connection, holder):
                        continue
                    claims.append(_take(connection, row, worker, now))
                    if len(claims) >= limit:
                        return claims
            return claims

        return self._store._write(
            work, f"reclamar publicaciones de «{organisation}»", f"claim posts of '{organisation}'"
        )

    def begin_attempt(self, item: OutboxItem, worker: str, now: datetime) -> Attempt:
        """Record an attempt *before* the network is called; it has no outcome yet."""
        attempt = Attempt(item.id, item.attempts + 1, worker, now)

        def work(connection: Connection) -> Attempt:
            _require_holder(connection, item, worker)
            connection.execute(sa.insert(_A).values(attempt_row(item.organisation, attempt)))
            _update(connection, item, attempts=attempt.number, updated_at=now)
            return attempt

        return self._store._write(work, "anotar un intento", "record an attempt")

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

        def work(connection: Connection) -> list[AuditEntry]:
            if attempt is not None:
                row = attempt_row(item.organisation, attempt)
                connection.execute(
                    sa.update(_A)
                    .where(
                        _A.c.organisation_id == item.organisation,
                        _A.c.item_id == item.id,
                        _A.c.number == attempt.number,
                    )
                    .values(
                        finished_at=row["finished_at"],
                        outcome=row["outcome"],
                        detail=row["detail"],
                        retry_at=row["retry_at"],
                    )
                )
            _update(connection, item, **_changes(changed))
            if not events and not messages:
                return []
            return audited_writes.record(
                connection,
                item.organisation,
                events,
                expected_head=None,
                profiles=(),
                messages=messages,
            )

        return self._store._write(work, "anotar el resultado", "record the outcome")

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
            _update(connection, before, **_changes(changed))
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
        """Pause ``scope`` (a profile id, or :data:`ALL_PROFILES`); ``False`` if it already was."""

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


def _take(connection: Connection, row: Any, worker: str, now: datetime) -> Claim:
    """Mark ``row`` claimed by ``worker``; find its attempt without an outcome, if any."""
    item = to_item(row)
    open_attempt = None
    if row["state"] in (str(OutboxState.CLAIMED), str(OutboxState.UNCONFIRMED)):
        last = (
            connection.execute(
                sa.select(_A)
                .where(_A.c.organisation_id == item.organisation, _A.c.item_id == item.id)
                .order_by(_A.c.number.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
        if last is not None and (
            last["outcome"] is None or last["outcome"] == str(Outcome.UNKNOWN)
        ):
            open_attempt = to_attempt(last)
    _update(connection, item, state=str(OutboxState.CLAIMED), claimed_by=worker, updated_at=now)
    return Claim(evolve(item, state=OutboxState.CLAIMED, claimed_by=worker), open_attempt)


def _require_holder(connection: Connection, item: OutboxItem, worker: str) -> None:
    holder = connection.execute(
        sa.select(_O.c.claimed_by, _O.c.state).where(
            _O.c.organisation_id == item.organisation, _O.c.id == item.id
        )
    ).first()
    if holder is None or holder[0] != worker or holder[1] != str(OutboxState.CLAIMED):
        raise Conflict(
            f"«{worker}» ya no tiene el elemento «{item.id}» de la cola",
            f"'{worker}' no longer holds outbox item '{item.id}'",
        )


def _changes(item: OutboxItem) -> dict[str, Any]:
    """The columns of ``item``'s row that change over its life (its keys and birth stay)."""
    values = item_row(item)
    for fixed in ("organisation_id", "id", "created_at"):
        values.pop(fixed)
    return values


def _update(connection: Connection, item: OutboxItem, **values: Any) -> None:
    connection.execute(
        sa.update(_O)
        .where(_O.c.organisation_id == item.organisation, _O.c.id == item.id)
        .values(**values)
    )
