"""Fixtures and builders for the governance API tests: the small council, its store, and helpers.

Every test gets the small council of :mod:`govsm.testing.governance` in an in-memory SQLite
store, with a ticking clock (one minute per reading, from 2 March 2026, 09:00 UTC). The store is
kept next to the :class:`~govsm.governance.service.Governance` so tests can compare dumps and
read the audit log.

Tests that take ``backend_url`` run on SQLite, and on PostgreSQL too when
``GOVSM_TEST_POSTGRES_URL`` is set (each in a fresh schema, dropped afterwards).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import attrs
import pytest
import sqlalchemy as sa

from govsm.channels.catalogue import CHANNELS
from govsm.governance.service import Governance
from govsm.ledger.chain import verify
from govsm.ledger.record import fold
from govsm.model import (
    Direction,
    Message,
    MessageKind,
    MessageState,
    Objective,
    OrganisationSnapshot,
    ProfileRequest,
    RequestState,
    Role,
    RoleAssignment,
    ScopeKind,
)
from govsm.store import Store
from govsm.testing.governance import ORG, START, TickingClock, small_snapshot

CHANNEL_MAP = {c.id: c for c in CHANNELS}


@attrs.define
class Council:
    """The small council's governance and the store under it."""

    gov: Governance
    store: Store
    clock: TickingClock

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Everything stored, for before/after comparisons."""
        return self.store.dump()

    def log(self) -> list[tuple[str, str, str]]:
        """``(action, subject, actor)`` of every audit entry, in order."""
        return [(e.action, e.subject, e.actor) for e in self.store.audit_entries(ORG)]

    def actions(self) -> list[str]:
        """The action of every audit entry, in order."""
        return [e.action for e in self.store.audit_entries(ORG)]

    def details(self, action: str) -> list[dict[str, Any]]:
        """The details of every entry of ``action``, in order."""
        return [e.entry().details for e in self.store.audit_entries(ORG) if e.action == action]

    def verified(self) -> bool:
        """Whether the audit log's chain verifies."""
        return verify(ORG, self.store.audit_entries(ORG)).ok

    def state(self, profile: str) -> str:
        """A stored profile's lifecycle state."""
        return self.gov.profile(profile).state.value

    @contextmanager
    def unchanged(self) -> Iterator[None]:
        """Assert the block changes nothing: same store dump, no new audit entry."""
        before = self.store.dump()
        entries = len(self.store.audit_entries(ORG))
        yield
        assert self.store.dump() == before
        assert len(self.store.audit_entries(ORG)) == entries


def council(
    snapshot: OrganisationSnapshot | None = None,
    *,
    approval_tiers: int = 1,
    store_url: str = "sqlite://",
) -> Council:
    """The small council (or ``snapshot``) saved in a fresh store, as :func:`small_governance`."""
    store = Store.open(store_url)
    store.save_snapshot(snapshot or small_snapshot(approval_tiers=approval_tiers))
    clock = TickingClock()
    return Council(Governance(store, ORG, CHANNEL_MAP, clock=clock), store, clock)


@pytest.fixture
def small() -> Iterator[Council]:
    """The small council: one approval per post."""
    built = council()
    yield built
    built.store.close()


@pytest.fixture
def two_tiers() -> Iterator[Council]:
    """The small council with posts needing two approvals."""
    built = council(approval_tiers=2)
    yield built
    built.store.close()


def with_roles(snapshot: OrganisationSnapshot, *extra: RoleAssignment) -> OrganisationSnapshot:
    """``snapshot`` with more role assignments."""
    return attrs.evolve(snapshot, roles=snapshot.roles + extra)


def role(
    person: str, kind: Role, scope: ScopeKind = ScopeKind.ORGANISATION, target: str | None = None
) -> RoleAssignment:
    """A role assignment in the small council."""
    return RoleAssignment(ORG, person, kind, scope, target)


def complete_request(
    request_id: str = "r-ig",
    profile: str = "ig-sport",
    *,
    unit: str = "sport",
    channel: str = "instagram",
    **changes: Any,
) -> ProfileRequest:
    """A request that meets every criterion and prerequisite of the small council."""
    values: dict[str, Any] = {
        "objectives": (Objective.PARTICIPATIVE, Objective.INFORMATIVE),
        "theme": "Deporte base",
        "citizen_interest": "Las escuelas deportivas municipales reúnen a 2.000 familias",
        "audience": ("familias", "jóvenes"),
        "functionality": "Fotos y vídeos cortos de las competiciones",
        "owner": "edu",
        "backups": ("eva",),
        "contact_email": "deportes@small.example",
        "editorial_line": "Cercano y positivo, sin valoraciones políticas",
        "draft_posts": ("Empieza la liga", "Inscripciones abiertas", "Resultados del sábado"),
        "languages": ("es",),
    }
    values.update(changes)
    return ProfileRequest(
        organisation=ORG,
        id=request_id,
        unit=unit,
        channel=channel,
        profile=profile,
        requested_by="edu",
        requested_at=START,
        **values,
    )


def post(
    message_id: str = "m1", profile: str = "x-sport", text: str = "Empieza la liga", **kw: Any
) -> Message:
    """An outbound post, as an editor hands it to :meth:`Governance.draft`."""
    return Message(
        organisation=ORG,
        id=message_id,
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=kw.pop("kind", MessageKind.POST),
        state=MessageState.DRAFT,
        text=text,
        created_at=kw.pop("created_at", START),
        **kw,
    )


def pending_post(c: Council, message_id: str = "m1", *, by: str = "edu") -> Message:
    """A post drafted and submitted by ``by`` on ``x-sport``."""
    c.gov.draft(post(message_id), by=by)
    return c.gov.submit(message_id, by=by)


def assert_fold_agrees(c: Council) -> None:
    """The record folded from the audit log agrees with the stored profiles and requests."""
    record = fold(ORG, c.store.audit_entries(ORG))
    stored = {p.id: p for p in c.store.profiles(ORG)}
    for profile, history in record.profiles.items():
        assert profile in stored
        if history.state is not None:
            assert stored[profile].state is history.state, profile
        if history.unit is not None:
            assert stored[profile].unit == history.unit, profile
    for request in record.requests.values():
        if request.state is RequestState.APPROVED:
            assert request.profile in stored, request.id


def at(hour: int, minute: int = 0, day: int = 2) -> datetime:
    """An instant in March 2026, UTC."""
    return START.replace(day=day, hour=hour, minute=minute)


# -- backends -----------------------------------------------------------------------------------

POSTGRES_URL = os.environ.get("GOVSM_TEST_POSTGRES_URL")


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not POSTGRES_URL, reason="GOVSM_TEST_POSTGRES_URL is not set"),
            ],
        ),
    ]
)
def backend_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """A URL for an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'govsm.db'}"
        return
    assert POSTGRES_URL is not None
    base = sa.make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    admin = sa.create_engine(base, connect_args={"connect_timeout": 5}, poolclass=sa.NullPool)
    schema = f"govsm_api_{uuid.uuid4().hex}"
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.fail(f"PostgreSQL at GOVSM_TEST_POSTGRES_URL is not reachable: {exc.orig}")
    try:
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
