"""Delivery from the queue to a real receiver: down then back, 410, timeouts, redirects, back-off."""

from __future__ import annotations

import json
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from standardwebhooks import Webhook

from govsm.model import Bilingual, LifecycleState
from govsm.plugins import PluginHost
from govsm.store import Store
from govsm.store.webhook_records import DeliveryState
from govsm.webhooks.delivery import Deliverer
from govsm.webhooks.endpoints import WebhookEndpoint
from govsm.webhooks.relay import WebhookRelay
from govsm.webhooks.replaying import replay
from govsm.webhooks.retrying import RetrySchedule
from govsm.webhooks.secrets import workspace_reader

from .conftest import ORG, endpoint, message, profile
from .receiver import Receiver

#: no waiting between attempts: a receiver back is tried at once
AT_ONCE = RetrySchedule(initial=0, jitter=False)


def _host(store: Store, endpoints: list[WebhookEndpoint], clock: object = None) -> PluginHost:
    host = PluginHost(entry_points=False)
    relay = WebhookRelay.attach(host, lambda: store, ORG, endpoints)
    if clock is not None:
        relay._clock = clock  # type: ignore[assignment]
    return host


def _fire_each_kind(host: PluginHost) -> None:
    """One event of each type govsm fires, two publications."""
    host.message_published(message("m-1"), profile(), "r-1")
    host.message_published(message("m-2", "Segon missatge: «plaça» i ñ"), profile(), "r-2")
    host.message_failed(message("m-3"), profile(), Bilingual(es="rechazado", en="refused"))
    host.profile_status_changed(
        profile(), LifecycleState.ACTIVE, LifecycleState.DORMANT, "marta-soler", "sin uso"
    )
    host.inbound_received(message("m-4"), profile())
    host.sla_breached(message("m-4"), profile(), 24.0, 30.5)


def _deliverer(store: Store, endpoints: list[WebhookEndpoint], **options: object) -> Deliverer:
    return Deliverer(store, ORG, endpoints, workspace_reader(Path.cwd()), **options)  # type: ignore[arg-type]


class TestDownThenBack:
    def test_every_event_arrives_once_by_id(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """A receiver down for three passes gets every event once it is back, each id once."""
        target = endpoint(receiver.url)
        host = _host(org_store, [target])
        receiver.stop()  # the port is closed: connections are refused
        _fire_each_kind(host)
        queued = [e.id for e in org_store.webhooks.events(ORG)]
        assert len(queued) == 6
        deliverer = _deliverer(org_store, [target], schedule=AT_ONCE)
        for _ in range(3):
            report = deliverer.run()
            # the first refusal marks the receiver down: the rest wait without an attempt
            assert report.delivered == 0 and len(report.attempts) == 1 and report.released == 5
        states = {d.state for d in org_store.webhooks.deliveries(ORG)}
        assert states == {DeliveryState.PENDING}
        receiver.start()
        report = deliverer.run()
        assert report.delivered == 6
        assert Counter(receiver.ids) == Counter(dict.fromkeys(queued, 1))
        for got in receiver.requests:
            document = Webhook(secret).verify(got.body, got.headers)
            assert document["type"] in {
                "message.published",
                "message.failed",
                "profile.status_changed",
                "inbound.received",
                "sla.breached",
            }
            assert got.headers["content-type"] == "application/json"
        again = deliverer.run()
        assert again.attempts == () and len(receiver.requests) == 6

    def test_the_body_is_the_stored_one_byte_for_byte(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """What arrives is exactly the stored body, UTF-8, the event's own type and data."""
        target = endpoint(receiver.url)
        host = _host(org_store, [target])
        host.message_published(
            message("m-9", "Festa major: «castells» a la plaça 🎉"), profile(), "r-9"
        )
        (event,) = org_store.webhooks.events(ORG)
        _deliverer(org_store, [target]).run()
        (got,) = receiver.requests
        assert got.body == event.body.encode("utf-8")
        data = json.loads(got.body)["data"]
        assert data["message"]["text"] == "Festa major: «castells» a la plaça 🎉"
        assert data["remote_id"] == "r-9" and data["organisation"] == ORG
        assert "contact_email" not in data["profile"] and "credential" not in data["profile"]


class TestGone:
    def test_410_disables_the_endpoint(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """A 410 disables the endpoint: recorded, audited, reported; nothing more is sent."""
        target = endpoint(receiver.url)
        host = _host(org_store, [target])
        _fire_each_kind(host)
        receiver.status = 410
        report = _deliverer(org_store, [target], schedule=AT_ONCE).run()
        assert report.disabled == ("intranet",)
        assert len(receiver.requests) == 1 and report.released == 5
        (disabled,) = org_store.webhooks.disabled(ORG).values()
        assert disabled.status == 410 and disabled.url == target.shown_url
        log = org_store.audit_entries(ORG)
        assert log[-1].action == "webhook.endpoint_disabled" and log[-1].subject == "intranet"
        assert _deliverer(org_store, [target]).run().attempts == ()
        # new events are not queued for an endpoint that said it is gone
        host.message_published(message("m-5"), profile(), "r-5")
        assert org_store.webhooks.deliveries(ORG, event=org_store.webhooks.events(ORG)[-1].id) == []
        assert len(receiver.requests) == 1

    def test_enabling_sends_what_waited(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """Enabled again (recorded with who did it), the waiting events go out once each."""
        target = endpoint(receiver.url)
        _fire_each_kind(_host(org_store, [target]))
        receiver.status = 410
        _deliverer(org_store, [target], schedule=AT_ONCE).run()
        receiver.status = 204
        assert org_store.webhooks.enable(ORG, "intranet", "marta-soler", datetime.now(UTC))
        assert org_store.audit_entries(ORG)[-1].actor == "marta-soler"
        report = _deliverer(org_store, [target], schedule=AT_ONCE).run()
        assert report.delivered == 6
        assert sorted(Counter(receiver.ids).values()) == [1, 1, 1, 1, 1, 2]  # the 410'd one, twice

    def test_a_new_url_is_a_new_endpoint(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """Disabled at one URL, the endpoint works again once govsm.toml gives it another."""
        target = endpoint(receiver.url)
        _fire_each_kind(_host(org_store, [target]))
        receiver.status = 410
        _deliverer(org_store, [target], schedule=AT_ONCE).run()
        receiver.status = 204
        moved = endpoint(receiver.url.replace("/hook", "/hook-v2"))
        assert _deliverer(org_store, [moved], schedule=AT_ONCE).run().delivered == 6


class TestFailures:
    def test_a_slow_receiver_times_out(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """A receiver slower than the timeout: the attempt fails, is retried later, nothing hangs."""
        target = endpoint(receiver.url, timeout_seconds=0.3)
        _host(org_store, [target]).message_published(message("m-1"), profile(), "r-1")
        receiver.hold = threading.Event()
        report = _deliverer(org_store, [target]).run()
        (attempt,) = report.attempts
        assert attempt.state is DeliveryState.PENDING and attempt.answer.status is None
        assert attempt.answer.error is not None and "0.3 s" in attempt.answer.error.en
        (delivery,) = org_store.webhooks.deliveries(ORG)
        assert delivery.attempts == 1 and delivery.next_attempt_at > delivery.last_attempt_at  # type: ignore[operator]

    def test_redirects_are_not_followed(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """A 302 is a failed attempt: the Location is never requested."""
        target = endpoint(receiver.url)
        _host(org_store, [target]).message_published(message("m-1"), profile(), "r-1")
        receiver.status = 302
        receiver.headers = {"location": f"http://127.0.0.1:{receiver.port}/elsewhere"}
        (attempt,) = _deliverer(org_store, [target]).run().attempts
        assert [r.path for r in receiver.requests] == ["/hook"]
        assert attempt.answer.status == 302 and attempt.state is DeliveryState.PENDING
        assert attempt.answer.error is not None and "redirect" in attempt.answer.error.en

    def test_an_event_refused_does_not_hold_up_the_others(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """A 400 for one event is retried later; the endpoint's other events still go out."""
        target = endpoint(receiver.url)
        host = _host(org_store, [target])
        host.message_published(message("m-1"), profile(), "r-1")
        host.message_published(message("m-2"), profile(), "r-2")
        first = org_store.webhooks.events(ORG)[0].id
        receiver.responder = lambda got: (400 if got.webhook_id == first else 204, {})
        report = _deliverer(org_store, [target]).run()
        assert report.delivered == 1 and len(report.attempts) == 2

    def test_a_pass_tries_each_delivery_once(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """Due again at once after a refusal, a delivery still waits for the next pass."""
        target = endpoint(receiver.url)
        _host(org_store, [target]).message_published(message("m-1"), profile(), "r-1")
        receiver.status = 400
        report = _deliverer(org_store, [target], schedule=AT_ONCE).run()
        assert len(report.attempts) == 1 and len(receiver.requests) == 1


class TestBackoff:
    T = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)

    def test_waits_grow_and_survive_a_restart(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """Each failure doubles the wait (with jitter); a new deliverer honours the stored time."""
        now = [self.T]
        target = endpoint(receiver.url)
        _host(org_store, [target], clock=lambda: now[0]).message_published(
            message("m-1"), profile(), "r-1"
        )
        receiver.status = 503
        schedule = RetrySchedule(initial=30, maximum=3600, draw=lambda: 0.999)
        first = _deliverer(org_store, [target], schedule=schedule, clock=lambda: now[0])
        assert len(first.run().attempts) == 1
        (delivery,) = org_store.webhooks.deliveries(ORG)
        wait = delivery.next_attempt_at - self.T
        assert timedelta(seconds=29) < wait <= timedelta(seconds=30)
        restarted = _deliverer(org_store, [target], schedule=schedule, clock=lambda: now[0])
        assert restarted.run().attempts == ()  # not due yet
        now[0] = self.T + timedelta(seconds=31)
        assert len(restarted.run().attempts) == 1
        (delivery,) = org_store.webhooks.deliveries(ORG)
        assert delivery.attempts == 2
        assert timedelta(seconds=59) < delivery.next_attempt_at - now[0] <= timedelta(seconds=60)

    def test_retry_after_is_honoured(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """A 429 with Retry-After: 600 waits at least ten minutes."""
        target = endpoint(receiver.url)
        _host(org_store, [target], clock=lambda: self.T).message_published(
            message("m-1"), profile(), "r-1"
        )
        receiver.status, receiver.headers = 429, {"retry-after": "600"}
        _deliverer(org_store, [target], clock=lambda: self.T).run()
        (delivery,) = org_store.webhooks.deliveries(ORG)
        assert delivery.next_attempt_at - self.T >= timedelta(seconds=600)

    def test_too_old_is_given_up_without_an_attempt(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """Past max_age_hours a pending delivery is marked failed; nothing is sent."""
        target = endpoint(receiver.url, max_age_hours=2)
        _host(org_store, [target], clock=lambda: self.T).message_published(
            message("m-1"), profile(), "r-1"
        )
        late = self.T + timedelta(hours=2, minutes=1)
        report = _deliverer(org_store, [target], clock=lambda: late).run()
        assert report.expired == 1 and report.given_up == 1 and report.attempts == ()
        (delivery,) = org_store.webhooks.deliveries(ORG)
        assert delivery.state is DeliveryState.FAILED and receiver.requests == []
        assert delivery.last_error is not None and "2 h" in delivery.last_error.en

    def test_a_failure_near_the_deadline_gives_up(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """When the next wait would pass the maximum age, the failed attempt is the last."""
        target = endpoint(receiver.url, max_age_hours=1)
        _host(org_store, [target], clock=lambda: self.T).message_published(
            message("m-1"), profile(), "r-1"
        )
        receiver.status = 500
        near = self.T + timedelta(minutes=59, seconds=50)
        (attempt,) = _deliverer(org_store, [target], clock=lambda: near).run().attempts
        assert attempt.state is DeliveryState.FAILED


class TestReplay:
    def test_replay_sends_the_same_id_and_body(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """Replayed, a delivered event arrives again under its original webhook-id."""
        target = endpoint(receiver.url)
        _host(org_store, [target]).message_published(message("m-1"), profile(), "r-1")
        _deliverer(org_store, [target]).run()
        (first,) = receiver.requests
        queued = replay(org_store, ORG, [target], datetime.now(UTC), ids=[first.webhook_id])
        assert queued == [(first.webhook_id, "intranet")]
        _deliverer(org_store, [target]).run()
        second = receiver.requests[1]
        assert second.webhook_id == first.webhook_id and second.body == first.body
        Webhook(secret).verify(second.body, second.headers)
        (delivery,) = org_store.webhooks.deliveries(ORG)
        assert delivery.replays == 1 and delivery.state is DeliveryState.DELIVERED

    def test_replay_failed_only(self, org_store: Store, receiver: Receiver, secret: str) -> None:
        """--failed queues the given-up deliveries again, and only them."""
        t0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
        target = endpoint(receiver.url, max_age_hours=1)
        host = _host(org_store, [target], clock=lambda: t0)
        host.message_published(message("m-1"), profile(), "r-1")
        (given_up,) = org_store.webhooks.events(ORG)
        _deliverer(org_store, [target], clock=lambda: t0 + timedelta(hours=2)).run()  # expires it
        host.message_published(message("m-2"), profile(), "r-2")
        now = datetime.now(UTC)
        queued = replay(org_store, ORG, [target], now, failed=True)
        assert queued == [(given_up.id, "intranet")]

    def test_replay_needs_a_choice(self, org_store: Store) -> None:
        """Nothing chosen is an error, so the whole history is never resent by mistake."""
        from govsm.errors import ConfigError

        with pytest.raises(ConfigError, match="--since"):
            replay(
                org_store, ORG, [endpoint("https://portal.soldeneu.example/h")], datetime.now(UTC)
            )


class TestConcurrentDeliverers:
    def test_two_deliverers_send_each_event_once(
        self, org_store: Store, receiver: Receiver, secret: str
    ) -> None:
        """Two deliverers on one queue (threads; SKIP LOCKED on PostgreSQL) never share an event."""
        target = endpoint(receiver.url)
        host = _host(org_store, [target])
        for n in range(20):
            host.message_published(message(f"m-{n}"), profile(), f"r-{n}")
        reports = []

        def work(name: str) -> None:
            reports.append(_deliverer(org_store, [target], worker=name, batch=1).run())

        threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert sum(r.delivered for r in reports) == 20
        assert Counter(receiver.ids) == Counter({e.id: 1 for e in org_store.webhooks.events(ORG)})
