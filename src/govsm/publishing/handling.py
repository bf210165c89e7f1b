"""Handling claimed outbox items: the gate, the attempts, the calls, the outcomes.

A :class:`Handler` does for a :class:`~govsm.publishing.Worker` what happens to the items it
claimed (see :mod:`govsm.publishing.worker` for the steps and their transactions).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import attrs
import stamina

from govsm.ledger.chain import StoredEntry
from govsm.ledger.record import GovernanceRecord
from govsm.model import Attempt, Bilingual, Message, OutboxItem, Outcome, Profile
from govsm.plugins import PluginHost
from govsm.publishing.gate import Cleared, PublishGate, Refusal
from govsm.publishing.outcomes import Batch, Outcomes
from govsm.publishing.records import (
    deferred,
    no_adapter,
    outcome_of,
    reason_of,
    unconfirmed,
)
from govsm.publishing.retrying import RetryPolicy
from govsm.spec.adapter import Publishing
from govsm.spec.network_errors import (
    NetworkError,
    OutcomeUnknown,
    RateLimited,
    TransientError,
)
from govsm.store.claims import Claim
from govsm.workspace import Workspace
from govsm.workspace.adapters import plugin_adapter

log = logging.getLogger("govsm.publishing")

#: how far before an unconfirmed attempt a lookup by content searches
LOOKUP_MARGIN = timedelta(minutes=5)

#: an adapter factory: the adapter for a profile, or ``None`` when no plugin publishes there
AdapterFactory = Callable[[Profile], Publishing | None]


#: seconds an outcome may wait for the rest of its batch before it is recorded (a slow network
#: answers every few hundred milliseconds: its outcomes are recorded about this often)
FLUSH_AFTER = 1.0


class Handler:
    """Handles the items one worker claimed.

    :param workspace: the organisation, loaded.
    :param host: the plugin host (adapters, hooks).
    :param adapters: the adapter for a profile (default: the plugins'
        :func:`~govsm.spec.hookspecs.govsm_adapter`, with the profile's credentials resolved).
    :param policy: the waits after passing errors.
    :param gate: the publish-time gate.
    :param name: the worker's name.
    :param clock: the current instant.
    :param stopping: whether the worker was asked to stop.
    """

    def __init__(
        self,
        workspace: Workspace,
        host: PluginHost,
        adapters: AdapterFactory | None,
        policy: RetryPolicy,
        gate: PublishGate,
        name: str,
        clock: Callable[[], datetime],
        stopping: Callable[[], bool],
    ) -> None:
        self._store = workspace.store
        self._org = workspace.organisation.id
        self._host = host
        self._adapters = adapters or (lambda profile: plugin_adapter(workspace, profile))
        self._policy = policy
        self._gate = gate
        self.name = name
        self._clock = clock
        self._stopping = stopping
        self._cache: dict[str, Publishing | None] = {}
        self._profiles: dict[str, Profile] = {}
        self._out = Outcomes(self._store, self._org, host, policy, name, clock)

    @property
    def stopping(self) -> bool:
        """Whether the worker was asked to stop."""
        return self._stopping()

    def log_after(self) -> int | None:
        """Where the audit log is to be read from with the next claim, for the gate's record.

        ``None``: the gate reads its record itself (see
        :meth:`govsm.publishing.gate.Gate.read_after`).
        """
        return self._gate.read_after()

    def handle_batch(
        self, claims: Sequence[Claim], log: Sequence[StoredEntry] | None = None
    ) -> Counter[str]:
        """Handle claimed items; return how many ended in each outcome.

        The gate checks their messages together (:meth:`Gate.check_ahead
        <govsm.publishing.gate.Gate.check_ahead>`), then clears each; their attempts begin
        together; each is published; their outcomes are recorded together at the end, then the
        plugins hear of them.

        :param log: the audit entries after :meth:`log_after`, read with the claim (the gate
            brings its record up to date with them instead of reading the log).
        """
        outcomes: Counter[str] = Counter()
        messages = {c.message.id: c.message for c in claims if c.message is not None}
        documents = {
            c.message.id: c.document
            for c in claims
            if c.message is not None and c.document is not None
        }
        batch = self._out.batch = Batch(messages, documents)
        try:
            record = self._gate.record(log)
            self._gate.check_ahead(  # the rules take turns over the batch
                [
                    (c.message, c.item.variant, c.kept)
                    for c in claims
                    if c.message is not None and c.unconfirmed is None
                ],
                self._clock(),
            )
            ready: list[tuple[OutboxItem, Profile, Publishing, Cleared]] = []
            for index, claim in enumerate(claims):
                if self.stopping:
                    outcomes["released"] += self._release([c.item for c in claims[index:]])
                    break
                if claim.unconfirmed is not None:
                    outcomes[self._contained(claim)] += 1
                    continue
                try:
                    prepared = self._prepare(claim.item, record, claim)
                except Exception as error:
                    outcomes[self._recover(claim.item, error)] += 1
                    continue
                if isinstance(prepared, str):
                    outcomes[prepared] += 1
                else:
                    ready.append(prepared)
            if self.stopping and ready:
                outcomes["released"] += self._release([r[0] for r in ready])
                ready = []
            begun = self._store.outbox.begin_attempts(
                [item for item, *_ in ready], self.name, self._clock()
            )
            for index, ((item, profile, adapter, cleared), attempt) in enumerate(
                zip(ready, begun, strict=True)
            ):
                if self.stopping:
                    outcomes["released"] += self._release([r[0] for r in ready[index:]])
                    break
                if attempt is None:  # paused since the claim, or no longer this worker's
                    outcomes["released"] += 1
                    continue
                try:
                    outcomes[self._publish(item, profile, adapter, cleared, begun=attempt)] += 1
                except Exception as error:
                    outcomes[self._recover(item, error)] += 1
                if batch.settlements and time.monotonic() - batch.since >= FLUSH_AFTER:
                    self._out.flush(batch)  # a slow network: record what went out so far
        finally:
            self._out.batch = None
            self._out.flush(batch)
        return outcomes

    def _release(self, items: Sequence[OutboxItem]) -> int:
        self._store.outbox.release(items, self.name, self._clock())
        return len(items)

    def _contained(self, claim: Claim) -> str:
        """Handle ``claim``; an error of govsm's own is contained (see :meth:`_recover`)."""
        try:
            return self.handle(claim)
        except Exception as error:
            return self._recover(claim.item, error)

    def _recover(self, held: OutboxItem, error: Exception) -> str:
        """Put back an item whose handling raised ``error``, a bug of govsm's own.

        The item goes back to the queue — unconfirmed if an attempt had begun (its outcome is
        unknown), due again later otherwise — with the error as its reason, and the worker goes
        on with the next one. The error is logged with its traceback: it is a bug to report.
        """
        log.exception("%s: item %s could not be handled", self._org, held.id, exc_info=error)
        item = self._store.outbox.item(self._org, held.id) or held
        attempts = self._store.outbox.attempts(self._org, item.id)
        detail = Bilingual(
            es=f"error interno de govsm ({type(error).__name__}); consulte el registro",
            en=f"govsm internal error ({type(error).__name__}); see the log",
        )
        retry_at = self._clock() + self._policy.deferral(item.attempts + 1)
        open_attempt = attempts[-1] if attempts and attempts[-1].outcome is None else None
        if open_attempt is not None:
            self._store.outbox.finish(item, None, unconfirmed(item, detail, retry_at))
            return "unconfirmed"
        self._store.outbox.finish(item, None, deferred(item, detail, retry_at))
        return "deferred"

    def handle(self, claim: Claim) -> str:
        """Handle one claimed item on its own (see :meth:`govsm.publishing.Worker.handle`)."""
        item = claim.item
        if claim.unconfirmed is not None:  # ask the network first, whatever happens next
            message, profile = self._out.message(item), self._profile(item.profile)
            adapter = self._adapter(profile) if profile is not None else None
            if message is not None and adapter is not None:
                settled = self._settle(item, claim.unconfirmed, message, adapter)
                if settled is not None:
                    return settled
        prepared = self._prepare(item, None)
        if isinstance(prepared, str):
            return prepared
        return self._publish(*prepared)

    def _prepare(
        self, item: OutboxItem, record: GovernanceRecord | None, claim: Claim | None = None
    ) -> str | tuple[OutboxItem, Profile, Publishing, Cleared]:
        """What a claimed item without an open attempt needs to go out, or what became of it.

        :param claim: the item's claim, when the item is handled with its batch: what the
            audit's checks kept for its message, if the message is still as claimed.
        """
        message = self._out.message(item)
        profile = self._profile(item.profile)
        if message is None or profile is None:
            return self._out.vanished(item)
        adapter = self._adapter(profile)
        if adapter is None:
            return self._out.fail(item, None, message, profile, no_adapter(profile))
        kept = claim.kept if claim is not None and claim.message is message else None
        try:
            cleared = self._gate.clear(
                message, profile, self._clock(), item.variant, record=record, kept=kept
            )
        except Refusal as refusal:
            return self._out.fail(item, None, message, profile, refusal.reason)
        outcome, reply_to = self._answered(item, message, profile)
        if outcome is not None:
            return outcome
        return item, profile, adapter, attrs.evolve(cleared, reply_to=reply_to)

    def _answered(
        self, item: OutboxItem, message: Message, profile: Profile
    ) -> tuple[str | None, str | None]:
        """``(None, remote id)`` of the post ``message`` answers (``None`` when it answers none).

        When that post is gone or not out yet, ``(outcome, None)``: the item failed, or waits.
        """
        if message.reply_to is None:
            return None, None
        batch = self._out.batch
        parent = (
            batch.messages.get(message.reply_to) if batch is not None else None
        ) or self._store.message(self._org, message.reply_to)
        if parent is None:
            reason = Bilingual(
                es=f"el mensaje al que responde, «{message.reply_to}», no existe",
                en=f"the message it answers, '{message.reply_to}', does not exist",
            )
            return self._out.fail(item, None, message, profile, reason), None
        if parent.remote_id is None:  # the thread's earlier post has not gone out yet
            reason = Bilingual(
                es=f"espera a que se publique «{parent.id}», al que responde",
                en=f"waits for '{parent.id}', which it answers, to be published",
            )
            retry_at = self._clock() + self._policy.deferral(item.attempts + 1)
            self._store.outbox.finish(item, None, deferred(item, reason, retry_at))
            return "deferred", None
        return None, parent.remote_id

    def _publish(
        self,
        item: OutboxItem,
        profile: Profile,
        adapter: Publishing,
        cleared: Cleared,
        *,
        again: bool = True,
        begun: Attempt | None = None,
    ) -> str:
        """Publish, retrying passing errors in place; ``begun``: the first attempt, recorded."""
        current = item
        try:
            for retry in stamina.retry_context(
                on=self._policy.hook(lambda: self.stopping),
                attempts=self._policy.attempts_in_place,
                timeout=None,
                wait_initial=self._policy.wait_initial,
                wait_max=self._policy.wait_max,
                wait_jitter=self._policy.wait_jitter,
            ):
                with retry:
                    attempt, begun = begun, None
                    if attempt is None:
                        (attempt,) = self._store.outbox.begin_attempts(
                            [current], self.name, self._clock()
                        )
                    if attempt is None:  # paused since the claim: given back, not tried
                        return "released"
                    current = attrs.evolve(current, attempts=attempt.number)
                    try:
                        result = adapter.publish(
                            cleared.message,
                            idempotency_key=current.idempotency_key,
                            media=cleared.media,
                            reply_to=cleared.reply_to,
                        )
                    except NetworkError as error:
                        self._record_error(current, attempt, error)
                        raise
                    except Exception as error:  # an adapter's bug: the post may have left
                        # only the error's type: its text could quote the request, and a secret
                        name = type(error).__name__
                        unknown = OutcomeUnknown(
                            profile.channel,
                            f"el complemento falló ({name}): no se sabe si se publicó",
                            f"the plugin failed ({name}): whether it was published is unknown",
                        )
                        self._record_error(current, attempt, unknown)
                        raise unknown from error
                    return self._out.succeed(current, attempt, cleared.message, profile, result)
        except OutcomeUnknown:
            return self._after_unknown(current, cleared, profile, adapter, again=again)
        except (RateLimited, TransientError) as error:
            return self._out.defer(current, error, reason_of(error))
        except NetworkError as error:
            return self._out.fail(current, None, cleared.message, profile, reason_of(error))
        raise AssertionError("unreachable: stamina returns or raises")  # pragma: no cover

    def _record_error(self, item: OutboxItem, attempt: Attempt, error: NetworkError) -> None:
        """Write the outcome of a failed attempt; the item stays claimed while retried in place."""
        outcome = outcome_of(error)
        log.info("%s: attempt %d of item %s: %s", self._org, attempt.number, item.id, outcome.value)
        done = attrs.evolve(
            attempt, finished_at=self._clock(), outcome=outcome, detail=reason_of(error)
        )
        self._store.outbox.finish(item, done, item)

    def _after_unknown(
        self,
        item: OutboxItem,
        cleared: Cleared,
        profile: Profile,
        adapter: Publishing,
        *,
        again: bool,
    ) -> str:
        """The request left and no answer came: ask the network before anything else.

        A post the network does not have is sent once more in this claim; if that one's outcome
        is unknown too, the item waits, unconfirmed, for the next claim to ask again.
        """
        last = self._store.outbox.attempts(self._org, item.id)[-1]
        if not again:
            detail = last.detail or Bilingual(es="resultado desconocido", en="outcome unknown")
            retry_at = self._clock() + self._policy.deferral(item.attempts)
            self._store.outbox.finish(item, None, unconfirmed(item, detail, retry_at))
            return "unconfirmed"
        settled = self._settle(item, last, cleared.message, adapter)
        if settled is not None:
            return settled
        fresh = self._store.outbox.item(self._org, item.id) or item
        return self._publish(fresh, profile, adapter, cleared, again=False)

    def _settle(
        self, item: OutboxItem, attempt: Attempt, message: Message, adapter: Publishing
    ) -> str | None:
        """Ask the network about an unconfirmed attempt; ``None`` when the post does not exist."""
        now = self._clock()
        try:
            found = adapter.lookup(
                message,
                idempotency_key=item.idempotency_key,
                since=attempt.started_at - LOOKUP_MARGIN,
            )
        except Exception as error:  # the network cannot be asked now: never publish blindly
            detail = (
                reason_of(error)
                if isinstance(error, NetworkError)
                else Bilingual(
                    es=f"la consulta a la red falló ({type(error).__name__})",
                    en=f"asking the network failed ({type(error).__name__})",
                )
            )
            retry_at = now + self._policy.deferral(item.attempts)
            done = attrs.evolve(
                attempt, finished_at=now, outcome=Outcome.UNKNOWN, detail=detail, retry_at=retry_at
            )
            self._store.outbox.finish(item, done, unconfirmed(item, detail, retry_at))
            return "unconfirmed"
        if found is None:
            done = attrs.evolve(
                attempt,
                finished_at=now,
                outcome=Outcome.NOT_FOUND,
                detail=Bilingual(
                    es="la red no tiene la publicación: se vuelve a enviar",
                    en="the network has no such post: it is sent again",
                ),
            )
            self._store.outbox.finish(item, done, item)
            return None
        profile = self._profile(item.profile)
        assert profile is not None  # the item was handled for it a moment ago
        done = attrs.evolve(attempt, finished_at=now, outcome=Outcome.FOUND)
        return self._out.succeed(item, done, message, profile, found, settled=True)

    # -- adapters -----------------------------------------------------------------------------

    def _profile(self, profile: str) -> Profile | None:
        """A stored profile, read once per worker run (a profile unknown then is read again)."""
        if profile not in self._profiles:
            self._profiles = {p.id: p for p in self._store.profiles(self._org)}
        return self._profiles.get(profile)

    def _adapter(self, profile: Profile) -> Publishing | None:
        if profile.id not in self._cache:
            self._cache[profile.id] = self._adapters(profile)
        return self._cache[profile.id]
