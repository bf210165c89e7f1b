"""What reading the networks back keeps in the store (revision 0008): cursors, metrics, limits.

:attr:`Store.sync <govsm.store.Store.sync>` gives a :class:`SyncState`. A page read from a
network is saved with :meth:`SyncState.save_page`: its messages, the audit entries it calls for
and the cursor to resume from, in one transaction — a cursor never moves past what was saved,
so a sync interrupted at any point reads the same page again and saves nothing twice.

The limits a profile's adapter declared
(:class:`~govsm.channels.network_limits.NetworkLimits`) are kept in ``sync_cursors`` too, as
the row of the stream :data:`LIMITS`: one JSON text per profile, replaced by each sync, with the
instant it was read. Revision 0008 has no other place per profile. The row is never taken for
a cursor: a sync asks :meth:`SyncState.cursor` only for :data:`STREAMS`, and
:meth:`SyncState.save_page` refuses any other stream.
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
_MSG = schema.messages

#: the streams a profile is read in
STREAMS = ("inbound", "own")

#: the ``sync_cursors`` row that holds a profile's :class:`NetworkLimits`
LIMITS = "limits"


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
        key = {"organisation_id": organisation, "profile_id": profile, "stream": LIMITS}
        text, at = limits.to_json(), limits.read_at

        def work(connection: Connection) -> None:
            reads.require_organisation(connection, organisation)
            updated = connection.execute(
                sa.update(_C)
                .where(*(_C.c[name] == value for name, value in key.items()))
                .values(cursor=text, synced_at=at)
            ).rowcount
            if not updated:
                connection.execute(sa.insert(_C).values(**key, cursor=text, synced_at=at))

        self._store._write(
            work,
            f"guardar los límites de «{profile}»",
            f"save the limits of '{profile}'",
        )

    def limits(self, organisation: str) -> dict[str, NetworkLimits]:
        """The limits each profile's network last declared, by profile id."""
        query = sa.select(_C.c.profile_id, _C.c.cursor).where(
            _C.c.organisation_id == organisation, _C.c.stream == LIMITS
        )
        with self._store._connection("leer los límites", "read the limits") as connection:
            found = {
                profile: NetworkLimits.from_json(text or "")
                for profile, text in connection.execute(query)
            }
        return {profile: limits for profile, limits in found.items() if limits is not None}

    def metrics(
        self, organisation: str, profile: str, remote_id: str | None = None
    ) -> list[tuple[str, datetime, int]]:
        """The counts kept for a post (or the profile, when ``None``): name, instant, value."""
        query = (
            sa.select(_M.c.name, _M.c.at, _M.c.value)
            .where(
                _M.c.organisation_id == organisation,
                _M.c.profile_id == profile,
                _M.c.remote_id == (remote_id or ""),
            )
            .order_by(_M.c.at, _M.c.name)
        )
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
