"""One reader of UTF-8 text and JSON for every file govsm reads, with what-and-where errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.errors import ConfigError
from govsm.reading.files import (
    ENDLESS_LINE,
    bounded_lines,
    decode_line,
    json_lines,
    parse_json,
    read_text,
)


class TestReadText:
    def test_reads_utf8(self, tmp_path: Path) -> None:
        """Catalan and Basque letters come back as written."""
        path = tmp_path / "a.md"
        path.write_text("Plaça Major, Gasteizko udaletxea ñ·l", encoding="utf-8")
        assert read_text(path) == "Plaça Major, Gasteizko udaletxea ñ·l"

    def test_latin1_names_the_byte_and_file(self, tmp_path: Path) -> None:
        """A Latin-1 file is refused naming the file and the first bad byte, in both languages."""
        path = tmp_path / "a.md"
        path.write_bytes("Plaça".encode("latin-1"))
        with pytest.raises(ConfigError) as caught:
            read_text(path)
        assert caught.value.where == str(path)
        assert "(byte 3)" in caught.value.es and "(byte 3)" in caught.value.en

    def test_missing_file_is_a_clear_error(self, tmp_path: Path) -> None:
        """A file that cannot be opened is a ConfigError, not an OSError."""
        with pytest.raises(ConfigError, match="cannot read"):
            read_text(tmp_path / "nope.md")


class TestJsonLines:
    def test_streams_lines_with_their_place(self, tmp_path: Path) -> None:
        """Each non-blank line is parsed and carries file:line."""
        path = tmp_path / "h.jsonl"
        path.write_text('{"id": 1}\n\n{"id": 2}\n', encoding="utf-8")
        assert list(json_lines(path)) == [(f"{path}:1", {"id": 1}), (f"{path}:3", {"id": 2})]

    def test_a_bad_line_names_its_number(self, tmp_path: Path) -> None:
        """The good lines before a bad one are yielded; the error names file:line and column."""
        path = tmp_path / "h.jsonl"
        path.write_bytes(b'{"id": 1}\n{"id": \n')
        lines = json_lines(path)
        assert next(lines) == (f"{path}:1", {"id": 1})
        with pytest.raises(ConfigError) as caught:
            next(lines)
        assert caught.value.where == f"{path}:2"
        assert "columna" in caught.value.es and "column" in caught.value.en


@given(st.binary(max_size=64))
def test_decode_line_either_decodes_or_names_the_byte(raw: bytes) -> None:
    """Any bytes: the text when they are UTF-8, else a ConfigError naming the first bad byte."""
    try:
        expected: str | None = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        expected = None
        bad = exc.start
    if expected is not None:
        assert decode_line(raw, "f:1") == expected
    else:
        with pytest.raises(ConfigError) as caught:
            decode_line(raw, "f:1")
        assert f"(byte {bad})" in caught.value.en
        assert caught.value.where == "f:1"


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=8,
    )
)
def test_parse_json_round_trips(value: object) -> None:
    """What json.dumps writes, parse_json reads back."""
    assert parse_json(json.dumps(value), "f:1") == value


@given(st.text(max_size=30))
def test_parse_json_never_raises_anything_but_config_error(text: str) -> None:
    """Any text: a value, or a ConfigError that says where."""
    error: ConfigError | None = None
    try:
        parse_json(text, "f:9")
    except ConfigError as exc:
        error = exc
    assert error is None or error.where == "f:9"


class TestBoundedReading:
    def test_read_text_stops_past_its_limit(self, tmp_path: Path) -> None:
        """A file over the limit is refused after reading just past it, naming the limit."""
        path = tmp_path / "big.txt"
        path.write_bytes(b"a" * 101)
        with pytest.raises(ConfigError, match="over 100 bytes"):
            read_text(path, limit=100)
        assert read_text(path, limit=101) == "a" * 101

    def test_a_device_that_never_ends(self) -> None:
        """/dev/zero as a text to check: refused, memory bounded by the limit."""
        with pytest.raises(ConfigError, match="over 1000 bytes"):
            read_text(Path("/dev/zero"), limit=1000)

    def test_long_lines_are_measured_not_held(self) -> None:
        """A line over the limit comes as a prefix with its whole size; short lines as they are."""
        stream = io.BytesIO(b"ok\n" + b"x" * 5000 + b"\nend\n")
        lines = list(bounded_lines(stream, 100))
        assert lines[0] == (b"ok\n", 3)
        assert len(lines[1][0]) == 101 and lines[1][1] == 5001
        assert lines[2] == (b"end\n", 4)

    def test_an_endless_line_ends_the_reading(self) -> None:
        """A line with no end (a stream of zeros) stops the reading after ENDLESS_LINE × limit."""
        with Path("/dev/zero").open("rb") as zeros:
            ((prefix, size),) = list(bounded_lines(zeros, 1000))
        assert len(prefix) == 1001 and size > ENDLESS_LINE * 1000
