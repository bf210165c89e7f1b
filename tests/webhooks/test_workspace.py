"""A workspace with [[webhooks]]: its events are queued, delivered, reported by the CLI and audit."""

from __future__ import annotations

import json
import os
import pwd
from collections import Counter
from pathlib import Path

import pytest
from standardwebhooks import Webhook

from govsm.model import Bilingual, LifecycleState, Profile, Severity
from govsm.plugins import PluginHost
from govsm.spec.audit import AuditContext
from govsm.workspace import Workspace
from tests.cli.running import invoke
from tests.paths import EXAMPLE
from tests.workspace.test_loader import MINIMAL

from .conftest import SECRET_ENV, message, profile
from .receiver import Receiver

ORG = "ajuntament-proves"


def _workspace(tmp_path: Path, url: str, *, events: str = "") -> Path:
    login = pwd.getpwuid(os.getuid()).pw_name
    text = MINIMAL.replace(
        'email = "marta@proves.example"\n',
        f'email = "marta@proves.example"\nlogins = ["{login}"]\n',
    )
    text += (
        f'\n[[webhooks]]\nid = "intranet"\nurl = "{url}"\nsecrets = ["env:{SECRET_ENV}"]\n'
        f"allow_private = true\ntimeout_seconds = 5\n{events}"
    )
    (tmp_path / "govsm.toml").write_text(text, encoding="utf-8")
    return tmp_path


class TestRelay:
    def test_loading_queues_the_profiles_once(
        self, tmp_path: Path, receiver: Receiver, secret: str
    ) -> None:
        """Loading fires profile.status_changed per new profile: queued once, twice loaded."""
        with Workspace.open(
            _workspace(tmp_path, receiver.url), host=PluginHost(entry_points=False)
        ) as ws:
            ws.load()
            first = ws.store.webhooks.events(ORG)
            ws.load()
            assert ws.store.webhooks.events(ORG) == first
        assert Counter(e.type for e in first) == {"profile.status_changed": 4}
        assert {json.loads(e.body)["data"]["profile"]["id"] for e in first} == {
            "x-ajuntament",
            "mastodon-ajuntament",
            "x-esports",
            "mastodon-esports",
        }

    def test_only_subscribed_types_and_own_events(
        self, tmp_path: Path, receiver: Receiver, secret: str
    ) -> None:
        """An endpoint gets only its types; another organisation's events are not queued."""
        folder = _workspace(tmp_path, receiver.url, events='events = ["message.failed"]\n')
        with Workspace.open(folder, host=PluginHost(entry_points=False)) as ws:
            ws.load()
            assert ws.store.webhooks.events(ORG) == []  # profile changes are not wanted
            # the example organisation's message is someone else's: ignored
            ws.host.message_failed(message("m-1"), profile(), Bilingual(es="no", en="no"))
            assert ws.store.webhooks.events(ORG) == []

    def test_a_failing_queue_is_a_plugin_failure_without_secrets(
        self, tmp_path: Path, receiver: Receiver, secret: str
    ) -> None:
        """If the queue cannot be written, the host records the failure; the caller goes on."""
        folder = _workspace(tmp_path, receiver.url)
        with Workspace.open(folder, host=PluginHost(entry_points=False)) as ws:
            # the organisation is not in the store yet (not loaded): the enqueue fails
            ours = Profile(
                organisation=ORG,
                id="x-ajuntament",
                channel="x",
                handle="@AjProves",
                unit="comunicacio",
            )
            ws.host.profile_status_changed(
                ours, None, LifecycleState.ACTIVE, "workspace", "govsm.toml"
            )
            (failure,) = ws.host.failures
        assert failure.phase == "govsm_profile_status_changed"
        assert "govsm.webhooks:" in failure.name and secret not in failure.detail


class TestCommandLine:
    def test_deliver_status_replay(self, tmp_path: Path, receiver: Receiver, secret: str) -> None:
        """deliver sends what loading queued; status counts it; replay resends one by id."""
        folder = _workspace(tmp_path, receiver.url)
        with Workspace.open(folder, host=PluginHost(entry_points=False)) as ws:
            ws.load()
        env = {SECRET_ENV: secret}
        status = json.loads(invoke("webhooks", "status", str(folder), "--json", env=env).stdout)
        assert status["endpoints"][0]["pending"] == 4
        done = invoke("webhooks", "deliver", str(folder), "--json", env=env)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["delivered"] == 4
        assert len(set(receiver.ids)) == 4
        for got in receiver.requests:
            Webhook(secret).verify(got.body, got.headers)
        status = json.loads(invoke("webhooks", "status", str(folder), "--json", env=env).stdout)
        assert status["endpoints"][0]["delivered"] == 4
        one = receiver.ids[0]
        again = invoke("webhooks", "replay", str(folder), "--event", one, env=env)
        assert again.returncode == 0, again.stderr
        assert "1 deliveries queued again" in again.stdout
        assert receiver.ids[-1] == one and len(receiver.requests) == 5

    def test_410_then_enable(self, tmp_path: Path, receiver: Receiver, secret: str) -> None:
        """deliver exits 1 when an endpoint is disabled; enable records the person and resumes."""
        folder = _workspace(tmp_path, receiver.url)
        with Workspace.open(folder, host=PluginHost(entry_points=False)) as ws:
            ws.load()
        env = {SECRET_ENV: secret}
        receiver.status = 410
        done = invoke("webhooks", "deliver", str(folder), env=env)
        assert done.returncode == 1 and "1 webhooks disabled" in done.stdout
        text = invoke("webhooks", "status", str(folder), env=env).stdout
        assert "disabled" in text
        receiver.status = 204
        enabled = invoke("webhooks", "enable", str(folder), "intranet", env=env)
        assert enabled.returncode == 0 and "intranet: enabled" in enabled.stdout
        assert invoke("webhooks", "deliver", str(folder), env=env).returncode == 0
        assert len(set(receiver.ids)) == 4

    def test_secret_missing(self, tmp_path: Path, receiver: Receiver) -> None:
        """An unset secret variable: nothing is sent, the reference is named, exit 1."""
        folder = _workspace(tmp_path, receiver.url)
        with Workspace.open(folder, host=PluginHost(entry_points=False)) as ws:
            ws.load()
        done = invoke("webhooks", "deliver", str(folder), env={SECRET_ENV: ""})
        assert done.returncode == 1
        assert f"env:{SECRET_ENV}" in done.stderr and receiver.requests == []


class TestAuditStep:
    def _run(self, ws: Workspace) -> object:
        (step,) = [s for s in ws.host.audit_steps() if s.name == "webhooks"]
        from datetime import date

        return step.run(AuditContext(ws, date(2026, 5, 4)))

    def test_the_example_council_has_none(self, tmp_path: Path) -> None:
        """The example council configures no webhook: the step runs and says so."""
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
        with Workspace.open(EXAMPLE, store_url=url, host=PluginHost(entry_points=False)) as ws:
            result = self._run(ws)
        assert result.findings == ()  # type: ignore[attr-defined]
        assert result.lines[0].en == "No webhooks are configured: no events are sent"  # type: ignore[attr-defined]

    def test_the_step_runs_between_the_audit_log_and_the_manual(self) -> None:
        """Declared by the built-in plugin, at order 860."""
        names = [s.name for s in PluginHost(entry_points=False).audit_steps()]
        assert names.index("audit-log") < names.index("webhooks") < names.index("manual")

    def test_pending_failed_disabled_and_secrets_are_findings(
        self, tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """What needs attention in the queue becomes findings, with the endpoint as subject."""
        folder = _workspace(tmp_path, receiver.url)
        with Workspace.open(folder, host=PluginHost(entry_points=False)) as ws:
            ws.load()
            monkeypatch.delenv(SECRET_ENV, raising=False)
            result = self._run(ws)
        rules = {f.rule: f for f in result.findings}  # type: ignore[attr-defined]
        assert rules["webhook-secret"].severity is Severity.ERROR
        assert rules["webhook-pending"].severity is Severity.INFO  # queued just now
        assert rules["webhook-pending"].subject == "webhook:intranet"
        assert "4 events waiting" in rules["webhook-pending"].message.en
        assert result.summary["pending"] == 4  # type: ignore[attr-defined]
