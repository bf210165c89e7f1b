"""govsm-bluesky-archive's fixtures: the council's repository, as a CAR, and its reading."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from govsm_bluesky_archive.reader import read_in_context

from bluesky_archive_tests.builder import DID, HANDLE, Repository, council_repository
from govsm.model import Message, Profile
from govsm.spec import ImportContext, Imported, ImportProblem, Limits

ORGANISATION = "ajuntament-soldeneu"
PROFILE = "bluesky-ajuntament"


def bluesky_profile(
    handle: str = HANDLE,
    url: str | None = f"https://bsky.app/profile/{DID}",
    profile_id: str = PROFILE,
    channel: str = "bluesky",
) -> Profile:
    """The council's Bluesky profile as its ``govsm.toml`` declares it: the DID in its address."""
    return Profile(
        organisation=ORGANISATION,
        id=profile_id,
        channel=channel,
        handle=handle,
        unit="comunicacio",
        url=url,
    )


def read_all(
    path: Path,
    *,
    profiles: Iterable[Profile] = (bluesky_profile(),),
    limits: Limits | None = None,
) -> list[Message | Imported | ImportProblem]:
    """Every item the importer yields for ``path``."""
    context = ImportContext(ORGANISATION, limits or Limits(), tuple(profiles))
    return list(read_in_context(path, context))


def imported_of(items: Iterable[Message | Imported | ImportProblem]) -> list[Imported]:
    """The items that are messages with their records."""
    return [item for item in items if isinstance(item, Imported)]


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
def council() -> tuple[Repository, dict[str, str]]:
    """The council's repository and the AT URI of each kind of record in it."""
    return council_repository()


@pytest.fixture
def council_car(council: tuple[Repository, dict[str, str]], tmp_path: Path) -> Path:
    """The council's repository as Bluesky's *Export my data* downloads it."""
    return council[0].write(tmp_path / "repo.car")
