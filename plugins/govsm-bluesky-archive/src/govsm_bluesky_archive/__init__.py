"""govsm for Bluesky's repository exports: an account's posts, as its repository holds them.

The plugin implements one hook, :func:`govsm_importers`: the importer ``bluesky-archive`` reads
the export of a Bluesky account's repository — the ``repo.car`` that Bluesky's *Settings →
Account → Export my data* downloads, and that ``com.atproto.sync.getRepo`` returns — and loads
its posts, replies, quotes and reposts, each with its record's DAG-CBOR kept beside the message
(:class:`govsm.spec.Imported`). govsm finds it through the ``govsm`` entry point declared in the
distribution's ``pyproject.toml``.

Importing this module is cheap: the reader's modules (and :mod:`libipld`) load when a file is
first read, so ``govsm plugins`` and commands that import nothing never pay for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsm.spec.declared import Declared
from govsm.spec.hookspecs import hookimpl
from govsm_bluesky_archive._version import __version__

if TYPE_CHECKING:
    from govsm.model import Message
    from govsm.spec.importer import ImportContext, Imported, Importer, ImportProblem
    from govsm.spec.limits import Limits


def read(path: Path, organisation: str, limits: Limits) -> Iterator[Message | ImportProblem]:
    """:func:`govsm_bluesky_archive.reader.read`, imported on first use."""
    from govsm_bluesky_archive import reader

    return reader.read(path, organisation, limits)


def read_in_context(
    path: Path, context: ImportContext
) -> Iterator[Message | Imported | ImportProblem]:
    """:func:`govsm_bluesky_archive.reader.read_in_context`, imported on first use."""
    from govsm_bluesky_archive import reader

    return reader.read_in_context(path, context)


__all__ = ["IMPORTER", "__version__", "govsm_importers"]


def _importers() -> dict[str, Importer]:
    """The importers this plugin declares, by module attribute.

    ``_declared`` builds them once, on first use: building one imports govsm's model, which
    ``govsm plugins`` and the commands that read no archive never pay for.
    """
    from govsm.spec.importer import Importer

    return {
        # the importer this plugin declares. It takes every ``.car`` file (no other importer reads
        # them): one that is not a repository export is then a problem the importer names.
        "IMPORTER": Importer(
            name="bluesky-archive",
            description=(
                "A Bluesky repository export (repo.car): posts, replies, quotes and reposts"
            ),
            suffixes=(".car",),
            read=read,
            read_in_context=read_in_context,
        ),
    }


_declared: Declared[Importer] = Declared(__name__, _importers)


def __getattr__(name: str) -> Any:
    """``IMPORTER``: the declared importer, built on first use."""
    return _declared.attribute(name)


@hookimpl
def govsm_importers() -> list[Importer]:
    """Declare the Bluesky repository export importer."""
    return _declared.values()
