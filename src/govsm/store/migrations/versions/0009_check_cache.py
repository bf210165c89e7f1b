"""What the message checks found, kept for the next audit

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

* ``check_cache`` — for each message the audit's ``checks`` step checked (issue 16): the
  fingerprint of the message's stored document together with everything else the rules read
  (govsm, the installed distributions, the rules, the channels, the organisation), and the
  findings it made, as the run records them. A later audit reuses them while the fingerprint
  holds (see :mod:`govsm.store.check_cache`). A message's row goes with the message.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def _key() -> sa.types.TypeEngine[str]:
    return sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def upgrade() -> None:
    """Create ``check_cache``."""
    op.create_table(
        "check_cache",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("message_id", _key(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "message_id", name="pk_check_cache"),
        sa.ForeignKeyConstraint(
            ["organisation_id", "message_id"],
            ["messages.organisation_id", "messages.id"],
            name="fk_check_cache_organisation_id_message_id_messages",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("check_cache")
