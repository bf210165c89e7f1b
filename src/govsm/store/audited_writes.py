"""Writes that append to the audit log in the same transaction: all of it is saved, or none.

Each function runs inside a write transaction the caller opened (see
:func:`govsm.store.transactions.write`), so the audit log records exactly the changes that were
saved. The log's own SQL is :mod:`govsm.store.audit_log`; the chain logic is
:mod:`govsm.ledger.chain`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sqlalchemy.engine import Connection

from govsm.errors import ConcurrentChange
from govsm.ledger.chain import AuditEntry, AuditEvent
from govsm.model import Message, OrganisationSnapshot, Profile
from govsm.store import audit_log, reads, writes
from govsm.store.result import SaveResult


def save_snapshot(
    connection: Connection,
    snapshot: OrganisationSnapshot,
    audit: Callable[[SaveResult], Iterable[AuditEvent]] | None,
) -> SaveResult:
    """Save the snapshot and append the events ``audit`` derives from what the save did.

    :param audit: given the save's result, the events to append (``None``: append nothing).
    :return: what the save did.
    """
    result = writes.save_snapshot(connection, snapshot)
    if audit is not None:
        audit_log.append(connection, snapshot.organisation.id, audit(result))
    return result


def append(
    connection: Connection, organisation: str, events: Sequence[AuditEvent]
) -> list[AuditEntry]:
    """Append ``events`` to the log of an organisation the store holds; return them sealed.

    :raises StoreError: the organisation is not in the store.
    """
    reads.require_organisation(connection, organisation)
    return audit_log.append(connection, organisation, events)


def record(
    connection: Connection,
    organisation: str,
    events: Sequence[AuditEvent],
    *,
    expected_head: int | None,
    profiles: Sequence[Profile],
    messages: Sequence[Message],
) -> list[AuditEntry]:
    """Save changed profiles and messages with the events that record them (see Store.record).

    The organisation's chain is locked first, so the check against ``expected_head`` and the
    writes see the same log.

    :param expected_head: the sequence number of the last entry the caller read (0: an empty
        log); ``None`` skips the check.
    :return: the entries written, sealed.
    :raises ConcurrentChange: the log moved past ``expected_head``.
    :raises StoreError: the organisation is not in the store, or a profile's unit or a
        message's profile is unknown.
    """
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
    if profiles:
        writes.save_profiles(connection, organisation, profiles)
    if messages:
        writes.save_message_batch(connection, organisation, messages, set())
    return audit_log.append(connection, organisation, events, locked=True)
