"""Claiming due outbox items: which are due, and marking them held by one worker.

A claim is one short transaction (:meth:`govsm.store.outbox.Outbox.claim` opens it): on
PostgreSQL the due rows are selected ``FOR UPDATE SKIP LOCKED``, so any number of workers on any
number of machines claim different items without waiting for each other; on SQLite the claim
holds the database's write lock (``BEGIN IMMEDIATE``) for the few statements it takes.

On PostgreSQL a claim takes few round trips, each a wait when the machine is busy: the other
holders are listed and asked whether they still run in two statements, and one statement picks
the due rows, marks them claimed and reads their messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from attrs import field, frozen
from sqlalchemy.engine import Connection

from govsm.model import Attempt, Message, OutboxItem, OutboxState, Outcome
from govsm.store import outbox_rows, schema
from govsm.store import rows as documents
from govsm.store.outbox_rows import PAUSED, to_attempt, to_item
from govsm.store.workers import holder_alive, lock_key

_O = schema.outbox
_A = schema.outbox_attempts
_P = schema.publishing_pauses
_M = schema.messages
_C = schema.check_cache

#: the scope of a pause on every profile
ALL_PROFILES = outbox_rows.ALL_PROFILES


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


#: the statements' parameters (built once: a claim only binds its values)
_ORG = sa.bindparam("b_org", type_=_O.c.organisation_id.type)
_WORKER = sa.bindparam("b_worker", type_=_O.c.claimed_by.type)
_NOW = sa.bindparam("b_now", type_=_O.c.updated_at.type)
_LIMIT = sa.bindparam("b_limit", type_=sa.Integer)
_GONE = sa.bindparam("b_gone", expanding=True, type_=_O.c.claimed_by.type)

#: the items of the organisation, but for paused profiles'
_BASE = sa.select(_O).where(_O.c.organisation_id == _ORG, ~PAUSED)
#: its due items
_DUE = _BASE.where(
    _O.c.state.in_([str(OutboxState.SCHEDULED), str(OutboxState.UNCONFIRMED)]),
    _O.c.next_attempt_at <= _NOW,
)
#: its items claimed by the gone workers ``b_gone``
_HELD = _BASE.where(_O.c.state == str(OutboxState.CLAIMED), _O.c.claimed_by.in_(_GONE))
#: the workers other than ``b_worker`` holding its items
_HOLDERS = (
    sa.select(_O.c.claimed_by)
    .distinct()
    .where(
        _O.c.organisation_id == _ORG,
        _O.c.state == str(OutboxState.CLAIMED),
        _O.c.claimed_by != _WORKER,
        ~PAUSED,
    )
)


def _taking(query: sa.Select[Any]) -> sa.Select[Any]:
    """PostgreSQL's claim of up to ``b_limit`` rows of ``query``, in one statement.

    It picks the rows, oldest due first, ``FOR UPDATE SKIP LOCKED`` (only the rows taken are
    locked: other workers skip them and take the next), marks them claimed by ``b_worker``, and
    reads their messages with what the audit's checks kept for them. ``was``: an item's state
    before the claim.
    """
    picked = (
        query.with_only_columns(_O.c.organisation_id, _O.c.id, _O.c.state.label("was"))
        .order_by(_O.c.next_attempt_at, _O.c.id)
        .limit(_LIMIT)
        .with_for_update(skip_locked=True)
        .subquery("picked")
    )
    marked = (
        sa.update(_O)
        .where(_O.c.organisation_id == picked.c.organisation_id, _O.c.id == picked.c.id)
        .values(state=str(OutboxState.CLAIMED), claimed_by=_WORKER, updated_at=_NOW)
        .returning(*_O.c, picked.c.was)
        .cte("marked")
    )
    message = sa.and_(
        _M.c.organisation_id == marked.c.organisation_id, _M.c.id == marked.c.message_id
    )
    cached = sa.and_(_C.c.organisation_id == _M.c.organisation_id, _C.c.message_id == _M.c.id)
    return sa.select(
        marked,
        sa.cast(_M.c.data, sa.Text).label("document_text"),
        _C.c.fingerprint.label("kept_fingerprint"),
        _C.c.findings.label("kept_findings"),
    ).select_from(marked.outerjoin(_M, message).outerjoin(_C, cached))


_TAKE_DUE, _TAKE_HELD = _taking(_DUE), _taking(_HELD)


def claim_due(
    connection: Connection, organisation: str, worker: str, now: datetime, limit: int
) -> list[Claim]:
    """Claim up to ``limit`` due items of ``organisation`` for ``worker`` on ``connection``.

    Due: ``scheduled`` or ``unconfirmed`` with ``next_attempt_at`` reached, or ``claimed`` by
    a worker that is gone. Items of a paused profile (or of every profile, under a pause of
    all) are left alone.
    """
    values: dict[str, Any] = {"b_org": organisation, "b_worker": worker, "b_now": now}
    # claimed items come back only when their worker is gone: each other holder is asked
    # once, and only a gone holder's rows are locked (a live one's stay free for its writes)
    gone = _gone_holders(connection, values)
    values["b_gone"] = sorted(gone)
    postgres = connection.dialect.name == "postgresql"
    taken: list[Any] = []
    for held, query, take in ((True, _HELD, _TAKE_HELD), (False, _DUE, _TAKE_DUE)):
        if len(taken) >= limit or (held and not gone):
            continue
        values["b_limit"] = limit - len(taken)
        if postgres:
            found = connection.execute(take, values).mappings()
            # the row as it was picked: its state before the claim
            rows = [{**row, "state": row["was"]} for row in found]
            taken.extend(sorted(rows, key=lambda row: (row["next_attempt_at"], row["id"])))
        else:  # the write lock is held
            ordered = query.order_by(_O.c.next_attempt_at, _O.c.id).limit(_LIMIT)
            taken.extend(connection.execute(ordered, values).mappings().all())
    if postgres:
        messages = _read_with(organisation, taken)
    else:
        _mark(connection, organisation, [row["id"] for row in taken], worker, now)
        messages = _messages(connection, organisation, [row["message_id"] for row in taken])
    return _claims(connection, organisation, taken, worker, messages)


def _read_with(
    organisation: str, rows: Sequence[Any]
) -> dict[str, tuple[Message, KeptCheck | None, str]]:
    """The messages read with ``rows`` (see :func:`_taking`), as :func:`_messages` gives them."""
    messages: dict[str, tuple[Message, KeptCheck | None, str]] = {}
    for row in rows:
        text = row["document_text"]
        if text is None or row["message_id"] in messages:
            continue
        where = f"{organisation}/messages/{row['message_id']}"
        mark = row["kept_fingerprint"]
        kept = None if mark is None else KeptCheck(text, mark, row["kept_findings"])
        messages[row["message_id"]] = (documents.load(text, Message, where), kept, text)
    return messages


def _gone_holders(connection: Connection, values: dict[str, Any]) -> set[str]:
    """The workers other than ``b_worker`` holding claimed items that are no longer running."""
    holders = [str(row[0]) for row in connection.execute(_HOLDERS, values)]
    if not holders:
        return set()
    if connection.dialect.name != "postgresql":
        return {holder for holder in holders if not holder_alive(connection, holder)}
    return _gone_on_postgres(connection, holders)


#: the keys among ``:keys`` whose session lock can be taken — let go at once — in one statement
#: (``CASE`` fixes the order: a lock is let go only once taken); a free lock is a gone holder's
_FREE_KEYS = sa.text(
    "SELECT k FROM unnest(CAST(:keys AS bigint[])) AS k "
    "WHERE CASE WHEN pg_try_advisory_lock(k) THEN pg_advisory_unlock(k) ELSE false END"
)


def _gone_on_postgres(connection: Connection, holders: Sequence[str]) -> set[str]:
    """Which of ``holders`` are gone, asked in one round trip (see :func:`holder_alive`)."""
    names: dict[int, list[str]] = {}
    for holder in holders:
        names.setdefault(lock_key(holder), []).append(holder)
    free = connection.execute(_FREE_KEYS, {"keys": list(names)}).scalars()
    return {holder for key in free for holder in names[int(key)]}


def _mark(
    connection: Connection, organisation: str, ids: Sequence[str], worker: str, now: datetime
) -> None:
    """Mark the items ``ids`` claimed by ``worker``."""
    if ids:
        connection.execute(
            sa.update(_O)
            .where(_O.c.organisation_id == organisation, _O.c.id.in_(ids))
            .values(state=str(OutboxState.CLAIMED), claimed_by=worker, updated_at=now)
        )


def _claims(
    connection: Connection,
    organisation: str,
    rows: Sequence[Any],
    worker: str,
    messages: Mapping[str, tuple[Message, KeptCheck | None, str]],
) -> list[Claim]:
    """The claims of ``rows`` (as they were before the claim), each with its open attempt.

    The items' messages were read in the same transaction, with what the audit's checks kept
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
