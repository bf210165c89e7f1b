"""Reading an archive in a second process while this one writes what was read.

Importing a large archive is two halves of Python work of about the same size: reading (the
importer parses each record and makes its message) and writing (the store serialises each
message and inserts it). Threads cannot run them at once; two processes can. :func:`read_aside`
runs a reading in a forked child process and hands its events back, in order, a batch at a
time: this process writes batch *n* while the child reads batch *n + 1*. At most a few batches
are in flight, so memory does not grow with the archive.

It is used only where it helps and is safe: on Linux (``fork`` there copies the parent, plugins
loaded and all, without re-importing anything), with at least two processors, and while this
process runs no other thread. Elsewhere :func:`can_read_aside` says no and the caller reads in
process. The child never touches the store: it reads the archive and sends what it read.

Whatever the child raises is raised here, as the same exception when it can be pickled; a
child that dies without a word (killed, out of memory) is a :class:`~govsm.errors.GovsmError`
naming its exit code. Either way the caller's transaction is rolled back by the exception.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
from collections.abc import Callable, Generator, Iterator
from multiprocessing.queues import Queue
from typing import Any, TypeVar

from govsm.errors import GovsmError

T = TypeVar("T")

#: how many events the child sends at once
BATCH = 500

#: how many batches the child may be ahead of the parent
AHEAD = 8

#: how long to wait for the child's next batch before checking that it still lives (seconds)
_POLL = 1.0

#: how long a child stopped with SIGTERM has to end before it is killed (seconds)
_STOP_WAIT = 5.0


def can_read_aside() -> bool:
    """Whether :func:`read_aside` can run here (Linux, two processors or more, no other thread)."""
    return (
        sys.platform.startswith("linux")
        and (os.cpu_count() or 1) >= 2
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def read_aside(
    produce: Callable[[], Iterator[T]], *, batch: int = BATCH, ahead: int = AHEAD
) -> Generator[T, None, None]:
    """The items ``produce()`` yields, produced in a forked child process, in order.

    The child starts at once (before the first item is asked for), so it reads while the caller
    prepares; closing the iterator early stops it.

    :param produce: called in the child; what it yields must be picklable.
    :param batch: how many items the child sends at once.
    :param ahead: how many batches the child may have sent that were not taken yet.
    :raises GovsmError: the child died without saying why.
    """
    context = multiprocessing.get_context("fork")
    channel: Queue[tuple[str, Any]] = context.Queue(maxsize=ahead)
    child = context.Process(target=_produce, args=(produce, channel, batch), daemon=True)
    child.start()
    return _receive(child, channel)


def _receive(child: Any, channel: Queue[tuple[str, Any]]) -> Generator[Any, None, None]:
    try:
        while True:
            try:
                kind, payload = channel.get(timeout=_POLL)
            except queue.Empty:
                if child.is_alive():
                    continue
                try:  # what it sent before it ended is in the pipe by now
                    kind, payload = channel.get(timeout=_POLL)
                except queue.Empty:
                    raise _died(child.exitcode) from None
            if kind == "items":
                yield from payload
            elif kind == "end":
                return
            else:
                raise payload
    finally:
        if child.is_alive():
            child.terminate()
        child.join(timeout=_STOP_WAIT)
        if child.is_alive():  # it should not survive SIGTERM (it restores the default action)
            child.kill()
            child.join()
        channel.close()


def _died(code: int | None) -> GovsmError:
    return GovsmError(
        f"el proceso que leía el archivo terminó sin acabar (código {code}); no se guarda nada",
        f"the process reading the archive ended before it finished (exit code {code}); "
        "nothing is saved",
    )


def _produce(
    produce: Callable[[], Iterator[Any]], channel: Queue[tuple[str, Any]], batch: int
) -> None:
    """The child: read, send each batch of items, then ``end`` (or the exception raised)."""
    # the parent may have its own SIGTERM handler (a worker's graceful stop): the child must
    # end when the parent stops it, not go on waiting to send
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    pending: list[Any] = []
    try:
        for item in produce():
            pending.append(item)
            if len(pending) >= batch:
                channel.put(("items", pending))
                pending = []
        if pending:
            channel.put(("items", pending))
        channel.put(("end", None))
    except BaseException as exc:  # every failure goes back to the parent, after what was read
        if pending:
            channel.put(("items", pending))
        channel.put(("error", _portable(exc)))
    finally:
        channel.close()
        channel.join_thread()  # everything sent reaches the pipe before the child ends


def _portable(exc: BaseException) -> BaseException:
    """``exc`` when it survives pickling, else a :class:`RuntimeError` saying what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
