"""Core tables: organisations, units, people, role assignments, profiles, policies, messages

Revision ID: 0001
Revises:
Create Date: 2026-05-04

Every table but ``organisations`` is keyed by ``(organisation_id, id)`` and every reference is a
composite foreign key that includes ``organisation_id``. Each row keeps its model object as a
JSON document in ``data``. The types are written out here, not imported, so that this revision
stays what it was when later ones change the schema.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _key() -> sa.types.TypeEngine[str]:
    return sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def _text_key() -> sa.types.TypeEngine[str]:
    return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


def _instant() -> sa.types.TypeEngine[datetime]:
    # UTC instants: timestamptz on PostgreSQL, 32-character ISO 8601 text on SQLite
    return sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")


def _enum() -> sa.String:
    return sa.String(32)


def _org_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organisation_id"],
        ["organisations.id"],
        name=f"fk_{table}_organisation_id_organisations",
    )


def upgrade() -> None:
    """Create the core tables."""
    op.create_table(
        "organisations",
        sa.Column("id", _key(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", _enum(), nullable=False),
        sa.Column("parent_id", _key(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_organisations"),
    )
    op.create_table(
        "units",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("id", _key(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("parent_id", _key(), nullable=True),
        sa.Column("head_id", _key(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "id", name="pk_units"),
        _org_fk("units"),
    )
    op.create_table(
        "people",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("id", _key(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("unit_id", _key(), nullable=True),
        sa.Column("political_office", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "id", name="pk_people"),
        _org_fk("people"),
    )
    op.create_table(
        "role_assignments",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("person_id", _key(), nullable=False),
        sa.Column("role", _enum(), nullable=False),
        sa.Column("scope", _enum(), nullable=False),
        sa.Column("target_id", _key(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "position", name="pk_role_assignments"),
        _org_fk("role_assignments"),
        sa.ForeignKeyConstraint(
            ["organisation_id", "person_id"],
            ["people.organisation_id", "people.id"],
            name="fk_role_assignments_organisation_id_person_id_people",
        ),
    )
    op.create_table(
        "profiles",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("id", _key(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("unit_id", _key(), nullable=False),
        sa.Column("channel", _key(), nullable=False),
        sa.Column("handle", sa.Text(), nullable=False),
        sa.Column("state", _enum(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "id", name="pk_profiles"),
        _org_fk("profiles"),
        sa.ForeignKeyConstraint(
            ["organisation_id", "unit_id"],
            ["units.organisation_id", "units.id"],
            name="fk_profiles_organisation_id_unit_id_units",
        ),
    )
    op.create_table(
        "policies",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("version", _text_key(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("coordinating_unit_id", _key(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "version", name="pk_policies"),
        _org_fk("policies"),
        sa.ForeignKeyConstraint(
            ["organisation_id", "coordinating_unit_id"],
            ["units.organisation_id", "units.id"],
            name="fk_policies_organisation_id_coordinating_unit_id_units",
        ),
    )
    op.create_index(
        "uq_policies_current",
        "policies",
        ["organisation_id"],
        unique=True,
        sqlite_where=sa.text("is_current"),
        postgresql_where=sa.text("is_current"),
    )
    op.create_table(
        "messages",
        sa.Column("organisation_id", _key(), nullable=False),
        sa.Column("id", _key(), nullable=False),
        sa.Column("profile_id", _key(), nullable=False),
        sa.Column("direction", _enum(), nullable=False),
        sa.Column("kind", _enum(), nullable=False),
        sa.Column("state", _enum(), nullable=False),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("scheduled_at", _instant(), nullable=True),
        sa.Column("published_at", _instant(), nullable=True),
        sa.Column("remote_id", sa.Text(), nullable=True),
        sa.Column("reply_to", _key(), nullable=True),
        sa.Column("idempotency_key", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "id", name="pk_messages"),
        _org_fk("messages"),
        sa.ForeignKeyConstraint(
            ["organisation_id", "profile_id"],
            ["profiles.organisation_id", "profiles.id"],
            name="fk_messages_organisation_id_profile_id_profiles",
        ),
    )


def downgrade() -> None:
    """Drop the core tables (and everything in them)."""
    op.drop_table("messages")
    op.drop_index("uq_policies_current", table_name="policies")
    op.drop_table("policies")
    op.drop_table("profiles")
    op.drop_table("role_assignments")
    op.drop_table("people")
    op.drop_table("units")
    op.drop_table("organisations")
