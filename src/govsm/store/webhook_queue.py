"""The webhook queue in the store (revision 0011): events, their deliveries, disabled endpoints.

:attr:`Store.webhooks <govsm.Store.webhooks>` is a :class:`WebhookQueue`. An event is
stored once with its body, and one *delivery* per endpoint that subscribes to it
(:meth:`WebhookQueue.enqueue`, one transaction). A deliverer claims due deliveries
(:meth:`WebhookQueue.claim`: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, the write lock on
SQLite), holds them for a lease while it sends them, and records each outcome
(:meth:`WebhookQueue.record`) only while it still holds the row — so two deliverers never both
record one delivery, and one that died lets its rows go when the lease ends.

A delivered row is never claimed again; only :meth:`WebhookQueue.replay` puts it back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from govsm.errors import StoreError
from govsm.ledger.chain import AuditEvent
from govsm.model import Bilingual
from govsm.store import audited_writes, reads, schema
from govsm.store.webhook_records import (
    Delivery,
    DeliveryState,
    DisabledEndpoint,
    EndpointCounts,
    Outcome,
    StoredEvent,
    bilingual,
    delivery_of,
    document,
    event_of,
)

if TYPE_CHECKING:
    from govsm.store.store import Store

_E = schema.webhook_events
_D = schema.webhook_deliveries
_X = schema.webhook_disabled_endpoints

T = TypeVar("T")

#: the audit-log action recorded when an endpoint is disabled (it answered 410 Gone)
DISABLED_ACTION = "webhook.endpoint_disabled"

#: the audit-log action recorded when a disabled endpoint is enabled again
ENABLED_ACTION = "webhook.endpoint_enabled"


def _disabled(connection: Connection, organisation: str) -> dict[str, DisabledEndpoint]:
    query = sa.select(_X).where(_X.c.organisation_id == organisation)
    found = {}
    for row in connection.execute(query).mappings():
        reason = bilingual(row["reason"]) or Bilingual(es="desactivado", en="disabled")
        found[row["endpoint_id"]] = DisabledEndpoint(
            row["endpoint_id"], row["url"], row["disabled_at"], row["status"], reason
        )
    return found


def _live(connection: Connection, organisation: str, endpoints: Mapping[str, str]) -> list[str]:
    """The endpoints among ``endpoints`` (id → URL) not disabled at that URL."""
    disabled = _disabled(connection, organisation)
    return sorted(e for e, url in endpoints.items() if e not in disabled or disabled[e].url != url)


def _events_by_id(
    connection: Connection, organisation: str, ids: Sequence[str]
) -> dict[str, StoredEvent]:
    if not ids:
        return {}
    query = sa.select(_E).where(_E.c.organisation_id == organisation, _E.c.id.in_(sorted(ids)))
    return {row["id"]: event_of(row) for row in connection.execute(query).mappings()}


def _new_delivery(organisation: str, event: str, endpoint: str, now: datetime) -> dict[str, Any]:
    return {
        "organisation_id": organisation,
        "event_id": event,
        "endpoint_id": endpoint,
        "state": DeliveryState.PENDING.value,
        "enqueued_at": now,
        "attempts": 0,
        "next_attempt_at": now,
        "replays": 0,
    }


class WebhookQueue:
    """The webhook events and deliveries of every organisation in one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _write(self, work: Callable[[Connection], T], action_es: str, action_en: str) -> T:
        self._store._require_head()  # a database not migrated yet says so, not "no table"
        return self._store._write(work, action_es, action_en)

    def _reading(self, action_es: str, action_en: str) -> AbstractContextManager[Connection]:
        self._store._require_head()
        return self._store._connection(action_es, action_en)

    # -- writing ------------------------------------------------------------------------------

    def enqueue(
        self,
        organisation: str,
        event: StoredEvent,
        endpoints: Mapping[str, str],
    ) -> list[str]:
        """Store ``event`` and a delivery to each endpoint, in one transaction.

        Inside :meth:`Store.serialised <govsm.Store.serialised>` this joins the held
        transaction, so the event is queued with what caused it, or not at all. An event
        already stored (same id) is left as it is: enqueuing is idempotent.

        :param endpoints: the endpoints that subscribe to the event, id → URL; those disabled
            at that URL get no delivery.
        :return: the endpoints it was queued for.
        :raises StoreError: the organisation is not in the store.
        """

        def work(connection: Connection) -> list[str]:
            reads.require_organisation(connection, organisation)
            if _events_by_id(connection, organisation, [event.id]):
                return []
            connection.execute(
                sa.insert(_E).values(
                    organisation_id=organisation,
                    id=event.id,
                    type=event.type,
                    created_at=event.at,
                    body=event.body,
                )
            )
            live = _live(connection, organisation, endpoints)
            if live:
                connection.execute(
                    sa.insert(_D),
                    [_new_delivery(organisation, event.id, e, event.at) for e in live],
                )
            return live

        return self._write(work, "encolar un evento de webhook", "queue a webhook event")

    def claim(
        self,
        organisation: str,
        worker: str,
        now: datetime,
        *,
        endpoints: Mapping[str, str],
        limit: int = 20,
        lease: timedelta = timedelta(minutes=5),
    ) -> list[Delivery]:
        """Hold up to ``limit`` due deliveries to ``endpoints`` for ``worker``, oldest due first.

        Due: pending, ``next_attempt_at`` reached, and held by nobody (or by a deliverer whose
        lease ended). Deliveries to an endpoint disabled at its URL are left alone.

        :param endpoints: the configured endpoints, id → URL.
        :param lease: how long the rows stay held without an outcome.
        """
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")

        def work(connection: Connection) -> list[Delivery]:
            live = _live(connection, organisation, endpoints)
            if not live:
                return []
            query = (
                sa.select(_D)
                .where(
                    _D.c.organisation_id == organisation,
                    _D.c.state == DeliveryState.PENDING.value,
                    _D.c.endpoint_id.in_(live),
                    _D.c.next_attempt_at <= now,
                    sa.or_(_D.c.claimed_until.is_(None), _D.c.claimed_until < now),
                )
                .order_by(_D.c.next_attempt_at, _D.c.enqueued_at, _D.c.event_id, _D.c.endpoint_id)
                .limit(limit)
            )
            if connection.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = connection.execute(query).mappings().all()
            for row in rows:
                connection.execute(
                    sa.update(_D)
                    .where(*_key(organisation, row["event_id"], row["endpoint_id"]))
                    .values(claimed_by=worker, claimed_until=now + lease)
                )
            events = _events_by_id(connection, organisation, [r["event_id"] for r in rows])
            return [delivery_of(row, events[row["event_id"]]) for row in rows]

        return self._write(work, "reservar envíos de webhooks", "claim webhook deliveries")

    def record(
        self,
        organisation: str,
        worker: str,
        outcome: Outcome,
        *,
        disable: DisabledEndpoint | None = None,
    ) -> bool:
        """Record an attempt's outcome, if ``worker`` still holds the delivery; release it.

        With ``disable``, the endpoint is disabled at that URL in the same transaction, and the
        audit log records it (``webhook.endpoint_disabled``).

        :return: whether it was recorded (``False``: another deliverer holds the row now, or
            it was replayed meanwhile).
        """

        def work(connection: Connection) -> bool:
            values: dict[str, Any] = {
                "attempts": _D.c.attempts + 1,
                "state": outcome.state.value,
                "last_attempt_at": outcome.at,
                "last_status": outcome.status,
                "last_error": document(outcome.error),
                "claimed_by": None,
                "claimed_until": None,
            }
            if outcome.next_attempt_at is not None:
                values["next_attempt_at"] = outcome.next_attempt_at
            if outcome.state is DeliveryState.DELIVERED:
                values["delivered_at"] = outcome.at
            updated = connection.execute(
                sa.update(_D)
                .where(*_key(organisation, outcome.event, outcome.endpoint))
                .where(_D.c.claimed_by == worker)
                .values(**values)
            ).rowcount
            if updated and disable is not None:
                _disable(connection, organisation, disable)
            return bool(updated)

        return self._write(work, "anotar un envío de webhook", "record a webhook delivery")

    def release(self, organisation: str, worker: str, deliveries: Sequence[Delivery]) -> int:
        """Let go of deliveries ``worker`` holds but did not attempt (no attempt is counted)."""

        def work(connection: Connection) -> int:
            released = 0
            for delivery in deliveries:
                released += connection.execute(
                    sa.update(_D)
                    .where(*_key(organisation, delivery.event.id, delivery.endpoint))
                    .where(_D.c.claimed_by == worker)
                    .values(claimed_by=None, claimed_until=None)
                ).rowcount
            return released

        if not deliveries:
            return 0
        return self._write(work, "liberar envíos de webhooks", "release webhook deliveries")

    def expire(
        self, organisation: str, endpoint: str, before: datetime, now: datetime, reason: Bilingual
    ) -> int:
        """Mark failed the endpoint's pending deliveries queued before ``before`` (not held).

        :return: how many were marked failed.
        """

        def work(connection: Connection) -> int:
            return int(
                connection.execute(
                    sa.update(_D)
                    .where(
                        _D.c.organisation_id == organisation,
                        _D.c.endpoint_id == endpoint,
                        _D.c.state == DeliveryState.PENDING.value,
                        _D.c.enqueued_at < before,
                        sa.or_(_D.c.claimed_until.is_(None), _D.c.claimed_until < now),
                    )
                    .values(
                        state=DeliveryState.FAILED.value,
                        last_error=document(reason),
                        claimed_by=None,
                        claimed_until=None,
                    )
                ).rowcount
            )

        return self._write(work, "dar por fallidos envíos de webhooks", "expire webhook deliveries")

    def enable(self, organisation: str, endpoint: str, actor: str, now: datetime) -> bool:
        """Enable an endpoint disabled by a 410; the audit log records who did.

        :return: whether it was disabled.
        """

        def work(connection: Connection) -> bool:
            gone = connection.execute(
                sa.delete(_X).where(
                    _X.c.organisation_id == organisation, _X.c.endpoint_id == endpoint
                )
            ).rowcount
            if gone:
                event = AuditEvent(now, actor, ENABLED_ACTION, endpoint)
                audited_writes.append(connection, organisation, [event])
            return bool(gone)

        return self._write(
            work, f"reactivar el webhook «{endpoint}»", f"enable webhook '{endpoint}'"
        )

    def replay(
        self, organisation: str, pairs: Sequence[tuple[str, str]], now: datetime
    ) -> list[tuple[str, str]]:
        """Queue events again, due now, each for the endpoint paired with it.

        A delivery already there (delivered, failed or pending) goes back to pending with no
        attempts and its age counted from now; a missing one (an endpoint added later) is
        created. The event keeps its id and body: receivers see the same ``webhook-id``.

        :param pairs: (event id, endpoint id) pairs.
        :return: the pairs queued, sorted.
        :raises StoreError: an event is not in the queue (the message lists them); nothing is
            queued then.
        """
        wanted = sorted(set(pairs))

        def work(connection: Connection) -> list[tuple[str, str]]:
            ids = sorted({event for event, _ in wanted})
            found = _events_by_id(connection, organisation, ids)
            missing = [ident for ident in ids if ident not in found]
            if missing:
                shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
                raise StoreError(
                    f"no hay eventos de webhook con estos identificadores: {shown}",
                    f"there are no webhook events with these ids: {shown}",
                )
            for ident, endpoint in wanted:
                again = connection.execute(
                    sa.update(_D)
                    .where(*_key(organisation, ident, endpoint))
                    .values(
                        state=DeliveryState.PENDING.value,
                        attempts=0,
                        enqueued_at=now,
                        next_attempt_at=now,
                        claimed_by=None,
                        claimed_until=None,
                        replays=_D.c.replays + 1,
                    )
                ).rowcount
                if not again:
                    row = _new_delivery(organisation, ident, endpoint, now)
                    connection.execute(sa.insert(_D).values(**{**row, "replays": 1}))
            return wanted

        if not wanted:
            return []
        return self._write(work, "repetir eventos de webhook", "replay webhook events")

    # -- reading ------------------------------------------------------------------------------

    def disabled(self, organisation: str) -> dict[str, DisabledEndpoint]:
        """The organisation's endpoints disabled by a 410, by id."""
        with self._reading(
            "leer los webhooks desactivados", "read the disabled webhooks"
        ) as connection:
            return _disabled(connection, organisation)

    def events(
        self,
        organisation: str,
        *,
        ids: Sequence[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        types: Sequence[str] | None = None,
    ) -> list[StoredEvent]:
        """The organisation's events, oldest first, filtered as asked (``until`` excluded)."""
        query = sa.select(_E).where(_E.c.organisation_id == organisation)
        if ids is not None:
            query = query.where(_E.c.id.in_(sorted(set(ids))))
        if since is not None:
            query = query.where(_E.c.created_at >= since)
        if until is not None:
            query = query.where(_E.c.created_at < until)
        if types is not None:
            query = query.where(_E.c.type.in_(sorted(set(types))))
        with self._reading("leer los eventos de webhook", "read the webhook events") as connection:
            rows = connection.execute(query.order_by(_E.c.created_at, _E.c.id)).mappings()
            return [event_of(row) for row in rows]

    def deliveries(
        self,
        organisation: str,
        *,
        event: str | None = None,
        endpoint: str | None = None,
        states: Sequence[DeliveryState] | None = None,
    ) -> list[Delivery]:
        """The organisation's deliveries, by event time, event and endpoint, filtered as asked."""
        query = (
            sa.select(_D, _E.c.type, _E.c.created_at, _E.c.body)
            .join(
                _E, sa.and_(_E.c.organisation_id == _D.c.organisation_id, _E.c.id == _D.c.event_id)
            )
            .where(_D.c.organisation_id == organisation)
        )
        if event is not None:
            query = query.where(_D.c.event_id == event)
        if endpoint is not None:
            query = query.where(_D.c.endpoint_id == endpoint)
        if states is not None:
            query = query.where(_D.c.state.in_([s.value for s in states]))
        query = query.order_by(_E.c.created_at, _D.c.event_id, _D.c.endpoint_id)
        with self._reading(
            "leer los envíos de webhooks", "read the webhook deliveries"
        ) as connection:
            found = []
            for row in connection.execute(query).mappings():
                stored = StoredEvent(
                    organisation, row["event_id"], row["type"], row["created_at"], row["body"]
                )
                found.append(delivery_of(row, stored))
            return found

    def counts(self, organisation: str, now: datetime) -> list[EndpointCounts]:
        """How many deliveries each endpoint with any has, by state, sorted by endpoint."""
        by_state = sa.select(
            _D.c.endpoint_id, _D.c.state, sa.func.count(), sa.func.min(_D.c.enqueued_at)
        ).where(_D.c.organisation_id == organisation)
        due = sa.select(_D.c.endpoint_id, sa.func.count()).where(
            _D.c.organisation_id == organisation,
            _D.c.state == DeliveryState.PENDING.value,
            _D.c.next_attempt_at <= now,
        )
        with self._reading(
            "contar los envíos de webhooks", "count the webhook deliveries"
        ) as connection:
            grouped = connection.execute(by_state.group_by(_D.c.endpoint_id, _D.c.state)).all()
            due_now: dict[str, int] = {
                str(ident): int(n)
                for ident, n in connection.execute(due.group_by(_D.c.endpoint_id))
            }
        figures: dict[str, dict[str, Any]] = {}
        for endpoint, state, count, oldest in grouped:
            entry = figures.setdefault(endpoint, {})
            entry[state] = int(count)
            if state == DeliveryState.PENDING.value:
                entry["oldest_pending"] = oldest
        return [
            EndpointCounts(
                endpoint=endpoint,
                pending=entry.get("pending", 0),
                due=int(due_now.get(endpoint, 0)),
                delivered=entry.get("delivered", 0),
                failed=entry.get("failed", 0),
                oldest_pending=entry.get("oldest_pending"),
            )
            for endpoint, entry in sorted(figures.items())
        ]


def _key(organisation: str, event: str, endpoint: str) -> tuple[sa.ColumnElement[bool], ...]:
    return (
        _D.c.organisation_id == organisation,
        _D.c.event_id == event,
        _D.c.endpoint_id == endpoint,
    )


def _disable(connection: Connection, organisation: str, disabled: DisabledEndpoint) -> None:
    """Disable the endpoint at its URL (replacing an earlier record) and audit it."""
    connection.execute(
        sa.delete(_X).where(
            _X.c.organisation_id == organisation, _X.c.endpoint_id == disabled.endpoint
        )
    )
    connection.execute(
        sa.insert(_X).values(
            organisation_id=organisation,
            endpoint_id=disabled.endpoint,
            url=disabled.url,
            disabled_at=disabled.at,
            status=disabled.status,
            reason=document(disabled.reason),
        )
    )
    details = {"url": disabled.url, "status": disabled.status}
    event = AuditEvent(disabled.at, "system", DISABLED_ACTION, disabled.endpoint, details)
    audited_writes.append(connection, organisation, [event])
