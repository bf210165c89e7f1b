"""govsm-linkedin-archive's fixtures: the council's exports, in LinkedIn's layout, and their reading."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from govsm_linkedin_archive.reader import read_in_context

from govsm.model import Message, Profile
from govsm.spec import ImportContext, Imported, ImportProblem, Limits
from linkedin_archive_tests.builder import (
    MemberExport,
    PageExport,
    council_member_export,
    council_page_export,
)

ORGANISATION = "ajuntament-soldeneu"


def linkedin_profile(
    profile_id: str = "linkedin-ocupacio",
    handle: str = "soldeneu-ocupacio",
    url: str | None = "https://www.linkedin.com/company/soldeneu-ocupacio/",
    contact_email: str | None = "ocupacio@soldeneu.example",
    channel: str = "linkedin",
) -> Profile:
    """The council's employment Page as its ``govsm.toml`` declares it."""
    return Profile(
        organisation=ORGANISATION,
        id=profile_id,
        channel=channel,
        handle=handle,
        unit="ocupacio",
        url=url,
        contact_email=contact_email,
    )


def x_profile() -> Profile:
    """Another profile of the council's, on another network."""
    return Profile(
        organisation=ORGANISATION, id="x-ajuntament", channel="x", handle="@AjSoldeneu", unit="c"
    )


def read_all(
    path: Path,
    *,
    profiles: Iterable[Profile] = (linkedin_profile(), x_profile()),
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


def imported_of(items: Iterable[Message | Imported | ImportProblem]) -> list[Imported]:
    """The items that keep LinkedIn's record."""
    return [item for item in items if isinstance(item, Imported)]


def problems_of(items: Iterable[Message | Imported | ImportProblem]) -> list[ImportProblem]:
    """The problems of the items."""
    return [item for item in items if isinstance(item, ImportProblem)]


@pytest.fixture
def member() -> MemberExport:
    """Rosa Martí's member export (see ``council_member_export``)."""
    return council_member_export()


@pytest.fixture
def member_zip(member: MemberExport, tmp_path: Path) -> Path:
    """The member export as LinkedIn sends it: a zip."""
    return member.write(tmp_path / "Complete_LinkedInDataExport_03-10-2024.zip")


@pytest.fixture
def page() -> PageExport:
    """The employment Page's content export (see ``council_page_export``)."""
    return council_page_export()


@pytest.fixture
def page_xls(page: PageExport, tmp_path: Path) -> Path:
    """The Page's content export as LinkedIn gives it: a binary ``.xls``."""
    return page.write_xls(tmp_path / "soldeneu-ocupacio_content_1710403200000.xls")
