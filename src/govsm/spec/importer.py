"""The record an importer plugin returns from :func:`~govsm.spec.hookspecs.govsm_importers`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from attrs import field, frozen

from govsm.model import _validate as v
from govsm.model.message import Message

#: reads one file of an organisation (``path``, ``organisation id``) and yields its messages,
#: raising :class:`~govsm.errors.ConfigError` with the file and line on malformed input
ImportReader = Callable[[Path, str], Iterator[Message]]


@frozen
class Importer:
    """An archive reader.

    :param name: identifier (``jsonl``, ``markdown``, ``x-archive``…).
    :param description: one line saying what it reads.
    :param suffixes: file name endings it reads (``.jsonl``, ``.md``).
    :param read: the function that reads a file (see :data:`ImportReader`).
    """

    name: str = field(validator=v.slug)
    description: str
    suffixes: tuple[str, ...]
    read: ImportReader = field(eq=False)

    def accepts(self, path: Path) -> bool:
        """Whether the file's name ends with one of :attr:`suffixes`."""
        return any(path.name.endswith(suffix) for suffix in self.suffixes)
