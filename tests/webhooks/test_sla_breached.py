"""sla.breached: the audit's responses step fires it, the relay queues each breach once."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import govsm
from govsm.plugins import PluginHost
from tests.paths import EXAMPLE

from .conftest import SECRET_ENV
from .receiver import Receiver


def _example_with_webhook(tmp_path: Path, url: str) -> Path:
    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".govsm", "report"))
    config = folder / "govsm.toml"
    config.write_text(
        config.read_text("utf-8")
        + f'\n[[webhooks]]\nid = "intranet"\nurl = "{url}"\nsecrets = ["env:{SECRET_ENV}"]\n'
        'allow_private = true\nevents = ["sla.breached"]\n',
        encoding="utf-8",
    )
    return folder


def test_each_overdue_message_is_queued_once(
    tmp_path: Path, receiver: Receiver, secret: str
) -> None:
    """Two audits find the same overdue messages; the queue holds one event for each."""
    folder = _example_with_webhook(tmp_path, receiver.url)
    store_url = f"sqlite:///{tmp_path}/govsm.sqlite3"
    queued = []
    for run in (1, 2):
        with govsm.Workspace.open(
            folder, host=PluginHost(entry_points=False), store_url=store_url
        ) as ws:
            report = govsm.run_audit(
                ws,
                out=tmp_path / f"report-{run}",
                now=datetime(2026, 11, 20, 12, 0, tzinfo=UTC),
                language="en",
            )
            overdue = report.step("responses").summary["overdue"]
            queued.append(ws.store.webhooks.events(ws.organisation.id))
    assert overdue > 0
    first, second = queued
    assert first == second
    assert Counter(e.type for e in first) == {"sla.breached": overdue}
    bodies = [json.loads(e.body)["data"] for e in first]
    assert len({b["message"]["id"] for b in bodies}) == overdue
    for body in bodies:
        assert body["elapsed_hours"] > body["target_hours"] > 0
