"""Checking many posts on every core: a process pool that keeps the input's order.

Posts are independent and the checker only reads, so :func:`check_in_parallel` hands chunks of
them to worker processes and yields the results in the order the inputs came — the output is
byte for byte what one process writes. Memory stays flat: at most ``2 × jobs`` chunks are in
flight, however long the input.

Each worker builds its own :class:`~govsm.rules.engine.Checker` from a :class:`CheckerRecipe` —
the organisation snapshot, the workspace folder and which plugins are disabled — so nothing
that cannot cross a process boundary (a rule's function, a plugin object) has to. Where the
platform can fork, workers start as copies of this process, with the rules already imported.

A short input never starts a pool: until more than :data:`POOL_AFTER` posts have been read they
are checked here, and a pool is started only for the rest.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from attrs import frozen

from govsm.checking.inputs import CheckInput
from govsm.model import OrganisationSnapshot
from govsm.rules.engine import Checker, CheckResult

#: inputs checked in this process before a pool is worth starting
POOL_AFTER = 256

#: posts per chunk sent to a worker (big enough that pickling them is cheap beside checking)
CHUNK = 128


@frozen
class CheckerRecipe:
    """What a worker process needs to build the same checker as this process.

    :param snapshot: the organisation, when checking a workspace's posts.
    :param root: the workspace folder, for rules that read media files.
    :param disabled: plugins not to load (the host's :attr:`~govsm.plugins.PluginHost.disabled`).
    :param entry_points: whether installed plugins are loaded.
    """

    snapshot: OrganisationSnapshot | None
    root: Path | None
    disabled: frozenset[str]
    entry_points: bool = True

    def build(self) -> Checker:
        """A checker with the rules and channels of a fresh plugin host."""
        from govsm.plugins import PluginHost

        host = PluginHost(disabled=self.disabled, entry_points=self.entry_points)
        return Checker(host.rules(), host.channels(), self.snapshot, self.root)


def default_jobs() -> int:
    """The cores this process may use (``os.process_cpu_count``, affinity respected)."""
    count = getattr(os, "process_cpu_count", os.cpu_count)()
    return max(1, count or 1)


#: the checker of a worker process, built once when the worker starts
_worker_checker: Checker | None = None


def _start_worker(recipe: CheckerRecipe) -> None:
    global _worker_checker
    _worker_checker = recipe.build()


def _check_chunk(items: Sequence[CheckInput]) -> list[CheckResult]:
    from govsm.checking.api import check_input

    assert _worker_checker is not None, "the worker was started without its checker"
    return [check_input(_worker_checker, item) for item in items]


def check_in_parallel(
    checker: Checker,
    recipe: CheckerRecipe,
    items: Iterable[CheckInput],
    jobs: int,
) -> Iterator[tuple[CheckInput, CheckResult]]:
    """Check ``items`` with ``jobs`` processes; yield each with its result, in input order.

    :param checker: this process's checker, for the first :data:`POOL_AFTER` inputs and for
        every input when ``jobs`` is 1.
    :param recipe: how workers build theirs (it must give the same rules and configuration).
    :param items: the inputs, read lazily.
    :param jobs: how many processes check at once (``1``: no pool).
    """
    from govsm.checking.api import check_input

    stream = iter(items)
    first = list(itertools.islice(stream, POOL_AFTER if jobs > 1 else None))
    for item in first:
        yield item, check_input(checker, item)
    if jobs <= 1 or len(first) < POOL_AFTER:
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(recipe,)
    ) as pool:
        pending: deque[tuple[list[CheckInput], Future[list[CheckResult]]]] = deque()
        while True:
            while len(pending) < 2 * jobs:
                chunk = list(itertools.islice(stream, CHUNK))
                if not chunk:
                    break
                pending.append((chunk, pool.submit(_check_chunk, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            yield from zip(chunk, future.result(), strict=True)
