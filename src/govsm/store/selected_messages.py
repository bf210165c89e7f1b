"""Reading the messages an export selects: filtered, ordered and streamed, with their checks.

``govsm export`` reads an organisation's messages through :func:`stream_selected`: those of some
profiles, in a period, in some directions, states and kinds (a
:class:`~govsm.spec.export_source.MessageQuery`), newest or oldest first, a chunk of rows at a time
(a server-side cursor on PostgreSQL), so memory does not grow with the number of messages.

A message is said at :func:`~govsm.spec.export_source.message_moment`: when it was published, else
when it was written. A query for published messages only filters and sorts on
``published_at``, which the ``ix_messages_last_published`` index serves; any other sorts on the
earlier of the two that is set.

Given the check cache's context key (:func:`govsm.store.check_cache.context_key`), each message
comes with the findings the last audit stored for it when their fingerprint still holds
(:mod:`govsm.store.check_cache`); nothing is written. A message whose text is longer than the
caller's limit comes as :class:`Oversized`, without its document being read.

"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from attrs import frozen

from govsm.model import Finding, Message, MessageState
from govsm.spec.export_source import MessageQuery
from govsm.store import reads, rows, schema
from govsm.store.check_cache import fingerprint
from govsm.store.coltypes import document_text
from govsm.store.kept_findings import kept_findings

if TYPE_CHECKING:
    from govsm.store.store import Store

#: rows fetched at a time
STREAM_CHUNK = 500

_T = schema.messages
_CACHE = schema.check_cache


@frozen
class Selected:
    """A selected message, with what the last audit found in it when that still holds.

    :param message: the message.
    :param findings: the findings stored for it by the ``checks`` step whose fingerprint
        matches the message and the context key given; ``None`` when there is no such result.
    """

    message: Message
    findings: tuple[Finding, ...] | None = None


@frozen
class Oversized:
    """A selected message whose text is over the caller's limit: not read.

    :param message: its id.
    :param profile: its profile's id.
    :param text_bytes: the size of its text in UTF-8 bytes.
    """

    message: str
    profile: str
    text_bytes: int


def _conditions(query: MessageQuery) -> tuple[list[sa.ColumnElement[bool]], Any]:
    """The WHERE clauses of ``query``, and the column a message is said at."""
    published_only = query.states is not None and query.states <= {MessageState.PUBLISHED}
    when = (
        _T.c.published_at
        if published_only
        else sa.func.coalesce(_T.c.published_at, _T.c.created_at)
    )
    conditions: list[sa.ColumnElement[bool]] = [_T.c.organisation_id == query.organisation]
    if query.profiles is not None:
        conditions.append(_T.c.profile_id.in_(sorted(query.profiles)))
    if query.directions is not None:
        conditions.append(_T.c.direction.in_(sorted(d.value for d in query.directions)))
    if query.states is not None:
        conditions.append(_T.c.state.in_(sorted(s.value for s in query.states)))
    if query.kinds is not None:
        conditions.append(_T.c.kind.in_(sorted(k.value for k in query.kinds)))
    if query.since is not None:
        conditions.append(when >= query.since)
    if query.until is not None:
        conditions.append(when < query.until)
    return conditions, when


def count_selected(store: Store, query: MessageQuery, *, max_text_bytes: int | None = None) -> int:
    """How many messages ``query`` selects (its limit applied).

    :param max_text_bytes: count only the messages whose text is at most this long (UTF-8
        bytes): those :func:`stream_selected` reads.
    :raises StoreError: the organisation is not in the store, or the store cannot be read.
    """
    store._require_head()
    conditions, _ = _conditions(query)
    if max_text_bytes is not None:
        conditions.append(_text_bytes(store) <= max_text_bytes)
    counted = sa.select(sa.func.count()).select_from(_T).where(*conditions)
    with store._connection(
        f"contar los mensajes de «{query.organisation}»",
        f"count the messages of '{query.organisation}'",
    ) as connection:
        reads.require_organisation(connection, query.organisation)
        total = int(connection.execute(counted).scalar_one())
    return total if query.limit is None else min(total, query.limit)


def stream_selected(
    store: Store,
    query: MessageQuery,
    *,
    context: str | None = None,
    max_text_bytes: int | None = None,
) -> Generator[Selected | Oversized, None, None]:
    """Stream the messages ``query`` selects, in its order, a chunk of rows at a time.

    The iterator holds a connection until it is exhausted or closed: close it if you stop early.

    :param query: which messages, in which order, how many (with a limit, the newest, in the
        query's order).
    :param context: the check cache's context key; ``None`` reads no stored findings.
    :param max_text_bytes: a message whose text is longer, in UTF-8 bytes, comes as
        :class:`Oversized` and is not read.
    :raises StoreError: the organisation is not in the store (raised here, not when iterating).
    """
    store._require_head()
    with store._connection(
        f"leer la organización «{query.organisation}»",
        f"read organisation '{query.organisation}'",
    ) as connection:
        reads.require_organisation(connection, query.organisation)
    return _stream(store, query, context, max_text_bytes)


def _stream(
    store: Store, query: MessageQuery, context: str | None, max_text_bytes: int | None
) -> Generator[Selected | Oversized, None, None]:
    organisation = query.organisation
    conditions, when = _conditions(query)
    size = _text_bytes(store)
    document: Any = document_text(_T.c.data, store.dialect)
    if max_text_bytes is not None:  # the document of a text over the limit is not read
        document = sa.case((size > max_text_bytes, sa.null()), else_=document)
    columns: list[Any] = [
        _T.c.id,
        _T.c.profile_id,
        size.label("text_bytes"),
        document.label("document"),
    ]
    source: Any = _T
    if context is not None:
        columns += [_CACHE.c.fingerprint, _CACHE.c.findings]
        source = _T.outerjoin(
            _CACHE,
            sa.and_(
                _CACHE.c.organisation_id == _T.c.organisation_id, _CACHE.c.message_id == _T.c.id
            ),
        )
    selected = sa.select(*columns).select_from(source).where(*conditions)
    newest = (when.desc(), _T.c.id.desc())
    if query.newest_first:
        selected = selected.order_by(*newest)
        if query.limit is not None:
            selected = selected.limit(query.limit)
    elif query.limit is None:
        selected = selected.order_by(when.asc(), _T.c.id.asc())
    else:  # the newest ``limit``, given oldest first
        kept = selected.add_columns(when.label("said_at")).order_by(*newest)
        chosen = kept.limit(query.limit).subquery()
        selected = (
            sa.select(*(chosen.c[column.name] for column in columns))
            .select_from(chosen)
            .order_by(chosen.c.said_at.asc(), chosen.c.id.asc())
        )
    with store._connection(
        f"leer los mensajes de «{organisation}»", f"read the messages of '{organisation}'"
    ) as connection:
        result = connection.execution_options(yield_per=STREAM_CHUNK).execute(selected)
        with result:
            for row in result:
                key, profile, text_bytes, data = row[0], row[1], int(row[2] or 0), row[3]
                if data is None:
                    yield Oversized(key, profile, text_bytes)
                    continue
                found = None
                if context is not None and row[4] == fingerprint(context, data):
                    found = _findings(row[5])
                message = rows.load(data, Message, f"{organisation}/messages/{key}")
                yield Selected(message, found)


def selected_remote_ids(store: Store, query: MessageQuery) -> set[str]:
    """The network ids of the messages ``query`` selects (those that have one).

    Read from the messages' ``remote_id`` column: no message is built. With a limit, the ids of
    the newest ``limit`` messages the query selects.

    :raises StoreError: the organisation is not in the store, or the store cannot be read.
    """
    store._require_head()
    conditions, when = _conditions(query)
    selected = sa.select(_T.c.remote_id).where(*conditions)
    if query.limit is not None:
        selected = selected.add_columns(when).order_by(when.desc(), _T.c.id.desc())
        selected = selected.limit(query.limit)
    with store._connection(
        f"leer los mensajes de «{query.organisation}»",
        f"read the messages of '{query.organisation}'",
    ) as connection:
        reads.require_organisation(connection, query.organisation)
        return {str(row[0]) for row in connection.execute(selected) if row[0]}


def _text_bytes(store: Store) -> Any:
    """The size of a message's text in UTF-8 bytes, as SQL."""
    if store.dialect == "postgresql":
        return sa.func.octet_length(_T.c.text)
    return sa.func.length(sa.cast(_T.c.text, sa.LargeBinary))


def _findings(text: str | None) -> tuple[Finding, ...] | None:
    """The stored findings, or ``None`` when there are none or the row cannot be read."""
    return kept_findings(text) if text is not None else None
