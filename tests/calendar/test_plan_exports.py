"""A period's plan, ordered with its issues, as JSON and as an iCalendar file parsed back."""

from __future__ import annotations

import json
import time as clock
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from functools import cache

import attrs
import icalendar
import pytest

from govsm.calendar.ics import event_uid, plan_to_ics
from govsm.calendar.limits import IssueKind
from govsm.calendar.plan import Plan, build_plan, plan_to_json
from govsm.calendar.planned import PlannedPost
from govsm.calendar.windows import next_slots, organisation_exclusions, windows_for
from govsm.errors import ModelError
from govsm.model import OrganisationSnapshot
from govsm.workspace.loader import load_config
from tests.paths import EXAMPLE

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")
STAMP = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@cache
def example() -> OrganisationSnapshot:
    return load_config(EXAMPLE, channels=None).snapshot


def week_plan() -> Plan:
    snap = example()
    days = organisation_exclusions(
        snap.organisation, snap.policy, date(2026, 12, 1), date(2026, 12, 31)
    )
    posts = [
        PlannedPost("m-late", "x-ajuntament", "x", "comunicacio", datetime(2026, 12, 11, 17, 0, tzinfo=MADRID)),
        PlannedPost("m-first", "x-ajuntament", "x", "comunicacio", datetime(2026, 12, 7, 9, 0, tzinfo=MADRID)),
        PlannedPost("m-close", "x-ajuntament", "x", "comunicacio", datetime(2026, 12, 7, 9, 30, tzinfo=MADRID)),
        PlannedPost("m-holiday", "facebook-ajuntament", "facebook", "comunicacio", datetime(2026, 12, 8, 10, 0, tzinfo=MADRID)),
        PlannedPost("m-concert", "facebook-cultura", "facebook", "cultura", datetime(2026, 12, 10, 17, 0, tzinfo=MADRID), campaign="nadal-2026"),
        PlannedPost("m-pool", "facebook-esports", "facebook", "esports", datetime(2026, 12, 10, 17, 20, tzinfo=MADRID)),
        PlannedPost("m-canary", "x-ajuntament", "x", "comunicacio", datetime(2026, 12, 9, 16, 0, tzinfo=MADRID), zone="Atlantic/Canary"),
        PlannedPost("m-next-week", "x-ajuntament", "x", "comunicacio", datetime(2026, 12, 14, 9, 0, tzinfo=MADRID)),
    ]  # fmt: skip
    return build_plan(
        posts,
        policy=snap.policy,
        zone=snap.organisation.timezone,
        start=datetime(2026, 12, 7, tzinfo=MADRID),
        days=7,
        exclusions=days,
    )


class TestPlan:
    def test_posts_of_the_period_in_order_of_time(self) -> None:
        plan = week_plan()
        assert [p.message for p in plan.posts] == [
            "m-first",
            "m-close",
            "m-holiday",
            "m-canary",
            "m-concert",
            "m-pool",
            "m-late",
        ]
        assert plan.start == datetime(2026, 12, 6, 23, 0, tzinfo=UTC)
        assert plan.end - plan.start == timedelta(days=7)

    def test_issues_in_order_of_time_then_kind(self) -> None:
        plan = week_plan()
        assert [(i.kind, i.messages) for i in plan.issues] == [
            (IssueKind.TOO_CLOSE, ("m-first", "m-close")),
            (IssueKind.EXCLUDED_DAY, ("m-holiday",)),
            (IssueKind.OUTSIDE_WINDOW, ("m-canary",)),
            (IssueKind.CLASH, ("m-concert", "m-pool")),
        ]
        assert [i.at for i in plan.issues] == sorted(i.at for i in plan.issues)

    @pytest.mark.parametrize(
        ("days", "start"), [(0, datetime(2026, 12, 7, tzinfo=UTC)), (7, datetime(2026, 12, 7))]
    )
    def test_a_bad_period_is_refused(self, days: int, start: datetime) -> None:
        with pytest.raises(ModelError):
            build_plan([], policy=None, zone="Europe/Madrid", start=start, days=days)

    def test_fifty_profiles_over_28_days_plan_in_well_under_a_second(self) -> None:
        """Slots for 50 profiles on seven channels, two a day for four weeks, then the checks.

        Measured in CPU time, so that other processes on a busy machine do not count.
        """
        snap = example()
        zone = snap.organisation.timezone
        start = datetime(2026, 12, 7, tzinfo=MADRID)
        days = organisation_exclusions(
            snap.organisation, snap.policy, date(2026, 12, 1), date(2027, 1, 31)
        )
        channels = ("x", "facebook", "instagram", "mastodon", "bluesky", "linkedin", "youtube")
        began = clock.process_time()
        posts = []
        for index in range(50):
            profile, unit = f"perfil-{index}", f"unitat-{index % 12}"
            channel = channels[index % len(channels)]
            applied = windows_for(snap.policy, profile=profile, unit=unit, channel=channel)
            slots = next_slots(
                start + timedelta(minutes=37 * index),
                applied.windows,
                zone,
                count=2 * 28,
                exclusions=days,
                min_spacing=timedelta(minutes=90 + 10 * (index % 5)),
                max_per_day=2,
                step=timedelta(minutes=(15, 20, 25, 35)[index % 4]),
                horizon_days=28,
            )
            posts += [
                PlannedPost(f"m-{index}-{n}", profile, channel, unit, slot)
                for n, slot in enumerate(slots)
            ]
        plan = build_plan(
            posts, policy=snap.policy, zone=zone, start=start, days=28, exclusions=days
        )
        plan_to_json(plan)
        planned = clock.process_time() - began
        calendar = plan_to_ics(plan, snap.organisation.name, zone, stamp=STAMP)
        exported = clock.process_time() - began - planned
        assert len(plan.posts) > 1500 and calendar.count(b"BEGIN:VEVENT") == len(plan.posts)
        assert {i.kind for i in plan.issues} == {IssueKind.CLASH}  # slots keep every rule
        assert planned < 1.0, f"planning took {planned:.2f} s"
        assert exported < 5.0, (
            f"the iCalendar export took {exported:.2f} s"
        )  # icalendar: ~0.3 ms an event


class TestJson:
    def test_instants_in_utc_and_local(self) -> None:
        data = plan_to_json(week_plan())
        assert json.loads(json.dumps(data)) == data
        first = data["posts"][0]
        assert first == {
            "message": "m-first",
            "profile": "x-ajuntament",
            "channel": "x",
            "unit": "comunicacio",
            "campaign": None,
            "zone": "Europe/Madrid",
            "at": "2026-12-07T08:00:00+00:00",
            "local": "2026-12-07T09:00:00+01:00",
        }
        canary = next(p for p in data["posts"] if p["message"] == "m-canary")
        assert (canary["zone"], canary["local"]) == ("Atlantic/Canary", "2026-12-09T15:00:00+00:00")
        issue = data["issues"][0]
        assert issue["kind"] == "too-close" and issue["messages"] == ["m-first", "m-close"]
        assert issue["at"] == "2026-12-07T08:30:00+00:00"
        assert issue["es"].startswith("«m-close»") and issue["en"].startswith("'m-close'")
        assert data["start"] == "2026-12-06T23:00:00+00:00"


class TestIcs:
    def test_the_file_parses_back_with_one_event_per_post(self) -> None:
        plan = week_plan()
        texts = {
            "m-first": "Obrim el termini de les beques.\n\nMés: https://seu.soldeneu.example "
            + "x" * 400
        }
        data = plan_to_ics(
            plan, "Ajuntament de Soldeneu", "Europe/Madrid", texts=texts, stamp=STAMP
        )
        calendar = icalendar.Calendar.from_ical(data)
        events = list(calendar.walk("VEVENT"))
        assert len(events) == len(plan.posts)
        assert [str(e["UID"]) for e in events] == [event_uid(p) for p in plan.posts]
        first = events[0]
        assert first.decoded("DTSTART") == datetime(2026, 12, 7, 9, 0, tzinfo=MADRID)
        assert first["DTSTART"].params["TZID"] == "Europe/Madrid"
        assert str(first["SUMMARY"]) == "x-ajuntament: m-first"
        description = str(first["DESCRIPTION"])
        assert description.startswith(
            "Obrim el termini de les beques. Més:"
        ) and description.endswith("…")
        assert len(description) == 280
        assert "DESCRIPTION" not in events[1]
        assert first.decoded("DTSTAMP") == STAMP
        assert str(calendar["X-WR-CALNAME"]) == "Ajuntament de Soldeneu"
        zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
        assert zones == {"Europe/Madrid", "Atlantic/Canary"}
        canary = next(e for e in events if "m-canary" in str(e["SUMMARY"]))
        assert canary["DTSTART"].params["TZID"] == "Atlantic/Canary"
        assert canary.decoded("DTSTART").hour == 15
        campaign = next(e for e in events if "m-concert" in str(e["SUMMARY"]))
        assert str(campaign["X-GOVSM-CAMPAIGN"]) == "nadal-2026"

    def test_uids_are_stable_when_a_post_moves(self) -> None:
        post = PlannedPost(
            "m1", "x-ajuntament", "x", "comunicacio", datetime(2026, 12, 7, 9, 0, tzinfo=MADRID)
        )
        moved = PlannedPost(
            "m1", "x-ajuntament", "x", "comunicacio", datetime(2026, 12, 9, 17, 0, tzinfo=MADRID)
        )
        other = PlannedPost("m1", "mastodon-ajuntament", "mastodon", "comunicacio", post.at)
        assert event_uid(post) == event_uid(moved) != event_uid(other)

    def test_repeats_of_a_message_on_a_profile_get_their_own_uids(self) -> None:
        first = PlannedPost(
            "m1", "x-ajuntament", "x", "comunicacio", datetime(2026, 12, 11, 10, 0, tzinfo=MADRID)
        )
        repeats = [attrs.evolve(first, at=first.at + timedelta(hours=h)) for h in (7, 24)]
        plan = build_plan(
            [*repeats, first],
            policy=None,
            zone="Europe/Madrid",
            start=datetime(2026, 12, 7, tzinfo=UTC),
        )
        events = icalendar.Calendar.from_ical(
            plan_to_ics(plan, "A", "Europe/Madrid", stamp=STAMP)
        ).walk("VEVENT")
        assert [(str(e["UID"]), e.decoded("DTSTART").hour) for e in events] == [
            ("m1/x-ajuntament@govsm", 10),
            ("m1/x-ajuntament/2@govsm", 17),
            ("m1/x-ajuntament/3@govsm", 10),
        ]

    def test_a_post_on_the_october_night_keeps_its_offset(self) -> None:
        """02:30 happens twice on 25 October 2026 in Madrid: the second one, in CET, survives."""
        second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, the second 02:30
        post = PlannedPost("m", "x-ajuntament", "x", "comunicacio", second)
        plan = build_plan(
            [post], policy=None, zone="Europe/Madrid", start=datetime(2026, 10, 24, tzinfo=UTC)
        )
        event = next(
            iter(
                icalendar.Calendar.from_ical(
                    plan_to_ics(plan, "A", "Europe/Madrid", stamp=STAMP)
                ).walk("VEVENT")
            )
        )
        assert event.decoded("DTSTART").astimezone(UTC) == second
