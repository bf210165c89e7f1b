"""Reading LinkedIn's exports: which one a file is, then its posts, as they come.

:func:`read_in_context` is the importer: it tells what the file is
(:func:`govsm_linkedin_archive.layout.kind_of`) and reads it —

* a member data export (``.zip``), or its ``Shares.csv`` or ``Comments.csv`` alone:
  :mod:`govsm_linkedin_archive.member_export`;
* a Page's content export (``.xls`` or ``.xlsx``): :mod:`govsm_linkedin_archive.page_posts` —

yielding for each post or comment an :class:`~govsm.spec.Imported` (the message and LinkedIn's
record of it) or an :class:`~govsm.spec.ImportProblem` naming the file, the member or sheet,
and the line or row. Nothing is extracted to disk; CSV files are streamed record by record.

:func:`read` is the same for a host that knows neither the profiles nor originals: it yields
the messages alone, for the profile ``linkedin-<page>`` when the export names its page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from govsm.model import Bilingual, Message
from govsm.spec.importer import ImportContext, Imported, ImportProblem, unwrap
from govsm.spec.limits import Limits
from govsm_linkedin_archive.layout import Kind, kind_of
from govsm_linkedin_archive.member_export import read_member_csv, read_member_zip
from govsm_linkedin_archive.page_posts import read_page_export


def read(path: Path, organisation: str, limits: Limits) -> Iterator[Message | ImportProblem]:
    """The messages of the export at ``path`` (see :func:`read_in_context`).

    :param path: the export.
    :param organisation: the organisation's id.
    :param limits: the workspace's limits.
    """
    for item in read_in_context(path, ImportContext(organisation, limits)):
        yield unwrap(item)


def read_in_context(
    path: Path, context: ImportContext
) -> Iterator[Message | Imported | ImportProblem]:
    """Each post or comment of the export at ``path`` with LinkedIn's record of it, or a problem.

    :param path: a member data export (``.zip``), its ``Shares.csv`` or ``Comments.csv``, or a
        Page's content export (``.xls``, ``.xlsx``).
    :param context: the organisation, its limits and profiles. With profiles, the export's
        account must be one of the profiles of channel ``linkedin`` (see
        :mod:`govsm_linkedin_archive.account`); without, the messages go to the profile
        ``linkedin-<page>``.
    """
    kind = kind_of(path)
    if kind is Kind.MEMBER_ZIP:
        yield from read_member_zip(path, context)
    elif kind in (Kind.SHARES_CSV, Kind.COMMENTS_CSV):
        yield from read_member_csv(path, kind is Kind.COMMENTS_CSV, context)
    elif kind in (Kind.XLS, Kind.XLSX):
        yield from read_page_export(path, kind is Kind.XLS, context, str(path))
    else:
        yield ImportProblem(
            str(path),
            Bilingual(
                es="no es una exportación de LinkedIn: ni un zip con «Shares.csv» o "
                "«Comments.csv», ni una de esas tablas, ni un libro de Excel",
                en="is not a LinkedIn export: neither a zip with 'Shares.csv' or "
                "'Comments.csv', nor one of those tables, nor an Excel workbook",
            ),
        )
