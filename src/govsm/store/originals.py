"""The network's own record of each imported message, kept beside the message.

An importer that reads a platform's archive yields :class:`~govsm.spec.Imported` items: the
normalised message and the item exactly as the archive held it. :meth:`Store.save_messages
<govsm.store.Store.save_messages>` writes both in the message's batch — the record only when it
is new or its SHA-256 differs — so importing the same archive twice adds nothing, and a message
is never stored without its record. :class:`Originals` reads them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import sqlalchemy as sa
from attrs import field, frozen
from sqlalchemy.engine import Connection

from govsm.spec.importer import Imported
from govsm.store import schema
from govsm.store.bulk_insert import insert_rows, select_in

if TYPE_CHECKING:
    from govsm.store.store import Store

_T = schema.message_originals


@frozen
class StoredOriginal:
    """A message's original record as stored.

    :param message: the message's id.
    :param source: where the importer read it (``archive.zip!member@byte``).
    :param media_type: what it is (``application/json``).
    :param sha256: the SHA-256 of :attr:`original`, as recorded when it was imported.
    :param original: the bytes, exactly as the archive held them (not shown in ``repr``).
    """

    message: str
    source: str
    media_type: str
    sha256: str
    original: bytes = field(repr=False)

    @property
    def intact(self) -> bool:
        """Whether the bytes still hash to the recorded SHA-256."""
        import hashlib

        return hashlib.sha256(self.original).hexdigest() == self.sha256


def save_originals(connection: Connection, organisation: str, items: Sequence[Imported]) -> int:
    """Write the records of ``items``, whose messages the batch has just saved.

    A record already stored with the same SHA-256 is left alone; the others are inserted or
    replaced. Returns how many were written.
    """
    if not items:
        return 0
    latest = {item.message.id: item for item in items}  # a message twice: the last record wins
    stored = dict(
        select_in(
            connection, _T, ("message_id", "sha256"), organisation, "message_id", sorted(latest)
        )
    )
    inserts: list[dict[str, object]] = []
    updates: list[dict[str, object]] = []
    for ident, item in latest.items():
        digest = item.sha256
        if stored.get(ident) == digest:
            continue
        row: dict[str, object] = {
            "organisation_id": organisation,
            "message_id": ident,
            "source": item.source,
            "media_type": item.media_type,
            "sha256": digest,
            "original": item.original_bytes,
        }
        (updates if ident in stored else inserts).append(row)
    # one statement for the whole batch (executemany): a statement per record costs more
    # than the import itself
    if inserts:
        insert_rows(connection, _T, inserts)
    if updates:
        connection.execute(
            _T.update()
            .where(
                _T.c.organisation_id == sa.bindparam("b_organisation"),
                _T.c.message_id == sa.bindparam("b_message"),
            )
            .values(
                source=sa.bindparam("source"),
                media_type=sa.bindparam("media_type"),
                sha256=sa.bindparam("sha256"),
                original=sa.bindparam("original"),
            ),
            [
                {
                    "b_organisation": row["organisation_id"],
                    "b_message": row["message_id"],
                    "source": row["source"],
                    "media_type": row["media_type"],
                    "sha256": row["sha256"],
                    "original": row["original"],
                }
                for row in updates
            ],
        )
    return len(inserts) + len(updates)


class Originals:
    """The original records of one store's imported messages (``store.originals``)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, organisation: str, message: str) -> StoredOriginal | None:
        """The original record of ``message``, or ``None`` when it was not imported with one."""
        query = sa.select(_T).where(
            _T.c.organisation_id == organisation, _T.c.message_id == message
        )
        with self._store._connection(
            "leer el registro original", "read the original"
        ) as connection:
            row = connection.execute(query).mappings().first()
        if row is None:
            return None
        return StoredOriginal(
            message=row["message_id"],
            source=row["source"],
            media_type=row["media_type"],
            sha256=row["sha256"],
            original=bytes(row["original"]),
        )

    def count(self, organisation: str) -> int:
        """How many of the organisation's messages have their original record stored."""
        query = sa.select(sa.func.count()).where(_T.c.organisation_id == organisation)
        with self._store._connection(
            "contar los registros originales", "count the originals"
        ) as connection:
            return int(connection.execute(query).scalar_one())
