"""``govsm doctor`` asks each network a plugin serves whether the profile's credentials work."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from govsm import doctor
from govsm.model import Bilingual, Profile
from govsm.spec.network_errors import TransientError
from govsm.spec.remote import CredentialStatus
from govsm.workspace import Workspace
from tests.publishing.council import council

TODAY = date(2026, 12, 6)


class Verifying:
    """An adapter whose only concern here is :meth:`verify`."""

    def __init__(self, status: CredentialStatus | None) -> None:
        self.status = status

    def verify(self) -> CredentialStatus:
        if self.status is None:
            raise TransientError("mastodon")
        return self.status


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = council(tmp_path)
    yield workspace
    workspace.close()


def _findings(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, status: CredentialStatus | None
) -> list[tuple[str, str]]:
    def adapter(workspace: Workspace, profile: Profile) -> Verifying | None:
        return Verifying(status) if profile.id == "mastodon-ajuntament" else None

    monkeypatch.setattr(doctor, "plugin_adapter", adapter)
    found = doctor.diagnose(ws, TODAY)
    return [(f.rule, f.message.en) for f in found if f.rule.startswith("credentials-")]


def test_refused_credentials_are_an_error_with_the_networks_reason(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = CredentialStatus(
        valid=False, reason=Bilingual(es="token revocado", en="token revoked")
    )
    ((rule, text),) = _findings(ws, monkeypatch, refused)
    assert rule == "credentials-refused" and "token revoked" in text
    assert "mastodon-ajuntament" in text


def test_credentials_about_to_expire_are_a_warning(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    soon = CredentialStatus(
        valid=True, account="ayto", expires_at=datetime(2026, 12, 10, tzinfo=UTC)
    )
    assert _findings(ws, monkeypatch, soon) == [
        (
            "credentials-expiring",
            "the credentials of mastodon-ajuntament expire on 2026-12-10 (in 4 days)",
        )
    ]
    later = CredentialStatus(
        valid=True, account="ayto", expires_at=datetime(2027, 6, 1, tzinfo=UTC)
    )
    assert _findings(ws, monkeypatch, later) == []


def test_a_network_that_cannot_be_asked_is_a_warning(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ((rule, _),) = _findings(ws, monkeypatch, None)
    assert rule == "credentials-unverified"


def test_one_adapter_per_profile_and_workspace(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sync and doctor in one audit log in once: the workspace reuses the profile's adapter."""
    import attrs

    from govsm.model import CredentialRef
    from govsm.workspace.adapters import plugin_adapter

    built: list[str] = []

    def build(channel: object, profile: Profile, credentials: object) -> Verifying:
        built.append(profile.id)
        return Verifying(CredentialStatus(valid=True))

    monkeypatch.setattr(ws.host, "adapter", build)
    monkeypatch.setattr("govsm.workspace.adapters.resolve", lambda *args: object())
    profile = next(p for p in ws.profiles if p.credential is not None)
    first = plugin_adapter(ws, profile)
    assert plugin_adapter(ws, profile) is first and built == [profile.id]
    moved = attrs.evolve(profile, credential=CredentialRef(ref="env:OTHER_TOKEN"))
    assert plugin_adapter(ws, moved) is not first and built == [profile.id, profile.id]
