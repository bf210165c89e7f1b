"""The domain model: attrs classes, frozen where the value is a fact, validated on construction.

The model does no I/O. Every class is (de)serialised by the one converter in
:mod:`govsm.serialization`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govsm._lazy import loader

if TYPE_CHECKING:
    from govsm.model.bilingual import Bilingual
    from govsm.model.channel import (
        Capability,
        Channel,
        ChannelLimits,
        ChannelStatus,
        TextCounting,
        TextRules,
        WeightRange,
    )
    from govsm.model.delegation import Delegation
    from govsm.model.finding import Finding, Span
    from govsm.model.manual import (
        Blog,
        BlogKind,
        Colour,
        CrisisLevel,
        CrisisProtocol,
        ImageKind,
        ImageSize,
        LocalizedText,
        Logo,
        ManualContent,
        ProcedureNotes,
        ProfileNotes,
        Resource,
        ResourceKind,
        StyleGuide,
        Typeface,
    )
    from govsm.model.message import (
        WAITING_STATES,
        Direction,
        Media,
        MediaKind,
        Message,
        MessageKind,
        MessageState,
    )
    from govsm.model.organisation import Organisation, OrganisationKind
    from govsm.model.outbox import Attempt, OutboxItem, OutboxState, Outcome, Pause
    from govsm.model.person import Person
    from govsm.model.policy import (
        ApprovalRule,
        ElectoralPeriod,
        OfficeHours,
        Policy,
        RequestPrerequisites,
        ResponseTarget,
        RuleConfig,
        Severity,
        Waiver,
    )
    from govsm.model.profile import CredentialRef, LifecycleState, Profile
    from govsm.model.publishing import (
        LocalHoliday,
        PostingWindow,
        PublishingLimit,
        PublishingScope,
        Weekday,
    )
    from govsm.model.request import Objective, ProfileRequest, RequestState
    from govsm.model.role import Role, RoleAssignment, ScopeKind
    from govsm.model.snapshot import OrganisationSnapshot
    from govsm.model.unit import Unit

#: the module that defines each exported name, imported the first time one of its names is used
_SOURCES: dict[str, tuple[str, ...]] = {
    "govsm.model.bilingual": ("Bilingual",),
    "govsm.model.channel": (
        "Capability",
        "Channel",
        "ChannelLimits",
        "ChannelStatus",
        "TextCounting",
        "TextRules",
        "WeightRange",
    ),
    "govsm.model.delegation": ("Delegation",),
    "govsm.model.finding": ("Finding", "Span"),
    "govsm.model.manual": (
        "Blog",
        "BlogKind",
        "Colour",
        "CrisisLevel",
        "CrisisProtocol",
        "ImageKind",
        "ImageSize",
        "LocalizedText",
        "Logo",
        "ManualContent",
        "ProcedureNotes",
        "ProfileNotes",
        "Resource",
        "ResourceKind",
        "StyleGuide",
        "Typeface",
    ),
    "govsm.model.message": (
        "WAITING_STATES",
        "Direction",
        "Media",
        "MediaKind",
        "Message",
        "MessageKind",
        "MessageState",
    ),
    "govsm.model.organisation": ("Organisation", "OrganisationKind"),
    "govsm.model.outbox": ("Attempt", "OutboxItem", "OutboxState", "Outcome", "Pause"),
    "govsm.model.person": ("Person",),
    "govsm.model.policy": (
        "ApprovalRule",
        "ElectoralPeriod",
        "OfficeHours",
        "Policy",
        "RequestPrerequisites",
        "ResponseTarget",
        "RuleConfig",
        "Severity",
        "Waiver",
    ),
    "govsm.model.profile": ("CredentialRef", "LifecycleState", "Profile"),
    "govsm.model.publishing": (
        "LocalHoliday",
        "PostingWindow",
        "PublishingLimit",
        "PublishingScope",
        "Weekday",
    ),
    "govsm.model.request": ("Objective", "ProfileRequest", "RequestState"),
    "govsm.model.role": ("Role", "RoleAssignment", "ScopeKind"),
    "govsm.model.snapshot": ("OrganisationSnapshot",),
    "govsm.model.unit": ("Unit",),
}
_MODULE_OF = {name: module for module, names in _SOURCES.items() for name in names}

__all__ = [
    "WAITING_STATES",
    "ApprovalRule",
    "Attempt",
    "Bilingual",
    "Blog",
    "BlogKind",
    "Capability",
    "Channel",
    "ChannelLimits",
    "ChannelStatus",
    "Colour",
    "CredentialRef",
    "CrisisLevel",
    "CrisisProtocol",
    "Delegation",
    "Direction",
    "ElectoralPeriod",
    "Finding",
    "ImageKind",
    "ImageSize",
    "LifecycleState",
    "LocalHoliday",
    "LocalizedText",
    "Logo",
    "ManualContent",
    "Media",
    "MediaKind",
    "Message",
    "MessageKind",
    "MessageState",
    "Objective",
    "OfficeHours",
    "Organisation",
    "OrganisationKind",
    "OrganisationSnapshot",
    "OutboxItem",
    "OutboxState",
    "Outcome",
    "Pause",
    "Person",
    "Policy",
    "PostingWindow",
    "ProcedureNotes",
    "Profile",
    "ProfileNotes",
    "ProfileRequest",
    "PublishingLimit",
    "PublishingScope",
    "RequestPrerequisites",
    "RequestState",
    "Resource",
    "ResourceKind",
    "ResponseTarget",
    "Role",
    "RoleAssignment",
    "RuleConfig",
    "ScopeKind",
    "Severity",
    "Span",
    "StyleGuide",
    "TextCounting",
    "TextRules",
    "Typeface",
    "Unit",
    "Waiver",
    "Weekday",
    "WeightRange",
]


#: an exported name, imported from the module that defines it on first use
__getattr__ = loader(__name__, _MODULE_OF, globals())


def __dir__() -> list[str]:
    """The exported names, whether or not they are imported yet, and the module's own."""
    return sorted({*globals(), *__all__})
