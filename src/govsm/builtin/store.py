"""Built-in plugin: open ``sqlite:///…`` and ``postgresql://…`` stores (the ``govsm_store`` hook).

The store module (and SQLAlchemy) is imported only when a store is opened, so commands that need
no store stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govsm.spec.hookspecs import hookimpl

if TYPE_CHECKING:
    from govsm.store import Store

SCHEMES = ("sqlite:", "sqlite+pysqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")


@hookimpl(trylast=True)
def govsm_store(url: str) -> Store | None:
    """Open SQLite and PostgreSQL stores; leave other URLs to other plugins."""
    if not url.startswith(SCHEMES):
        return None
    from govsm.store import Store

    return Store.open(url)
