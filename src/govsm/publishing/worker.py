"""The publishing worker: claim what is due, settle what is unconfirmed, publish, record.

One :class:`Worker` serves one organisation. It can run alone or beside others — processes on
one machine with SQLite, any number of machines with PostgreSQL — because every step that
matters is a transaction in the store (:mod:`govsm.store.outbox`):

1. **claim** due items (``FOR UPDATE SKIP LOCKED`` on PostgreSQL);
2. an item whose last attempt has no outcome (its worker died, or the request left and no answer
   came) is **unconfirmed**: the adapter is asked whether the post exists
   (:meth:`~govsm.spec.adapter.Adapter.lookup`) *before* anything is sent again; a found post
   is recorded as published, a lookup that fails leaves the item unconfirmed for later;
3. the **gate** (:mod:`govsm.publishing.gate`) checks it again as of now;
4. each **attempt** is recorded *before* the network is called and its outcome after; passing
   errors are retried in place and then deferred (:mod:`govsm.publishing.retrying`);
5. the outcome is written with its audit entry — ``message.published`` (remote id and
   address) or ``message.publish_failed`` (the reason) — in one transaction, and the
   plugins hear of it (``govsm_message_published``, ``govsm_message_failed``).

:meth:`Worker.stop` (the command line calls it on SIGTERM) lets the current attempt finish and
then stops.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import stamina
from attrs import define, field

from govsm.credentials import resolve
from govsm.errors import ConfigError, GovsmError
from govsm.model import Attempt, Bilingual, Message, OutboxItem, Outcome, Profile
from govsm.plugins import PluginHost
from govsm.publishing.gate import Cleared, Gate, Refusal
from govsm.publishing.records import deferred, failed, failed_item, published, unconfirmed
from govsm.publishing.retrying import RetryPolicy
from govsm.spec.adapter import Adapter, PublishResult
from govsm.spec.network_errors import (
    NetworkError,
    OutcomeUnknown,
    RateLimited,
    TransientError,
)
from govsm.store.outbox import Claim
from govsm.store.workers import Presence, worker_name
from govsm.workspace import Workspace

log = logging.getLogger("govsm.publishing")

#: how far before an unconfirmed attempt a lookup by content searches
LOOKUP_MARGIN = timedelta(minutes=5)

#: an adapter factory: the adapter for a profile, or ``None`` when no plugin publishes there
AdapterFactory = Callable[[Profile], Adapter | None]


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
    """

    def __init__(
        self,
        workspace: Workspace,
        *,
        adapters: AdapterFactory | None = None,
        policy: RetryPolicy | None = None,
        name: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._workspace = workspace
        self._store = workspace.store
        self._org = workspace.organisation.id
        self._host: PluginHost = workspace.host
        self._adapters = adapters or self._plugin_adapter
        self._policy = policy or RetryPolicy()
        self.name = name or worker_name()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._gate = Gate(workspace, self._host)
        self._stopping = threading.Event()
        self._cache: dict[str, Adapter | None] = {}
        self._presence: Presence | None = None
        self._profiles: dict[str, Profile] = {}

    # -- running ------------------------------------------------------------------------------

    def stop(self) -> None:
        """Finish the current attempt, then stop (:meth:`run` returns)."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        """Whether :meth:`stop` was called."""
        return self._stopping.is_set()

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
        """Claim and handle due items, one at a time, until none is due or ``limit`` is reached."""
        summary = RunSummary()
        entered = self._presence is None
        if entered:
            self._enter()
        try:
            while summary.handled < limit and not self.stopping:
                claims = self._store.outbox.claim(self._org, self.name, self._clock())
                if not claims:
                    break
                for claim in claims:
                    summary.outcomes[self._contained(claim)] += 1
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

    # -- one item -----------------------------------------------------------------------------

    def _contained(self, claim: Claim) -> str:
        """Handle ``claim``; an error of govsm's own does not stop the worker nor strand the item.

        The item goes back to the queue — unconfirmed if an attempt had begun (its outcome is
        unknown), due again later otherwise — with the error as its reason, and the worker goes
        on with the next one. The error is logged with its traceback: it is a bug to report.
        """
        try:
            return self.handle(claim)
        except Exception as error:
            log.exception("%s: item %s could not be handled", self._org, claim.item.id)
            item = self._store.outbox.item(self._org, claim.item.id) or claim.item
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
        """Handle one claimed item; return what became of it.

        The answer is an :class:`~govsm.model.OutboxState` value, or ``deferred``.
        """
        item = claim.item
        message = self._store.message(self._org, item.message)
        profile = self._profile(item.profile)
        if message is None or profile is None:
            reason = Bilingual(
                es=f"el mensaje «{item.message}» o el perfil «{item.profile}» ya no existe",
                en=f"message '{item.message}' or profile '{item.profile}' no longer exists",
            )
            self._store.outbox.finish(item, None, failed_item(item, reason))
            return "failed"
        adapter = self._adapter(profile)
        if adapter is None:
            return self._fail(item, None, message, profile, _no_adapter(profile))
        if claim.unconfirmed is not None:
            settled = self._settle(item, claim.unconfirmed, message, adapter)
            if settled is not None:
                return settled
        try:
            cleared = self._gate.clear(message, profile, self._clock(), item.variant)
        except Refusal as refusal:
            return self._fail(item, None, message, profile, refusal.reason)
        return self._publish(item, profile, adapter, cleared)

    def _publish(
        self,
        item: OutboxItem,
        profile: Profile,
        adapter: Adapter,
        cleared: Cleared,
        *,
        again: bool = True,
    ) -> str:
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
                    attempt = self._store.outbox.begin_attempt(current, self.name, self._clock())
                    current = attrs.evolve(current, attempts=attempt.number)
                    try:
                        result = adapter.publish(
                            cleared.message,
                            idempotency_key=current.idempotency_key,
                            media=cleared.media,
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
                    return self._succeed(current, attempt, cleared.message, profile, result)
        except OutcomeUnknown:
            return self._after_unknown(current, cleared, profile, adapter, again=again)
        except (RateLimited, TransientError) as error:
            return self._defer(current, error)
        except NetworkError as error:
            return self._fail(current, None, cleared.message, profile, _reason(error))
        raise AssertionError("unreachable: stamina returns or raises")  # pragma: no cover

    def _record_error(self, item: OutboxItem, attempt: Attempt, error: NetworkError) -> None:
        """Write the outcome of a failed attempt; the item stays claimed while retried in place."""
        outcome = _outcome_of(error)
        log.info("%s: attempt %d of item %s: %s", self._org, attempt.number, item.id, outcome.value)
        done = attrs.evolve(
            attempt, finished_at=self._clock(), outcome=outcome, detail=_reason(error)
        )
        self._store.outbox.finish(item, done, item)

    def _after_unknown(
        self, item: OutboxItem, cleared: Cleared, profile: Profile, adapter: Adapter, *, again: bool
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
        self, item: OutboxItem, attempt: Attempt, message: Message, adapter: Adapter
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
                _reason(error)
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
        return self._succeed(item, done, message, profile, found, settled=True)

    def _succeed(
        self,
        item: OutboxItem,
        attempt: Attempt,
        message: Message,
        profile: Profile,
        result: PublishResult,
        *,
        settled: bool = False,
    ) -> str:
        now = self._clock()
        done = (
            attempt
            if settled
            else attrs.evolve(attempt, finished_at=now, outcome=Outcome.PUBLISHED)
        )
        stored = self._store.message(self._org, item.message) or message
        changed, messages, event = published(item, stored, done, result, self.name)
        self._store.outbox.finish(item, done, changed, events=[event], messages=messages)
        log.info("%s: item %s published as %s", self._org, item.id, result.remote_id)
        self._host.message_published(messages[0] if messages else stored, profile, result.remote_id)
        return "published"

    def _defer(self, item: OutboxItem, error: NetworkError) -> str:
        now = self._clock()
        retry_after = error.retry_after if isinstance(error, RateLimited) else None
        when = now + self._policy.deferral(item.attempts, retry_after)
        self._store.outbox.finish(item, None, deferred(item, _reason(error), when))
        log.info("%s: item %s deferred to %s", self._org, item.id, when.isoformat())
        return "deferred"

    def _fail(
        self,
        item: OutboxItem,
        attempt: Attempt | None,
        message: Message,
        profile: Profile,
        reason: Bilingual,
    ) -> str:
        stored = self._store.message(self._org, item.message) or message
        changed, messages, event = failed(item, reason, self._clock(), stored, self.name)
        self._store.outbox.finish(item, attempt, changed, events=[event], messages=messages)
        log.warning("%s: item %s failed: %s", self._org, item.id, reason.en)
        self._host.message_failed(messages[0] if messages else stored, profile, reason)
        return "failed"

    # -- adapters -----------------------------------------------------------------------------

    def _profile(self, profile: str) -> Profile | None:
        """A stored profile, read once per worker run (a profile unknown then is read again)."""
        if profile not in self._profiles:
            self._profiles = {p.id: p for p in self._store.profiles(self._org)}
        return self._profiles.get(profile)

    def _adapter(self, profile: Profile) -> Adapter | None:
        if profile.id not in self._cache:
            self._cache[profile.id] = self._adapters(profile)
        return self._cache[profile.id]

    def _plugin_adapter(self, profile: Profile) -> Adapter | None:
        channel = self._workspace.channels().get(profile.channel)
        root = self._workspace.root
        if channel is None or profile.credential is None or root is None:
            return None
        config = self._workspace.config
        try:
            credentials = resolve(
                profile.credential, root, config.readable_folders if config else ()
            )
        except ConfigError:
            return None
        return self._host.adapter(channel, profile, credentials)


def _outcome_of(error: NetworkError) -> Outcome:
    if isinstance(error, RateLimited):
        return Outcome.RATE_LIMITED
    if isinstance(error, TransientError):
        return Outcome.TRANSIENT
    if isinstance(error, OutcomeUnknown):
        return Outcome.UNKNOWN
    return Outcome.REJECTED


def _reason(error: GovsmError) -> Bilingual:
    return Bilingual(es=error.es or "-", en=error.en or "-")


def _no_adapter(profile: Profile) -> Bilingual:
    return Bilingual(
        es=f"ningún complemento publica en «{profile.channel}» con las credenciales del perfil "
        f"«{profile.id}» (¿falta el complemento, la credencial o su secreto?)",
        en=f"no plugin publishes to '{profile.channel}' with the credentials of profile "
        f"'{profile.id}' (is the plugin, the credential or its secret missing?)",
    )
