"""``govsm worker``, ``outbox``, ``pause`` and ``resume`` on a copy of the example council."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from govsm.governance import Governance
from tests.cli.running import invoke
from tests.governance.acting import act_as
from tests.publishing.council import APPROVER, EDITOR, approved, council


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    ws = council(tmp_path)
    gov = Governance.of(ws)
    approved(gov, "m1")
    gov.schedule("m1", datetime.now(UTC) - timedelta(minutes=1), by=EDITOR)
    ws.close()
    return ws.root  # type: ignore[return-value]


def _items(folder: Path, *extra: str) -> dict[str, object]:
    done = invoke("outbox", str(folder), "--json", *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_pause_outbox_resume_worker_retry_cancel(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    monkeypatch.setenv("GOVSM_STORE_URL", store)
    act_as(monkeypatch, folder, APPROVER)
    assert invoke("pause", str(folder), "--all", "--reason", "Alerta meteorològica").returncode == 0
    listed = _items(folder)
    assert [p["scope"] for p in listed["pauses"]] == ["*"]  # type: ignore[index]
    shown = invoke("status", str(folder)).stdout
    assert "PUBLISHING PAUSED (all) — Alerta meteorològica (marta-soler" in shown
    done = invoke("worker", str(folder), "--until-idle")
    assert done.returncode == 0 and "Items handled: 0" in done.stdout
    assert invoke("resume", str(folder), "--all").returncode == 0
    assert "PAUSED" not in invoke("status", str(folder)).stdout
    assert invoke("resume", str(folder), "--all").returncode == 1  # nothing left to lift
    # the example council has no network plugin: the item fails, and says why
    done = invoke("worker", str(folder), "--until-idle")
    assert "failed 1" in done.stdout
    (item,) = _items(folder, "--failed")["items"]  # type: ignore[misc]
    assert "no plugin publishes to 'mastodon'" in item["error"]["en"]
    act_as(monkeypatch, folder, EDITOR)
    assert invoke("outbox", str(folder), "--retry", item["id"]).returncode == 0
    assert _items(folder)["items"][0]["state"] == "scheduled"  # type: ignore[index]
    assert invoke("outbox", str(folder), "--cancel", item["id"]).returncode == 2
    done = invoke("outbox", str(folder), "--cancel", item["id"], "--reason", "Ja no cal")
    assert done.returncode == 0
    assert _items(folder)["items"][0]["state"] == "cancelled"  # type: ignore[index]


def test_a_viewer_cannot_pause(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVSM_STORE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    act_as(monkeypatch, folder, EDITOR)
    done = invoke("pause", str(folder), "--all", "--reason", "x")
    assert done.returncode == 1
    assert "pause and resume publishing" in done.stderr
