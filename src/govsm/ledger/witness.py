"""Comparing the audit log with a head recorded elsewhere: cut tails and rewrites are seen.

The chain proves that no entry was changed, inserted or moved *inside* the log, but it cannot
see its newest entries deleted: what is left is still a valid chain. What can is a *witness*:
the head (number of entries and the last one's hash) as someone recorded it earlier — the
previous ``govsm audit`` (kept in the store), an audit report's ``summary.json``, a transparency
export a third party holds. If the log is now shorter than the witness saw, entries were
removed; if the entry at the witness's place has another hash, the log was rewritten.

>>> from govsm.ledger.chain import AuditEvent, chain
>>> from datetime import UTC, datetime
>>> at = datetime(2026, 11, 20, tzinfo=UTC)
>>> entries = chain("o", [AuditEvent(at, "ana", "audit.ran", str(n)) for n in range(3)])
>>> seen = Witness(3, entries[-1].hash, Bilingual(es="el informe", en="the report"))
>>> compare(entries, seen) is None
True
>>> print(compare(entries[:2], seen).en)  # doctest: +ELLIPSIS
the log holds 2 entries, but the report saw 3 (head ...): entries were removed
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from govsm.ledger.chain import AuditEntry, StoredEntry
from govsm.model import Bilingual


@frozen
class Witness:
    """The head of the log as someone saw it.

    :param seq: how many entries the log held (its last entry's number; 0 for an empty log).
    :param hash: that entry's hash.
    :param source: who saw it, to name in the message ("the audit of 2026-11-20").
    """

    seq: int
    hash: str
    source: Bilingual


def compare(entries: Sequence[AuditEntry | StoredEntry], witness: Witness) -> Bilingual | None:
    """What the log lost or changed since ``witness`` saw it; ``None`` when it still agrees.

    :param entries: the log as stored now, in order.
    """
    if witness.seq <= 0:
        return None
    short = witness.hash[:12]
    at_place = next((e for e in entries if e.seq == witness.seq), None)
    if at_place is None:
        return Bilingual(
            es=f"el registro tiene {len(entries)} entradas, pero {witness.source.es} vio "
            f"{witness.seq} (cabeza {short}…): se han borrado entradas",
            en=f"the log holds {len(entries)} entries, but {witness.source.en} saw "
            f"{witness.seq} (head {short}…): entries were removed",
        )
    if at_place.hash != witness.hash:
        return Bilingual(
            es=f"la entrada {witness.seq} no tiene el hash que vio {witness.source.es} "
            f"({at_place.hash[:12]}… en lugar de {short}…): el registro se ha reescrito",
            en=f"entry {witness.seq} does not have the hash {witness.source.en} saw "
            f"({at_place.hash[:12]}… instead of {short}…): the log was rewritten",
        )
    return None
