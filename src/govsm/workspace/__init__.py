"""Workspaces: a folder with ``govsm.toml`` — the organisation's usage manual as data."""

from govsm.workspace.config import FORMAT_VERSION, MANUAL_FILE, Archives, WorkspaceConfig
from govsm.workspace.errors import WorkspaceError
from govsm.workspace.loader import load_config
from govsm.workspace.workspace import Workspace

__all__ = [
    "FORMAT_VERSION",
    "MANUAL_FILE",
    "Archives",
    "Workspace",
    "WorkspaceConfig",
    "WorkspaceError",
    "load_config",
]
