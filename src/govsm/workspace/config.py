"""What a workspace's ``govsm.toml`` holds once read and checked."""

from __future__ import annotations

from pathlib import Path

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import ManualContent, OrganisationSnapshot
from govsm.model import _validate as v
from govsm.spec.limits import Limits

#: the version of the ``govsm.toml`` format this govsm reads and writes
FORMAT_VERSION = 1

#: the file name of a workspace's manual
MANUAL_FILE = "govsm.toml"

#: the store a workspace uses when ``[store] url`` is not set: one SQLite file inside it
DEFAULT_STORE_PATH = ".govsm/govsm.sqlite3"


def _inside_patterns(_instance: object, attribute: object, value: tuple[str, ...]) -> None:
    for pattern in value:
        if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
            raise ModelError(
                f"«{pattern}» sale del espacio de trabajo: use una ruta relativa a su carpeta, "
                "sin «..»",
                f"'{pattern}' leaves the workspace: use a path relative to its folder, "
                "without '..'",
            )


@frozen
class Archives:
    """The ``[archives]`` table: glob patterns, relative to the workspace, of files to import.

    Patterns stay inside the workspace: an absolute pattern or one with ``..`` is refused.

    :param messages: published history and inbound messages (JSON Lines, network exports).
    :param drafts: drafts (Markdown with front matter).
    :param governance: governance journals (JSON Lines of past requests, decisions, transitions
        and approvals; see :mod:`govsm.governance.journal`), replayed once each.
    """

    messages: tuple[str, ...] = field(default=(), validator=[v.texts, _inside_patterns])
    drafts: tuple[str, ...] = field(default=(), validator=[v.texts, _inside_patterns])
    governance: tuple[str, ...] = field(default=(), validator=[v.texts, _inside_patterns])


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
    #: the ``[manual]`` table, if the workspace has one
    manual: ManualContent | None = None
    #: the ``[limits]`` table: how much govsm reads of one file, line or field
    limits: Limits = field(factory=Limits)
