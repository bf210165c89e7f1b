"""The plugin host: finds plugins, isolates their failures and calls their hooks with types.

>>> host = PluginHost(entry_points=False)
>>> "x" in host.channels()
True
>>> host.failures
[]
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import pluggy

from govsm._version import __version__
from govsm.errors import PluginError, StoreError
from govsm.lazy_plugins import BUILTIN_HOOKS, LazyPlugin
from govsm.spec import hookspecs

if TYPE_CHECKING:
    from govsm.model import Bilingual, Channel, LifecycleState, Message, Profile
    from govsm.spec.adapter import Adapter
    from govsm.spec.audit import AuditStep
    from govsm.spec.credentials import Credentials
    from govsm.spec.events import PublishVeto
    from govsm.spec.exporter import Exporter
    from govsm.spec.importer import Importer
    from govsm.spec.rule import Rule
    from govsm.store import Store

T = TypeVar("T")

#: the environment variable that lists plugins not to load, separated by commas
DISABLE_ENV = "GOVSM_DISABLE_PLUGINS"

#: the entry-point group third-party plugins register in
ENTRY_POINT_GROUP = "govsm"

#: the built-in plugins, registered first and exactly as third-party ones are (each module is
#: imported the first time one of its hooks runs: :mod:`govsm.lazy_plugins`)
DEFAULT_PLUGINS: tuple[str, ...] = tuple(BUILTIN_HOOKS)

Source = Literal["builtin", "entry-point", "application"]


# The two records below are frozen dataclasses, not attrs classes like the model's: the plugin
# host is built at start-up, and ``govsm plugins`` should not pay for importing attrs when no
# plugin needs it.


@dataclass(frozen=True, slots=True)
class PluginInfo:
    """What ``govsm plugins`` shows about one loaded plugin."""

    name: str
    source: Source
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PluginFailure:
    """A plugin that failed to load, or raised inside a hook.

    :param name: the plugin's name (entry-point name or module path).
    :param distribution: the distribution that installs it, if known.
    :param version: that distribution's version, if known.
    :param phase: ``load`` (import or registration) or the name of the hook that raised.
    :param error: the exception, as one line.
    :param detail: the traceback, for ``--verbose`` output.
    """

    name: str
    distribution: str | None
    version: str | None
    phase: str
    error: str
    detail: str

    def one_line(self) -> str:
        """The failure in one line, naming the plugin, its distribution and govsm's version."""
        dist = f" ({self.distribution} {self.version or '?'})" if self.distribution else ""
        where = "al cargar / on load" if self.phase == "load" else f"en / in {self.phase}"
        return f"plugin {self.name}{dist}, govsm {__version__}: {where}: {self.error}"


class PluginHost:
    """One ``pluggy.PluginManager`` for project ``govsm``, with one typed method per hook.

    :param disabled: names of plugins not to load (added to those in ``GOVSM_DISABLE_PLUGINS``).
    :param plugins: plugin objects (modules, classes, instances) from the embedding application,
        registered after built-ins and entry points.
    :param entry_points: whether to load plugins from the ``govsm`` entry-point group.
    :param strict: turn every plugin failure into a :class:`~govsm.errors.PluginError` instead
        of recording it in :attr:`failures`.
    """

    def __init__(
        self,
        *,
        disabled: Iterable[str] = (),
        plugins: Iterable[object] = (),
        entry_points: bool = True,
        strict: bool = False,
    ) -> None:
        env = os.environ.get(DISABLE_ENV, "")
        self.disabled: frozenset[str] = frozenset(
            {*disabled, *(name.strip() for name in env.split(",") if name.strip())}
        )
        self.strict = strict
        self.failures: list[PluginFailure] = []
        self._info: dict[str, PluginInfo] = {}
        self._owners: dict[tuple[str, str], str] = {}
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        for module_name in DEFAULT_PLUGINS:
            self._load(
                module_name,
                functools.partial(LazyPlugin, module_name, BUILTIN_HOOKS[module_name]),
                "builtin",
                "govsm",
                __version__,
            )
        if entry_points:
            for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
                dist = entry_point.dist
                self._load(
                    entry_point.name,
                    entry_point.load,
                    "entry-point",
                    dist.name if dist else None,
                    dist.version if dist else None,
                )
        for index, plugin in enumerate(plugins):
            name = getattr(plugin, "__name__", None) or f"{type(plugin).__name__}-{index}"
            self._load(str(name), functools.partial(_identity, plugin), "application", None, None)
        self._check_pending()

    # --- loading ---------------------------------------------------------------------------

    def _load(
        self,
        name: str,
        loader: Callable[[], object],
        source: Source,
        distribution: str | None,
        version: str | None,
    ) -> None:
        if name in self.disabled:
            return
        try:
            plugin = loader()
            self.manager.register(plugin, name=name)
        except Exception as exc:  # a plugin's failure must not stop govsm
            self._fail(name, distribution, version, "load", exc)
            return
        hooks = tuple(sorted(caller.name for caller in self.manager.get_hookcallers(plugin) or ()))
        self._info[name] = PluginInfo(name, source, distribution, version, hooks)

    def _check_pending(self) -> None:
        while True:
            try:
                self.manager.check_pending()
                return
            except pluggy.PluginValidationError as exc:
                name = self.manager.get_name(exc.plugin) or str(exc.plugin)
                info = self._info.pop(name, None)
                self.manager.unregister(exc.plugin)
                self._fail(
                    name,
                    info.distribution if info else None,
                    info.version if info else None,
                    "load",
                    exc,
                )

    def _fail(
        self,
        name: str,
        distribution: str | None,
        version: str | None,
        phase: str,
        exc: BaseException,
    ) -> None:
        failure = PluginFailure(
            name=name,
            distribution=distribution,
            version=version,
            phase=phase,
            error=f"{type(exc).__name__}: {exc}".splitlines()[0],
            detail="".join(traceback.format_exception(exc)),
        )
        if self.strict:
            raise PluginError(
                f"el complemento falló: {failure.one_line()}",
                f"the plugin failed: {failure.one_line()}",
                where=name,
            ) from exc
        self.failures.append(failure)

    # --- introspection ---------------------------------------------------------------------

    def plugins(self) -> list[PluginInfo]:
        """The loaded plugins, in registration order."""
        return list(self._info.values())

    def hook_names(self) -> list[str]:
        """The names of every hook govsm defines."""
        return sorted(name for name in dir(hookspecs) if name.startswith("govsm_"))

    # --- calling ---------------------------------------------------------------------------

    def _implementations(self, hook_name: str) -> Iterator[tuple[str, Callable[..., Any]]]:
        caller = getattr(self.manager.hook, hook_name)
        # pluggy calls implementations last-registered first (tryfirst/trylast respected)
        for impl in reversed(caller.get_hookimpls()):
            yield impl.plugin_name, impl.function

    def _call_each(self, hook_name: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
        """Call every implementation of a hook on its own, isolating the ones that raise."""
        for name, function in self._implementations(hook_name):
            try:
                result = function(**kwargs)
            except Exception as exc:  # one plugin's bug must not hide the others' answers
                info = self._info.get(name)
                self._fail(
                    name,
                    info.distribution if info else None,
                    info.version if info else None,
                    hook_name,
                    exc,
                )
                continue
            yield name, result

    def _gather(
        self, hook_name: str, record_type: type[T], key: Callable[[T], str]
    ) -> dict[str, T]:
        found: dict[str, tuple[str, T]] = {}
        for plugin_name, results in self._call_each(hook_name):
            for record in results or ():
                if not isinstance(record, record_type):
                    self._fail(
                        plugin_name,
                        None,
                        None,
                        hook_name,
                        TypeError(
                            f"returned {type(record).__name__}, expected {record_type.__name__}"
                        ),
                    )
                    continue
                record_key = key(record)
                if record_key in found:
                    other = found[record_key][0]
                    raise PluginError(
                        f"conflicto: «{record_key}» lo declaran dos complementos, {other} y "
                        f"{plugin_name} (en {hook_name}); desactive uno con --disable-plugin",
                        f"conflict: '{record_key}' is declared by two plugins, {other} and "
                        f"{plugin_name} (in {hook_name}); disable one with --disable-plugin",
                        where=hook_name,
                    )
                found[record_key] = (plugin_name, record)
        for record_key, (plugin_name, _) in found.items():
            self._owners[(hook_name, record_key)] = plugin_name
        return {k: found[k][1] for k in sorted(found)}

    def declared_by(self, hook_name: str, key: str) -> str:
        """Who declared the record ``key`` through ``hook_name``: the plugin and its distribution.

        >>> host = PluginHost(entry_points=False)
        >>> _ = host.audit_steps()
        >>> host.declared_by("govsm_audit_steps", "checks")  # doctest: +ELLIPSIS
        'govsm.builtin.steps.checks (govsm ...)'
        """
        name = self._owners.get((hook_name, key))
        if name is None:
            return "?"
        info = self._info.get(name)
        if info is None or info.distribution is None:
            return name
        return f"{name} ({info.distribution} {info.version or '?'})"

    def channels(self) -> dict[str, Channel]:
        """Every declared channel, by id (:func:`~govsm.spec.hookspecs.govsm_channels`)."""
        from govsm.model import Channel

        return self._gather("govsm_channels", Channel, lambda c: c.id)

    def rules(self) -> dict[str, Rule]:
        """Every declared rule, by id (:func:`~govsm.spec.hookspecs.govsm_rules`)."""
        from govsm.spec.rule import Rule

        return self._gather("govsm_rules", Rule, lambda r: r.id)

    def importers(self) -> dict[str, Importer]:
        """Every declared importer, by name (:func:`~govsm.spec.hookspecs.govsm_importers`)."""
        from govsm.spec.importer import Importer

        return self._gather("govsm_importers", Importer, lambda i: i.name)

    def exporters(self) -> dict[str, Exporter]:
        """Every declared exporter, by name (:func:`~govsm.spec.hookspecs.govsm_exporters`)."""
        from govsm.spec.exporter import Exporter

        return self._gather("govsm_exporters", Exporter, lambda e: e.name)

    def audit_steps(self) -> list[AuditStep]:
        """Every declared audit step, in the order they run.

        See :func:`~govsm.spec.hookspecs.govsm_audit_steps`.
        """
        from govsm.spec.audit import AuditStep

        steps = self._gather("govsm_audit_steps", AuditStep, lambda s: s.name)
        return sorted(steps.values(), key=lambda s: (s.order, s.name))

    def _first(self, hook_name: str, **kwargs: Any) -> Any:
        for _, result in self._call_each(hook_name, **kwargs):
            if result is not None:
                return result
        return None

    def adapter(
        self, channel: Channel, profile: Profile, credentials: Credentials
    ) -> Adapter | None:
        """The adapter for ``profile``, or ``None``.

        See :func:`~govsm.spec.hookspecs.govsm_adapter`.
        """
        return self._first(  # type: ignore[no-any-return]
            "govsm_adapter", channel=channel, profile=profile, credentials=credentials
        )

    def store(self, url: str) -> Store:
        """Open the store at ``url`` (:func:`~govsm.spec.hookspecs.govsm_store`).

        :raises StoreError: when no plugin serves the URL (or the plugin that does fails).
        """
        store = self._first("govsm_store", url=url)
        if store is None:
            failed = [f for f in self.failures if f.phase == "govsm_store"]
            if failed:
                raise StoreError(
                    f"no se pudo abrir el almacén: {failed[-1].error}",
                    f"could not open the store: {failed[-1].error}",
                )
            scheme = url.split(":", 1)[0]
            raise StoreError(
                f"ningún complemento sabe abrir almacenes «{scheme}:» (se admiten sqlite:/// y "
                "postgresql://)",
                f"no plugin can open '{scheme}:' stores (sqlite:/// and postgresql:// are "
                "supported)",
            )
        return store  # type: ignore[no-any-return]

    def before_publish(self, message: Message, profile: Profile) -> PublishVeto | None:
        """Ask plugins whether ``message`` may go out.

        See :func:`~govsm.spec.hookspecs.govsm_before_publish`.
        """
        return self._first(  # type: ignore[no-any-return]
            "govsm_before_publish", message=message, profile=profile
        )

    def _notify(self, hook_name: str, **kwargs: Any) -> None:
        for _ in self._call_each(hook_name, **kwargs):
            pass

    def message_published(self, message: Message, profile: Profile, remote_id: str) -> None:
        """Tell plugins a message went out.

        See :func:`~govsm.spec.hookspecs.govsm_message_published`.
        """
        self._notify(
            "govsm_message_published", message=message, profile=profile, remote_id=remote_id
        )

    def message_failed(self, message: Message, profile: Profile, reason: Bilingual) -> None:
        """Tell plugins a message failed (:func:`~govsm.spec.hookspecs.govsm_message_failed`)."""
        self._notify("govsm_message_failed", message=message, profile=profile, reason=reason)

    def profile_status_changed(
        self,
        profile: Profile,
        old: LifecycleState | None,
        new: LifecycleState,
        actor: str,
        reason: str,
    ) -> None:
        """Tell plugins a profile changed state.

        See :func:`~govsm.spec.hookspecs.govsm_profile_status_changed`.
        """
        self._notify(
            "govsm_profile_status_changed",
            profile=profile,
            old=old,
            new=new,
            actor=actor,
            reason=reason,
        )

    def inbound_received(self, message: Message, profile: Profile) -> None:
        """Tell plugins a citizen's message arrived.

        See :func:`~govsm.spec.hookspecs.govsm_inbound_received`.
        """
        self._notify("govsm_inbound_received", message=message, profile=profile)

    def sla_breached(
        self, message: Message, profile: Profile, target_hours: float, elapsed_hours: float
    ) -> None:
        """Tell plugins a response target was missed.

        See :func:`~govsm.spec.hookspecs.govsm_sla_breached`.
        """
        self._notify(
            "govsm_sla_breached",
            message=message,
            profile=profile,
            target_hours=target_hours,
            elapsed_hours=elapsed_hours,
        )


def _identity(plugin: object) -> object:
    return plugin
