"""The audit log's head as each audit run left it

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

* ``audit_runs.head_seq`` and ``audit_runs.head_hash`` — how many entries the organisation's
  audit log held, and the hash of the last one, when the run finished. The next run compares the
  log with them: a log shorter than a previous run saw, or one whose entry at that place has
  another hash, was cut or rewritten (issue 12). Empty for runs recorded before this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add ``head_seq`` and ``head_hash`` to ``audit_runs``."""
    op.add_column("audit_runs", sa.Column("head_seq", sa.Integer(), nullable=True))
    op.add_column("audit_runs", sa.Column("head_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    """Drop ``head_seq`` and ``head_hash``."""
    with op.batch_alter_table("audit_runs") as batch:
        batch.drop_column("head_hash")
        batch.drop_column("head_seq")
