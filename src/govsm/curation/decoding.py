"""A response body, decompressed as its ``Content-Encoding`` says, never past a byte cap.

A feed served with ``Content-Encoding: gzip`` may be a *gzip bomb*: a few kilobytes that
inflate to gigabytes. The cap applies to the decoded bytes, and decompression never produces
more than one byte past what is left under it, however the compressed data is chunked (the
``max_length`` of ``zlib``'s ``decompress``): memory holds at most the cap.

>>> import gzip
>>> body = Body("gzip", limit=100)
>>> body.feed(gzip.compress(b"<rss/>"))
>>> body.finish()
b'<rss/>'
>>> body = Body("gzip", limit=100)
>>> body.feed(gzip.compress(b"0" * 1_000_000))
Traceback (most recent call last):
...
govsm.curation.decoding.TooLarge: 100
"""

from __future__ import annotations

import zlib

#: the encodings read, as ``Accept-Encoding`` asks for them
ACCEPTED = "gzip, deflate"

_GZIP = ("gzip", "x-gzip")


class TooLarge(Exception):
    """The body decodes to more than its cap (the cap is the argument)."""


class Damaged(Exception):
    """The compressed body cannot be decompressed (the reason is the argument)."""


class Unsupported(Exception):
    """The ``Content-Encoding`` is not one govsm reads (the encoding is the argument)."""


def encoding_of(header: str | None) -> str:
    """The one encoding a ``Content-Encoding`` header names: ``gzip``, ``deflate`` or ``identity``.

    :raises Unsupported: another encoding (``br``, ``zstd``, ``compress``), or several stacked.
    """
    names = [n.strip().lower() for n in (header or "").split(",")]
    names = [n for n in names if n and n != "identity"]
    if not names:
        return "identity"
    if len(names) > 1 or names[0] not in (*_GZIP, "deflate"):
        raise Unsupported(", ".join(names))
    return "gzip" if names[0] in _GZIP else "deflate"


class Body:
    """Collects a body's decoded bytes, up to ``limit``.

    :param encoding: what :func:`encoding_of` returned.
    :param limit: the most decoded bytes kept; one more raises :class:`TooLarge`.
    """

    def __init__(self, encoding: str, limit: int) -> None:
        self._encoding = encoding
        self._limit = limit
        self._out = bytearray()
        self._raw_deflate = False
        self._started = False
        self._fed = False
        self._inflater: zlib._Decompress | None = self._new() if encoding != "identity" else None

    def _new(self) -> zlib._Decompress:
        if self._encoding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)

    def _keep(self, data: bytes) -> None:
        self._out += data
        if len(self._out) > self._limit:
            raise TooLarge(self._limit)

    def feed(self, chunk: bytes) -> None:
        """Add a chunk of the body as it came over the wire.

        :raises TooLarge: the decoded bytes pass the limit.
        :raises Damaged: the compressed data is corrupt.
        """
        if self._inflater is None:
            self._keep(chunk)
            return
        self._fed = self._fed or bool(chunk)
        try:
            self._inflate(chunk)
        except zlib.error as exc:
            if self._encoding == "deflate" and not self._started and not self._raw_deflate:
                # "deflate" is meant to be zlib-wrapped; some servers send it raw
                self._raw_deflate = True
                self._inflater = self._new()
                try:
                    self._inflate(chunk)
                except zlib.error as again:
                    raise Damaged(str(again)) from None
                return
            raise Damaged(str(exc)) from None

    def _inflate(self, data: bytes) -> None:
        inflater = self._inflater
        assert inflater is not None
        while data:
            piece = inflater.decompress(data, self._limit - len(self._out) + 1)
            if piece:
                self._started = True
            self._keep(piece)
            if inflater.eof:
                data = inflater.unused_data
                if data and self._encoding == "gzip":  # a gzip file of several members
                    inflater = self._inflater = self._new()
                    continue
                return
            data = inflater.unconsumed_tail

    def finish(self) -> bytes:
        """The decoded body.

        :raises TooLarge: what was still buffered passes the limit.
        :raises Damaged: the compressed data ended before its end.
        """
        if self._inflater is not None:
            try:
                self._keep(self._inflater.flush())
            except zlib.error as exc:
                raise Damaged(str(exc)) from None
            if not self._inflater.eof and self._fed:
                raise Damaged("truncated")
        return bytes(self._out)
