"""Which archive files a load may leave unread: those unchanged since the last load.

A file is left unread when all of these hold:

* the last load kept its fingerprints in **this** store, and the organisation still has the
  number of messages and the audit-log head that load left
  (:class:`~govsm.store.loaded_files.StoreMark`): a message added or an audit entry recorded by
  anything else since makes every file be read (``govsm import`` drops the fingerprints
  itself). A stored message changed in place by another writer without an audit entry is not
  noticed: the file is left unread and the message stays as that writer left it;
* the file has the size and the BLAKE2b digest of its bytes it had then (its modification time
  is kept, but never trusted alone: a file touched with the same bytes is still left unread);
* it is read by the same importer, with the same code (the size and modification time of every
  file of the importer's package, :func:`~govsm.store.check_cache.code_stamp`), the same
  ``[limits]`` and the same profiles;
* that load read it without a single problem: a file with an unreadable line is read again
  each time, so its findings are reported each time;
* every file before it in the load's order is left unread too. Once one file must be read,
  the files after it are read as well: a message id found in two files ends with the later
  file's version, exactly as a full load would leave it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import frozen

from govsm.store.check_cache import code_stamp
from govsm.store.loaded_files import LoadedFiles, LoadRecord, StoreMark

if TYPE_CHECKING:
    from govsm.spec.importer import ImportContext, Importer
    from govsm.store import Store

#: bytes read at a time while hashing a file
_CHUNK = 1 << 20


def file_digest(path: Path) -> dict[str, Any] | None:
    """``size``, ``mtime_ns`` and ``blake2b`` (of all its bytes) of ``path``, or ``None``."""
    digest = hashlib.blake2b(digest_size=32)
    try:
        status = path.stat()
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return {"size": status.st_size, "mtime_ns": status.st_mtime_ns, "blake2b": digest.hexdigest()}


def reading_context(importer: Importer, context: ImportContext) -> str:
    """A digest of what, besides its bytes, decides what a file yields when ``importer`` reads it.

    The importer's name, the code of govsm and of the importer's package (``None`` when one has
    no file), the limits, the organisation and its profiles (id, channel, handle).
    """
    readers = (importer.read, importer.read_in_context)
    modules = ["govsm", *(_module_of(reader) for reader in readers if reader is not None)]
    data = {
        "importer": importer.name,
        "code": code_stamp(modules),
        "limits": repr(context.limits),
        "organisation": context.organisation,
        "profiles": [[p.id, p.channel, p.handle] for p in context.profiles],
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _module_of(reader: object) -> str:
    return str(getattr(reader, "__module__", None) or type(reader).__module__)


@frozen
class SkipPlan:
    """What a load reads and leaves unread.

    :param skipped: the files left unread, unchanged since the last load.
    :param fingerprints: the fingerprint of each file of the load, by its shown path, taken
        before it was read (``None`` for a file that could not be opened).
    :param record: what the last load kept, as read before comparing.
    :param mark: the store's mark when the files were compared (``None``: not read, as
        there was no record to trust).
    """

    skipped: frozenset[Path]
    fingerprints: dict[str, dict[str, Any] | None]
    record: LoadRecord | None = None
    mark: StoreMark | None = None


def plan_skips(
    store: Store,
    organisation: str,
    files: Sequence[tuple[Path, str, str]],
    *,
    enabled: bool = True,
) -> SkipPlan:
    """Fingerprint ``files`` and choose the unchanged ones to leave unread.

    :param files: ``(path, shown path, reading context)`` of each file, in load order; which
        may be left unread is in the module's documentation.

    :param enabled: ``False`` reads every file (the fingerprints are still taken, to keep).
    """
    record = LoadedFiles(store).record(organisation) if enabled else None
    mark = LoadedFiles(store).mark(organisation) if record is not None else None
    usable = record is not None and record.mark == mark
    skipped: set[Path] = set()
    fingerprints: dict[str, dict[str, Any] | None] = {}
    reading = not usable
    for path, shown, context in files:
        found = file_digest(path)
        if found is not None:
            found["context"] = context
        fingerprints[shown] = found
        if reading or record is None or found is None:
            continue
        kept = record.files.get(shown)
        if kept is not None and _same(kept, found):
            skipped.add(path)
        else:
            reading = True
    return SkipPlan(frozenset(skipped), fingerprints, record, mark)


def _same(kept: Any, found: dict[str, Any]) -> bool:
    """The same bytes read the same way: size, digest and context (not the mtime)."""
    return all(kept.get(key) == found[key] for key in ("size", "blake2b", "context"))


def unchanged_since(path: Path, fingerprint: dict[str, Any]) -> bool:
    """Whether ``path`` still has the size and modification time of ``fingerprint``.

    A file written to while it was read is not kept as read.
    """
    try:
        status = path.stat()
    except OSError:
        return False
    return bool(
        status.st_size == fingerprint["size"] and status.st_mtime_ns == fingerprint["mtime_ns"]
    )
