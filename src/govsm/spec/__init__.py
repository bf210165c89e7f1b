"""The plugin API: everything a govsm plugin imports, from one place.

A plugin — a network adapter, a policy rule, an importer, an exporter, an audit step — implements
hooks (:mod:`govsm.spec.hookspecs`) marked with :data:`hookimpl` and returns or receives the
records below. Each name is imported from the module that defines it the first time it is used,
so a plugin loads only the records it names (``govsm plugins`` starts fast), and never the
store, the workspace loader or the plugin host: a plugin stays cheap to import and cannot depend
on govsm's internals.

>>> from govsm.spec import Bilingual, Finding, Rule, RuleContext, Severity, hookimpl
>>> def no_shouting(context: RuleContext) -> list[Finding]:
...     return []
>>> rule = Rule(id="no-shouting", title=Bilingual(es="Sin gritos", en="No shouting"),
...             default_severity=Severity.INFO, check=no_shouting)
>>> rule.id
'no-shouting'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govsm._lazy import loader

if TYPE_CHECKING:
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
    from govsm.spec.declared import Declared
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
    from govsm.spec.findings import (
        CollectedFindings,
        FindingSink,
        RecordedFinding,
        RecordSink,
        ReportedFinding,
    )
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

#: the module that defines each exported name, imported the first time one of its names is used
_SOURCES: dict[str, tuple[str, ...]] = {
    "govsm.errors": ("ConfigError", "GovsmError"),
    "govsm.model": (
        "Bilingual",
        "Capability",
        "Channel",
        "ChannelLimits",
        "ChannelStatus",
        "Direction",
        "ElectoralPeriod",
        "Finding",
        "LifecycleState",
        "Media",
        "MediaKind",
        "Message",
        "MessageKind",
        "MessageState",
        "Organisation",
        "OrganisationSnapshot",
        "Person",
        "Policy",
        "Profile",
        "Severity",
        "Span",
        "TextCounting",
        "TextRules",
        "Weekday",
        "WeightRange",
    ),
    "govsm.model.policy": ("ParamValue",),
    "govsm.spec.adapter": ("Adapter", "PublishResult", "UploadMedia"),
    "govsm.spec.audit": ("AuditContext", "AuditStep", "StepResult", "StepRunner"),
    "govsm.spec.authorship": ("Authorship", "Stage"),
    "govsm.spec.credentials": ("Credentials",),
    "govsm.spec.declared": ("Declared",),
    "govsm.spec.entities": ("Entity", "EntityKind"),
    "govsm.spec.events": ("PublishVeto",),
    "govsm.spec.export_source": (
        "OFFICIAL_STATES",
        "PUBLIC_KINDS",
        "ExportItem",
        "ExportSource",
        "MessageCounter",
        "MessageQuery",
        "MessageReader",
        "Selection",
        "message_moment",
    ),
    "govsm.spec.exporter": ("Exporter", "ExportWriter", "InReport", "PublicationWriter"),
    "govsm.spec.findings": (
        "CollectedFindings",
        "FindingSink",
        "RecordedFinding",
        "RecordSink",
        "ReportedFinding",
    ),
    "govsm.spec.hookspecs": ("PROJECT", "hookimpl"),
    "govsm.spec.importer": (
        "ContextImportReader",
        "ImportContext",
        "Imported",
        "Importer",
        "ImportProblem",
        "ImportReader",
    ),
    "govsm.spec.limits": ("Limits",),
    "govsm.spec.measurement": ("Measurement",),
    "govsm.spec.network_errors": (
        "AuthenticationExpired",
        "NetworkError",
        "OutcomeUnknown",
        "PermanentRejection",
        "RateLimited",
        "TransientError",
    ),
    "govsm.spec.progress": ("NoProgress", "Progress"),
    "govsm.spec.report": ("AuditReport", "FindingStream"),
    "govsm.spec.rule": ("Rule", "RuleCheck", "Scope", "Subject", "Text"),
    "govsm.spec.rule_context": ("RuleContext",),
    "govsm.spec.workspace": ("HostView", "WorkspaceView"),
}
_MODULE_OF = {name: module for module, names in _SOURCES.items() for name in names}

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
    "Declared",
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
    "RecordSink",
    "RecordedFinding",
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


#: an exported name, imported from the module that defines it on first use
__getattr__ = loader(__name__, _MODULE_OF, globals())


def __dir__() -> list[str]:
    """The exported names, whether or not they are imported yet, and the module's own."""
    return sorted({*globals(), *__all__})
