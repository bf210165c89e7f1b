"""Damaged and hostile exports: each a problem naming the file, the member or sheet, and the place.

Nothing here may end in a traceback: a zip, an .xlsx or an .xls cut anywhere, a Shares.csv cut
in the middle of a record, cells of the wrong kind, a member leading out of the zip, a 50 MB
cell, hidden characters in addresses, a sheet claiming rows Excel cannot have.
"""

from __future__ import annotations

import functools
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.spec import Limits
from linkedin_archive_tests.builder import (
    START,
    PageExport,
    PagePost,
    Share,
    council_member_export,
    council_page_export,
    csv_bytes,
    encoded_link,
    snowflake,
)
from linkedin_archive_tests.conftest import messages_of, problems_of, read_all

PAGE = "soldeneu-ocupacio_content_1710403200000"


@functools.cache
def whole(kind: str) -> bytes:
    """The council's export as bytes (``zip``, ``xlsx`` or ``xls``), built once."""
    with tempfile.TemporaryDirectory() as folder:
        if kind == "zip":
            return council_member_export().write(Path(folder) / "e.zip").read_bytes()
        if kind == "xlsx":
            return council_page_export().write_xlsx(Path(folder) / "p.xlsx").read_bytes()
        return council_page_export().write_xls(Path(folder) / "p.xls").read_bytes()


def _patch(path: Path, part: str, old: bytes, new: bytes) -> None:
    """Replace ``old`` with ``new`` in one part of the workbook at ``path`` (a hostile edit)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    assert old in parts[part]
    parts[part] = parts[part].replace(old, new, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as made:
        for name, data in parts.items():
            made.writestr(name, data)


class TestCutShort:
    @pytest.mark.parametrize("kind", ["zip", "xlsx", "xls"])
    @given(cut=st.integers(min_value=0, max_value=9_999))
    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_an_export_cut_anywhere_is_a_problem_never_a_crash(
        self, kind: str, cut: int, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        """A file cut at any byte gives a problem naming it (a zip no longer a zip is not ours)."""
        data = whole(kind)
        name = "Basic_LinkedInDataExport.zip" if kind == "zip" else f"{PAGE}.{kind}"
        path = tmp_path_factory.mktemp("cut") / name
        path.write_bytes(data[: cut * len(data) // 10_000])
        items = read_all(path)
        problems = problems_of(items)
        assert problems, "a truncated export must say so"
        assert all(p.where.startswith(str(path)) for p in problems)
        assert all(p.message.es and p.message.en for p in problems)

    def test_every_cut_of_a_small_xls_is_a_problem(self, tmp_path: Path) -> None:
        """A binary workbook cut at each of many offsets is always reported, never raised."""
        data = whole("xls")
        path = tmp_path / f"{PAGE}.xls"
        for cut in range(0, len(data), max(1, len(data) // 300)):
            path.write_bytes(data[:cut])
            assert problems_of(read_all(path)), cut

    def test_a_shares_csv_cut_in_a_record_keeps_what_came_before(self, tmp_path: Path) -> None:
        """A member cut inside a quoted post: the posts before load, the cut one is named."""
        export = council_member_export()
        data = export.shares_csv()
        cut = data[: data.index(b"Taller de") + 10]
        path = export.write(tmp_path / "e.zip", replace={"Shares.csv": cut})
        items = read_all(path)
        (problem,) = problems_of(items)
        assert problem.where == f"{path}!Shares.csv:8"
        assert "never closed" in problem.message.en
        assert len(messages_of(items)) == 3 + 2  # three posts before, and the two comments

    def test_a_damaged_member_names_the_byte(self, tmp_path: Path) -> None:
        """A member whose compressed data is corrupt is named with the byte reached."""
        export = council_member_export()
        export.shares = export.shares * 200
        path = export.write(tmp_path / "e.zip")
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as made:
            info = made.getinfo("Shares.csv")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        for i in range(start + 200, start + 400):
            data[i] ^= 0x5A
        path.write_bytes(bytes(data))
        problems = problems_of(read_all(path))
        assert any(p.where == f"{path}!Shares.csv" and "byte" in p.message.en for p in problems)


class TestAnyBytes:
    @given(
        body=st.binary(max_size=400)
        | st.text(alphabet='",\n\r\\a\x00é\u202e', max_size=200).map(str.encode),
        table=st.sampled_from(["Shares.csv", "Comments.csv"]),
    )
    @settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_any_bytes_after_the_header_never_raise(
        self, body: bytes, table: str, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        """Whatever follows the header of Shares.csv or Comments.csv gives messages or problems."""
        export = council_member_export()
        header = export.members()[table].split(b"\n", 1)[0] + b"\n"
        path = export.write(
            tmp_path_factory.mktemp("any") / "e.zip", replace={table: header + body}
        )
        for problem in problems_of(read_all(path)):
            assert problem.where.startswith(f"{path}!{table}")


class TestHostileZips:
    def test_a_member_leading_out_of_the_zip_refuses_it_whole(self, tmp_path: Path) -> None:
        """A zip with ../ in a member's name is refused before anything is read."""
        path = council_member_export().write(tmp_path / "e.zip")
        with zipfile.ZipFile(path, "a") as made:
            made.writestr("../../.bashrc", "rm -rf ~")
        assert not messages_of(read_all(path))
        tar = tmp_path / "plain.zip"
        tar.write_bytes(b"not a zip at all")
        (problem,) = problems_of(read_all(tar))
        assert "is not a LinkedIn export" in problem.message.en

    def test_a_compression_bomb_is_stopped(self, tmp_path: Path) -> None:
        """A Shares.csv that expands a thousandfold is stopped with the limit's key."""
        header = b"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
        bomb = header + b"2024-03-04 08:30:00,x," + b"a" * (4 * 1024 * 1024) + b",,,\n"
        path = council_member_export().write(tmp_path / "e.zip", replace={"Shares.csv": bomb})
        problems = problems_of(read_all(path))
        assert any("archive_ratio" in p.message.en for p in problems)

    def test_a_huge_post_stops_the_member_at_the_limit(self, tmp_path: Path) -> None:
        """A 50 MB cell stops Shares.csv with a problem; the comments still load."""
        export = council_member_export()
        huge = Share(START, "x" * (50 * 1024 * 1024))
        data = csv_bytes([["Date", "ShareLink", "ShareCommentary"], huge.row()[:3]])
        path = export.write(tmp_path / "e.zip", replace={"Shares.csv": data})
        items = read_all(path, limits=Limits(archive_ratio=100_000))
        (problem,) = problems_of(items)
        assert (
            problem.where == f"{path}!Shares.csv:2" and "[limits] text_bytes" in problem.message.en
        )
        assert len(messages_of(items)) == 2


class TestHostileCells:
    def test_hidden_characters_never_reach_addresses(self, tmp_path: Path) -> None:
        """A link or medium with a bidi override or a space is left out; the post loads."""
        share = Share(
            START,
            "Enllaç amagat",
            shared_url="https://soldeneu.example/\u202etxt.exe",
            media_url="https://media.example/a b.jpg",
        )
        export = council_member_export()
        export.shares = [share]
        (message,) = messages_of(read_all(export.write(tmp_path / "e.zip")))[:1]
        assert message.links == () and message.media == ()

    def test_nul_and_control_characters_leave_the_text(self, tmp_path: Path) -> None:
        """NUL and escape characters in a post are not kept in its text (the record keeps them)."""
        export = council_member_export()
        export.shares = [Share(START, "Ple\x00 municipal\x1b[31m")]
        items = read_all(export.write(tmp_path / "e.zip"))
        assert messages_of(items)[0].text == "Ple municipal[31m"

    def test_a_row_with_more_cells_than_its_header(self, tmp_path: Path) -> None:
        """A record with extra cells that are not empty is refused; empty extra cells are not."""
        export = council_member_export()
        extra = (
            b"2024-03-04 08:30:00,x,Hola,,,PUBLIC,sobra\n2024-03-04 08:30:00,y,Adeu,,,PUBLIC,,\n"
        )
        data = export.shares_csv() + extra
        items = read_all(export.write(tmp_path / "e.zip", replace={"Shares.csv": data}))
        (problem,) = problems_of(items)
        assert problem.where.endswith("!Shares.csv:13") and "7 cells" in problem.message.en
        assert messages_of(items)[5].text == "Adeu"

    def test_a_share_with_no_date_and_no_urn(self, tmp_path: Path) -> None:
        """A share that says neither when nor which is a problem; the others load."""
        export = council_member_export()
        data = export.shares_csv() + b"dimarts,https://soldeneu.example/x,Sense res,,,\n"
        items = read_all(export.write(tmp_path / "e.zip", replace={"Shares.csv": data}))
        (problem,) = problems_of(items)
        assert "'Date' (dimarts) is not a date" in problem.message.en

    def test_a_header_never_found(self, tmp_path: Path) -> None:
        """A Shares.csv of another shape is a problem naming the member."""
        data = b"a,b\n" * 10
        path = council_member_export().write(tmp_path / "e.zip", replace={"Shares.csv": data})
        items = read_all(path)
        assert any(
            p.where == f"{path}!Shares.csv" and "lacks the header" in p.message.en
            for p in problems_of(items)
        )
        assert len(messages_of(items)) == 2  # the comments

    def test_a_50_mb_cell_in_a_workbook_is_refused_with_its_column(self, tmp_path: Path) -> None:
        """An .xlsx cell past text_bytes is a problem naming the sheet, row and column."""
        export = PageExport([PagePost(START, "ENORME"), PagePost(START, "bé", sequence=1)])
        path = export.write_xlsx(tmp_path / f"{PAGE}.xlsx")
        _patch(
            path, "xl/worksheets/sheet2.xml", b">ENORME<", b">" + b"x" * (50 * 1024 * 1024) + b"<"
        )
        items = read_all(path, limits=Limits(archive_ratio=100_000))
        (problem,) = problems_of(items)
        assert problem.where == f"{path}!All posts@3"
        assert "'Post title'" in problem.message.en and "text_bytes" in problem.message.en
        assert [m.text for m in messages_of(items)] == ["bé"]

    def test_a_sheet_claiming_a_row_past_excels_last(self, tmp_path: Path) -> None:
        """A row numbered past 1,048,576 is not waited for: the rows before it load."""
        path = council_page_export().write_xlsx(tmp_path / f"{PAGE}.xlsx")
        far = (
            b'<row r="999999999999"><c r="A999999999999" t="inlineStr"><is><t>x</t></is></c></row>'
        )
        _patch(path, "xl/worksheets/sheet2.xml", b"</sheetData>", far + b"</sheetData>")
        items = read_all(path)
        assert len(messages_of(items)) == 4

    def test_a_workbook_of_another_kind_of_cells(self, tmp_path: Path) -> None:
        """Numbers, booleans and errors where texts should be are read as their text."""
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "All posts"
        sheet.append(["Post title", "Post link", "Created date", "Impressions"])
        number = snowflake(START)
        sheet.append([12345, encoded_link("activity", number), True, "#N/A"])
        path = tmp_path / f"{PAGE}.xlsx"
        book.save(path)
        (message,) = messages_of(read_all(path))
        assert message.text == "12345" and message.published_at == START
