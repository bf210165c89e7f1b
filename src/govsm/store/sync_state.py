"""What reading the networks back keeps in the store (revision 0008): cursors, metrics, limits.

:attr:`Store.sync <govsm.store.Store.sync>` gives a :class:`SyncState`. A page read from a
network is saved with :meth:`SyncState.save_page`: its messages, the audit entries it calls for
and the cursor to resume from, in one transaction — a cursor never moves past what was saved,
so a sync interrupted at any point reads the same page again and saves nothing twice.

The limits a profile's adapter declared
(:class:`~govsm.channels.network_limits.NetworkLimits`) are kept in ``network_limits``
(revision 0013), one row per profile, replaced by each sync.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from govsm.channels.network_limits import NetworkLimits
from govsm.ledger.chain import AuditEntry, AuditEvent
from govsm.model import Message
from govsm.spec.remote import Metrics
from govsm.store import audited_writes, reads, rows, schema

if TYPE_CHECKING:
    from govsm.store.store import Store

_C = schema.sync_cursors
_M = schema.metrics
_L = schema.network_limits
_MSG = schema.messages

#: the streams a profile is read in
STREAMS = ("inbound", "own")


class SyncState:
    """Cursors and metrics of every organisation in one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def cursor(self, organisation: str, profile: str, stream: str) -> str | None:
        """Where reading ``stream`` of ``profile`` resumes (``None``: from the beginning)."""
        query = sa.select(_C.c.cursor).where(
            _C.c.organisation_id == organisation,
            _C.c.profile_id == profile,
            _C.c.stream == stream,
        )
        with self._store._connection("leer el cursor", "read the cursor") as connection:
            found = connection.execute(query).first()
            return None if found is None else found[0]

    def save_page(
        self,
        organisation: str,
        profile: str,
        stream: str,
        cursor: str | None,
        now: datetime,
        *,
        messages: Sequence[Message] = (),
        events: Sequence[AuditEvent] = (),
    ) -> list[AuditEntry]:
        """Save one page's messages and entries and move the cursor, all or nothing.

        :param cursor: where the next read resumes.
        :param now: when the page was read.
        :raises ValueError: ``stream`` is not one of :data:`STREAMS`.
        """
        if stream not in STREAMS:
            raise ValueError(f"stream must be one of {STREAMS}, not {stream!r}")

        def work(connection: Connection) -> list[AuditEntry]:
            entries: list[AuditEntry] = []
            if messages or events:
                entries = audited_writes.record(
                    connection,
                    organisation,
                    events,
                    expected_head=None,
                    profiles=(),
                    messages=messages,
                )
            else:
                reads.require_organisation(connection, organisation)
            key = {"organisation_id": organisation, "profile_id": profile, "stream": stream}
            updated = connection.execute(
                sa.update(_C)
                .where(*(_C.c[name] == value for name, value in key.items()))
                .values(cursor=cursor, synced_at=now)
            ).rowcount
            if not updated:
                connection.execute(sa.insert(_C).values(**key, cursor=cursor, synced_at=now))
            return entries

        return self._store._write(
            work,
            f"guardar lo leído de «{profile}»",
            f"save what was read from '{profile}'",
        )

    def save_metrics(self, organisation: str, profile: str, read: Sequence[Metrics]) -> int:
        """Keep the counts read; a count read twice at the same instant is kept once.

        :return: how many counts were new.
        """
        values = [
            {
                "organisation_id": organisation,
                "profile_id": profile,
                "remote_id": metrics.remote_id or "",
                "name": name,
                "at": metrics.at,
                "value": value,
            }
            for metrics in read
            for name, value in sorted(metrics.counts.items())
        ]

        def work(connection: Connection) -> int:
            new = 0
            for value in values:
                exists = connection.execute(
                    sa.select(_M.c.value).where(
                        *(_M.c[k] == value[k] for k in ("organisation_id", "profile_id")),
                        *(_M.c[k] == value[k] for k in ("remote_id", "name", "at")),
                    )
                ).first()
                if exists is None:
                    connection.execute(sa.insert(_M).values(**value))
                    new += 1
            return new

        return self._store._write(
            work, f"guardar las métricas de «{profile}»", f"save the metrics of '{profile}'"
        )

    def save_limits(self, organisation: str, profile: str, limits: NetworkLimits) -> None:
        """Keep the limits the network last declared for ``profile`` (replacing the last ones)."""
        row = {
            "network": limits.network,
            "read_at": limits.read_at,
            "text_limit": limits.text,
            "media_limit": limits.media,
            "alt_text_limit": limits.alt_text,
            "source": limits.source,
        }

        def work(connection: Connection) -> None:
            reads.require_organisation(connection, organisation)
            mine = (_L.c.organisation_id == organisation, _L.c.profile_id == profile)
            if not connection.execute(sa.update(_L).where(*mine).values(**row)).rowcount:
                connection.execute(
                    sa.insert(_L).values(organisation_id=organisation, profile_id=profile, **row)
                )

        self._store._write(
            work,
            f"guardar los límites de «{profile}»",
            f"save the limits of '{profile}'",
        )

    def limits(self, organisation: str) -> dict[str, NetworkLimits]:
        """The limits each profile's network last declared, by profile id."""
        query = sa.select(_L).where(_L.c.organisation_id == organisation)
        with self._store._connection("leer los límites", "read the limits") as connection:
            return {
                row.profile_id: NetworkLimits.kept(
                    network=row.network,
                    read_at=row.read_at,
                    text=row.text_limit,
                    media=row.media_limit,
                    alt_text=row.alt_text_limit,
                    source=row.source,
                )
                for row in connection.execute(query)
            }

    def metrics(
        self,
        organisation: str,
        profile: str,
        remote_id: str | None = None,
        *,
        name: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[tuple[str, datetime, int]]:
        """The counts kept for a post (or the profile, when ``None``): name, instant, value.

        :param name: only this count (``followers``…).
        :param since: only readings at or after this instant.
        :param until: only readings at or before this instant.
        """
        query = (
            sa.select(_M.c.name, _M.c.at, _M.c.value)
            .where(
                _M.c.organisation_id == organisation,
                _M.c.profile_id == profile,
                _M.c.remote_id == (remote_id or ""),
            )
            .order_by(_M.c.at, _M.c.name)
        )
        if name is not None:
            query = query.where(_M.c.name == name)
        if since is not None:
            query = query.where(_M.c.at >= since)
        if until is not None:
            query = query.where(_M.c.at <= until)
        with self._store._connection("leer las métricas", "read the metrics") as connection:
            return [(name, at, int(value)) for name, at, value in connection.execute(query)]

    def latest_post_metrics(
        self, organisation: str, profile: str, until: datetime | None = None
    ) -> dict[str, dict[str, tuple[datetime, int]]]:
        """The last reading of each count of each of the profile's posts (up to ``until``).

        :return: by network id, each count's name with the instant it was read and its value.
        """
        query = (
            sa.select(_M.c.remote_id, _M.c.name, _M.c.at, _M.c.value)
            .where(
                _M.c.organisation_id == organisation,
                _M.c.profile_id == profile,
                _M.c.remote_id != "",
                *(() if until is None else (_M.c.at <= until,)),
            )
            .order_by(_M.c.at)
        )
        latest: dict[str, dict[str, tuple[datetime, int]]] = {}
        with self._store._connection("leer las métricas", "read the metrics") as connection:
            for remote_id, name, at, value in connection.execute(query):
                latest.setdefault(remote_id, {})[name] = (at, int(value))
        return latest

    def by_remote_id(
        self, organisation: str, profile: str, remote_ids: Sequence[str]
    ) -> dict[str, Message]:
        """The profile's stored messages with these network ids, by network id."""
        if not remote_ids:
            return {}
        query = sa.select(_MSG.c.id, _MSG.c.data).where(
            _MSG.c.organisation_id == organisation,
            _MSG.c.profile_id == profile,
            _MSG.c.remote_id.in_(sorted(set(remote_ids))),
        )
        with self._store._connection("leer los mensajes", "read the messages") as connection:
            found = [
                rows.load(data, Message, f"{organisation}/messages/{ident}")
                for ident, data in connection.execute(query)
            ]
        return {message.remote_id: message for message in found if message.remote_id}

    def subjects_of(self, organisation: str, action: str) -> set[str]:
        """The subjects of the organisation's audit-log entries with ``action``.

        Only the one column is read: ``govsm sync`` asks which messages it already recorded as
        deleted on the network without loading (or verifying) the whole log.
        """
        log = schema.audit_log
        query = sa.select(log.c.subject).where(
            log.c.organisation_id == organisation, log.c.action == action
        )
        with self._store._connection(
            "leer el registro de auditoría", "read the audit log"
        ) as connection:
            return {subject for (subject,) in connection.execute(query)}
