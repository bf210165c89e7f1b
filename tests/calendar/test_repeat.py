"""Repeats off office hours: afternoon and weekend windows, holidays and elections skipped."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.calendar.exclusions import Exclusions
from govsm.calendar.repeat import RepeatKind, RepeatPlan, plan_repeats
from govsm.calendar.windows import inside, organisation_exclusions, windows_for
from govsm.channels.catalogue import CHANNELS
from govsm.errors import ModelError
from govsm.model import (
    Bilingual,
    Channel,
    OfficeHours,
    OrganisationSnapshot,
    Policy,
    PostingWindow,
    Weekday,
)
from govsm.workspace.loader import load_config
from tests.paths import EXAMPLE

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")
BY_ID = {channel.id: channel for channel in CHANNELS}
#: X as a channel that refuses repeated text (the catalogue does not say so yet)
X_STRICT = attrs.evolve(BY_ID["x"], refuses_duplicates=True)


@cache
def example() -> OrganisationSnapshot:
    return load_config(EXAMPLE, channels=None).snapshot


@cache
def example_days() -> Exclusions:
    snap = example()
    return organisation_exclusions(
        snap.organisation, snap.policy, date(2026, 11, 1), date(2028, 1, 31)
    )


def repeats_on_example(
    at: datetime,
    profile: str = "x-ajuntament",
    unit: str = "comunicacio",
    channel: Channel = X_STRICT,
    **options: object,
) -> RepeatPlan:
    snap = example()
    return plan_repeats(
        at,
        policy=snap.policy,
        profile=profile,
        unit=unit,
        channel=channel,
        zone=snap.organisation.timezone,
        exclusions=example_days(),
        **options,  # type: ignore[arg-type]
    )


def shown(plan: RepeatPlan) -> list[tuple[str, str]]:
    return [(r.kind.value, r.local.strftime("%a %Y-%m-%d %H:%M")) for r in plan.repeats]


class TestAcceptance:
    """Issue 13: a Friday-morning post repeats on Friday afternoon and on Saturday."""

    def test_a_friday_morning_post_repeats_friday_afternoon_and_saturday(self) -> None:
        plan = repeats_on_example(datetime(2026, 12, 11, 10, 0, tzinfo=MADRID))
        assert shown(plan) == [
            ("afternoon", "Fri 2026-12-11 17:00"),
            ("weekend", "Sat 2026-12-12 10:00"),
        ]
        assert plan.skipped == () and plan.unplaced == ()
        assert all(r.needs_variant for r in plan.repeats)
        assert "escriba una variante" in plan.repeats[0].text.es
        assert "write a variant" in plan.repeats[0].text.en
        assert all(r.at.tzinfo is UTC for r in plan.repeats)

    def test_the_valencian_community_day_saturday_is_skipped(self) -> None:
        """9 October 2027 is a Saturday and the Valencian Community's day: the next Saturday."""
        plan = repeats_on_example(datetime(2027, 10, 8, 10, 0, tzinfo=MADRID))
        assert shown(plan) == [
            ("afternoon", "Fri 2027-10-08 17:00"),
            ("weekend", "Sat 2027-10-16 10:00"),
        ]
        ((day, reason),) = [(s.day, s.reason) for s in plan.skipped]
        assert day == date(2027, 10, 9)
        assert reason.es == "festivo: Día de la Comunidad Valenciana"
        assert reason.en == "public holiday: Valencian Community Day"

    def test_the_electoral_period_is_skipped_with_its_reason(self) -> None:
        """A Friday during the 2027 municipal campaign: the repeats wait until after polling day."""
        plan = repeats_on_example(datetime(2027, 4, 9, 10, 0, tzinfo=MADRID))
        assert shown(plan) == [
            ("afternoon", "Mon 2027-05-24 17:00"),
            ("weekend", "Sat 2027-05-29 10:00"),
        ]
        days = [s.day for s in plan.skipped]
        assert days[0] == date(2027, 4, 9) and days[-1] == date(2027, 5, 22)
        assert days == sorted(set(days))
        assert date(2027, 4, 11) not in days  # a Sunday: no window, nothing skipped
        reasons = {s.day: s.reason for s in plan.skipped}
        assert reasons.pop(date(2027, 5, 1)).en == "public holiday: Labor Day"  # a Saturday
        assert {r.en for r in reasons.values()} == {"electoral period: Eleccions municipals 2027"}
        assert {r.es for r in reasons.values()} == {"periodo electoral: Eleccions municipals 2027"}


class TestRepeats:
    def test_a_channel_that_takes_duplicates_needs_no_variant(self) -> None:
        plan = repeats_on_example(
            datetime(2026, 12, 11, 10, 0, tzinfo=MADRID),
            profile="mastodon-ajuntament",
            channel=BY_ID["mastodon"],
        )
        assert [r.needs_variant for r in plan.repeats] == [False, False]
        assert "variant" not in plan.repeats[0].text.en

    def test_the_employment_profile_repeats_in_its_evening_and_weekend_hours(self) -> None:
        plan = repeats_on_example(
            datetime(2026, 12, 11, 9, 0, tzinfo=MADRID),
            profile="linkedin-ocupacio",
            unit="ocupacio",
            channel=BY_ID["linkedin"],
        )
        assert shown(plan) == [
            ("afternoon", "Fri 2026-12-11 19:00"),
            ("weekend", "Sat 2026-12-12 10:00"),
        ]

    def test_a_local_holiday_is_skipped(self) -> None:
        """Sant Vicent Màrtir, 22 January 2027, is Soldeneu's own holiday."""
        plan = repeats_on_example(
            datetime(2027, 1, 21, 10, 0, tzinfo=MADRID),
            kinds=(RepeatKind.AFTERNOON, RepeatKind.AFTERNOON),
        )
        assert shown(plan) == [
            ("afternoon", "Thu 2027-01-21 17:00"),
            ("afternoon", "Mon 2027-01-25 17:00"),
        ]
        assert [(s.day, s.reason.en) for s in plan.skipped] == [
            (date(2027, 1, 22), "local holiday: Sant Vicent Màrtir")
        ]

    def test_a_window_already_open_is_not_the_next_one(self) -> None:
        """Published at 17:30 on a Friday: the afternoon repeat goes on Monday."""
        plan = repeats_on_example(datetime(2026, 12, 11, 17, 30, tzinfo=MADRID))
        assert shown(plan) == [
            ("weekend", "Sat 2026-12-12 10:00"),
            ("afternoon", "Mon 2026-12-14 17:00"),
        ]

    def test_taken_slots_and_the_spacing_push_a_repeat_later(self) -> None:
        """17:00 is taken: 90 minutes later, 18:30, is the first free slot."""
        taken = [datetime(2026, 12, 11, 17, 0, tzinfo=MADRID)]
        plan = repeats_on_example(
            datetime(2026, 12, 11, 10, 0, tzinfo=MADRID),
            kinds=(RepeatKind.AFTERNOON,),
            taken=taken,
        )
        assert shown(plan) == [("afternoon", "Fri 2026-12-11 18:30")]

    def test_the_daily_cap_pushes_a_repeat_to_another_day(self) -> None:
        """Four posts on Friday already (the cap): the afternoon repeat goes on Monday."""
        friday = [datetime(2026, 12, 11, h, 0, tzinfo=MADRID) for h in (8, 11, 13)]
        plan = repeats_on_example(
            datetime(2026, 12, 11, 10, 0, tzinfo=MADRID) - timedelta(minutes=30),
            kinds=(RepeatKind.AFTERNOON,),
            taken=friday,
        )
        assert shown(plan) == [("afternoon", "Mon 2026-12-14 17:00")]

    def test_with_only_office_hours_there_is_no_afternoon(self) -> None:
        """Office hours 08:00–15:00 on weekdays give no afternoon window: said, not invented."""
        weekdays = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
        policy = Policy(
            organisation="o",
            version="1",
            coordinating_unit="c",
            office_hours=(
                OfficeHours(days=weekdays, opens=time(8), closes=time(15)),
                OfficeHours(days=(Weekday.SAT, Weekday.SUN), opens=time(10), closes=time(14)),
            ),
        )
        plan = plan_repeats(
            datetime(2026, 12, 11, 10, 0, tzinfo=MADRID),
            policy=policy,
            profile="p",
            unit="u",
            channel=BY_ID["mastodon"],
            zone="Europe/Madrid",
            exclusions=Exclusions({}),
        )
        assert shown(plan) == [("weekend", "Sat 2026-12-12 10:00")]
        ((kind, why),) = plan.unplaced
        assert kind is RepeatKind.AFTERNOON
        assert why.en.startswith("no free afternoon window in the next 120 days")
        assert why.es.startswith("ninguna franja de tarde libre en los próximos 120 días")

    def test_a_naive_instant_is_refused(self) -> None:
        with pytest.raises(ModelError, match="time zone"):
            repeats_on_example(datetime(2026, 12, 11, 10, 0))


WEEKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
DST_POLICY = Policy(
    organisation="o",
    version="1",
    coordinating_unit="c",
    office_hours=(OfficeHours(days=WEEKDAYS, opens=time(8), closes=time(15)),),
    posting_windows=(
        PostingWindow(days=WEEKDAYS, opens=time(9), closes=time(11)),
        PostingWindow(days=WEEKDAYS, opens=time(17), closes=time(20)),
        PostingWindow(days=(Weekday.SAT, Weekday.SUN), opens=time(1), closes=time(4)),
    ),
)


@given(
    zone=st.sampled_from(["Europe/Madrid", "Atlantic/Canary"]),
    base=st.sampled_from(
        [
            datetime(2026, 3, 26, tzinfo=UTC),
            datetime(2026, 10, 22, tzinfo=UTC),
            datetime(2027, 3, 25, tzinfo=UTC),
            datetime(2027, 10, 28, tzinfo=UTC),
        ]
    ),
    minutes=st.integers(0, 4 * 24 * 60),
    holidays=st.sets(st.integers(0, 6), max_size=3),
)
def test_repeats_land_in_their_windows_on_open_days(
    zone: str, base: datetime, minutes: int, holidays: set[int]
) -> None:
    """Across the DST nights, every repeat is in a window of its kind, after the post."""
    tz = zoneinfo.ZoneInfo(zone)
    at = base + timedelta(minutes=minutes)
    first = at.astimezone(tz).date()
    excluded = {first + timedelta(days=n): Bilingual(es="festivo", en="holiday") for n in holidays}
    plan = plan_repeats(
        at,
        policy=DST_POLICY,
        profile="p",
        unit="u",
        channel=BY_ID["x"],
        zone=zone,
        exclusions=Exclusions(excluded),
    )
    windows = windows_for(DST_POLICY, profile="p", unit="u", channel="x").windows
    assert len(plan.repeats) == 2
    for repeat in plan.repeats:
        local = repeat.at.astimezone(tz)
        assert repeat.at > at and local.date() not in excluded
        assert inside(repeat.at, windows, zone)
        if repeat.kind is RepeatKind.WEEKEND:
            assert local.weekday() >= 5 and local.time() < time(4)
        else:
            assert local.weekday() < 5 and local.time() >= time(17)
    for skipped in plan.skipped:
        assert skipped.day in excluded
