"""govsm: govern a public administration's social media.

The public API is what this package exports; everything else may change between releases.

>>> import govsm
>>> with govsm.Workspace.open("examples/soldeneu") as ws:
...     len(ws.profiles) > 10
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govsm._lazy import loader
from govsm._version import __version__

if TYPE_CHECKING:
    from govsm.audit import run_audit
    from govsm.checking import check
    from govsm.errors import ConfigError, GovsmError, PluginError, StoreError
    from govsm.governance import Governance
    from govsm.plugins import PluginHost
    from govsm.spec import AuditReport, AuditStep, StepResult, hookimpl
    from govsm.store import Store
    from govsm.workspace import Workspace, WorkspaceError

# Imported on first use, so that `import govsm` and `govsm --version` stay fast.
_EXPORTS = {
    "AuditReport": "govsm.spec",
    "AuditStep": "govsm.spec",
    "StepResult": "govsm.spec",
    "Governance": "govsm.governance",
    "run_audit": "govsm.audit",
    "check": "govsm.checking",
    "ConfigError": "govsm.errors",
    "GovsmError": "govsm.errors",
    "PluginError": "govsm.errors",
    "StoreError": "govsm.errors",
    "hookimpl": "govsm.spec",
    "PluginHost": "govsm.plugins",
    "Store": "govsm.store",
    "Workspace": "govsm.workspace",
    "WorkspaceError": "govsm.workspace",
}

__all__ = [
    "AuditReport",
    "AuditStep",
    "ConfigError",
    "Governance",
    "GovsmError",
    "PluginError",
    "PluginHost",
    "StepResult",
    "Store",
    "StoreError",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "check",
    "hookimpl",
    "run_audit",
]


#: an exported name, imported from the module that defines it on first use
__getattr__ = loader(__name__, _EXPORTS, globals())


def __dir__() -> list[str]:
    return sorted(__all__)
