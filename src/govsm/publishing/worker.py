"""The publishing worker: claim what is due, settle what is unconfirmed, publish, record.

One :class:`Worker` serves one organisation. It can run alone or beside others — processes on
one machine with SQLite, any number of machines with PostgreSQL — because every step that
matters is a transaction in the store (:mod:`govsm.store.outbox`):

1. **claim** due items, a batch at a time (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), about a
   second's work each (:func:`next_claim`);
2. an item whose last attempt has no outcome (its worker died, or the request left and no answer
   came) is **unconfirmed**: the adapter is asked whether the post exists
   (:meth:`~govsm.spec.adapter.Adapter.lookup`) *before* anything is sent again; a found post
   is recorded as published, a lookup that fails leaves the item unconfirmed for later;
3. the **gate** (:mod:`govsm.publishing.gate`) checks it again as of now;
4. each **attempt** is recorded *before* the network is called and its outcome after; passing
   errors are retried in place and then deferred (:mod:`govsm.publishing.retrying`);
5. the outcome is written with its audit entry — ``message.published`` (remote id and
   address) or ``message.publish_failed`` (the reason) — and the plugins hear of it
   (``govsm_message_published``, ``govsm_message_failed``). The message takes the outcome as
   it is stored then: one already published keeps its first publication, whichever worker
   published another of its items (:mod:`govsm.store.outcome_messages`).

A batch costs three transactions whatever its size, so a worker claims as many items as it
sends in about :data:`CLAIM_SECONDS`, judged by its last batch: dozens to a fast network, whose
items then cost few transactions each, and a few to a slow one, whose items are then not held
long out of other workers' reach. The three are the claim (with the items' messages, and the
audit entries appended since the gate last read the log, which bring its governance record
up to date); the attempts of every item the gate cleared, begun together (a paused profile's
items are given back there, so a pause also stops what was already claimed); and the outcomes,
recorded together with their audit entries once the batch's calls are done. A worker killed
between a call and that last transaction leaves attempts without an outcome: unconfirmed,
settled by asking the network (step 2), never sent again blindly.

:meth:`Worker.stop` (the command line calls it on SIGTERM) lets the current attempt finish,
records the outcomes, gives back the items of the batch not yet tried, and stops.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

from attrs import define, field

from govsm.ledger.chain import StoredEntry
from govsm.plugins import PluginHost
from govsm.publishing.gate import Gate, PublishGate
from govsm.publishing.handling import AdapterFactory, Handler
from govsm.publishing.retrying import RetryPolicy
from govsm.store.claims import Claim
from govsm.store.workers import Presence, worker_name
from govsm.workspace import Workspace

#: the most due items a worker claims at a time
BATCH = 64

#: about how many seconds of work a claim takes (see :func:`next_claim`)
CLAIM_SECONDS = 1.0

#: a worker's first claim, before it knows how fast its items go
FIRST_CLAIM = 8


def next_claim(claimed: int, seconds: float, most: int, within: float = CLAIM_SECONDS) -> int:
    """How many items to claim next, after a batch of ``claimed`` items took ``seconds``.

    As many as that pace handles in ``within`` seconds, but at most twice the last batch (one
    quick batch is not yet a fast network) and at most ``most``; at least one.

    :param claimed: the items of the last batch (at least one).
    :param seconds: how long claiming and handling them took.
    :param most: the worker's ``batch``.
    :param within: the seconds of work a claim should hold.
    """
    grown = min(most, 2 * claimed)
    if seconds * grown <= within * claimed:  # that many fit (or no time was seen at all)
        return max(1, grown)
    return max(1, min(grown, int(within * claimed / seconds)))


@define
class RunSummary:
    """What one :meth:`Worker.run_once` did: how many items ended in each outcome."""

    outcomes: Counter[str] = field(factory=Counter)

    @property
    def handled(self) -> int:
        """How many claimed items were handled."""
        return sum(self.outcomes.values())


class Worker:
    """Publishes one organisation's due items.

    :param workspace: the organisation, loaded (its store holds the outbox).
    :param adapters: the adapter for a profile (default: the plugins'
        :func:`~govsm.spec.hookspecs.govsm_adapter`, with the profile's credentials resolved).
    :param policy: the waits after passing errors.
    :param name: the worker's name (default: host, process and a nonce).
    :param clock: the current instant (for tests).
    :param batch: the most due items claimed at a time (1: one at a time, each outcome
        recorded before the next item is claimed). A worker claims :data:`FIRST_CLAIM` items
        first (or ``batch``, if fewer), then as many as it handled in ``claim_seconds`` in its
        last batch (:func:`next_claim`).
    :param gate: the publish-time gate (default: :class:`~govsm.publishing.gate.Gate` of the
        workspace; any :class:`~govsm.publishing.gate.PublishGate`).
    :param claim_seconds: about how many seconds of work a claim holds.
    """

    def __init__(
        self,
        workspace: Workspace,
        *,
        adapters: AdapterFactory | None = None,
        policy: RetryPolicy | None = None,
        name: str | None = None,
        clock: Callable[[], datetime] | None = None,
        batch: int = BATCH,
        gate: PublishGate | None = None,
        claim_seconds: float = CLAIM_SECONDS,
    ) -> None:
        if batch < 1:
            raise ValueError("batch must be at least 1")
        if not claim_seconds > 0:
            raise ValueError("claim_seconds must be more than 0")
        self._store = workspace.store
        self._org = workspace.organisation.id
        host: PluginHost = workspace.host
        self.name = name or worker_name()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._stopping = threading.Event()
        self._presence: Presence | None = None
        self._batch_size = batch
        self._claim_seconds = claim_seconds
        self._claim_size = min(batch, FIRST_CLAIM)
        self._handler = Handler(
            workspace,
            host,
            adapters,
            policy or RetryPolicy(),
            gate or Gate(workspace, host),
            self.name,
            self._clock,
            self._stopping.is_set,
        )

    # -- running ------------------------------------------------------------------------------

    def stop(self) -> None:
        """Finish the current attempt, then stop (:meth:`run` returns)."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        """Whether :meth:`stop` was called."""
        return self._stopping.is_set()

    @property
    def claim_size(self) -> int:
        """How many items the next claim takes at most (see :func:`next_claim`)."""
        return self._claim_size

    def run(self, *, poll: float = 5.0, until_idle: bool = False) -> RunSummary:
        """Publish due items until :meth:`stop` (or, with ``until_idle``, until none is due).

        :param poll: seconds between looks when nothing is due.
        """
        total = RunSummary()
        self._enter()
        try:
            while not self.stopping:
                done = self.run_once()
                total.outcomes.update(done.outcomes)
                if done.handled == 0:
                    if until_idle:
                        break
                    self._stopping.wait(poll)
        finally:
            self._leave()
        return total

    def run_once(self, *, limit: int = 100) -> RunSummary:
        """Claim and handle due items until none is due or ``limit`` is reached.

        Items are claimed a batch at a time (:attr:`claim_size`, at most ``limit``).
        """
        summary = RunSummary()
        entered = self._presence is None
        if entered:
            self._enter()
        try:
            while summary.handled < limit and not self.stopping:
                size = min(self._claim_size, limit - summary.handled)
                began = time.monotonic()
                after = self._handler.log_after()
                log: list[StoredEntry] | None = None
                if after is None:
                    claims = self._store.outbox.claim(
                        self._org, self.name, self._clock(), limit=size
                    )
                else:  # and what the gate's record needs, in the claim's transaction
                    claims, log = self._store.outbox.claim_reading_log(
                        self._org, self.name, self._clock(), limit=size, after=after
                    )
                if not claims:
                    break
                summary.outcomes.update(self._handler.handle_batch(claims, log))
                self._claim_size = next_claim(
                    len(claims), time.monotonic() - began, self._batch_size, self._claim_seconds
                )
        finally:
            if entered:
                self._leave()
        return summary

    def _enter(self) -> None:
        self._presence = Presence(self._store.engine, self.name)

    def _leave(self) -> None:
        if self._presence is not None:
            presence, self._presence = self._presence, None
            presence.close()

    def handle(self, claim: Claim) -> str:
        """Handle one claimed item on its own, its outcome recorded at once.

        :return: an :class:`~govsm.model.OutboxState` value, ``deferred``, or ``released``
            (given back: its profile was paused since the claim).
        """
        return self._handler.handle(claim)
