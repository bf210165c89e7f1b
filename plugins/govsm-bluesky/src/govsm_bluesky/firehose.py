# mypy: disable-error-code="import-untyped"
"""The PDS's firehose, read from a cursor until caught up.

``com.atproto.sync.subscribeRepos`` is a websocket on which the PDS sends every change of every
repository it hosts, each with a sequence number (``seq``): ``#commit`` (records created,
updated or deleted, the new records in a CAR slice), ``#identity``, ``#account``, ``#sync``, and
``#info``. Given a ``cursor``, it first replays the events after it that it still keeps
(``PDS_REPO_BACKFILL_LIMIT_MS``, 24 hours by default), then streams new ones.

:func:`read` opens the websocket at a cursor, decodes frames with the atproto SDK (frames,
``#commit`` messages, CAR blocks) and stops when the server has been silent for ``idle`` seconds
(caught up), or after ``max_frames`` frames or ``max_seconds`` seconds (``more``). The SDK's own
``FirehoseSubscribeReposClient`` is made to run for ever (it reconnects, and a failing callback
only prints its traceback), so the websocket is driven here, with the same decoding.

What the server says about the cursor:

* ``#info`` ``OutdatedCursor``: the cursor is older than what the PDS keeps; it goes on from
  its oldest event (:attr:`Batch.outdated`: what happened in between is lost);
* error ``FutureCursor``: the cursor is ahead of the PDS's last event (the PDS was reset, or
  the account moved): :attr:`Batch.future`.

Events at or before the cursor are skipped: right after a websocket opens, the PDS can send
again the last events before the cursor (measured on ``@atproto/pds`` 0.5.35: its outbox
forwards what its sequencer polls from the database while the backfill finds nothing new, so
every other read from an up-to-date cursor repeated the last events).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from atproto import CAR, parse_subscribe_repos_message
from atproto_core.exceptions import AtProtocolError
from atproto_subscription.frames import ErrorFrame, Frame
from attrs import frozen
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException
from websockets.sync.client import ClientConnection, connect

from govsm.spec import PermanentRejection, TransientError
from govsm_bluesky.errors import NETWORK
from govsm_bluesky.reading import when

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 5 * 1024 * 1024
"""The largest frame accepted (as the SDK's own client)."""


@frozen
class Op:
    """One record changed by a commit.

    :param action: ``create``, ``update`` or ``delete``.
    :param collection: the record's collection (``app.bsky.feed.post``).
    :param rkey: its record key.
    :param record: the record as written (``None`` for a deletion, or when not asked for).
    """

    action: str
    collection: str
    rkey: str
    record: dict[str, Any] | None = None


@frozen
class Commit:
    """A ``#commit`` of one repository.

    :param seq: its sequence number on the PDS.
    :param repo: the repository's DID.
    :param rev: the repository's revision after it (a TID).
    :param time: when the PDS sequenced it.
    :param ops: the records it changed.
    """

    seq: int
    repo: str
    rev: str
    time: datetime
    ops: tuple[Op, ...]


@frozen
class Batch:
    """What one read of the firehose returned.

    :param commits: the commits with at least one op asked for, in order.
    :param cursor: the sequence number of the last event read (the cursor asked if none).
    :param more: the read stopped at its frame or time limit, not because it caught up.
    :param outdated: the PDS no longer keeps the events right after the cursor.
    :param future: the cursor is ahead of the PDS's last event.
    """

    commits: tuple[Commit, ...]
    cursor: int
    more: bool = False
    outdated: bool = False
    future: bool = False


def websocket_url(pds: str, cursor: int) -> str:
    """The firehose's address on ``pds`` from ``cursor``.

    >>> websocket_url("https://pds.example.org", 42)
    'wss://pds.example.org/xrpc/com.atproto.sync.subscribeRepos?cursor=42'
    """
    scheme, rest = pds.split("://", 1)
    ws = "wss" if scheme == "https" else "ws"
    return f"{ws}://{rest}/xrpc/com.atproto.sync.subscribeRepos?{urlencode({'cursor': cursor})}"


def read(
    pds: str,
    cursor: int,
    wanted: Callable[[str, str], bool],
    *,
    idle: float,
    max_frames: int,
    max_seconds: float,
    open_timeout: float,
) -> Batch:
    """The commits after ``cursor``, until the PDS is silent for ``idle`` seconds.

    :param pds: the PDS's address (``https://…``).
    :param cursor: the last sequence number already read (0: from the oldest kept).
    :param wanted: whether an op of a repository matters, from the repository's DID and the
        op's path (``app.bsky.feed.post/<rkey>``); only those are decoded and returned.
    :param idle: seconds of silence that mean the PDS has sent everything.
    :param max_frames: frames read at most.
    :param max_seconds: seconds spent at most.
    :param open_timeout: seconds to open the websocket.
    :raises TransientError: the websocket could not be opened, or broke before any event.
    :raises PermanentRejection: the server has no firehose (an HTTP 4xx on opening it).
    """
    try:
        socket = connect(
            websocket_url(pds, cursor),
            open_timeout=open_timeout,
            close_timeout=1.0,
            max_size=MAX_MESSAGE_BYTES,
        )
    except InvalidStatus as refused:
        status = refused.response.status_code
        if 400 <= status < 500 and status != 429:
            raise PermanentRejection(
                NETWORK,
                f"el servidor no ofrece el flujo de eventos (HTTP {status})",
                f"the server offers no event stream (HTTP {status})",
            ) from None
        raise _broken(type(refused).__name__) from None
    except (OSError, WebSocketException) as failed:
        raise _broken(type(failed).__name__) from None
    with socket:
        return _drain(socket, cursor, wanted, idle, max_frames, max_seconds)


def _broken(kind: str) -> TransientError:
    return TransientError(
        NETWORK,
        f"no se pudo leer el flujo de eventos de Bluesky ({kind})",
        f"Bluesky's event stream could not be read ({kind})",
    )


def _drain(
    socket: ClientConnection,
    cursor: int,
    wanted: Callable[[str, str], bool],
    idle: float,
    max_frames: int,
    max_seconds: float,
) -> Batch:
    """Read frames until silence, a limit, or the server's error."""
    commits: list[Commit] = []
    outdated = False
    deadline = time.monotonic() + max_seconds
    for frames in range(max_frames):
        wait = min(idle, deadline - time.monotonic())
        if wait <= 0:
            return Batch(tuple(commits), cursor, more=True, outdated=outdated)
        try:
            raw = socket.recv(timeout=wait)
        except TimeoutError:
            more = time.monotonic() >= deadline
            return Batch(tuple(commits), cursor, more=more, outdated=outdated)
        except ConnectionClosed as closed:
            normal = closed.rcvd is not None and closed.rcvd.code in (1000, 1001)
            if frames == 0 and not normal:
                raise _broken(type(closed).__name__) from None
            log.info("bluesky: the firehose closed after %d frames; resuming later", frames)
            return Batch(tuple(commits), cursor, outdated=outdated)
        if isinstance(raw, str):
            continue
        try:
            frame: Any = Frame.from_bytes(raw)
        except (AtProtocolError, ValueError):
            log.warning("bluesky: a firehose frame could not be decoded; skipped")
            continue
        if isinstance(frame, ErrorFrame):
            error = str(frame.body.error)
            if error == "FutureCursor":
                return Batch(tuple(commits), cursor, future=True)
            raise TransientError(
                NETWORK,
                f"el flujo de eventos de Bluesky respondió con un error: «{error}»",
                f"Bluesky's event stream answered with an error: '{error}'",
            )
        body: Any = frame.body
        if frame.type == "#info":
            outdated = outdated or body.get("name") == "OutdatedCursor"
            continue
        seq = body.get("seq")
        if not isinstance(seq, int) or seq <= cursor:
            continue  # the PDS may send again events up to the cursor (see the module)
        cursor = seq
        if frame.type == "#commit":
            try:
                commit = _commit(frame, wanted)
            except (AtProtocolError, ValueError, KeyError, TypeError):
                log.warning("bluesky: the firehose commit %d could not be decoded; skipped", seq)
                continue
            if commit is not None:
                commits.append(commit)
    return Batch(tuple(commits), cursor, more=True, outdated=outdated)


def _commit(frame: Any, wanted: Callable[[str, str], bool]) -> Commit | None:
    """The commit a frame holds, with its wanted ops' records; ``None`` if none is wanted."""
    body = frame.body
    repo = body.get("repo")
    ops = body.get("ops")
    if not isinstance(repo, str) or not isinstance(ops, list):
        return None
    paths = [op.get("path") for op in ops if isinstance(op, dict)]
    if not any(isinstance(path, str) and wanted(repo, path) for path in paths):
        return None
    message: Any = parse_subscribe_repos_message(frame)
    blocks: Any = CAR.from_bytes(message.blocks).blocks if message.blocks else {}
    found: list[Op] = []
    for op in message.ops:
        path = str(op.path)
        if not wanted(repo, path) or "/" not in path:
            continue
        collection, rkey = path.split("/", 1)
        record = blocks.get(op.cid) if op.cid is not None else None
        found.append(
            Op(
                action=str(op.action),
                collection=collection,
                rkey=rkey,
                record=dict(record) if isinstance(record, dict) else None,
            )
        )
    seen = when(str(message.time), datetime.now(UTC))
    return Commit(
        seq=int(message.seq), repo=repo, rev=str(message.rev), time=seen, ops=tuple(found)
    )
