"""The :class:`Store`: an organisation's snapshot and messages in SQLite or PostgreSQL."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from typing import Any, Literal, TypeVar

from sqlalchemy.engine import URL, Connection, Engine

from govsm.errors import StoreError
from govsm.ledger.chain import AuditEntry, AuditEvent, StoredEntry
from govsm.model import Direction, Message, Organisation, OrganisationSnapshot, Profile
from govsm.spec.importer import Imported
from govsm.store import (
    audit_log,
    audited_writes,
    compatibility,
    last_published,
    opening,
    reads,
    replies,
    transactions,
    writes,
)
from govsm.store import engine as engines
from govsm.store.check_cache import CheckCache
from govsm.store.originals import Originals
from govsm.store.outbox import Outbox
from govsm.store.result import SaveResult
from govsm.store.runs import AuditRuns
from govsm.store.sync_state import SyncState
from govsm.store.versions import HEAD_REVISION  # noqa: F401 (the class doctest uses it)
from govsm.store.webhook_queue import WebhookQueue

T = TypeVar("T")


class Store:
    """govsm's storage: SQLite for one machine, PostgreSQL for several workers.

    Open one with :meth:`open`; it migrates the database to this govsm's schema unless told not
    to. A store can be shared between threads (each call takes its own connection from a pool).

    >>> with Store.open("sqlite://") as store:
    ...     store.schema_revision() == HEAD_REVISION
    True
    """

    def __init__(self, engine: Engine, url: URL, revision: str | None) -> None:
        """Wrap an engine set up by :mod:`govsm.store.engine`; use :meth:`open` instead."""
        self._engine = engine
        self._url = url
        self._revision = revision
        self._closed = False
        self._serialiser = transactions.Serialiser(engine, url)
        #: the message checks' results kept for the next audit (:mod:`govsm.store.check_cache`)
        self.check_cache = CheckCache(self)
        #: the networks' own records of imported messages (:mod:`govsm.store.originals`)
        self.originals = Originals(self)
        #: events waiting for their webhook endpoints (:mod:`govsm.store.webhook_queue`)
        self.webhooks = WebhookQueue(self)

    # -- opening and closing ------------------------------------------------------------------

    @classmethod
    def open(cls, url: str, *, upgrade: bool = True) -> Store:
        """Open the database at ``url``, migrating it to this govsm's schema.

        :param url: ``sqlite:///path/govsm.db`` (folders are created), ``sqlite://`` (in memory)
            or ``postgresql://user@host:5432/database`` (psycopg 3).
        :param upgrade: migrate the database to :data:`HEAD_REVISION` (the default). With
            ``False`` the database is left as it is: :meth:`schema_revision` and :meth:`upgrade`
            work, reading and writing data need the schema at its head revision.
        :raises StoreError: the URL is malformed or unsupported, the server cannot be reached, or
            the database was written by a newer govsm (its schema revision is unknown here).
        """
        return opening.open_store(cls, url, upgrade=upgrade)

    @property
    def url(self) -> str:
        """The database URL, with its password masked (``***``)."""
        return engines.mask(self._url)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for the parts of govsm that need SQL of their own."""
        self._check_open()
        return self._engine

    @property
    def runs(self) -> AuditRuns:
        """The record of audit runs and their findings (:class:`~govsm.store.runs.AuditRuns`)."""
        self._require_head()
        return AuditRuns(self)

    @property
    def outbox(self) -> Outbox:
        """The publishing outbox and its pauses (:class:`~govsm.store.outbox.Outbox`)."""
        self._require_head()
        return Outbox(self)

    @property
    def sync(self) -> SyncState:
        """Cursors and metrics of the networks (:class:`~govsm.store.sync_state.SyncState`)."""
        self._require_head()
        return SyncState(self)

    @property
    def dialect(self) -> Literal["sqlite", "postgresql"]:
        """Which backend the store uses."""
        return "sqlite" if self._engine.dialect.name == "sqlite" else "postgresql"

    def close(self) -> None:
        """Close every pooled connection. The store cannot be used afterwards."""
        if not self._closed:
            self._closed = True
            self._engine.dispose()

    def __enter__(self) -> Store:
        """Use the store in a ``with`` block, which closes it."""
        return self

    def __exit__(self, *_exc: object) -> None:
        """Close the store."""
        self.close()

    def __repr__(self) -> str:
        """``Store('postgresql+psycopg://user:***@host/db', revision='0002')``."""
        state = ", closed" if self._closed else ""
        return f"Store({self.url!r}, revision={self._revision!r}{state})"

    # -- schema versions ----------------------------------------------------------------------

    def schema_revision(self) -> str | None:
        """Return the database's schema revision (``None`` for an empty database)."""
        with self._connection("leer la revisión del esquema", "read the schema revision") as c:
            revision = compatibility.read_revision(c, self.url)
        self._revision = revision
        return revision

    def upgrade(self, revision: str = "head") -> None:
        """Migrate the database to ``revision`` (``"head"``: :data:`HEAD_REVISION`).

        Migrations run in one transaction, so a failure leaves the database as it was; on
        PostgreSQL an advisory lock keeps two processes from migrating at once.

        :raises StoreError: the revision is unknown, older than the database's (govsm does not
            downgrade), the database was written by a newer govsm, or a migration failed.
        """
        target = compatibility.target(revision, self.url)
        self._revision = self._write(
            partial(compatibility.upgrade, revision=target, where=self.url),
            f"migrar el esquema a la revisión {target}",
            f"migrate the schema to {target}",
        )

    # -- writing ------------------------------------------------------------------------------

    def save_snapshot(
        self,
        snapshot: OrganisationSnapshot,
        *,
        audit: Callable[[SaveResult], Iterable[AuditEvent]] | None = None,
    ) -> SaveResult:
        """Save an organisation's snapshot in one transaction.

        The organisation, units, people, profiles and policy are inserted or updated by id, in
        the snapshot's order; an unchanged row is not written (it counts as ``unchanged``). The
        role assignments are replaced by the snapshot's. Nothing else is deleted: units, people
        and profiles missing from a later snapshot stay (a profile is archived, not forgotten),
        and a policy version no longer the snapshot's stays as history.

        The result's ``state_changes`` lists the profiles that are new or whose lifecycle state
        changed, for the *profile status changed* event.

        :param audit: given what the save did, the events to append to the organisation's
            audit log (see :meth:`append_audit`) in the same transaction: the log records
            exactly the changes that were saved, or nothing if the save fails.
        :raises StoreError: the snapshot repeats an id, or names a unit (a profile's, the
            policy's coordinating unit) or a person (a role's) that is neither in the snapshot nor
            already in the store. Nothing is written then.
        """
        self._require_head()
        org = snapshot.organisation.id
        return self._write(
            partial(audited_writes.save_snapshot, snapshot=snapshot, audit=audit),
            f"guardar la instantánea de «{org}»",
            f"save the snapshot of '{org}'",
        )

    def append_audit(self, organisation: str, events: Iterable[AuditEvent]) -> list[AuditEntry]:
        """Append events to the organisation's audit log, in order, in one transaction.

        Each event is sealed after the chain's last entry (next sequence number, that entry's
        hash); concurrent writers queue for the chain (a lock on PostgreSQL, the write lock on
        SQLite) and the key ``(organisation, seq)`` keeps them from forking it. The log has no
        update and no delete: see :mod:`govsm.ledger.chain`.

        :return: the entries written, sealed.
        :raises StoreError: the organisation is not in the store.
        """
        self._require_head()
        return self._write(
            partial(audited_writes.append, organisation=organisation, events=list(events)),
            f"anotar en el registro de auditoría de «{organisation}»",
            f"append to the audit log of '{organisation}'",
        )

    def record(
        self,
        organisation: str,
        events: Iterable[AuditEvent],
        *,
        expected_head: int | None = None,
        profiles: Iterable[Profile] = (),
        messages: Iterable[Message] = (),
    ) -> list[AuditEntry]:
        """Save changed profiles and messages and the events that record them, all or nothing.

        How the governance API writes, inside :meth:`serialised`: the decision was checked
        against the record read at ``expected_head``; if the log moved since, nothing is
        written and :class:`~govsm.errors.ConcurrentChange` says so.

        :param expected_head: the sequence number of the last entry the caller read (0: an
            empty log); ``None`` skips the check.
        :param profiles: profiles to insert or update (a stored one keeps its place).
        :param messages: messages to insert or update.
        :return: the entries written, sealed.
        :raises ConcurrentChange: the log moved past ``expected_head``.
        :raises StoreError: the organisation is not in the store, or a profile's unit or a
            message's profile is unknown.
        """
        self._require_head()
        work = partial(
            audited_writes.record,
            organisation=organisation,
            events=list(events),
            expected_head=expected_head,
            profiles=list(profiles),
            messages=list(messages),
        )
        return self._write(
            work,
            f"guardar cambios de gobernanza de «{organisation}»",
            f"save governance changes of '{organisation}'",
        )

    def save_messages(
        self,
        organisation: str,
        messages: Iterable[Message | Imported],
        *,
        batch_size: int = 1000,
        on_new: Callable[[Message], None] | None = None,
    ) -> SaveResult:
        """Save messages of one organisation, streaming them in batches.

        ``messages`` may be any iterable, a generator over millions of messages included: it is
        consumed ``batch_size`` at a time, and memory holds one batch. Each batch is written in
        its own transaction, messages inserted or updated by ``(organisation, id)``; unchanged
        ones are not written. A message that appears twice counts as saved twice, in order. An
        :class:`~govsm.spec.Imported` item's original record is written with its message
        (:mod:`govsm.store.originals`); the result counts messages only.

        :param on_new: called with each message that was not in the store, once committed.
        :raises StoreError: the organisation is not in the store, or a message belongs to another
            organisation or names a profile it does not have (the error names both); nothing of
            that batch is written, and the batches before it stay saved.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self._require_head()
        with self._connection(
            f"leer la organización «{organisation}»", f"read organisation '{organisation}'"
        ) as connection:
            reads.require_organisation(connection, organisation)
        known: set[str] = set()
        total = SaveResult()
        iterator = iter(messages)
        while batch := list(itertools.islice(iterator, batch_size)):
            outcome = self._write(
                partial(
                    writes.save_message_batch, organisation=organisation, items=batch, known=known
                ),
                f"guardar mensajes de «{organisation}»",
                f"save messages of '{organisation}'",
            )
            total += outcome.result
            if on_new is not None:
                for message in outcome.inserted:
                    on_new(message)
        return total

    # -- reading ------------------------------------------------------------------------------

    def organisations(self) -> list[Organisation]:
        """Every organisation in the store, sorted by id."""
        self._require_head()
        with self._connection("leer las organizaciones", "read the organisations") as c:
            return reads.organisations(c)

    def snapshot(self, organisation: str) -> OrganisationSnapshot:
        """Return the organisation's snapshot as stored.

        Units, people and profiles come back in the order of the last snapshot that saved them,
        role assignments in the order last saved, the current policy (``None`` if none): reading
        back the snapshot just saved gives an equal one. Parts a later snapshot left out (see
        :meth:`save_snapshot`) are still there, where the snapshot that saved them last had
        them (ties broken by id).

        :raises StoreError: the organisation is not in the store.
        """
        self._require_head()
        with self._connection(
            f"leer la instantánea de «{organisation}»", f"read the snapshot of '{organisation}'"
        ) as connection:
            return reads.snapshot(connection, organisation)

    def profiles(self, organisation: str) -> list[Profile]:
        """Return the organisation's profiles, sorted by id.

        :raises StoreError: the organisation is not in the store.
        """
        self._require_head()
        with self._connection(
            f"leer los perfiles de «{organisation}»", f"read the profiles of '{organisation}'"
        ) as connection:
            reads.require_organisation(connection, organisation)
            return reads.profiles(connection, organisation)

    def messages(
        self,
        organisation: str,
        *,
        profile: str | None = None,
        direction: Direction | None = None,
        id_prefix: str | None = None,
    ) -> Generator[Message, None, None]:
        """Stream the organisation's messages, ordered by ``created_at`` and then ``id``.

        Rows are fetched a chunk at a time (a server-side cursor on PostgreSQL), so memory does
        not grow with the number of messages. The iterator holds a connection until it is
        exhausted or closed: close it (``.close()`` or :func:`contextlib.closing`) if you
        stop early.

        :param profile: only this profile's messages.
        :param direction: only inbound or only outbound messages.
        :param id_prefix: only the messages whose id starts with this (the others are not read).
        :raises StoreError: the organisation is not in the store (raised here, not when
            iterating).
        """
        self._require_head()
        with self._connection(
            f"leer la organización «{organisation}»", f"read organisation '{organisation}'"
        ) as connection:
            reads.require_organisation(connection, organisation)
        return self._stream(organisation, (profile, direction, id_prefix))

    def message(self, organisation: str, message: str) -> Message | None:
        """The message ``message`` of ``organisation``, or ``None`` if it is not stored."""
        self._require_head()
        with self._connection(
            f"leer el mensaje «{message}» de «{organisation}»",
            f"read message '{message}' of '{organisation}'",
        ) as connection:
            return reads.message_by_id(connection, organisation, message)

    def _stream(
        self, organisation: str, filters: tuple[str | None, Direction | None, str | None]
    ) -> Generator[Message, None, None]:
        """``messages``'s stream; ``filters``: its profile, direction and id prefix."""
        with self._connection(
            f"leer los mensajes de «{organisation}»", f"read the messages of '{organisation}'"
        ) as connection:
            yield from reads.stream_messages(connection, organisation, *filters)

    def last_published(self, organisation: str) -> dict[str, datetime]:
        """The instant of each profile's last published outbound message, by profile id.

        Profiles that never published are absent; the cost grows with profiles, not messages.
        """
        self._require_head()
        with self._connection(
            f"leer las últimas publicaciones de «{organisation}»",
            f"read the last publications of '{organisation}'",
        ) as connection:
            return last_published.by_profile(connection, organisation)

    def first_replies(self, organisation: str) -> dict[str, datetime]:
        """When each answered message got its first published reply (its id → that instant)."""
        self._require_head()
        with self._connection(
            f"leer las respuestas de «{organisation}»", f"read the replies of '{organisation}'"
        ) as connection:
            return replies.first_replies(connection, organisation)

    def count_messages(
        self, organisation: str, *, profile: str | None = None, direction: Direction | None = None
    ) -> int:
        """How many messages the organisation has (of one profile, in one direction).

        :raises StoreError: the organisation is not in the store.
        """
        self._require_head()
        with self._connection(
            f"contar los mensajes de «{organisation}»", f"count the messages of '{organisation}'"
        ) as connection:
            reads.require_organisation(connection, organisation)
            return reads.count_messages(connection, organisation, profile, direction)

    def profile_counts(self, organisation: str) -> list[tuple[str, str, int]]:
        """``(channel, state, n)``: profiles per channel and state, sorted (StoreError: no org)."""
        return self._read_counts(organisation, "perfiles", "profiles", reads.profile_counts)

    def message_counts(self, organisation: str) -> list[tuple[str, str, str, int]]:
        """``(profile, direction, state, n)``: messages of each kind (StoreError: no org)."""
        return self._read_counts(organisation, "mensajes", "messages", reads.message_counts)

    def _read_counts(
        self, organisation: str, what_es: str, what_en: str, read: Callable[[Connection, str], T]
    ) -> T:
        self._require_head()
        with self._connection(
            f"contar los {what_es} de «{organisation}»", f"count the {what_en} of '{organisation}'"
        ) as connection:
            reads.require_organisation(connection, organisation)
            return read(connection, organisation)

    def audit_entries(self, organisation: str, *, after: int = 0) -> list[StoredEntry]:
        """The organisation's audit log as stored, by sequence number, not yet verified.

        Check it with :func:`govsm.ledger.chain.verify`; ``StoredEntry.entry()`` gives the record.

        :param after: only the entries after this sequence number (0: all).
        :raises StoreError: the organisation is not in the store.
        """
        self._require_head()
        with self._connection(
            f"leer el registro de auditoría de «{organisation}»",
            f"read the audit log of '{organisation}'",
        ) as connection:
            reads.require_organisation(connection, organisation)
            return list(audit_log.stored_entries(connection, organisation, after=after))

    def dump(self, organisation: str | None = None) -> dict[str, list[dict[str, Any]]]:
        """Every row of every govsm table (not Alembic's), as JSON-comparable data.

        Keys are table names; rows are column values (instants as ISO 8601 text in UTC), sorted
        by primary key; with ``organisation``, only its rows. Two dumps are equal exactly when the
        stored data is.

        :raises StoreError: ``organisation`` is given and not in the store.
        """
        self._require_head()
        with self._connection("volcar el almacén", "dump the store") as connection:
            return reads.dump(connection, organisation)

    # -- internals ----------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("el almacén está cerrado", "the store is closed", where=self.url)

    def _require_head(self) -> None:
        self._check_open()
        compatibility.require_head(self._revision, self.url)

    @contextmanager
    def serialised(self, organisation: str) -> Iterator[None]:
        """Hold the organisation's write lock for a block: decide and write without a race.

        What this thread reads and writes through the store in the block is one transaction
        other writers of the organisation wait for (SQLite: the write lock; PostgreSQL: a lock
        per organisation). The governance API decides each action in one, so what it checked
        still holds when it writes. Blocks nest; keep them short: other writers wait.
        """
        self._require_head()
        with self._serialiser.hold(
            organisation,
            lambda connection: audit_log.lock_chain(connection, organisation),
            f"reservar el registro de «{organisation}» para escribir",
            f"lock the record of '{organisation}' for writing",
        ):
            yield

    @contextmanager
    def _connection(self, action_es: str, action_en: str) -> Iterator[Connection]:
        self._check_open()
        with self._serialiser.reading(action_es, action_en) as connection:
            yield connection

    def _write(self, work: Callable[[Connection], T], action_es: str, action_en: str) -> T:
        """Run ``work`` in a write transaction (joining :meth:`serialised`'s when inside one)."""
        self._check_open()
        return self._serialiser.write(work, action_es, action_en)
