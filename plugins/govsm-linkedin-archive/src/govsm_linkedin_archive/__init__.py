"""govsm for LinkedIn's exports: what a member or a Page published, as LinkedIn gave it.

The plugin implements one hook, :func:`govsm_importers`: the importer ``linkedin-archive``
reads

* the **member data export** LinkedIn gives a member (*Settings → Data privacy → Get a copy of
  your data*): a ``.zip`` of CSV files, of which it reads ``Shares.csv`` (the member's posts)
  and ``Comments.csv`` (the member's comments under posts), and ``Profile.csv`` and
  ``Email Addresses.csv`` to tell whose export it is; or ``Shares.csv`` or ``Comments.csv``
  alone;
* the **Page's content export** a Page admin downloads (*Analytics → Content → Export*): a
  workbook, ``.xls`` as LinkedIn writes it or ``.xlsx`` once saved again, with a row per post.

Each post or comment is loaded with LinkedIn's own record of it kept beside the message
(:class:`govsm.spec.Imported`): the CSV record's exact bytes, or the workbook row's cells as a
JSON object. govsm finds the plugin through the ``govsm`` entry point declared in the
distribution's ``pyproject.toml``.

Importing this module is cheap: the reader's modules (and openpyxl and xlrd) load when a file
is first recognised or read, so ``govsm plugins`` and commands that import nothing never pay
for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsm.spec.declared import Declared
from govsm.spec.hookspecs import hookimpl
from govsm_linkedin_archive._version import __version__

if TYPE_CHECKING:
    from govsm.model import Message
    from govsm.spec.importer import ImportContext, Imported, Importer, ImportProblem
    from govsm.spec.limits import Limits


def read(path: Path, organisation: str, limits: Limits) -> Iterator[Message | ImportProblem]:
    """:func:`govsm_linkedin_archive.reader.read`, imported on first use."""
    from govsm_linkedin_archive import reader

    return reader.read(path, organisation, limits)


def read_in_context(
    path: Path, context: ImportContext
) -> Iterator[Message | Imported | ImportProblem]:
    """:func:`govsm_linkedin_archive.reader.read_in_context`, imported on first use."""
    from govsm_linkedin_archive import reader

    return reader.read_in_context(path, context)


def recognises(path: Path) -> bool:
    """:func:`govsm_linkedin_archive.layout.recognises`, imported on first use."""
    from govsm_linkedin_archive import layout

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
            name="linkedin-archive",
            description=(
                "LinkedIn's exports: the member data export (Shares.csv, Comments.csv) and a "
                "Page's content export (.xls, .xlsx)"
            ),
            suffixes=(".zip", ".csv", ".xls", ".xlsx"),
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
    """Declare the LinkedIn export importer."""
    return _declared.values()
