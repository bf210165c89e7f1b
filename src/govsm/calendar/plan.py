"""A plan: the posts of a period (the coming week, the coming four weeks) and their issues.

:func:`build_plan` keeps the posts of the period, in order of time, and runs every check of
:mod:`govsm.calendar.limits` and :mod:`govsm.calendar.clashes` on them. :func:`plan_to_json`
gives the plan as JSON-ready data, each instant in UTC and in local time;
:func:`govsm.calendar.ics.plan_to_ics` gives it as an iCalendar file.

>>> from datetime import UTC, datetime
>>> post = PlannedPost("m1", "x-ajuntament", "x", "comunicacio",
...                    datetime(2026, 12, 11, 16, 0, tzinfo=UTC))
>>> plan = build_plan([post], policy=None, zone="Europe/Madrid",
...                   start=datetime(2026, 12, 7, tzinfo=UTC), days=7)
>>> plan_to_json(plan)["posts"][0]["local"]
'2026-12-11T17:00:00+01:00'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from attrs import field, frozen

from govsm.calendar.clashes import find_clashes
from govsm.calendar.exclusions import Exclusions
from govsm.calendar.limits import IssueKind, Parents, ScheduleIssue, check_limits
from govsm.calendar.planned import PlannedPost
from govsm.errors import ModelError
from govsm.model import Policy
from govsm.model import _validate as v

_KIND_ORDER = {kind: index for index, kind in enumerate(IssueKind)}


@frozen
class Plan:
    """The planned posts of a period, with their issues.

    :param start: the period's first instant (inclusive), in UTC.
    :param end: the period's end (exclusive), in UTC.
    :param zone: the organisation's IANA zone: local times are read there.
    :param posts: the posts, in order of time (then message id).
    :param issues: the issues, in order of time, then kind (see
        :class:`~govsm.calendar.limits.IssueKind`), then messages.
    """

    start: datetime = field(validator=v.aware)
    end: datetime = field(validator=v.aware)
    zone: str = field(validator=v.timezone_name)
    posts: tuple[PlannedPost, ...] = ()
    issues: tuple[ScheduleIssue, ...] = ()


def build_plan(
    posts: Iterable[PlannedPost],
    *,
    policy: Policy | None,
    zone: str,
    start: datetime,
    days: int = 7,
    exclusions: Exclusions | None = None,
    parents: Parents | None = None,
) -> Plan:
    """The plan of the ``days`` days from ``start``: its posts and every issue among them.

    Posts outside the period are left out (and so are not checked against those inside).

    :param posts: the planned posts.
    :param policy: the organisation's policy (windows, limits, office hours), if any.
    :param zone: the organisation's IANA zone.
    :param start: the period's first instant, aware.
    :param days: the period's length in days (7, 28…).
    :param exclusions: the excluded days; ``None`` skips the excluded-day check.
    :param parents: each unit's parent (:func:`~govsm.calendar.windows.unit_parents`): a unit
        without windows or limits of its own is checked against the nearest ones above it.
    :raises ModelError: ``start`` is naive or ``days`` is not positive.
    """
    if days < 1:
        raise ModelError(
            f"un plan dura al menos un día, no {days}",
            f"a plan lasts at least one day, not {days}",
            field="days",
        )
    if start.tzinfo is None or start.utcoffset() is None:
        raise ModelError(
            "«start» debe llevar zona horaria", "'start' must carry a time zone", field="start"
        )
    start = start.astimezone(UTC)
    end = start + timedelta(days=days)
    inside = sorted(
        (post for post in posts if start <= post.at < end),
        key=lambda post: (post.at, post.message, post.profile),
    )
    issues = check_limits(inside, policy, zone, exclusions, parents=parents)
    issues += find_clashes(inside, policy, zone, parents=parents)
    issues.sort(key=lambda issue: (issue.at, _KIND_ORDER[issue.kind], issue.messages))
    return Plan(start=start, end=end, zone=zone, posts=tuple(inside), issues=tuple(issues))


def _instant(at: datetime, local: datetime) -> dict[str, str]:
    return {"at": at.astimezone(UTC).isoformat(), "local": local.isoformat()}


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data: each instant in UTC (``at``) and in local time (``local``).

    Issues carry their text in both languages (``es``, ``en``).

    :param plan: the plan.
    """
    posts = [
        {
            "message": post.message,
            "profile": post.profile,
            "channel": post.channel,
            "unit": post.unit,
            "campaign": post.campaign,
            "zone": post.zone_name(plan.zone),
            **_instant(post.at, post.local(plan.zone)),
        }
        for post in plan.posts
    ]
    issues = [
        {
            "kind": issue.kind.value,
            "messages": list(issue.messages),
            "profiles": list(issue.profiles),
            **_instant(issue.at, issue.local),
            "es": issue.text.es,
            "en": issue.text.en,
        }
        for issue in plan.issues
    ]
    return {
        "start": plan.start.astimezone(UTC).isoformat(),
        "end": plan.end.astimezone(UTC).isoformat(),
        "zone": plan.zone,
        "posts": posts,
        "issues": issues,
    }
