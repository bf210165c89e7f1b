"""The main job on both backends: the example council audited into SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

import govsm
from govsm.store import Store
from tests.paths import EXAMPLE

AS_OF = datetime(2026, 11, 20, 12, tzinfo=UTC)


class TestAuditOnBackends:
    @pytest.mark.slow
    def test_audit_twice_is_idempotent(self, store_url: str, tmp_path: Path) -> None:
        """Two audits of the example leave its data as one did and record the same findings."""
        host = govsm.PluginHost(entry_points=False)
        record = ("audit_runs", "findings", "check_cache")
        with govsm.Workspace.open(EXAMPLE, store_url=store_url, host=host) as ws:
            first = govsm.run_audit(ws, out=tmp_path / "one", now=AS_OF)
            first_findings = list(first.reported())
        with Store.open(store_url) as store:
            after_one = {k: v for k, v in store.dump().items() if k not in record}
        with govsm.Workspace.open(EXAMPLE, store_url=store_url, host=host) as ws:
            second = govsm.run_audit(ws, out=tmp_path / "two", now=AS_OF)
            second_findings = list(second.reported())
        with Store.open(store_url) as store:
            assert {k: v for k, v in store.dump().items() if k not in record} == after_one
        # the audit log's head hash covers load times, so the audit-log step's line differs
        assert [r for r in second_findings if r.step != "audit-log"] == [
            r for r in first_findings if r.step != "audit-log"
        ]
        assert second.severity_counts() == first.severity_counts()
        assert sum(second.severity_counts().values()) == sum(r.counted for r in second_findings)
        assert first.step("load").summary["inserted"] > 500
        assert second.step("load").summary["inserted"] == 0
        assert second.step("load").summary["updated"] == 0
        assert first.step("profiles").summary == second.step("profiles").summary
        # 14 declared active, 2 archived, and instagram-biblioteca, opened through the example's
        # governance journal and not (yet) declared in govsm.toml
        assert second.step("profiles").summary["by_state"] == {"active": 15, "archived": 2}

    def test_reopen_from_the_store_alone(self, store_url: str) -> None:
        """After loading, an app can open the organisation from the store URL with no files."""
        host = govsm.PluginHost(entry_points=False)
        with govsm.Workspace.open(EXAMPLE, store_url=store_url, host=host) as ws:
            ws.load()
            expected = ws.snapshot
        with govsm.Workspace.open(store_url, host=host) as again:
            stored = again.snapshot
            # the store also holds the profile the example's journal opened through a request
            extra = [p for p in stored.profiles if p.id == "instagram-biblioteca"]
            assert [p.state.value for p in extra] == ["active"]
            kept = tuple(p for p in stored.profiles if p not in extra)
            assert attrs.evolve(stored, profiles=kept) == expected
            # 480 imported from the archives, 4 drafted through the governance journal
            assert again.store.count_messages("ajuntament-soldeneu") == 484
