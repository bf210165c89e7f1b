"""What each profile's network server last declared it allows

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

* ``network_limits`` — per profile, the limits its adapter declared at the last ``govsm sync``
  (issue 14): characters per post, attachments per post, characters of alt text, where they
  were read and when. A Mastodon instance sets its own; the checks measure the profile's
  messages against them (:mod:`govsm.syncing.limits`).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None


def _key() -> sa.types.TypeEngine[str]:
    return sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def _instant() -> sa.types.TypeEngine[datetime]:
    # UTC instants: timestamptz on PostgreSQL, 32-character ISO 8601 text on SQLite
    return sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")


def upgrade() -> None:
    """Create ``network_limits``."""
    op.create_table(
        "network_limits",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("profile_id", _key(), nullable=False),
        sa.Column("network", _key(), nullable=False),
        sa.Column("read_at", _instant(), nullable=False),
        sa.Column("text_limit", sa.Integer(), nullable=True),
        sa.Column("media_limit", sa.Integer(), nullable=True),
        sa.Column("alt_text_limit", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("organisation_id", "profile_id", name="pk_network_limits"),
        sa.ForeignKeyConstraint(
            ["organisation_id", "profile_id"],
            ["profiles.organisation_id", "profiles.id"],
            name="fk_network_limits_organisation_id_profile_id_profiles",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("network_limits")
