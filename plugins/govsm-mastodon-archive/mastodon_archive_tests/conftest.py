"""govsm-mastodon-archive's fixtures: the council's archive, in Mastodon's layout, and its reading."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from govsm_mastodon_archive.reader import read_in_context

from govsm.model import Message, Profile
from govsm.spec import ImportContext, Imported, ImportProblem, Limits
from mastodon_archive_tests.builder import HOST, USERNAME, ArchiveBuilder, council_archive

ORGANISATION = "ayto-valdemora"


def mastodon_profile(
    handle: str = f"@{USERNAME}@{HOST}",
    profile_id: str = "mastodon-ayuntamiento-valdemora",
    url: str | None = f"https://{HOST}/@{USERNAME}",
) -> Profile:
    """The council's Mastodon profile as its ``govsm.toml`` declares it."""
    return Profile(
        organisation=ORGANISATION,
        id=profile_id,
        channel="mastodon",
        handle=handle,
        unit="comunicacion",
        url=url,
    )


def read_all(
    path: Path,
    *,
    profiles: Iterable[Profile] = (mastodon_profile(),),
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
    """The council's archive, one status of each kind (see ``council_archive``)."""
    return council_archive()


@pytest.fixture
def council_zip(council: ArchiveBuilder, tmp_path: Path) -> Path:
    """The council's archive as Mastodon 4.2 and later give it: a zip."""
    return council.write_zip(tmp_path / "archive-20240502093000-0f3c9a1b2d4e5f60.zip")
