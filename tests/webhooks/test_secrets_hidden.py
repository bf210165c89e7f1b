"""A webhook secret never shows: not in logs, reprs, errors, the store, the audit log, reports."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from govsm.model import Severity
from govsm.model.profile import CredentialRef
from govsm.plugins import PluginHost
from govsm.store import Store
from govsm.store.webhook_records import EndpointCounts
from govsm.webhooks.delivery import Deliverer
from govsm.webhooks.relay import WebhookRelay
from govsm.webhooks.reporting import queue_status, status_findings
from govsm.webhooks.retrying import RetrySchedule
from govsm.webhooks.secrets import workspace_reader

from .conftest import OLD_SECRET_ENV, ORG, SECRET_ENV, endpoint, message, profile
from .receiver import Receiver


def _forms(secret: str) -> list[str]:
    """The secret and its key part, which must appear nowhere."""
    return [secret, secret.removeprefix("whsec_"), secret.removeprefix("whsec_").rstrip("=")]


def test_nothing_shows_the_secret(
    org_store: Store,
    receiver: Receiver,
    secret: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    """A full life — queued, refused, 410, delivered, a broken second secret — leaks nothing."""
    caplog.set_level(logging.DEBUG)
    broken = "whsec_" + "x" * 10  # too short: its error must not quote it
    monkeypatch.setenv(OLD_SECRET_ENV, broken)
    good = endpoint(receiver.url)
    bad = endpoint(
        receiver.url,
        id="rotating",
        secrets=(CredentialRef(f"env:{SECRET_ENV}"), CredentialRef(f"env:{OLD_SECRET_ENV}")),
    )
    host = PluginHost(entry_points=False)
    WebhookRelay.attach(host, lambda: org_store, ORG, [good, bad])
    host.message_published(message("m-1"), profile(), "r-1")
    host.message_published(message("m-2"), profile(), "r-2")
    reader = workspace_reader(tmp_path)
    receiver.status = 500
    reports = [
        Deliverer(org_store, ORG, [good, bad], reader, schedule=RetrySchedule(initial=0)).run()
    ]
    receiver.status = 204
    reports.append(
        Deliverer(org_store, ORG, [good, bad], reader, schedule=RetrySchedule(initial=0)).run()
    )
    receiver.status = 410
    host.message_published(message("m-3"), profile(), "r-3")
    reports.append(Deliverer(org_store, ORG, [good, bad], reader).run())
    now = datetime.now(UTC)
    statuses = queue_status(org_store, ORG, [good, bad], now)
    findings = status_findings(statuses, [good, bad], reader, now)
    assert {f.rule for f in findings} >= {"webhook-secret", "webhook-disabled"}
    shown = "\n".join(
        [
            caplog.text,
            json.dumps(org_store.dump(), default=str),
            repr(reports),
            repr(statuses),
            repr(findings),
            repr(org_store.webhooks.deliveries(ORG)),
            repr(host.failures),
            repr(good),
            repr(bad),
        ]
    )
    assert reports[1].delivered == 2 and reports[0].problems  # the broken secret was reported
    assert "env:SOLDENEU_TEST_WEBHOOK_SECRET_OLD" in repr(reports[0].problems)
    assert "queued for" in caplog.text and "HTTP Request" in caplog.text  # the logs were read
    for form in (*_forms(secret), broken, broken.removeprefix("whsec_")):
        assert form not in shown
    assert SECRET_ENV in shown  # references may be named


def test_findings_for_failed_and_unconfigured(org_store: Store) -> None:
    """Given-up events and events for a removed endpoint are warnings naming the endpoint."""
    from govsm.model import Bilingual
    from govsm.store.webhook_records import StoredEvent

    t = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    for ident, target in (("msg_a", "portal"), ("msg_b", "old-portal")):
        event = StoredEvent(ORG, ident, "message.published", t, "{}")
        org_store.webhooks.enqueue(ORG, event, {target: f"https://{target}.soldeneu.example/h"})
    why = Bilingual(es="demasiado antiguo", en="too old")
    org_store.webhooks.expire(ORG, "portal", t + timedelta(hours=1), t, why)
    portal = endpoint("https://portal.soldeneu.example/h", id="portal", allow_private=False)
    statuses = queue_status(org_store, ORG, [portal], t + timedelta(hours=3))
    assert [(s.endpoint, s.configured) for s in statuses] == [
        ("portal", True),
        ("old-portal", False),
    ]
    assert statuses[0].counts == EndpointCounts("portal", failed=1)
    findings = status_findings(statuses, [], workspace_reader(Path.cwd()), t + timedelta(hours=3))
    rules = {(f.rule, f.subject): f.severity for f in findings}
    assert rules == {
        ("webhook-failed", "webhook:portal"): Severity.WARNING,
        ("webhook-unconfigured", "webhook:old-portal"): Severity.WARNING,
    }
