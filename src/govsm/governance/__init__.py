"""Governance: profile requests and lifecycle, roles and approval, the audit log, the registry."""

from govsm.governance.audit_log import AuditEntry as AuditEntry
from govsm.governance.audit_log import AuditEvent as AuditEvent
from govsm.governance.health import check_health as check_health
from govsm.governance.registry import Registry as Registry
from govsm.governance.registry import RegistryEntry as RegistryEntry
from govsm.governance.registry import Verification as Verification
from govsm.governance.service import Governance as Governance
