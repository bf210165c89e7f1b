"""Clashes: two units (or two campaigns) posting on the same channel at nearly the same time.

Two posts on one network, one from Cultura and one from Esports ten minutes apart, compete for
the same followers' attention, and the second buries the first. A pair of posts on the same
channel clashes when they speak for different units, or for two different named campaigns, and
are closer than the larger minimum spacing of their two profiles — or, when neither profile has
one, than :data:`DEFAULT_CLASH_MINUTES`.

>>> from datetime import UTC, datetime
>>> posts = [PlannedPost("concert", "facebook-cultura", "facebook", "cultura",
...                      datetime(2026, 12, 11, 17, 0, tzinfo=UTC)),
...          PlannedPost("piscina", "facebook-esports", "facebook", "esports",
...                      datetime(2026, 12, 11, 17, 20, tzinfo=UTC))]
>>> (clash,) = find_clashes(posts, None, "Europe/Madrid")
>>> clash.messages, clash.profiles
(('concert', 'piscina'), ('facebook-cultura', 'facebook-esports'))
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, timedelta

from govsm.calendar.limits import IssueKind, Parents, ScheduleIssue, limit_for
from govsm.calendar.planned import PlannedPost, when
from govsm.model import Bilingual, Policy

#: how close two units' posts on one channel may be when no profile declares a spacing, minutes
DEFAULT_CLASH_MINUTES = 60


def _different(first: PlannedPost, second: PlannedPost) -> bool:
    if first.unit != second.unit:
        return True
    return (
        first.campaign is not None
        and second.campaign is not None
        and first.campaign != second.campaign
    )


def find_clashes(
    posts: Iterable[PlannedPost],
    policy: Policy | None,
    zone: str,
    *,
    parents: Parents | None = None,
) -> list[ScheduleIssue]:
    """Every clashing pair of posts, one :class:`~govsm.calendar.limits.ScheduleIssue` each.

    :param posts: the planned posts.
    :param policy: the policy (its publishing limits give each profile's spacing).
    :param zone: the organisation's IANA zone (a post with its own zone is read there).
    :param parents: each unit's parent: a unit without a limit of its own takes the nearest
        one above it.
    """
    spacing: dict[tuple[str, str, str], timedelta] = {}

    def gap_of(post: PlannedPost) -> timedelta | None:
        key = (post.profile, post.unit, post.channel)
        if key not in spacing:
            found = limit_for(
                policy,
                profile=post.profile,
                unit=post.unit,
                channel=post.channel,
                parents=parents,
            ).min_spacing
            spacing[key] = found if found is not None else timedelta(0)
        return spacing[key] or None

    by_channel: dict[str, list[PlannedPost]] = defaultdict(list)
    for post in posts:
        by_channel[post.channel].append(post)
    default = timedelta(minutes=DEFAULT_CLASH_MINUTES)
    issues = []
    for channel, group in sorted(by_channel.items()):
        group.sort(key=lambda post: (post.at, post.message))
        widest = max((gap_of(post) or default for post in group), default=default)
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                apart = second.at - first.at
                if apart >= widest:
                    break
                gaps = [g for g in (gap_of(first), gap_of(second)) if g is not None]
                allowed = max(gaps) if gaps else default
                if apart >= allowed or not _different(first, second):
                    continue
                issues.append(_clash(channel, first, second, apart, allowed, zone))
    return issues


def _clash(
    channel: str,
    first: PlannedPost,
    second: PlannedPost,
    apart: timedelta,
    allowed: timedelta,
    zone: str,
) -> ScheduleIssue:
    shown = when(second.local(zone))
    minutes = int(apart.total_seconds() // 60)
    wanted = int(allowed.total_seconds() // 60)
    if first.unit != second.unit:
        why_es = f"de las unidades «{first.unit}» y «{second.unit}»"
        why_en = f"from units '{first.unit}' and '{second.unit}'"
    else:
        why_es = f"de las campañas «{first.campaign}» y «{second.campaign}»"
        why_en = f"from campaigns '{first.campaign}' and '{second.campaign}'"
    return ScheduleIssue(
        kind=IssueKind.CLASH,
        messages=(first.message, second.message),
        profiles=tuple(dict.fromkeys((first.profile, second.profile))),
        at=second.at.astimezone(UTC),
        local=second.local(zone),
        text=Bilingual(
            es=f"«{first.message}» (perfil «{first.profile}») y «{second.message}» (perfil "
            f"«{second.profile}»), {why_es}, salen en el canal «{channel}» con {minutes} minutos "
            f"de diferencia ({shown.es}); entre ellas deben pasar al menos {wanted} minutos",
            en=f"'{first.message}' (profile '{first.profile}') and '{second.message}' (profile "
            f"'{second.profile}'), {why_en}, go out on channel '{channel}' {minutes} minutes "
            f"apart ({shown.en}); at least {wanted} minutes must separate them",
        ),
    )
