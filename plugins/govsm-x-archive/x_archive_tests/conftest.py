"""govsm-x-archive's fixtures: the council's archive, written in X's layout, and its reading."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from govsm_x_archive.reader import read_in_context

from govsm.model import Message, Profile
from govsm.spec import ImportContext, Imported, ImportProblem, Limits
from x_archive_tests.builder import USERNAME, ArchiveBuilder, council_archive

ORGANISATION = "ayto-valdemora"


def x_profile(handle: str = f"@{USERNAME}", profile_id: str = "x-ayuntamiento") -> Profile:
    """The council's X profile as its ``govsm.toml`` declares it."""
    return Profile(
        organisation=ORGANISATION,
        id=profile_id,
        channel="x",
        handle=handle,
        unit="comunicacion",
        url=f"https://x.com/{handle.lstrip('@')}",
    )


def read_all(
    path: Path,
    *,
    profiles: Iterable[Profile] = (x_profile(),),
    limits: Limits | None = None,
) -> list[Message | Imported | ImportProblem]:
    """Every item the importer yields for ``path``."""
    context = ImportContext(ORGANISATION, limits or Limits(), tuple(profiles))
    return list(read_in_context(path, context))


def messages_of(items: Iterable[Message | Imported | ImportProblem]) -> list[Message]:
    """The messages of the items (an :class:`Imported`'s message), problems left out."""
    return [
        item.message if isinstance(item, Imported) else item
        for item in items
        if not isinstance(item, ImportProblem)
    ]


def problems_of(items: Iterable[Message | Imported | ImportProblem]) -> list[ImportProblem]:
    """The problems of the items."""
    return [item for item in items if isinstance(item, ImportProblem)]


@pytest.fixture
def council() -> ArchiveBuilder:
    """The council's archive, one tweet of each kind (see ``council_archive``)."""
    return council_archive()


@pytest.fixture
def council_zip(council: ArchiveBuilder, tmp_path: Path) -> Path:
    """The council's archive as X gives it, the tweets in two files."""
    return council.write(tmp_path / "twitter-2024-05-02-valdemora.zip", parts=2)
