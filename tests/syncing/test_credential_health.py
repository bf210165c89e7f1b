"""What the networks say of a profile's credentials reaches ``govsm health``.

``govsm doctor`` and a sync keep it in the store (revision 0012); the health check reads it:
refused credentials are an error, credentials expiring within 14 days a warning, expired ones
an error — on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm import doctor
from govsm.health import check_health
from govsm.health.credential_checks import EXPIRY_WARNING_DAYS, credential_findings
from govsm.model import Bilingual, Profile
from govsm.model.profile import CredentialRef
from govsm.spec.network_errors import AuthenticationExpired
from govsm.spec.remote import CredentialStatus
from govsm.store import Store
from govsm.store.credential_checks import CredentialCheck, CredentialChecks
from govsm.syncing import pull
from govsm.workspace import Workspace
from tests.publishing.council import council
from tests.store import factories as f
from tests.store.conftest import backend, pg_admin, pg_schema_url, store, store_url

__all__ = ["backend", "pg_admin", "pg_schema_url", "store", "store_url"]

TODAY = date(2026, 12, 6)
PROFILE = "mastodon-ajuntament"
MADRID = __import__("zoneinfo").ZoneInfo("Europe/Madrid")


class Verifying:
    """An adapter that answers :meth:`verify` and refuses every read."""

    def __init__(self, status: CredentialStatus) -> None:
        self.status = status

    def verify(self) -> CredentialStatus:
        return self.status

    def fetch_inbound(self, cursor: str | None) -> Any:
        raise AuthenticationExpired("mastodon")


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = council(tmp_path)
    yield workspace
    workspace.close()


def _doctor(ws: Workspace, monkeypatch: pytest.MonkeyPatch, status: CredentialStatus) -> None:
    def adapter(workspace: Workspace, profile: Profile) -> Verifying | None:
        return Verifying(status) if profile.id == PROFILE else None

    monkeypatch.setattr(doctor, "plugin_adapter", adapter)
    doctor.diagnose(ws, TODAY)


def _health(ws: Workspace) -> list[tuple[str, str, str]]:
    return [
        (f.rule, f.severity.value, f.message.en)
        for f in check_health(ws, TODAY)
        if f.rule.startswith("health-credentials")
    ]


def test_a_refusal_doctor_saw_is_a_health_error(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = CredentialStatus(
        valid=False, reason=Bilingual(es="token revocado", en="token revoked")
    )
    _doctor(ws, monkeypatch, refused)
    ((rule, severity, text),) = _health(ws)
    assert (rule, severity) == ("health-credentials-refused", "error")
    assert PROFILE in text and "token revoked" in text and "govsm doctor" in text
    # renewed: the next doctor run clears it
    _doctor(ws, monkeypatch, CredentialStatus(valid=True, account="ajuntament"))
    assert _health(ws) == []


def test_expiring_and_expired_credentials(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Doctor's expiry reaches health: a warning within 14 days, an error once it has passed."""
    expiry = datetime.now(UTC) + timedelta(days=5)
    _doctor(ws, monkeypatch, CredentialStatus(valid=True, expires_at=expiry))
    checks = CredentialChecks(ws.store).latest(ws.organisation.id)
    assert checks[PROFILE].source == "doctor" and checks[PROFILE].expires_at == expiry
    day = expiry.astimezone(MADRID).date()
    today = datetime.now(MADRID).date()
    found = [
        (f.rule, f.severity.value, f.message.en)
        for f in check_health(ws, today)
        if f.rule.startswith("health-credentials")
    ]
    left = (day - today).days
    assert found == [
        (
            "health-credentials-expiring",
            "warning",
            f"The credentials of profile '{PROFILE}' expire on {day.isoformat()} (in {left} days)",
        )
    ]
    after = [
        (f.rule, f.severity.value)
        for f in check_health(ws, day + timedelta(days=1))
        if f.rule.startswith("health-credentials")
    ]
    assert after == [("health-credentials-expiring", "error")]


def test_a_sync_the_network_refuses_is_a_health_error(ws: Workspace) -> None:
    profile = next(p for p in ws.profiles if p.id == PROFILE)
    done = pull.sync_profile(
        ws,
        profile,
        Verifying(CredentialStatus(valid=True)),
        datetime.now(UTC),  # type: ignore[arg-type]
    )
    assert done.expired
    ((rule, severity, text),) = _health(ws)
    assert (rule, severity) == ("health-credentials-refused", "error")
    assert "as a sync found" in text and "renew them" in text


class TestStore:
    def test_record_replaces_and_keeps_the_expiry_when_asked(self, store: Store) -> None:
        store.save_snapshot(f.snapshot())
        checks = CredentialChecks(store)
        profile = f.snapshot().profiles[0].id
        at = datetime(2026, 12, 1, 9, tzinfo=UTC)
        expiry = datetime(2026, 12, 20, tzinfo=UTC)
        checks.record(f.ORG, CredentialCheck(profile, at, "doctor", True, expires_at=expiry))
        later = CredentialCheck(profile, at + timedelta(days=1), "sync", True)
        checks.record(f.ORG, later, keep_expiry=True)
        kept = checks.latest(f.ORG)[profile]
        assert (kept.source, kept.expires_at, kept.checked_at) == ("sync", expiry, later.checked_at)
        refused = CredentialCheck(
            profile, at + timedelta(days=2), "sync", False, reason=Bilingual(es="no", en="no")
        )
        checks.record(f.ORG, refused)
        assert checks.latest(f.ORG) == {profile: refused}

    def test_an_older_database_says_to_upgrade(self, store_url: str) -> None:
        from govsm.errors import StoreError

        with Store.open(store_url, upgrade=False) as old:
            old.upgrade("0011")
            with pytest.raises(StoreError, match="upgrade"):
                CredentialChecks(old).latest(f.ORG)


def _profile() -> Profile:
    return Profile(
        organisation="o",
        id="x-o",
        channel="x",
        handle="@Proves",
        unit="u",
        credential=CredentialRef("env:PROVES_X_TOKEN"),
    )


@given(
    checked=st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
    ahead=st.timedeltas(min_value=timedelta(days=-60), max_value=timedelta(days=400)),
    today=st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
)
def test_an_expiry_is_reported_only_within_its_window(
    checked: datetime, ahead: timedelta, today: date
) -> None:
    """Expiry findings follow the calendar: warning within 14 days, error once past."""
    expires = checked + ahead
    check = CredentialCheck("x-o", checked, "doctor", True, expires_at=expires)
    found = credential_findings(_profile(), check, today, MADRID)
    left = (expires.astimezone(MADRID).date() - today).days
    if expires <= checked or left > EXPIRY_WARNING_DAYS:
        assert found == []
    else:
        ((finding,),) = (found,)
        assert finding.rule == "health-credentials-expiring"
        assert finding.severity.value == ("error" if left < 0 else "warning")
