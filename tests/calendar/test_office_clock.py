"""The office clock: office time between two instants, in wall time, without holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from govsm.calendar.office_clock import OfficeClock, holidays_between
from govsm.errors import ModelError
from govsm.model import OfficeHours, Weekday

WEEKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
#: Soldeneu's: weekday mornings, and weekend late mornings
SOLDENEU = (
    OfficeHours(days=WEEKDAYS, opens=time(8), closes=time(15)),
    OfficeHours(days=(Weekday.SAT, Weekday.SUN), opens=time(10), closes=time(14)),
)
MADRID = "Europe/Madrid"

instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2029, 12, 31), timezones=st.just(UTC)
)
office_hours = st.lists(
    st.builds(
        lambda days, opens, length: OfficeHours(
            days=tuple(days),
            opens=time(opens // 4, opens % 4 * 15),
            closes=time(min(23, (opens + length) // 4), (opens + length) % 4 * 15)
            if opens + length < 96
            else time(23, 59),
        ),
        st.lists(st.sampled_from(list(Weekday)), min_size=1, max_size=7, unique=True),
        st.integers(0, 90),
        st.integers(1, 40),
    ),
    max_size=3,
)
zones = st.sampled_from([MADRID, "Atlantic/Canary", "UTC", "America/Santiago"])


def walked(clock: OfficeClock, start: datetime, end: datetime) -> timedelta:
    """The oracle: every day walked one by one, whatever the span."""
    if end <= start:
        return timedelta(0)
    zone = clock._zone
    return clock._walk(start.astimezone(zone).date(), end.astimezone(zone).date(), start, end)


def test_a_weekend_counts_its_own_office_hours() -> None:
    clock = OfficeClock(SOLDENEU, MADRID, holidays=frozenset())
    # Friday 2026-10-16 14:00 to Monday 2026-10-19 09:00 (Madrid, UTC+2)
    start = datetime(2026, 10, 16, 12, 0, tzinfo=UTC)
    end = datetime(2026, 10, 19, 7, 0, tzinfo=UTC)
    assert clock.elapsed(start, end) == timedelta(hours=1 + 4 + 4 + 1)


def test_a_holiday_stops_the_clock() -> None:
    holidays = holidays_between("ES-VC", (), date(2026, 10, 1), date(2026, 10, 31))
    assert date(2026, 10, 9) in holidays  # Dia de la Comunitat Valenciana
    assert date(2026, 10, 12) in holidays  # Fiesta Nacional de España
    clock = OfficeClock(SOLDENEU[:1], MADRID, holidays=holidays)
    # Thursday 8 October 15:00 to Tuesday 13 October 09:00: Friday 9 and Monday 12 are holidays
    start = datetime(2026, 10, 8, 13, 0, tzinfo=UTC)
    end = datetime(2026, 10, 13, 7, 0, tzinfo=UTC)
    assert clock.elapsed(start, end) == timedelta(hours=1)


def test_local_holidays_are_added() -> None:
    holidays = holidays_between(None, [date(2026, 9, 7)], date(2026, 9, 1), date(2026, 9, 30))
    assert date(2026, 9, 7) in holidays


def test_overlapping_hours_count_once() -> None:
    hours = (
        OfficeHours(days=(Weekday.MON,), opens=time(8), closes=time(12)),
        OfficeHours(days=(Weekday.MON,), opens=time(10), closes=time(14)),
    )
    clock = OfficeClock(hours, "UTC", holidays=frozenset())
    monday = datetime(2026, 10, 19, tzinfo=UTC)
    assert clock.elapsed(monday, monday + timedelta(days=1)) == timedelta(hours=6)


def test_an_office_that_never_opens_never_counts() -> None:
    clock = OfficeClock((), MADRID, holidays=frozenset())
    assert not clock.attended
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert clock.elapsed(start, start + timedelta(days=400)) == timedelta(0)


def test_naive_instants_are_refused() -> None:
    clock = OfficeClock(SOLDENEU, MADRID, holidays=frozenset())
    with pytest.raises(ModelError, match="time zone"):
        clock.elapsed(datetime(2026, 1, 1), datetime(2026, 1, 2, tzinfo=UTC))


def test_a_clock_change_inside_office_hours_is_an_hour_shorter() -> None:
    # Santiago de Chile changes its clocks at midnight; an office open 23:00–24:00 does not
    # exist on the night of a spring-forward, the wall-time length is kept otherwise
    hours = (OfficeHours(days=tuple(Weekday), opens=time(0), closes=time(6)),)
    clock = OfficeClock(hours, "America/Santiago", holidays=frozenset())
    start = datetime(2026, 1, 1, tzinfo=UTC)
    end = datetime(2027, 1, 1, tzinfo=UTC)
    assert clock.elapsed(start, end) == walked(clock, start, end)


@example(
    [OfficeHours(days=tuple(Weekday), opens=time(0), closes=time(1))],
    "Atlantic/Canary",
    datetime(2024, 1, 1, tzinfo=UTC),
    datetime(2025, 1, 1, tzinfo=UTC),
)  # the spring gap swallows the closing hour: once counted as two hours
@example(
    [OfficeHours(days=tuple(Weekday), opens=time(2, 30), closes=time(3, 15))],
    MADRID,
    datetime(2024, 1, 1, tzinfo=UTC),
    datetime(2025, 1, 1, tzinfo=UTC),
)  # a span inside the spring gap: moved past it, it ends before it starts, and counts 0
@given(office_hours, zones, instants, instants)
def test_whole_weeks_are_counted_as_the_walk_counts_them(
    hours: list[OfficeHours], zone: str, start: datetime, end: datetime
) -> None:
    holidays = holidays_between("ES-VC", [date(2026, 9, 7)], date(2024, 1, 1), date(2029, 12, 31))
    clock = OfficeClock(hours, zone, holidays=holidays)
    assert clock.elapsed(start, end) == walked(clock, start, end)


@given(office_hours, zones, instants, instants, instants)
def test_office_time_adds_up_and_never_exceeds_the_wall_clock(
    hours: list[OfficeHours], zone: str, a: datetime, b: datetime, c: datetime
) -> None:
    a, b, c = sorted((a, b, c))
    clock = OfficeClock(hours, zone, holidays=frozenset({date(2026, 12, 25)}))
    assert clock.elapsed(a, c) == clock.elapsed(a, b) + clock.elapsed(b, c)
    assert timedelta(0) <= clock.elapsed(a, c) <= c - a
    assert clock.elapsed(c, a) == timedelta(0)
