"""The record against the manual, and the registry's coherence."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs

from govsm.ledger.chain import AuditEntry
from govsm.ledger.consistency import (
    DRIFT,
    DUPLICATE_ACCOUNT,
    MISMATCH,
    UNDECLARED,
    UNVERIFIABLE,
    record_drift,
    registry_problems,
)
from govsm.ledger.record import fold
from govsm.model import Channel, LifecycleState, Profile

ORG = "o"
AT = datetime(2026, 5, 1, tzinfo=UTC)


def _profile(pid: str, **changes: object) -> Profile:
    fields: dict[str, object] = {
        "organisation": ORG,
        "id": pid,
        "channel": "x",
        "handle": f"@{pid.replace('-', '')}",
        "unit": "u",
    }
    fields.update(changes)
    return Profile(**fields)  # type: ignore[arg-type]


def _entry(seq: int, actor: str, action: str, subject: str, **details: object) -> AuditEntry:
    return AuditEntry(ORG, seq, AT, actor, action, subject, dict(details), "0" * 64, "0" * 64)


class TestRecordDrift:
    def test_api_change_not_yet_in_the_file_is_reported(self) -> None:
        """A transition after the file's declaration, with the file unchanged, is drift."""
        record = fold(
            ORG,
            [
                _entry(1, "workspace", "profile.registered", "p", state="active", unit="u"),
                _entry(
                    2, "cora", "profile.transitioned", "p", **{"from": "active", "to": "dormant"}
                ),
            ],
        )
        declared = [_profile("p")]
        stored = [_profile("p", state=LifecycleState.DORMANT)]
        (finding,) = record_drift(declared, stored, record)
        assert (finding.rule, finding.subject) == (DRIFT, "profile:p")
        assert "state active → dormant" in finding.message.en
        assert "cora" in finding.message.en

    def test_a_declaration_after_the_change_is_no_drift(self) -> None:
        """Once the file declares the new state, record and manual agree."""
        record = fold(
            ORG,
            [
                _entry(1, "workspace", "profile.registered", "p", state="active"),
                _entry(
                    2, "cora", "profile.transitioned", "p", **{"from": "active", "to": "dormant"}
                ),
                _entry(
                    3,
                    "workspace",
                    "profile.state_changed",
                    "p",
                    **{"from": "active", "to": "dormant"},
                ),
            ],
        )
        same = [_profile("p", state=LifecycleState.DORMANT)]
        assert record_drift(same, same, record) == []

    def test_a_profile_only_in_the_record_is_undeclared(self) -> None:
        """A profile opened through a request and missing from govsm.toml is reported."""
        stored = [_profile("new", state=LifecycleState.APPROVED)]
        (finding,) = record_drift([], stored, fold(ORG, []))
        assert finding.rule == UNDECLARED
        archived = [_profile("old", state=LifecycleState.ARCHIVED)]
        assert record_drift([], archived, fold(ORG, [])) == []


class TestRegistryProblems:
    def test_clean_profiles_give_nothing(self) -> None:
        """Different accounts, matching handle and URL: no finding."""
        profiles = [
            _profile("a", handle="@AjA", url="https://x.com/AjA"),
            _profile("b", handle="@AjB"),
        ]
        assert registry_problems(profiles, {"x": Channel(id="x", name="X")}) == []

    def test_the_same_account_twice_is_an_error(self) -> None:
        """Two live profiles naming one account (in any spelling) are reported once."""
        profiles = [
            _profile("a", handle="@AjA"),
            _profile("b", handle="@aja", url="https://twitter.com/AJA/"),
        ]
        findings = registry_problems(profiles, {"x": Channel(id="x", name="X")})
        assert [f.rule for f in findings] == [DUPLICATE_ACCOUNT]
        assert "a, b" in findings[0].message.en

    def test_handle_and_url_that_disagree(self) -> None:
        """A URL for one account and a handle for another is a mismatch."""
        findings = registry_problems(
            [_profile("a", handle="@AjA", url="https://x.com/Other")],
            {"x": Channel(id="x", name="X")},
        )
        assert [f.rule for f in findings] == [MISMATCH]

    def test_unverifiable_and_archived(self) -> None:
        """A live profile no spelling can find is unverifiable; archived ones are skipped."""
        weird = _profile("a", channel="mastodon", handle="not a handle")
        assert [f.rule for f in registry_problems([weird], {})] == [UNVERIFIABLE]
        gone = attrs.evolve(weird, state=LifecycleState.ARCHIVED)
        assert registry_problems([gone], {}) == []
