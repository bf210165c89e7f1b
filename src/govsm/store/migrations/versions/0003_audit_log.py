"""The audit log: an append-only, hash-chained record of who did what and when

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

* ``audit_log`` — one chain of entries per organisation, keyed by ``(organisation_id, seq)``:
  the key is what keeps two concurrent writers from forking a chain (the second one's insert
  fails and is retried after the first). ``details`` is the canonical JSON text the entry's hash
  covers, kept byte for byte (``TEXT``, not ``json``); ``prev_hash`` and ``hash`` are SHA-256 in
  hex. See :mod:`govsm.ledger.chain`.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def _key() -> sa.types.TypeEngine[str]:
    return sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def _instant() -> sa.types.TypeEngine[datetime]:
    # UTC instants: timestamptz on PostgreSQL, 32-character ISO 8601 text on SQLite
    return sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")


def upgrade() -> None:
    """Create the ``audit_log`` table."""
    op.create_table(
        "audit_log",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", _instant(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "seq", name="pk_audit_log"),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_audit_log_organisation_id_organisations",
        ),
    )


def downgrade() -> None:
    """Drop the ``audit_log`` table."""
    op.drop_table("audit_log")
