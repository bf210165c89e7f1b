"""Which archive files the last load read into this store, and the store as that load left it.

``govsm audit`` loads every archive file of the workspace; a second audit of an unchanged
workspace would read and compare every line again. :mod:`govsm.workspace.load_skips` decides
which files it may leave unread, from what this module keeps per organisation in the store's
``govsm_meta`` table (no schema change): the fingerprint of each file the last load read
without a problem, and a :class:`StoreMark` of the organisation's messages and audit log as
that load left them. The fingerprints live in the store they describe: another store, or this
one emptied, has none and loads every file.

>>> mark = StoreMark(messages=3, audit_seq=2, audit_hash="ab")
>>> StoreMark.from_json(mark.to_json()) == mark
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from attrs import frozen
from sqlalchemy.engine import Connection

from govsm.store import audit_log, schema

if TYPE_CHECKING:
    from govsm.store.store import Store

_META = schema.govsm_meta
_MSG = schema.messages

#: the version of the kept record's layout; a record of another version is ignored
FORMAT = 1


@frozen
class StoreMark:
    """The organisation's messages and audit log, as a load left them.

    A writer that adds messages (a sync, curation) or records audit entries (the governance
    API, publishing, a sync's state changes) moves the count or the log's head: the next load
    then reads every file again, as if it had no fingerprints. A message changed in place
    without an audit entry moves neither.

    :param messages: how many messages the organisation has.
    :param audit_seq: the sequence number of its audit log's last entry (0: none).
    :param audit_hash: that entry's hash.
    """

    messages: int
    audit_seq: int
    audit_hash: str

    def to_json(self) -> list[Any]:
        """The mark as JSON data."""
        return [self.messages, self.audit_seq, self.audit_hash]

    @classmethod
    def from_json(cls, data: Any) -> StoreMark | None:
        """The mark kept as ``data``, or ``None`` when it is not one."""
        if (
            isinstance(data, list)
            and len(data) == 3
            and all(isinstance(n, int) and not isinstance(n, bool) for n in data[:2])
            and isinstance(data[2], str)
        ):
            return cls(messages=data[0], audit_seq=data[1], audit_hash=data[2])
        return None


@frozen
class LoadRecord:
    """What the last load of an organisation kept: the store's mark and each file's fingerprint.

    :param mark: the organisation's messages and audit log when that load finished.
    :param files: per file (its path as the load showed it), the fingerprint
        :mod:`govsm.workspace.load_skips` computed of it.
    """

    mark: StoreMark
    files: Mapping[str, Mapping[str, Any]]


def _key(organisation: str) -> str:
    """The ``govsm_meta`` key of the organisation's record (the table's keys are 64 long)."""
    return (
        "loaded-files:" + hashlib.blake2b(organisation.encode("utf-8"), digest_size=16).hexdigest()
    )


class LoadedFiles:
    """The load records of every organisation in one store.

    :param store: the store.
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    def mark(self, organisation: str) -> StoreMark:
        """The organisation's messages and audit log as they are now."""
        self._store._require_head()
        with self._store._connection(
            f"leer el estado del almacén de «{organisation}»",
            f"read the store's state of '{organisation}'",
        ) as connection:
            return _mark(connection, organisation)

    def record(self, organisation: str) -> LoadRecord | None:
        """What the organisation's last load kept, or ``None`` (never loaded, or unreadable)."""
        self._store._require_head()
        with self._store._connection(
            "leer los ficheros ya cargados", "read the files loaded before"
        ) as connection:
            text = connection.execute(
                sa.select(_META.c.value).where(_META.c.key == _key(organisation))
            ).scalar()
        return _parse(text)

    def keep(
        self,
        organisation: str,
        files: Mapping[str, Mapping[str, Any]],
        *,
        replacing: LoadRecord | None,
        unchanged: StoreMark | None = None,
    ) -> StoreMark | None:
        """Keep ``files`` as the fingerprints of the organisation's last load.

        The store's mark is read in the same transaction, as it is now, under the
        organisation's write lock. Nothing is kept, and what was kept before is dropped, when
        another load kept a record meanwhile (the record found is not ``replacing``), or when
        ``unchanged`` is given (a load that wrote nothing) and the store's mark is no longer
        that: another writer changed the store while the files were compared.

        :returns: the mark kept, or ``None`` when nothing was.
        """
        self._store._require_head()
        key = _key(organisation)

        def work(connection: Connection) -> StoreMark | None:
            mark = _mark(connection, organisation)
            text = connection.execute(sa.select(_META.c.value).where(_META.c.key == key)).scalar()
            if _parse(text) != replacing or (unchanged is not None and mark != unchanged):
                connection.execute(sa.delete(_META).where(_META.c.key == key))
                return None
            value = json.dumps(
                {"format": FORMAT, "mark": mark.to_json(), "files": dict(files)},
                ensure_ascii=False,
                sort_keys=True,
            )
            if text is None:
                connection.execute(sa.insert(_META).values(key=key, value=value))
            else:
                connection.execute(sa.update(_META).where(_META.c.key == key).values(value=value))
            return mark

        with self._store.serialised(organisation):
            return self._store._write(
                work, "guardar los ficheros cargados", "save the files loaded"
            )

    def forget(self, organisation: str) -> None:
        """Drop the organisation's record: its next load reads every file."""
        self._store._require_head()
        key = _key(organisation)
        self._store._write(
            lambda connection: connection.execute(sa.delete(_META).where(_META.c.key == key)),
            "olvidar los ficheros cargados",
            "forget the files loaded",
        )


def _parse(text: str | None) -> LoadRecord | None:
    """The record kept as ``text``; ``None`` when there is none or it cannot be read."""
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    mark = StoreMark.from_json(data.get("mark"))
    files = data.get("files")
    if mark is None or not isinstance(files, dict):
        return None
    return LoadRecord(mark, {k: v for k, v in files.items() if isinstance(v, dict)})


def _mark(connection: Connection, organisation: str) -> StoreMark:
    count = connection.execute(
        sa.select(sa.func.count()).select_from(_MSG).where(_MSG.c.organisation_id == organisation)
    ).scalar_one()
    seq, digest = audit_log.head(connection, organisation)
    return StoreMark(messages=int(count), audit_seq=seq, audit_hash=digest)
