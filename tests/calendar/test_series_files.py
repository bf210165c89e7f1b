"""Series kept in the workspace: read, expanded in their zone, and exported as RRULE events."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
from dateutil.rrule import rrulestr

from govsm.calendar.ics import plan_to_ics, series_uid
from govsm.calendar.plan import build_plan
from govsm.calendar.series_files import SERIES_FOLDER, StoredSeries, read_series
from govsm.errors import ConfigError
from govsm.model import Profile
from tests.cli.running import invoke
from tests.publishing.council import council

MADRID = "Europe/Madrid"

#: Fridays at 17:00 from 16 October 2026, across the October change; one moved, one skipped
FRIDAYS = """\
id = "divendres"
message = "ofertes-setmana"
profile = "linkedin-ocupacio"
start = "2026-10-16T17:00"
zone = "Europe/Madrid"
rule = "FREQ=WEEKLY;BYDAY=FR;COUNT=6"
extra = ["2026-10-21T17:00"]
skipped = ["2026-11-06T17:00"]
moved = [["2026-11-13T17:00", "2026-11-12T12:00"]]
"""


def _write(root: Path, name: str, text: str) -> None:
    (root / SERIES_FOLDER).mkdir(exist_ok=True)
    (root / SERIES_FOLDER / f"{name}.toml").write_text(text, encoding="utf-8")


def _profiles() -> dict[str, Profile]:
    from tests.calendar.test_windows import example

    return {profile.id: profile for profile in example().profiles}


class TestReading:
    def test_a_series_keeps_its_rule_exceptions_and_zone(self, tmp_path: Path) -> None:
        """What the file says is what the series holds: nothing is expanded on reading."""
        _write(tmp_path, "divendres", FRIDAYS)
        (stored,) = read_series(tmp_path)
        series = stored.series
        assert (series.id, series.zone, series.rule) == (
            "divendres",
            MADRID,
            FRIDAYS.split('"')[11],
        )
        assert series.start == datetime(2026, 10, 16, 17, 0)
        assert series.extra == (datetime(2026, 10, 21, 17, 0),)
        assert series.skipped == (datetime(2026, 11, 6, 17, 0),)
        assert series.moved == ((datetime(2026, 11, 13, 17, 0), datetime(2026, 11, 12, 12, 0)),)
        assert (stored.message, stored.profile) == ("ofertes-setmana", "linkedin-ocupacio")

    def test_the_occurrences_keep_their_local_hour_across_the_october_change(
        self, tmp_path: Path
    ) -> None:
        """17:00 stays 17:00 after 25 October; the moved one is on Thursday at noon."""
        _write(tmp_path, "divendres", FRIDAYS)
        (stored,) = read_series(tmp_path)
        posts = stored.posts(
            _profiles(), datetime(2026, 10, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
        )
        shown = [post.local(MADRID).strftime("%a %d/%m %H:%M %Z") for post in posts]
        assert shown == [
            "Fri 16/10 17:00 CEST",
            "Wed 21/10 17:00 CEST",
            "Fri 23/10 17:00 CEST",
            "Fri 30/10 17:00 CET",
            "Thu 12/11 12:00 CET",
            "Fri 20/11 17:00 CET",
        ]
        assert {post.series for post in posts} == {"divendres"}
        assert {(post.channel, post.unit) for post in posts} == {("linkedin", "ocupacio")}

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ('id = "divendres"\nmessage = "m"\nprofile = "p"\nzone = "Europe/Madrid"\n', "'start'"),
            (
                FRIDAYS.replace('"2026-10-16T17:00"', '"2026-10-16T17:00+02:00"'),
                "without an offset",
            ),
            (FRIDAYS.replace("FREQ=WEEKLY", "FREQ=SOMETIMES"), "recurrence rule"),
            (FRIDAYS.replace('"Europe/Madrid"', '"Europe/Soldeneu"'), "Europe/Soldeneu"),
            (FRIDAYS + 'colour = "blue"\n', "unknown keys: colour"),
            (FRIDAYS.replace('id = "divendres"', 'id = "dijous"'), "must match"),
            ("id = [", "not valid TOML"),
        ],
    )
    def test_a_bad_file_is_named_with_what_is_wrong(
        self, tmp_path: Path, text: str, words: str
    ) -> None:
        """A refusal names the file and says why, in both languages."""
        _write(tmp_path, "divendres", text)
        with pytest.raises(ConfigError) as refused:
            read_series(tmp_path)
        assert words in str(refused.value.en) and refused.value.es
        assert refused.value.where == f"{SERIES_FOLDER}/divendres.toml"

    def test_an_unknown_profile_is_refused(self, tmp_path: Path) -> None:
        _write(tmp_path, "divendres", FRIDAYS.replace("linkedin-ocupacio", "tiktok-ocupacio"))
        (stored,) = read_series(tmp_path)
        with pytest.raises(ConfigError, match="tiktok-ocupacio"):
            stored.posts(_profiles(), datetime(2026, 10, 1, tzinfo=UTC), datetime.now(UTC))


def _parsed_series(data: bytes) -> tuple[Any, list[Any]]:
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    main = [e for e in events if "RECURRENCE-ID" not in e]
    overrides = [e for e in events if "RECURRENCE-ID" in e]
    assert len(main) == 1
    return main[0], overrides


class TestExport:
    def test_the_ics_carries_the_series_and_gives_the_same_occurrences(
        self, tmp_path: Path
    ) -> None:
        """RRULE, RDATE and EXDATE in the series' zone, and a RECURRENCE-ID for the moved one."""
        _write(tmp_path, "divendres", FRIDAYS)
        (stored,) = read_series(tmp_path)
        start, days = datetime(2026, 10, 1, tzinfo=UTC), 92
        posts = stored.posts(_profiles(), start, datetime(2027, 1, 1, tzinfo=UTC))
        plan = build_plan(posts, policy=None, zone=MADRID, start=start, days=days)
        data = plan_to_ics(plan, "Ajuntament", MADRID, series=[stored], texts={})
        assert b"DTSTART;TZID=Europe/Madrid:20261016T170000" in data
        main, overrides = _parsed_series(data)
        assert str(main["UID"]) == series_uid(stored)
        assert main["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=6;BYDAY=FR"
        (moved,) = overrides
        assert str(moved["UID"]) == series_uid(stored)
        assert moved.decoded("RECURRENCE-ID") == datetime(
            2026, 11, 13, 17, tzinfo=stored.series._zone
        )
        # expand what was read back, as a calendar would, and compare with the series
        first = main.decoded("DTSTART")
        rule = rrulestr(main["RRULE"].to_ical().decode(), dtstart=first)
        found = set(rule) | {d.dt for d in main["RDATE"].dts}
        found -= {d.dt for d in main["EXDATE"].dts}
        found -= {moved.decoded("RECURRENCE-ID")}
        found |= {moved.decoded("DTSTART")}
        assert sorted(found) == [post.at for post in posts]
        assert [e.name for e in icalendar.Calendar.from_ical(data).walk("VTIMEZONE")] == [
            "VTIMEZONE"
        ]

    def test_a_series_outside_the_plan_is_still_exported_whole(self, tmp_path: Path) -> None:
        """The series' events do not depend on the days the plan shows."""
        _write(tmp_path, "divendres", FRIDAYS)
        (stored,) = read_series(tmp_path)
        plan = build_plan([], policy=None, zone=MADRID, start=datetime(2027, 3, 1, tzinfo=UTC))
        main, overrides = _parsed_series(plan_to_ics(plan, "A", MADRID, series=[stored]))
        assert "RRULE" in main and len(overrides) == 1


def test_govsm_schedule_reads_the_workspaces_series(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The week's plan shows the series' occurrences; the .ics carries the series itself."""
    monkeypatch.setenv("GOVSM_STORE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    ws = council(tmp_path)
    ws.close()
    assert ws.root is not None
    # this series alone (the example keeps one of its own)
    for kept in (ws.root / "series").glob("*.toml"):
        kept.unlink()
    _write(ws.root, "divendres", FRIDAYS)
    ics = tmp_path / "plan.ics"
    done = invoke("schedule", str(ws.root), "--from", "2026-10-26", "--ics", str(ics))
    assert done.returncode == 0, done.stderr
    assert "Friday 2026-10-30" in done.stdout and "17:00" in done.stdout
    assert "ofertes-setmana" in done.stdout
    main, overrides = _parsed_series(ics.read_bytes())
    assert "RRULE" in main and len(overrides) == 1
    single = [e for e in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
              if "series-divendres" not in str(e["UID"])]  # fmt: skip
    assert all("ofertes-setmana" not in str(e["SUMMARY"]) for e in single)


def test_without_a_series_folder_there_is_none(tmp_path: Path) -> None:
    assert read_series(tmp_path) == [] and read_series(None) == []
    assert StoredSeries.__doc__
