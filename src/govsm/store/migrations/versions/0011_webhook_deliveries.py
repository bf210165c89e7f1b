"""Webhooks: the events, their deliveries to each endpoint, and the endpoints disabled

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

* ``webhook_events`` — each event govsm fired for the workspace's webhooks (issue 15): its
  ``webhook-id``, type, instant and the JSON body exactly as every attempt sends it.
* ``webhook_deliveries`` — one row per event and endpoint: its state (``pending``,
  ``delivered``, ``failed``), attempts, the next attempt's time (exponential back-off), the
  last outcome, and the deliverer holding it; it goes with its event.
* ``webhook_disabled_endpoints`` — endpoints that answered 410 Gone, with the URL that did.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None


def _key() -> sa.types.TypeEngine[str]:
    return sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def _instant() -> sa.types.TypeEngine[datetime]:
    # UTC instants: timestamptz on PostgreSQL, 32-character ISO 8601 text on SQLite
    return sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")


def upgrade() -> None:
    """Create the three tables."""
    op.create_table(
        "webhook_events",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("id", _key(), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "id", name="pk_webhook_events"),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_webhook_events_organisation_id_organisations",
        ),
    )
    op.create_index(
        "ix_webhook_events_created", "webhook_events", ["organisation_id", "created_at"]
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("event_id", _key(), nullable=False),
        sa.Column("endpoint_id", _key(), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("enqueued_at", _instant(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _instant(), nullable=False),
        sa.Column("claimed_by", sa.Text(), nullable=True),
        sa.Column("claimed_until", _instant(), nullable=True),
        sa.Column("last_attempt_at", _instant(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.JSON(), nullable=True),
        sa.Column("delivered_at", _instant(), nullable=True),
        sa.Column("replays", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "organisation_id", "event_id", "endpoint_id", name="pk_webhook_deliveries"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "event_id"],
            ["webhook_events.organisation_id", "webhook_events.id"],
            name="fk_webhook_deliveries_organisation_id_event_id_webhook_events",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_webhook_deliveries_due",
        "webhook_deliveries",
        ["organisation_id", "state", "next_attempt_at"],
    )
    op.create_table(
        "webhook_disabled_endpoints",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("endpoint_id", _key(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("disabled_at", _instant(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("reason", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint(
            "organisation_id", "endpoint_id", name="pk_webhook_disabled_endpoints"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_webhook_disabled_endpoints_organisation_id_organisations",
        ),
    )


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("webhook_disabled_endpoints")
    op.drop_index("ix_webhook_deliveries_due", table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_index("ix_webhook_events_created", table_name="webhook_events")
    op.drop_table("webhook_events")
