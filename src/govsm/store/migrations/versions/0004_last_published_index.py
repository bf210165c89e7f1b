"""A covering index for each profile's last publication (``govsm health``)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

* ``ix_messages_last_published`` — ``(organisation_id, profile_id, direction, state,
  published_at)``: :meth:`Store.last_published <govsm.store.Store.last_published>` finds each
  profile's latest published outbound message in the index alone, without reading table rows
  (``ix_messages_profile_state`` stops at ``state``, so ``published_at`` had to come from the
  table). Measured on 10,000 profiles and 1,000,000 messages in ``benchmarks/health.py``.
"""

from __future__ import annotations

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``ix_messages_last_published``."""
    op.create_index(
        "ix_messages_last_published",
        "messages",
        ["organisation_id", "profile_id", "direction", "state", "published_at"],
    )


def downgrade() -> None:
    """Drop ``ix_messages_last_published``."""
    op.drop_index("ix_messages_last_published", table_name="messages")
