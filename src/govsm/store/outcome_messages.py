"""What outcomes change in their messages, applied to the messages as stored when recorded.

:meth:`govsm.store.outbox.Outbox.settle` records a batch's outcomes under the organisation's
audit-chain lock; the messages they change are written here, in the same transaction.

A worker computes an outcome's message from the copy it read when it claimed the batch; another
worker may have published another item of the same message since (a repeat, or the same message
on two profiles), or a person may have edited it. So each message is read again under the lock
and only :data:`OUTCOME_FIELDS` are applied to it as stored:

* a message the store already holds as published is left alone — it keeps the first
  publication recorded (its remote id and address); the later item's own id and address are in
  its outbox item and its ``message.published`` entry, and a later failure does not turn it
  back into ``failed``;
* any other takes the outcome's state, and its publication's id, address and time;
* a message no longer stored is not written again.

Reading a message again is reading its document's text; it is parsed only when it differs from
the text the worker's copy was read from (its :class:`Base`): when it does not, the message as
stored *is* the worker's copy, and the worker's message with the outcome applied is the result.
That result's row is serialised before the lock is taken (:func:`expected_rows`), so what runs
while the lock is held is a comparison of texts, not a serialisation.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from attrs import field, frozen
from sqlalchemy.engine import Connection

from govsm.ledger.chain import GENESIS_HASH
from govsm.model import Message, MessageState
from govsm.store import rows, schema

_M = schema.messages

#: the fields of a message an outcome sets; the others stay as stored
OUTCOME_FIELDS = ("state", "published_at", "remote_id", "url", "idempotency_key")

#: the ``messages`` columns that make up its key
_KEY = ("organisation_id", "id")


@frozen
class Base:
    """The copy of a message an outcome was computed from, as the worker read it.

    The outcome's message is this copy with only :data:`OUTCOME_FIELDS` changed (what
    :func:`govsm.publishing.records.published` and :func:`~govsm.publishing.records.failed`
    make).

    :param document: the message's stored document, as text, when the worker read it.
    :param message: the message read from that text.
    """

    document: str
    message: Message


def outcome_messages(
    connection: Connection,
    organisation: str,
    messages: Sequence[Message],
    bases: Sequence[Base | None] = (),
    *,
    texts: Mapping[str, str] | None = None,
) -> list[Message]:
    """What outcomes change in ``messages``, applied to the messages as stored now.

    Run under the organisation's chain lock, which every outcome takes (see the module's text).

    :param messages: the messages as the outcomes computed them, in the order recorded.
    :param bases: for each of ``messages``, the copy it was computed from, when known (a
        message whose stored text is still that copy's is not parsed again).
    :param texts: the messages' stored documents, by id, read under the lock already (see
        :func:`stored_and_head`); default: read here.
    :return: the messages to write, in the order given (one per id: the last outcome wins
        among those not blocked by a publication).
    """
    if not messages:
        return []
    if texts is None:
        texts = _documents(connection, organisation, [m.id for m in messages])
    known = list(bases) + [None] * (len(messages) - len(bases))
    current: dict[str, Message] = {}
    written: dict[str, Message] = {}
    for message, base in zip(messages, known, strict=True):
        ident = message.id
        text = texts.get(ident)
        if text is None:
            continue
        stored = current.get(ident)
        if stored is None:
            if base is not None and base.document == text and base.message.id == ident:
                stored = base.message  # what the store holds is the worker's copy
            else:
                stored = rows.load(text, Message, f"{organisation}/messages/{ident}")
        if stored.state is MessageState.PUBLISHED:
            current[ident] = stored
            continue
        if base is not None and stored is base.message:
            changed = message  # the base with the outcome's fields: see Base
        else:
            changed = attrs.evolve(
                stored, **{name: getattr(message, name) for name in OUTCOME_FIELDS}
            )
        current[ident] = written[ident] = changed
    return list(written.values())


def _documents_query(organisation: str, ids: Sequence[str]) -> sa.Select[tuple[Any, ...]]:
    return sa.select(_M.c.id, sa.cast(_M.c.data, sa.Text)).where(
        _M.c.organisation_id == organisation, _M.c.id.in_(sorted(set(ids)))
    )


def _documents(connection: Connection, organisation: str, ids: Sequence[str]) -> dict[str, str]:
    """The stored documents of the messages among ``ids``, as text, by id."""
    found = connection.execute(_documents_query(organisation, ids))
    return {str(ident): str(text) for ident, text in found}


def stored_and_head(
    connection: Connection, organisation: str, ids: Sequence[str]
) -> tuple[dict[str, str], tuple[int, str]]:
    """The stored documents of the messages among ``ids`` and the chain's head, in one read.

    What recording outcomes reads once it holds the organisation's chain lock: the messages to
    apply the outcomes to and the entry to chain their events after. One statement (a round
    trip fewer while the lock is held); it runs after the lock was granted, so it sees every
    outcome recorded before.

    :return: the documents by id (as :func:`outcome_messages` takes them), and ``(seq, hash)``
        of the chain's last entry (``(0, GENESIS_HASH)`` when it has none).
    """
    log = schema.audit_log
    last = (
        sa.select(sa.null().label("id"), log.c.hash, log.c.seq)
        .where(log.c.organisation_id == organisation)
        .order_by(log.c.seq.desc())
        .limit(1)
        .subquery()
    )
    parts: list[sa.Select[tuple[Any, ...]]] = [sa.select(last.c.id, last.c.hash, last.c.seq)]
    if ids:
        documents = _documents_query(organisation, ids).add_columns(sa.cast(sa.null(), sa.Integer))
        parts.insert(0, documents)
    texts: dict[str, str] = {}
    head = (0, GENESIS_HASH)
    for ident, text, seq in connection.execute(sa.union_all(*parts)):
        if ident is None:
            head = (int(seq), str(text))
        else:
            texts[str(ident)] = str(text)
    return texts, head


@frozen
class Expected:
    """A message an outcome most likely writes as computed, serialised before the lock is taken.

    :param message: the message as the outcome computed it.
    :param params: the parameters that write its row (``_BY_KEY``).
    :param document: the stored text of the copy it was computed from: while the store still
        holds that text, the message as stored is that copy, and ``message`` is what to write.
    """

    message: Message
    params: rows.Row = field(repr=False)
    document: str = field(repr=False)


def expected_rows(
    messages: Sequence[Message], bases: Sequence[Base | None] = ()
) -> dict[str, Expected]:
    """What :func:`outcome_messages` most likely writes, by id, serialised before the lock.

    A message whose copy is known (its :class:`Base`) and was not published when read is
    written as the outcome computed it when the store still holds that copy — the usual case.
    A message an outcome set more than once is left out.

    :param messages: the messages as the outcomes computed them.
    :param bases: for each of ``messages``, the copy it was computed from, when known.
    """
    counted = Counter(message.id for message in messages)
    ready: dict[str, Expected] = {}
    for message, base in zip(messages, bases, strict=False):
        if (
            base is not None
            and counted[message.id] == 1
            and base.message.id == message.id
            and base.message.state is not MessageState.PUBLISHED
        ):
            ready[message.id] = Expected(message, _params(message), base.document)
    return ready


def if_as_read(expected: Mapping[str, Expected]) -> tuple[sa.Update, list[rows.Row]]:
    """A statement that writes each of ``expected`` if it is stored as read, and its parameters.

    Each message is written only if its stored text is still the one read; the parameter sets
    are in the order of the rows' keys, and the statement returns the ids it wrote. A message
    it does not write (the store holds another text, or none) is left to
    :func:`outcome_messages`, which applies the outcome to the message as stored.
    """
    sets = [{**e.params, "b_as_read": e.document} for e in expected.values()]
    return _IF_AS_READ, sorted(sets, key=operator.itemgetter(*_KEY_PARAMS))


def write_messages(
    connection: Connection,
    messages: Sequence[Message],
    ready: Mapping[str, Expected] | None = None,
) -> None:
    """Write ``messages``, each already stored (as :func:`outcome_messages` gives them).

    Every column of each row is written, in the order of their keys (so concurrent writers take
    row locks in the same order), in one statement for many rows.

    :param ready: rows serialised already (:func:`expected_rows`), each used for the very
        message it was made from.
    """
    if not messages:
        return
    ready = ready or {}
    params: list[rows.Row] = []
    for message in messages:
        known = ready.get(message.id)
        params.append(
            known.params if known is not None and known.message is message else _params(message)
        )
    connection.execute(_BY_KEY, sorted(params, key=operator.itemgetter(*_KEY_PARAMS)))


#: a message's row by its key (the parameters of :func:`_params`)
_BY_KEY = sa.update(_M).where(*(_M.c[name] == sa.bindparam(f"key_{name}") for name in _KEY))
_KEY_PARAMS = tuple(f"key_{name}" for name in _KEY)
#: ``_BY_KEY`` if the stored document is still the text ``b_as_read`` (see :func:`if_as_read`)
_IF_AS_READ = _BY_KEY.where(sa.cast(_M.c.data, sa.Text) == sa.bindparam("b_as_read")).returning(
    _M.c.id
)


def _params(message: Message) -> rows.Row:
    """The parameters of ``_BY_KEY`` that write every column of ``message``'s row."""
    row = rows.message_row(message)[0]
    values = {f"key_{name}": row[name] for name in _KEY}
    values.update({name: value for name, value in row.items() if name not in _KEY})
    return values
