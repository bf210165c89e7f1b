"""What a workspace's ``govsm.toml`` holds once read and checked."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import field, frozen

from govsm.model import ManualContent, OrganisationSnapshot
from govsm.model import _validate as v
from govsm.spec.limits import Limits
from govsm.webhooks.endpoints import WebhookEndpoint
from govsm.workspace.sources_config import FeedSource

#: the version of the ``govsm.toml`` format this govsm reads and writes
FORMAT_VERSION = 1

#: the file name of a workspace's manual
MANUAL_FILE = "govsm.toml"

#: the store a workspace uses when ``[store] url`` is not set: one SQLite file inside it
DEFAULT_STORE_PATH = ".govsm/govsm.sqlite3"


@frozen
class Archives:
    """The ``[archives]`` table: glob patterns, relative to the workspace, of files to import.

    Patterns stay inside the workspace, or inside a folder ``[paths] allow`` names: any other
    absolute pattern, or one whose ``..`` leads out, is refused when the workspace is read.

    :param messages: published history and inbound messages (JSON Lines, network exports).
    :param drafts: drafts (Markdown with front matter).
    :param governance: governance journals (JSON Lines of past requests, decisions, transitions
        and approvals; see :mod:`govsm.governance.journal`), replayed once each.
    """

    messages: tuple[str, ...] = field(default=(), validator=v.texts)
    drafts: tuple[str, ...] = field(default=(), validator=v.texts)
    governance: tuple[str, ...] = field(default=(), validator=v.texts)


@frozen
class PathSettings:
    """The ``[paths]`` table: folders outside the workspace govsm may read.

    :param allow: folders (absolute, or relative to the workspace) whose files ``[archives]``
        patterns and ``file:`` credentials may name — a shared drive of exports, a secrets
        folder. Everything else outside the workspace is refused.
    """

    allow: tuple[str, ...] = field(default=(), validator=v.texts)

    def folders(self, root: Path) -> tuple[Path, ...]:
        """The workspace folder and the allowed ones, links resolved (a loop left out)."""
        found = [root.resolve()]
        for folder in self.allow:
            try:
                found.append((root / folder).resolve())
            except (OSError, RuntimeError):  # a link that loops: the loader names it
                continue
        return tuple(found)


@frozen
class StoreSettings:
    """The ``[store]`` table.

    :param url: ``sqlite:///path`` (relative paths are relative to the workspace) or
        ``postgresql://…``. Never write a password here: use ``GOVSM_STORE_URL`` instead.
    """

    url: str | None = field(default=None, validator=v.optional_text)


@frozen
class WorkspaceConfig:
    """A checked ``govsm.toml``: the organisation's snapshot plus the workspace's own settings."""

    root: Path
    snapshot: OrganisationSnapshot
    channels: tuple[str, ...] = ()
    archives: Archives = field(factory=Archives)
    store: StoreSettings = field(factory=StoreSettings)
    #: the ``[paths]`` table: folders outside the workspace it may read
    paths: PathSettings = field(factory=PathSettings)
    #: the ``[manual]`` table, if the workspace has one
    manual: ManualContent | None = None
    #: the ``[limits]`` table: how much govsm reads of one file, line or field
    limits: Limits = field(factory=Limits)
    #: the ``[[webhooks]]``: where govsm's events are sent (:mod:`govsm.webhooks`)
    webhooks: tuple[WebhookEndpoint, ...] = ()
    #: the ``[[sources]]``: feeds whose new entries become drafts (:mod:`govsm.curation`)
    sources: tuple[FeedSource, ...] = ()
    #: the ``[plugins.NAME]`` tables: each plugin's own settings, by table name, as written
    plugins: Mapping[str, Mapping[str, Any]] = field(factory=dict)

    @property
    def readable_folders(self) -> tuple[Path, ...]:
        """Where the workspace may read: its folder and the ``[paths] allow`` ones."""
        return self.paths.folders(self.root)
