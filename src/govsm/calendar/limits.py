"""Checks over planned posts: daily caps, spacing, posting windows and excluded days.

Each check reads a list of :class:`~govsm.calendar.planned.PlannedPost` and the policy, and
reports a :class:`ScheduleIssue` per problem, naming the messages, the profile and the local
time in Spanish and English. :mod:`govsm.calendar.clashes` adds the clashes between units.

>>> from datetime import UTC, datetime
>>> from govsm.model import Policy, PublishingLimit
>>> policy = Policy(organisation="o", version="1", coordinating_unit="c",
...                 publishing_limits=(PublishingLimit(min_spacing_minutes=90),))
>>> posts = [PlannedPost(m, "x-ajuntament", "x", "comunicacio",
...                      datetime(2026, 12, 11, 9, minute, tzinfo=UTC))
...          for m, minute in (("a", 0), ("b", 30))]
>>> (issue,) = too_close(posts, policy, "Europe/Madrid")
>>> issue.kind, issue.messages, issue.local.isoformat()
(<IssueKind.TOO_CLOSE: 'too-close'>, ('a', 'b'), '2026-12-11T10:30:00+01:00')
>>> print(issue.text.es)  # doctest: +NORMALIZE_WHITESPACE
«b» en el perfil «x-ajuntament» (viernes 11/12/2026 a las 10:30) sale 30 minutos después
de «a»; el perfil pide al menos 90 minutos entre publicaciones
"""

from __future__ import annotations

import enum
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from attrs import frozen

from govsm.calendar.exclusions import Exclusions
from govsm.calendar.planned import PlannedPost, when
from govsm.calendar.windows import AppliedWindows, inside, specificity, windows_for
from govsm.model import Bilingual, Policy


class IssueKind(enum.StrEnum):
    """What is wrong with planned posts."""

    #: more posts in one local day than the profile's cap
    OVER_CAP = "over-cap"
    #: two posts of a profile closer than its minimum spacing
    TOO_CLOSE = "too-close"
    #: a post outside the profile's posting windows
    OUTSIDE_WINDOW = "outside-window"
    #: a post on a holiday or in an electoral period
    EXCLUDED_DAY = "excluded-day"
    #: two units' (or two campaigns') posts on the same channel too close together
    CLASH = "clash"

    @property
    def spanish(self) -> str:
        """The kind's Spanish name, for Spanish prose."""
        return _KIND_ES[self]


_KIND_ES = {
    IssueKind.OVER_CAP: "por encima del máximo diario",
    IssueKind.TOO_CLOSE: "demasiado seguidas",
    IssueKind.OUTSIDE_WINDOW: "fuera de franja",
    IssueKind.EXCLUDED_DAY: "día excluido",
    IssueKind.CLASH: "coincidencia entre unidades",
}


@frozen
class ScheduleIssue:
    """One problem of a plan.

    :param kind: see :class:`IssueKind`.
    :param messages: the messages involved, in the order of their instants.
    :param profiles: the profiles involved (one, or two for a clash).
    :param at: the instant the issue is at (the later post of a pair), in UTC.
    :param local: the same instant in local time.
    :param text: what is wrong, in Spanish and English.
    """

    kind: IssueKind
    messages: tuple[str, ...]
    profiles: tuple[str, ...]
    at: datetime
    local: datetime
    text: Bilingual


@frozen
class EffectiveLimit:
    """The publishing limit that applies to one profile, merged field by field.

    :param max_per_day: the most posts in one local day, if capped.
    :param min_spacing: the minimum time between two posts, if any.
    """

    max_per_day: int | None = None
    min_spacing: timedelta | None = None


def limit_for(
    policy: Policy | None,
    *,
    profile: str,
    unit: str,
    channel: str,
    parents: Mapping[str, str | None] | None = None,
) -> EffectiveLimit:
    """The limit for a profile: each field from the most specific limit that sets it.

    Scopes go profile, unit, the units above it (nearest first), channel, organisation (see
    :class:`~govsm.model.PublishingScope`).

    :param policy: the organisation's policy, if any.
    :param profile: the profile's id.
    :param unit: the profile's unit.
    :param channel: the profile's channel.
    :param parents: each unit's parent (:func:`~govsm.calendar.windows.unit_parents`); without
        it, no unit above the profile's is looked at.
    """
    if policy is None:
        return EffectiveLimit()
    ranked = []
    for limit in policy.publishing_limits:
        rank = specificity(
            limit.scope, limit.target, profile=profile, unit=unit, channel=channel, parents=parents
        )
        if rank is not None:
            ranked.append((rank, limit))
    ranked.sort(key=lambda pair: pair[0], reverse=True)
    matching = [limit for _, limit in ranked]
    cap = next((lim.max_per_day for lim in matching if lim.max_per_day is not None), None)
    minutes = next(
        (lim.min_spacing_minutes for lim in matching if lim.min_spacing_minutes is not None), None
    )
    return EffectiveLimit(cap, timedelta(minutes=minutes) if minutes is not None else None)


def _issue(
    kind: IssueKind, posts: Sequence[PlannedPost], zone: str, es: str, en: str
) -> ScheduleIssue:
    last = posts[-1]
    return ScheduleIssue(
        kind=kind,
        messages=tuple(post.message for post in posts),
        profiles=tuple(dict.fromkeys(post.profile for post in posts)),
        at=last.at.astimezone(UTC),
        local=last.local(zone),
        text=Bilingual(es=es, en=en),
    )


def _by_profile(posts: Iterable[PlannedPost]) -> dict[str, list[PlannedPost]]:
    grouped: dict[str, list[PlannedPost]] = defaultdict(list)
    for post in posts:
        grouped[post.profile].append(post)
    for group in grouped.values():
        group.sort(key=lambda post: (post.at, post.message))
    return grouped


#: each unit's parent, by unit id (:func:`~govsm.calendar.windows.unit_parents`)
Parents = Mapping[str, str | None]


def _limit(policy: Policy | None, post: PlannedPost, parents: Parents | None) -> EffectiveLimit:
    return limit_for(
        policy, profile=post.profile, unit=post.unit, channel=post.channel, parents=parents
    )


def over_cap(
    posts: Iterable[PlannedPost],
    policy: Policy | None,
    zone: str,
    *,
    parents: Parents | None = None,
) -> list[ScheduleIssue]:
    """A profile's local days with more posts than its daily cap: one issue per such day.

    :param posts: the planned posts.
    :param policy: the policy (its publishing limits).
    :param zone: the organisation's IANA zone (a post with its own zone counts its days there).
    :param parents: each unit's parent: a unit without a limit of its own takes the nearest
        one above it.
    """
    issues = []
    for profile, group in _by_profile(posts).items():
        cap = _limit(policy, group[0], parents).max_per_day
        if cap is None:
            continue
        days: dict[date, list[PlannedPost]] = defaultdict(list)
        for post in group:
            days[post.local(zone).date()].append(post)
        for day_posts in days.values():
            if len(day_posts) <= cap:
                continue
            shown = when(day_posts[cap].local(zone))
            names = ", ".join(f"«{post.message}»" for post in day_posts)
            names_en = ", ".join(f"'{post.message}'" for post in day_posts)
            issues.append(
                _issue(
                    IssueKind.OVER_CAP,
                    day_posts,
                    zone,
                    f"el perfil «{profile}» tiene {len(day_posts)} publicaciones el mismo día "
                    f"(máximo {cap}); la primera de más: {shown.es}. Mensajes: {names}",
                    f"profile '{profile}' has {len(day_posts)} posts on one day (at most "
                    f"{cap}); the first one too many: {shown.en}. Messages: {names_en}",
                )
            )
    return issues


def too_close(
    posts: Iterable[PlannedPost],
    policy: Policy | None,
    zone: str,
    *,
    parents: Parents | None = None,
) -> list[ScheduleIssue]:
    """Two consecutive posts of a profile closer than its minimum spacing: one issue per pair.

    :param posts: the planned posts.
    :param policy: the policy (its publishing limits).
    :param zone: the organisation's IANA zone.
    :param parents: each unit's parent (see :func:`over_cap`).
    """
    issues = []
    for profile, group in _by_profile(posts).items():
        spacing = _limit(policy, group[0], parents).min_spacing
        if spacing is None:
            continue
        for first, second in itertools.pairwise(group):
            gap = second.at - first.at
            if gap >= spacing:
                continue
            minutes = int(gap.total_seconds() // 60)
            wanted = int(spacing.total_seconds() // 60)
            shown = when(second.local(zone))
            issues.append(
                _issue(
                    IssueKind.TOO_CLOSE,
                    (first, second),
                    zone,
                    f"«{second.message}» en el perfil «{profile}» ({shown.es}) sale {minutes} "
                    f"minutos después de «{first.message}»; el perfil pide al menos {wanted} "
                    "minutos entre publicaciones",
                    f"'{second.message}' on profile '{profile}' ({shown.en}) is {minutes} "
                    f"minutes after '{first.message}'; the profile's minimum spacing is {wanted} "
                    "minutes",
                )
            )
    return issues


def outside_windows(
    posts: Iterable[PlannedPost],
    policy: Policy | None,
    zone: str,
    *,
    parents: Parents | None = None,
) -> list[ScheduleIssue]:
    """Posts outside their profile's posting windows (or office hours, when it has none).

    A profile without windows and without office hours is not checked.

    :param posts: the planned posts.
    :param policy: the policy (its posting windows and office hours).
    :param zone: the organisation's IANA zone (a post with its own zone is read there).
    :param parents: each unit's parent: a unit without windows of its own takes the nearest
        ones above it.
    """
    issues = []
    found: dict[tuple[str, str, str], AppliedWindows] = {}
    for post in sorted(posts, key=lambda post: (post.at, post.message)):
        key = (post.profile, post.unit, post.channel)
        if key not in found:
            found[key] = windows_for(
                policy, profile=post.profile, unit=post.unit, channel=post.channel, parents=parents
            )
        applied = found[key]
        if not applied.windows or inside(post.at, applied.windows, post.zone_name(zone)):
            continue
        shown = when(post.local(zone))
        issues.append(
            _issue(
                IssueKind.OUTSIDE_WINDOW,
                (post,),
                zone,
                f"«{post.message}» en el perfil «{post.profile}» sale {shown.es}, fuera de sus "
                f"franjas ({applied.explanation.es})",
                f"'{post.message}' on profile '{post.profile}' goes out on {shown.en}, outside "
                f"its windows ({applied.explanation.en})",
            )
        )
    return issues


def on_excluded_days(
    posts: Iterable[PlannedPost], exclusions: Exclusions, zone: str
) -> list[ScheduleIssue]:
    """Posts on a holiday or in an electoral period, each with the reason.

    :param posts: the planned posts.
    :param exclusions: the excluded days (see
        :func:`~govsm.calendar.windows.organisation_exclusions`).
    :param zone: the organisation's IANA zone (a post with its own zone is read there).
    """
    issues = []
    for post in sorted(posts, key=lambda post: (post.at, post.message)):
        reason = exclusions.reason(post.local(zone).date())
        if reason is None:
            continue
        shown = when(post.local(zone))
        issues.append(
            _issue(
                IssueKind.EXCLUDED_DAY,
                (post,),
                zone,
                f"«{post.message}» en el perfil «{post.profile}» sale {shown.es}, un día "
                f"excluido ({reason.es})",
                f"'{post.message}' on profile '{post.profile}' goes out on {shown.en}, an "
                f"excluded day ({reason.en})",
            )
        )
    return issues


def check_limits(
    posts: Sequence[PlannedPost],
    policy: Policy | None,
    zone: str,
    exclusions: Exclusions | None = None,
    *,
    parents: Parents | None = None,
) -> list[ScheduleIssue]:
    """Every cap, spacing, window and excluded-day issue of ``posts``.

    :param posts: the planned posts.
    :param policy: the organisation's policy, if any.
    :param zone: the organisation's IANA zone.
    :param exclusions: the excluded days; ``None`` skips that check.
    :param parents: each unit's parent (:func:`~govsm.calendar.windows.unit_parents`): a unit
        without windows or limits of its own takes the nearest ones above it.
    """
    issues = over_cap(posts, policy, zone, parents=parents)
    issues += too_close(posts, policy, zone, parents=parents)
    issues += outside_windows(posts, policy, zone, parents=parents)
    if exclusions is not None:
        issues += on_excluded_days(posts, exclusions, zone)
    return issues
