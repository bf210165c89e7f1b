"""The workspace's ``[limits]``: every input bounded, every refusal named, the rest loaded (issue 11).

A 10 MB message, a line that never ends, a field of 50 MB, a file past its size, values nested
past the depth: each is one error finding (or one workspace error, for ``govsm.toml``) that
names the file, the line or key and the ``[limits]`` key; everything else still loads.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.checking.inputs import read_inputs
from govsm.errors import ConfigError, ModelError
from govsm.governance.journal import read_lines
from govsm.reading.bounds import check_record, message_problem, within
from govsm.reading.files import json_lines_each
from govsm.spec.limits import MAX_DEPTH, Limits
from govsm.workspace import Workspace
from govsm.workspace.errors import WorkspaceError
from tests.cli.running import invoke
from tests.councils import example_copy

ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A copy of the example council, with no report and no store yet."""
    return example_copy(tmp_path)


def _set_limits(folder: Path, table: str) -> None:
    manual = folder / "govsm.toml"
    manual.write_text(
        manual.read_text(encoding="utf-8") + f"\n[limits]\n{table}\n", encoding="utf-8"
    )


def _unreadable(folder: Path) -> list[str]:
    text = (folder / "report" / "findings.jsonl").read_text(encoding="utf-8")
    return [
        str(f["message_en"])
        for f in map(json.loads, text.splitlines())
        if f["rule"] == "archive-unreadable"
    ]


def _audit(folder: Path) -> str:
    done = invoke("--lang", "en", "audit", str(folder), "--as-of", "2026-11-20", env=ALONE)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


class TestLimitsTable:
    def test_defaults(self) -> None:
        limits = Limits()
        assert (limits.text_bytes, limits.field_bytes) == (1024 * 1024, 64 * 1024)
        assert (limits.file_bytes, limits.records, limits.depth) == (256 * 1024**2, 5_000_000, 64)
        assert limits.line_bytes == limits.text_bytes + limits.field_bytes

    @pytest.mark.parametrize("value", [0, -1, True, "10"])
    def test_a_limit_is_a_positive_whole_number(self, value: object) -> None:
        with pytest.raises(ModelError, match="positive whole number"):
            Limits(records=value)  # type: ignore[arg-type]

    def test_depth_stays_within_what_the_parsers_follow(self) -> None:
        Limits(depth=MAX_DEPTH)
        with pytest.raises(ModelError, match="exceed the most govsm can follow"):
            Limits(depth=MAX_DEPTH + 1)

    def test_read_from_govsm_toml(self, council: Path) -> None:
        _set_limits(council, "text_bytes = 2000\nrecords = 7")
        with Workspace.open(council) as ws:
            assert ws.limits == Limits(text_bytes=2000, records=7)

    def test_unknown_or_wrong_keys_are_named(self, council: Path) -> None:
        _set_limits(council, 'text_bites = 2000\ndepth = "deep"')
        with pytest.raises(WorkspaceError) as caught:
            Workspace.open(council)
        shown = str(caught.value)
        assert "limits" in shown and "text_bites" in shown and "depth" in shown

    def test_a_huge_field_of_govsm_toml_is_refused_with_its_key(self, council: Path) -> None:
        """The organisation's name of 50 MB: refused before it is structured or stored."""
        manual = council / "govsm.toml"
        text = manual.read_text(encoding="utf-8")
        manual.write_text(
            text.replace('name = "Ajuntament de Soldeneu"', 'name = "' + "a" * 70_000 + '"', 1),
            encoding="utf-8",
        )
        with pytest.raises(WorkspaceError) as caught:
            Workspace.open(council)
        assert "organisation.name" in str(caught.value)
        assert "[limits] field_bytes" in str(caught.value)

    def test_govsm_toml_nested_past_the_depth(self, council: Path) -> None:
        _set_limits(council, "depth = 4")
        manual = council / "govsm.toml"
        manual.write_text(
            manual.read_text(encoding="utf-8") + "[store.a.b.c.d]\nx = 1\n", encoding="utf-8"
        )
        with pytest.raises(WorkspaceError, match=r"nested deeper than 4 levels \(\[limits\] depth"):
            Workspace.open(council)

    def test_an_oversized_govsm_toml_is_not_read(self, tmp_path: Path) -> None:
        manual = tmp_path / "govsm.toml"
        with manual.open("wb") as out:
            out.truncate(17 * 1024 * 1024)
        with pytest.raises(WorkspaceError, match="is over 16777216 bytes"):
            Workspace.open(tmp_path)


class TestArchives:
    def test_a_ten_megabyte_message_is_one_finding_and_the_rest_loads(self, council: Path) -> None:
        history = council / "history" / "blog-soldeneu.jsonl"
        lines = history.read_text(encoding="utf-8").splitlines()
        huge = json.loads(lines[0]) | {"id": "blog-huge", "text": "paraula " * 1_310_720}
        lines.insert(3, json.dumps(huge))
        history.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = _audit(council)
        (problem,) = _unreadable(council)
        assert "history/blog-soldeneu.jsonl:4" in problem
        assert re.search(r"the line takes 1048\d{4} bytes and the limit is 1114112", problem)
        assert "[limits] text_bytes + field_bytes" in problem
        assert "31 files read, 508 messages" in out

    def test_a_text_over_its_own_limit(self, council: Path) -> None:
        _set_limits(council, "text_bytes = 300")
        history = council / "history" / "blog-soldeneu.jsonl"
        record = json.loads(history.read_text(encoding="utf-8").splitlines()[0])
        record |= {"id": "blog-long", "text": "ñ" * 200}  # 400 bytes, 200 characters
        with history.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        _audit(council)
        problems = [p for p in _unreadable(council) if "blog-soldeneu.jsonl" in p]
        assert any("text: the value takes 400 bytes" in p for p in problems), problems

    def test_records_past_the_limit_are_not_read(self, council: Path) -> None:
        _set_limits(council, "records = 5")
        out = _audit(council)
        problems = _unreadable(council)
        assert any(
            "history/x-ajuntament.jsonl:6" in p and "[limits] records" in p for p in problems
        )
        assert "never posted" not in out

    def test_a_file_past_its_size_is_not_opened(self, council: Path) -> None:
        history = council / "history" / "x-ajuntament.jsonl"
        _set_limits(council, f"file_bytes = {history.stat().st_size - 1}")
        _audit(council)
        assert any(
            p.startswith("history/x-ajuntament.jsonl:") and "[limits] file_bytes" in p
            for p in _unreadable(council)
        )

    def test_the_host_refuses_what_a_plugin_importer_let_through(self, council: Path) -> None:
        """The test plugin's importer reads whole lines and ignores the limits."""
        _set_limits(council, "text_bytes = 100")
        drafts = council / "drafts" / "x-ajuntament.testlines"
        drafts.write_text("short line\n" + "x" * 101 + "\n", encoding="utf-8")
        manual = council / "govsm.toml"
        text = manual.read_text(encoding="utf-8")
        manual.write_text(
            text.replace("drafts = [", 'drafts = ["drafts/*.testlines", ', 1), encoding="utf-8"
        )
        done = invoke("--lang", "en", "audit", str(council), "--as-of", "2026-11-20")
        assert done.returncode in (0, 1), done.stderr
        problems = _unreadable(council)
        assert any(
            "drafts/x-ajuntament.testlines: x-ajuntament-line-2" in p
            and "the message's text takes 101 bytes" in p
            for p in problems
        ), problems

    def test_a_line_that_never_ends_stops_the_file_not_the_audit(self, council: Path) -> None:
        _set_limits(council, "text_bytes = 1000")  # a line may take 66,536 bytes
        history = council / "history" / "blog-soldeneu.jsonl"
        with history.open("ab") as out:
            out.write(b"x" * (5 * 1024 * 1024))  # past 64 times that
        _audit(council)
        (problem,) = [p for p in _unreadable(council) if "blog-soldeneu.jsonl" in p]
        assert "no line break; the file is read no further" in problem


class TestReaders:
    def test_a_long_line_is_named_and_the_next_one_read(self, tmp_path: Path) -> None:
        path = tmp_path / "h.jsonl"
        path.write_text('{"a": "' + "b" * 5000 + '"}\n{"a": 1}\n', encoding="utf-8")
        items = list(json_lines_each(path, Limits(text_bytes=1000, field_bytes=1000)))
        assert isinstance(items[0][1], ConfigError)
        assert "takes 5010 bytes and the limit is 2000" in items[0][1].en
        assert items[1] == (f"{path}:2", {"a": 1})

    def test_a_journal_over_its_limits(self, tmp_path: Path) -> None:
        path = tmp_path / "j.jsonl"
        path.write_text("{}\n" * 4, encoding="utf-8")
        with pytest.raises(ConfigError, match=r"more than 3 lines \(\[limits\] records\)"):
            list(read_lines(path, Limits(records=3)))
        with pytest.raises(ConfigError, match=r"is over 5 bytes \(\[limits\] file_bytes\)"):
            list(read_lines(path, Limits(file_bytes=5)))

    def test_check_reads_standard_input_in_bounded_lines(self) -> None:
        """A 3 MB line of JSON on stdin is reported by size; the next line is checked."""
        stdin = io.StringIO('{"text": "' + "a" * 3_000_000 + '"}\n{"text": "hola"}\n')
        first, second = read_inputs(["-"], stdin=stdin, max_text_bytes=100_000)
        assert first.oversized == 3_000_013 and first.line == 1
        assert second.message.text == "hola" and second.line == 2


def _nested(depth: int) -> object:
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


class TestRecordChecks:
    @given(st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=45))
    def test_depth_is_refused_exactly_past_the_limit(self, limit: int, depth: int) -> None:
        record = {"links": _nested(depth)}  # the record itself is one level
        if depth + 1 <= limit:
            check_record(record, Limits(depth=limit), "x")
        else:
            with pytest.raises(ConfigError, match=r"\[limits\] depth"):
                check_record(record, Limits(depth=limit), "x")

    def test_depth_far_past_the_parser_is_walked_without_recursion(self) -> None:
        with pytest.raises(ConfigError, match="nested deeper than 64"):
            check_record(_nested(100_000), Limits(), "x")

    @given(st.text(), st.integers(min_value=1, max_value=64))
    def test_within_agrees_with_the_encoded_size(self, text: str, limit: int) -> None:
        assert within(text, limit) == (len(text.encode("utf-8", "surrogatepass")) <= limit)

    def test_message_fields_are_held_to_the_field_limit(self) -> None:
        from datetime import UTC, datetime

        from govsm.model import Direction, Message, MessageKind, MessageState

        message = Message(
            organisation="o",
            id="m",
            profile="p",
            direction=Direction.OUTBOUND,
            kind=MessageKind.POST,
            state=MessageState.DRAFT,
            text="hola",
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
            links=("https://example.org/" + "a" * 100,),
        )
        problem = message_problem(message, Limits(field_bytes=50))
        assert problem is not None
        assert "the message's field 'links[0]' takes 120 bytes" in problem.en
        assert message_problem(message, Limits()) is None
