"""The :class:`Store`: an organisation's snapshot and messages in SQLite or PostgreSQL."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine

from govsm._version import __version__
from govsm.errors import StoreError
from govsm.model import Direction, Message, Organisation, OrganisationSnapshot, Profile
from govsm.store import engine as engines
from govsm.store import migrate, reads, writes
from govsm.store.result import SaveResult
from govsm.store.versions import HEAD_REVISION, REVISIONS, is_known, position

if TYPE_CHECKING:
    from govsm.ledger.chain import AuditEntry, AuditEvent, StoredEntry

T = TypeVar("T")

#: how many times a write transaction is retried when a concurrent writer got there first
WRITE_ATTEMPTS = 3


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
        parsed = engines.parse(url)
        engine = engines.create(parsed)
        store = cls(engine, parsed, None)
        try:
            store._revision = store._inspect()
            if upgrade and store._revision != HEAD_REVISION:
                store.upgrade()
        except BaseException:
            engine.dispose()
            raise
        return store

    @property
    def url(self) -> str:
        """The database URL, with its password masked (``***``)."""
        return engines.mask(self._url)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for the parts of govsm that need SQL of their own (the outbox)."""
        self._check_open()
        return self._engine

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

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
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
            revision = self._read_revision(c)
        self._revision = revision
        return revision

    def upgrade(self, revision: str = "head") -> None:
        """Migrate the database to ``revision`` (``"head"``: :data:`HEAD_REVISION`).

        Migrations run in one transaction, so a failure leaves the database as it was; on
        PostgreSQL an advisory lock keeps two processes from migrating at once.

        :raises StoreError: the revision is unknown, older than the database's (govsm does not
            downgrade), the database was written by a newer govsm, or a migration failed.
        """
        target = HEAD_REVISION if revision == "head" else revision
        if target not in REVISIONS:
            raise StoreError(
                f"govsm no conoce la revisión del esquema «{revision}»; conoce: "
                f"{', '.join(REVISIONS)} y «head»",
                f"govsm does not know schema revision '{revision}'; it knows: "
                f"{', '.join(REVISIONS)} and 'head'",
                where=self.url,
            )

        def work(connection: Connection) -> str:
            migrate.lock(connection)
            current = self._read_revision(connection)
            self._check_known(connection, current)
            if position(current) > position(target):
                raise StoreError(
                    f"la base de datos ya está en la revisión {current}, posterior a {target}: "
                    "govsm no deshace migraciones",
                    f"the database is already at revision {current}, later than {target}: "
                    "govsm does not downgrade",
                    where=self.url,
                )
            if current != target:
                migrate.upgrade(connection, target, where=self.url)
            return target

        self._revision = self._write(
            work, f"migrar el esquema a la revisión {target}", f"migrate the schema to {target}"
        )

    # -- writing ------------------------------------------------------------------------------

    def save_snapshot(
        self,
        snapshot: OrganisationSnapshot,
        *,
        audit: Callable[[SaveResult], Iterable[AuditEvent]] | None = None,
    ) -> SaveResult:
        """Save an organisation's snapshot in one transaction.

        The organisation, its units, people and profiles and its policy are inserted or updated
        by id, with their place in the snapshot; a row whose data and place did not change is
        not written (it counts as ``unchanged``), so saving the same snapshot twice writes
        nothing the second time. The role assignments are replaced by the snapshot's (kept in
        its order).

        Nothing else is deleted: units, people and profiles missing from a later snapshot stay
        in the store (a profile is archived, not forgotten), and a policy version that is no
        longer the snapshot's stays as history while the snapshot's becomes the current one.

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

        def work(connection: Connection) -> SaveResult:
            result = writes.save_snapshot(connection, snapshot)
            if audit is not None:
                from govsm.store import audit_log

                audit_log.append(connection, org, audit(result))
            return result

        return self._write(
            work, f"guardar la instantánea de «{org}»", f"save the snapshot of '{org}'"
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
        from govsm.store import audit_log

        batch = list(events)

        def work(connection: Connection) -> list[AuditEntry]:
            reads.require_organisation(connection, organisation)
            return audit_log.append(connection, organisation, batch)

        return self._write(
            work,
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

        This is how the governance API writes (:class:`govsm.governance.Governance`): a decision
        is checked against the record read at sequence number ``expected_head``; if anyone
        appended to the organisation's audit log since, nothing is written and
        :class:`~govsm.errors.ConcurrentChange` says so, so two coordinators cannot both decide
        the same request.

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
        from govsm.errors import ConcurrentChange
        from govsm.store import audit_log

        batch = list(events)
        changed_profiles = list(profiles)
        changed_messages = list(messages)

        def work(connection: Connection) -> list[AuditEntry]:
            reads.require_organisation(connection, organisation)
            audit_log.lock_chain(connection, organisation)
            if expected_head is not None:
                seq, _ = audit_log.head(connection, organisation)
                if seq != expected_head:
                    raise ConcurrentChange(
                        f"el registro de «{organisation}» ha cambiado mientras se decidía "
                        f"(entrada {seq}, se leyó la {expected_head}): no se ha guardado nada; "
                        "vuelva a intentarlo",
                        f"the record of '{organisation}' changed while deciding (entry {seq}, "
                        f"entry {expected_head} was read): nothing was saved; try again",
                    )
            if changed_profiles:
                writes.save_profiles(connection, organisation, changed_profiles)
            if changed_messages:
                writes.save_message_batch(connection, organisation, changed_messages, set())
            return audit_log.append(connection, organisation, batch)

        return self._write(
            work,
            f"guardar cambios de gobernanza de «{organisation}»",
            f"save governance changes of '{organisation}'",
        )

    def save_messages(
        self,
        organisation: str,
        messages: Iterable[Message],
        *,
        batch_size: int = 1000,
        on_new: Callable[[Message], None] | None = None,
    ) -> SaveResult:
        """Save messages of one organisation, streaming them in batches.

        ``messages`` may be any iterable, a generator over millions of messages included: it is
        consumed ``batch_size`` at a time, and memory holds one batch. Each batch is written in
        its own transaction, messages inserted or updated by ``(organisation, id)``; unchanged
        ones are not written. A message that appears twice counts as saved twice, in order.

        :param on_new: called with each message that was not in the store, once its batch is
            committed.
        :raises StoreError: the organisation is not in the store, or a message belongs to another
            organisation or is for a profile the organisation does not have. The error names the
            message and the profile; nothing of that batch is written, and the batches before it
            stay saved.
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
                    writes.save_message_batch, organisation=organisation, batch=batch, known=known
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

        Units, people and profiles come back in the order of the last snapshot that saved
        them, role assignments in the order last saved, and the current policy (``None`` if
        the last snapshot had none): reading back the snapshot just saved gives an equal one.
        Parts a later snapshot left out (see :meth:`save_snapshot`) are still there, at the
        place they had in the snapshot that last saved them (ties are broken by id).

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
    ) -> Generator[Message, None, None]:
        """Stream the organisation's messages, ordered by ``created_at`` and then ``id``.

        Rows are fetched a chunk at a time (a server-side cursor on PostgreSQL), so memory does
        not grow with the number of messages. The iterator holds a connection until it is
        exhausted or closed: close it (``.close()`` or :func:`contextlib.closing`) if you
        stop early.

        :param profile: only this profile's messages.
        :param direction: only inbound or only outbound messages.
        :raises StoreError: the organisation is not in the store (raised here, not when
            iterating).
        """
        self._require_head()
        with self._connection(
            f"leer la organización «{organisation}»", f"read organisation '{organisation}'"
        ) as connection:
            reads.require_organisation(connection, organisation)
        return self._stream(organisation, profile, direction)

    def message(self, organisation: str, message: str) -> Message | None:
        """The message ``message`` of ``organisation``, or ``None`` if it is not stored."""
        self._require_head()
        with self._connection(
            f"leer el mensaje «{message}» de «{organisation}»",
            f"read message '{message}' of '{organisation}'",
        ) as connection:
            return reads.message_by_id(connection, organisation, message)

    def _stream(
        self, organisation: str, profile: str | None, direction: Direction | None
    ) -> Generator[Message, None, None]:
        with self._connection(
            f"leer los mensajes de «{organisation}»", f"read the messages of '{organisation}'"
        ) as connection:
            yield from reads.stream_messages(connection, organisation, profile, direction)

    def last_published(self, organisation: str) -> dict[str, datetime]:
        """The instant of each profile's last published outbound message, by profile id.

        One look-up per profile in the covering index ``ix_messages_last_published``
        (revision 0004): the latest ``published_at`` of the profile's published outbound
        messages is the last entry of its range, read without touching the table, so the cost
        grows with the number of profiles, not of messages. Profiles that never published are
        absent.
        """
        self._require_head()
        from govsm.model.message import MessageState
        from govsm.store.schema import messages, profiles

        # a correlated max() per profile, not a GROUP BY over every published message: SQLite
        # and PostgreSQL both answer it with one backward step in the index per profile
        # (SQLite's min/max optimisation; PostgreSQL's "Index Only Scan Backward" + LIMIT 1)
        latest = (
            sa.select(sa.func.max(messages.c.published_at))
            .where(
                messages.c.organisation_id == profiles.c.organisation_id,
                messages.c.profile_id == profiles.c.id,
                messages.c.direction == Direction.OUTBOUND.value,
                messages.c.state == MessageState.PUBLISHED.value,
            )
            .scalar_subquery()
        )
        query = sa.select(profiles.c.id, latest).where(profiles.c.organisation_id == organisation)
        # max() loses the column type: decode with the column's own type (text on SQLite)
        decode = messages.c.published_at.type.result_processor(self.engine.dialect, None)
        with self._connection(
            f"leer las últimas publicaciones de «{organisation}»",
            f"read the last publications of '{organisation}'",
        ) as connection:
            rows = connection.execute(query).all()
        result: dict[str, datetime] = {}
        for profile_id, last in rows:
            value = decode(last) if decode is not None else last
            if isinstance(value, datetime):
                result[profile_id] = value
        return result

    def count_messages(
        self,
        organisation: str,
        *,
        profile: str | None = None,
        direction: Direction | None = None,
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
        """``(channel, state, n)``: how many profiles per channel and lifecycle state, sorted.

        :raises StoreError: the organisation is not in the store.
        """
        self._require_head()
        with self._connection(
            f"contar los perfiles de «{organisation}»", f"count the profiles of '{organisation}'"
        ) as connection:
            reads.require_organisation(connection, organisation)
            return reads.profile_counts(connection, organisation)

    def message_counts(self, organisation: str) -> list[tuple[str, str, str, int]]:
        """``(profile, direction, state, n)``: how many messages of each kind, sorted.

        :raises StoreError: the organisation is not in the store.
        """
        self._require_head()
        with self._connection(
            f"contar los mensajes de «{organisation}»", f"count the messages of '{organisation}'"
        ) as connection:
            reads.require_organisation(connection, organisation)
            return reads.message_counts(connection, organisation)

    def audit_entries(self, organisation: str, *, after: int = 0) -> list[StoredEntry]:
        """The organisation's audit log as stored, by sequence number, not yet verified.

        Check it with :func:`govsm.ledger.chain.verify`; ``StoredEntry.entry()`` gives
        the record.

        :param after: only the entries after this sequence number (0: all).

        :raises StoreError: the organisation is not in the store.
        """
        self._require_head()
        from govsm.store import audit_log

        with self._connection(
            f"leer el registro de auditoría de «{organisation}»",
            f"read the audit log of '{organisation}'",
        ) as connection:
            reads.require_organisation(connection, organisation)
            return list(audit_log.stored_entries(connection, organisation, after=after))

    def dump(self, organisation: str | None = None) -> dict[str, list[dict[str, Any]]]:
        """Every row of every govsm table (not Alembic's), as JSON-comparable data.

        Keys are table names; rows are dicts of column values (instants as ISO 8601 text in UTC,
        ``data`` as the stored document), sorted by primary key. With ``organisation``, only
        that organisation's rows (and no ``govsm_meta``). Meant for tests and support: two dumps
        are equal exactly when the stored data is.

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
        if self._revision != HEAD_REVISION:
            current = self._revision or "ninguna"
            current_en = self._revision or "none"
            raise StoreError(
                f"la base de datos está en la revisión del esquema {current} y este govsm "
                f"necesita la {HEAD_REVISION}: ábrala con upgrade=True o llame a "
                "Store.upgrade()",
                f"the database is at schema revision {current_en} and this govsm needs "
                f"{HEAD_REVISION}: open it with upgrade=True or call Store.upgrade()",
                where=self.url,
            )

    @contextmanager
    def _translating(self, action_es: str, action_en: str) -> Iterator[None]:
        """Turn database errors into :class:`StoreError` naming the action and the masked URL."""
        try:
            yield
        except sa.exc.SQLAlchemyError as exc:
            detail = engines.describe(exc, self._url)
            raise StoreError(
                f"no se pudo {action_es}: {detail}",
                f"could not {action_en}: {detail}",
                where=self.url,
            ) from exc

    @contextmanager
    def _connection(self, action_es: str, action_en: str) -> Iterator[Connection]:
        self._check_open()
        with self._translating(action_es, action_en), self._engine.connect() as connection:
            yield connection

    def _write(self, work: Callable[[Connection], T], action_es: str, action_en: str) -> T:
        """Run ``work`` in a write transaction, retried if a concurrent writer got there first."""
        self._check_open()
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self._engine.connect() as connection:
                    connection.execution_options(**{engines.SQLITE_BEGIN_OPTION: "IMMEDIATE"})
                    with connection.begin():
                        return work(connection)
            except sa.exc.DBAPIError as exc:
                if attempt == WRITE_ATTEMPTS or not _is_race(exc):
                    with self._translating(action_es, action_en):
                        raise
            except sa.exc.SQLAlchemyError:
                with self._translating(action_es, action_en):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _inspect(self) -> str | None:
        """Connect, check the server, and return the database's revision (known to govsm)."""
        with self._connection("conectar con la base de datos", "connect to the database") as c:
            if c.dialect.name == "postgresql":
                encoding = c.exec_driver_sql("SHOW server_encoding").scalar()
                if str(encoding).upper() not in ("UTF8", "UTF-8"):
                    raise StoreError(
                        f"la base de datos usa la codificación {encoding}; govsm necesita UTF8 "
                        "(cree la base con ENCODING 'UTF8')",
                        f"the database uses the {encoding} encoding; govsm needs UTF8 "
                        "(create the database with ENCODING 'UTF8')",
                        where=self.url,
                    )
            revision = self._read_revision(c)
            self._check_known(c, revision)
        return revision

    def _read_revision(self, connection: Connection) -> str | None:
        try:
            return migrate.read_revision(connection)
        except LookupError as exc:
            raise StoreError(
                f"la base de datos registra varias revisiones del esquema ({exc}); govsm "
                "espera una sola",
                f"the database records several schema revisions ({exc}); govsm expects one",
                where=self.url,
            ) from None

    def _check_known(self, connection: Connection, revision: str | None) -> None:
        if is_known(revision):
            return
        written_by = migrate.read_written_by(connection)
        by_es = f"escrita por govsm {written_by}" if written_by else "versión de govsm desconocida"
        by_en = f"written by govsm {written_by}" if written_by else "unknown govsm version"
        raise StoreError(
            f"esta base de datos la escribió un govsm más reciente (revisión del esquema "
            f"{revision}, {by_es}); este govsm ({__version__}) conoce hasta la revisión "
            f"{HEAD_REVISION}: actualice govsm",
            f"this database was written by a newer govsm (schema revision {revision}, "
            f"{by_en}); this govsm ({__version__}) knows up to revision {HEAD_REVISION}: "
            "upgrade govsm",
            where=self.url,
        )


#: PostgreSQL's serialization failure and deadlock: the transaction can simply be run again
_RETRY_SQLSTATES = frozenset({"40001", "40P01"})


def _is_race(exc: sa.exc.DBAPIError) -> bool:
    """Whether a write failed because a concurrent writer got there first (worth a retry).

    A unique violation means another transaction inserted the same row after this one looked;
    run again, the transaction sees that row and updates it (or leaves it alone).
    """
    if isinstance(exc, sa.exc.IntegrityError):
        return True
    return getattr(exc.orig, "sqlstate", None) in _RETRY_SQLSTATES
