"""What the outbox benchmarks share: the template database, the zero-latency sink, the floor.

:mod:`outbox_throughput` times workers and :mod:`outbox_costs` counts what an item costs; both
prepare the same template database (:func:`prepare`: the example council and approved posts,
scheduled due now), publish to :class:`ZeroSink`, and set govsm beside the bare claim loop
(:data:`BARE_CLAIM`, :data:`BARE_PUBLISH`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

import govsm
from govsm.governance import Governance
from govsm.model import Direction, Message, MessageKind, MessageState, OutboxState, Profile
from govsm.publishing import Cleared
from govsm.spec.adapter import PublishResult, UploadMedia
from govsm.store.claims import KeptCheck
from govsm.workspace import Workspace

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "soldeneu"
#: the example council's editor, and its approver and coordinator
EDITOR, APPROVER = "pau-ribera", "marta-soler"
PROFILE = "mastodon-ajuntament"

BARE_CLAIM = (
    "SELECT id FROM outbox WHERE organisation_id = %s AND state = 'scheduled' "
    "AND next_attempt_at <= now() ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED"
)
BARE_PUBLISH = (
    "UPDATE outbox SET state = 'published', claimed_by = NULL, attempts = attempts + 1, "
    "remote_id = %s, published_at = now(), updated_at = now(), error = NULL "
    "WHERE organisation_id = %s AND id = %s"
)


class ZeroSink:
    """A network that publishes at once and remembers nothing."""

    def publish(
        self,
        message: Message,
        *,
        idempotency_key: str,
        media: Sequence[UploadMedia] = (),
        reply_to: str | None = None,
    ) -> PublishResult:
        """Published, now."""
        return PublishResult(remote_id=f"zero-{idempotency_key}", published_at=datetime.now(UTC))

    def lookup(
        self, message: Message, *, idempotency_key: str, since: datetime
    ) -> PublishResult | None:
        """Never asked here (no attempt is left unconfirmed)."""
        return None


class OpenGate:
    """A gate that lets every message through as it is (the ``no gate`` runs)."""

    def read_after(self) -> None:
        """No audit entry is read with a claim."""
        return

    def record(self, newer: object = None) -> None:
        """No record is read."""
        return

    def check_ahead(self, pending: object, now: datetime) -> None:
        """Nothing is checked."""
        return

    def clear(
        self,
        message: Message,
        profile: Profile,
        now: datetime,
        variant: str | None = None,
        *,
        record: object = None,
        kept: KeptCheck | None = None,
    ) -> Cleared:
        """The message, unchecked."""
        return Cleared(message, ())


# -- databases ----------------------------------------------------------------------------------


class Server:
    """Databases on the PostgreSQL server: a template, and copies of it."""

    def __init__(self, url: str) -> None:
        self.base = sa.make_url(url).set(drivername="postgresql+psycopg")
        self._admin = sa.create_engine(
            self.base, poolclass=sa.NullPool, isolation_level="AUTOCOMMIT"
        )

    def url(self, database: str) -> str:
        return self.base.set(database=database).render_as_string(hide_password=False)

    def bare_url(self, database: str) -> str:
        plain = self.base.set(drivername="postgresql", database=database)
        return plain.render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"govsm_bench_{uuid.uuid4().hex[:16]}"
        with self._admin.connect() as connection:
            suffix = f' TEMPLATE "{template}"' if template else ""
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{suffix}')
        return name

    def drop(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')

    def close(self) -> None:
        self._admin.dispose()


def prepare(folder: Path, url: str, items: int) -> str:
    """Load the council and schedule ``items`` approved posts, due now; return the org's id."""
    with Workspace.open(folder, store_url=url) as workspace:
        workspace.load()
        gov = Governance.of(workspace)
        org = workspace.organisation.id
        for item in workspace.store.outbox.items(org):  # the example's own: not part of this
            if not item.state.done:
                gov.cancel_item(item.id, by=APPROVER, reason="not part of the benchmark")
        started = time.perf_counter()
        for n in range(items):
            # due a second before its scheduling: a loaded machine takes minutes to prepare,
            # longer than scheduling's grace for a time already past
            due = datetime.now(UTC) - timedelta(seconds=1)
            ident = f"bench-{n:05d}"
            gov.draft(
                Message(
                    organisation=org,
                    id=ident,
                    profile=PROFILE,
                    direction=Direction.OUTBOUND,
                    kind=MessageKind.POST,
                    state=MessageState.DRAFT,
                    text=f"Obrim la piscina municipal dissabte a les 10 h. Avís {n}.",
                    language="ca-valencia",
                    created_at=datetime.now(UTC) - timedelta(hours=1),
                ),
                by=EDITOR,
            )
            gov.submit(ident, by=EDITOR)
            gov.approve(ident, by=APPROVER)
            gov.schedule(ident, due, by=EDITOR)
            if (n + 1) % 250 == 0:
                rate = (n + 1) / (time.perf_counter() - started)
                print(f"  scheduled {n + 1} of {items} ({rate:.1f} posts/s)", flush=True)
        return org


def organisation_of(folder: Path) -> str:
    """The id of the organisation in ``folder`` (read from its files, no store opened)."""
    with Workspace.open(folder, store_url="sqlite://") as workspace:
        return workspace.organisation.id


def published_counts(server: Server, database: str, org: str) -> tuple[int, int]:
    """How many items are published, and how many audit entries say so."""
    engine = sa.create_engine(server.url(database), poolclass=sa.NullPool)
    with engine.connect() as connection:
        items = connection.execute(
            sa.text("SELECT count(*) FROM outbox WHERE organisation_id = :org AND state = :s"),
            {"org": org, "s": str(OutboxState.PUBLISHED)},
        ).scalar_one()
        entries = connection.execute(
            sa.text(
                "SELECT count(*) FROM audit_log WHERE organisation_id = :org "
                "AND action = 'message.published'"
            ),
            {"org": org},
        ).scalar_one()
    engine.dispose()
    return int(items), int(entries)


def audited(server: Server, template: str, folder: Path) -> str:
    """A copy of ``template`` after an audit of the workspace in ``folder``; return its name.

    What an organisation's daily ``govsm audit`` leaves: the checks step keeps what it found
    for each message (:mod:`govsm.store.check_cache`), which the publish-time gate reuses while
    it holds (:mod:`govsm.publishing.kept_checks`). The kept results name the workspace
    folder, so the copy is made for this run's ``folder``.
    """
    name = server.create(template)
    with Workspace.open(folder, store_url=server.url(name)) as workspace:
        govsm.run_audit(workspace, out=folder.parent / "report")
    return name
