"""The record an importer plugin returns from :func:`~govsm.spec.hookspecs.govsm_importers`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from attrs import field, frozen

from govsm.model import _validate as v
from govsm.model.bilingual import Bilingual
from govsm.model.message import Message


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


#: reads one file of an organisation (``path``, ``organisation id``) and yields its messages,
#: and an :class:`ImportProblem` for each line or record it cannot read (an importer that
#: raises :class:`~govsm.errors.ConfigError` instead loses the rest of that file, not the others)
ImportReader = Callable[[Path, str], Iterator["Message | ImportProblem"]]


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
