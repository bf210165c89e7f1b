"""Restoring an organisation's audit log from a backup, entry for entry.

A backup (:mod:`govsm.ledger.backup`) holds every entry exactly as it was stored — its details'
text byte for byte, its hashes — so restoring writes the same rows back, and the restored log
has the same head. Only into an empty log: an organisation whose log already has entries would
get a second history.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from govsm.errors import StoreError
from govsm.ledger.chain import StoredEntry
from govsm.store import audit_log, reads

if TYPE_CHECKING:
    from govsm.store.store import Store


def restore_audit(store: Store, organisation: str, entries: Sequence[StoredEntry]) -> int:
    """Write ``entries`` as ``organisation``'s audit log, in one transaction.

    The caller has verified them (chain and signatures); this writes them as they are.

    :return: how many entries were written.
    :raises StoreError: the organisation is not in the store, its log is not empty, or an entry
        belongs to another organisation.
    """

    def work(connection: Connection) -> int:
        reads.require_organisation(connection, organisation)
        audit_log.lock_chain(connection, organisation)
        seq, _ = audit_log.head(connection, organisation)
        if seq:
            raise StoreError(
                f"el registro de «{organisation}» ya tiene {seq} entradas: restaure en un "
                "almacén vacío",
                f"the log of '{organisation}' already holds {seq} entries: restore into an "
                "empty store",
            )
        foreign = next((e for e in entries if e.organisation != organisation), None)
        if foreign is not None:
            raise StoreError(
                f"la entrada {foreign.seq} es de «{foreign.organisation}», no de «{organisation}»",
                f"entry {foreign.seq} belongs to '{foreign.organisation}', not to '{organisation}'",
            )
        audit_log.insert(connection, entries)
        return len(entries)

    store._require_head()
    return store._write(
        work,
        f"restaurar el registro de «{organisation}»",
        f"restore the log of '{organisation}'",
    )
