"""The word lists of the built-in rules: ``govsm/rules/data/*.txt``, one item per line.

UTF-8, ``#`` starts a comment; each file's header says its source, licence and author.
"""

from __future__ import annotations

import functools
import importlib.resources

# ---------------------------------------------------------------------------------------------
# Data files: src/govsm/rules/data/<name>, UTF-8, one item per line, ``#`` comments.
# ---------------------------------------------------------------------------------------------


@functools.cache
def data_items(name: str) -> tuple[str, ...]:
    """The items of a data file of :mod:`govsm.rules` (``data/<name>``), comments removed."""
    resource = importlib.resources.files("govsm.rules").joinpath("data").joinpath(name)
    items: list[str] = []
    for raw in resource.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            items.append(line)
    return tuple(items)
