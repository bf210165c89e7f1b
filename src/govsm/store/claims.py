"""Claiming due outbox items: which are due, and marking them held by one worker.

A claim is one short transaction (:meth:`govsm.store.outbox.Outbox.claim` opens it): on
PostgreSQL the due rows are selected ``FOR UPDATE SKIP LOCKED``, so any number of workers on any
number of machines claim different items without waiting for each other; on SQLite the claim
holds the database's write lock (``BEGIN IMMEDIATE``) for the few statements it takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from attrs import field, frozen
from sqlalchemy.engine import Connection

from govsm.model import Attempt, Message, OutboxItem, OutboxState, Outcome
from govsm.store import rows as documents
from govsm.store import schema
from govsm.store.outbox_rows import to_attempt, to_item
from govsm.store.workers import holder_alive

_O = schema.outbox
_A = schema.outbox_attempts
_P = schema.publishing_pauses
_M = schema.messages
_C = schema.check_cache

#: the scope of a pause on every profile
ALL_PROFILES = "*"


@frozen
class KeptCheck:
    """What the audit's message checks kept for a message (:mod:`govsm.store.check_cache`).

    Read with the message in the claim's transaction, so that the publish-time gate can tell
    whether that result still holds for the message as it was read
    (:mod:`govsm.publishing.kept_checks`).

    :param document: the message's stored document, as text (what the fingerprint covers).
    :param fingerprint: the fingerprint the result was stored under.
    :param findings: the stored findings, as JSON text.
    """

    document: str
    fingerprint: str
    findings: str = field(repr=False)


@frozen
class Claim:
    """An item a worker now holds.

    :param item: the item, in state ``claimed``.
    :param unconfirmed: its last attempt, when that attempt has no outcome (the previous
        worker died during it): the network must be asked before anything is sent.
    :param message: the item's message, read in the claim's transaction (``None``: gone, or
        not read).
    :param kept: what the audit's checks kept for that message, read with it (``None``:
        nothing kept).
    :param document: the message's stored document as text, as read (``None``: not read).
    """

    item: OutboxItem
    unconfirmed: Attempt | None = None
    message: Message | None = None
    kept: KeptCheck | None = None
    document: str | None = field(default=None, repr=False)


def claim_due(
    connection: Connection, organisation: str, worker: str, now: datetime, limit: int
) -> list[Claim]:
    """Claim up to ``limit`` due items of ``organisation`` for ``worker`` on ``connection``.

    Due: ``scheduled`` or ``unconfirmed`` with ``next_attempt_at`` reached, or ``claimed`` by
    a worker that is gone. Items of a paused profile (or of every profile, under a pause of
    all) are left alone.
    """
    paused = {
        row[0]
        for row in connection.execute(
            sa.select(_P.c.scope).where(_P.c.organisation_id == organisation)
        )
    }
    if ALL_PROFILES in paused:
        return []
    base = sa.select(_O).where(_O.c.organisation_id == organisation)
    if paused:
        base = base.where(_O.c.profile_id.not_in(sorted(paused)))
    due = base.where(
        _O.c.state.in_([str(OutboxState.SCHEDULED), str(OutboxState.UNCONFIRMED)]),
        _O.c.next_attempt_at <= now,
    )
    postgres = connection.dialect.name == "postgresql"
    taken: list[Any] = []
    # claimed items come back only when their worker is gone: each other holder is asked
    # once, and only a gone holder's rows are locked (a live one's stay free for its writes)
    gone = _gone_holders(connection, organisation, worker, paused)
    if gone:
        held = base.where(_O.c.state == str(OutboxState.CLAIMED), _O.c.claimed_by.in_(sorted(gone)))
        taken.extend(_rows(connection, held, limit, postgres))
    if len(taken) < limit:
        taken.extend(_rows(connection, due, limit - len(taken), postgres))
    return _take(connection, organisation, taken, worker, now)


def _rows(connection: Connection, query: Any, limit: int, postgres: bool) -> list[Any]:
    """Up to ``limit`` rows of ``query``, oldest due first, locked (skipping those locked)."""
    # only the rows taken are locked: other workers skip them and take the next
    query = query.order_by(_O.c.next_attempt_at, _O.c.id).limit(limit)
    if postgres:
        query = query.with_for_update(skip_locked=True)
    return list(connection.execute(query).mappings().all())


def _gone_holders(
    connection: Connection, organisation: str, worker: str, paused: set[str]
) -> set[str]:
    """The workers other than ``worker`` holding claimed items that are no longer running."""
    query = (
        sa.select(_O.c.claimed_by)
        .distinct()
        .where(
            _O.c.organisation_id == organisation,
            _O.c.state == str(OutboxState.CLAIMED),
            _O.c.claimed_by != worker,
        )
    )
    if paused:
        query = query.where(_O.c.profile_id.not_in(sorted(paused)))
    holders = [str(row[0]) for row in connection.execute(query)]
    return {holder for holder in holders if not holder_alive(connection, holder)}


def _take(
    connection: Connection, organisation: str, rows: Sequence[Any], worker: str, now: datetime
) -> list[Claim]:
    """Mark ``rows`` claimed by ``worker``; find the attempt without an outcome of each.

    The items' messages are read in the same transaction, with what the audit's checks kept
    for them, so a worker needs no other read to start on its batch.
    """
    if not rows:
        return []
    again = [row["id"] for row in rows if row["state"] != str(OutboxState.SCHEDULED)]
    last: dict[str, Attempt] = {}
    if again:
        # the last attempt of each item that was claimed or unconfirmed before
        newest = (
            sa.select(_A.c.item_id, sa.func.max(_A.c.number).label("number"))
            .where(_A.c.organisation_id == organisation, _A.c.item_id.in_(again))
            .group_by(_A.c.item_id)
            .subquery()
        )
        found = connection.execute(
            sa.select(_A).join(
                newest,
                sa.and_(
                    _A.c.organisation_id == organisation,
                    _A.c.item_id == newest.c.item_id,
                    _A.c.number == newest.c.number,
                ),
            )
        ).mappings()
        last = {row["item_id"]: to_attempt(row) for row in found}
    connection.execute(
        sa.update(_O)
        .where(_O.c.organisation_id == organisation, _O.c.id.in_([row["id"] for row in rows]))
        .values(state=str(OutboxState.CLAIMED), claimed_by=worker, updated_at=now)
    )
    messages = _messages(connection, organisation, [row["message_id"] for row in rows])
    claims = []
    for row in rows:
        item = to_item({**row, "state": str(OutboxState.CLAIMED), "claimed_by": worker})
        attempt = last.get(item.id)
        open_attempt = (
            attempt if attempt is not None and attempt.outcome in (None, Outcome.UNKNOWN) else None
        )
        message, kept, text = messages.get(item.message, (None, None, None))
        claims.append(Claim(item, open_attempt, message, kept, text))
    return claims


def _messages(
    connection: Connection, organisation: str, ids: Sequence[str]
) -> dict[str, tuple[Message, KeptCheck | None, str]]:
    """The stored messages among ``ids``, each with what the audit's checks kept, and its text."""
    # the document as text, cast as the check cache's own reads cast it: its fingerprint is
    # of that text
    document = sa.cast(_M.c.data, sa.Text)
    query = (
        sa.select(_M.c.id, document, _C.c.fingerprint, _C.c.findings)
        .select_from(
            _M.outerjoin(
                _C,
                sa.and_(_C.c.organisation_id == _M.c.organisation_id, _C.c.message_id == _M.c.id),
            )
        )
        .where(_M.c.organisation_id == organisation, _M.c.id.in_(sorted(set(ids))))
    )
    found: dict[str, tuple[Message, KeptCheck | None, str]] = {}
    for ident, text, mark, findings in connection.execute(query):
        message = documents.load(text, Message, f"{organisation}/messages/{ident}")
        kept = None if mark is None else KeptCheck(text, mark, findings)
        found[ident] = (message, kept, text)
    return found
