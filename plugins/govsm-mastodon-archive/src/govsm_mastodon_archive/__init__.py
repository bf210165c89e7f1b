"""govsm for Mastodon's archives: an account's posts, as Mastodon gave them, into the store.

The plugin implements one hook, :func:`govsm_importers`: the importer ``mastodon-archive`` reads
the archive Mastodon gives an account (*Preferences → Import and export → Request your
archive*) — a ``.zip``, or a ``.tar.gz`` from servers older than Mastodon 4.2 — and loads its
posts, replies, direct messages, boosts and quotes, each with Mastodon's own record of it kept
beside the message (:class:`govsm.spec.Imported`). govsm finds it through the ``govsm`` entry
point declared in the distribution's ``pyproject.toml``.

Importing this module is cheap: the reader's modules load when a file is first recognised or
read, so ``govsm plugins`` and commands that import nothing never pay for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsm.spec.declared import Declared
from govsm.spec.hookspecs import hookimpl
from govsm_mastodon_archive._version import __version__

if TYPE_CHECKING:
    from govsm.model import Message
    from govsm.spec.importer import ImportContext, Imported, Importer, ImportProblem
    from govsm.spec.limits import Limits


def read(path: Path, organisation: str, limits: Limits) -> Iterator[Message | ImportProblem]:
    """:func:`govsm_mastodon_archive.reader.read`, imported on first use."""
    from govsm_mastodon_archive import reader

    return reader.read(path, organisation, limits)


def read_in_context(
    path: Path, context: ImportContext
) -> Iterator[Message | Imported | ImportProblem]:
    """:func:`govsm_mastodon_archive.reader.read_in_context`, imported on first use."""
    from govsm_mastodon_archive import reader

    return reader.read_in_context(path, context)


def recognises(path: Path) -> bool:
    """:func:`govsm_mastodon_archive.layout.recognises`, imported on first use."""
    from govsm_mastodon_archive import layout

    return layout.recognises(path)


__all__ = ["IMPORTER", "__version__", "govsm_importers"]


def _importers() -> dict[str, Importer]:
    """The importers this plugin declares, by module attribute.

    ``_declared`` builds them once, on first use: building one imports govsm's model, which
    ``govsm plugins`` and the commands that read no archive never pay for.
    """
    from govsm.spec.importer import Importer

    return {
        # the importer this plugin declares
        "IMPORTER": Importer(
            name="mastodon-archive",
            description="The archive Mastodon gives an account: outbox.json and actor.json",
            suffixes=(".zip", ".tar.gz", ".tgz", ".tar"),
            read=read,
            recognises=recognises,
            read_in_context=read_in_context,
        ),
    }


_declared: Declared[Importer] = Declared(__name__, _importers)


def __getattr__(name: str) -> Any:
    """``IMPORTER``: the declared importer, built on first use."""
    return _declared.attribute(name)


@hookimpl
def govsm_importers() -> list[Importer]:
    """Declare the Mastodon archive importer."""
    return _declared.values()
