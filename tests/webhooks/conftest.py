"""Fixtures for the webhook tests: stores on both backends, a live receiver, secrets, events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from govsm.model import Direction, Message, MessageKind, MessageState, Profile
from govsm.model.profile import CredentialRef
from govsm.store import Store
from govsm.webhooks.endpoints import WebhookEndpoint
from govsm.webhooks.signing import generate_secret
from tests.store import factories as f
from tests.store.conftest import backend, pg_admin, pg_schema_url, store, store_url

from .receiver import Receiver

__all__ = ["backend", "pg_admin", "pg_schema_url", "store", "store_url"]

ORG = f.ORG

#: the environment variable the test endpoints read their secret from
SECRET_ENV = "SOLDENEU_TEST_WEBHOOK_SECRET"

#: a second one, for rotations
OLD_SECRET_ENV = "SOLDENEU_TEST_WEBHOOK_SECRET_OLD"


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh ``whsec_`` secret, in :data:`SECRET_ENV`."""
    value = generate_secret()
    monkeypatch.setenv(SECRET_ENV, value)
    return value


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A receiver listening on 127.0.0.1, stopped after the test."""
    live = Receiver().start()
    yield live
    live.stop()


@pytest.fixture
def org_store(store: Store) -> Store:
    """A store (SQLite or PostgreSQL) holding the example organisation."""
    store.save_snapshot(f.snapshot())
    return store


def endpoint(url: str, **changes: Any) -> WebhookEndpoint:
    """An endpoint on the local network (``allow_private``), signed with :data:`SECRET_ENV`."""
    fields: dict[str, Any] = {
        "id": "intranet",
        "url": url,
        "secrets": (CredentialRef(f"env:{SECRET_ENV}"),),
        "allow_private": True,
        "timeout_seconds": 5.0,
    }
    fields.update(changes)
    return WebhookEndpoint(**fields)


def profile() -> Profile:
    """A profile of the store's snapshot."""
    return next(p for p in f.snapshot().profiles)


def message(ident: str, text: str = "Bon dia, Soldeneu!") -> Message:
    """An outbound message of :func:`profile`, published."""
    return Message(
        organisation=ORG,
        id=ident,
        profile=profile().id,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.PUBLISHED,
        text=text,
        created_at=datetime(2026, 5, 4, 8, 0, tzinfo=UTC),
        published_at=datetime(2026, 5, 4, 8, 0, tzinfo=UTC),
        remote_id=f"r-{ident}",
    )
