"""The domain model: attrs classes, frozen where the value is a fact, validated on construction.

The model does no I/O. Every class is (de)serialised by the one converter in
:mod:`govsm.serialization`.
"""

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
