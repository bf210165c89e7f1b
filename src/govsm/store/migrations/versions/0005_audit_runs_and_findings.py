"""Audit runs and every finding they made

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

* ``audit_runs`` — one row per run of ``govsm audit``, keyed by ``(organisation_id, id)``: when
  it started and finished, the day it was about, the govsm that ran it and whether every step
  ran (``status``).
* ``findings`` — every finding of a run, keyed by ``(organisation_id, run_id, seq)`` in the order
  it was made: step, rule, severity, whether a waiver covers it, the profile and message it is
  about, and the whole reported finding as JSON (``data``). The totals of a report are counted
  from these rows (``ix_findings_severity``).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def _key() -> sa.types.TypeEngine[str]:
    return sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def _instant() -> sa.types.TypeEngine[datetime]:
    # UTC instants: timestamptz on PostgreSQL, 32-character ISO 8601 text on SQLite
    return sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")


def upgrade() -> None:
    """Create ``audit_runs`` and ``findings``."""
    op.create_table(
        "audit_runs",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("id", _key(), nullable=False),
        sa.Column("started_at", _instant(), nullable=False),
        sa.Column("today", sa.Date(), nullable=False),
        sa.Column("govsm_version", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("finished_at", _instant(), nullable=True),
        sa.PrimaryKeyConstraint("organisation_id", "id", name="pk_audit_runs"),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_audit_runs_organisation_id_organisations",
        ),
    )
    op.create_index("ix_audit_runs_started", "audit_runs", ["organisation_id", "started_at"])
    op.create_table(
        "findings",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("run_id", _key(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("step", _key(), nullable=False),
        sa.Column("rule", _key(), nullable=False),
        sa.Column("severity", sa.String(32), nullable=False),
        sa.Column("waived", sa.Boolean(), nullable=False),
        sa.Column("profile_id", _key(), nullable=True),
        sa.Column("message_id", _key(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "run_id", "seq", name="pk_findings"),
        sa.ForeignKeyConstraint(
            ["organisation_id", "run_id"],
            ["audit_runs.organisation_id", "audit_runs.id"],
            name="fk_findings_organisation_id_run_id_audit_runs",
        ),
    )
    op.create_index(
        "ix_findings_severity", "findings", ["organisation_id", "run_id", "waived", "severity"]
    )


def downgrade() -> None:
    """Drop ``findings`` and ``audit_runs``."""
    op.drop_index("ix_findings_severity", table_name="findings")
    op.drop_table("findings")
    op.drop_index("ix_audit_runs_started", table_name="audit_runs")
    op.drop_table("audit_runs")
