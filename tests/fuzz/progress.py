"""How far a long fuzz run got: :data:`PROGRESS` counts the examples and writes the count down.

Set ``GOVSM_FUZZ_PROGRESS`` to a file's path and every hundredth example of a target appends a
line to it.
"""

from __future__ import annotations

import os
import time


class Progress:
    """Counts each sandbox's examples, and every ``every`` of them appends a line to ``path``:
    the sandbox, its count, the seconds of wall and CPU time since its first example.

    A run of ten thousand examples takes hours and Hypothesis says nothing until it ends; the
    file says how far a run got, also one stopped before its end. What is counted is each
    :meth:`~tests.fuzz.harness.Sandbox.reset`: one per example, one per run of a failing
    example while it is shrunk, and one per other test of the module that uses the sandbox.
    """

    def __init__(self, path: str | None, every: int = 100) -> None:
        self.path = path
        self.every = every
        self.counts: dict[str, int] = {}
        self.started: dict[str, tuple[float, float]] = {}

    def tick(self, name: str) -> None:
        """Count one example of the sandbox ``name``."""
        if self.path is None:
            return
        if name not in self.counts:
            self.counts[name] = 0
            self.started[name] = (time.monotonic(), time.process_time())
        self.counts[name] += 1
        count = self.counts[name]
        if count % self.every == 0:
            wall = time.monotonic() - self.started[name][0]
            cpu = time.process_time() - self.started[name][1]
            with open(self.path, "a", encoding="utf-8") as stream:
                stream.write(f"{name} examples={count} wall_s={wall:.1f} cpu_s={cpu:.1f}\n")


#: the run's counter, writing to ``GOVSM_FUZZ_PROGRESS`` (counting nothing when it is not set)
PROGRESS = Progress(os.environ.get("GOVSM_FUZZ_PROGRESS"))
