"""LinkedIn's CSV, read as a stream: fields and bytes exact, quoting undone, bad input named."""

from __future__ import annotations

import csv
import io

import pytest
from govsm_linkedin_archive.csv_records import (
    COMMENTS,
    SHARES,
    Record,
    RecordProblem,
    records,
)
from govsm_linkedin_archive.texts import post_text
from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.spec import Limits
from linkedin_archive_tests.builder import comments_field, linkedin_commentary

#: text as hostile as a cell can be: any code point but lone surrogates (NUL included)
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_ROWS = st.lists(st.lists(_TEXT, min_size=1, max_size=5), min_size=1, max_size=8)


class _Trickle(io.RawIOBase):
    """A stream that gives at most ``chunk`` bytes a read: every line is cut somewhere."""

    def __init__(self, data: bytes, chunk: int) -> None:
        self._data = io.BytesIO(data)
        self._chunk = chunk

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._data.read(min(len(buffer), self._chunk))
        buffer[: len(data)] = data
        return len(data)


def _read(
    data: bytes, dialect: type[csv.Dialect] = SHARES, chunk: int = 7, **limits: int
) -> list[Record | RecordProblem]:
    stream = io.BufferedReader(_Trickle(data, chunk), buffer_size=max(chunk, 8))
    return list(records(stream, dialect, Limits(**limits) if limits else None))


def _written(rows: list[list[str]], terminator: str, quoting: int = csv.QUOTE_MINIMAL) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=terminator, quoting=quoting).writerows(rows)
    return out.getvalue().encode("utf-8")


class TestRoundTrip:
    @given(
        rows=_ROWS,
        chunk=st.integers(1, 40),
        terminator=st.sampled_from(["\n", "\r\n"]),
        quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    )
    @settings(max_examples=120)
    def test_fields_bytes_lines_and_offsets_are_exact(
        self, rows: list[list[str]], chunk: int, terminator: str, quoting: int
    ) -> None:
        """What csv writes comes back field for field, each record's bytes where they were."""
        if quoting == csv.QUOTE_MINIMAL and terminator == "\n":
            # csv leaves a lone carriage return unquoted then: no reader could read it back
            rows = [[cell.replace("\r", "") for cell in row] for row in rows]
        rows = [row for row in rows if row != [""]]  # csv writes a lone empty cell as a blank line
        data = _written(rows, terminator, quoting)
        read = _read(data, chunk=chunk)
        assert all(isinstance(r, Record) for r in read)
        got = [r for r in read if isinstance(r, Record)]
        assert [list(r.fields) for r in got] == rows
        assert b"".join(r.raw for r in got) == data
        for record in got:
            assert data[record.offset : record.offset + len(record.raw)] == record.raw
            assert record.line == data[: record.offset].count(b"\n") + 1

    @given(text=_TEXT, before=_TEXT)
    def test_linkedins_line_quoting_is_undone(self, text: str, before: str) -> None:
        """A post's text, quoted line by line as LinkedIn does, then as CSV, comes back whole."""
        assert post_text(linkedin_commentary(text)) == text
        rows = [["Date", "ShareCommentary"], [before, linkedin_commentary(text)]]
        data = _written(rows, "\n", csv.QUOTE_ALL)
        (_, row) = _read(data)
        assert isinstance(row, Record) and post_text(row.fields[1]) == text

    @given(text=_TEXT, chunk=st.integers(1, 30))
    def test_a_comment_quoted_with_backslashes_comes_back_whole(
        self, text: str, chunk: int
    ) -> None:
        """Comments.csv's \\" (and \\\\) inside quoted fields are read back as written."""
        data = f"Date,Link,Message\n2024-05-02 09:30:00,x,{comments_field(text)}\n".encode()
        _, row = _read(data, COMMENTS, chunk)
        assert isinstance(row, Record) and row.fields[2] == text

    def test_doubled_quotes_in_comments_too(self) -> None:
        """A doubled quote inside a quoted field of Comments.csv is one quote."""
        data = b'Date,Link,Message\n2024-06-12 00:00:00,x,"They call it ""now more than ever""!"\n'
        _, row = _read(data, COMMENTS)
        assert isinstance(row, Record) and row.fields[2] == 'They call it "now more than ever"!'

    def test_a_text_with_a_line_break_written_plainly_is_kept(self) -> None:
        """A field whose line breaks are not LinkedIn's quoted ones is not touched."""
        assert post_text('He said "yes"\nand left') == 'He said "yes"\nand left'


class TestEncodings:
    def test_a_byte_order_mark_is_not_part_of_the_first_column(self) -> None:
        """UTF-8 with a BOM: the header's first name is Date, and the record keeps the BOM."""
        header, row = _read(b"\xef\xbb\xbfDate,ShareLink\n2024-05-02 09:30:00,x\n")
        assert isinstance(header, Record) and header.fields == ("Date", "ShareLink")
        assert header.raw.startswith(b"\xef\xbb\xbf") and isinstance(row, Record)

    def test_windows_1252_lines_are_read_with_their_accents(self) -> None:
        """A file saved by Excel in Windows-1252 keeps its letters; the record says how it was read."""
        data = "Date,ShareCommentary\n2024-05-02 09:30:00,Ocupació i formació – «ja»\n"
        _, row = _read(data.encode("cp1252"))
        assert isinstance(row, Record)
        assert row.fields[1] == "Ocupació i formació – «ja»"
        assert row.encoding == "windows-1252"

    def test_bytes_of_neither_encoding_name_the_byte(self) -> None:
        """A byte that is neither UTF-8 nor Windows-1252 (0x81) is a problem of its record only."""
        read = _read(b"Date,ShareCommentary\n2024,\x81\n2024,bo\n")
        assert isinstance(read[1], RecordProblem) and "(byte 26)" in read[1].message.en
        assert isinstance(read[2], Record) and read[2].fields == ("2024", "bo")

    def test_utf16_is_refused_whole(self) -> None:
        """A file in UTF-16 is one final problem."""
        (problem,) = _read("Date,ShareCommentary\n".encode("utf-16"))
        assert isinstance(problem, RecordProblem) and problem.final
        assert "UTF-16" in problem.message.en


class TestHostileRecords:
    def test_nul_bytes_are_read_as_characters(self) -> None:
        """A NUL inside a field is read (the message leaves it out later)."""
        _, row = _read(b'Date,ShareCommentary\n2024,"a\x00b"\n')
        assert isinstance(row, Record) and row.fields[1] == "a\x00b"

    def test_a_quote_never_closed_is_a_problem_of_its_record(self) -> None:
        """A quote open at the end of the file is named by the line where its record starts."""
        read = _read(b'Date,ShareCommentary\n2024,ok\n2024,"never\nclosed\n')
        problem = read[-1]
        assert isinstance(problem, RecordProblem) and problem.line == 3
        assert "never closed" in problem.message.en and "no se cierran" in problem.message.es

    def test_a_misplaced_quote_is_a_problem_and_the_next_record_is_read(self) -> None:
        """Text after a closing quote is not CSV: that record is refused, the next one read."""
        read = _read(b'Date,ShareCommentary\n2024,"a"b\n2025,c\n')
        assert isinstance(read[1], RecordProblem) and read[1].line == 2 and not read[1].final
        assert isinstance(read[2], Record) and read[2].fields == ("2025", "c")

    @pytest.mark.parametrize("size", [2_000, 50 * 1024 * 1024])
    def test_a_huge_cell_stops_the_file_at_the_limit(self, size: int) -> None:
        """A record past text_bytes + field_bytes stops the reading, naming its line and the byte."""
        data = b"Date,ShareCommentary\n2024,ok\n2024," + b"x" * size + b"\n2025,after\n"
        read = _read(data, chunk=1 << 16, text_bytes=1000, field_bytes=100)
        assert isinstance(read[1], Record)
        problem = read[-1]
        assert isinstance(problem, RecordProblem) and problem.final and problem.line == 3
        assert "longer than 1100 bytes" in problem.message.en
        assert problem.offset <= len(b"Date,ShareCommentary\n2024,ok\n") + 1101

    def test_a_long_field_within_the_limits_is_read(self) -> None:
        """A field longer than the csv module's own 131,072 characters is read when the limits allow."""
        text = "ocupació " * 30_000
        _, row = _read(f"Date,ShareCommentary\n2024,{text}\n".encode(), chunk=1 << 16)
        assert isinstance(row, Record) and row.fields[1] == text
