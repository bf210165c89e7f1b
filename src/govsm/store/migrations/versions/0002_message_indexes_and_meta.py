"""Indexes for the message queries; the govsm_meta table

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-04

* ``ix_messages_created`` — an organisation's messages in order (``created_at``, ``id``);
* ``ix_messages_profile_created`` — the same for one profile and direction;
* ``ix_messages_profile_state`` — counts by profile, direction and state;
* ``ix_messages_remote`` — finding a message by the network's id (imports, reconciliation);
* ``govsm_meta`` — key/value facts about the database; ``written_by`` records the govsm version
  that last migrated it, which the "written by a newer govsm" error reports.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the message indexes and the ``govsm_meta`` table."""
    op.create_index("ix_messages_created", "messages", ["organisation_id", "created_at", "id"])
    op.create_index(
        "ix_messages_profile_created",
        "messages",
        ["organisation_id", "profile_id", "direction", "created_at", "id"],
    )
    op.create_index(
        "ix_messages_profile_state",
        "messages",
        ["organisation_id", "profile_id", "direction", "state"],
    )
    op.create_index(
        "ix_messages_remote", "messages", ["organisation_id", "profile_id", "remote_id"]
    )
    op.create_table(
        "govsm_meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_govsm_meta"),
    )


def downgrade() -> None:
    """Drop the ``govsm_meta`` table and the message indexes."""
    op.drop_table("govsm_meta")
    op.drop_index("ix_messages_remote", table_name="messages")
    op.drop_index("ix_messages_profile_state", table_name="messages")
    op.drop_index("ix_messages_profile_created", table_name="messages")
    op.drop_index("ix_messages_created", table_name="messages")
