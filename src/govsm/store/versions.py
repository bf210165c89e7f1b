"""The schema revisions this govsm knows, oldest first.

Each revision is a hand-written Alembic migration in ``migrations/versions/``; a test checks that
this list and the migration scripts agree. Keeping the list here lets :meth:`Store.open
<govsm.store.Store.open>` tell a database written by a newer govsm apart without importing Alembic.
"""

from __future__ import annotations

#: every schema revision, oldest first
REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
)

#: the newest schema revision this govsm writes
HEAD_REVISION: str = REVISIONS[-1]


def is_known(revision: str | None) -> bool:
    """Whether ``revision`` is one this govsm knows (``None``, an empty database, is)."""
    return revision is None or revision in REVISIONS


def position(revision: str | None) -> int:
    """Return the place of a known revision in :data:`REVISIONS`; ``-1`` for an empty database."""
    return -1 if revision is None else REVISIONS.index(revision)
