"""A member of an archive as a stream that counts what it gives and stops a bomb as it goes off.

:class:`GuardedMember` sits between the decompressor and the reader. Each read adds to the
member's count and to the archive's (:class:`Budget`); it raises an
:class:`~govsm.reading.archive_errors.ArchiveError` as soon as the member passes
``[limits] member_bytes``, the archive passes ``archive_bytes``, or the member has expanded more
than ``archive_ratio`` times its compressed size — whatever its header declared. A damaged
member (a CRC that does not match, compressed data that ends early) raises one too, with the
byte reached. Memory holds one read at a time.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from attrs import define

from govsm.reading.archive_errors import BROKEN, ArchiveError, broken
from govsm.spec.limits import MIB, Limits

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

#: a member may always expand this far, whatever its ratio (a small file of spaces compresses
#: a hundredfold and is no bomb)
RATIO_FLOOR = 1 * MIB


@define
class Budget:
    """What one archive has given so far, all members together, against ``archive_bytes``."""

    limit: int
    used: int = 0


def ratio_problem(size: int, compressed: int, limits: Limits) -> bool:
    """Whether ``size`` bytes out of ``compressed`` bytes is past ``limits.archive_ratio``."""
    return size > RATIO_FLOOR and size > limits.archive_ratio * max(compressed, 1)


class GuardedMember(io.RawIOBase):
    """The content of one member, read through ``source`` and held to the limits.

    :param source: the decompressed content (``zipfile``'s or ``tarfile``'s stream).
    :param archive: the archive as the user knows it, for errors.
    :param member: the member's name, for errors.
    :param compressed: the member's compressed size, when the archive says (zip).
    :param limits: the workspace's limits.
    :param budget: the archive's running total.
    :param on_close: called once when the stream is closed.
    """

    def __init__(
        self,
        source: IO[bytes],
        *,
        archive: str,
        member: str,
        compressed: int | None,
        limits: Limits,
        budget: Budget,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._source = source
        self._archive = archive
        self._member = member
        self._compressed = compressed
        self._limits = limits
        self._budget = budget
        self._on_close = on_close
        self.position = 0

    def readable(self) -> bool:
        """It is: this is a stream to read."""
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        """Fill ``buffer`` from the member; raise as soon as a limit is passed or data is bad."""
        if self.closed:
            raise ValueError("read from a closed member")
        view = memoryview(buffer).cast("B")
        try:
            data = self._source.read(len(view))
        except ArchiveError:
            raise
        except BROKEN as exc:
            raise broken(
                exc, archive=self._archive, member=self._member, position=self.position
            ) from None
        size = len(data)
        view[:size] = data
        self.position += size
        self._budget.used += size
        self._check()
        return size

    def _check(self) -> None:
        limits = self._limits
        if self.position > limits.member_bytes:
            self._refuse(
                f"se descomprime en más de {limits.member_bytes} bytes ([limits] member_bytes)",
                f"expands to more than {limits.member_bytes} bytes ([limits] member_bytes)",
            )
        if self._budget.used > self._budget.limit:
            self._refuse(
                f"el archivo ya ha dado más de {self._budget.limit} bytes descomprimidos "
                "([limits] archive_bytes)",
                f"the archive has already given more than {self._budget.limit} uncompressed "
                "bytes ([limits] archive_bytes)",
            )
        if self._compressed is not None and ratio_problem(self.position, self._compressed, limits):
            self._refuse(
                f"se descomprime en más de {limits.archive_ratio} veces su tamaño comprimido "
                f"({self._compressed} bytes): parece una bomba de compresión "
                "([limits] archive_ratio)",
                f"expands to more than {limits.archive_ratio} times its compressed size "
                f"({self._compressed} bytes): it looks like a compression bomb "
                "([limits] archive_ratio)",
            )

    def _refuse(self, es: str, en: str) -> None:
        raise ArchiveError(
            es, en, archive=self._archive, member=self._member, position=self.position
        )

    def close(self) -> None:
        """Close the member's stream (the archive stays open)."""
        if not self.closed:
            try:
                self._source.close()
            except BROKEN:
                pass  # closing a damaged member's decompressor: nothing more to read anyway
            finally:
                if self._on_close is not None:
                    self._on_close()
        super().close()


def buffered(member: GuardedMember, size: int = 64 * 1024) -> IO[bytes]:
    """``member`` behind a buffer, with ``read``, ``readline`` and iteration by lines."""
    return io.BufferedReader(member, buffer_size=size)
