"""Alembic environment for govsm: migrates the connection govsm passes in, nothing else.

:mod:`govsm.store.migrate` puts an open connection, already inside a transaction, in
``config.attributes["connection"]``; every migration runs in that one transaction. Importing this
module outside a migration (a doctest run, a documentation build) does nothing.
"""

from __future__ import annotations

from alembic import context

from govsm.store.schema import metadata


def run_migrations() -> None:
    """Run the migrations Alembic selected on the connection govsm passed in."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "govsm's migrations run through govsm.store (Store.open or Store.upgrade), which "
            "passes the connection in config.attributes['connection']; there is no alembic.ini"
        )
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if hasattr(context, "config"):  # Alembic is running this file as its env.py
    run_migrations()
