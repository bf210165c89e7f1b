"""Posting windows: which apply to a profile, and the next free slots across DST and holidays."""

from __future__ import annotations

import json
import zoneinfo
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.calendar import exclusions as exclusions_module
from govsm.calendar.exclusions import Exclusions
from govsm.calendar.windows import (
    WindowSource,
    inside,
    next_slots,
    organisation_exclusions,
    windows_for,
)
from govsm.errors import ModelError
from govsm.model import (
    Bilingual,
    LocalHoliday,
    OfficeHours,
    OrganisationSnapshot,
    Policy,
    PostingWindow,
    PublishingLimit,
    PublishingScope,
    Weekday,
)
from govsm.serialization import structure, unstructure
from govsm.workspace.loader import load_config
from tests.paths import EXAMPLE

ZONES = ("Europe/Madrid", "Atlantic/Canary")
MADRID = zoneinfo.ZoneInfo("Europe/Madrid")
WEEKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)


@cache
def example() -> OrganisationSnapshot:
    return load_config(EXAMPLE, channels=None).snapshot


def policy(*windows: PostingWindow, office: tuple[OfficeHours, ...] = ()) -> Policy:
    return Policy(
        organisation="o",
        version="1",
        coordinating_unit="c",
        posting_windows=windows,
        office_hours=office,
    )


def window(
    opens: int, closes: int, *days: Weekday, scope: str = "organisation", target: str | None = None
) -> PostingWindow:
    return PostingWindow(
        days=days or WEEKDAYS,
        opens=time(opens),
        closes=time(closes),
        scope=PublishingScope(scope),
        target=target,
    )


class TestWhichWindows:
    def test_the_most_specific_scope_wins(self) -> None:
        org = window(9, 11)
        by_channel = window(12, 13, scope="channel", target="x")
        by_unit = window(14, 15, scope="unit", target="cultura")
        by_profile = window(16, 17, scope="profile", target="x-cultura")
        everything = policy(org, by_channel, by_unit, by_profile)
        cases = [
            (("x-cultura", "cultura", "x"), (by_profile,), WindowSource.PROFILE),
            (("x-other", "cultura", "x"), (by_unit,), WindowSource.UNIT),
            (("x-other", "esports", "x"), (by_channel,), WindowSource.CHANNEL),
            (("fb-other", "esports", "facebook"), (org,), WindowSource.ORGANISATION),
        ]
        for (profile, unit, channel), expected, source in cases:
            applied = windows_for(everything, profile=profile, unit=unit, channel=channel)
            assert (applied.windows, applied.source) == (expected, source)

    def test_windows_of_one_scope_add_up(self) -> None:
        morning, evening = window(9, 11), window(17, 20)
        applied = windows_for(policy(morning, evening), profile="p", unit="u", channel="x")
        assert applied.windows == (morning, evening)

    def test_without_windows_the_office_hours_stand_in(self) -> None:
        office = OfficeHours(days=WEEKDAYS, opens=time(8), closes=time(15))
        applied = windows_for(policy(office=(office,)), profile="p", unit="u", channel="x")
        assert applied.source is WindowSource.OFFICE_HOURS
        assert applied.windows == (PostingWindow(days=WEEKDAYS, opens=time(8), closes=time(15)),)
        assert "office hours" in applied.explanation.en
        assert "horario de atención" in applied.explanation.es

    def test_without_either_there_is_no_default(self) -> None:
        """Never three posts a day made up: no windows, no slots."""
        applied = windows_for(policy(), profile="p", unit="u", channel="x")
        assert (applied.windows, applied.source) == ((), WindowSource.NONE)
        assert windows_for(None, profile="p", unit="u", channel="x").windows == ()
        after = datetime(2026, 12, 7, tzinfo=UTC)
        assert next_slots(after, applied.windows, "Europe/Madrid", count=3) == []

    def test_the_example_gives_the_employment_profile_its_own_hours(self) -> None:
        snap = example()
        linkedin = windows_for(
            snap.policy, profile="linkedin-ocupacio", unit="ocupacio", channel="linkedin"
        )
        assert linkedin.source is WindowSource.PROFILE
        assert sorted((w.opens.hour, w.closes.hour) for w in linkedin.windows) == [
            (8, 10),
            (10, 12),
            (19, 21),
        ]
        council = windows_for(snap.policy, profile="x-ajuntament", unit="comunicacio", channel="x")
        assert council.source is WindowSource.ORGANISATION
        assert len(council.windows) == 3


class TestSlots:
    def test_slots_start_at_the_window_and_keep_the_spacing(self) -> None:
        after = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)  # Monday 07:00 in Madrid
        slots = next_slots(
            after, (window(9, 11),), "Europe/Madrid", count=3, min_spacing=timedelta(minutes=50)
        )
        assert [s.astimezone(MADRID).strftime("%a %H:%M") for s in slots] == [
            "Mon 09:00",
            "Mon 10:00",
            "Tue 09:00",
        ]
        assert all(s.tzinfo is UTC for s in slots)

    def test_an_excluded_day_is_skipped(self) -> None:
        """8 December is a holiday (Immaculate Conception): Monday evening, then Wednesday."""
        days = Exclusions.spanish(region="ES-VC", years=(2026,))
        after = datetime(2026, 12, 7, 19, 0, tzinfo=UTC)  # Monday 20:00 in Madrid
        (slot,) = next_slots(after, (window(9, 11),), "Europe/Madrid", exclusions=days)
        assert slot.astimezone(MADRID).isoformat() == "2026-12-09T09:00:00+01:00"

    def test_the_daily_cap_counts_what_is_already_taken(self) -> None:
        taken = [datetime(2026, 12, 7, 8, 0, tzinfo=UTC)]  # Monday 09:00 in Madrid
        after = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
        (slot,) = next_slots(after, (window(9, 11),), "Europe/Madrid", taken=taken, max_per_day=1)
        assert slot.astimezone(MADRID).strftime("%a %H:%M") == "Tue 09:00"

    def test_the_march_night_has_no_slot_in_the_gap(self) -> None:
        """02:00–03:00 does not exist on 28 March 2027 in Madrid: 01:00, 03:00, next Sunday."""
        after = datetime(2027, 3, 28, 0, 0, tzinfo=UTC)  # 01:00 CET
        slots = next_slots(
            after, (window(1, 4, Weekday.SUN),), "Europe/Madrid", count=3, step=timedelta(hours=1)
        )
        assert [s.astimezone(MADRID).isoformat() for s in slots] == [
            "2027-03-28T01:00:00+01:00",
            "2027-03-28T03:00:00+02:00",
            "2027-04-04T01:00:00+02:00",
        ]

    @pytest.mark.parametrize("zone", ["Europe/Madrid", "Atlantic/Canary"])
    def test_a_window_closing_inside_the_gap_gets_no_slot_past_it(self, zone: str) -> None:
        """A window 00:00–01:30 (Canaries) or 01:00–02:30 (Madrid) ends in the March gap."""
        tz = zoneinfo.ZoneInfo(zone)
        opens = 0 if zone == "Atlantic/Canary" else 1
        gap_window = PostingWindow(
            days=(Weekday.SUN,), opens=time(opens), closes=time(opens + 1, 30)
        )
        after = datetime(2027, 3, 28, opens, 0, tzinfo=tz)
        slots = next_slots(after, (gap_window,), zone, count=5, step=timedelta(minutes=15))
        assert [s.astimezone(tz).strftime("%m-%d %H:%M") for s in slots] == [
            f"03-28 0{opens}:00",
            f"03-28 0{opens}:15",
            f"03-28 0{opens}:30",
            f"03-28 0{opens}:45",
            f"04-04 0{opens}:00",
        ]

    def test_the_october_night_gives_the_first_of_the_repeated_hour(self) -> None:
        after = datetime(2026, 10, 25, 0, 0, tzinfo=UTC)  # 02:00 CEST
        slots = next_slots(
            after,
            (window(2, 3, Weekday.SUN),),
            "Europe/Madrid",
            count=2,
            step=timedelta(minutes=30),
        )
        assert [s.astimezone(MADRID).isoformat() for s in slots] == [
            "2026-10-25T02:00:00+02:00",
            "2026-10-25T02:30:00+02:00",
        ]

    def test_a_naive_instant_is_refused(self) -> None:
        with pytest.raises(ModelError, match="time zone"):
            next_slots(datetime(2026, 12, 7), (window(9, 11),), "Europe/Madrid")

    def test_inside_reads_wall_time_in_the_zone(self) -> None:
        ten_madrid = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 10:00 Madrid, 09:00 Canaries
        assert inside(ten_madrid, (window(10, 11),), "Europe/Madrid")
        assert not inside(ten_madrid, (window(10, 11),), "Atlantic/Canary")

    def test_the_example_excludes_its_local_holiday_and_elections(self) -> None:
        snap = example()
        days = organisation_exclusions(
            snap.organisation, snap.policy, date(2026, 12, 1), date(2027, 12, 31)
        )
        assert days.reason(date(2027, 1, 22)).en == "local holiday: Sant Vicent Màrtir"  # type: ignore[union-attr]
        assert "Eleccions municipals 2027" in days.reason(date(2027, 4, 9)).es  # type: ignore[union-attr]
        assert days.reason(date(2027, 10, 9)) is not None  # Valencian Community Day
        assert days.reason(date(2027, 1, 21)) is None


@st.composite
def windows_strategy(draw: st.DrawFn) -> tuple[PostingWindow, ...]:
    found = []
    for _ in range(draw(st.integers(1, 3))):
        days = draw(st.lists(st.sampled_from(Weekday), min_size=1, max_size=7, unique=True))
        opens = draw(st.integers(0, 23 * 4 - 1))
        closes = draw(st.integers(opens + 1, 24 * 4 - 1))
        found.append(
            PostingWindow(
                days=tuple(days),
                opens=time(opens // 4, opens % 4 * 15),
                closes=time(closes // 4, closes % 4 * 15),
            )
        )
    return tuple(found)


#: instants around the DST nights of 2026 and 2027, and elsewhere
AROUND_DST = st.sampled_from(
    [
        datetime(2026, 3, 27, tzinfo=UTC),
        datetime(2026, 10, 23, tzinfo=UTC),
        datetime(2027, 3, 26, tzinfo=UTC),
        datetime(2027, 10, 29, tzinfo=UTC),
        datetime(2026, 12, 4, tzinfo=UTC),
    ]
)


@given(
    windows=windows_strategy(),
    zone=st.sampled_from(ZONES),
    base=AROUND_DST,
    shift=st.integers(0, 72 * 60),
    spacing=st.none() | st.integers(1, 240),
    cap=st.none() | st.integers(1, 5),
    step=st.sampled_from([5, 15, 30, 60]),
    excluded=st.sets(st.integers(0, 10), max_size=4),
    taken_shifts=st.lists(st.integers(0, 96 * 60), max_size=5),
)
def test_every_slot_is_free_inside_a_window_and_not_on_an_excluded_day(
    windows: tuple[PostingWindow, ...],
    zone: str,
    base: datetime,
    shift: int,
    spacing: int | None,
    cap: int | None,
    step: int,
    excluded: set[int],
    taken_shifts: list[int],
) -> None:
    after = base + timedelta(minutes=shift)
    tz = zoneinfo.ZoneInfo(zone)
    first = after.astimezone(tz).date()
    days = Exclusions(
        {first + timedelta(days=n): _holiday(first + timedelta(days=n)) for n in excluded}
    )
    taken = [base + timedelta(minutes=m) for m in taken_shifts]
    min_spacing = timedelta(minutes=spacing) if spacing is not None else None
    slots = next_slots(
        after,
        windows,
        zone,
        count=8,
        exclusions=days,
        taken=taken,
        min_spacing=min_spacing,
        max_per_day=cap,
        step=timedelta(minutes=step),
        horizon_days=40,
    )
    assert slots == sorted(slots) and len(slots) == len(set(slots)) <= 8
    for slot in slots:
        assert slot.tzinfo is UTC and slot >= after
        local = slot.astimezone(tz)
        assert inside(slot, windows, zone), local
        assert days.reason(local.date()) is None, local
    everything = sorted([*slots, *taken])
    if min_spacing is not None:
        for slot in slots:
            others = [t for t in everything if t != slot]
            assert all(abs(slot - other) >= min_spacing for other in others), slot
    else:
        assert not set(slots) & {t.astimezone(UTC) for t in taken}
    if cap is not None:
        per_day = Counter(t.astimezone(tz).date() for t in everything)
        for slot in slots:
            assert per_day[slot.astimezone(tz).date()] <= cap


@given(windows=windows_strategy(), zone=st.sampled_from(ZONES), base=AROUND_DST)
def test_without_limits_slots_are_found_and_follow_the_step(
    windows: tuple[PostingWindow, ...], zone: str, base: datetime
) -> None:
    """With nothing taken and nothing excluded, the count is met within six weeks."""
    slots = next_slots(base, windows, zone, count=5, step=timedelta(minutes=15), horizon_days=40)
    assert len(slots) == 5
    tz = zoneinfo.ZoneInfo(zone)
    for slot in slots:
        assert slot.astimezone(tz).minute % 15 == 0


def _holiday(day: date) -> Bilingual:
    return Bilingual(es=f"festivo {day}", en=f"holiday {day}")


def test_the_exclusions_module_still_names_local_holidays() -> None:
    """The workspace's local holidays are the model's; the exclusions module still names them."""
    assert exclusions_module.LocalHoliday is LocalHoliday
    days = Exclusions.spanish(
        region=None, years=(2027,), local=(LocalHoliday(date(2027, 1, 22), "Sant Vicent"),)
    )
    assert days.reason(date(2027, 1, 22)).es == "festivo local: Sant Vicent"  # type: ignore[union-attr]


@given(windows=windows_strategy(), cap=st.none() | st.integers(1, 9))
def test_the_new_policy_keys_survive_the_converter(
    windows: tuple[PostingWindow, ...], cap: int | None
) -> None:
    """Windows, limits and local holidays go through JSON and back; unset, they are left out."""
    limits = (
        PublishingLimit(
            max_per_day=cap, min_spacing_minutes=90, scope=PublishingScope.CHANNEL, target="x"
        ),
    )
    holidays = (LocalHoliday(date(2027, 1, 22), "Sant Vicent Màrtir"),)
    full = Policy(organisation="o", version="1", coordinating_unit="c", posting_windows=windows,
                  publishing_limits=limits, local_holidays=holidays)  # fmt: skip
    assert structure(json.loads(json.dumps(unstructure(full))), Policy) == full
    bare = unstructure(Policy(organisation="o", version="1", coordinating_unit="c"))
    assert not {"posting_windows", "publishing_limits", "local_holidays"} & set(bare)
