"""govsm's storage: one schema on SQLite and PostgreSQL, versioned with Alembic.

>>> from govsm.store import Store, HEAD_REVISION
>>> with Store.open("sqlite://") as store:
...     store.organisations()
[]

Only this package talks SQL. See :class:`Store` for what it saves and how it reads back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govsm.store.result import SaveResult, StateChange
from govsm.store.versions import HEAD_REVISION

if TYPE_CHECKING:
    from govsm.store.store import Store

__all__ = ["HEAD_REVISION", "SaveResult", "StateChange", "Store"]


def __getattr__(name: str) -> Any:
    # Store (and with it SQLAlchemy) loads on first use: the built-in store plugin lives in this
    # package, and registering it must not cost every command SQLAlchemy's import time.
    if name == "Store":
        from govsm.store.store import Store

        globals()["Store"] = Store
        return Store
    raise AttributeError(f"module 'govsm.store' has no attribute {name!r}")
