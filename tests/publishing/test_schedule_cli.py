"""``govsm schedule`` on the example council: the plan, its iCalendar file, and scheduling."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest

from govsm.governance import Governance
from tests.cli.running import invoke
from tests.governance.acting import act_as
from tests.publishing.council import EDITOR, approved, council


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GOVSM_STORE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    ws = council(tmp_path)
    ws.close()
    return ws.root  # type: ignore[return-value]


def test_the_examples_plan_and_its_calendar(folder: Path, tmp_path: Path) -> None:
    """The example's journal schedules the Reis post and two repeats; New Year is a holiday."""
    ics = tmp_path / "plan.ics"
    done = invoke("schedule", str(folder), "--from", "2026-12-28", "--ics", str(ics))
    assert done.returncode == 0, done.stderr
    assert "Monday 2026-12-28" in done.stdout and "Saturday 2027-01-02" in done.stdout
    assert "public holiday: New Year's Day" in done.stdout
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    found = list(calendar.walk("VEVENT"))
    # the example's series (series/recordatori-padro.toml): its RRULE and its moved occurrence
    series = [e for e in found if "RRULE" in e or "RECURRENCE-ID" in e]
    assert len(series) == 2 and len({str(e["UID"]) for e in series}) == 1
    assert [str(e["RRULE"].to_ical(), "ascii") for e in series if "RRULE" in e] == [
        "FREQ=WEEKLY;COUNT=14;INTERVAL=2;BYDAY=TU"
    ]
    events = [e for e in found if e not in series]
    assert len(events) == 3
    assert len({str(e["UID"]) for e in events}) == 3
    starts = [e.decoded("DTSTART") for e in events]
    assert [s.strftime("%Y-%m-%d %H:%M %Z") for s in starts] == [
        "2026-12-28 09:30 CET",
        "2027-01-01 18:00 CET",
        "2027-01-02 11:00 CET",
    ]
    planned = json.loads(invoke("schedule", str(folder), "--from", "2026-12-28", "--json").stdout)
    assert planned["posts"][0]["local"] == "2026-12-28T09:30:00+01:00"
    assert [i["kind"] for i in planned["issues"]] == ["excluded-day"]


def test_an_empty_week_says_when_the_next_post_is(folder: Path) -> None:
    # the week after the example series' moved occurrence (Wednesday 9 December)
    done = invoke("schedule", str(folder), "--from", "2026-12-10")
    assert "(nothing scheduled)" in done.stdout
    assert "The next scheduled post is on 2026-12-28 09:30" in done.stdout


def test_add_with_repeats_off_hours(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Friday-morning post repeats in the Friday afternoon and Saturday windows."""
    from govsm.workspace import Workspace

    with Workspace.open(folder) as ws:
        approved(Governance.of(ws), "m-ofertes", "Noves ofertes d'ocupació a la borsa municipal.")
    act_as(monkeypatch, folder, EDITOR)
    done = invoke(
        "schedule", str(folder), "--add", "m-ofertes", "--at", "2027-02-05T09:30", "--off-hours"
    )
    assert done.returncode == 0, done.stderr
    assert "3 items scheduled" in done.stdout
    listed = json.loads(invoke("outbox", str(folder), "--json").stdout)["items"]
    mine = sorted(i["local"] for i in listed if i["message"] == "m-ofertes")
    assert mine[0] == "2027-02-05T09:30:00+01:00"
    assert mine[1].startswith("2027-02-05T1") or mine[1].startswith("2027-02-05T2")
    assert mine[2].startswith("2027-02-06T")


def test_a_weekly_series_keeps_its_hour_across_october(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fridays at 17:00 from 22 October 2027: 17:00 before and after the DST change."""
    assert _series(folder, monkeypatch, "2027-10-22T17:00", "FREQ=WEEKLY;BYDAY=FR;COUNT=4") == [
        "2027-10-22T17:00:00+02:00",
        "2027-10-29T17:00:00+02:00",
        "2027-11-05T17:00:00+01:00",
        "2027-11-12T17:00:00+01:00",
    ]


def test_a_series_skips_holidays_and_names_them(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sant Josep (19 March) and Good Friday (26 March 2027) are Valencian holidays."""
    assert _series(folder, monkeypatch, "2027-03-12T10:00", "FREQ=WEEKLY;COUNT=3") == [
        "2027-03-12T10:00:00+01:00"
    ]


def _series(folder: Path, monkeypatch: pytest.MonkeyPatch, at: str, rule: str) -> list[str]:
    from govsm.workspace import Workspace

    with Workspace.open(folder) as ws:
        approved(Governance.of(ws), "m-agenda", "Agenda cultural del cap de setmana.")
    act_as(monkeypatch, folder, EDITOR)
    done = invoke("schedule", str(folder), "--add", "m-agenda", "--at", at, "--rrule", rule)
    assert done.returncode == 0, done.stderr
    if "COUNT=3" in rule:
        assert "2027-03-19: public holiday: Saint Joseph's Day" in done.stdout
        assert "2027-03-26: public holiday: Good Friday" in done.stdout
    listed = json.loads(invoke("outbox", str(folder), "--json").stdout)["items"]
    return sorted(i["local"] for i in listed if i["message"] == "m-agenda")


def test_a_time_in_the_past_is_refused(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govsm.workspace import Workspace

    with Workspace.open(folder) as ws:
        approved(Governance.of(ws), "m-late", "Avís d'ahir.")
    act_as(monkeypatch, folder, EDITOR)
    done = invoke("schedule", str(folder), "--add", "m-late", "--at", "2020-01-01T10:00")
    assert done.returncode == 1
    assert "is in the past" in done.stderr


def test_a_bad_rule_is_named(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    act_as(monkeypatch, folder, EDITOR)
    done = invoke(
        "schedule",
        str(folder),
        "--add",
        "post-2026-10-ple",
        "--at",
        "2027-03-05T10:00",
        "--rrule",
        "FREQ=SOMETIMES",
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "FREQ" in done.stderr
