"""Governance: profile requests and lifecycle, roles and approval, the audit log, the registry.

The names below are imported when first used (PEP 562), so that the built-in plugins that live
in this package (audit steps) do not load the whole of it when the plugin host starts.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govsm.governance.audit_log import AuditEntry as AuditEntry
    from govsm.governance.audit_log import AuditEvent as AuditEvent
    from govsm.governance.health import check_health as check_health
    from govsm.governance.registry import Registry as Registry
    from govsm.governance.registry import RegistryEntry as RegistryEntry
    from govsm.governance.registry import Verification as Verification
    from govsm.governance.service import Governance as Governance

_LAZY = {
    "AuditEntry": "govsm.governance.audit_log",
    "AuditEvent": "govsm.governance.audit_log",
    "check_health": "govsm.governance.health",
    "Registry": "govsm.governance.registry",
    "RegistryEntry": "govsm.governance.registry",
    "Verification": "govsm.governance.registry",
    "Governance": "govsm.governance.service",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'govsm.governance' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
