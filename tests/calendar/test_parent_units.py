"""A unit without windows or limits of its own takes the nearest ones above it."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from govsm.calendar.limits import IssueKind, check_limits, limit_for
from govsm.calendar.plan import build_plan
from govsm.calendar.planned import PlannedPost
from govsm.calendar.windows import (
    WindowSource,
    inside,
    next_slots,
    unit_line,
    unit_parents,
    windows_for,
)
from govsm.model import Policy, PostingWindow, PublishingLimit, PublishingScope, Unit, Weekday
from tests.calendar.test_windows import AROUND_DST, ZONES, example, window

#: ocupacio hangs from promocio, which hangs from alcaldia (the top)
PARENTS = {"ocupacio": "promocio", "promocio": "alcaldia", "alcaldia": None}
EVERY_DAY = tuple(Weekday)


def _policy(
    windows: tuple[PostingWindow, ...] = (), limits: tuple[PublishingLimit, ...] = ()
) -> Policy:
    return Policy(
        organisation="o",
        version="1",
        coordinating_unit="alcaldia",
        posting_windows=windows,
        publishing_limits=limits,
    )


def _unit_window(opens: int, closes: int, unit: str) -> PostingWindow:
    return window(opens, closes, *EVERY_DAY, scope="unit", target=unit)


class TestUnitLine:
    def test_the_line_goes_up_to_the_top(self) -> None:
        """A unit, its parent, the parent's parent… nearest first."""
        assert unit_line("ocupacio", PARENTS) == ("ocupacio", "promocio", "alcaldia")
        assert unit_line("ocupacio") == ("ocupacio",)

    def test_an_unknown_parent_or_a_loop_ends_the_line(self) -> None:
        """A parent missing from the map, or a unit met again, stops the walk."""
        assert unit_line("a", {"a": "b"}) == ("a", "b")
        assert unit_line("a", {"a": "b", "b": "a"}) == ("a", "b")

    def test_the_parents_are_read_from_the_units(self) -> None:
        """Each unit's parent, as the workspace declares it."""
        units = (
            Unit(organisation="o", id="alcaldia", name="Alcaldia"),
            Unit(organisation="o", id="ocupacio", name="Ocupació", parent="alcaldia"),
        )
        assert unit_parents(units) == {"alcaldia": None, "ocupacio": "alcaldia"}
        declared = unit_parents(example().units)
        assert set(declared) == {unit.id for unit in example().units}


class TestInheritedWindows:
    def test_a_unit_without_windows_takes_its_parents(self) -> None:
        """The parent's windows apply, and the explanation names the parent."""
        parent = _unit_window(16, 19, "promocio")
        applied = windows_for(
            _policy((parent, window(9, 11))),
            profile="x-ocupacio",
            unit="ocupacio",
            channel="x",
            parents=PARENTS,
        )
        assert applied.windows == (parent,) and applied.source is WindowSource.PARENT_UNIT
        assert applied.unit == "promocio" and "promocio" in applied.explanation.en
        assert "promocio" in applied.explanation.es

    def test_the_nearest_unit_above_wins(self) -> None:
        """The parent's windows before the grandparent's; the unit's own before both."""
        top, middle, own = (
            _unit_window(8, 9, "alcaldia"),
            _unit_window(10, 11, "promocio"),
            _unit_window(12, 13, "ocupacio"),
        )
        kwargs = {"profile": "x-ocupacio", "unit": "ocupacio", "channel": "x", "parents": PARENTS}
        assert windows_for(_policy((top, middle)), **kwargs).windows == (middle,)  # type: ignore[arg-type]
        assert windows_for(_policy((top,)), **kwargs).windows == (top,)  # type: ignore[arg-type]
        mine = windows_for(_policy((top, middle, own)), **kwargs)  # type: ignore[arg-type]
        assert mine.windows == (own,) and mine.source is WindowSource.UNIT

    def test_a_profile_or_a_parent_unit_before_the_channel(self) -> None:
        """A unit's line is more specific than the channel; the profile's own beats them all."""
        by_channel = window(9, 10, *EVERY_DAY, scope="channel", target="x")
        parent = _unit_window(16, 19, "alcaldia")
        by_profile = window(12, 13, *EVERY_DAY, scope="profile", target="x-ocupacio")
        kwargs = {"profile": "x-ocupacio", "unit": "ocupacio", "channel": "x", "parents": PARENTS}
        assert windows_for(_policy((by_channel, parent)), **kwargs).windows == (parent,)  # type: ignore[arg-type]
        everything = _policy((by_channel, parent, by_profile))
        assert windows_for(everything, **kwargs).windows == (by_profile,)  # type: ignore[arg-type]

    def test_without_the_parents_nothing_above_is_looked_at(self) -> None:
        """The old behaviour stays for callers that give no hierarchy."""
        org = window(9, 11)
        policy = _policy((_unit_window(16, 19, "promocio"), org))
        applied = windows_for(policy, profile="x-ocupacio", unit="ocupacio", channel="x")
        assert applied.windows == (org,) and applied.source is WindowSource.ORGANISATION


class TestInheritedLimits:
    def test_each_field_comes_from_the_nearest_unit_that_sets_it(self) -> None:
        """The parent's cap, the grandparent's spacing; the organisation's only as a last resort."""
        limits = (
            PublishingLimit(max_per_day=9, min_spacing_minutes=5),
            PublishingLimit(min_spacing_minutes=60, scope=PublishingScope.UNIT, target="alcaldia"),
            PublishingLimit(max_per_day=2, scope=PublishingScope.UNIT, target="promocio"),
        )
        found = limit_for(
            _policy(limits=limits),
            profile="x-ocupacio",
            unit="ocupacio",
            channel="x",
            parents=PARENTS,
        )
        assert found.max_per_day == 2 and found.min_spacing == timedelta(minutes=60)
        alone = limit_for(
            _policy(limits=limits), profile="x-ocupacio", unit="ocupacio", channel="x"
        )
        assert alone.max_per_day == 9 and alone.min_spacing == timedelta(minutes=5)

    def test_a_plan_checks_a_unit_against_its_parents_cap_and_windows(self) -> None:
        """``build_plan`` with the hierarchy: over the parent's cap, outside its windows."""
        policy = _policy(
            (_unit_window(9, 12, "promocio"),),
            (PublishingLimit(max_per_day=1, scope=PublishingScope.UNIT, target="alcaldia"),),
        )
        day = datetime(2027, 3, 10, tzinfo=UTC)  # 10:00 and 18:00 in Madrid (UTC+1)
        posts = [
            PlannedPost("m1", "x-ocupacio", "x", "ocupacio", day + timedelta(hours=9)),
            PlannedPost("m2", "x-ocupacio", "x", "ocupacio", day + timedelta(hours=17)),
        ]
        plan = build_plan(
            posts, policy=policy, zone="Europe/Madrid", start=day, days=1, parents=PARENTS
        )
        kinds = [issue.kind for issue in plan.issues]
        assert sorted(kinds) == sorted([IssueKind.OVER_CAP, IssueKind.OUTSIDE_WINDOW])
        outside = next(i for i in plan.issues if i.kind is IssueKind.OUTSIDE_WINDOW)
        assert outside.messages == ("m2",) and "promocio" in outside.text.en
        assert check_limits(posts, policy, "Europe/Madrid") == []  # without it: nothing applies


@st.composite
def _hierarchies(draw: st.DrawFn) -> tuple[list[str], dict[int, tuple[int, int]]]:
    """A line of units (the first at the bottom) and, for some of them, a window's hours."""
    depth = draw(st.integers(1, 6))
    line = [f"unit-{n}" for n in range(depth)]
    hours = draw(
        st.dictionaries(
            st.integers(0, depth - 1),
            st.tuples(st.integers(0, 22), st.integers(1, 23)).filter(lambda h: h[0] < h[1]),
            max_size=depth,
        )
    )
    return line, hours


@given(hierarchy=_hierarchies(), zone=st.sampled_from(ZONES), base=AROUND_DST)
def test_slots_fall_in_the_nearest_declared_windows_across_dst(
    hierarchy: tuple[list[str], dict[int, tuple[int, int]]], zone: str, base: datetime
) -> None:
    """The bottom unit's slots lie in the nearest declaring unit's hours, in wall time."""
    line, hours = hierarchy
    parents: dict[str, str | None] = {
        unit: (line[n + 1] if n + 1 < len(line) else None) for n, unit in enumerate(line)
    }
    windows = tuple(
        PostingWindow(
            days=EVERY_DAY,
            opens=time(opens),
            closes=time(closes),
            scope=PublishingScope.UNIT,
            target=line[n],
        )
        for n, (opens, closes) in sorted(hours.items())
    )
    org = PostingWindow(days=EVERY_DAY, opens=time(23), closes=time(23, 30))
    applied = windows_for(
        _policy((*windows, org)), profile="p", unit=line[0], channel="x", parents=parents
    )
    if not hours:
        assert applied.windows == (org,)
        return
    nearest = min(hours)
    assert applied.unit == line[nearest]
    assert applied.source is (WindowSource.UNIT if nearest == 0 else WindowSource.PARENT_UNIT)
    opens, closes = hours[nearest]
    slots = next_slots(base, applied.windows, zone, count=6, step=timedelta(minutes=30))
    assert slots
    tz = zoneinfo.ZoneInfo(zone)
    for slot in slots:
        local = slot.astimezone(tz)
        assert time(opens) <= local.time() < time(closes), local
        assert inside(slot, applied.windows, zone)
