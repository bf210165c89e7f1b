"""How long work reports its progress, without tying the library to a terminal.

The library calls a :class:`Progress`; the command line passes one that draws a bar on a terminal
(and nothing when piped); embedding apps pass their own or nothing.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Receives progress reports."""

    def start(self, description: str, total: int | None) -> None:
        """A new task begins; ``total`` units of work are expected (``None`` when unknown)."""

    def advance(self, amount: int = 1) -> None:
        """``amount`` more units of the current task are done."""


class NoProgress:
    """A :class:`Progress` that ignores every report (the library's default)."""

    def start(self, description: str, total: int | None) -> None:
        """Ignore the start of a task."""

    def advance(self, amount: int = 1) -> None:
        """Ignore progress."""
