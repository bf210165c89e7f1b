"""How fast citizens get an answer: targets, clocks, replies, and the audit's responses step."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

import govsm
from govsm.health.responses import OVERDUE, MeasuredResponses, measure_responses, target_for
from govsm.model import (
    Direction,
    LocalHoliday,
    Message,
    MessageKind,
    MessageState,
    OfficeHours,
    Organisation,
    Policy,
    Profile,
    ResponseTarget,
    Weekday,
)
from govsm.plugins import PluginHost
from tests.paths import EXAMPLE

ORG = Organisation(
    id="o",
    name="Ajuntament de Proves",
    kind="ayuntamiento",
    languages=("es",),
    timezone="Europe/Madrid",
    holiday_region="ES-VC",
)
WEEKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
GENERAL = ResponseTarget(hours=24)
X_DIRECT = ResponseTarget(hours=2, business_hours=False, channel="x", kind="direct")
POLICY = Policy(
    organisation="o",
    version="1",
    coordinating_unit="c",
    office_hours=(OfficeHours(days=WEEKDAYS, opens=time(8), closes=time(15)),),
    response_targets=(GENERAL, X_DIRECT),
    local_holidays=(LocalHoliday(day=date(2026, 10, 20), name="Sant Proves"),),
)
PROFILES = {
    "x-o": Profile(organisation="o", id="x-o", channel="x", handle="@Proves", unit="c"),
    "facebook-o": Profile(
        organisation="o", id="facebook-o", channel="facebook", handle="proves", unit="c"
    ),
}


def inbound(
    ident: str,
    at: datetime,
    *,
    profile: str = "x-o",
    kind: MessageKind = MessageKind.MENTION,
    state: MessageState = MessageState.NEW,
) -> Message:
    return Message(
        organisation="o",
        id=ident,
        profile=profile,
        direction=Direction.INBOUND,
        kind=kind,
        state=state,
        text="¿A qué hora abre el registro?",
        created_at=at,
    )


def measure(
    messages: list[Message], replies: dict[str, datetime], moment: datetime
) -> MeasuredResponses:
    return measure_responses(
        messages, replies=replies, organisation=ORG, policy=POLICY, profiles=PROFILES, moment=moment
    )


class TestTargets:
    def test_the_most_specific_target_wins(self) -> None:
        assert target_for((GENERAL, X_DIRECT), "x", "direct") is X_DIRECT
        assert target_for((GENERAL, X_DIRECT), "x", "mention") is GENERAL
        assert target_for((GENERAL, X_DIRECT), "facebook", "direct") is GENERAL

    def test_among_equals_the_strictest(self) -> None:
        slow, fast = ResponseTarget(hours=48, channel="x"), ResponseTarget(hours=8, channel="x")
        assert target_for((slow, fast), "x", "comment") is fast

    def test_no_target_admits_it(self) -> None:
        assert target_for((X_DIRECT,), "facebook", "comment") is None


class TestMeasure:
    # Monday 19 October 2026, 09:00 in Madrid (UTC+2)
    MONDAY = datetime(2026, 10, 19, 7, 0, tzinfo=UTC)

    def test_a_reply_within_office_hours(self) -> None:
        asked = inbound("m-1", self.MONDAY, state=MessageState.ANSWERED)
        measured = measure(
            [asked], {"m-1": self.MONDAY + timedelta(hours=3)}, self.MONDAY + timedelta(days=1)
        )
        [response] = measured.responses
        assert response.waited == timedelta(hours=3)
        assert response.within_target
        [figures] = measured.profiles
        assert (figures.received, figures.answered, figures.within_target) == (1, 1, 1)
        assert figures.median_hours == 3.0

    def test_office_time_skips_the_night_and_a_local_holiday(self) -> None:
        # Monday 14:00; Tuesday 20 is the local holiday; now Wednesday 09:00: 1 + 1 office hours
        asked = inbound("m-1", self.MONDAY + timedelta(hours=5))
        moment = self.MONDAY + timedelta(days=2)
        [response] = measure([asked], {}, moment).responses
        assert response.waited == timedelta(hours=2)
        assert not response.overdue

    def test_a_direct_message_to_x_runs_on_the_wall_clock(self) -> None:
        asked = inbound("m-1", self.MONDAY, kind=MessageKind.DIRECT)
        [response] = measure([asked], {}, self.MONDAY + timedelta(hours=2, minutes=1)).responses
        assert response.target is X_DIRECT
        assert response.overdue
        assert response.waited_hours == 2.02

    def test_answered_elsewhere_and_closed_are_not_waits(self) -> None:
        elsewhere = inbound("m-1", self.MONDAY, state=MessageState.ANSWERED)
        closed = inbound("m-2", self.MONDAY, state=MessageState.CLOSED)
        measured = measure([elsewhere, closed], {}, self.MONDAY + timedelta(days=30))
        assert [r.waited for r in measured.responses] == [None, None]
        assert not measured.overdue
        [figures] = measured.profiles
        assert (figures.answered_elsewhere, figures.closed, figures.waiting) == (1, 1, 0)

    def test_a_reply_after_the_moment_does_not_count(self) -> None:
        asked = inbound("m-1", self.MONDAY - timedelta(days=7))
        measured = measure([asked], {"m-1": self.MONDAY + timedelta(days=1)}, self.MONDAY)
        [response] = measured.responses
        assert response.answered_at is None
        assert response.overdue

    def test_later_messages_and_unknown_profiles_are_left_out(self) -> None:
        later = inbound("m-1", self.MONDAY + timedelta(days=1))
        stranger = inbound("m-2", self.MONDAY, profile="x-other")
        assert measure([later, stranger], {}, self.MONDAY).responses == ()

    def test_without_office_hours_the_wall_clock_counts(self) -> None:
        policy = Policy(
            organisation="o", version="1", coordinating_unit="c", response_targets=(GENERAL,)
        )
        asked = inbound("m-1", self.MONDAY)
        measured = measure_responses(
            [asked],
            replies={},
            organisation=ORG,
            policy=policy,
            profiles=PROFILES,
            moment=self.MONDAY + timedelta(hours=30),
        )
        assert not measured.office_clock
        assert measured.responses[0].waited == timedelta(hours=30)
        assert measured.responses[0].overdue


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".govsm", "report"))
    return folder


def test_the_audit_measures_the_example(example: Path, tmp_path: Path) -> None:
    """The example's overdue messages are findings naming the message, not what it says."""
    host = PluginHost(entry_points=False)
    with govsm.Workspace.open(
        example, host=host, store_url=f"sqlite:///{tmp_path}/govsm.sqlite3"
    ) as ws:
        report = govsm.run_audit(
            ws,
            out=tmp_path / "report",
            now=datetime(2026, 11, 20, 12, 0, tzinfo=UTC),
            language="en",
        )
        summary = report.step("responses").summary
        inbound_total = ws.store.count_messages(ws.organisation.id, direction=Direction.INBOUND)
    assert summary["received"] == inbound_total
    rows = [
        json.loads(line)
        for line in (tmp_path / "report" / "findings.jsonl").read_text("utf-8").splitlines()
    ]
    overdue = [r for r in rows if r["rule"] == OVERDUE]
    assert len(overdue) == summary["overdue"] > 0
    assert sum(p["overdue"] for p in summary["profiles"]) == summary["overdue"]
    texts = _inbound_texts(example)
    for row in overdue:
        assert row["message_id"] in texts
        assert texts[row["message_id"]] not in json.dumps(row, ensure_ascii=False)


def _inbound_texts(folder: Path) -> dict[str, str]:
    texts = {}
    for path in sorted((folder / "history").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line)
            if record.get("direction") == "inbound":
                texts[record["id"]] = record["text"]
    return texts


def test_the_step_counts_to_the_audits_instant(example: Path, tmp_path: Path) -> None:
    """Waits run to the instant ``govsm audit`` fixed for every step, not to the step's clock."""
    from govsm.builtin.steps.responses import measure
    from govsm.spec import AuditContext

    host = PluginHost(entry_points=False)
    morning = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    with govsm.Workspace.open(
        example, host=host, store_url=f"sqlite:///{tmp_path}/govsm.sqlite3"
    ) as ws:
        ws.load()
        fixed = measure(AuditContext(workspace=ws, today=date(2026, 11, 20), now=morning))
        alone = measure(AuditContext(workspace=ws, today=date(2026, 11, 20)))
    assert fixed.moment == morning
    assert alone.moment > morning
