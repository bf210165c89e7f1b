"""The crash harness's worker processes: forked warm, started, killed and reaped."""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import time
from collections.abc import Sequence
from multiprocessing.process import BaseProcess
from pathlib import Path

from attrs import define

from govsm.model import OutboxState
from govsm.store import Store
from tests.paths import ROOT
from tests.stress import worker_process
from tests.stress.checks import RoundResult
from tests.stress.targets import Hookup


def fork_server() -> multiprocessing.context.BaseContext:
    """The fork server's context, with the worker preloaded and warm (:mod:`tests.stress.preload`).

    The fork server imports what it preloads before it takes its parent's ``sys.path``, so it is
    started here with the repository on ``PYTHONPATH``, wherever pytest runs from. (A fork
    server started earlier in the process, without the preload, still works: its workers start
    cold.)
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.stress.preload"])
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), before) if p)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before
    return context


@define
class Life:
    """One worker process, from its start to its end."""

    process: BaseProcess
    ready: Path
    log: Path
    started: float
    kill_at: float | None = None

    @property
    def name(self) -> str | None:
        """The worker's name, once it runs."""
        try:
            lines = self.ready.read_text(encoding="utf-8").splitlines()
        except OSError:
            return None
        return lines[1] if len(lines) > 1 else None


class Workers:
    """Starts, kills and reaps the workers of one round.

    :param hookup: where they publish (their options, and the secret for their environment).
    """

    def __init__(
        self,
        context: multiprocessing.context.BaseContext,
        folder: Path,
        store: str,
        hookup: Hookup,
        where: Path,
        seed: int,
    ) -> None:
        self._context = context
        self._arguments = [f"--workspace={folder}", f"--store={store}", *hookup.arguments]
        self._environment = dict(hookup.environment)
        self._where = where
        self._seed = seed
        self.started = 0
        self.lives: list[Life] = []

    def start(self) -> Life:
        """A new worker, with a seed of its own (its fault plan, its latency)."""
        self.started += 1
        n = self.started
        ready, log = self._where / f"worker-{n}.ready", self._where / f"worker-{n}.log"
        argv = [
            *self._arguments,
            f"--seed={self._seed * 1000 + n}",
            f"--ready={ready}",
            f"--log={log}",
        ]
        process = self._context.Process(  # type: ignore[attr-defined]
            target=worker_process.child,
            args=(argv, self._environment),
            name=f"stress-worker-{n}",
            daemon=True,
        )
        process.start()
        life = Life(process, ready, log, time.monotonic())
        self.lives.append(life)
        return life

    def kill_all(self) -> None:
        """Kill and reap every worker still running (after a failure)."""
        for life in self.lives:
            if life.process.is_alive():
                life.process.kill()
            life.process.join(10)


def killed(store: Store, org: str, name: str | None) -> tuple[bool, bool]:
    """Whether the killed worker held a claim, and whether an attempt of it was under way."""
    if name is None:
        return False, False
    held = [
        item
        for item in store.outbox.items(org, states=[OutboxState.CLAIMED])
        if item.claimed_by == name
    ]
    during = any(
        (attempts := store.outbox.attempts(org, item.id)) and attempts[-1].outcome is None
        for item in held
    )
    return bool(held), during


def log_tail(life: Life, lines: int = 20) -> str:
    try:
        text = life.log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def check_exit(result: RoundResult, life: Life, expected: Sequence[int]) -> None:
    code = life.process.exitcode
    if code not in expected:
        result.problems.append(
            f"worker {life.name or life.process.pid} ended with status {code} "
            f"(expected {list(expected)}); its log ends:\n{log_tail(life)}"
        )
