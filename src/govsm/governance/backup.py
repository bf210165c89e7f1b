"""Backing up the governance record, and restoring it into an empty store.

The record — the hash-chained audit log of who decided what — lives in the store, which a
workspace's ``.gitignore`` leaves out of its repository. :func:`export_record` writes it as JSON
Lines: a header line (format, organisation, number of entries, head hash, whether the chain
verified, when) and one line per entry exactly as stored, its details' text byte for byte, so
every hash can be recomputed from the file alone. :func:`import_record` reads such a file,
verifies the chain, the header's head and every signature, and only then writes the entries
into a store whose log is empty: the restored log has the same head.

>>> from govsm.testing.governance import small_governance
>>> gov = small_governance()
>>> lines = list(record_lines(gov.store, gov.organisation))
>>> json.loads(lines[0])["format"], json.loads(lines[0])["entries"]
('govsm-record/1', 0)
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import frozen

from govsm.atomic import write_output
from govsm.errors import ConfigError
from govsm.ledger.chain import StoredEntry, instant_text, verify
from govsm.ledger.signatures import check_entries
from govsm.reading.files import json_lines
from govsm.spec.limits import Limits
from govsm.store.restore import restore_audit

if TYPE_CHECKING:
    from govsm.store import Store

#: the format of a record backup, named in its header line
FORMAT = "govsm-record/1"

_ENTRY_KEYS = ("seq", "at", "actor", "action", "subject", "details", "prev_hash", "hash")


@frozen
class RestoredRecord:
    """What :func:`import_record` restored.

    :param organisation: whose record.
    :param entries: how many entries.
    :param head_hash: the last entry's hash (the same as the exported log's).
    :param signed: how many entries carry a signature (all verified).
    """

    organisation: str
    entries: int
    head_hash: str
    signed: int


def record_lines(store: Store, organisation: str, *, now: datetime | None = None) -> Iterator[str]:
    """The backup of ``organisation``'s record, line by line (without line breaks)."""
    entries = store.audit_entries(organisation)
    result = verify(organisation, entries)
    header = {
        "format": FORMAT,
        "organisation": organisation,
        "exported_at": instant_text(now or datetime.now(UTC)),
        "entries": len(entries),
        "head_hash": result.head_hash,
        "verified": result.ok,
    }
    yield json.dumps(header, ensure_ascii=False, sort_keys=True)
    for entry in entries:
        yield json.dumps(
            {
                "seq": entry.seq,
                "at": instant_text(entry.at),
                "actor": entry.actor,
                "action": entry.action,
                "subject": entry.subject,
                "details": entry.details_text,
                "prev_hash": entry.prev_hash,
                "hash": entry.hash,
            },
            ensure_ascii=False,
            sort_keys=True,
        )


def export_record(store: Store, organisation: str, path: Path) -> tuple[int, str]:
    """Write the backup of ``organisation``'s record to ``path``, atomically.

    :return: how many entries it holds, and its head hash.
    :raises GovsmError: the file cannot be written (the previous one is left as it was).
    """
    lines = list(record_lines(store, organisation))
    write_output(path, "\n".join(lines) + "\n")
    header = json.loads(lines[0])
    return len(lines) - 1, str(header["head_hash"])


def import_record(
    store: Store,
    organisation: str,
    path: Path,
    keys: Mapping[str, Sequence[str]],
    *,
    limits: Limits | None = None,
) -> RestoredRecord:
    """Verify the backup at ``path`` and restore it as ``organisation``'s record.

    :param keys: each person's declared public keys, to check signed entries against.
    :raises ConfigError: the file is not a backup of ``organisation``'s record, a line is
        malformed, the chain does not verify, the header's head does not match the entries, or
        a signature does not hold — naming the line or entry; nothing is written then.
    :raises StoreError: the store's log for the organisation is not empty.
    """
    header, entries = _read(path, organisation, limits or Limits())
    result = verify(organisation, entries)
    if not result.ok:
        assert result.message is not None
        raise ConfigError(
            f"entrada {result.bad_seq}: {result.message.es}: la copia no es fiable",
            f"entry {result.bad_seq}: {result.message.en}: the backup cannot be trusted",
            where=str(path),
        )
    if header.get("entries") != len(entries) or header.get("head_hash") != result.head_hash:
        raise ConfigError(
            f"la cabecera dice {header.get('entries')} entradas (cabeza "
            f"{str(header.get('head_hash'))[:12]}…) y el fichero tiene {len(entries)} "
            f"({result.head_hash[:12]}…): la copia está incompleta o alterada",
            f"the header says {header.get('entries')} entries (head "
            f"{str(header.get('head_hash'))[:12]}…) and the file holds {len(entries)} "
            f"({result.head_hash[:12]}…): the backup is cut or altered",
            where=str(path),
        )
    signed, forged = check_entries(organisation, entries, keys)
    if forged:
        seq, why = forged[0]
        raise ConfigError(f"entrada {seq}: {why.es}", f"entry {seq}: {why.en}", where=str(path))
    restore_audit(store, organisation, entries)
    return RestoredRecord(organisation, len(entries), result.head_hash, signed)


def _read(
    path: Path, organisation: str, limits: Limits
) -> tuple[dict[str, Any], list[StoredEntry]]:
    lines = json_lines(path, limits)
    try:
        where, header = next(lines)
    except StopIteration:
        raise ConfigError(
            "está vacío: no es una copia del registro",
            "is empty: not a backup of the record",
            where=str(path),
        ) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ConfigError(
            f"no empieza con la cabecera de una copia del registro ({FORMAT})",
            f"does not start with the header of a record backup ({FORMAT})",
            where=where,
        )
    if header.get("organisation") != organisation:
        raise ConfigError(
            f"es la copia de «{header.get('organisation')}», no de «{organisation}»",
            f"is the backup of '{header.get('organisation')}', not of '{organisation}'",
            where=where,
        )
    return header, [_entry(data, organisation, where) for where, data in lines]


def _entry(data: Any, organisation: str, where: str) -> StoredEntry:
    if not isinstance(data, dict) or any(key not in data for key in _ENTRY_KEYS):
        raise ConfigError(
            f"una entrada necesita {', '.join(_ENTRY_KEYS)}",
            f"an entry needs {', '.join(_ENTRY_KEYS)}",
            where=where,
        )
    try:
        at = datetime.fromisoformat(str(data["at"]))
    except ValueError:
        raise ConfigError(
            f"«at» no es un instante: {str(data['at'])[:40]!r}",
            f"'at' is not an instant: {str(data['at'])[:40]!r}",
            where=where,
        ) from None
    texts = [data[key] for key in _ENTRY_KEYS if key not in ("seq", "at")]
    if not isinstance(data["seq"], int) or not all(isinstance(t, str) for t in texts):
        raise ConfigError(
            "«seq» es un número y los demás campos son texto",
            "'seq' is a number and the other fields are text",
            where=where,
        )
    if at.tzinfo is None:
        raise ConfigError("«at» necesita su desfase", "'at' needs its offset", where=where)
    return StoredEntry(
        organisation=organisation,
        seq=data["seq"],
        at=at,
        actor=data["actor"],
        action=data["action"],
        subject=data["subject"],
        details_text=data["details"],
        prev_hash=data["prev_hash"],
        hash=data["hash"],
    )
