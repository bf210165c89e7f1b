"""The error a malformed workspace raises: every problem, each with its file and key path."""

from __future__ import annotations

from collections.abc import Sequence

from govsm.errors import ConfigError
from govsm.serialization import ErrorDetail


class WorkspaceError(ConfigError):
    """``govsm.toml`` (or a file it names) is malformed.

    :param file: the file at fault.
    :param details: one :class:`~govsm.serialization.ErrorDetail` per problem.
    """

    def __init__(self, file: str, details: Sequence[ErrorDetail]) -> None:
        self.file = file
        self.details = list(details)
        es = "\n".join(self._line(d.path, d.es) for d in self.details)
        en = "\n".join(self._line(d.path, d.en) for d in self.details)
        super().__init__(es, en)

    def _line(self, path: str, text: str) -> str:
        return f"{self.file}: {path}: {text}" if path else f"{self.file}: {text}"

    def render(self) -> str:
        """Every problem on two lines, Spanish then English, each naming file and key path."""
        return "\n".join(
            f"{self._line(d.path, d.es)}\n{self._line(d.path, d.en)}" for d in self.details
        )
