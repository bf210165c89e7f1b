"""The usage manual as one language-independent value: what the renderers turn into pages.

Every text that depends on the language is either a label key (translated by
:mod:`~govsm.manual.labels`) or a :class:`~govsm.model.LocalizedText` from the
workspace; everything else is data (names, dates, numbers, ids). The document goes through the
one converter unchanged, so the audit report can carry it (see
:mod:`~govsm.builtin.manual`).

The records of its sections are in :mod:`~govsm.manual.coordination` (sections 1, 2, 3 and
5), :mod:`~govsm.manual.responsibilities` (section 4), :mod:`~govsm.manual.profiles` (sections 6,
7 and 8) and :mod:`~govsm.manual.conduct` (sections 9, 10 and 11); how it names people and
profiles is in :mod:`~govsm.manual.refs`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date

from attrs import field, frozen

from govsm.manual.conduct import Commitments, Crisis, ElectoralEntry
from govsm.manual.coordination import Coordination, Procedure, ResourceEntry, Validation
from govsm.manual.profiles import BlogEntry, ProfileEntry, Style
from govsm.manual.responsibilities import Responsibilities
from govsm.model import Channel, LocalizedText


class SectionId(enum.StrEnum):
    """The sections of the manual, in the order it shows them."""

    COORDINATION = "coordination"
    PROCEDURE = "procedure"
    RESOURCES = "resources"
    RESPONSIBILITIES = "responsibilities"
    VALIDATION = "validation"
    PROFILES = "profiles"
    STYLE = "style"
    BLOGS = "blogs"
    CRISIS = "crisis"
    COMMITMENTS = "commitments"
    ELECTORAL = "electoral"


class Completeness(enum.StrEnum):
    """How much of a section the workspace fills."""

    FILLED = "filled"
    PARTIAL = "partial"
    MISSING = "missing"


@frozen
class SectionStatus:
    """Whether a section is filled, and which ``govsm.toml`` keys would complete it.

    :param section: see :class:`SectionId`.
    :param completeness: see :class:`Completeness`.
    :param keys: the keys still to declare (empty when filled).
    """

    section: SectionId
    completeness: Completeness
    keys: tuple[str, ...] = ()


@frozen
class ManualDocument:
    """The whole usage manual, independent of the language it is shown in.

    A section the workspace does not fill is ``None`` (or empty); :attr:`status` says which.

    :param organisation: the organisation's id.
    :param organisation_name: its name.
    :param languages: its official languages, in order.
    :param generated_on: the day the manual describes (roles in force, electoral calendar).
    :param policy_version: the policy's version.
    :param effective_on: the day that version came into force.
    :param title: the manual's own title, if it gives one.
    :param introduction: what it is for.
    :param approved_by: who approved it.
    :param status: every section's :class:`SectionStatus`, in order.
    :param networks: the declared networks, by id, for their names in the manual's language
        (:meth:`Channel.display_name <govsm.model.Channel.display_name>`).
    """

    organisation: str
    organisation_name: str
    languages: tuple[str, ...]
    generated_on: date
    status: tuple[SectionStatus, ...]
    policy_version: str | None = None
    effective_on: date | None = None
    title: LocalizedText | None = None
    introduction: LocalizedText | None = None
    approved_by: LocalizedText | None = None
    coordination: Coordination | None = None
    procedure: Procedure | None = None
    resources: tuple[ResourceEntry, ...] = ()
    responsibilities: Responsibilities | None = None
    validation: Validation | None = None
    profiles: tuple[ProfileEntry, ...] = ()
    style: Style | None = None
    blogs: tuple[BlogEntry, ...] | None = None
    crisis: Crisis | None = None
    commitments: Commitments | None = None
    electoral: tuple[ElectoralEntry, ...] = ()
    networks: Mapping[str, Channel] = field(factory=dict, eq=False)

    def section_status(self, section: SectionId | str) -> SectionStatus:
        """The status of ``section`` (a :class:`SectionId` or its value)."""
        for status in self.status:
            if status.section == section:
                return status
        return SectionStatus(SectionId(section), Completeness.MISSING)
