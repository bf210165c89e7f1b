"""The plugin host: discovery, failure isolation, disabling, conflicts, typed hook calls."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from govsm.errors import PluginError
from govsm.model import Bilingual, Channel, Direction
from govsm.plugins import DEFAULT_PLUGINS, DISABLE_ENV, PluginHost
from govsm.spec.hookspecs import hookimpl
from tests.distributions import install_plugin


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary site folder on sys.path, for throw-away plugin distributions."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    importlib.invalidate_caches()
    return folder


class TestDiscovery:
    def test_builtins_are_registered_like_plugins(self) -> None:
        """Every module of DEFAULT_PLUGINS is a registered plugin with its hooks listed."""
        host = PluginHost(entry_points=False)
        names = [p.name for p in host.plugins()]
        assert names == list(DEFAULT_PLUGINS)
        assert host.failures == []
        info = {p.name: p for p in host.plugins()}
        assert info["govsm.builtin.channels"].hooks == ("govsm_channels",)
        assert info["govsm.builtin.channels"].source == "builtin"

    def test_installed_test_plugin_is_found_through_entry_point(self) -> None:
        """The distribution installed from tests/plugins is listed with its version and hooks."""
        host = PluginHost()
        info = {p.name: p for p in host.plugins()}
        plugin = info["test-plugin"]
        assert plugin.source == "entry-point"
        assert plugin.distribution == "govsm-test-plugin"
        assert plugin.version == "1.0.0"
        assert set(plugin.hooks) == set(host.hook_names())

    def test_registration_hooks_gather_every_plugin(self) -> None:
        """Channels, rules, importers, exporters and steps of the test plugin join the built-ins."""
        host = PluginHost()
        assert {"x", "testnet"} <= set(host.channels())
        assert "test-shouting" in host.rules()
        assert {"jsonl", "markdown", "test-lines"} <= set(host.importers())
        assert {"summary-json", "test-count"} <= set(host.exporters())
        steps = [s.name for s in host.audit_steps()]
        assert steps.index("load") < steps.index("test-plugin-step") < steps.index("doctor") or (
            steps[-1] == "test-plugin-step"
        )

    @pytest.mark.parametrize(
        ("hook", "expected"),
        [
            ("govsm_channels", "testnet"),
            ("govsm_rules", "test-shouting"),
            ("govsm_importers", "test-lines"),
            ("govsm_exporters", "test-count"),
            ("govsm_audit_steps", "test-plugin-step"),
        ],
    )
    def test_registration_hook_through_pluggy(self, hook: str, expected: str) -> None:
        """Calling the hook through pluggy itself returns the test plugin's record among the built-ins'."""
        host = PluginHost()
        results = getattr(host.manager.hook, hook)()
        names = {
            getattr(r, "id", None) or getattr(r, "name", None) for batch in results for r in batch
        }
        assert expected in names
        assert len(results) >= 2 or hook == "govsm_rules"

    def test_application_plugins_come_last(self) -> None:
        """Plugins passed by an embedding app are registered after entry points."""
        app = SimpleNamespace(
            govsm_channels=hookimpl(lambda: [Channel(id="intranet", name="Intranet")])
        )
        host = PluginHost(plugins=[app], entry_points=False)
        assert host.plugins()[-1].source == "application"
        assert "intranet" in host.channels()


class TestFailures:
    def test_plugin_raising_on_import_is_named_and_others_go_on(self, site: Path) -> None:
        """A plugin that raises on import is reported with distribution and version."""
        install_plugin(
            site, "govsm-broken", "govsm_broken", "raise RuntimeError('boom at import')\n", "2.3"
        )
        host = PluginHost()
        (failure,) = [f for f in host.failures if f.name == "govsm-broken"]
        assert failure.distribution == "govsm-broken"
        assert failure.version == "2.3"
        line = failure.one_line()
        assert "govsm-broken" in line and "2.3" in line and "boom at import" in line
        assert "\n" not in line
        assert "x" in host.channels()

    def test_plugin_raising_in_a_hook_is_isolated(self) -> None:
        """One plugin's bug in govsm_channels does not hide the others' channels."""

        class Buggy:
            @hookimpl
            def govsm_channels(self) -> list[Channel]:
                raise ValueError("bad data")

        host = PluginHost(plugins=[Buggy()], entry_points=False)
        channels = host.channels()
        assert "x" in channels
        (failure,) = host.failures
        assert failure.phase == "govsm_channels"
        assert "bad data" in failure.error

    def test_strict_mode_turns_failures_into_errors(self) -> None:
        """Under strict=True a failing plugin stops the host."""

        class Buggy:
            @hookimpl
            def govsm_rules(self) -> list[object]:
                raise ValueError("bad rule")

        host = PluginHost(plugins=[Buggy()], entry_points=False, strict=True)
        with pytest.raises(PluginError, match="bad rule"):
            host.rules()

    def test_wrong_record_type_is_reported(self) -> None:
        """A registration hook returning something else than its record is a failure, not a crash."""

        class Wrong:
            @hookimpl
            def govsm_channels(self) -> list[str]:
                return ["x"]

        host = PluginHost(plugins=[Wrong()], entry_points=False)
        host.channels()
        assert "expected Channel" in host.failures[0].error

    def test_misspelt_hook_is_reported_by_check_pending(self) -> None:
        """An implementation of a hook that does not exist fails that plugin only."""

        class Typo:
            @hookimpl
            def govsm_channel(self) -> list[Channel]:
                return []

        host = PluginHost(plugins=[Typo()], entry_points=False)
        assert len(host.failures) == 1
        assert "govsm_channel" in host.failures[0].error
        assert "x" in host.channels()

    def test_duplicate_channel_is_a_clear_conflict(self) -> None:
        """Two plugins declaring the same channel id raise a conflict naming both."""
        app = SimpleNamespace(govsm_channels=hookimpl(lambda: [Channel(id="x", name="Another X")]))
        host = PluginHost(plugins=[app], entry_points=False)
        with pytest.raises(PluginError) as caught:
            host.channels()
        assert "govsm.builtin.channels" in caught.value.en
        assert "--disable-plugin" in caught.value.en


class TestDisabling:
    def test_disabled_argument(self) -> None:
        """disabled= keeps a plugin out, built-in or not."""
        host = PluginHost(disabled=["govsm.builtin.importers.markdown", "test-plugin"])
        assert "markdown" not in host.importers()
        assert "test-plugin" not in [p.name for p in host.plugins()]

    def test_environment_variable(self, monkeypatch: pytest.MonkeyPatch, site: Path) -> None:
        """GOVSM_DISABLE_PLUGINS=a,b keeps both out, and a disabled broken plugin is not even imported."""
        install_plugin(site, "govsm-broken", "govsm_broken", "raise RuntimeError('boom')\n")
        monkeypatch.setenv(DISABLE_ENV, "govsm-broken, test-plugin")
        host = PluginHost()
        assert host.failures == []
        assert "govsm_broken" not in sys.modules


class TestFactoriesAndEvents:
    def test_store_hook_first_result(self, tmp_path: Path) -> None:
        """govsm_store: the test plugin serves its own scheme, the built-in serves sqlite."""
        import govsm_test_plugin

        host = PluginHost()
        store = host.store(f"testplugin+sqlite:///{tmp_path / 'a.sqlite3'}")
        store.close()
        assert govsm_test_plugin.CALLS[-1][0] == "govsm_store"
        with host.store(f"sqlite:///{tmp_path / 'b.sqlite3'}") as plain:
            assert plain.organisations() == []

    def test_unknown_store_scheme(self) -> None:
        """A URL no plugin serves is a clear StoreError."""
        from govsm.errors import StoreError

        with pytest.raises(StoreError, match="no plugin can open 'mongodb:' stores"):
            PluginHost(entry_points=False).store("mongodb://localhost/x")

    def test_adapter_hook(self) -> None:
        """govsm_adapter returns the test plugin's adapter for its channel, None for others."""
        from govsm.model import CredentialRef, Profile
        from govsm.spec.credentials import Credentials

        host = PluginHost()
        channels = host.channels()
        profile = Profile(organisation="o", id="p", channel="testnet", handle="@p", unit="u")
        creds = Credentials(ref=CredentialRef("env:T"), secret="s")
        adapter = host.adapter(channels["testnet"], profile, creds)
        assert adapter is not None
        result = adapter.publish(_draft("hola"), idempotency_key="k1")
        assert result.remote_id == "mem-k1"
        assert host.adapter(channels["x"], profile, creds) is None

    def test_event_hooks_reach_plugins(self) -> None:
        """Every event hook is delivered with its arguments, and the veto hook can veto."""
        import govsm_test_plugin

        from govsm.model import LifecycleState, Profile

        host = PluginHost()
        profile = Profile(organisation="o", id="p", channel="testnet", handle="@p", unit="u")
        calls = govsm_test_plugin.CALLS
        calls.clear()
        message = _draft("hola")
        host.message_published(message, profile, "r1")
        host.message_failed(message, profile, Bilingual(es="no", en="no"))
        host.profile_status_changed(
            profile, LifecycleState.ACTIVE, LifecycleState.DORMANT, "ana", ""
        )
        host.inbound_received(message, profile)
        host.sla_breached(message, profile, 24.0, 30.5)
        assert host.before_publish(message, profile) is None
        veto = host.before_publish(_draft("VETO please"), profile)
        assert veto is not None and veto.reason.en == "vetoed"
        assert [name for name, _ in calls] == [
            "govsm_message_published",
            "govsm_message_failed",
            "govsm_profile_status_changed",
            "govsm_inbound_received",
            "govsm_sla_breached",
            "govsm_before_publish",
            "govsm_before_publish",
        ]
        assert calls[4][1]["elapsed"] == 30.5


def _draft(text: str):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from govsm.model import Direction, Message, MessageKind, MessageState

    return Message(
        organisation="o",
        id="m",
        profile="p",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=text,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


class TestEventsFromLoading:
    def test_load_fires_status_and_inbound_events_once(self, example: Path, tmp_path: Path) -> None:
        """First load: one status event per profile and one inbound event per citizen message; re-load: none."""
        import govsm_test_plugin

        from govsm.workspace import Workspace

        calls = govsm_test_plugin.CALLS
        calls.clear()
        with Workspace.open(example, store_url=f"sqlite:///{tmp_path / 's.sqlite3'}") as ws:
            ws.load()
            first = [name for name, _ in calls]
            assert first.count("govsm_profile_status_changed") == len(ws.profiles)
            inbound = ws.store.count_messages(ws.organisation.id, direction=Direction.INBOUND)
            assert first.count("govsm_inbound_received") == inbound > 0
            assert all(c[1]["old"] is None for c in calls if c[0] == "govsm_profile_status_changed")
            calls.clear()
            ws.load()
            assert calls == []
