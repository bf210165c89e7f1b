"""Memory stays flat: Shares.csv is read a record at a time, whatever its length."""

from __future__ import annotations

import gc
import io
import tracemalloc
from collections.abc import Iterator
from datetime import timedelta

from govsm_linkedin_archive.columns import SHARES as SHARES_TABLE
from govsm_linkedin_archive.csv_records import SHARES, Record, records
from govsm_linkedin_archive.shares import share_message

from linkedin_archive_tests.builder import SHARES_HEADER, START, Share, csv_bytes


class _SharesCsv(io.RawIOBase):
    """A ``Shares.csv`` of ``count`` posts made as it is read: nothing of it is held."""

    def __init__(self, count: int) -> None:
        self._parts = self._make(count)
        self._pending = b""

    @staticmethod
    def _make(count: int) -> Iterator[bytes]:
        yield csv_bytes([SHARES_HEADER])
        for number in range(count):
            share = Share(
                START + timedelta(minutes=number),
                f"Oferta número {number}: auxiliar administratiu.\n\nInscripcions obertes.",
                shared_url="https://soldeneu.example/ocupacio",
            )
            date, link, commentary, shared, _, visibility = share.row()
            quoted = commentary.replace('"', '""')
            yield f'{date},{link},"{quoted}",{shared},,{visibility}\n'.encode()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while len(self._pending) < len(buffer):
            part = next(self._parts, None)
            if part is None:
                break
            self._pending += part
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _peak(count: int) -> tuple[int, int]:
    """The posts read from a Shares.csv of ``count`` posts, and the reading's peak memory."""
    gc.collect()
    tracemalloc.start()
    try:
        read = 0
        header = None
        for item in records(io.BufferedReader(_SharesCsv(count), 1 << 16), SHARES):
            assert isinstance(item, Record)
            if header is None:
                header = SHARES_TABLE.header(item.fields)
                continue
            message = share_message(item.fields, header, organisation="o", profile="p")
            read += bool(message.text)
        return read, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class TestStreaming:
    def test_memory_stays_flat_however_long_the_file(self) -> None:
        """Ten times more posts (0.1 MB against 1.1 MB) take no more memory: one record at a time."""
        small_count, small_peak = _peak(500)
        large_count, large_peak = _peak(5_000)
        assert (small_count, large_count) == (500, 5_000)
        assert large_peak < small_peak * 1.25, (small_peak, large_peak)
        assert large_peak < 1024 * 1024
