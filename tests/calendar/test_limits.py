"""Checks over planned posts: caps, spacing, windows, excluded days and clashes between units."""

from __future__ import annotations

import itertools
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.calendar.clashes import DEFAULT_CLASH_MINUTES, find_clashes
from govsm.calendar.exclusions import Exclusions
from govsm.calendar.limits import (
    EffectiveLimit,
    IssueKind,
    check_limits,
    limit_for,
    on_excluded_days,
    outside_windows,
    over_cap,
    too_close,
)
from govsm.calendar.planned import PlannedPost
from govsm.calendar.windows import organisation_exclusions
from govsm.errors import ModelError
from govsm.model import (
    OrganisationSnapshot,
    Policy,
    PostingWindow,
    PublishingLimit,
    PublishingScope,
    Weekday,
)
from govsm.workspace.errors import WorkspaceError
from govsm.workspace.loader import load_config
from tests.paths import EXAMPLE

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")
ZONE = "Europe/Madrid"


@cache
def example() -> OrganisationSnapshot:
    return load_config(EXAMPLE, channels=None).snapshot


def at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MADRID)


def planned(
    message: str,
    when: datetime,
    profile: str = "x-ajuntament",
    channel: str = "x",
    unit: str = "comunicacio",
    campaign: str | None = None,
) -> PlannedPost:
    return PlannedPost(message, profile, channel, unit, when, campaign)


def policy(*limits: PublishingLimit, windows: tuple[PostingWindow, ...] = ()) -> Policy:
    return Policy(
        organisation="o",
        version="1",
        coordinating_unit="c",
        publishing_limits=limits,
        posting_windows=windows,
    )


class TestLimitFor:
    def test_fields_come_from_the_most_specific_limit_that_sets_them(self) -> None:
        rules = policy(
            PublishingLimit(max_per_day=4, min_spacing_minutes=90),
            PublishingLimit(min_spacing_minutes=30, scope=PublishingScope.CHANNEL, target="x"),
            PublishingLimit(max_per_day=1, scope=PublishingScope.PROFILE, target="x-policia"),
        )
        assert limit_for(rules, profile="x-policia", unit="policia-local", channel="x") == (
            EffectiveLimit(1, timedelta(minutes=30))
        )
        assert limit_for(rules, profile="fb", unit="cultura", channel="facebook") == (
            EffectiveLimit(4, timedelta(minutes=90))
        )
        assert limit_for(None, profile="p", unit="u", channel="x") == EffectiveLimit()

    def test_the_example_is_stricter_for_linkedin(self) -> None:
        snap = example()
        assert limit_for(
            snap.policy, profile="linkedin-ocupacio", unit="ocupacio", channel="linkedin"
        ) == EffectiveLimit(2, timedelta(minutes=180))
        assert limit_for(
            snap.policy, profile="x-ajuntament", unit="comunicacio", channel="x"
        ) == EffectiveLimit(4, timedelta(minutes=90))

    @pytest.mark.parametrize(
        ("values", "said"),
        [
            ({}, "needs 'max_per_day', 'min_spacing_minutes' or both"),
            ({"max_per_day": 0}, "greater than zero"),
            ({"min_spacing_minutes": 2000}, "at most 1440"),
            ({"max_per_day": 2, "scope": PublishingScope.UNIT}, "needs one"),
        ],
    )
    def test_bad_limits_are_refused(self, values: dict[str, object], said: str) -> None:
        with pytest.raises(ModelError, match=said):
            PublishingLimit(**values)  # type: ignore[arg-type]


class TestChecks:
    def test_a_day_over_the_cap_names_every_message(self) -> None:
        posts = [planned(f"m{h}", at(11, h)) for h in (9, 10, 11)]
        (issue,) = over_cap(posts, policy(PublishingLimit(max_per_day=2)), ZONE)
        assert issue.kind is IssueKind.OVER_CAP
        assert issue.messages == ("m9", "m10", "m11")
        assert issue.local == at(11, 11)
        assert "«m9», «m10», «m11»" in issue.text.es and "(máximo 2)" in issue.text.es
        assert (
            "'m9', 'm10', 'm11'" in issue.text.en and "Friday 2026-12-11 at 11:00" in issue.text.en
        )

    def test_local_days_count_not_utc_days(self) -> None:
        """23:30 and 00:30 in Madrid are two days, though both are on one UTC day."""
        posts = [planned("late", at(11, 23, 30)), planned("early", at(12, 0, 30))]
        assert over_cap(posts, policy(PublishingLimit(max_per_day=1)), ZONE) == []

    def test_posts_closer_than_the_spacing(self) -> None:
        posts = [planned("a", at(11, 9)), planned("b", at(11, 10)), planned("c", at(11, 12))]
        (issue,) = too_close(posts, policy(PublishingLimit(min_spacing_minutes=90)), ZONE)
        assert (issue.kind, issue.messages, issue.profiles) == (
            IssueKind.TOO_CLOSE,
            ("a", "b"),
            ("x-ajuntament",),
        )
        assert "60 minutes after 'a'" in issue.text.en
        assert "60 minutos después de «a»" in issue.text.es

    def test_posts_outside_the_windows(self) -> None:
        windows = (PostingWindow(days=(Weekday.FRI,), opens=time(9), closes=time(11)),)
        posts = [planned("in", at(11, 10, 59)), planned("out", at(11, 11))]
        (issue,) = outside_windows(posts, policy(windows=windows), ZONE)
        assert issue.messages == ("out",)
        assert "outside its windows" in issue.text.en
        assert "fuera de sus franjas" in issue.text.es

    def test_a_post_in_its_own_zone_is_read_there(self) -> None:
        """10:30 in Madrid is 09:30 in the Canaries: inside a 09:00–10:00 window read there."""
        windows = (PostingWindow(days=(Weekday.FRI,), opens=time(9), closes=time(10)),)
        canary = PlannedPost("c", "x-canarias", "x", "u", at(11, 10, 30), zone="Atlantic/Canary")
        assert outside_windows([canary], policy(windows=windows), ZONE) == []
        madrid = PlannedPost("m", "x-madrid", "x", "u", at(11, 10, 30))
        assert len(outside_windows([madrid], policy(windows=windows), ZONE)) == 1

    def test_posts_on_excluded_days_give_the_reason(self) -> None:
        snap = example()
        days = organisation_exclusions(
            snap.organisation, snap.policy, date(2026, 12, 1), date(2027, 12, 31)
        )
        posts = [
            planned("immaculada", at(8, 10)),
            planned("campanya", at(9, 10, month=4, year=2027)),
            planned("normal", at(9, 10)),
        ]
        issues = on_excluded_days(posts, days, ZONE)
        assert [i.messages for i in issues] == [("immaculada",), ("campanya",)]
        assert "public holiday" in issues[0].text.en and "festivo" in issues[0].text.es
        assert "electoral period: Eleccions municipals 2027" in issues[1].text.en

    def test_check_limits_runs_every_check(self) -> None:
        windows = (PostingWindow(days=(Weekday.TUE,), opens=time(9), closes=time(11)),)
        rules = policy(PublishingLimit(max_per_day=1, min_spacing_minutes=60), windows=windows)
        posts = [planned("a", at(8, 9)), planned("b", at(8, 9, 30))]
        days = Exclusions.spanish(region="ES-VC", years=(2026,))
        kinds = sorted(issue.kind for issue in check_limits(posts, rules, ZONE, days))
        assert kinds == sorted(
            [
                IssueKind.OVER_CAP,
                IssueKind.TOO_CLOSE,
                IssueKind.EXCLUDED_DAY,
                IssueKind.EXCLUDED_DAY,
            ]
        )

    def test_a_naive_planned_post_is_refused(self) -> None:
        with pytest.raises(ModelError):
            PlannedPost("m", "p", "x", "u", datetime(2026, 12, 11, 10, 0))
        with pytest.raises(ModelError, match="IANA"):
            PlannedPost("m", "p", "x", "u", at(11, 10), zone="Europe/Nowhere")


class TestClashes:
    def test_two_units_on_one_channel_within_an_hour(self) -> None:
        posts = [
            planned("concert", at(11, 17), "facebook-cultura", "facebook", "cultura"),
            planned("piscina", at(11, 17, 40), "facebook-esports", "facebook", "esports"),
            planned("tard", at(11, 18, 41), "facebook-esports", "facebook", "esports"),
            planned("x", at(11, 17, 5), "x-ajuntament", "x", "comunicacio"),
        ]
        (clash,) = find_clashes(posts, None, ZONE)
        assert clash.kind is IssueKind.CLASH
        assert clash.messages == ("concert", "piscina")
        assert clash.profiles == ("facebook-cultura", "facebook-esports")
        assert clash.local == at(11, 17, 40)
        assert "units 'cultura' and 'esports'" in clash.text.en
        assert "unidades «cultura» y «esports»" in clash.text.es
        assert f"at least {DEFAULT_CLASH_MINUTES} minutes" in clash.text.en

    def test_the_declared_spacing_replaces_the_default(self) -> None:
        posts = [
            planned("a", at(11, 17), "facebook-cultura", "facebook", "cultura"),
            planned("b", at(11, 18, 30), "facebook-esports", "facebook", "esports"),
        ]
        assert find_clashes(posts, None, ZONE) == []
        spaced = policy(PublishingLimit(min_spacing_minutes=120))
        assert [c.messages for c in find_clashes(posts, spaced, ZONE)] == [("a", "b")]

    def test_two_campaigns_of_one_unit_clash_but_one_campaign_does_not(self) -> None:
        posts = [
            planned("fires", at(11, 10), campaign="fires-2026"),
            planned("nadal", at(11, 10, 30), campaign="nadal-2026"),
            planned("fires-2", at(11, 11), campaign="fires-2026"),
        ]
        found = [c.messages for c in find_clashes(posts, None, ZONE)]
        assert found == [("fires", "nadal"), ("nadal", "fires-2")]
        assert (
            "campaigns 'fires-2026' and 'nadal-2026'" in find_clashes(posts, None, ZONE)[0].text.en
        )


@given(
    minutes=st.lists(st.integers(0, 3 * 24 * 60), min_size=2, max_size=12, unique=True),
    spacing=st.integers(1, 300),
)
def test_too_close_reports_exactly_the_close_neighbours(minutes: list[int], spacing: int) -> None:
    start = datetime(2027, 3, 27, tzinfo=UTC)  # across the March change in Madrid
    posts = [planned(f"m{m}", start + timedelta(minutes=m)) for m in minutes]
    issues = too_close(posts, policy(PublishingLimit(min_spacing_minutes=spacing)), ZONE)
    ordered = sorted(minutes)
    expected = [(f"m{a}", f"m{b}") for a, b in itertools.pairwise(ordered) if b - a < spacing]
    assert [issue.messages for issue in issues] == expected


@given(
    posts=st.lists(
        st.tuples(st.integers(0, 600), st.sampled_from(["u1", "u2", "u3"])),
        min_size=2,
        max_size=15,
        unique_by=lambda item: item[0],
    )
)
def test_clashes_are_exactly_the_close_pairs_of_different_units(
    posts: list[tuple[int, str]],
) -> None:
    start = datetime(2026, 10, 25, tzinfo=UTC)  # across the October change in Madrid
    planned_posts = [
        planned(f"m{m}", start + timedelta(minutes=m), f"p-{unit}", "facebook", unit)
        for m, unit in posts
    ]
    found = {clash.messages for clash in find_clashes(planned_posts, None, ZONE)}
    ordered = sorted(posts)
    expected = {
        (f"m{a}", f"m{b}")
        for (a, ua), (b, ub) in itertools.combinations(ordered, 2)
        if ua != ub and b - a < DEFAULT_CLASH_MINUTES
    }
    assert found == expected


def test_an_unknown_region_is_named_not_a_traceback() -> None:
    """``holidays`` raises NotImplementedError for a subdivision it lacks: a ConfigError says
    which key, in both languages, with the regions it knows."""
    from govsm.errors import ConfigError

    with pytest.raises(ConfigError) as refused:
        Exclusions.spanish(region="ES-ZZ", years=(2026,))
    assert refused.value.where == "[organisation] holiday_region"
    assert "'ES-ZZ' is not an autonomous community" in refused.value.en
    assert "ES-VC" in refused.value.en and "«ES-ZZ»" in refused.value.es


def test_an_unknown_region_is_refused_when_the_workspace_opens(tmp_path: Path) -> None:
    """``holiday_region = "ES-XX"`` was refused only once a step read the calendar, after the
    load step had written the store; now the workspace is refused as it opens: exit 2, the key
    and the known regions named in both languages, the store left as it was."""
    import shutil

    from tests.cli.running import invoke

    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    alone = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}
    audit = ("--lang", "en", "audit", str(folder), "--as-of", "2026-11-20", "--exit-zero")
    assert invoke(*audit, env=alone).returncode == 0
    store = folder / ".govsm" / "govsm.sqlite3"
    before = store.read_bytes()
    manual = folder / "govsm.toml"
    text = manual.read_text(encoding="utf-8")
    assert 'holiday_region = "ES-VC"' in text
    manual.write_text(
        text.replace('holiday_region = "ES-VC"', 'holiday_region = "ES-XX"', 1), encoding="utf-8"
    )
    for command in (audit, ("--lang", "en", "doctor", str(folder))):
        done = invoke(*command, env=alone)
        assert done.returncode == 2
        assert "organisation.holiday_region: 'ES-XX' is not an autonomous community" in done.stderr
        assert "organisation.holiday_region: «ES-XX» no es una comunidad autónoma" in done.stderr
        assert "ES-VC" in done.stderr and "Traceback" not in done.stderr
    assert store.read_bytes() == before
    with pytest.raises(WorkspaceError) as refused:
        load_config(folder, None)
    assert [detail.path for detail in refused.value.details] == ["organisation.holiday_region"]


@pytest.mark.parametrize("region", ["VC", "ES-vc", "ES-Barcelona", "FR-IDF", "ES-"])
def test_a_region_that_is_not_a_spanish_community_is_refused(region: str) -> None:
    """Only ``ES-`` and a community's two letters: a code ``holidays`` reads as national
    holidays only (no ``ES-`` prefix) was silently accepted."""
    from govsm.calendar.exclusions import check_holiday_region
    from govsm.errors import ConfigError

    with pytest.raises(ConfigError):
        check_holiday_region(region)
    assert check_holiday_region("ES-CT") == "CT"
    assert check_holiday_region(None) is None


def test_the_communities_are_those_holidays_has_calendars_for() -> None:
    """The list checked when a workspace opens is the ``holidays`` package's, less its city."""
    import holidays

    from govsm.calendar.exclusions import COMMUNITIES

    listed = holidays.list_supported_countries()["ES"]
    assert sorted(COMMUNITIES) == sorted(code for code in listed if len(code) == 2)
