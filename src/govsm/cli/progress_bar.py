"""A :class:`~govsm.spec.progress.Progress` that draws a rich progress bar on stderr."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichBar


class RichProgress:
    """Draws one bar per task on the terminal's standard error."""

    def __init__(self) -> None:
        # the count and the rate: a streamed import knows no total, only how far and how fast
        self._bar = RichBar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(show_speed=True),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task: TaskID | None = None
        self._bar.start()

    def start(self, description: str, total: int | None) -> None:
        """Begin a new bar."""
        if self._task is not None:
            self._bar.remove_task(self._task)
        self._task = self._bar.add_task(description, total=total)

    def advance(self, amount: int = 1) -> None:
        """Move the current bar forward."""
        if self._task is not None:
            self._bar.advance(self._task, amount)

    def stop(self) -> None:
        """Remove the bars from the terminal."""
        self._bar.stop()

    def __enter__(self) -> RichProgress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
