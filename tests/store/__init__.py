"""Tests of govsm.store on SQLite and PostgreSQL."""
