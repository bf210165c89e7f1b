"""Reading an archive in a second process: the same items, in order, and every failure told."""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli.test_import import _line
from tests.workspace.test_loader import MINIMAL

from govsm.errors import ConfigError, GovsmError
from govsm.workspace import Workspace
from govsm.workspace.archive_import import import_archive
from govsm.workspace.reading_aside import can_read_aside, read_aside

pytestmark = pytest.mark.skipif(
    not can_read_aside(), reason="a second process is read aside only on Linux, 2+ processors"
)


def _numbers(count: int) -> Iterator[int]:
    yield from range(count)


def test_the_items_come_back_in_order_across_many_batches() -> None:
    assert list(read_aside(lambda: _numbers(2_345), batch=10, ahead=2)) == list(range(2_345))
    assert list(read_aside(lambda: _numbers(0))) == []


def _fails_after(count: int) -> Iterator[int]:
    yield from range(count)
    raise ConfigError("roto", "broken", where="a.zip!data/tweets.js@12")


def test_what_the_child_raises_is_raised_here_after_what_it_read() -> None:
    got: list[int] = []

    def take() -> None:
        for item in read_aside(lambda: _fails_after(25), batch=10):
            got.append(item)

    with pytest.raises(ConfigError) as raised:
        take()
    assert got == list(range(25))  # as when read in process: every item before the error
    assert (raised.value.es, raised.value.en, raised.value.where) == (
        "roto",
        "broken",
        "a.zip!data/tweets.js@12",
    )


class _Unpicklable(Exception):
    def __init__(self, first: str, second: str) -> None:
        super().__init__(first)
        self.second = second


def _raises_unpicklable() -> Iterator[int]:
    yield 1
    raise _Unpicklable("what went wrong", "x")


def test_an_exception_that_cannot_travel_is_named() -> None:
    with pytest.raises(RuntimeError, match="_Unpicklable: what went wrong"):
        list(read_aside(_raises_unpicklable))


def _dies() -> Iterator[int]:
    yield 1
    os._exit(7)


def test_a_child_that_dies_is_an_error_naming_its_exit_code() -> None:
    with pytest.raises(GovsmError, match="exit code 7"):
        list(read_aside(_dies))


def test_closing_early_stops_the_child() -> None:
    items = read_aside(lambda: _numbers(10**9), batch=100)
    assert next(items) == 0
    items.close()  # would hang or leave a process behind if the child went on


def test_a_parent_handling_sigterm_still_stops_its_child() -> None:
    """A handler that ignores SIGTERM here (a worker's graceful stop) is not the child's."""
    previous = signal.signal(signal.SIGTERM, lambda number, frame: None)
    try:
        items = read_aside(lambda: _numbers(10**9), batch=100, ahead=1)
        assert next(items) == 0
        items.close()
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "govsm.toml").write_text(MINIMAL, encoding="utf-8")
    return folder


def _rows(workspace: Path) -> list[tuple[object, ...]]:
    (database,) = (workspace / ".govsm").glob("*.sqlite3")
    with sqlite3.connect(database) as connection:
        return [
            *connection.execute("SELECT * FROM messages ORDER BY organisation_id, id"),
            *connection.execute("SELECT * FROM message_originals ORDER BY 1, 2"),
        ]


@pytest.mark.parametrize("broken", [False, True])
def test_an_import_read_aside_stores_what_one_read_in_process_stores(
    tmp_path: Path, broken: bool
) -> None:
    lines = [_line(n) for n in range(1_200)]
    if broken:
        lines[700] = lines[700][:40]  # a line cut short: the whole import is refused
    archive = tmp_path / "x-ajuntament-2025.jsonl"
    archive.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    results, stored = [], []
    for aside in (False, True):
        folder = tmp_path / f"ws-{aside}"
        folder.mkdir()
        (folder / "govsm.toml").write_text(MINIMAL, encoding="utf-8")
        with Workspace.open(folder) as ws:
            assert ws.config is not None
            first = import_archive(ws.config, ws.store, ws.host, archive, read_aside=aside)
            again = import_archive(ws.config, ws.store, ws.host, archive, read_aside=aside)
        results.append((first, again))
        stored.append(_rows(folder))
    (plain, plain_again), (aside, aside_again) = results
    assert aside.problems == plain.problems
    assert (aside.written, aside.read, aside.inserted) == (
        plain.written,
        plain.read,
        plain.inserted,
    )
    assert aside_again.inserted == plain_again.inserted == 0
    assert stored[1] == stored[0]
    if broken:
        assert not aside.written and aside.problems and stored[1] == []
    else:
        assert aside.inserted == 1_200 and aside_again.unchanged == 1_200
