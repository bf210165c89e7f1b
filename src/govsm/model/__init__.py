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
from govsm.model.finding import Finding, Span
from govsm.model.message import (
    Direction,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
)
from govsm.model.organisation import Organisation, OrganisationKind
from govsm.model.person import Person
from govsm.model.policy import (
    ElectoralPeriod,
    OfficeHours,
    Policy,
    ResponseTarget,
    RuleConfig,
    Severity,
    Waiver,
    Weekday,
)
from govsm.model.profile import CredentialRef, LifecycleState, Profile
from govsm.model.role import Role, RoleAssignment, ScopeKind
from govsm.model.snapshot import OrganisationSnapshot
from govsm.model.unit import Unit

__all__ = [
    "Bilingual",
    "Capability",
    "Channel",
    "ChannelLimits",
    "ChannelStatus",
    "CredentialRef",
    "Direction",
    "ElectoralPeriod",
    "Finding",
    "LifecycleState",
    "Media",
    "MediaKind",
    "Message",
    "MessageKind",
    "MessageState",
    "OfficeHours",
    "Organisation",
    "OrganisationKind",
    "OrganisationSnapshot",
    "Person",
    "Policy",
    "Profile",
    "ResponseTarget",
    "Role",
    "RoleAssignment",
    "RuleConfig",
    "ScopeKind",
    "Severity",
    "Span",
    "TextCounting",
    "TextRules",
    "Unit",
    "Waiver",
    "Weekday",
    "WeightRange",
]
