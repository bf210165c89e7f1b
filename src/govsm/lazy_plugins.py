"""Built-in plugins registered from a manifest, each imported the first time one of its hooks runs.

Registering a plugin with pluggy needs only its hook implementations' names, options and
parameters, not its code. :data:`BUILTIN_HOOKS` says, for every built-in plugin module, which
hooks it implements and with which options; :class:`LazyPlugin` stands in for the module with
one function per hook, carrying the hook's parameters, and imports the module when pluggy first
calls one. ``govsm plugins`` and every command that needs no rule, step or exporter therefore
never import their modules (nor what those import: SQLAlchemy, the language models…).

A test imports every built-in module and checks that the manifest says exactly what the module
implements, so the two cannot drift apart.

>>> plugin = LazyPlugin("govsm.builtin.channels", BUILTIN_HOOKS["govsm.builtin.channels"])
>>> plugin.imported
False
>>> "x" in {channel.id for channel in plugin.govsm_channels()}
True
>>> plugin.imported
True
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable, Mapping
from types import MappingProxyType, ModuleType
from typing import Any

from govsm.spec import hookspecs

#: a hook implementation's pluggy options (``trylast``, ``tryfirst``…), ``{}`` for none
HookOptions = Mapping[str, bool]

_RULES: Mapping[str, HookOptions] = MappingProxyType({"govsm_rules": {}})
_STEPS: Mapping[str, HookOptions] = MappingProxyType({"govsm_audit_steps": {}})
_EXPORTERS: Mapping[str, HookOptions] = MappingProxyType({"govsm_exporters": {}})
_IMPORTERS: Mapping[str, HookOptions] = MappingProxyType({"govsm_importers": {}})

#: every built-in plugin module, in registration order, with the hooks it implements
BUILTIN_HOOKS: Mapping[str, Mapping[str, HookOptions]] = MappingProxyType(
    {
        "govsm.builtin.channels": {"govsm_channels": {}},
        "govsm.builtin.rules.length": _RULES,
        "govsm.builtin.rules.hashtags": _RULES,
        "govsm.builtin.rules.typography": _RULES,
        "govsm.builtin.rules.emoji": _RULES,
        "govsm.builtin.rules.readability": _RULES,
        "govsm.builtin.rules.links": _RULES,
        "govsm.builtin.rules.hidden_characters": _RULES,
        "govsm.builtin.rules.tone": _RULES,
        "govsm.builtin.rules.personal_data": _RULES,
        "govsm.builtin.rules.neutrality": _RULES,
        "govsm.builtin.rules.language": _RULES,
        "govsm.builtin.rules.co_official": _RULES,
        "govsm.builtin.rules.media": _RULES,
        "govsm.builtin.rules.alt_text": _RULES,
        "govsm.builtin.rules.signature": _RULES,
        "govsm.builtin.rules.profile_rules": _RULES,
        "govsm.builtin.rules.style_manual": _STEPS,
        "govsm.builtin.store": {"govsm_store": {"trylast": True}},
        "govsm.builtin.importers.jsonl": _IMPORTERS,
        "govsm.builtin.importers.markdown": _IMPORTERS,
        "govsm.builtin.exporters.summary_json": _EXPORTERS,
        "govsm.builtin.exporters.findings": _EXPORTERS,
        "govsm.builtin.exporters.summary_markdown": _EXPORTERS,
        "govsm.builtin.exporters.atom": _EXPORTERS,
        "govsm.builtin.exporters.rss": _EXPORTERS,
        "govsm.builtin.exporters.json_feed": _EXPORTERS,
        "govsm.builtin.exporters.activity_streams": _EXPORTERS,
        "govsm.builtin.exporters.opml": _EXPORTERS,
        "govsm.builtin.exporters.messages_csv": _EXPORTERS,
        "govsm.builtin.exporters.messages_jsonl": _EXPORTERS,
        "govsm.builtin.exporters.digest_html": _EXPORTERS,
        "govsm.builtin.exporters.digest_email": _EXPORTERS,
        "govsm.builtin.exporters.snippets_html": _EXPORTERS,
        "govsm.builtin.steps.load": _STEPS,
        "govsm.builtin.steps.sync": _STEPS,
        "govsm.builtin.steps.organisation": _STEPS,
        "govsm.builtin.steps.profiles": _STEPS,
        "govsm.builtin.steps.sources": _STEPS,
        "govsm.builtin.steps.checks": _STEPS,
        "govsm.builtin.steps.health": _STEPS,
        "govsm.builtin.steps.responses": _STEPS,
        "govsm.builtin.steps.metrics": _STEPS,
        "govsm.builtin.steps.schedule": _STEPS,
        "govsm.builtin.steps.doctor": _STEPS,
        "govsm.builtin.steps.governance": _STEPS,
        "govsm.builtin.steps.audit_log": _STEPS,
        "govsm.builtin.steps.webhooks": _STEPS,
        "govsm.builtin.steps.handover": _STEPS,
        "govsm.builtin.manual": {"govsm_audit_steps": {}, "govsm_exporters": {}},
    }
)


class LazyPlugin:
    """A stand-in for a plugin module: its hooks, registered now; its code, imported when called.

    :param module_name: the module to import on the first call.
    :param hooks: the hooks it implements, each with its pluggy options.

    Each hook becomes a function marked as an implementation, with the hook specification's
    parameters (pluggy passes arguments by those names); on a call it imports the module and
    calls the module's own function with the arguments that function accepts. An import error
    surfaces at that call, where the plugin host records it as the plugin's failure in that hook.
    """

    def __init__(self, module_name: str, hooks: Mapping[str, HookOptions]) -> None:
        self.__name__ = module_name
        self._module: ModuleType | None = None
        self._hooks = tuple(hooks)
        for hook, options in hooks.items():
            setattr(self, hook, self._stand_in(hook, options))

    @property
    def imported(self) -> bool:
        """Whether the module has been imported (a hook of it has run)."""
        return self._module is not None

    def module(self) -> ModuleType:
        """The plugin's module, imported on first use."""
        if self._module is None:
            self._module = importlib.import_module(self.__name__)
        return self._module

    def _stand_in(self, hook: str, options: HookOptions) -> Callable[..., Any]:
        signature = inspect.signature(getattr(hookspecs, hook))
        names = tuple(signature.parameters)

        def call(*args: Any, **kwargs: Any) -> Any:
            function = getattr(self.module(), hook)
            accepted = _parameters(function)
            given = {**dict(zip(names, args, strict=False)), **kwargs}
            return function(**{name: given[name] for name in accepted if name in given})

        call.__name__ = hook
        call.__qualname__ = f"{self.__name__}.{hook}"
        call.__doc__ = f"``{hook}`` of :mod:`{self.__name__}`, imported when first called."
        call.__signature__ = signature  # type: ignore[attr-defined]
        marked: Callable[..., Any] = hookspecs.hookimpl(
            call,
            tryfirst=options.get("tryfirst", False),
            trylast=options.get("trylast", False),
        )
        return marked

    def __dir__(self) -> list[str]:
        """Its hooks and its own two members: what pluggy looks through to register it.

        pluggy tries every name ``dir`` gives; an object's default list (some thirty inherited
        names) made registering the built-in plugins cost ten times as much.
        """
        return sorted((*self._hooks, "imported", "module"))

    def __repr__(self) -> str:
        state = "imported" if self.imported else "not imported yet"
        return f"<LazyPlugin {self.__name__} ({state})>"


@functools.cache
def _parameters(function: Callable[..., Any]) -> tuple[str, ...]:
    return tuple(inspect.signature(function).parameters)
