"""RFC 5545 series in their own zone: the local hour holds across DST, in Madrid and the Canaries."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.calendar.exclusions import Exclusions, LocalHoliday
from govsm.calendar.recurrence import Series, localise
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
