"""The Page's content export, as LinkedIn gives it (.xls) and as a spreadsheet saves it (.xlsx)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from govsm.model import MessageKind
from linkedin_archive_tests.builder import (
    PAGE_HEADER,
    START,
    PageExport,
    PagePost,
    council_page_export,
)
from linkedin_archive_tests.conftest import (
    imported_of,
    linkedin_profile,
    messages_of,
    problems_of,
    read_all,
    x_profile,
)

NAME = "soldeneu-ocupacio_content_1710403200000"


def _write(export: PageExport, folder: Path, suffix: str, name: str = NAME) -> Path:
    path = folder / f"{name}{suffix}"
    return export.write_xls(path) if suffix == ".xls" else export.write_xlsx(path)


class TestPosts:
    def test_each_post_of_the_page_is_a_message(self, page: PageExport, page_xls: Path) -> None:
        """Every row of All posts is an outbound published post of the Page's profile."""
        items = read_all(page_xls)
        assert problems_of(items) == []
        messages = messages_of(items)
        assert [m.text for m in messages] == [p.title for p in page.posts]
        assert {m.kind for m in messages} == {MessageKind.POST}
        assert {m.profile for m in messages} == {"linkedin-ocupacio"}
        assert [m.remote_id for m in messages] == [p.urn for p in page.posts]
        assert messages[0].id == "linkedin-activity-" + page.posts[0].urn.rsplit(":", 1)[1]
        assert messages[0].url == "https://www.linkedin.com/feed/update/" + page.posts[0].urn

    def test_the_moment_is_the_urns_to_the_millisecond(
        self, page: PageExport, page_xls: Path
    ) -> None:
        """Created date gives the day; the URN gives the moment within it, in UTC."""
        messages = messages_of(read_all(page_xls))
        assert [m.published_at for m in messages] == [p.moment for p in page.posts]

    @pytest.mark.parametrize("suffix", [".xls", ".xlsx"])
    def test_xls_and_xlsx_give_the_same_messages(
        self, page: PageExport, page_xls: Path, suffix: str, tmp_path: Path
    ) -> None:
        """The binary workbook and the Office Open XML one read the same, with or without the description row."""
        expected = messages_of(read_all(page_xls))
        page.description = False
        again = messages_of(read_all(_write(page, tmp_path, suffix)))
        assert again == expected

    def test_a_day_first_date_is_told_by_the_urn(self, tmp_path: Path) -> None:
        """06/03/2024 is read day first when the URN says the post is of 6 March."""
        post = PagePost(datetime(2024, 3, 6, 11, 0, tzinfo=UTC), "Jornada d'ocupació")
        export = PageExport([post])
        export.posts = []
        export.extra_rows = [post.row(created="06/03/2024")]
        (message,) = messages_of(read_all(_write(export, tmp_path, ".xlsx")))
        assert message.published_at == post.moment

    def test_a_real_date_cell(self, tmp_path: Path) -> None:
        """Created date stored as a date cell (a workbook saved again) is read as the day."""
        post = PagePost(START, "Fira d'ocupació", link="")
        export = PageExport(extra_rows=[post.row(created=datetime(2024, 3, 4))])
        for suffix in (".xls", ".xlsx"):
            (message,) = messages_of(read_all(_write(export, tmp_path, suffix)))
            assert message.published_at == datetime(2024, 3, 4, tzinfo=UTC)
            assert message.id.startswith("linkedin-post-") and message.remote_id is None

    def test_a_row_without_a_link_is_dated_by_its_day_at_midnight_utc(self, tmp_path: Path) -> None:
        """Without a URN, the post is published at 00:00 UTC of Created date (month first)."""
        export = PageExport([PagePost(START, "Sense enllaç", link="")])
        (message,) = messages_of(read_all(_write(export, tmp_path, ".xlsx")))
        assert message.published_at == datetime(2024, 3, 4, tzinfo=UTC)
        assert message.url is None

    def test_an_earlier_exports_update_columns(self, tmp_path: Path) -> None:
        """Update title, Update link and Update type are the earlier names of the columns."""
        export = council_page_export()
        path = _write(export, tmp_path, ".xlsx")
        book = openpyxl.load_workbook(path)
        sheet = book["All posts"]
        for cell in sheet[2]:
            if isinstance(cell.value, str) and cell.value.startswith("Post "):
                cell.value = cell.value.replace("Post ", "Update ")
        sheet.title = "Update engagement"
        book.save(path)
        assert len(messages_of(read_all(path))) == len(export.posts)

    def test_a_row_without_a_date_is_a_problem_and_the_rest_loads(self, tmp_path: Path) -> None:
        """A row whose Created date is no date and whose link has no URN names its sheet and row."""
        export = council_page_export()
        export.extra_rows = [["Sense data", "", "Organic", "", "Rosa Martí", "demà"]]
        path = _write(export, tmp_path, ".xlsx")
        items = read_all(path)
        (problem,) = problems_of(items)
        assert problem.where == f"{path}!All posts@7"
        assert "'Created date' (demà) is not a date" in problem.message.en
        assert len(messages_of(items)) == 4


class TestOriginals:
    def test_the_record_is_the_rows_cells_as_text(self, page: PageExport, page_xls: Path) -> None:
        """The original is a JSON object of the row's cells as text, keyed by the header."""
        item = imported_of(read_all(page_xls))[1]
        record = json.loads(item.original)
        assert list(record) == PAGE_HEADER
        assert record["Post title"] == page.posts[1].title
        assert record["Impressions"] == "410" and record["Clicks"] == "37"
        assert record["Posted by"] == "Rosa Martí"
        assert record["Created date"] == (START + timedelta(days=1)).strftime("%m/%d/%Y")
        assert item.media_type == "application/json"
        assert item.source == f"{page_xls.name}!All posts@4"

    def test_a_formula_is_kept_as_its_text_never_evaluated(self, tmp_path: Path) -> None:
        """A cell starting with = is text: the title keeps it, the record keeps it."""
        export = PageExport([PagePost(START, '=HYPERLINK("https://x.example","clic")')])
        path = _write(export, tmp_path, ".xlsx")
        book = openpyxl.load_workbook(path)
        book["All posts"]["J3"] = "=SUM(1,2)"
        book.save(path)
        (item,) = imported_of(read_all(path))
        assert item.message.text == '=HYPERLINK("https://x.example","clic")'
        assert json.loads(item.original)["Impressions"] == "=SUM(1,2)"

    def test_reading_twice_gives_the_same_records(self, page_xls: Path) -> None:
        """The same workbook read again yields the same messages, records and places."""
        first, second = imported_of(read_all(page_xls)), imported_of(read_all(page_xls))
        assert [(i.message, i.original, i.source) for i in first] == [
            (i.message, i.original, i.source) for i in second
        ]


class TestWhosePage:
    def test_the_page_is_told_by_the_files_name(self, page: PageExport, tmp_path: Path) -> None:
        """The name LinkedIn gives the file starts with the Page's: its profile by url or handle."""
        by_handle = linkedin_profile(url=None, contact_email=None)
        path = _write(page, tmp_path, ".xls", "Soldeneu_Ocupacio_content_1710403200000")
        items = read_all(path, profiles=[by_handle, x_profile()])
        assert {m.profile for m in messages_of(items)} == {"linkedin-ocupacio"}

    def test_a_renamed_file_needs_the_profile_named(self, page: PageExport, tmp_path: Path) -> None:
        """A file whose name does not say its Page loads only for the one profile the host names."""
        path = _write(page, tmp_path, ".xls", "publicacions")
        (problem,) = problems_of(read_all(path))
        assert "the file's name does not say which Page's it is" in problem.message.en
        items = read_all(path, profiles=[linkedin_profile()])
        assert len(messages_of(items)) == len(page.posts)

    def test_no_sheet_with_the_posts_is_a_problem(self, tmp_path: Path) -> None:
        """A workbook without the posts table says which columns it looked for."""
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["Date", "Followers"])
        path = tmp_path / f"{NAME}.xlsx"
        book.save(path)
        (problem,) = problems_of(read_all(path))
        assert "'Post title', 'Post link' and 'Created date'" in problem.message.en
        assert problem.where == str(path)


def test_created_dates_read_as_days() -> None:
    """The day helper reads month-first, day-first, ISO and date cells (a unit check)."""
    from govsm_linkedin_archive.moments import written_days

    assert written_days("05/02/2024") == [date(2024, 5, 2), date(2024, 2, 5)]
    assert written_days("13/02/2024") == [date(2024, 2, 13)]
    assert written_days("2024-02-13") == [date(2024, 2, 13)]
    assert written_days("02/30/2024") == []
    assert written_days(datetime(2024, 2, 13, 0, 0)) == [date(2024, 2, 13)]
