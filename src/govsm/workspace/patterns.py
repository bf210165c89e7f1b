"""Glob patterns of ``[archives]``: where each one starts, and the files it matches.

A pattern is relative to the workspace (``history/*.jsonl``) or, for a folder ``[paths] allow``
names, absolute or with ``..`` (``/srv/exports/*.jsonl``). Its *base* is the folder before its
first wildcard, with ``..`` resolved by name: the loader refuses a pattern whose base is neither
inside the workspace nor inside an allowed folder, and the importer reads a match only when the
file it leads to — links followed — is inside one of them.

>>> from pathlib import Path
>>> pattern_base(Path("/ws"), "history/*.jsonl")
PosixPath('/ws/history')
>>> pattern_base(Path("/ws"), "../exports/2026/x-*.jsonl")
PosixPath('/exports/2026')
>>> pattern_base(Path("/ws"), "/srv/a.jsonl")
PosixPath('/srv')
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

_WILDCARDS = frozenset("*?[")


def _split(root: Path, pattern: str) -> tuple[Path, str]:
    """The folder before the first wildcard, and the rest of the pattern (``""`` for none)."""
    joined = Path(os.path.normpath(root / pattern))
    parts = joined.parts
    for index, part in enumerate(parts):
        if _WILDCARDS & set(part):
            return Path(*parts[:index]), "/".join(parts[index:])
    return joined.parent, joined.name


def pattern_base(root: Path, pattern: str) -> Path:
    """The folder ``pattern`` starts from, ``..`` resolved by name (links are not followed)."""
    return _split(root, pattern)[0]


def matches(root: Path, pattern: str) -> Iterator[Path]:
    """The files ``pattern`` matches, sorted, as paths under its base.

    A name longer than the system allows matches nothing, as a name that does not exist does:
    asked about it, the system answers "file name too long" (``ENAMETOOLONG``), which the glob
    does not take for "no such file" by itself.
    """
    base, rest = _split(root, pattern)
    try:
        if not base.is_dir():
            return
        found = sorted(path for path in base.glob(rest) if path.is_file())
    except OSError as exc:
        if exc.errno != errno.ENAMETOOLONG:
            raise
        return
    yield from found


def readable(path: Path, folders: Iterable[Path]) -> bool:
    """Whether ``path``, links followed, is inside one of ``folders`` (already resolved)."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):
        return False
    return any(target.is_relative_to(folder) for folder in folders)
