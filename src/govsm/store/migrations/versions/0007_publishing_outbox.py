"""The publishing outbox, its attempts and crisis pauses

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

* ``outbox`` — one row per message due on a profile at an instant (issue 13): its state,
  idempotency key (unique per organisation), attempts, the next instant a worker may claim it,
  and, once out, the network's id and address. ``ix_outbox_claim`` serves the workers' claim.
* ``outbox_attempts`` — every attempt, written before the network is called; an attempt without
  ``outcome`` is one whose outcome is unknown.
* ``publishing_pauses`` — the crisis pauses in force, by profile or ``*`` for all.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def _key() -> sa.types.TypeEngine[str]:
    return sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def _instant() -> sa.types.TypeEngine[datetime]:
    # UTC instants: timestamptz on PostgreSQL, 32-character ISO 8601 text on SQLite
    return sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")


def upgrade() -> None:
    """Create ``outbox``, ``outbox_attempts`` and ``publishing_pauses``."""
    op.create_table(
        "outbox",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("id", _key(), nullable=False),
        sa.Column("message_id", _key(), nullable=False),
        sa.Column("profile_id", _key(), nullable=False),
        sa.Column("due_at", _instant(), nullable=False),
        sa.Column("zone", sa.Text(), nullable=False),
        sa.Column("idempotency_key", sa.Text(), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _instant(), nullable=False),
        sa.Column("repeat_of", _key(), nullable=True),
        sa.Column("variant", sa.Text(), nullable=True),
        sa.Column("claimed_by", sa.Text(), nullable=True),
        sa.Column("remote_id", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published_at", _instant(), nullable=True),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("scheduled_by", sa.Text(), nullable=True),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("updated_at", _instant(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "id", name="pk_outbox"),
        sa.ForeignKeyConstraint(
            ["organisation_id", "message_id"],
            ["messages.organisation_id", "messages.id"],
            name="fk_outbox_organisation_id_message_id_messages",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "profile_id"],
            ["profiles.organisation_id", "profiles.id"],
            name="fk_outbox_organisation_id_profile_id_profiles",
        ),
        sa.UniqueConstraint(
            "organisation_id", "idempotency_key", name="uq_outbox_organisation_id_idempotency_key"
        ),
    )
    op.create_index("ix_outbox_claim", "outbox", ["organisation_id", "state", "next_attempt_at"])
    op.create_index("ix_outbox_due", "outbox", ["organisation_id", "due_at"])
    op.create_table(
        "outbox_attempts",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("item_id", _key(), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("worker", sa.Text(), nullable=False),
        sa.Column("started_at", _instant(), nullable=False),
        sa.Column("finished_at", _instant(), nullable=True),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.Column("retry_at", _instant(), nullable=True),
        sa.PrimaryKeyConstraint("organisation_id", "item_id", "number", name="pk_outbox_attempts"),
        sa.ForeignKeyConstraint(
            ["organisation_id", "item_id"],
            ["outbox.organisation_id", "outbox.id"],
            name="fk_outbox_attempts_organisation_id_item_id_outbox",
        ),
    )
    op.create_table(
        "publishing_pauses",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("scope", _key(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("paused_by", sa.Text(), nullable=False),
        sa.Column("since", _instant(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "scope", name="pk_publishing_pauses"),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_publishing_pauses_organisation_id_organisations",
        ),
    )


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("publishing_pauses")
    op.drop_table("outbox_attempts")
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_index("ix_outbox_claim", table_name="outbox")
    op.drop_table("outbox")
