"""govsm's storage: one schema on SQLite and PostgreSQL, versioned with Alembic.

>>> from govsm.store import Store, HEAD_REVISION
>>> with Store.open("sqlite://") as store:
...     store.organisations()
[]

Only this package talks SQL. See :class:`Store` for what it saves and how it reads back.
"""

from govsm.store.result import SaveResult, StateChange
from govsm.store.store import Store
from govsm.store.versions import HEAD_REVISION

__all__ = ["HEAD_REVISION", "SaveResult", "StateChange", "Store"]
