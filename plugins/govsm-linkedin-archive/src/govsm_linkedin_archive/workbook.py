"""The rows of a workbook — the Page's content export — whatever its format, row by row.

LinkedIn gives a Page's content export as a binary ``.xls`` (the Excel 97–2003 format, BIFF8);
a workbook saved again by a spreadsheet is often an ``.xlsx`` (Office Open XML). Both are read
here, the format told by the content, and their cells are handed over as Python values — text,
numbers, booleans, moments — never evaluated: a formula is read as its text (``=SUM(J2:J9)``) in
an ``.xlsx``; a binary ``.xls`` keeps only what its formulas last gave, and that is read.

* **.xlsx** is read with openpyxl in read-only mode: each sheet's rows are parsed as they are
  read, so memory holds one row (and the workbook's table of shared texts, which the format
  keeps apart from the rows and openpyxl loads whole). The workbook is a zip: it is first
  checked with govsm's safe archive reader, which refuses a part that leads out of it, a link,
  a compression bomb, or a part larger than ``[limits] file_bytes``. Rows past Excel's last
  (1,048,576) are not read.
* **.xls** is read with xlrd, which loads a sheet whole: the format holds at most 65,536 rows a
  sheet, so memory is bounded by that, not by the number of posts.

Whatever a damaged or hostile workbook makes either library raise becomes a
:class:`~govsm.errors.ConfigError` naming the file, the sheet and the row reached.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Protocol

import attrs
from attrs import frozen

from govsm.errors import ConfigError
from govsm.reading.archive_members import open_archive
from govsm.spec.limits import Limits

#: the last row of an Excel sheet
EXCEL_ROWS = 1_048_576

#: what the libraries raise on a damaged or hostile workbook: anything (they parse bytes
#: nobody checked; a zip, an XML or an OLE2 file can fail in many ways), caught at the edge
WORKBOOK_FAILURES = (Exception,)


@frozen
class SheetRow:
    """One row of a sheet.

    :param number: the row's number (the first is 1).
    :param cells: its cells' values (``None`` for an empty cell), as the library gives them.
    """

    number: int
    cells: tuple[object, ...]


class Workbook(Protocol):
    """An open workbook: its sheets' names, and the rows of one."""

    def sheet_names(self) -> list[str]:
        """The names of the workbook's sheets, in order."""

    def rows(self, sheet: str) -> Iterator[SheetRow]:
        """The rows of ``sheet``, from the first (empty rows included)."""

    def close(self) -> None:
        """Release the file."""


def cell_text(value: object) -> str:
    """A cell's value as text, as the original record keeps it (``None`` is ``""``).

    >>> cell_text(1234.0), cell_text(0.0345), cell_text(True), cell_text(None)
    ('1234', '0.0345', 'TRUE', '')
    >>> cell_text(datetime(2024, 5, 2, 9, 30)), cell_text("=SUM(J2:J9)")
    ('2024-05-02T09:30:00', '=SUM(J2:J9)')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


class _Xlsx:
    """An ``.xlsx`` read with openpyxl in read-only mode."""

    def __init__(self, path: Path) -> None:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of styles and extensions it skips
            self._book = openpyxl.load_workbook(
                path, read_only=True, data_only=False, keep_links=False
            )

    def sheet_names(self) -> list[str]:
        return [sheet.title for sheet in self._book.worksheets]

    def rows(self, sheet: str) -> Iterator[SheetRow]:
        worksheet: Any = self._book[sheet]
        worksheet.reset_dimensions()  # a sheet's declared size is not believed
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if number > EXCEL_ROWS:
                    return
                yield SheetRow(number, tuple(cells))

    def close(self) -> None:
        self._book.close()


class _Xls:
    """A binary ``.xls`` read with xlrd, a sheet at a time."""

    def __init__(self, path: Path) -> None:
        import xlrd  # type: ignore[import-untyped]

        self._xlrd = xlrd
        self._book = xlrd.open_workbook(
            str(path), on_demand=True, logfile=io.StringIO(), ragged_rows=True
        )

    def sheet_names(self) -> list[str]:
        return [str(name) for name in self._book.sheet_names()]

    def rows(self, sheet: str) -> Iterator[SheetRow]:
        xlrd = self._xlrd
        data = self._book.sheet_by_name(sheet)
        for index in range(data.nrows):
            cells: list[object] = []
            for cell in data.row(index):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    cells.append(self._moment(cell.value))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    cells.append(bool(cell.value))
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    cells.append(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    cells.append(None)
                else:
                    cells.append(cell.value)
            yield SheetRow(index + 1, tuple(cells))
        self._book.unload_sheet(sheet)

    def _moment(self, value: float) -> object:
        """A date cell's moment; its number as it is when it is no moment Excel can hold."""
        try:
            return self._xlrd.xldate.xldate_as_datetime(value, self._book.datemode)
        except (ValueError, OverflowError):  # xlrd's XLDateError is a ValueError
            return value

    def close(self) -> None:
        self._book.release_resources()


def _check_zip(path: Path, limits: Limits, shown: str) -> None:
    """Refuse an ``.xlsx`` whose zip is hostile or has a part larger than ``file_bytes``."""
    strict = attrs.evolve(limits, member_bytes=min(limits.member_bytes, limits.file_bytes))
    with open_archive(path, strict, shown=shown) as archive:
        for member in archive.members():
            with archive.open(member.name):
                pass  # opening checks the declared size and ratio; the parse checks the rest


def open_workbook(path: Path, xls: bool, limits: Limits, shown: str) -> Workbook:
    """Open the workbook at ``path`` (``xls``: a binary one) for its rows.

    :raises ConfigError: it cannot be opened: damaged, truncated, hostile, or not a workbook
        (named ``shown``; an :class:`~govsm.reading.archive_errors.ArchiveError` for an
        ``.xlsx`` whose zip the safe archive reader refuses).
    """
    if not xls:
        _check_zip(path, limits, shown)
    try:
        return _Xls(path) if xls else _Xlsx(path)
    except WORKBOOK_FAILURES as exc:
        raise unreadable(exc, shown) from None


def unreadable(exc: BaseException, where: str) -> ConfigError:
    """The error for what a library raised on a damaged workbook, with its first line."""
    text = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
    return ConfigError(
        f"no se puede leer como libro de Excel: está dañado, truncado o no es lo que dice "
        f"ser ({text})",
        f"cannot be read as an Excel workbook: damaged, truncated, or not what it claims to "
        f"be ({text})",
        where=where,
    )
