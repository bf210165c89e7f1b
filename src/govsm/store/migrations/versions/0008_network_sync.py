"""What reading the networks back keeps: cursors and metrics

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

* ``sync_cursors`` — for each profile and stream (``inbound``, ``own``), the cursor the network
  gave with the last page saved (issue 14): the next sync resumes there.
* ``metrics`` — counts read from the networks: of a post (``remote_id``) or of the profile
  (``remote_id`` empty), by name and the instant they were read.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def _key() -> sa.types.TypeEngine[str]:
    return sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def _instant() -> sa.types.TypeEngine[datetime]:
    # UTC instants: timestamptz on PostgreSQL, 32-character ISO 8601 text on SQLite
    return sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")


def _profile_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organisation_id", "profile_id"],
        ["profiles.organisation_id", "profiles.id"],
        name=f"fk_{table}_organisation_id_profile_id_profiles",
    )


def upgrade() -> None:
    """Create ``sync_cursors`` and ``metrics``."""
    op.create_table(
        "sync_cursors",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("profile_id", _key(), nullable=False),
        sa.Column("stream", sa.String(32), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("synced_at", _instant(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "profile_id", "stream", name="pk_sync_cursors"),
        _profile_fk("sync_cursors"),
    )
    op.create_table(
        "metrics",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("profile_id", _key(), nullable=False),
        sa.Column("remote_id", sa.String(512), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("at", _instant(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "organisation_id", "profile_id", "remote_id", "name", "at", name="pk_metrics"
        ),
        _profile_fk("metrics"),
    )


def downgrade() -> None:
    """Drop the two tables."""
    op.drop_table("metrics")
    op.drop_table("sync_cursors")
