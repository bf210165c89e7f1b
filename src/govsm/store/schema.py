"""govsm's tables, one schema for SQLite and PostgreSQL (SQLAlchemy Core).

Every row belongs to one organisation. The tenant root, ``organisations``, is keyed by ``id``;
every other table is keyed by ``(organisation_id, id)`` (``position`` for role assignments,
``version`` for policies), and every reference between rows is a *composite* foreign key that
includes ``organisation_id``, so a row can never point into another organisation.

Units, people and profiles keep their ``position`` in the last snapshot that saved them, so a
snapshot reads back in the order it was written.

Besides the columns that queries filter, sort and count on, each row keeps the whole model object
as a JSON document, ``data`` (``unstructure(obj)``), from which the object is rebuilt with
``structure``. The columns are derived from ``data`` and written with it.

This module describes the schema at :data:`~govsm.store.versions.HEAD_REVISION`. The database is
built by the hand-written migrations in ``migrations/versions/``; a test checks that the two agree.
"""

from __future__ import annotations

import sqlalchemy as sa

from govsm.store.coltypes import DOCUMENT, KEY, TEXT_KEY, UTCDateTime

#: constraint names are fixed, so migrations can name them on both backends
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
"""The tables govsm owns (Alembic's ``alembic_version`` is not among them)."""

#: short enumerated values (kinds, states, roles, directions)
_ENUM = sa.String(32)


def _org_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"])


organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", KEY, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", _ENUM, nullable=False),
    sa.Column("parent_id", KEY, nullable=True),
    sa.Column("data", DOCUMENT, nullable=False),
)
"""The tenants: public bodies. Each row is an :class:`~govsm.model.Organisation`."""

units = sa.Table(
    "units",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("id", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("parent_id", KEY, nullable=True),
    sa.Column("head_id", KEY, nullable=True),
    sa.Column("data", DOCUMENT, nullable=False),
    _org_fk(),
)
"""Áreas of an organisation (:class:`~govsm.model.Unit`)."""

people = sa.Table(
    "people",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("id", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("unit_id", KEY, nullable=True),
    sa.Column("political_office", sa.Text, nullable=True),
    sa.Column("data", DOCUMENT, nullable=False),
    _org_fk(),
)
"""Staff and office holders (:class:`~govsm.model.Person`)."""

role_assignments = sa.Table(
    "role_assignments",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("person_id", KEY, nullable=False),
    sa.Column("role", _ENUM, nullable=False),
    sa.Column("scope", _ENUM, nullable=False),
    sa.Column("target_id", KEY, nullable=True),
    sa.Column("data", DOCUMENT, nullable=False),
    _org_fk(),
    sa.ForeignKeyConstraint(
        ["organisation_id", "person_id"], ["people.organisation_id", "people.id"]
    ),
)
"""Roles (:class:`~govsm.model.RoleAssignment`), keyed by their position in the latest snapshot."""

profiles = sa.Table(
    "profiles",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("id", KEY, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("unit_id", KEY, nullable=False),
    sa.Column("channel", KEY, nullable=False),
    sa.Column("handle", sa.Text, nullable=False),
    sa.Column("state", _ENUM, nullable=False),
    sa.Column("data", DOCUMENT, nullable=False),
    _org_fk(),
    sa.ForeignKeyConstraint(["organisation_id", "unit_id"], ["units.organisation_id", "units.id"]),
)
"""Accounts on channels (:class:`~govsm.model.Profile`)."""

policies = sa.Table(
    "policies",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("version", TEXT_KEY, primary_key=True),
    sa.Column("is_current", sa.Boolean(), nullable=False),
    sa.Column("coordinating_unit_id", KEY, nullable=False),
    sa.Column("data", DOCUMENT, nullable=False),
    _org_fk(),
    sa.ForeignKeyConstraint(
        ["organisation_id", "coordinating_unit_id"], ["units.organisation_id", "units.id"]
    ),
    sa.Index(
        "uq_policies_current",
        "organisation_id",
        unique=True,
        sqlite_where=sa.text("is_current"),
        postgresql_where=sa.text("is_current"),
    ),
)
"""Every version of each organisation's :class:`~govsm.model.Policy`; at most one is current."""

messages = sa.Table(
    "messages",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("id", KEY, primary_key=True),
    sa.Column("profile_id", KEY, nullable=False),
    sa.Column("direction", _ENUM, nullable=False),
    sa.Column("kind", _ENUM, nullable=False),
    sa.Column("state", _ENUM, nullable=False),
    sa.Column("language", sa.Text, nullable=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("scheduled_at", UTCDateTime, nullable=True),
    sa.Column("published_at", UTCDateTime, nullable=True),
    sa.Column("remote_id", sa.Text, nullable=True),
    sa.Column("reply_to", KEY, nullable=True),
    sa.Column("idempotency_key", sa.Text, nullable=True),
    sa.Column("data", DOCUMENT, nullable=False),
    _org_fk(),
    sa.ForeignKeyConstraint(
        ["organisation_id", "profile_id"], ["profiles.organisation_id", "profiles.id"]
    ),
    # revision 0002: the indexes of the message queries
    sa.Index("ix_messages_created", "organisation_id", "created_at", "id"),
    sa.Index(
        "ix_messages_profile_created",
        "organisation_id",
        "profile_id",
        "direction",
        "created_at",
        "id",
    ),
    sa.Index("ix_messages_profile_state", "organisation_id", "profile_id", "direction", "state"),
    sa.Index("ix_messages_remote", "organisation_id", "profile_id", "remote_id"),
    # revision 0004: each profile's last publication, read from the index alone (health)
    sa.Index(
        "ix_messages_last_published",
        "organisation_id",
        "profile_id",
        "direction",
        "state",
        "published_at",
    ),
)
"""Posts, replies, mentions, comments and direct messages (:class:`~govsm.model.Message`)."""

govsm_meta = sa.Table(
    "govsm_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
"""Facts about the database itself (revision 0002): ``written_by`` is the govsm version that last
migrated it."""

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("details", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    _org_fk(),
)
"""The hash-chained audit log (revision 0003), one chain per organisation keyed by ``seq``
(:mod:`govsm.ledger.chain`). ``details`` is the canonical JSON text the hash covers."""

audit_runs = sa.Table(
    "audit_runs",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("id", KEY, primary_key=True),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("today", sa.Date, nullable=False),
    sa.Column("govsm_version", sa.String(32), nullable=False),
    sa.Column("status", _ENUM, nullable=False),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.Column("head_seq", sa.Integer, nullable=True),
    sa.Column("head_hash", sa.String(64), nullable=True),
    _org_fk(),
    sa.Index("ix_audit_runs_started", "organisation_id", "started_at"),
)
"""Runs of ``govsm audit`` (revision 0005): when, about which day, by which govsm, and whether
every step ran (``status``: ``running``, ``complete`` or ``incomplete``); since revision 0006,
the audit log's head (``head_seq``, ``head_hash``) as the run left it."""

findings = sa.Table(
    "findings",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("run_id", KEY, primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("step", KEY, nullable=False),
    sa.Column("rule", KEY, nullable=False),
    sa.Column("severity", _ENUM, nullable=False),
    sa.Column("waived", sa.Boolean, nullable=False),
    sa.Column("profile_id", KEY, nullable=True),
    sa.Column("message_id", KEY, nullable=True),
    sa.Column("data", DOCUMENT, nullable=False),
    sa.ForeignKeyConstraint(
        ["organisation_id", "run_id"], ["audit_runs.organisation_id", "audit_runs.id"]
    ),
    sa.Index("ix_findings_severity", "organisation_id", "run_id", "waived", "severity"),
)
"""Every finding of every recorded audit run (revision 0005), in the order it was made; ``data``
is the :class:`~govsm.spec.findings.ReportedFinding` (excerpt already masked)."""

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("id", KEY, primary_key=True),
    sa.Column("message_id", KEY, nullable=False),
    sa.Column("profile_id", KEY, nullable=False),
    sa.Column("due_at", UTCDateTime, nullable=False),
    sa.Column("zone", sa.Text, nullable=False),
    sa.Column("idempotency_key", sa.Text, nullable=False),
    sa.Column("state", _ENUM, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False),
    sa.Column("repeat_of", KEY, nullable=True),
    sa.Column("variant", sa.Text, nullable=True),
    sa.Column("claimed_by", sa.Text, nullable=True),
    sa.Column("remote_id", sa.Text, nullable=True),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("published_at", UTCDateTime, nullable=True),
    sa.Column("error", DOCUMENT, nullable=True),
    sa.Column("scheduled_by", sa.Text, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.ForeignKeyConstraint(
        ["organisation_id", "message_id"], ["messages.organisation_id", "messages.id"]
    ),
    sa.ForeignKeyConstraint(
        ["organisation_id", "profile_id"], ["profiles.organisation_id", "profiles.id"]
    ),
    sa.UniqueConstraint("organisation_id", "idempotency_key"),
    sa.Index("ix_outbox_claim", "organisation_id", "state", "next_attempt_at"),
    sa.Index("ix_outbox_due", "organisation_id", "due_at"),
)
"""The publishing outbox (revision 0007): one row per message due on a profile
(:class:`~govsm.model.OutboxItem`). Workers claim rows by ``state`` and ``next_attempt_at``
(``ix_outbox_claim``); ``(organisation_id, idempotency_key)`` is unique."""

outbox_attempts = sa.Table(
    "outbox_attempts",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("item_id", KEY, primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("worker", sa.Text, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.Column("outcome", _ENUM, nullable=True),
    sa.Column("detail", DOCUMENT, nullable=True),
    sa.Column("retry_at", UTCDateTime, nullable=True),
    sa.ForeignKeyConstraint(
        ["organisation_id", "item_id"], ["outbox.organisation_id", "outbox.id"]
    ),
)
"""Every attempt at publishing an outbox item (revision 0007), written *before* the network is
called; ``outcome`` stays empty until the answer is recorded (:class:`~govsm.model.Attempt`)."""

publishing_pauses = sa.Table(
    "publishing_pauses",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("scope", KEY, primary_key=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("paused_by", sa.Text, nullable=False),
    sa.Column("since", UTCDateTime, nullable=False),
    _org_fk(),
)
"""Crisis pauses in force (revision 0007): ``scope`` is a profile's id, or ``*`` for every
profile (:class:`~govsm.model.Pause`). Lifting a pause deletes its row; the audit log keeps
both."""

sync_cursors = sa.Table(
    "sync_cursors",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("profile_id", KEY, primary_key=True),
    sa.Column("stream", _ENUM, primary_key=True),
    sa.Column("cursor", sa.Text, nullable=True),
    sa.Column("synced_at", UTCDateTime, nullable=False),
    sa.ForeignKeyConstraint(
        ["organisation_id", "profile_id"], ["profiles.organisation_id", "profiles.id"]
    ),
)
"""Where reading a profile's network resumes (revision 0008): the cursor of the last page saved,
per stream (``inbound``, ``own``); see :mod:`govsm.store.sync_state`."""

metrics = sa.Table(
    "metrics",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("profile_id", KEY, primary_key=True),
    sa.Column("remote_id", sa.String(512), primary_key=True),
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("at", UTCDateTime, primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
    sa.ForeignKeyConstraint(
        ["organisation_id", "profile_id"], ["profiles.organisation_id", "profiles.id"]
    ),
)
"""Counts read from the networks (revision 0008): of a post (``remote_id``), or of the profile
(``remote_id`` empty), by name and the instant they were read."""

check_cache = sa.Table(
    "check_cache",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("message_id", KEY, primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("findings", sa.Text, nullable=False),
    sa.ForeignKeyConstraint(
        ["organisation_id", "message_id"],
        ["messages.organisation_id", "messages.id"],
        ondelete="CASCADE",
    ),
    info={"derived": True},
)
"""What the audit's message checks found (revision 0009), kept for the next audit: per message,
the fingerprint of its document and of everything else the rules read, and its findings as the
canonical JSON of their :class:`~govsm.spec.findings.ReportedFinding` documents (``[]``: none).
Derived data (``info["derived"]``): any row may be deleted at any time, and is rebuilt by the
next audit (:mod:`govsm.store.check_cache`). A message's row is deleted with it."""

message_originals = sa.Table(
    "message_originals",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("message_id", KEY, primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("media_type", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("original", sa.LargeBinary, nullable=False),
    sa.ForeignKeyConstraint(
        ["organisation_id", "message_id"],
        ["messages.organisation_id", "messages.id"],
        ondelete="CASCADE",
    ),
)
"""The network's own record of each imported message (revision 0010), byte for byte, with its
SHA-256 and where it was read (:class:`~govsm.spec.Imported`): the organisation's record of what
it said is the network's, not govsm's reading of it (:mod:`govsm.store.originals`)."""

webhook_events = sa.Table(
    "webhook_events",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("id", KEY, primary_key=True),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    _org_fk(),
    sa.Index("ix_webhook_events_created", "organisation_id", "created_at"),
)
"""Events for webhooks (revision 0011): the ``webhook-id`` (``id``), the event type and the JSON
body exactly as sent on every attempt and replay (:mod:`govsm.store.webhook_queue`)."""

webhook_deliveries = sa.Table(
    "webhook_deliveries",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("event_id", KEY, primary_key=True),
    sa.Column("endpoint_id", KEY, primary_key=True),
    sa.Column("state", _ENUM, nullable=False),
    sa.Column("enqueued_at", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False),
    sa.Column("claimed_by", sa.Text, nullable=True),
    sa.Column("claimed_until", UTCDateTime, nullable=True),
    sa.Column("last_attempt_at", UTCDateTime, nullable=True),
    sa.Column("last_status", sa.Integer, nullable=True),
    sa.Column("last_error", DOCUMENT, nullable=True),
    sa.Column("delivered_at", UTCDateTime, nullable=True),
    sa.Column("replays", sa.Integer, nullable=False),
    sa.ForeignKeyConstraint(
        ["organisation_id", "event_id"],
        ["webhook_events.organisation_id", "webhook_events.id"],
        ondelete="CASCADE",
    ),
    sa.Index("ix_webhook_deliveries_due", "organisation_id", "state", "next_attempt_at"),
)
"""One row per event and endpoint (revision 0011): ``pending`` until the endpoint answers 2xx
(``delivered``) or the delivery is given up (``failed``); attempts, the next one's time and the
last outcome are kept, and a deliverer holds the rows it is sending (``claimed_by`` until
``claimed_until``)."""

webhook_disabled_endpoints = sa.Table(
    "webhook_disabled_endpoints",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("endpoint_id", KEY, primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("disabled_at", UTCDateTime, nullable=False),
    sa.Column("status", sa.Integer, nullable=True),
    sa.Column("reason", DOCUMENT, nullable=False),
    _org_fk(),
)
"""Webhook endpoints that answered 410 Gone (revision 0011), with the URL that did: nothing is
sent to that URL until the endpoint is enabled again or its URL changes."""

credential_checks = sa.Table(
    "credential_checks",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("profile_id", KEY, primary_key=True),
    sa.Column("checked_at", UTCDateTime, nullable=False),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("valid", sa.Boolean, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=True),
    sa.Column("reason_es", sa.Text, nullable=True),
    sa.Column("reason_en", sa.Text, nullable=True),
    sa.ForeignKeyConstraint(
        ["organisation_id", "profile_id"],
        ["profiles.organisation_id", "profiles.id"],
        ondelete="CASCADE",
    ),
    info={"derived": True},
)
"""What a network last said of each profile's credentials (revision 0012): accepted or refused,
when, by which check (``doctor``, ``sync``), until when they work, why they were refused; see
:mod:`govsm.store.credential_checks`. Derived data: the next check writes it again."""

network_limits = sa.Table(
    "network_limits",
    metadata,
    sa.Column("organisation_id", KEY, primary_key=True),
    sa.Column("profile_id", KEY, primary_key=True),
    sa.Column("network", KEY, nullable=False),
    sa.Column("read_at", UTCDateTime, nullable=False),
    sa.Column("text_limit", sa.Integer, nullable=True),
    sa.Column("media_limit", sa.Integer, nullable=True),
    sa.Column("alt_text_limit", sa.Integer, nullable=True),
    sa.Column("source", sa.Text, nullable=True),
    sa.ForeignKeyConstraint(
        ["organisation_id", "profile_id"],
        ["profiles.organisation_id", "profiles.id"],
        ondelete="CASCADE",
    ),
    info={"derived": True},
)
"""What each profile's server last declared it allows (revision 0013; see
:class:`~govsm.channels.network_limits.NetworkLimits`). Derived: the next sync writes it again."""

#: the tables that hold an organisation's data, in the order rows are written
ORGANISATION_TABLES: tuple[sa.Table, ...] = (
    organisations,
    units,
    people,
    profiles,
    role_assignments,
    policies,
    messages,
)
