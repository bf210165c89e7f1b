"""The tamper-evident audit log: who did what and when, hash-chained per organisation.

Each organisation has one chain of :class:`AuditEntry` records, numbered ``1, 2, 3 …``. An entry
carries the hash of the one before it (the first carries :data:`GENESIS_HASH`) and its own hash, a
SHA-256 over the canonical serialisation of every field including that previous hash
(:func:`entry_hash`). Changing, removing, inserting or reordering an entry therefore breaks the
chain at that entry, and :func:`verify` names it.

The chain proves the log was not edited *inside*; it cannot tell that the newest entries were cut
off, nor that a person with write access rebuilt the whole chain. Keep the head hash that
:func:`verify` reports (the transparency export carries it too) somewhere else — a signed
minute, the *sede electrónica* — and a later verification shows whether the log still extends it.

The store keeps the entries (:meth:`Store.append_audit <govsm.store.Store.append_audit>`,
:meth:`Store.audit_entries <govsm.store.Store.audit_entries>`); this module holds the record, the
hashing and the verification, and talks no SQL; :mod:`govsm.ledger.export` writes the
transparency export (Ley 19/2013).

>>> from datetime import UTC, datetime
>>> event = AuditEvent(
...     at=datetime(2026, 5, 4, 8, tzinfo=UTC), actor="workspace",
...     action="profile.registered", subject="x-ajuntament", details={"state": "active"},
... )
>>> first = chain("soldeneu", [event])[0]
>>> first.seq, first.prev_hash == GENESIS_HASH
(1, True)
>>> verify("soldeneu", [first]).ok
True
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from attrs import field, frozen

from govsm.model import Bilingual

#: the ``prev_hash`` of an organisation's first entry: 64 zeros (no entry comes before it)
GENESIS_HASH = "0" * 64

#: actors that are not people: the workspace file (``govsm.toml``) and govsm itself
WORKSPACE_ACTOR = "workspace"
SYSTEM_ACTOR = "system"

_ACTION = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+\Z")
_HASH = re.compile(r"[0-9a-f]{64}\Z")
#: keys that must never reach the log: credentials are referenced elsewhere, never recorded
_SECRET_KEYS = re.compile(r"(password|passwd|secret|token|api[_-]?key|credential)", re.I)


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()}: an audit entry needs its offset")
    return value.astimezone(UTC)


def _check_action(_instance: object, _attribute: object, value: str) -> None:
    if not _ACTION.match(value):
        raise ValueError(f"action {value!r} is not dotted lower case, like 'profile.registered'")


def _check_text(_instance: object, attribute: Any, value: str) -> None:
    if not value or value != value.strip():
        raise ValueError(f"{attribute.name} must be non-empty text without outer spaces")


def _check_details(_instance: object, _attribute: object, value: Mapping[str, Any]) -> None:
    # JSON data (serialisable, finite, string keys): the converter (_frozen_details), which
    # runs before this, has serialised it already
    for key in _walk_keys(value):
        if _SECRET_KEYS.search(key):
            raise ValueError(f"details key {key!r} looks like a secret: the log never holds one")


def _walk_keys(value: Any) -> Iterable[str]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key)
            yield from _walk_keys(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk_keys(item)


def _frozen_details(value: Mapping[str, Any]) -> dict[str, Any]:
    # a private copy, so the caller's dict changing later cannot change a recorded fact
    result: dict[str, Any] = json.loads(canonical_details(value))
    return result


def canonical_details(details: Mapping[str, Any]) -> str:
    """Serialise ``details`` canonically: sorted keys, compact, UTF-8, no NaN or infinity.

    This is the text the store keeps and the hash covers.

    :raises ValueError: ``details`` is not JSON data with string keys.
    """
    if not isinstance(details, Mapping) or not all(isinstance(k, str) for k in details):
        raise ValueError("details must be a JSON object with string keys")
    try:
        return json.dumps(
            details, ensure_ascii=False, allow_nan=False, sort_keys=True, separators=(",", ":")
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"details must be JSON data: {exc}") from None


@frozen
class AuditEvent:
    """Something that happened, before it takes its place in the chain.

    :param at: when (any offset; kept in UTC).
    :param actor: who: a person's id, or ``"workspace"`` (loaded from ``govsm.toml``) or
        ``"system"`` (govsm itself).
    :param action: what, as ``noun.verb`` (``profile.registered``, ``profile.state_changed``,
        ``request.approved``, ``message.published``).
    :param subject: what it was done to: a profile, request or message id.
    :param details: anything else worth keeping, as JSON data; never a secret (keys such as
        ``password`` or ``token`` are refused).
    """

    at: datetime = field(converter=_aware_utc)
    actor: str = field(validator=_check_text)
    action: str = field(validator=_check_action)
    subject: str = field(validator=_check_text)
    details: dict[str, Any] = field(
        factory=dict, validator=_check_details, converter=_frozen_details
    )


@frozen
class AuditEntry:
    """An entry of an organisation's audit log, as stored.

    :param organisation: the organisation whose chain holds it.
    :param seq: its place in the chain, from 1 with no gaps.
    :param at: when it happened (UTC).
    :param actor: who did it (see :class:`AuditEvent`).
    :param action: what was done.
    :param subject: what it was done to.
    :param details: the rest, as JSON data.
    :param prev_hash: the previous entry's :attr:`hash` (:data:`GENESIS_HASH` for the first).
    :param hash: :func:`entry_hash` of all the fields above.
    """

    organisation: str
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str
    details: dict[str, Any]
    prev_hash: str
    hash: str

    def event(self) -> AuditEvent:
        """The event this entry records."""
        return AuditEvent(self.at, self.actor, self.action, self.subject, self.details)


def instant_text(at: datetime) -> str:
    """Render an instant as the hash sees it: UTC, microseconds, ``+00:00``."""
    return _aware_utc(at).isoformat(timespec="microseconds")


def entry_hash(
    organisation: str,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    details_text: str,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) of an entry's canonical serialisation, ``prev_hash`` included.

    The serialisation is a JSON array ``[1, organisation, seq, at, actor, action, subject,
    details, prev_hash]`` (``1`` is the format's version, ``details`` the canonical text of
    :func:`canonical_details`), compact and UTF-8: one entry has exactly one serialisation.
    """
    payload = json.dumps(
        [1, organisation, seq, instant_text(at), actor, action, subject, details_text, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def seal(
    organisation: str,
    seq: int,
    prev_hash: str,
    event: AuditEvent,
    details_text: str | None = None,
) -> AuditEntry:
    """Give ``event`` its place after an entry whose hash is ``prev_hash``.

    :param details_text: ``canonical_details(event.details)``, when the caller has it already.
    """
    if seq < 1:
        raise ValueError(f"sequence numbers start at 1, not {seq}")
    if not _HASH.match(prev_hash):
        raise ValueError(f"prev_hash must be 64 lower-case hex digits, not {prev_hash!r}")
    digest = entry_hash(
        organisation,
        seq,
        event.at,
        event.actor,
        event.action,
        event.subject,
        canonical_details(event.details) if details_text is None else details_text,
        prev_hash,
    )
    return AuditEntry(
        organisation=organisation,
        seq=seq,
        at=event.at,
        actor=event.actor,
        action=event.action,
        subject=event.subject,
        details=event.details,
        prev_hash=prev_hash,
        hash=digest,
    )


def chain(
    organisation: str,
    events: Iterable[AuditEvent],
    *,
    after: tuple[int, str] = (0, GENESIS_HASH),
    texts: Sequence[str] | None = None,
) -> list[AuditEntry]:
    """Seal ``events`` in order, after the entry ``(seq, hash)`` (the genesis by default).

    :param texts: the canonical details of each event, when serialised already (a writer
        serialises them before it takes the chain's lock).
    """
    seq, previous = after
    sealed: list[AuditEntry] = []
    listed = list(events)
    details: Sequence[str | None] = [None] * len(listed) if texts is None else texts
    for event, text in zip(listed, details, strict=True):
        seq += 1
        entry = seal(organisation, seq, previous, event, text)
        sealed.append(entry)
        previous = entry.hash
    return sealed


# -- verification ------------------------------------------------------------------------------


class Problem(enum.StrEnum):
    """What is wrong with the first bad entry of a chain."""

    #: the entry's content does not match its hash: it was changed (or moved to another place)
    HASH_MISMATCH = "hash_mismatch"
    #: the entry's ``prev_hash`` is not the previous entry's hash: one was inserted or replaced
    BROKEN_LINK = "broken_link"
    #: a sequence number is missing: an entry was removed
    GAP = "gap"
    #: the stored details are not JSON, or a row is otherwise unreadable
    UNREADABLE = "unreadable"


@frozen
class StoredEntry:
    """An entry exactly as the store holds it, before it is trusted.

    ``details_text`` is the stored text, byte for byte, which is what the hash covers.
    ``unreadable`` names the column that could not be read back and its stored value
    (``at = 'garbage'``), when one could not; :func:`verify` then names the entry instead of
    failing.
    """

    organisation: str
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str
    details_text: str
    prev_hash: str
    hash: str
    unreadable: str | None = None

    def recomputed_hash(self) -> str:
        """The hash the entry's stored content gives."""
        return entry_hash(
            self.organisation,
            self.seq,
            self.at,
            self.actor,
            self.action,
            self.subject,
            self.details_text,
            self.prev_hash,
        )

    def entry(self) -> AuditEntry:
        """The entry as a record (details parsed).

        :raises ValueError: the stored details are not a JSON object, or the row is unreadable.
        """
        if self.unreadable is not None:
            raise ValueError(self.unreadable)
        details = json.loads(self.details_text)
        if not isinstance(details, dict):
            raise ValueError("details is not a JSON object")
        return AuditEntry(
            organisation=self.organisation,
            seq=self.seq,
            at=self.at,
            actor=self.actor,
            action=self.action,
            subject=self.subject,
            details=details,
            prev_hash=self.prev_hash,
            hash=self.hash,
        )


@frozen
class Verification:
    """The outcome of :func:`verify`.

    :param organisation: whose chain.
    :param entries: how many entries the log holds (all of them, also after a bad one).
    :param head_hash: the last good entry's hash (:data:`GENESIS_HASH` for an empty log): keep it
        elsewhere to detect, later, that the newest entries were cut off.
    :param bad_seq: the first bad entry's sequence number (``None`` when the chain is intact).
    :param problem: what is wrong with it.
    :param message: what is wrong, in Spanish and English.
    """

    organisation: str
    entries: int
    head_hash: str
    bad_seq: int | None = None
    problem: Problem | None = None
    message: Bilingual | None = None

    @property
    def ok(self) -> bool:
        """Whether the chain is intact."""
        return self.problem is None


def _as_stored(entry: AuditEntry | StoredEntry) -> StoredEntry:
    if isinstance(entry, StoredEntry):
        return entry
    return StoredEntry(
        organisation=entry.organisation,
        seq=entry.seq,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        subject=entry.subject,
        details_text=canonical_details(entry.details),
        prev_hash=entry.prev_hash,
        hash=entry.hash,
    )


def verify(organisation: str, entries: Iterable[AuditEntry | StoredEntry]) -> Verification:
    """Check an organisation's chain, given in the order of its sequence numbers.

    Stops at the first bad entry and names it: a sequence number out of place (an entry removed,
    or moved), a ``prev_hash`` that is not the previous entry's hash (an entry inserted), or
    content that does not match its hash (an entry changed, or two swapped).
    """
    previous_hash = GENESIS_HASH
    expected = 1
    count = 0
    remaining = iter(entries)
    for item in remaining:
        stored = _as_stored(item)
        count += 1
        seq = stored.seq
        bad: tuple[Problem, Bilingual] | None = None
        if stored.unreadable is not None:
            bad = (
                Problem.UNREADABLE,
                Bilingual(
                    es=f"la entrada {seq} no se puede leer ({stored.unreadable})",
                    en=f"entry {seq} cannot be read ({stored.unreadable})",
                ),
            )
        elif stored.organisation != organisation:
            bad = (
                Problem.BROKEN_LINK,
                Bilingual(
                    es=f"la entrada {seq} es de otra organización ({stored.organisation})",
                    en=f"entry {seq} belongs to another organisation ({stored.organisation})",
                ),
            )
        elif seq != expected:
            seq = expected
            bad = (
                Problem.GAP,
                Bilingual(
                    es=f"falta la entrada {expected}: tras la {expected - 1} viene la "
                    f"{stored.seq} (se borró o se movió una entrada)",
                    en=f"entry {expected} is missing: entry {stored.seq} follows entry "
                    f"{expected - 1} (an entry was removed or moved)",
                ),
            )
        elif stored.prev_hash != previous_hash:
            bad = (
                Problem.BROKEN_LINK,
                Bilingual(
                    es=f"la entrada {seq} no enlaza con la anterior: su hash previo no es el "
                    "de la entrada anterior (se insertó o sustituyó una entrada)",
                    en=f"entry {seq} does not link to the one before: its previous hash is not "
                    "that entry's hash (an entry was inserted or replaced)",
                ),
            )
        elif stored.recomputed_hash() != stored.hash:
            bad = (
                Problem.HASH_MISMATCH,
                Bilingual(
                    es=f"la entrada {seq} ({stored.action}, {stored.subject}) no coincide con su "
                    "hash: se modificó o se cambió de lugar",
                    en=f"entry {seq} ({stored.action}, {stored.subject}) does not match its "
                    "hash: it was changed or moved",
                ),
            )
        else:
            try:
                stored.entry()
            except ValueError:
                bad = (
                    Problem.UNREADABLE,
                    Bilingual(
                        es=f"los detalles de la entrada {seq} no son un objeto JSON",
                        en=f"the details of entry {seq} are not a JSON object",
                    ),
                )
        if bad is not None:
            problem, message = bad
            count += sum(1 for _ in remaining)
            return Verification(organisation, count, previous_hash, seq, problem, message)
        previous_hash = stored.hash
        expected += 1
    return Verification(organisation, count, previous_hash)
