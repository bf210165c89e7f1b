"""The audit log as a transparency export (Ley 19/2013): JSON for a request, CSV for a sheet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from govsm.ledger.chain import AuditEntry, Verification, canonical_details, instant_text

#: the columns of the transparency export, in order
EXPORT_FIELDS: tuple[str, ...] = (
    "organisation",
    "seq",
    "at",
    "actor",
    "action",
    "subject",
    "details",
    "prev_hash",
    "hash",
)


def entry_data(entry: AuditEntry) -> dict[str, Any]:
    """An entry as plain JSON data (``at`` as ISO 8601 in UTC)."""
    return {
        "organisation": entry.organisation,
        "seq": entry.seq,
        "at": instant_text(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "subject": entry.subject,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def export_json(
    entries: Sequence[AuditEntry], verification: Verification, generated_at: datetime
) -> str:
    """The log as a JSON document for a transparency request (Ley 19/2013).

    It names the organisation, when it was generated, whether the chain verified and its head
    hash, and lists every entry: who (``actor``) did what (``action``) to what (``subject``) and
    when (``at``), with the hashes that let anyone re-check the chain.
    """
    document = {
        "organisation": verification.organisation,
        "generated_at": instant_text(generated_at),
        "legal_basis": "Ley 19/2013, de transparencia, acceso a la información pública y buen "
        "gobierno",
        "verified": verification.ok,
        "head_hash": verification.head_hash,
        "hash_algorithm": "sha256",
        "entries": [entry_data(entry) for entry in entries],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_csv(entries: Sequence[AuditEntry]) -> str:
    """The log as CSV (a header row, then one row per entry; ``details`` as canonical JSON)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_FIELDS)
    for entry in entries:
        data = entry_data(entry)
        data["details"] = canonical_details(entry.details)
        writer.writerow([data[name] for name in EXPORT_FIELDS])
    return buffer.getvalue()
