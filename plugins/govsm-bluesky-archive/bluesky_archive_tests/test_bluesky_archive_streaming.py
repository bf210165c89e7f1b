"""Memory: the file is never held, only where its blocks are.

A repository's blocks come in no set order, so the reader keeps an index of where each block is
— one integer per block — and the set of tree nodes it has walked; it holds one record at a
time. These tests measure Python's allocations (``tracemalloc``) while a repository is read:
what a block costs when the repository grows, and that large records cost nothing once read.
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

from bluesky_archive_tests.builder import Repository, many_posts
from bluesky_archive_tests.conftest import bluesky_profile
from govsm.spec import ImportContext, Imported, Limits

ORGANISATION = "ajuntament-soldeneu"


def _peak(path: Path) -> tuple[int, int]:
    """The messages read from ``path`` and the reading's peak of Python allocations."""
    from govsm_bluesky_archive.reader import read_in_context

    context = ImportContext(ORGANISATION, Limits(), (bluesky_profile(),))
    next(read_in_context(path, context), None)  # modules and caches loaded before measuring
    gc.collect()
    tracemalloc.start()
    try:
        read = sum(isinstance(item, Imported) for item in read_in_context(path, context))
        return read, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _blocks(path: Path) -> int:
    from govsm_bluesky_archive.car import index_blocks, read_header

    with path.open("rb") as stream:
        return len(index_blocks(stream, read_header(stream, str(path)), str(path)).index)


def test_a_block_costs_about_a_hundred_bytes(tmp_path: Path) -> None:
    """Eight times the posts: the peak grows by the index, under 160 bytes a block."""
    small = many_posts(500).write(tmp_path / "s.car")
    large = many_posts(4_000).write(tmp_path / "l.car")
    (small_read, small_peak), (large_read, large_peak) = _peak(small), _peak(large)
    assert (small_read, large_read) == (500, 4_000)
    added = _blocks(large) - _blocks(small)
    assert added > 3_500
    per_block = (large_peak - small_peak) / added
    assert per_block < 160, per_block
    assert large_peak < large.stat().st_size / 2, (large_peak, large.stat().st_size)


def test_large_records_are_not_held(tmp_path: Path) -> None:
    """Sixty records of 200 KiB (12 MiB of file): the reading holds about one at a time."""
    repo = Repository()
    for number in range(60):
        repo.post(f"{number} " + "Ple municipal. " * 14_000)
    path = repo.write(tmp_path / "big.car")
    size = path.stat().st_size
    assert size > 12_000_000
    read, peak = _peak(path)
    assert read == 60
    assert peak < 2_500_000, peak  # a record's bytes, its decoded text and its message's text
