"""The record an importer plugin returns from :func:`~govsm.spec.hookspecs.govsm_importers`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from attrs import field, frozen

from govsm.model import _validate as v
from govsm.model.bilingual import Bilingual
from govsm.model.message import Message
from govsm.spec.limits import Limits


@frozen
class ImportProblem:
    """A part of an archive an importer could not read: which file and line, and why.

    An importer yields one instead of raising, so the rest of the file, and every other file,
    still loads; ``govsm audit`` reports each as an error finding.

    :param where: the place, ``file:line`` (or the file alone).
    :param message: what is wrong, in Spanish and English.
    """

    where: str
    message: Bilingual


#: reads one file of an organisation (``path``, ``organisation id``, the workspace's
#: :class:`~govsm.spec.limits.Limits`) and yields its messages, and an :class:`ImportProblem`
#: for each line or record it cannot read (an importer that raises
#: :class:`~govsm.errors.ConfigError` instead loses the rest of that file, not the others).
#: The host has already refused a file over ``limits.file_bytes``, stops taking records after
#: ``limits.records`` and refuses each message over ``text_bytes`` or ``field_bytes``; a reader
#: honours the limits itself to stop reading early (a line it need not hold, a nesting too deep).
ImportReader = Callable[[Path, str, Limits], Iterator["Message | ImportProblem"]]


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
