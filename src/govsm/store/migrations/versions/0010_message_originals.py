"""The network's own record of each imported message

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

* ``message_originals`` — for each message an importer read from a platform's archive (issue
  15), the record exactly as the archive held it (``original``, bytes), its SHA-256, its media
  type and where it was read (``source``: the archive, the member and the byte). A message's row
  goes with the message.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def _key() -> sa.types.TypeEngine[str]:
    return sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def upgrade() -> None:
    """Create ``message_originals``."""
    op.create_table(
        "message_originals",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("message_id", _key(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("original", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "message_id", name="pk_message_originals"),
        sa.ForeignKeyConstraint(
            ["organisation_id", "message_id"],
            ["messages.organisation_id", "messages.id"],
            name="fk_message_originals_organisation_id_message_id_messages",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    """Drop ``message_originals``."""
    op.drop_table("message_originals")
