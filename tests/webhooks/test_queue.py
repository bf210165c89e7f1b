"""The queue in the store (revision 0011), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from govsm.errors import StoreError
from govsm.model import Bilingual
from govsm.plugins import PluginHost
from govsm.store import Store, migrate
from govsm.store.webhook_records import DeliveryState, Outcome, StoredEvent
from govsm.webhooks.relay import WebhookRelay
from tests.store import factories as f

from .conftest import ORG, endpoint, message, profile

T = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
URLS = {"intranet": "http://10.0.0.5/hook", "portal": "https://portal.soldeneu.example/hook"}
TABLES = {"webhook_events", "webhook_deliveries", "webhook_disabled_endpoints"}


def _event(ident: str, at: datetime = T) -> StoredEvent:
    return StoredEvent(ORG, ident, "message.published", at, '{"type":"message.published"}')


def _tables(store: Store) -> set[str]:
    with store.engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names())


class TestMigration:
    def test_0011_adds_and_removes_the_tables(self, store: Store) -> None:
        """Upgrading from 0010 adds the three tables; the downgrade takes them away again."""
        store.save_snapshot(f.snapshot())
        assert _tables(store) >= TABLES
        with store.engine.begin() as connection:
            migrate.downgrade(connection, "0010")
        assert not _tables(store) & TABLES
        assert store.schema_revision() == "0010"
        store.upgrade()
        assert _tables(store) >= TABLES
        assert store.snapshot(ORG) == f.snapshot()

    def test_an_older_database_says_to_upgrade(self, store_url: str) -> None:
        """Before revision 0011 the queue answers with the store's upgrade message."""
        with Store.open(store_url, upgrade=False) as old:
            old.upgrade("0010")
            with pytest.raises(StoreError, match="upgrade"):
                old.webhooks.events(ORG)


class TestEnqueue:
    def test_an_event_is_stored_once(self, org_store: Store) -> None:
        """Queuing the same event twice adds nothing the second time."""
        assert org_store.webhooks.enqueue(ORG, _event("msg_a"), URLS) == ["intranet", "portal"]
        assert org_store.webhooks.enqueue(ORG, _event("msg_a"), URLS) == []
        assert len(org_store.webhooks.deliveries(ORG)) == 2

    def test_an_unknown_organisation_is_refused(self, store: Store) -> None:
        """Events belong to an organisation the store holds."""
        with pytest.raises(StoreError, match="ajuntament-soldeneu"):
            store.webhooks.enqueue(ORG, _event("msg_a"), URLS)

    def test_queued_in_the_callers_transaction(self, org_store: Store) -> None:
        """Fired inside Store.serialised, an event is queued with what caused it, or not at all."""
        host = PluginHost(entry_points=False)
        WebhookRelay.attach(host, lambda: org_store, ORG, [endpoint("http://10.0.0.5/hook")])
        seen: list[int] = []

        def cause_then_fail() -> None:
            with org_store.serialised(ORG):
                host.message_published(message("m-1"), profile(), "r-1")
                seen.append(len(org_store.webhooks.events(ORG)))  # inside the transaction
                raise RuntimeError("the cause failed")

        with pytest.raises(RuntimeError):
            cause_then_fail()
        assert seen == [1]
        assert org_store.webhooks.events(ORG) == []
        with org_store.serialised(ORG):
            host.message_published(message("m-1"), profile(), "r-1")
        assert len(org_store.webhooks.events(ORG)) == 1


class TestClaims:
    def test_a_held_delivery_is_not_claimed_twice(self, org_store: Store) -> None:
        """While one deliverer holds a row, another gets nothing; after the lease, it may."""
        org_store.webhooks.enqueue(ORG, _event("msg_a"), {"portal": URLS["portal"]})
        lease = timedelta(minutes=5)
        (held,) = org_store.webhooks.claim(ORG, "w1", T, endpoints=URLS, lease=lease)
        assert org_store.webhooks.claim(ORG, "w2", T, endpoints=URLS, lease=lease) == []
        later = T + lease + timedelta(seconds=1)
        (again,) = org_store.webhooks.claim(ORG, "w2", later, endpoints=URLS, lease=lease)
        assert again.event.id == held.event.id
        # the first holder lost it: its outcome is not recorded
        outcome = Outcome("msg_a", "portal", later, DeliveryState.DELIVERED, 204)
        assert not org_store.webhooks.record(ORG, "w1", outcome)
        assert org_store.webhooks.record(ORG, "w2", outcome)
        (delivery,) = org_store.webhooks.deliveries(ORG)
        assert delivery.state is DeliveryState.DELIVERED and delivery.attempts == 1

    def test_a_delivered_row_is_never_claimed_again(self, org_store: Store) -> None:
        """Delivered means done: only a replay puts it back."""
        org_store.webhooks.enqueue(ORG, _event("msg_a"), {"portal": URLS["portal"]})
        org_store.webhooks.claim(ORG, "w1", T, endpoints=URLS)
        org_store.webhooks.record(
            ORG, "w1", Outcome("msg_a", "portal", T, DeliveryState.DELIVERED, 200)
        )
        far = T + timedelta(days=30)
        assert org_store.webhooks.claim(ORG, "w1", far, endpoints=URLS) == []
        assert org_store.webhooks.replay(ORG, [("msg_a", "portal")], far) == [("msg_a", "portal")]
        (back,) = org_store.webhooks.claim(ORG, "w1", far, endpoints=URLS)
        assert back.replays == 1 and back.attempts == 0

    def test_release_counts_no_attempt(self, org_store: Store) -> None:
        """Let go without an attempt, a delivery is due again with its attempts unchanged."""
        org_store.webhooks.enqueue(ORG, _event("msg_a"), {"portal": URLS["portal"]})
        claimed = org_store.webhooks.claim(ORG, "w1", T, endpoints=URLS)
        assert org_store.webhooks.release(ORG, "w1", claimed) == 1
        (again,) = org_store.webhooks.claim(ORG, "w2", T, endpoints=URLS)
        assert again.attempts == 0

    def test_only_configured_endpoints_are_claimed(self, org_store: Store) -> None:
        """Deliveries to an endpoint govsm.toml no longer has wait; status still counts them."""
        org_store.webhooks.enqueue(ORG, _event("msg_a"), URLS)
        claimed = org_store.webhooks.claim(ORG, "w1", T, endpoints={"portal": URLS["portal"]})
        assert [d.endpoint for d in claimed] == ["portal"]
        counts = {c.endpoint: c for c in org_store.webhooks.counts(ORG, T)}
        assert counts["intranet"].pending == 1 and counts["intranet"].due == 1


class TestReplayAndExpiry:
    def test_replaying_an_unknown_event_queues_nothing(self, org_store: Store) -> None:
        """An id the queue does not hold is named, and nothing is queued."""
        org_store.webhooks.enqueue(ORG, _event("msg_a"), {"portal": URLS["portal"]})
        with pytest.raises(StoreError, match="msg_nope"):
            org_store.webhooks.replay(ORG, [("msg_a", "portal"), ("msg_nope", "portal")], T)
        (delivery,) = org_store.webhooks.deliveries(ORG)
        assert delivery.replays == 0

    def test_expiry_marks_old_pending_failed(self, org_store: Store) -> None:
        """Pending deliveries queued before the cut-off become failed, with the reason."""
        org_store.webhooks.enqueue(ORG, _event("msg_old", T), {"portal": URLS["portal"]})
        org_store.webhooks.enqueue(
            ORG, _event("msg_new", T + timedelta(hours=5)), {"portal": URLS["portal"]}
        )
        why = Bilingual(es="demasiado antiguo", en="too old")
        assert org_store.webhooks.expire(ORG, "portal", T + timedelta(hours=1), T, why) == 1
        states = {d.event.id: d.state for d in org_store.webhooks.deliveries(ORG)}
        assert states == {"msg_old": DeliveryState.FAILED, "msg_new": DeliveryState.PENDING}
