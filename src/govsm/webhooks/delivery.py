"""Delivering what is due: claim from the queue, send signed, record each outcome.

:meth:`Deliverer.run` is one pass over an organisation's queue, what ``govsm webhooks
deliver`` runs (from cron, a systemd timer, or a loop of the embedding application):

1. deliveries older than their endpoint's ``max_age_hours`` are marked failed;
2. each endpoint's secrets are read (an endpoint whose secrets do not resolve is skipped and
   reported; its events wait);
3. due deliveries are claimed a batch at a time (other deliverers, on other machines too, take
   other rows), each sent (:mod:`govsm.webhooks.sending`) and its outcome recorded at once.

A receiver that is down — refusing connections, timing out, answering 5xx or 429 — gets no more
requests in that pass: its other events are let go without an attempt, and all of them are sent
on a later pass once it is back, each under its own ``webhook-id``. A delivered event is never
sent again (except by :mod:`govsm.webhooks.replaying`). A receiver that answers 410 Gone is
disabled, which the store and the audit log record.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from attrs import define, field, frozen

from govsm.errors import GovsmError
from govsm.model import Bilingual
from govsm.store.webhook_records import Delivery, DeliveryState, DisabledEndpoint, Outcome
from govsm.webhooks.endpoints import WebhookEndpoint
from govsm.webhooks.retrying import RetrySchedule
from govsm.webhooks.secrets import SecretReader, endpoint_secrets
from govsm.webhooks.sending import Answer, Sender, Verdict
from govsm.webhooks.signing import WebhookSecret

if TYPE_CHECKING:
    from govsm.store import Store

log = logging.getLogger(__name__)

#: how many deliveries are claimed at a time
BATCH = 20


@frozen
class EndpointProblem:
    """An endpoint nothing was sent to in a pass, and why.

    :param endpoint: the endpoint's id.
    :param problem: why, in Spanish and English (never quoting a secret).
    """

    endpoint: str
    problem: Bilingual


@frozen
class Attempted:
    """One attempt of a pass.

    :param event: the ``webhook-id``.
    :param endpoint: the endpoint's id.
    :param state: the delivery's state after it.
    :param answer: what the request came to.
    """

    event: str
    endpoint: str
    state: DeliveryState
    answer: Answer


@frozen
class DeliveryReport:
    """What one pass did.

    :param attempts: every attempt, in order.
    :param expired: deliveries marked failed for being older than their endpoint's maximum age
        before any attempt in this pass.
    :param released: deliveries let go without an attempt (their endpoint failed in this pass).
    :param disabled: endpoints disabled in this pass (they answered 410 Gone).
    :param problems: endpoints skipped in this pass, and why.
    """

    attempts: tuple[Attempted, ...] = ()
    expired: int = 0
    released: int = 0
    disabled: tuple[str, ...] = ()
    problems: tuple[EndpointProblem, ...] = ()

    def count(self, state: DeliveryState) -> int:
        """How many attempts left their delivery in ``state``."""
        return sum(1 for attempt in self.attempts if attempt.state is state)

    @property
    def delivered(self) -> int:
        """How many deliveries the endpoints accepted (2xx)."""
        return self.count(DeliveryState.DELIVERED)

    @property
    def given_up(self) -> int:
        """How many deliveries were marked failed: expired, or failing past their maximum age."""
        return self.expired + self.count(DeliveryState.FAILED)


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _now() -> datetime:
    return datetime.now(UTC)


@define
class _Pass:
    """What a pass keeps while it runs."""

    attempts: list[Attempted] = field(factory=list)
    tried: set[tuple[str, str]] = field(factory=set)
    down: set[str] = field(factory=set)
    disabled: list[str] = field(factory=list)
    released: int = 0


class Deliverer:
    """Delivers one organisation's webhooks from the store's queue.

    :param store: the store holding the queue.
    :param organisation: the organisation's id.
    :param endpoints: the workspace's ``[[webhooks]]``.
    :param secrets: reads a secret reference (see :mod:`govsm.webhooks.secrets`).
    :param schedule: the waits between attempts.
    :param sender: sends the requests (its clients are closed at the end of each pass).
    :param clock: the current instant (aware).
    :param worker: this deliverer's name in the queue (default: host, process and a nonce).
    :param batch: how many deliveries are claimed at a time.
    """

    def __init__(
        self,
        store: Store,
        organisation: str,
        endpoints: Sequence[WebhookEndpoint],
        secrets: SecretReader,
        *,
        schedule: RetrySchedule | None = None,
        sender: Sender | None = None,
        clock: Callable[[], datetime] = _now,
        worker: str | None = None,
        batch: int = BATCH,
    ) -> None:
        self._store = store
        self._organisation = organisation
        self._endpoints = {endpoint.id: endpoint for endpoint in endpoints}
        self._read = secrets
        self._schedule = schedule or RetrySchedule()
        self._sender = sender or Sender()
        self._clock = clock
        self.worker = worker or _worker_name()
        self._batch = batch

    def run(self, limit: int | None = None) -> DeliveryReport:
        """One pass: expire, then send what is due, up to ``limit`` attempts (``None``: all)."""
        queue = self._store.webhooks
        now = self._clock()
        expired = 0
        for endpoint in self._endpoints.values():
            expired += queue.expire(
                self._organisation,
                endpoint.id,
                now - timedelta(hours=endpoint.max_age_hours),
                now,
                Bilingual(
                    es=f"sin entregar tras {endpoint.max_age_hours} h: se abandona",
                    en=f"not delivered after {endpoint.max_age_hours} h: given up",
                ),
            )
        keys, problems = self._secrets()
        state = _Pass()
        try:
            while limit is None or len(state.attempts) < limit:
                usable = {
                    e.id: e.shown_url
                    for e in self._endpoints.values()
                    if e.id in keys and e.id not in state.down
                }
                if not usable:
                    break
                room = (
                    self._batch if limit is None else min(self._batch, limit - len(state.attempts))
                )
                claimed = queue.claim(
                    self._organisation,
                    self.worker,
                    self._clock(),
                    endpoints=usable,
                    limit=room,
                    lease=self._lease(room),
                )
                if not claimed or not self._handle(claimed, keys, state):
                    break
        finally:
            self._sender.close()
        return DeliveryReport(
            attempts=tuple(state.attempts),
            expired=expired,
            released=state.released,
            disabled=tuple(state.disabled),
            problems=problems,
        )

    def _lease(self, count: int) -> timedelta:
        """Long enough to send ``count`` deliveries at the slowest endpoint's timeout."""
        slowest = max((e.timeout_seconds for e in self._endpoints.values()), default=10.0)
        return timedelta(seconds=count * (4 * slowest + 1) + 60)

    def _secrets(
        self,
    ) -> tuple[dict[str, tuple[WebhookSecret, ...]], tuple[EndpointProblem, ...]]:
        keys: dict[str, tuple[WebhookSecret, ...]] = {}
        problems: list[EndpointProblem] = []
        for endpoint in self._endpoints.values():
            try:
                keys[endpoint.id] = endpoint_secrets(endpoint, self._read)
            except GovsmError as exc:
                where = f"{exc.where}: " if exc.where else ""
                problems.append(
                    EndpointProblem(
                        endpoint.id, Bilingual(es=f"{where}{exc.es}", en=f"{where}{exc.en}")
                    )
                )
                log.warning("webhook %s: its secrets do not resolve: %s", endpoint.id, exc.en)
        return keys, tuple(problems)

    def _handle(
        self,
        claimed: Sequence[Delivery],
        keys: dict[str, tuple[WebhookSecret, ...]],
        state: _Pass,
    ) -> int:
        """Send what was claimed; return how many attempts were made.

        A delivery already tried in this pass (due again at once) is let go, not sent twice.
        """
        waiting: list[Delivery] = []
        made = 0
        for delivery in claimed:
            endpoint = self._endpoints[delivery.endpoint]
            key = (delivery.event.id, endpoint.id)
            if endpoint.id in state.down or key in state.tried:
                waiting.append(delivery)
                continue
            state.tried.add(key)
            made += 1
            at = self._clock()
            answer = self._sender.send(
                endpoint,
                keys[endpoint.id],
                delivery.event.id,
                delivery.event.body.encode("utf-8"),
                int(at.timestamp()),
            )
            outcome, disable = self._outcome(delivery, endpoint, answer, at)
            recorded = self._store.webhooks.record(
                self._organisation, self.worker, outcome, disable=disable
            )
            log.info(
                "webhook %s -> %s: %s (status %s)%s",
                delivery.event.id,
                endpoint.id,
                outcome.state.value,
                answer.status,
                "" if recorded else " (not recorded: no longer held)",
            )
            state.attempts.append(Attempted(delivery.event.id, endpoint.id, outcome.state, answer))
            if answer.verdict in (Verdict.UNREACHABLE, Verdict.GONE):
                state.down.add(endpoint.id)
            if disable is not None and recorded:
                state.disabled.append(endpoint.id)
        state.released += self._store.webhooks.release(self._organisation, self.worker, waiting)
        return made

    def _outcome(
        self, delivery: Delivery, endpoint: WebhookEndpoint, answer: Answer, at: datetime
    ) -> tuple[Outcome, DisabledEndpoint | None]:
        key = (delivery.event.id, endpoint.id)
        if answer.verdict is Verdict.DELIVERED:
            return Outcome(*key, at, DeliveryState.DELIVERED, answer.status), None
        if answer.verdict is Verdict.GONE:
            reason = answer.error or Bilingual(es="410 Gone", en="410 Gone")
            gone = DisabledEndpoint(endpoint.id, endpoint.shown_url, at, answer.status, reason)
            return Outcome(*key, at, DeliveryState.PENDING, answer.status, answer.error), gone
        wait = self._schedule.wait(delivery.attempts + 1)
        if answer.retry_after is not None:
            wait = max(wait, timedelta(seconds=answer.retry_after))
        deadline = delivery.enqueued_at + timedelta(hours=endpoint.max_age_hours)
        if at + wait > deadline:
            error = answer.error or Bilingual(es="falló", en="failed")
            tries = delivery.attempts + 1
            given_up = Bilingual(
                es=f"{error.es}; se abandona tras {tries} intentos en {endpoint.max_age_hours} h",
                en=f"{error.en}; given up after {tries} attempts in {endpoint.max_age_hours} h",
            )
            return Outcome(*key, at, DeliveryState.FAILED, answer.status, given_up), None
        outcome = Outcome(*key, at, DeliveryState.PENDING, answer.status, answer.error, at + wait)
        return outcome, None
