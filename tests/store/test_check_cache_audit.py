"""The check cache in the audit, on both backends: a second audit reuses what the first found and
reports exactly what a fresh check would; anything the checks read changes what is reused.

The invalidation cases run the ``checks`` step alone on a small copy of the example council
(two of its archives), loaded into the test's store; each compares the cached run with a fresh
one (the cache cleared first) and counts the messages the checker really checked.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from PIL import Image

import govsm
from govsm.builtin.steps import checks
from govsm.model import (
    Direction,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
    Person,
    RuleConfig,
    Severity,
    Waiver,
)
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.spec.audit import AuditContext, StepResult
from govsm.spec.findings import CollectedFindings, ReportedFinding
from govsm.store import check_cache
from govsm.workspace import Workspace
from tests.paths import EXAMPLE

AS_OF = datetime(2026, 11, 20, 12, tzinfo=UTC)
TODAY = date(2026, 11, 20)
ORG = "ajuntament-soldeneu"
#: the archives the small copy keeps
KEPT = ("x-ajuntament.jsonl", "facebook-ajuntament.jsonl")


class Counting(Checker):
    """A checker that counts the messages it really checks."""

    calls = 0

    def check_many(self, messages: Any) -> Any:
        """Count, then check."""
        Counting.calls += len(messages)
        return super().check_many(messages)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> type[Counting]:
    """The step's checker, counting."""
    Counting.calls = 0
    monkeypatch.setattr(checks, "Checker", Counting)
    return Counting


@pytest.fixture(autouse=True)
def pinned_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files of govsm as they are now, whatever a developer saves while the tests run (the
    stamp itself is tested in ``test_check_cache.py``)."""
    stamp = check_cache.code_stamp(["govsm"])
    monkeypatch.setattr(check_cache, "code_stamp", lambda _modules: stamp)


def _without(summary: Any) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if k != "cached"}


# --- whole audits of the example ------------------------------------------------------------


def _jsonl(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, lines) if row["step"] != "audit-log"]


@pytest.mark.slow
def test_a_second_audit_reuses_every_check_and_reports_the_same(
    store_url: str, tmp_path: Path, counting: type[Counting]
) -> None:
    """Second audit: no message checked, the same findings recorded and exported; so after
    clearing the cache (a fresh check)."""
    host = PluginHost(entry_points=False)
    reports = []
    made = []
    for n, fresh in enumerate((False, False, True)):
        with govsm.Workspace.open(EXAMPLE, store_url=store_url, host=host) as ws:
            if fresh:
                assert ws.store.check_cache.clear(ORG) > 400
            before = counting.calls
            report = govsm.run_audit(ws, out=tmp_path / str(n), now=AS_OF)
            made.append(counting.calls - before)
            reports.append(
                (
                    report,
                    [r for r in report.reported() if r.step != "audit-log"],
                    ws.store.check_cache.count(ORG),
                )
            )
    (first, found, kept), (second, again, kept_again), (third, fresh_found, _) = reports
    checked = first.step("checks").summary["checked"]
    assert checked > 400
    assert made == [checked, 0, checked]
    assert [r.step("checks").summary["cached"] for r, _, _ in reports] == [0, checked, 0]
    assert kept == kept_again == checked  # the example has no attachment on disk
    assert found == again == fresh_found
    assert first.severity_counts() == second.severity_counts() == third.severity_counts()
    summaries = [_without(r.step("checks").summary) for r, _, _ in reports]
    assert summaries[0] == summaries[1] == summaries[2]
    assert first.step("checks").lines == second.step("checks").lines == third.step("checks").lines
    exported = [_jsonl(tmp_path / str(n)) for n in range(3)]
    assert exported[0] == exported[1] == exported[2]


# --- what changes what is reused --------------------------------------------------------------


@pytest.fixture
def small(tmp_path: Path, store_url: str) -> Iterator[Workspace]:
    """A copy of the example with two of its archives, loaded into the test's store."""
    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    for archive in (folder / "history").glob("*.jsonl"):
        if archive.name not in KEPT:
            archive.unlink()
    with Workspace.open(folder, store_url=store_url, host=PluginHost(entry_points=False)) as ws:
        ws.load()
        yield ws


def _run(
    ws: Workspace,
    snapshot: OrganisationSnapshot | None = None,
    host: PluginHost | None = None,
    *,
    fresh: bool = False,
) -> tuple[StepResult, list[ReportedFinding]]:
    """The checks step alone on ``ws`` (with another snapshot or host), its reported findings."""
    if fresh:
        ws.store.check_cache.clear(ORG)
    view = Workspace(snapshot or ws.snapshot, host or ws.host, config=ws.config, store=ws.store)
    sink = CollectedFindings()
    result = checks.run(AuditContext(workspace=view, today=TODAY, findings=sink))
    return result, list(sink.items)


def _same_as_fresh(
    ws: Workspace,
    counting: type[Counting],
    expected_checks: int | None,
    snapshot: OrganisationSnapshot | None = None,
    host: PluginHost | None = None,
) -> list[ReportedFinding]:
    """Run after a change: ``expected_checks`` messages checked (``None``: all), and the same
    result as a fresh run; return the findings."""
    before = counting.calls
    result, found = _run(ws, snapshot, host)
    made = counting.calls - before
    checked = result.summary["checked"]
    assert made == (checked if expected_checks is None else expected_checks)
    assert result.summary["cached"] == checked - made
    fresh, fresh_found = _run(ws, snapshot, host, fresh=True)
    assert found == fresh_found
    assert _without(result.summary) == _without(fresh.summary)
    assert result.lines == fresh.lines
    return found


def _policy(ws: Workspace, **changes: Any) -> OrganisationSnapshot:
    policy = ws.snapshot.policy
    assert policy is not None
    return attrs.evolve(ws.snapshot, policy=attrs.evolve(policy, **changes))


class TestInvalidation:
    def test_editing_one_message_checks_that_one(
        self, small: Workspace, counting: type[Counting]
    ) -> None:
        """One message's text edited: that message alone is checked again."""
        _run(small)
        stored = small.store.message(ORG, "x-ajuntament-0002")
        assert stored is not None
        edited = attrs.evolve(stored, text=stored.text + " Més info: http://bit.ly/x1")
        small.store.save_messages(ORG, [edited])
        found = _same_as_fresh(small, counting, 1)
        assert any(
            r.message == "x-ajuntament-0002" and r.finding.rule == "link-shortener" for r in found
        )

    def test_a_rule_severity_in_the_policy(
        self, small: Workspace, counting: type[Counting]
    ) -> None:
        """The policy raises a rule's severity: everything is checked again, and it shows."""
        _, found = _run(small)
        rule = "long-sentences"
        assert any(r.finding.rule == rule for r in found)
        policy = small.snapshot.policy
        assert policy is not None
        stricter = _policy(
            small, rules=(*policy.rules, RuleConfig(id=rule, severity=Severity.ERROR))
        )
        again = _same_as_fresh(small, counting, None, snapshot=stricter)
        assert {r.finding.severity for r in again if r.finding.rule == rule} == {Severity.ERROR}

    def test_a_waiver(self, small: Workspace, counting: type[Counting]) -> None:
        """A waiver added to the policy: the finding it covers comes back waived."""
        _, found = _run(small)
        target = next(r for r in found if r.finding.rule == "long-sentences")
        assert target.message is not None
        waiver = Waiver(
            rule="long-sentences",
            person="marta-soler",
            reason="Text legal",
            granted_on=date(2020, 1, 1),
            message=target.message,
        )
        policy = small.snapshot.policy
        assert policy is not None
        waived = _policy(small, waivers=(*policy.waivers, waiver))
        again = _same_as_fresh(small, counting, None, snapshot=waived)
        covered = [
            r for r in again if r.message == target.message and r.finding.rule == "long-sentences"
        ]
        assert covered and all(r.finding.waived_by == "marta-soler" for r in covered)

    def test_a_new_office_holder(self, small: Workspace, counting: type[Counting]) -> None:
        """A person who holds office joins the organisation: everything is checked again."""
        _run(small)
        person = Person(
            organisation=ORG, id="nova-regidora", name="Aina Pons", political_office="Regidora"
        )
        snapshot = attrs.evolve(small.snapshot, people=(*small.snapshot.people, person))
        _same_as_fresh(small, counting, None, snapshot=snapshot)

    def test_a_plugin_version(
        self, small: Workspace, counting: type[Counting], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Another version of a plugin (simulated): everything is checked again."""
        _run(small)
        host = PluginHost(entry_points=False)
        listed = host.plugins()
        bumped = [dataclasses.replace(listed[0], version="99.0"), *listed[1:]]
        monkeypatch.setattr(host, "plugins", lambda: bumped)
        _same_as_fresh(small, counting, None, host=host)
        _same_as_fresh(small, counting, 0, host=host)

    def test_nothing_changed_checks_nothing(
        self, small: Workspace, counting: type[Counting]
    ) -> None:
        """Unchanged: nothing is checked, the findings are those of a fresh check."""
        _run(small)
        _same_as_fresh(small, counting, 0)

    def test_a_media_file_on_disk_is_read_every_time(
        self, small: Workspace, counting: type[Counting]
    ) -> None:
        """A message whose picture is a file in the workspace is checked at every audit, so a
        new version of the file shows at once; the other messages are reused."""
        root = small.root
        assert root is not None
        picture = root / "media" / "cartell.png"
        picture.parent.mkdir()
        Image.new("RGB", (8000, 100), "white").save(picture)
        message = Message(
            organisation=ORG,
            id="cartell-local",
            profile="instagram-ajuntament",
            direction=Direction.OUTBOUND,
            kind=MessageKind.POST,
            state=MessageState.DRAFT,
            text="Cartell de les festes de 2026",
            language="ca-valencia",
            media=(
                Media(
                    kind=MediaKind.IMAGE,
                    location="media/cartell.png",
                    alt_text="Cartell de les festes amb la plaça",
                ),
            ),
            created_at=AS_OF,
        )
        small.store.save_messages(ORG, [message])
        _run(small)
        tiny = [
            r.finding.rule for r in _same_as_fresh(small, counting, 1) if r.message == message.id
        ]
        assert "media-dimensions" in tiny
        Image.new("RGB", (1080, 1080), "white").save(picture)
        large = [
            r.finding.rule for r in _same_as_fresh(small, counting, 1) if r.message == message.id
        ]
        assert "media-dimensions" not in large
