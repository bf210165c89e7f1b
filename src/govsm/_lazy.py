"""A package's exported names, each imported from its defining module on first use (PEP 562).

``govsm``, :mod:`govsm.model` and :mod:`govsm.spec` list their names in ``__all__`` (and import
them under ``TYPE_CHECKING``, for type checkers), and give their module-level ``__getattr__``
from :func:`loader`: a plugin that names three records loads those, not the whole model.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any


def loader(
    package: str, module_of: Mapping[str, str], namespace: MutableMapping[str, Any]
) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``: import ``name`` from ``module_of[name]`` and keep it.

    :param package: the package's name, for the error.
    :param module_of: each exported name's defining module.
    :param namespace: the package's ``globals()``, where an imported name is kept, so the next
        use does not come back here.
    """

    def get(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return get
