"""What the networks last said of each profile's credentials

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

* ``credential_checks`` — per profile, the last time a network was asked about its credentials
  (issue 14): by ``govsm doctor`` (which asks the network whether they work and until when) or
  by a sync (which learns it when the network accepts or refuses them): whether they were
  accepted, when they expire if the network said, and why they were refused, in Spanish and
  English — never the secret. ``govsm health`` reports refused and expiring credentials from it.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None


def _key() -> sa.types.TypeEngine[str]:
    return sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def _instant() -> sa.types.TypeEngine[datetime]:
    # UTC instants: timestamptz on PostgreSQL, 32-character ISO 8601 text on SQLite
    return sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")


def upgrade() -> None:
    """Create ``credential_checks``."""
    op.create_table(
        "credential_checks",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("profile_id", _key(), nullable=False),
        sa.Column("checked_at", _instant(), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("expires_at", _instant(), nullable=True),
        sa.Column("reason_es", sa.Text(), nullable=True),
        sa.Column("reason_en", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("organisation_id", "profile_id", name="pk_credential_checks"),
        sa.ForeignKeyConstraint(
            ["organisation_id", "profile_id"],
            ["profiles.organisation_id", "profiles.id"],
            name="fk_credential_checks_organisation_id_profile_id_profiles",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("credential_checks")
