"""The organisation's "today": the day an instant falls on in its own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from govsm.model import Organisation, OrganisationKind

ZONES = ("Europe/Madrid", "Atlantic/Canary", "Africa/Ceuta", "UTC")


def _org(zone: str) -> Organisation:
    return Organisation(
        id="o", name="O", kind=OrganisationKind.AYUNTAMIENTO, languages=("es",), timezone=zone
    )


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    st.sampled_from(ZONES),
)
def test_same_instant_and_a_day_at_most_apart(at: datetime, zone: str) -> None:
    """local_time is the same instant; its day is the UTC day or the one after (east of UTC)."""
    org = _org(zone)
    local = org.local_time(at)
    assert local == at
    assert str(local.tzinfo) == zone
    assert org.local_date(at) - at.date() in (timedelta(0), timedelta(days=1))


def test_madrid_midnight_across_the_summer_change() -> None:
    """22:30 UTC is already the next day in Madrid in summer (UTC+2), not in winter (UTC+1)."""
    madrid = _org("Europe/Madrid")
    assert madrid.local_date(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == date(2026, 7, 2)
    assert madrid.local_date(datetime(2026, 1, 1, 22, 30, tzinfo=UTC)) == date(2026, 1, 1)
    assert _org("Atlantic/Canary").local_date(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == date(
        2026, 7, 1
    )
