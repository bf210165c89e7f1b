"""RFC 5545 series in their own zone: the local hour holds across DST, in Madrid and the Canaries."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

import pytest
from dateutil.rrule import rruleset, rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.calendar.exclusions import Exclusions, LocalHoliday
from govsm.calendar.recurrence import UNBOUNDED_LIMIT, Series, gap_days, localise
from govsm.calendar.rhythms import Monthly, Periodic, rhythm
from govsm.errors import ModelError
from govsm.model import ElectoralPeriod

ZONES = ("Europe/Madrid", "Atlantic/Canary")


class TestSeries:
    def test_a_weekly_series_keeps_its_hour_across_october(self) -> None:
        series = Series("s", datetime(2026, 10, 9, 17, 0), "Europe/Madrid", "FREQ=WEEKLY;COUNT=4")
        shown = [o.isoformat() for o in series.occurrences()]
        assert shown == [
            "2026-10-09T17:00:00+02:00",
            "2026-10-16T17:00:00+02:00",
            "2026-10-23T17:00:00+02:00",
            "2026-10-30T17:00:00+01:00",
        ]

    def test_the_canaries_are_an_hour_behind_at_the_same_wall_time(self) -> None:
        madrid = Series("m", datetime(2026, 3, 27, 9, 0), "Europe/Madrid", "FREQ=DAILY;COUNT=3")
        canary = Series("c", datetime(2026, 3, 27, 9, 0), "Atlantic/Canary", "FREQ=DAILY;COUNT=3")
        for here, there in zip(madrid.occurrences(), canary.occurrences(), strict=True):
            assert there - here == timedelta(hours=1)
            assert (here.hour, there.hour) == (9, 9)

    def test_a_wall_time_in_the_march_gap_moves_forward(self) -> None:
        series = Series("g", datetime(2026, 3, 28, 2, 30), "Europe/Madrid", "FREQ=DAILY;COUNT=3")
        assert [o.isoformat() for o in series.occurrences()] == [
            "2026-03-28T02:30:00+01:00",
            "2026-03-29T03:30:00+02:00",
            "2026-03-30T02:30:00+02:00",
        ]

    def test_a_wall_time_that_happens_twice_is_the_first(self) -> None:
        (moment,) = Series("a", datetime(2026, 10, 25, 2, 30), "Europe/Madrid").occurrences()
        assert moment.isoformat() == "2026-10-25T02:30:00+02:00"

    def test_one_occurrence_moved_and_one_skipped_keep_the_series(self) -> None:
        series = Series(
            "s",
            datetime(2026, 11, 2, 10, 0),
            "Europe/Madrid",
            "FREQ=WEEKLY;COUNT=4",
            skipped=(datetime(2026, 11, 9, 10, 0),),
            moved=((datetime(2026, 11, 16, 10, 0), datetime(2026, 11, 17, 12, 0)),),
            extra=(datetime(2026, 12, 1, 9, 0),),
        )
        assert [o.strftime("%m-%d %H:%M") for o in series.occurrences()] == [
            "11-02 10:00",
            "11-17 12:00",
            "11-23 10:00",
            "12-01 09:00",
        ]

    def test_a_window_is_inclusive_then_exclusive(self) -> None:
        series = Series("s", datetime(2026, 1, 5, 8, 0), "Europe/Madrid", "FREQ=DAILY")
        zone = zoneinfo.ZoneInfo("Europe/Madrid")
        after = datetime(2026, 1, 10, 8, 0, tzinfo=zone)
        before = datetime(2026, 1, 13, 8, 0, tzinfo=zone)
        assert [o.day for o in series.occurrences(after, before)] == [10, 11, 12]

    def test_an_endless_series_without_a_window_stops(self) -> None:
        series = Series("s", datetime(2026, 1, 1, 8, 0), "Europe/Madrid", "FREQ=HOURLY")
        assert len(series.occurrences()) == 10_000

    @pytest.mark.parametrize(
        ("field", "value", "said"),
        [
            ("rule", "FREQ=FORTNIGHTLY", "invalid recurrence rule"),
            ("start", datetime(2026, 1, 1, tzinfo=UTC), "local wall times"),
            ("zone", "Europe/Nowhere", "Europe/Nowhere"),
        ],
    )
    def test_bad_series_are_refused(self, field: str, value: object, said: str) -> None:
        values: dict[str, object] = {
            "id": "s",
            "start": datetime(2026, 1, 1, 8, 0),
            "zone": "Europe/Madrid",
            "rule": "FREQ=DAILY",
        }
        values[field] = value
        with pytest.raises(ModelError, match=said):
            Series(**values)  # type: ignore[arg-type]

    @given(
        st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)),
        st.sampled_from(ZONES),
        st.sampled_from(["FREQ=DAILY;COUNT=40", "FREQ=WEEKLY;COUNT=30", "FREQ=MONTHLY;COUNT=14"]),
    )
    def test_every_occurrence_is_at_the_series_wall_time(
        self, start: datetime, zone: str, rule: str
    ) -> None:
        """Unless that wall time does not exist that day, then just past the gap."""
        start = start.replace(second=0, microsecond=0)
        for moment in Series("s", start, zone, rule).occurrences():
            wall = moment.replace(tzinfo=None)
            if (wall.hour, wall.minute) != (start.hour, start.minute):
                naive = wall.replace(hour=start.hour, minute=start.minute)
                assert localise(naive, moment.tzinfo) == moment  # type: ignore[arg-type]
                assert moment.utcoffset() != (moment - timedelta(hours=3)).utcoffset()


class TestExclusions:
    def test_valencian_and_national_holidays(self) -> None:
        days = Exclusions.spanish(region="ES-VC", years=(2026,))
        assert days.reason(date(2026, 3, 19)) is not None  # Sant Josep, Valencian
        assert days.reason(date(2026, 10, 12)) is not None  # national
        assert days.reason(date(2026, 5, 2)) is None  # Madrid's, not Valencia's
        madrid = Exclusions.spanish(region="ES-MD", years=(2026,))
        assert madrid.reason(date(2026, 5, 2)) is not None

    def test_reasons_do_not_mix_languages(self) -> None:
        reason = Exclusions.spanish(region="ES-VC", years=(2026,)).reason(date(2026, 12, 25))
        assert reason is not None
        assert reason.es.startswith("festivo: ") and reason.en.startswith("public holiday: ")
        assert "Natividad" in reason.es and "Christmas" in reason.en

    def test_local_holidays_and_electoral_periods(self) -> None:
        period = ElectoralPeriod("Eleccions municipals 2027", date(2027, 4, 1), date(2027, 5, 23))
        days = Exclusions.spanish(
            region="ES-VC",
            years=(2026, 2027),
            local=(LocalHoliday(date(2026, 11, 30), "Sant Andreu"),),
            electoral=(period,),
        )
        assert days.reason(date(2026, 11, 30)).en == "local holiday: Sant Andreu"  # type: ignore[union-attr]
        assert days.reason(date(2027, 5, 23)).es == (  # type: ignore[union-attr]
            "periodo electoral: Eleccions municipals 2027"
        )
        assert days.reason(date(2027, 5, 24)) is None

    def test_without_a_region_the_national_ones(self) -> None:
        days = Exclusions.spanish(region=None, years=(2026,))
        assert days.reason(date(2026, 1, 6)) is not None
        assert days.reason(date(2026, 3, 19)) is None


# -- the arithmetic expansion against the plain one --------------------------------------------

#: zones with the changes that matter: Spain's two, midnight changes (Havana), a half-hour change
#: (Lord Howe), a change back by more than an hour and a skipped day (Apia), none at all (Kolkata)
TRICKY = (*ZONES, "America/Havana", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kolkata")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def reference(series: Series, after: datetime | None, before: datetime | None) -> list[datetime]:
    """The expansion as it was: dateutil's rruleset on the wall times, then localise each."""
    zone = zoneinfo.ZoneInfo(series.zone)
    rules = rruleset()
    if series.rule is None:
        rules.rdate(series.start)
    else:
        rules.rrule(rrulestr(series.rule, dtstart=series.start, forceset=False))  # type: ignore[arg-type]
    for extra in series.extra:
        rules.rdate(extra)
    for skipped in series.skipped:
        rules.exdate(skipped)
    for original, new in series.moved:
        rules.exdate(original)
        rules.rdate(new)
    if after is None and before is None:
        return [localise(naive, zone) for naive in islice(rules, UNBOUNDED_LIMIT)]
    low = (after or series.start.replace(tzinfo=zone)).astimezone(zone).replace(tzinfo=None)
    high = (before or low.replace(tzinfo=zone) + timedelta(days=3660)).astimezone(zone)
    found = []
    for naive in rules.between(
        low - timedelta(days=1), high.replace(tzinfo=None) + timedelta(days=1), inc=True
    ):
        moment = localise(naive, zone)
        if (after is None or moment >= after) and (before is None or moment < before):
            found.append(moment)
    return found


def exactly(moments: list[datetime]) -> list[tuple[object, ...]]:
    """Everything about each moment: wall time, fold, zone and offset."""
    return [(m.replace(tzinfo=None), m.fold, m.tzinfo, m.utcoffset()) for m in moments]


def dst_nights(year: int) -> list[date]:
    """The last Sundays of March and October: Spain's nights of change."""
    nights = []
    for month in (3, 10):
        last = date(year, month, 31)
        nights.append(last - timedelta(days=(last.weekday() + 1) % 7))
    return nights


@st.composite
def starts(draw: st.DrawFn) -> datetime:
    """Wall times, most of them in the nights of change and the weeks before them."""
    if draw(st.booleans()):
        night = draw(st.sampled_from(dst_nights(draw(st.integers(2020, 2035)))))
        day = night - timedelta(days=draw(st.sampled_from([0, 0, 1, 3, 6, 7, 13, 27, 29, 30])))
        clock = time(
            draw(st.sampled_from([0, 1, 2, 2, 3, 9, 17, 23])),
            draw(st.sampled_from([0, 30, 59])),
            draw(st.sampled_from([0, 0, 7])),
            draw(st.sampled_from([0, 0, 500])),
        )
        return datetime.combine(day, clock)
    return draw(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)))


@st.composite
def rules(draw: st.DrawFn, start: datetime, few: bool = False) -> str:
    """RRULEs of every shape the arithmetic takes, and some it leaves to dateutil.

    Each happens at least once a year or so (else dateutil would look for it up to year 9999),
    some only every few years; ``few``: only those that happen often, and with an end (for the
    whole series: dateutil would take long to find 10,000 of them).
    """
    freq = draw(
        st.sampled_from(["DAILY", "WEEKLY", "WEEKLY", "MONTHLY", "MONTHLY", "YEARLY", "HOURLY"])
    )
    parts = [f"FREQ={freq}"]
    interval = draw(st.integers(1, 5)) if draw(st.booleans()) else None
    if interval is not None:
        parts.append(f"INTERVAL={interval}")
    days = draw(st.lists(st.sampled_from(WEEKDAYS), unique=True, max_size=4))
    if freq == "MONTHLY":
        nth = draw(
            st.lists(
                st.tuples(st.sampled_from([1, 2, 4, 5, -1, -2, -5]), st.sampled_from(WEEKDAYS)),
                unique=True,
                max_size=2,
            )
        )
        if nth:  # with plain weekdays too, dateutil takes a day that is both: keep it possible
            days = [*days, *(d for _, d in nth if d not in days)] if days else []
            parts.append("BYDAY=" + ",".join([f"{n}{d}" for n, d in nth] + days))
        else:
            monthdays = draw(st.lists(st.integers(-28, 28).filter(bool), unique=True, max_size=3))
            if monthdays:
                parts.append("BYMONTHDAY=" + ",".join(map(str, monthdays)))
            if days:
                parts.append("BYDAY=" + ",".join(days))
        picks = nth or days or "BYMONTHDAY" in parts[-1]
        if not few and picks and interval is None and draw(st.booleans()):
            months = draw(st.lists(st.integers(1, 12), unique=True, min_size=1, max_size=4))
            parts.append("BYMONTH=" + ",".join(map(str, months)))
    elif days and freq in ("DAILY", "WEEKLY"):
        parts.append("BYDAY=" + ",".join(days))
    if freq != "HOURLY" and draw(st.booleans()):  # (hourly: some would be refused)
        hours = draw(st.lists(st.sampled_from([0, 1, 2, 3, 9, 23]), unique=True, min_size=1))
        parts.append("BYHOUR=" + ",".join(map(str, hours)))
    if freq != "HOURLY" and draw(st.booleans()):
        parts.append(
            "BYMINUTE="
            + ",".join(map(str, draw(st.sets(st.sampled_from([0, 30, 59]), min_size=1))))
        )
    if draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(WEEKDAYS))}")
    end = draw(st.sampled_from(["count", "until"] if few else ["", "count", "until"]))
    if end == "count":
        parts.append(f"COUNT={draw(st.integers(0, 60))}")
    elif end == "until":
        until = start + timedelta(hours=draw(st.integers(-24 * 10, 24 * 800)))
        parts.append(f"UNTIL={until:%Y%m%dT%H%M%S}")
    return ";".join(parts)


@st.composite
def series(draw: st.DrawFn, few: bool = False) -> Series:
    start = draw(starts())
    near = st.builds(lambda hours: start + timedelta(hours=hours), st.integers(-24 * 40, 24 * 400))
    changed = draw(st.booleans())
    return Series(
        "s",
        start,
        draw(st.sampled_from(TRICKY)) if draw(st.booleans()) else draw(st.sampled_from(ZONES)),
        draw(st.none() | rules(start, few)) if changed else draw(rules(start, few)),
        extra=draw(st.lists(near, max_size=3)) if changed else (),
        skipped=draw(st.lists(near, max_size=3)) if changed else (),
        moved=draw(st.lists(st.tuples(near, near), max_size=2)) if changed else (),
    )


@st.composite
def windows(draw: st.DrawFn, of: Series) -> tuple[datetime | None, datetime | None]:
    """Bounds near the start, in the series' zone or in UTC (compared as instants), or none."""
    zone = zoneinfo.ZoneInfo(of.zone)

    def bound(wall: datetime) -> datetime:
        moment = wall.replace(tzinfo=zone, fold=draw(st.sampled_from([0, 1])))
        return moment.astimezone(UTC) if draw(st.booleans()) else moment

    low = of.start.replace(microsecond=0) + timedelta(hours=draw(st.integers(-24 * 30, 24 * 400)))
    high = low + timedelta(hours=draw(st.integers(0, 24 * 400)))
    shape = draw(st.sampled_from(["both", "both", "after", "before"]))
    return (None if shape == "before" else bound(low), None if shape == "after" else bound(high))


class TestArithmeticMatchesDateutil:
    """The fast expansion gives what dateutil and localise give, moment by moment."""

    @given(st.data())
    def test_in_a_window(self, data: st.DataObject) -> None:
        one = data.draw(series())
        after, before = data.draw(windows(one))
        assert exactly(one.occurrences(after, before)) == exactly(reference(one, after, before))

    @given(st.data())
    def test_without_a_window(self, data: st.DataObject) -> None:
        one = data.draw(series(few=True))
        assert exactly(one.occurrences()) == exactly(reference(one, None, None))

    @given(st.data())
    def test_the_series_of_the_benchmark(self, data: st.DataObject) -> None:
        rule = data.draw(
            st.sampled_from(
                [
                    "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
                    "FREQ=WEEKLY;BYDAY=TU,SA",
                    "FREQ=MONTHLY;BYDAY=1MO",
                    "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
                ]
            )
        )
        one = Series("s", data.draw(starts()), data.draw(st.sampled_from(ZONES)), rule)
        zone = one._zone
        after = datetime(one.start.year, 1, 1, tzinfo=zone)
        before = datetime(one.start.year + 1, 1, 1, tzinfo=zone)
        assert exactly(one.occurrences(after, before)) == exactly(reference(one, after, before))

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=2,9",
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=SU,WE;WKST=SU",
            "FREQ=MONTHLY;BYDAY=-1SU;BYHOUR=2;BYMINUTE=30",
            "FREQ=MONTHLY;BYMONTHDAY=1,-1",
            "FREQ=YEARLY",
        ],
    )
    @pytest.mark.parametrize("zone", ZONES)
    def test_endless_series_without_a_window(self, rule: str, zone: str) -> None:
        """Up to the safety net, EXDATE and RDATE included."""
        start = datetime(2026, 3, 29, 2, 30)
        bare = Series("e", start, zone, rule)
        assert exactly(bare.occurrences()) == exactly(reference(bare, None, None))
        near = [start + timedelta(days=n, hours=n % 3) for n in range(0, 90, 7)]
        changed = Series(
            "e", start, zone, rule, extra=near[:5], skipped=near[5:], moved=[(near[0], start)]
        )
        assert exactly(changed.occurrences()) == exactly(reference(changed, None, None))

    @pytest.mark.parametrize(
        ("rule", "shape"),
        [
            ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", Periodic),
            ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=9,17", Periodic),
            ("FREQ=MONTHLY;BYDAY=1MO", Monthly),
            ("FREQ=MONTHLY;BYMONTHDAY=-1;BYMONTH=3,6,9,12", Monthly),
            ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", type(None)),
            ("FREQ=DAILY;BYMONTH=7", type(None)),
            ("FREQ=YEARLY", type(None)),
            ("FREQ=HOURLY", type(None)),
        ],
    )
    def test_the_common_shapes_are_arithmetic(self, rule: str, shape: type) -> None:
        assert type(rhythm(rrulestr(rule, dtstart=datetime(2027, 1, 1, 9)))) is shape  # type: ignore[arg-type]

    def test_a_moved_wall_time_keeps_its_place_in_the_order(self) -> None:
        """02:30 on the March night moves to 03:30, after the series' 03:00: as before."""
        one = Series(
            "g",
            datetime(2027, 3, 27, 3, 0),
            "Europe/Madrid",
            "FREQ=DAILY;COUNT=3",
            extra=(datetime(2027, 3, 28, 2, 30),),
        )
        zone = one._zone
        after, before = datetime(2027, 3, 20, tzinfo=zone), datetime(2027, 4, 1, tzinfo=zone)
        shown = [o.strftime("%d %H:%M%z") for o in one.occurrences(after, before)]
        assert shown == ["27 03:00+0100", "28 03:30+0200", "28 03:00+0200", "29 03:00+0200"]
        assert exactly(one.occurrences(after, before)) == exactly(reference(one, after, before))
        assert exactly(one.occurrences()) == exactly(reference(one, None, None))

    def test_a_rule_that_reaches_past_the_calendar_is_left_to_dateutil(self) -> None:
        one = Series("f", datetime(9890, 1, 1, 9), "Europe/Madrid", "FREQ=WEEKLY;INTERVAL=8")
        assert exactly(one.occurrences()) == exactly(reference(one, None, None))

    def test_a_rule_with_its_own_dtstart_starts_there(self) -> None:
        text = "DTSTART:20260101T080000\nRRULE:FREQ=DAILY;COUNT=2"
        there = Series("a", datetime(2026, 1, 1, 8, 0), "Europe/Madrid", text)
        later = Series("b", datetime(2026, 10, 1, 8, 0), "Europe/Madrid", text)
        for one in (there, later):  # both Thursday the 1st at 08:00: what is kept is shared
            assert [o.date() for o in one.occurrences()] == [date(2026, 1, 1), date(2026, 1, 2)]

    def test_a_rule_invalid_at_one_time_of_day_is_refused_every_time(self) -> None:
        for _ in range(2):
            with pytest.raises(ModelError, match="invalid recurrence rule"):
                Series(
                    "h", datetime(2027, 1, 1, 8), "Europe/Madrid", "FREQ=HOURLY;INTERVAL=2;BYHOUR=1"
                )
        Series("h", datetime(2027, 1, 1, 9), "Europe/Madrid", "FREQ=HOURLY;INTERVAL=2;BYHOUR=1")


class TestGapDays:
    @settings(max_examples=10)
    @given(st.sampled_from(TRICKY), st.integers(1970, 2040))
    def test_every_other_day_keeps_its_wall_times(self, name: str, year: int) -> None:
        """On a day not listed, every wall time (each half hour) exists as it is."""
        zone = zoneinfo.ZoneInfo(name)
        gaps = set(gap_days(zone, year))
        day = date(year, 1, 1)
        while day.year == year:
            if day not in gaps:
                for half in range(48):
                    wall = datetime.combine(day, time()) + timedelta(minutes=30 * half)
                    assert localise(wall, zone) == wall.replace(tzinfo=zone)
            day += timedelta(days=1)

    def test_madrid_and_the_canaries_change_on_the_same_days(self) -> None:
        madrid, canary = (gap_days(zoneinfo.ZoneInfo(name), 2026) for name in ZONES)
        assert madrid == canary == (date(2026, 3, 29), date(2026, 10, 25))
