"""A CAR v1 file read as a stream of blocks: its header, then where each block is.

A CAR (*Content Addressable aRchive*, https://ipld.io/specs/transport/car/carv1/) is what
``com.atproto.sync.getRepo`` returns and what Bluesky's *Export my data* downloads
(``repo.car``). Its layout is plain framing around DAG-CBOR:

* an unsigned varint, the header's length, then the header: DAG-CBOR ``{"version": 1,
  "roots": [<CID>]}`` — for a repository, the first root is its signed commit;
* then, to the end of the file, blocks: an unsigned varint, the length of what follows; the
  block's CID (a CIDv1: varints for its version, codec, hash function and digest length, then
  the digest; or a 34-byte CIDv0); the block's bytes.

The framing (varints and where a CID ends) is read here; the DAG-CBOR and the CIDs themselves
are read by :mod:`libipld`, the Rust IPLD library the ``atproto`` SDK reads repositories with.

A repository's blocks come in no set order, so the file is read twice: :func:`index_blocks`
goes through it once, reading only each block's length and CID, and keeps where each block is;
:class:`~govsm_bluesky_archive.blocks.Blocks` then reads the blocks the repository's tree
needs, one at a time, checking each against its CID. The index holds one integer per block
(:class:`BlockIndex`); no block's bytes are held after it is read.

>>> import io
>>> read_varint(io.BytesIO(bytes([0xAC, 0x02])), 0)
(300, 2)
>>> cid_length(bytes([1, 0x71, 0x12, 0x20]) + bytes(32))
36
"""

from __future__ import annotations

import bisect
import hashlib
import os
import secrets
from collections.abc import Iterator
from typing import IO, Any

import libipld
from attrs import frozen

from govsm.errors import ConfigError

#: the longest an unsigned varint may be (9 bytes carry 63 bits: the multiformats limit)
VARINT_BYTES = 9
#: the largest header govsm reads (a repository's is about 60 bytes)
HEADER_BYTES = 64 * 1024
#: the largest block govsm reads: a record or a node of the tree (the limit other atproto
#: readers keep, too)
BLOCK_BYTES = 2 * 1024 * 1024
#: the longest hash digest a CID may carry (SHA-256's is 32 bytes)
DIGEST_BYTES = 128
#: how many bytes at a block's start surely hold its CID (4 varints and the longest digest)
CID_PEEK = 4 * VARINT_BYTES + DIGEST_BYTES


class CarError(ConfigError):
    """A CAR file that cannot be read here: what is wrong, the file and the byte.

    :param es: what is wrong, in Spanish.
    :param en: the same in English.
    :param shown: the file as the user knows it.
    :param position: the byte where the problem showed, when known.
    """

    def __init__(self, es: str, en: str, *, shown: str, position: int | None = None) -> None:
        self.position = position
        if position is not None:
            es = f"{es} (en el byte {position})"
            en = f"{en} (at byte {position})"
        super().__init__(es, en, where=shown)


def read_varint(stream: IO[bytes], position: int) -> tuple[int, int] | None:
    """The unsigned varint at the stream's position, and its length in bytes.

    :param stream: the file, at the varint's first byte.
    :param position: that byte's offset (for the errors).
    :return: ``None`` at the end of the file (no byte at all).
    :raises ValueError: the file ends inside the varint, it is longer than 9 bytes, or it is
        not written in as few bytes as it could be (the message says which; ``args[1]`` is the
        byte where it ends).
    """
    value = 0
    for count in range(VARINT_BYTES):
        byte = stream.read(1)
        if not byte:
            if count == 0:
                return None
            raise ValueError("truncated", position + count)
        value |= (byte[0] & 0x7F) << (7 * count)
        if byte[0] < 0x80:
            if byte[0] == 0 and count > 0:
                raise ValueError("not minimal", position + count)
            return value, count + 1
    raise ValueError("too long", position + VARINT_BYTES)


def _varint_at(data: bytes, at: int) -> tuple[int, int]:
    """The unsigned varint at ``data[at]`` and where the next field starts."""
    value = 0
    for count in range(VARINT_BYTES):
        if at + count >= len(data):
            raise ValueError("truncated")
        byte = data[at + count]
        value |= (byte & 0x7F) << (7 * count)
        if byte < 0x80:
            if byte == 0 and count > 0:
                raise ValueError("not minimal")
            return value, at + count + 1
    raise ValueError("too long")


def cid_length(data: bytes) -> int:
    """How many bytes at the start of ``data`` are a CID (a CIDv1's fields, or a CIDv0).

    :raises ValueError: they are not the start of a CID.
    """
    if data[:2] == b"\x12\x20":  # a CIDv0 is a bare SHA-256 multihash
        return 34
    if len(data) >= 4 and data[0] == 1 and data[1] | data[2] | data[3] < 0x80:
        # the usual CIDv1: version 1, then a codec, a hash and a length of one byte each
        if 4 + data[3] <= len(data):
            return 4 + data[3]
        raise ValueError("digest")
    version, at = _varint_at(data, 0)
    if version != 1:
        raise ValueError(f"CID version {version}")
    _codec, at = _varint_at(data, at)
    _hash, at = _varint_at(data, at)
    size, at = _varint_at(data, at)
    if size > DIGEST_BYTES or at + size > len(data):
        raise ValueError("digest")
    return at + size


@frozen
class Header:
    """A CAR file's header.

    :param roots: its root CIDs (raw bytes); a repository's first is its signed commit.
    :param end: where its first block starts.
    """

    roots: tuple[bytes, ...]
    end: int


def _not_car(shown: str, es: str, en: str, position: int | None = 0) -> CarError:
    return CarError(
        f"no es un fichero CAR v1 (la exportación de un repositorio de Bluesky): {es}",
        f"is not a CAR v1 file (a Bluesky repository export): {en}",
        shown=shown,
        position=position,
    )


def read_header(stream: IO[bytes], shown: str) -> Header:
    """The header at the start of ``stream``.

    :raises CarError: the file does not start with a CAR v1 header.
    """
    try:
        found = read_varint(stream, 0)
    except ValueError as bad:
        raise _not_car(
            shown,
            "no empieza por la longitud de una cabecera",
            "it does not start with a header's length",
        ) from bad
    if found is None:
        raise _not_car(shown, "está vacío", "it is empty", None)
    length, size = found
    if not 0 < length <= HEADER_BYTES:
        raise _not_car(
            shown,
            f"su cabecera diría tener {length} bytes",
            f"its header would be {length} bytes long",
        )
    raw = stream.read(length)
    if len(raw) < length:
        raise _not_car(
            shown, "acaba dentro de su cabecera", "it ends inside its header", size + len(raw)
        )
    try:
        header: Any = libipld.decode_dag_cbor(raw)
    except (ValueError, RecursionError, OverflowError):
        raise _not_car(
            shown, "su cabecera no es DAG-CBOR", "its header is not DAG-CBOR", size
        ) from None
    if not isinstance(header, dict):
        raise _not_car(shown, "su cabecera no es un mapa", "its header is not a map", size)
    version = header.get("version")
    if version == 2:
        raise _not_car(
            shown,
            "es un CAR de versión 2; exporte el repositorio como CAR v1 (lo que da "
            "com.atproto.sync.getRepo)",
            "it is a version 2 CAR; export the repository as CAR v1 (what "
            "com.atproto.sync.getRepo gives)",
            size,
        )
    roots = header.get("roots")
    if version != 1 or not isinstance(roots, list) or not roots:
        raise _not_car(
            shown,
            "su cabecera no dice «version: 1» con al menos una raíz («roots»)",
            "its header does not say 'version: 1' with at least one root ('roots')",
            size,
        )
    if not all(isinstance(root, bytes) and _is_cid(root) for root in roots):
        raise _not_car(
            shown, "una raíz de su cabecera no es un CID", "a root of its header is not a CID", size
        )
    return Header(tuple(roots), size + length)


def _is_cid(data: bytes) -> bool:
    try:
        libipld.decode_cid(data)
    except (ValueError, OverflowError):
        return False
    return True


class BlockIndex:
    """Where each block of the file is, found by its CID.

    One integer per block, in a sorted list: a salted 64-bit key of the CID, the byte where
    the block's entry starts and the entry's length. The CID itself is not kept: a block found
    by its key is read and its CID compared whole (:class:`~govsm_bluesky_archive.blocks.Blocks`),
    so two CIDs with the same key cannot be mistaken for one another, and the salt (new for
    each reading) keeps a hostile file from choosing CIDs that share keys.
    """

    #: how many blocks with one key are tried before giving up (the same block may be in a
    #: file more than once)
    CANDIDATES = 8

    def __init__(self) -> None:
        self._salt = secrets.token_bytes(16)
        self._entries: list[int] = []
        self._sorted = True

    def key(self, cid: bytes) -> int:
        """The salted 64-bit key of ``cid``."""
        digest = hashlib.blake2b(cid, digest_size=8, key=self._salt).digest()
        return int.from_bytes(digest, "big")

    def add(self, cid: bytes, start: int, length: int) -> None:
        """Note that the entry of block ``cid`` starts at ``start`` and is ``length`` long."""
        self._entries.append((self.key(cid) << 96) | (start << 48) | length)
        self._sorted = False

    def __len__(self) -> int:
        return len(self._entries)

    def places(self, cid: bytes) -> Iterator[tuple[int, int]]:
        """Where the entries that may be block ``cid``'s start, and their lengths."""
        if not self._sorted:
            self._entries.sort()
            self._sorted = True
        key = self.key(cid)
        at = bisect.bisect_left(self._entries, key << 96)
        for entry in self._entries[at : at + self.CANDIDATES]:
            if entry >> 96 != key:
                return
            yield (entry >> 48) & ((1 << 48) - 1), entry & ((1 << 48) - 1)


@frozen
class Indexed:
    """What going through the file found: where each block is, and where the reading stopped.

    :param index: the blocks found.
    :param stopped: why the file could not be read to its end (truncated, an entry whose
        length cannot be read), or ``None``.
    :param unreadable: the entries whose CID could not be read (skipped), and the first's byte.
    """

    index: BlockIndex
    stopped: CarError | None
    unreadable: tuple[int, int | None]


def index_blocks(stream: IO[bytes], header: Header, shown: str) -> Indexed:
    """Go through the blocks after ``header``, noting where each is.

    Only each block's length and CID are read; its bytes are skipped.

    :param stream: the file, right after its header.
    :param header: the header read from it.
    :param shown: the file as the user knows it.
    """
    size = os.fstat(stream.fileno()).st_size
    index = BlockIndex()
    position = header.end
    unreadable, first_unreadable = 0, None
    while True:
        try:
            found = read_varint(stream, position)
        except ValueError as bad:
            return Indexed(index, _framing(bad, position, shown), (unreadable, first_unreadable))
        if found is None:
            return Indexed(index, None, (unreadable, first_unreadable))
        length, width = found
        start = position
        if length == 0 or start + width + length > size:
            stopped = _cut(start, width, length, size, shown)
            return Indexed(index, stopped, (unreadable, first_unreadable))
        peek = stream.read(min(length, CID_PEEK))
        try:
            cid = peek[: cid_length(peek)]
            if not _is_cid(cid):
                raise ValueError("CID")
        except ValueError:
            unreadable += 1
            first_unreadable = start if first_unreadable is None else first_unreadable
        else:
            index.add(cid, start, width + length)
        position = start + width + length
        stream.seek(position)


def _framing(bad: ValueError, start: int, shown: str) -> CarError:
    reason, at = bad.args[0], bad.args[1]
    if reason == "truncated":
        return CarError(
            "el fichero acaba en medio de un bloque: está truncado",
            "the file ends in the middle of a block: it is truncated",
            shown=shown,
            position=at,
        )
    return CarError(
        f"la longitud del bloque que empieza en el byte {start} no es un número válido "
        "(más de 9 bytes, o no escrito en los menos posibles); no se lee lo que sigue",
        f"the length of the block starting at byte {start} is not a valid number (over 9 "
        "bytes, or not written in as few as it could be); what follows is not read",
        shown=shown,
        position=at,
    )


def _cut(start: int, width: int, length: int, size: int, shown: str) -> CarError:
    if length == 0:
        return CarError(
            "un bloque dice tener 0 bytes: el fichero está dañado; no se lee lo que sigue",
            "a block says it has 0 bytes: the file is damaged; what follows is not read",
            shown=shown,
            position=start,
        )
    return CarError(
        f"el fichero acaba en medio del bloque que empieza en el byte {start}, que diría "
        f"tener {width + length} bytes y solo tiene {size - start}: está truncado",
        f"the file ends in the middle of the block starting at byte {start}, which would "
        f"have {width + length} bytes and has only {size - start}: it is truncated",
        shown=shown,
        position=size,
    )
