"""A recording sink: a network that keeps every delivery in a database, and counts duplicates.

It is the network of the publishing tests and of the crash harness, and adapter authors can use
it to test what they build around the outbox. Deliveries are rows keyed by the idempotency key,
in a SQLite file or a PostgreSQL database that every worker process shares; a second delivery
with the same key is *not* hidden: it is counted in :meth:`RecordingSink.duplicates` (and
answered with the first post, as a network with native idempotency would).

Faults are injected by a :class:`Faults` plan, drawn per call: rate limits with a
``Retry-After``, transient errors (5xx) before anything is delivered, and timeouts *after* the
delivery was recorded — the case that duplicates posts when a tool retries blindly.

>>> import tempfile, pathlib
>>> from datetime import UTC, datetime
>>> from govsm.model import Direction, Message, MessageKind, MessageState
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> sink = RecordingSink(f"sqlite:///{folder}/sink.db")
>>> post = Message(organisation="o", id="m1", profile="p", direction=Direction.OUTBOUND,
...                kind=MessageKind.POST, state=MessageState.SCHEDULED, text="Hola",
...                created_at=datetime(2027, 1, 8, tzinfo=UTC))
>>> adapter = sink.adapter("p")
>>> adapter.publish(post, idempotency_key="k1").remote_id
'sink-1'
>>> adapter.publish(post, idempotency_key="k1").remote_id
'sink-1'
>>> sink.count(), sink.duplicates()
(1, 1)
"""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
from attrs import frozen

from govsm.model import Message
from govsm.spec.adapter import PublishResult, UploadMedia
from govsm.spec.network_errors import OutcomeUnknown, RateLimited, TransientError

_TABLES = (
    "CREATE TABLE IF NOT EXISTS sink_deliveries (n {serial}, idempotency_key TEXT UNIQUE "
    "NOT NULL, profile TEXT NOT NULL, message TEXT NOT NULL, text TEXT NOT NULL, "
    "media INTEGER NOT NULL, at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sink_duplicates (idempotency_key TEXT NOT NULL, at TEXT NOT NULL)",
)


@frozen
class Faults:
    """How often the sink fails, per call (probabilities from 0 to 1).

    :param rate_limited: answer 429 with ``retry_after`` (nothing delivered).
    :param transient: answer 5xx (nothing delivered).
    :param timeout_after_send: deliver, then raise
        :class:`~govsm.spec.network_errors.OutcomeUnknown` (the answer is lost).
    :param lookup_fails: a lookup raises :class:`~govsm.spec.network_errors.TransientError`.
    :param retry_after: the ``Retry-After`` of a rate limit, in seconds.
    :param seed: the random seed (``None``: a new one each time).
    """

    rate_limited: float = 0.0
    transient: float = 0.0
    timeout_after_send: float = 0.0
    lookup_fails: float = 0.0
    retry_after: float = 0.05
    seed: int | None = None


class RecordingSink:
    """Deliveries kept in the database at ``url`` (``sqlite:///path`` or ``postgresql://…``).

    :param url: where the deliveries are kept; created if missing.
    :param faults: the faults to inject (default: none).
    :param network: the channel id the errors name.
    """

    def __init__(self, url: str, *, faults: Faults | None = None, network: str = "sink") -> None:
        self.url = url
        self.faults = faults or Faults()
        self.network = network
        self._random = random.Random(self.faults.seed)  # fault injection, not secrets
        self._lock = threading.Lock()
        self._postgres = url.startswith("postgresql")
        with self._connect() as connection:
            for statement in _TABLES:
                serial = "BIGSERIAL PRIMARY KEY" if self._postgres else "INTEGER PRIMARY KEY"
                connection.execute(statement.format(serial=serial))

    @contextmanager
    def _connect(self) -> Iterator[Any]:
        """A connection in a transaction, committed and closed at the end of the block."""
        if self._postgres:
            url = self.url.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(url) as connection:
                yield connection
            return
        lite = sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=60)
        try:
            lite.execute("PRAGMA journal_mode=WAL")
            lite.execute("BEGIN IMMEDIATE")
            yield lite
            lite.commit()
        finally:
            lite.close()

    def _sql(self, text: str) -> str:
        return text.replace("?", "%s") if self._postgres else text

    def adapter(self, profile: str) -> SinkAdapter:
        """An adapter publishing to the sink as ``profile``."""
        return SinkAdapter(self, profile)

    def count(self) -> int:
        """How many different posts were delivered."""
        return int(self._one("SELECT count(*) FROM sink_deliveries"))

    def duplicates(self) -> int:
        """How many deliveries repeated an idempotency key already delivered (should be 0)."""
        return int(self._one("SELECT count(*) FROM sink_duplicates"))

    def delivered(self) -> list[tuple[str, str, str]]:
        """``(idempotency key, profile, text)`` of every post, in delivery order."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT idempotency_key, profile, text FROM sink_deliveries ORDER BY n"
            ).fetchall()
        return [(str(k), str(p), str(t)) for k, p, t in rows]

    def _one(self, query: str, *args: Any) -> Any:
        with self._connect() as connection:
            return connection.execute(self._sql(query), args).fetchone()[0]

    def _draw(self, chance: float) -> bool:
        with self._lock:
            return chance > 0 and self._random.random() < chance

    def _deliver(self, key: str, profile: str, message: Message, media: int) -> int:
        at = datetime.now(UTC).isoformat()
        with self._connect() as connection:
            found = connection.execute(
                self._sql("SELECT n FROM sink_deliveries WHERE idempotency_key = ?"), (key,)
            ).fetchone()
            if found is not None:
                connection.execute(
                    self._sql("INSERT INTO sink_duplicates (idempotency_key, at) VALUES (?, ?)"),
                    (key, at),
                )
                return int(found[0])
            inserted = connection.execute(
                self._sql(
                    "INSERT INTO sink_deliveries (idempotency_key, profile, message, text, media, "
                    "at) VALUES (?, ?, ?, ?, ?, ?) RETURNING n"
                ),
                (key, profile, message.id, message.text, media, at),
            ).fetchone()
            return int(inserted[0])

    def _find(self, key: str) -> tuple[int, str] | None:
        with self._connect() as connection:
            row = connection.execute(
                self._sql("SELECT n, at FROM sink_deliveries WHERE idempotency_key = ?"), (key,)
            ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))


class SinkAdapter:
    """The :class:`~govsm.spec.adapter.Adapter` of one profile on a :class:`RecordingSink`."""

    def __init__(self, sink: RecordingSink, profile: str) -> None:
        self._sink = sink
        self._profile = profile

    def __repr__(self) -> str:
        """``SinkAdapter('profile')``."""
        return f"SinkAdapter({self._profile!r})"

    def publish(
        self,
        message: Message,
        *,
        idempotency_key: str,
        media: Sequence[UploadMedia] = (),
        reply_to: str | None = None,
    ) -> PublishResult:
        """Deliver ``message`` (or fail as the fault plan draws)."""
        sink, faults = self._sink, self._sink.faults
        if sink._draw(faults.rate_limited):
            raise RateLimited(sink.network, retry_after=faults.retry_after)
        if sink._draw(faults.transient):
            raise TransientError(sink.network, "error 503 de la red", "network error 503")
        number = sink._deliver(idempotency_key, self._profile, message, len(media))
        if sink._draw(faults.timeout_after_send):
            raise OutcomeUnknown(sink.network)
        return _result(number, datetime.now(UTC))

    def lookup(
        self, message: Message, *, idempotency_key: str, since: datetime
    ) -> PublishResult | None:
        """The post delivered with ``idempotency_key``, if any."""
        if self._sink._draw(self._sink.faults.lookup_fails):
            raise TransientError(self._sink.network, "error 502 al consultar", "lookup error 502")
        found = self._sink._find(idempotency_key)
        if found is None:
            return None
        return _result(found[0], datetime.fromisoformat(found[1]))


def _result(number: int, at: datetime) -> PublishResult:
    return PublishResult(
        remote_id=f"sink-{number}", published_at=at, url=f"https://sink.example/posts/{number}"
    )
