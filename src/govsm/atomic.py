"""Writing a file so that readers see either the old content or the new, never half of it."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from govsm.errors import GovsmError


def write_text_atomic(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder.

    The temporary file is flushed to disk and renamed over ``path``; on any error it is removed
    and ``path`` keeps its previous content.
    """
    with open_atomic(path) as stream:
        stream.write(text)
    return path


@contextmanager
def open_atomic(path: Path, *, newline: str = "\n") -> Iterator[TextIO]:
    """A text stream (UTF-8) that becomes ``path`` when the block ends without an error.

    For files written a piece at a time: the pieces go to a temporary file in the same folder,
    which is flushed to disk and renamed over ``path``; on any error it is removed and ``path``
    keeps its previous content.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_output(path: Path, text: str) -> Path:
    """Write what a command was asked to put in ``path`` (``-o``), safely.

    A regular file is replaced atomically (:func:`write_text_atomic`), so a full disk leaves the
    previous content whole; a symbolic link is refused rather than followed out of where it
    stands; a device or a pipe (``/dev/stdout``) is written to as it is.

    :raises GovsmError: the path is a link, or cannot be written (naming it and why).
    """
    try:
        try:
            status: os.stat_result | None = path.lstat()
        except FileNotFoundError:
            status = None
        if status is not None and stat.S_ISLNK(status.st_mode):
            raise GovsmError(
                "es un enlace simbólico: no se sigue; indique el fichero de destino",
                "is a symbolic link: it is not followed; name the file itself",
                where=str(path),
            )
        if status is not None and not stat.S_ISREG(status.st_mode):
            with path.open("w", encoding="utf-8", newline="") as stream:
                stream.write(text)
        else:
            write_text_atomic(path, text)
    except OSError as exc:
        raise GovsmError(
            f"no se puede escribir ({exc.strerror})",
            f"cannot be written ({exc.strerror})",
            where=str(path),
        ) from None
    return path
