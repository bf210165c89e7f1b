"""What every area of the governance API shares: one organisation's store, read and written.

A :class:`UnitOfWork` holds the store, the organisation's id, the channels govsm knows and the
clock. It reads the record (:mod:`govsm.ledger.record`), folded from the audit log and kept
between calls, the organisation as stored (read once per action: see :meth:`UnitOfWork.snapshot`)
and the roles in force; it checks a person's permission; and it makes the one
kind of write the governance API makes: audit events, with the profiles and messages they
change, in one transaction (:meth:`govsm.store.Store.record`), appended only if nobody wrote
since the record was read.

The areas — :mod:`~govsm.governance.requests`, :mod:`~govsm.governance.lifecycle`,
:mod:`~govsm.governance.delegations` and :mod:`~govsm.governance.messages` — work over one
unit of work; :class:`govsm.governance.Governance` is a unit of work that puts them behind one
facade.

>>> from govsm.store import Store
>>> from govsm.testing.governance import ORG, small_snapshot
>>> store = Store.open("sqlite://")
>>> _ = store.save_snapshot(small_snapshot())
>>> work = UnitOfWork(store, ORG, {})
>>> work._require(work.record(), "ana", Action.APPROVE_MESSAGE, work.now()).role.value
'approver'
>>> store.close()
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from govsm.errors import GovernanceError, NotFound
from govsm.ledger.chain import AuditEvent
from govsm.ledger.permissions import Action, Grant, Permissions
from govsm.ledger.record import GovernanceRecord, advance, fold
from govsm.ledger.signatures import Signer, with_signature
from govsm.model import Channel, Message, OrganisationSnapshot, Profile, ProfileRequest

if TYPE_CHECKING:
    from govsm.store import Store


P = ParamSpec("P")
R = TypeVar("R")
W = TypeVar("W", bound="UnitOfWork")


def decides(method: Callable[Concatenate[W, P], R]) -> Callable[Concatenate[W, P], R]:
    """Run an action of the API holding the organisation's write lock.

    See :meth:`UnitOfWork.serialised`.
    """

    @functools.wraps(method)
    def holding(self: W, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.serialised():
            return method(self, *args, **kwargs)

    return holding


class UnitOfWork:
    """One organisation's governance state over its store, shared by the areas of the API.

    :param store: where the organisation and its audit log are.
    :param organisation: the organisation's id.
    :param channels: the channels govsm knows (from the plugins), by id.
    :param clock: what "now" is (tests and replays pass their own).
    """

    def __init__(
        self,
        store: Store,
        organisation: str,
        channels: Mapping[str, Channel],
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._store = store
        self._org = organisation
        self._channels = dict(channels)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._journal: str | None = None
        self._signer: Signer | None = None
        self._cache: GovernanceRecord | None = None
        self._held = _Held()

    @property
    def store(self) -> Store:
        """The store the organisation is in."""
        return self._store

    @property
    def organisation(self) -> str:
        """The organisation's id."""
        return self._org

    @property
    def channels(self) -> Mapping[str, Channel]:
        """The channels govsm knows, by id."""
        return self._channels

    @contextmanager
    def serialised(self) -> Iterator[None]:
        """Hold the organisation's write lock for a block (:meth:`govsm.store.Store.serialised`).

        Every action of the API holds it while it reads the record, checks and writes; an
        application holds it around several actions that must see each other's result (a
        journal line checked as not yet applied, then applied).
        """
        held = self._held
        with self._store.serialised(self._org):
            held.depth += 1
            try:
                yield
            finally:
                held.depth -= 1
                if held.depth == 0:
                    held.snapshot = None

    @contextmanager
    def signing(self, signer: Signer) -> Iterator[None]:
        """Sign every decision made inside the block with ``signer``.

        Each audit entry the block writes carries the signature of what it records
        (:mod:`govsm.ledger.signatures`); :func:`govsm.ledger.signatures.check_entries` and
        ``govsm audit-log verify`` check it against the actor's declared ``signing_keys``.
        The signer must be the acting person's key: govsm does not know whose it is until the
        signature is checked.

        :param signer: signs on behalf of the person who acts
            (:class:`~govsm.ledger.signatures.SshSigner` for an SSH key).
        """
        self._signer = signer
        try:
            yield
        finally:
            self._signer = None

    @contextmanager
    def journal_line(self, line: str) -> Iterator[None]:
        """Record ``line`` (a journal line's id) in every event made inside the block.

        :param line: the journal line's id.
        """
        self._journal = line
        try:
            yield
        finally:
            self._journal = None

    # -- reading ------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The clock's current instant."""
        return self._clock()

    def today(self) -> date:
        """Today in the organisation's time zone."""
        return self._day(self._clock())

    def _day(self, at: datetime) -> date:
        """The day ``at`` falls on in the organisation's time zone.

        :param at: an instant.
        """
        return self.snapshot().organisation.local_date(at)

    def record(self) -> GovernanceRecord:
        """The record as the audit log holds it now.

        The first call reads the whole log; later calls read only the entries appended since
        (the last entry read is read again, and if its hash changed — a store rewritten under
        this object — the whole log is read again). The result is a copy the caller may keep.
        """
        cached = self._cache
        if cached is None or cached.head == 0:
            record = fold(self._org, self._store.audit_entries(self._org))
        else:
            newer = self._store.audit_entries(self._org, after=cached.head - 1)
            if not newer or newer[0].seq != cached.head or newer[0].hash != cached.head_hash:
                record = fold(self._org, self._store.audit_entries(self._org))
            else:
                record = advance(cached.copy(), newer[1:])
        self._cache = record
        return record.copy()

    def snapshot(self) -> OrganisationSnapshot:
        """The organisation as stored (profiles opened through requests included).

        Inside :meth:`serialised` (every action, every journal line applied) the organisation
        is read once and kept until the block ends or this object records an event, so
        an action decides on one reading of it. Other governance writers wait for the lock
        meanwhile; a load another process commits meanwhile (PostgreSQL, which does not lock
        out loads) is seen from the next block on. Outside a block it is read at each call.

        >>> from govsm.store import Store
        >>> from govsm.testing.governance import ORG, small_snapshot
        >>> store = Store.open("sqlite://")
        >>> _ = store.save_snapshot(small_snapshot())
        >>> work = UnitOfWork(store, ORG, {})
        >>> work.snapshot() is work.snapshot()
        False
        >>> with work.serialised():
        ...     kept = work.snapshot()
        ...     kept is work.snapshot()
        True
        >>> with work.serialised():
        ...     kept is work.snapshot()
        False
        >>> store.close()
        """
        held = self._held
        if held.depth == 0:
            return self._store.snapshot(self._org)
        if held.snapshot is None:
            held.snapshot = self._store.snapshot(self._org)
        return held.snapshot

    def permissions(self, record: GovernanceRecord | None = None) -> Permissions:
        """The roles in force, with the record's delegations.

        :param record: the record whose delegations count (read now if not given).
        """
        record = record or self.record()
        return Permissions(self.snapshot(), record.delegations.values())

    def _require(
        self,
        record: GovernanceRecord,
        person: str,
        action: Action,
        at: datetime,
        *,
        unit: str | None = None,
        profile: str | None = None,
    ) -> Grant:
        """The grant that lets ``person`` do ``action`` at ``at``, or a refusal.

        :param record: the record whose delegations count.
        :param person: who acts.
        :param action: what they do.
        :param at: when (its day in the organisation's time zone decides which roles are in
            force).
        :param unit: the unit acted on, if any.
        :param profile: the profile acted on, if any.
        :raises PermissionDenied: no role of ``person`` allows it.
        """
        return self.permissions(record).require(
            person, action, self._day(at), unit=unit, profile=profile
        )

    def profile(self, profile: str) -> Profile:
        """A stored profile.

        :param profile: the profile's id.
        :raises GovernanceError: there is none with that id.
        """
        for candidate in self._store.profiles(self._org):
            if candidate.id == profile:
                return candidate
        raise NotFound(
            f"«{self._org}» no tiene el perfil «{profile}»",
            f"'{self._org}' has no profile '{profile}'",
        )

    def _has_profile(self, profile: str) -> bool:
        """Whether a profile with that id is stored.

        :param profile: the profile's id.
        """
        return any(p.id == profile for p in self._store.profiles(self._org))

    def _find_message(self, message: str) -> Message | None:
        """A stored message, or ``None``.

        :param message: the message's id.
        """
        return self._store.message(self._org, message)

    def message(self, message: str) -> Message:
        """A stored message.

        :param message: the message's id.
        :raises GovernanceError: there is none with that id.
        """
        found = self._find_message(message)
        if found is None:
            raise NotFound(
                f"«{self._org}» no tiene el mensaje «{message}»",
                f"'{self._org}' has no message '{message}'",
            )
        return found

    def request(self, request: str, record: GovernanceRecord | None = None) -> ProfileRequest:
        """A recorded profile request.

        :param request: the request's id.
        :param record: the record to look in (read now if not given).
        :raises GovernanceError: there is none with that id.
        """
        found = (record or self.record()).requests.get(request)
        if found is None:
            raise NotFound(
                f"no hay ninguna solicitud «{request}» en «{self._org}»",
                f"there is no request '{request}' in '{self._org}'",
            )
        return found

    # -- writing ------------------------------------------------------------------------------

    def _own(self, what_es: str, what_en: str, key: str, organisation: str) -> None:
        """Refuse something that belongs to another organisation.

        :param what_es: what it is, in Spanish, with its article ("la solicitud").
        :param what_en: what it is, in English ("request").
        :param key: its id.
        :param organisation: the organisation it names.
        :raises GovernanceError: it names another organisation.
        """
        if organisation != self._org:
            raise GovernanceError(
                f"{what_es} «{key}» es de «{organisation}», no de «{self._org}»",
                f"{what_en} '{key}' belongs to '{organisation}', not to '{self._org}'",
            )

    def _event(
        self, at: datetime, actor: str, action: str, subject: str, **details: Any
    ) -> AuditEvent:
        """An audit event; details that are ``None`` are left out, the journal line added.

        :param at: when it happened.
        :param actor: who did it.
        :param action: what was done (one of the actions of :mod:`govsm.ledger.record`).
        :param subject: the id of what it was done to.
        :param details: what else the event records.
        """
        clean = {k: v for k, v in details.items() if v is not None}
        if self._journal is not None:
            clean["journal"] = self._journal
        event = AuditEvent(at, actor, action, subject, clean)
        if self._signer is not None:
            event = with_signature(self._org, event, self._signer)
        return event

    def _write(
        self,
        record: GovernanceRecord,
        events: Sequence[AuditEvent],
        *,
        profiles: Sequence[Profile] = (),
        messages: Sequence[Message] = (),
    ) -> None:
        """Append ``events`` and save ``profiles`` and ``messages``, in one transaction.

        :param record: the record the change was validated against: nothing is written if the
            audit log grew since it was read.
        :param events: the audit events that record the change.
        :param profiles: the profiles it changes.
        :param messages: the messages it changes.
        :raises ConcurrentChange: the audit log grew since ``record`` was read.
        """
        self._held.snapshot = None  # the profiles written are read again, also if it fails
        self._store.record(
            self._org, events, expected_head=record.head, profiles=profiles, messages=messages
        )


class _Held(threading.local):
    """What one thread's :meth:`UnitOfWork.serialised` blocks keep.

    How deep they nest, and the organisation as read inside them (``None``: not read yet, or
    written since).
    """

    def __init__(self) -> None:
        self.depth = 0
        self.snapshot: OrganisationSnapshot | None = None
