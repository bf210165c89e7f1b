"""The one object an application needs: a workspace, its organisation, store and plugins."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from govsm.errors import ConfigError
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
from govsm.plugins import PluginHost
from govsm.rules.params import param_type_problems
from govsm.spec.limits import Limits
from govsm.spec.progress import Progress
from govsm.workspace.config import DEFAULT_STORE_PATH, WorkspaceConfig
from govsm.workspace.errors import WorkspaceError
from govsm.workspace.loader import load_config, manual_path

if TYPE_CHECKING:
    from govsm.spec.workspace import WorkspaceView
    from govsm.store import Store
    from govsm.workspace.importing import LoadResult

#: the environment variable that overrides a workspace's store URL (keeps passwords out of files)
STORE_URL_ENV = "GOVSM_STORE_URL"


def _is_url(value: str) -> bool:
    return "://" in value


class Workspace:
    """An organisation's usage manual, its store and the plugins that serve it.

    Open one with :meth:`open`; use it as a context manager to close the store when done.

    >>> with Workspace.open("examples/soldeneu") as ws:
    ...     ws.organisation.name
    'Ajuntament de Soldeneu'
    """

    def __init__(
        self,
        snapshot: OrganisationSnapshot,
        host: PluginHost,
        *,
        config: WorkspaceConfig | None = None,
        store_url: str | None = None,
        store: Store | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.host = host
        self.config = config
        self._store_url = store_url
        self._store = store
        if config is not None and config.webhooks:  # events go to the [[webhooks]] queue
            from govsm.webhooks.relay import WebhookRelay

            WebhookRelay.attach(host, lambda: self.store, snapshot.organisation.id, config.webhooks)

    @classmethod
    def open(
        cls,
        path_or_url: str | os.PathLike[str],
        *,
        organisation: str | None = None,
        store_url: str | None = None,
        host: PluginHost | None = None,
        disabled_plugins: Iterable[str] = (),
        plugins: Iterable[object] = (),
    ) -> Workspace:
        """Open a workspace folder (or its ``govsm.toml``), or a store by URL.

        :param path_or_url: a folder with ``govsm.toml``, the file itself, or a store URL
            (``sqlite:///…``, ``postgresql://…``) holding organisations loaded earlier.
        :param organisation: which organisation to open from a store holding several.
        :param store_url: the store to use instead of the workspace's (a folder only); the
            ``GOVSM_STORE_URL`` environment variable does the same.
        :param host: a plugin host to reuse; by default a new one is built.
        :param disabled_plugins: names of plugins not to load.
        :param plugins: extra plugin objects from the embedding application.
        :raises ConfigError: when the workspace is malformed (every problem, with key paths).
        :raises StoreError: when the store cannot be opened.
        """
        host = host or PluginHost(disabled=disabled_plugins, plugins=plugins)
        target = os.fspath(path_or_url)
        if _is_url(target):
            store = host.store(target)
            snapshot = _snapshot_from_store(store, organisation)
            return cls(snapshot, host, store_url=target, store=store)
        config = load_config(Path(target), host.channels())
        policy = config.snapshot.policy
        if policy is not None and (problems := param_type_problems(policy.rules, host.rules())):
            raise WorkspaceError(str(manual_path(Path(target))), problems)
        if organisation is not None and organisation != config.snapshot.organisation.id:
            raise ConfigError(
                f"el espacio de trabajo es de «{config.snapshot.organisation.id}», no de "
                f"«{organisation}»",
                f"the workspace belongs to '{config.snapshot.organisation.id}', not to "
                f"'{organisation}'",
                where=target,
            )
        url = store_url or os.environ.get(STORE_URL_ENV) or _configured_url(config)
        return cls(config.snapshot, host, config=config, store_url=url)

    # --- the organisation ------------------------------------------------------------------

    @property
    def organisation(self) -> Organisation:
        """The organisation."""
        return self.snapshot.organisation

    @property
    def units(self) -> tuple[Unit, ...]:
        """Its áreas."""
        return self.snapshot.units

    @property
    def people(self) -> tuple[Person, ...]:
        """Its staff and office holders."""
        return self.snapshot.people

    @property
    def roles(self) -> tuple[RoleAssignment, ...]:
        """Who holds which role, where."""
        return self.snapshot.roles

    @property
    def profiles(self) -> tuple[Profile, ...]:
        """Its profiles."""
        return self.snapshot.profiles

    @property
    def policy(self) -> Policy | None:
        """Its policy, if the workspace declares one."""
        return self.snapshot.policy

    @property
    def manual(self) -> ManualContent | None:
        """What the ``[manual]`` table adds to the usage manual, if the workspace has one.

        ``None`` too when opened from a store URL: the store keeps the organisation, not the
        manual's texts.
        """
        return self.config.manual if self.config else None

    @property
    def limits(self) -> Limits:
        """The ``[limits]`` this workspace's inputs are held to (defaults from a store URL)."""
        return self.config.limits if self.config else Limits()

    @property
    def root(self) -> Path | None:
        """The workspace folder (``None`` when opened from a store URL)."""
        return self.config.root if self.config else None

    def profile(self, profile_id: str) -> Profile:
        """The profile with id ``profile_id``.

        :raises KeyError: when there is none.
        """
        for profile in self.snapshot.profiles:
            if profile.id == profile_id:
                return profile
        raise KeyError(profile_id)

    def channels(self) -> dict[str, Channel]:
        """Every channel the installed plugins declare, by id."""
        return self.host.channels()

    # --- the store -------------------------------------------------------------------------

    @property
    def store_url(self) -> str:
        """The store's URL (passwords are never stored in ``govsm.toml``)."""
        assert self._store_url is not None
        return self._store_url

    @property
    def store(self) -> Store:
        """The store, opened (and migrated) on first use."""
        if self._store is None:
            self._store = self.host.store(self.store_url)
        return self._store

    def load(self, progress: Progress | None = None) -> LoadResult:
        """Save the organisation and import the workspace's archives into the store.

        Idempotent: loading twice leaves the store as after one load.

        :raises ConfigError: when the workspace was opened from a store URL (nothing to load),
            or an archive file is malformed (naming file and line; nothing of its batch is
            written).
        """
        from govsm.workspace.importing import load_into_store

        if self.config is None:
            raise ConfigError(
                "este espacio de trabajo se abrió desde un almacén: no hay archivos que cargar",
                "this workspace was opened from a store: there are no files to load",
            )
        return load_into_store(self.config, self.store, self.host, progress)

    def close(self) -> None:
        """Close the store, if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        where = self.config.root if self.config else "store"
        return f"<Workspace {self.organisation.id} at {where}>"


def _configured_url(config: WorkspaceConfig) -> str:
    url = config.store.url
    if url is None:
        return f"sqlite:///{(config.root / DEFAULT_STORE_PATH).resolve()}"
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != "sqlite://":
        return f"{prefix}{(config.root / url[len(prefix) :]).resolve()}"
    return url


def _snapshot_from_store(store: Store, organisation: str | None) -> OrganisationSnapshot:
    if organisation is None:
        known = [o.id for o in store.organisations()]
        if len(known) != 1:
            store.close()
            raise ConfigError(
                "el almacén tiene "
                + (
                    f"varias organizaciones ({', '.join(known)})"
                    if known
                    else "ninguna organización"
                )
                + ": indique cuál con organisation=",
                "the store holds "
                + (f"several organisations ({', '.join(known)})" if known else "no organisation")
                + ": say which with organisation=",
            )
        organisation = known[0]
    return store.snapshot(organisation)


def concrete(view: WorkspaceView) -> Workspace:
    """The :class:`Workspace` behind a :class:`~govsm.spec.workspace.WorkspaceView`.

    Built-in steps that load the workspace or diagnose its plugins need govsm's own workspace,
    not only the view the plugin API promises.

    :raises ConfigError: when ``view`` is some other implementation.
    """
    if not isinstance(view, Workspace):
        raise ConfigError(
            f"este paso necesita el espacio de trabajo de govsm, no {type(view).__name__}",
            f"this step needs govsm's workspace, not {type(view).__name__}",
        )
    return view
