"""govsm's Alembic migrations (run through :mod:`govsm.store.migrate`, not the alembic command)."""
