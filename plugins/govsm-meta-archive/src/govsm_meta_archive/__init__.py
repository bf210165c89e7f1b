"""govsm for Meta's exports: a Facebook Page's or an Instagram account's posts, into the store.

The plugin implements one hook, :func:`govsm_importers`, and declares two importers:

* ``facebook-archive`` reads what *Download your information* (JSON) gives a Facebook Page or
  profile: its posts and the comments it wrote;
* ``instagram-archive`` reads what it gives an Instagram account: its posts, reels and
  stories.

Both read the zip as it comes (nothing is extracted), undo Meta's double-encoded UTF-8 so that
``à``, ``ç``, ``ñ``, the Catalan ``l·l`` and emoji come out as written, and keep Meta's own record
of each post beside the message (:class:`govsm.spec.Imported`). govsm finds the plugin through
the ``govsm`` entry point declared in the distribution's ``pyproject.toml``.

Importing this module is cheap: the reader's modules load when a file is first recognised or
read, so ``govsm plugins`` and commands that import nothing never pay for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsm.spec.declared import Declared
from govsm.spec.hookspecs import hookimpl
from govsm_meta_archive._version import __version__

if TYPE_CHECKING:
    from govsm.model import Message
    from govsm.spec.importer import ImportContext, Imported, Importer, ImportProblem
    from govsm.spec.limits import Limits


def read_facebook(
    path: Path, organisation: str, limits: Limits
) -> Iterator[Message | ImportProblem]:
    """:func:`govsm_meta_archive.reader.read` for Facebook, imported on first use."""
    from govsm_meta_archive import reader
    from govsm_meta_archive.layout import Platform

    return reader.read(Platform.FACEBOOK, path, organisation, limits)


def read_facebook_in_context(
    path: Path, context: ImportContext
) -> Iterator[Message | Imported | ImportProblem]:
    """:func:`govsm_meta_archive.reader.read_in_context` for Facebook, imported on first use."""
    from govsm_meta_archive import reader
    from govsm_meta_archive.layout import Platform

    return reader.read_in_context(Platform.FACEBOOK, path, context)


def recognises_facebook(path: Path) -> bool:
    """:func:`govsm_meta_archive.layout.recognises` for Facebook, imported on first use."""
    from govsm_meta_archive import layout

    return layout.recognises(layout.Platform.FACEBOOK, path)


def read_instagram(
    path: Path, organisation: str, limits: Limits
) -> Iterator[Message | ImportProblem]:
    """:func:`govsm_meta_archive.reader.read` for Instagram, imported on first use."""
    from govsm_meta_archive import reader
    from govsm_meta_archive.layout import Platform

    return reader.read(Platform.INSTAGRAM, path, organisation, limits)


def read_instagram_in_context(
    path: Path, context: ImportContext
) -> Iterator[Message | Imported | ImportProblem]:
    """:func:`govsm_meta_archive.reader.read_in_context` for Instagram, imported on first use."""
    from govsm_meta_archive import reader
    from govsm_meta_archive.layout import Platform

    return reader.read_in_context(Platform.INSTAGRAM, path, context)


def recognises_instagram(path: Path) -> bool:
    """:func:`govsm_meta_archive.layout.recognises` for Instagram, imported on first use."""
    from govsm_meta_archive import layout

    return layout.recognises(layout.Platform.INSTAGRAM, path)


__all__ = ["FACEBOOK_IMPORTER", "INSTAGRAM_IMPORTER", "__version__", "govsm_importers"]


def _importers() -> dict[str, Importer]:
    """The importers this plugin declares, by module attribute.

    ``_declared`` builds them once, on first use: building one imports govsm's model, which
    ``govsm plugins`` and the commands that read no archive never pay for.
    """
    from govsm.spec.importer import Importer

    return {
        # the importer of a Facebook Page's or profile's export
        "FACEBOOK_IMPORTER": Importer(
            name="facebook-archive",
            description="A Facebook Page's or profile's 'Download your information' (JSON): posts",
            suffixes=(".zip",),
            read=read_facebook,
            recognises=recognises_facebook,
            read_in_context=read_facebook_in_context,
        ),
        # the importer of an Instagram account's export
        "INSTAGRAM_IMPORTER": Importer(
            name="instagram-archive",
            description=(
                "An Instagram account's 'Download your information' (JSON): posts, reels, stories"
            ),
            suffixes=(".zip",),
            read=read_instagram,
            recognises=recognises_instagram,
            read_in_context=read_instagram_in_context,
        ),
    }


_declared: Declared[Importer] = Declared(__name__, _importers)


def __getattr__(name: str) -> Any:
    """``FACEBOOK_IMPORTER``, ``INSTAGRAM_IMPORTER``: the declared importers, built on first use."""
    return _declared.attribute(name)


@hookimpl
def govsm_importers() -> list[Importer]:
    """Declare the Facebook and Instagram archive importers."""
    return _declared.values()
