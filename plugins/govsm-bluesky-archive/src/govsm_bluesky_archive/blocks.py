"""The blocks of a CAR file, read one at a time by their CID and checked against it.

A block is read only when the repository's tree needs it (the commit, a node of the tree, a
record), from the place :func:`~govsm_bluesky_archive.car.index_blocks` noted. Its CID is read
again and compared whole with the one asked for, and its bytes are hashed: a block whose bytes
are not those its CID names (a damaged or edited file) is refused, naming its byte. Repository
blocks are DAG-CBOR (codec ``0x71``) hashed with SHA-256 (``0x12``), the only kind atproto
allows; another kind is refused too.
"""

from __future__ import annotations

import hashlib
import io
from typing import IO, Any

import libipld
from attrs import field, frozen

from govsm_bluesky_archive.car import (
    BLOCK_BYTES,
    CID_PEEK,
    VARINT_BYTES,
    BlockIndex,
    CarError,
    cid_length,
    read_varint,
)

#: the multicodec of DAG-CBOR
DAG_CBOR = 0x71
#: the multihash code of SHA-256
SHA2_256 = 0x12

#: the longest entry of a block govsm reads: its length, its CID and its bytes
_ENTRY_BYTES = VARINT_BYTES + CID_PEEK + BLOCK_BYTES


def cid_text(cid: bytes) -> str:
    """A CID as people read it (base32, ``bafyrei…``); ``?`` for bytes that are not one."""
    try:
        return libipld.encode_cid(cid)
    except (ValueError, OverflowError):
        return "?"


class BlockError(CarError):
    """A block the tree needs that cannot be had: not in the file, or damaged.

    :param missing: whether the block is simply not in the file (a truncated file, or an
        export of part of a repository), rather than there and damaged.
    """

    def __init__(
        self, es: str, en: str, *, shown: str, position: int | None, missing: bool
    ) -> None:
        self.missing = missing
        super().__init__(es, en, shown=shown, position=position)


@frozen
class Block:
    """A block read from the file.

    :param cid: its CID (raw bytes).
    :param offset: the byte where its bytes (after its length and CID) start.
    :param data: its bytes: DAG-CBOR.
    """

    cid: bytes
    offset: int
    data: bytes = field(repr=False)


class Blocks:
    """Reads the blocks of one CAR file by their CID.

    :param stream: the file, open for reading (any position: each read seeks).
    :param index: where each block is (:func:`~govsm_bluesky_archive.car.index_blocks`).
    :param shown: the file as the user knows it.
    """

    def __init__(self, stream: IO[bytes], index: BlockIndex, shown: str) -> None:
        self._stream = stream
        self._index = index
        self.shown = shown

    def _error(
        self, es: str, en: str, position: int | None, *, missing: bool = False
    ) -> BlockError:
        return BlockError(es, en, shown=self.shown, position=position, missing=missing)

    def get(self, cid: bytes) -> Block:
        """The block ``cid`` names.

        :raises BlockError: it is not in the file, or its entry is damaged, too large, of a
            kind other than DAG-CBOR with SHA-256, or its bytes do not match its CID.
        """
        problem: BlockError | None = None
        for start, length in self._index.places(cid):
            try:
                found = self._read(cid, start, length)
            except BlockError as refused:
                problem = problem or refused
                continue
            if found is not None:
                return found
        if problem is not None:
            raise problem
        raise self._error(
            f"el bloque {cid_text(cid)} no está en el fichero",
            f"block {cid_text(cid)} is not in the file",
            None,
            missing=True,
        )

    def _read(self, cid: bytes, start: int, length: int) -> Block | None:
        """The block at ``start`` if it is ``cid``'s; ``None`` if it is another block's."""
        if length > _ENTRY_BYTES:
            raise self._error(
                f"el bloque {cid_text(cid)} tiene {length} bytes, más de los {BLOCK_BYTES} que "
                "se leen",
                f"block {cid_text(cid)} has {length} bytes, more than the {BLOCK_BYTES} read",
                start,
            )
        self._stream.seek(start)
        raw = self._stream.read(length)
        try:
            found = read_varint(io.BytesIO(raw), start)
            if found is None or len(raw) != length:
                raise ValueError("short")
            width = found[1]
            size = cid_length(raw[width : width + CID_PEEK])
        except ValueError:
            raise self._error(
                "el fichero ha cambiado mientras se leía",
                "the file changed while it was read",
                start,
            ) from None
        if raw[width : width + size] != cid:
            return None
        data = raw[width + size :]
        described = libipld.decode_cid(cid)
        if described["codec"] != DAG_CBOR or described["hash"]["code"] != SHA2_256:
            raise self._error(
                f"el bloque {cid_text(cid)} no es DAG-CBOR con SHA-256, lo único que guarda un "
                "repositorio de Bluesky",
                f"block {cid_text(cid)} is not DAG-CBOR with SHA-256, all a Bluesky repository "
                "holds",
                start,
            )
        if hashlib.sha256(data).digest() != described["hash"]["digest"]:
            raise self._error(
                f"el contenido del bloque no corresponde a su CID ({cid_text(cid)}): el fichero "
                "está dañado o ha sido modificado",
                f"the block's content does not match its CID ({cid_text(cid)}): the file is "
                "damaged or was altered",
                start,
            )
        return Block(cid, start + width + size, data)

    def decoded(self, cid: bytes) -> tuple[Block, Any]:
        """The block ``cid`` names and its DAG-CBOR, decoded.

        :raises BlockError: as :meth:`get`, or its bytes are not DAG-CBOR.
        """
        block = self.get(cid)
        return block, self.decode(block)

    def decode(self, block: Block) -> Any:
        """The DAG-CBOR of ``block``, decoded (a CID link comes out as the CID's raw bytes).

        :raises BlockError: its bytes are not strict DAG-CBOR, or nest too deep.
        """
        try:
            return libipld.decode_dag_cbor(block.data)
        except (ValueError, OverflowError, RecursionError) as refused:
            deep = isinstance(refused, RecursionError)
            raise self._error(
                f"el bloque {cid_text(block.cid)} no es DAG-CBOR válido"
                + (" (anida demasiado)" if deep else ""),
                f"block {cid_text(block.cid)} is not valid DAG-CBOR"
                + (" (it nests too deep)" if deep else ""),
                block.offset,
            ) from None
