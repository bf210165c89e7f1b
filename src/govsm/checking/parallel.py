"""Checking many posts on every core: a process pool that keeps the input's order.

Posts are independent and the checker only reads, so :func:`check_in_parallel` hands chunks of
them to worker processes and yields the results in the order the inputs came — the output is
byte for byte what one process writes. Memory stays flat: at most ``2 × jobs`` chunks are in
flight, however long the input.

Where the platform can fork, workers start as copies of this process once it has checked the
first posts: the rules imported, their patterns compiled, the language models loaded, and this
process's :class:`~govsm.rules.engine.Checker` ready, which they use as it is. Elsewhere each
worker builds its own checker from a :class:`CheckerRecipe` — the organisation snapshot, the
workspace folder and which plugins are disabled — so nothing that cannot cross a process
boundary (a rule's function, a plugin object) has to.

``govsm check`` uses :func:`render_in_parallel`: workers also render each result in the output
format (:meth:`~govsm.checking.formats.Writer.render`) and send back the rendered text with two
flags, not the result — pickling a result and its findings cost this process more than writing
them.

A short input never starts a pool: until more than :data:`POOL_AFTER` posts have been read they
are checked here, and a pool is started only for the rest.

Once those first posts are checked, the heap is frozen (:func:`gc.freeze`) until the last result
is yielded: what the checker loaded by then — compiled patterns, word tables, the organisation —
lives as long as the run, and the garbage collector's full collections, here and in the workers
forked from here, stop walking it (on the benchmark corpus, about 3 % of the time spent
checking). Then it is unfrozen, and what became garbage meanwhile is collected as usual. A heap
someone else froze is left as it is.
"""

from __future__ import annotations

import gc
import io
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import field, frozen

from govsm.checking.inputs import CheckInput, PendingLine, parse_pending
from govsm.model import Channel, OrganisationSnapshot
from govsm.rules.engine import Checker, CheckResult

if TYPE_CHECKING:
    from govsm.checking.formats import Writer

In = TypeVar("In")
T = TypeVar("T")
R = TypeVar("R")

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
    :param profile_channels: the profiles' own channels, where their servers declared other
        limits (:attr:`Checker.profile_channels <govsm.rules.engine.Checker.profile_channels>`).
    """

    snapshot: OrganisationSnapshot | None
    root: Path | None
    disabled: frozenset[str]
    entry_points: bool = True
    profile_channels: Mapping[str, Channel] = field(factory=dict)

    def build(self) -> Checker:
        """A checker with the rules and channels of a fresh plugin host."""
        from govsm.plugins import PluginHost

        host = PluginHost(disabled=self.disabled, entry_points=self.entry_points)
        return Checker(
            host.rules(), host.channels(), self.snapshot, self.root, self.profile_channels
        )


def default_jobs() -> int:
    """The cores this process may use (``os.process_cpu_count``, affinity respected)."""
    count = getattr(os, "process_cpu_count", os.cpu_count)()
    return max(1, count or 1)


@frozen
class OutputRecipe:
    """How a worker builds the writer that renders its results (its stream is never written).

    :param fmt: the output format (``json``, ``text``, ``sarif``, ``junit``).
    :param language: the reader's language.
    :param colour: whether the text format is styled.
    """

    fmt: str
    language: str
    colour: bool

    def build(self, rules: Mapping[str, object]) -> Writer:
        """The format's writer, on a stream that stays empty."""
        from govsm.checking.formats import make_writer

        return make_writer(
            self.fmt, io.StringIO(), language=self.language, colour=self.colour, rules=dict(rules)
        )


#: what a worker sends back for one input: the writer's rendering, the rank of the most severe
#: unwaived finding (``-1``: none) and whether the input could not be read or measured
Outcome = tuple[Any, int, bool]


def outcome(writer: Writer, item: CheckInput, result: CheckResult) -> Outcome:
    """``result`` rendered by ``writer``, with its worst unwaived rank and the input-error flag."""
    from govsm.checking.api import INPUT_ERROR

    worst = -1
    unreadable = False
    for finding in result.findings:
        if finding.waived_by is None and finding.severity.rank > worst:
            worst = finding.severity.rank
        unreadable = unreadable or finding.rule == INPUT_ERROR
    return writer.render(item, result), worst, unreadable


#: the checker (and writer, for :func:`render_in_parallel`) of a worker process, built once
#: when the worker starts
_worker_checker: Checker | None = None
_worker_writer: Writer | None = None
#: the checker of the process that starts a forking pool, which its workers inherit and use
_forked_checker: Checker | None = None


def _start_worker(recipe: CheckerRecipe, output: OutputRecipe | None) -> None:
    global _worker_checker, _worker_writer
    _worker_checker = _forked_checker if _forked_checker is not None else recipe.build()
    _worker_writer = output.build(_worker_checker.rules) if output is not None else None


def _check_chunk(items: Sequence[CheckInput]) -> list[CheckResult]:
    from govsm.checking.api import check_inputs

    assert _worker_checker is not None, "the worker was started without its checker"
    return check_inputs(_worker_checker, items)


def _rendered(
    checker: Checker, writer: Writer, items: Sequence[CheckInput | PendingLine]
) -> list[Outcome]:
    """Parse, check and render a chunk of inputs (a blank line is no input: nothing for it)."""
    from govsm.checking.api import check_inputs

    read = [parse_pending(item) if isinstance(item, PendingLine) else item for item in items]
    inputs = [item for item in read if item is not None]
    return [
        outcome(writer, item, result)
        for item, result in zip(inputs, check_inputs(checker, inputs), strict=True)
    ]


def _render_chunk(items: Sequence[CheckInput | PendingLine]) -> list[Outcome]:
    checker, writer = _worker_checker, _worker_writer
    assert checker is not None, "the worker was started without its checker"
    assert writer is not None, "the worker was started without its writer"
    return _rendered(checker, writer, items)


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
    from govsm.checking.api import check_inputs

    def here(chunk: list[CheckInput]) -> Iterator[tuple[CheckInput, CheckResult]]:
        return zip(chunk, check_inputs(checker, chunk), strict=True)

    def back(
        chunk: list[CheckInput], done: list[CheckResult]
    ) -> Iterator[tuple[CheckInput, CheckResult]]:
        return zip(chunk, done, strict=True)

    yield from _pooled(items, jobs, here, _check_chunk, back, checker, (recipe, None))


def render_in_parallel(
    checker: Checker,
    writer: Writer,
    recipe: CheckerRecipe,
    output: OutputRecipe,
    items: Iterable[CheckInput | PendingLine],
    jobs: int,
) -> Iterator[Outcome]:
    """Check and render ``items`` with ``jobs`` processes; yield each :data:`Outcome` in order.

    Give each rendering to ``writer.emit``: the output is what ``writer.write`` writes for every
    input and its result, in one process.

    :param checker: this process's checker, as :func:`check_in_parallel` takes it.
    :param writer: this process's writer, which renders the inputs checked here.
    :param recipe: how workers build their checker.
    :param output: how workers build their writer (the same format, language and colour).
    :param items: the inputs, read lazily; JSON Lines records may come unparsed
        (``read_inputs(..., defer=True)``), and are then parsed where they are checked (a blank
        one yields nothing).
    :param jobs: how many processes check at once (``1``: no pool).
    """

    def here(chunk: list[CheckInput | PendingLine]) -> Iterator[Outcome]:
        return iter(_rendered(checker, writer, chunk))

    def back(chunk: list[CheckInput | PendingLine], done: list[Outcome]) -> Iterator[Outcome]:
        return iter(done)

    yield from _pooled(items, jobs, here, _render_chunk, back, checker, (recipe, output))


def _pooled(
    items: Iterable[In],
    jobs: int,
    here: Callable[[list[In]], Iterator[T]],
    task: Callable[[list[In]], list[R]],
    back: Callable[[list[In], list[R]], Iterator[T]],
    checker: Checker,
    initargs: tuple[CheckerRecipe, OutputRecipe | None],
) -> Iterator[T]:
    """The first :data:`POOL_AFTER` inputs through ``here``, the rest in chunks through ``task``.

    Inputs go in chunks of :data:`CHUNK` (the checker's rules take turns over a chunk:
    :meth:`~govsm.rules.engine.Checker.check_many`); with one job, each chunk is checked here
    as soon as it is read. At most ``2 × jobs`` chunks are in flight; ``back`` turns a chunk
    and its answers into what is yielded, in input order. Forked workers use ``checker``
    (warm from the first inputs); spawned ones build theirs from the recipe. The heap is
    frozen after the first :data:`POOL_AFTER` inputs, and unfrozen at the end.
    """
    stream = iter(items)
    freezing = False  # whether this call froze the heap (and unfreezes it)
    try:
        if jobs <= 1:  # a chunk at a time, as they are read: memory stays flat
            read = 0
            while chunk := list(itertools.islice(stream, CHUNK)):
                yield from here(chunk)
                read += len(chunk)
                if read >= POOL_AFTER and not freezing:
                    freezing = _freeze()
            return
        first = list(itertools.islice(stream, POOL_AFTER))
        yield from here(first)
        if len(first) < POOL_AFTER:
            return
        freezing = _freeze()  # before forking: the workers inherit it frozen
        yield from _in_pool(stream, jobs, task, back, checker, initargs)
    finally:
        if freezing:
            gc.unfreeze()


def _freeze() -> bool:
    """Freeze the heap unless someone else has; whether it was frozen here."""
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


def _in_pool(
    stream: Iterator[In],
    jobs: int,
    task: Callable[[list[In]], list[R]],
    back: Callable[[list[In], list[R]], Iterator[T]],
    checker: Checker,
    initargs: tuple[CheckerRecipe, OutputRecipe | None],
) -> Iterator[T]:
    """The rest of the inputs through ``task`` in a pool of ``jobs`` processes, in order."""
    global _forked_checker
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    _forked_checker = checker if fork else None
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=initargs
        ) as pool:
            pending: deque[tuple[list[In], Future[list[R]]]] = deque()
            while True:
                while len(pending) < 2 * jobs:
                    chunk = list(itertools.islice(stream, CHUNK))
                    if not chunk:
                        break
                    pending.append((chunk, pool.submit(task, chunk)))
                if not pending:
                    return
                chunk, future = pending.popleft()
                yield from back(chunk, future.result())
    finally:
        _forked_checker = None
