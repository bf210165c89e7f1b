"""Where an export goes: a file, replaced whole or not at all, or standard output.

A regular file is written through a temporary file in the same folder, flushed to disk and
renamed over the target (:func:`govsm.atomic.open_atomic`): readers see the previous export or
the new one, never half of it, and a failure leaves the previous one untouched. A symbolic link
is refused rather than followed; a device or a pipe (``/dev/stdout``) is written as it is;
``None`` means standard output. A new file gets the permissions any new file gets (``0666`` less
the umask), a replaced one keeps its own.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from govsm.atomic import open_atomic
from govsm.errors import GovsmError


@contextmanager
def open_output(target: Path | None) -> Iterator[BinaryIO]:
    """A binary stream that becomes ``target`` when the block ends without an error.

    :param target: the file to write; ``None`` for standard output.
    :raises GovsmError: the target is a symbolic link, or cannot be written (naming it and why).
    """
    if target is None:
        stream = sys.stdout.buffer
        yield stream
        stream.flush()
        return
    try:
        try:
            status: os.stat_result | None = target.lstat()
        except FileNotFoundError:
            status = None
        if status is not None and stat.S_ISLNK(status.st_mode):
            raise GovsmError(
                "es un enlace simbólico: no se sigue; indique el fichero de destino",
                "is a symbolic link: it is not followed; name the file itself",
                where=str(target),
            )
        if status is not None and stat.S_ISDIR(status.st_mode):
            raise GovsmError(
                "es una carpeta: indique el fichero de destino",
                "is a folder: name the file itself",
                where=str(target),
            )
        if status is not None and not stat.S_ISREG(status.st_mode):
            with target.open("wb") as device:
                yield device
            return
        with open_atomic(target) as text:
            os.chmod(text.fileno(), _mode(status))
            yield text.buffer
    except OSError as exc:
        raise GovsmError(
            f"no se puede escribir ({exc.strerror})",
            f"cannot be written ({exc.strerror})",
            where=str(target),
        ) from None


def _mode(status: os.stat_result | None) -> int:
    """The permissions of the file written: the replaced file's, or the umask's for a new one."""
    if status is not None:
        return stat.S_IMODE(status.st_mode)
    umask = os.umask(0o022)  # read it (the only way); put it back at once
    os.umask(umask)
    return 0o666 & ~umask
