"""The plugin API: everything a govsm plugin imports, from one place.

A plugin — a network adapter, a policy rule, an importer, an exporter, an audit step — implements
hooks (:mod:`govsm.spec.hookspecs`) marked with :data:`hookimpl` and returns or receives the
records below. Importing this module loads the domain model and these records only: never the
store, the workspace loader or the plugin host, so a plugin stays cheap to import and cannot
depend on govsm's internals.

>>> from govsm.spec import Bilingual, Finding, Rule, RuleContext, Severity, hookimpl
>>> def no_shouting(context: RuleContext) -> list[Finding]:
...     return []
>>> rule = Rule(id="no-shouting", title=Bilingual(es="Sin gritos", en="No shouting"),
...             default_severity=Severity.INFO, check=no_shouting)
>>> rule.id
'no-shouting'
"""

from govsm.errors import ConfigError, GovsmError
from govsm.model import (
    Bilingual,
    Capability,
    Channel,
    ChannelLimits,
    ChannelStatus,
    Direction,
    ElectoralPeriod,
    Finding,
    LifecycleState,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    Organisation,
    OrganisationSnapshot,
    Person,
    Policy,
    Profile,
    Severity,
    Span,
    TextCounting,
    TextRules,
    Weekday,
    WeightRange,
)
from govsm.model.policy import ParamValue
from govsm.spec.adapter import Adapter, PublishResult, UploadMedia
from govsm.spec.audit import AuditContext, AuditStep, StepResult, StepRunner
from govsm.spec.authorship import Authorship, Stage
from govsm.spec.credentials import Credentials
from govsm.spec.entities import Entity, EntityKind
from govsm.spec.events import PublishVeto
from govsm.spec.export_source import (
    OFFICIAL_STATES,
    PUBLIC_KINDS,
    ExportItem,
    ExportSource,
    MessageCounter,
    MessageQuery,
    MessageReader,
    Selection,
    message_moment,
)
from govsm.spec.exporter import Exporter, ExportWriter, InReport, PublicationWriter
from govsm.spec.findings import CollectedFindings, FindingSink, ReportedFinding
from govsm.spec.hookspecs import PROJECT, hookimpl
from govsm.spec.importer import (
    ContextImportReader,
    ImportContext,
    Imported,
    Importer,
    ImportProblem,
    ImportReader,
)
from govsm.spec.limits import Limits
from govsm.spec.measurement import Measurement
from govsm.spec.network_errors import (
    AuthenticationExpired,
    NetworkError,
    OutcomeUnknown,
    PermanentRejection,
    RateLimited,
    TransientError,
)
from govsm.spec.progress import NoProgress, Progress
from govsm.spec.report import AuditReport, FindingStream
from govsm.spec.rule import Rule, RuleCheck, Scope, Subject, Text
from govsm.spec.rule_context import RuleContext
from govsm.spec.workspace import HostView, WorkspaceView

__all__ = [
    "OFFICIAL_STATES",
    "PROJECT",
    "PUBLIC_KINDS",
    "Adapter",
    "AuditContext",
    "AuditReport",
    "AuditStep",
    "AuthenticationExpired",
    "Authorship",
    "Bilingual",
    "Capability",
    "Channel",
    "ChannelLimits",
    "ChannelStatus",
    "CollectedFindings",
    "ConfigError",
    "ContextImportReader",
    "Credentials",
    "Direction",
    "ElectoralPeriod",
    "Entity",
    "EntityKind",
    "ExportItem",
    "ExportSource",
    "ExportWriter",
    "Exporter",
    "Finding",
    "FindingSink",
    "FindingStream",
    "GovsmError",
    "HostView",
    "ImportContext",
    "ImportProblem",
    "ImportReader",
    "Imported",
    "Importer",
    "InReport",
    "LifecycleState",
    "Limits",
    "Measurement",
    "Media",
    "MediaKind",
    "Message",
    "MessageCounter",
    "MessageKind",
    "MessageQuery",
    "MessageReader",
    "MessageState",
    "NetworkError",
    "NoProgress",
    "Organisation",
    "OrganisationSnapshot",
    "OutcomeUnknown",
    "ParamValue",
    "PermanentRejection",
    "Person",
    "Policy",
    "Profile",
    "Progress",
    "PublicationWriter",
    "PublishResult",
    "PublishVeto",
    "RateLimited",
    "ReportedFinding",
    "Rule",
    "RuleCheck",
    "RuleContext",
    "Scope",
    "Selection",
    "Severity",
    "Span",
    "Stage",
    "StepResult",
    "StepRunner",
    "Subject",
    "Text",
    "TextCounting",
    "TextRules",
    "TransientError",
    "UploadMedia",
    "Weekday",
    "WeightRange",
    "WorkspaceView",
    "hookimpl",
    "message_moment",
]
