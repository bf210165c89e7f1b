"""govsm-meta-archive's fixtures: the council's profiles and exports, and reading them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from govsm_meta_archive.layout import Platform
from govsm_meta_archive.reader import read_in_context

from govsm.model import Message, Profile
from govsm.spec import ImportContext, Imported, ImportProblem, Limits
from meta_archive_tests.builder import FB_USERNAME, IG_USERNAME, PAGE_NAME

ORGANISATION = "ajuntament-soldeneu"

Item = Message | Imported | ImportProblem


def profile(
    profile_id: str,
    channel: str,
    handle: str,
    *,
    name: str | None = PAGE_NAME,
    url: str | None = None,
) -> Profile:
    """A profile of the council as its ``govsm.toml`` declares it."""
    return Profile(
        organisation=ORGANISATION,
        id=profile_id,
        channel=channel,
        handle=handle,
        unit="comunicacio",
        name=name,
        url=url,
    )


FACEBOOK_PAGE = profile(
    "facebook-ajuntament",
    "facebook",
    FB_USERNAME,
    url=f"https://www.facebook.com/{FB_USERNAME}",
)
INSTAGRAM_ACCOUNT = profile(
    "instagram-ajuntament",
    "instagram",
    f"@{IG_USERNAME}",
    url=f"https://www.instagram.com/{IG_USERNAME}/",
)
#: the council's other profiles of the same channels, as in the example workspace
OTHERS = (
    profile("facebook-cultura", "facebook", "CulturaSoldeneu", name="Cultura Soldeneu"),
    profile("facebook-esports", "facebook", "EsportsSoldeneu", name="Esports Soldeneu"),
    profile("instagram-cultura", "instagram", "@culturasoldeneu", name="Cultura Soldeneu"),
)
PROFILES = (FACEBOOK_PAGE, INSTAGRAM_ACCOUNT, *OTHERS)


def read_all(
    platform: Platform,
    path: Path,
    *,
    profiles: Iterable[Profile] = PROFILES,
    limits: Limits | None = None,
) -> list[Item]:
    """Every item the importer yields for ``path``."""
    context = ImportContext(ORGANISATION, limits or Limits(), tuple(profiles))
    return list(read_in_context(platform, path, context))


def imported_of(items: Iterable[Item]) -> list[Imported]:
    """The items that are messages with Meta's record."""
    return [item for item in items if isinstance(item, Imported)]


def messages_of(items: Iterable[Item]) -> list[Message]:
    """The messages of the items (an :class:`Imported`'s message), problems left out."""
    return [
        item.message if isinstance(item, Imported) else item
        for item in items
        if not isinstance(item, ImportProblem)
    ]


def problems_of(items: Iterable[Item]) -> list[ImportProblem]:
    """The problems of the items."""
    return [item for item in items if isinstance(item, ImportProblem)]
