"""What a plugin sees of the workspace and of the plugin host: two protocols.

Audit steps receive an :class:`~govsm.spec.audit.AuditContext` whose ``workspace`` is a
:class:`WorkspaceView`; :class:`govsm.Workspace` is the implementation govsm passes, and an
embedding application may pass its own. Naming the protocols here keeps the plugin API free of the
workspace loader, the store and the host: importing :mod:`govsm.spec` loads none of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from govsm.model import (
    Channel,
    ManualContent,
    Organisation,
    OrganisationSnapshot,
    Person,
    Policy,
    Profile,
    RoleAssignment,
    Unit,
)

if TYPE_CHECKING:
    from govsm.spec.audit import AuditStep
    from govsm.spec.exporter import Exporter
    from govsm.spec.importer import Importer
    from govsm.spec.rule import Rule
    from govsm.store import Store


class HostView(Protocol):
    """What a plugin may ask of the plugin host: the records every plugin declared.

    :class:`govsm.plugins.PluginHost` implements it.
    """

    def channels(self) -> dict[str, Channel]:
        """Every declared channel, by id."""
        ...

    def rules(self) -> dict[str, Rule]:
        """Every declared rule, by id."""
        ...

    def importers(self) -> dict[str, Importer]:
        """Every declared importer, by name."""
        ...

    def exporters(self) -> dict[str, Exporter]:
        """Every declared exporter, by name."""
        ...

    def audit_steps(self) -> list[AuditStep]:
        """Every declared audit step, in the order they run."""
        ...


class WorkspaceView(Protocol):
    """What a plugin may read of a workspace: its organisation, policy, store and plugins.

    :class:`govsm.Workspace` implements it.
    """

    @property
    def root(self) -> Path | None:
        """The workspace folder (``None`` for a workspace built in memory)."""
        ...

    @property
    def organisation(self) -> Organisation:
        """The organisation."""
        ...

    @property
    def snapshot(self) -> OrganisationSnapshot:
        """The organisation as declared: units, people, roles, profiles and policy."""
        ...

    @property
    def units(self) -> tuple[Unit, ...]:
        """Its áreas."""
        ...

    @property
    def people(self) -> tuple[Person, ...]:
        """Its staff."""
        ...

    @property
    def roles(self) -> tuple[RoleAssignment, ...]:
        """Who holds which role where."""
        ...

    @property
    def profiles(self) -> tuple[Profile, ...]:
        """Its profiles, as ``govsm.toml`` declares them."""
        ...

    @property
    def policy(self) -> Policy | None:
        """Its policy, if it declares one."""
        ...

    @property
    def manual(self) -> ManualContent | None:
        """The usage manual's own texts, if the workspace has them."""
        ...

    @property
    def store(self) -> Store:
        """The store the workspace's data is loaded into."""
        ...

    @property
    def host(self) -> HostView:
        """The plugin host the workspace was opened with."""
        ...

    def channels(self) -> dict[str, Channel]:
        """The channels the installed plugins declare, by id."""
        ...
