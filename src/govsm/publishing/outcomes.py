"""Recording what became of claimed items: published, failed, deferred, gone.

The :class:`~govsm.publishing.handling.Handler` decides what happens to an item; an
:class:`Outcomes` writes it down. An outcome made while a batch is handled waits in the
:class:`Batch` and is recorded with the batch's others, in one transaction (see
:mod:`govsm.publishing.worker`); one made outside a batch is recorded at once. The plugins hear
of an outcome (``govsm_message_published``, ``govsm_message_failed``) once it is recorded.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

import attrs
from attrs import define, field

from govsm.model import Attempt, Bilingual, Message, OutboxItem, Outcome, Profile
from govsm.plugins import PluginHost
from govsm.publishing.records import deferred, failed, failed_item, published
from govsm.publishing.retrying import RetryPolicy
from govsm.spec.adapter import PublishResult
from govsm.spec.network_errors import NetworkError, RateLimited
from govsm.store import Store
from govsm.store.outcome_messages import Base
from govsm.store.settlements import Settlement

log = logging.getLogger("govsm.publishing")


@define
class Batch:
    """What one batch has to record: outcomes, the plugins' events, the messages as changed.

    :param messages: the batch's messages, by id: as claimed, then as its outcomes change them.
    :param documents: the stored text each message was read from, by id, while the message is
        still as claimed (the store need not read it again to record an outcome).
    """

    messages: dict[str, Message]
    documents: dict[str, str] = field(factory=dict)
    settlements: list[Settlement] = field(factory=list)
    events: list[Callable[[], object]] = field(factory=list)
    #: when the oldest outcome not yet recorded was made (``time.monotonic``)
    since: float = field(factory=time.monotonic)


class Outcomes:
    """Records the outcomes of one worker's items.

    :param store: the store that holds the outbox.
    :param organisation: the organisation's id.
    :param host: the plugin host (its events).
    :param policy: the waits after passing errors.
    :param name: the worker's name.
    :param clock: the current instant.
    """

    def __init__(
        self,
        store: Store,
        organisation: str,
        host: PluginHost,
        policy: RetryPolicy,
        name: str,
        clock: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._org = organisation
        self._host = host
        self._policy = policy
        self._name = name
        self._clock = clock
        #: the batch being handled, if any: outcomes wait in it
        self.batch: Batch | None = None

    def message(self, item: OutboxItem) -> Message | None:
        """The item's message as this worker knows it: read with the batch, changed by it."""
        batch = self.batch
        if batch is not None and item.message in batch.messages:
            return batch.messages[item.message]
        return self._store.message(self._org, item.message)

    def flush(self, batch: Batch) -> None:
        """Record the batch's outcomes so far in one transaction; then the plugins hear."""
        settlements, events = batch.settlements, batch.events
        batch.settlements, batch.events = [], []
        batch.since = time.monotonic()
        self._store.outbox.settle(settlements, self._clock())
        for event in events:
            event()

    def record(self, settlement: Settlement, event: Callable[[], object]) -> None:
        """Record an outcome, at once or with the batch's; then let the plugins hear of it."""
        batch = self.batch
        if batch is None:
            self._store.outbox.settle([settlement], self._clock())
            event()
            return
        batch.settlements.append(settlement)
        batch.events.append(event)
        for message in settlement.messages:
            batch.messages[message.id] = message
            batch.documents.pop(message.id, None)  # no longer the copy read

    def succeed(
        self,
        item: OutboxItem,
        attempt: Attempt,
        message: Message,
        profile: Profile,
        result: PublishResult,
        *,
        settled: bool = False,
    ) -> str:
        """Record ``item`` published as ``result`` says (``settled``: found by a lookup)."""
        now = self._clock()
        done = (
            attempt
            if settled
            else attrs.evolve(attempt, finished_at=now, outcome=Outcome.PUBLISHED)
        )
        stored = self.message(item) or message
        changed, messages, event = published(item, stored, done, result, self._name)
        now_known = messages[0] if messages else stored
        self.record(
            Settlement(item, done, changed, (event,), tuple(messages), self._bases(stored)),
            lambda: self._host.message_published(now_known, profile, result.remote_id),
        )
        log.info("%s: item %s published as %s", self._org, item.id, result.remote_id)
        return "published"

    def fail(
        self,
        item: OutboxItem,
        attempt: Attempt | None,
        message: Message,
        profile: Profile,
        reason: Bilingual,
    ) -> str:
        """Record ``item`` failed with ``reason``; the plugins hear of it."""
        stored = self.message(item) or message
        changed, messages, event = failed(item, reason, self._clock(), stored, self._name)
        now_known = messages[0] if messages else stored
        self.record(
            Settlement(item, attempt, changed, (event,), tuple(messages), self._bases(stored)),
            lambda: self._host.message_failed(now_known, profile, reason),
        )
        log.warning("%s: item %s failed: %s", self._org, item.id, reason.en)
        return "failed"

    def _bases(self, stored: Message) -> tuple[Base | None]:
        """The copy ``stored`` was read as, when it is still the batch's copy as claimed."""
        batch = self.batch
        text = batch.documents.get(stored.id) if batch is not None else None
        if batch is None or text is None or batch.messages.get(stored.id) is not stored:
            return (None,)
        return (Base(text, stored),)

    def defer(self, item: OutboxItem, error: NetworkError, reason: Bilingual) -> str:
        """Put ``item`` back in the queue after a passing ``error``, due again after a wait."""
        now = self._clock()
        retry_after = error.retry_after if isinstance(error, RateLimited) else None
        when = now + self._policy.deferral(item.attempts, retry_after)
        self._store.outbox.finish(item, None, deferred(item, reason, when))
        log.info("%s: item %s deferred to %s", self._org, item.id, when.isoformat())
        return "deferred"

    def vanished(self, item: OutboxItem) -> str:
        """Fail ``item``, whose message or profile no longer exists."""
        reason = Bilingual(
            es=f"el mensaje «{item.message}» o el perfil «{item.profile}» ya no existe",
            en=f"message '{item.message}' or profile '{item.profile}' no longer exists",
        )
        self._store.outbox.finish(item, None, failed_item(item, reason))
        return "failed"
