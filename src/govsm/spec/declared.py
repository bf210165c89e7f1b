"""Records a plugin module declares, built the first time one is asked for.

Every govsm command imports every installed plugin's module, so what a module builds when it is
imported is paid by ``govsm plugins`` and by every command that never uses it. An
:class:`~govsm.spec.Importer`, a :class:`~govsm.spec.Rule` or an
:class:`~govsm.spec.Exporter` is an attrs record: building one imports attrs and govsm's model.
:class:`Declared` builds them once, on first use — by the hook that returns them, or by
whoever reads them as module attributes (``govsm_x_archive.IMPORTER``), through the module's
``__getattr__`` (PEP 562):

>>> from govsm.spec import Declared
>>> def _build() -> dict[str, str]:
...     print("built")
...     return {"GREETING": "bon dia"}
>>> declared = Declared("my_plugin", _build)
>>> declared.values()
built
['bon dia']
>>> declared.attribute("GREETING")
'bon dia'

In a plugin module::

    def _importers() -> dict[str, Importer]:
        from govsm.spec.importer import Importer  # imported when first built

        return {"IMPORTER": Importer(name="my-archive", ...)}

    _declared = Declared(__name__, _importers)

    def __getattr__(name: str) -> Any:
        return _declared.attribute(name)

    @hookimpl
    def govsm_importers() -> list[Importer]:
        return _declared.values()
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


class Declared(Generic[T]):
    """A plugin module's records, by module attribute name, built on first use.

    :param module: the module's name (``__name__``), for the error a missing attribute raises.
    :param build: builds the records, each under the module attribute it is read as; called
        once, the first time a record is asked for (by two threads at once: still once).
    """

    def __init__(self, module: str, build: Callable[[], Mapping[str, T]]) -> None:
        self._module = module
        self._build = build
        self._built: dict[str, T] | None = None
        self._lock = threading.Lock()

    def _records(self) -> dict[str, T]:
        built = self._built
        if built is None:
            with self._lock:
                if self._built is None:
                    self._built = dict(self._build())
                built = self._built
        return built

    def values(self) -> list[T]:
        """Every record, in the order ``build`` gave them (what a hook returns)."""
        return list(self._records().values())

    def attribute(self, name: str) -> T:
        """The record ``name``: a module's ``__getattr__`` returns this.

        :raises AttributeError: when ``build`` declares no record by that name, as for any
            missing module attribute.
        """
        records = self._records()
        if name in records:
            return records[name]
        raise AttributeError(f"module {self._module!r} has no attribute {name!r}")

    def __repr__(self) -> str:
        state = "built" if self._built is not None else "not built yet"
        return f"Declared({self._module!r}, {state})"
