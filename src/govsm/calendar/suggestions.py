"""The best hours and days to post on a profile, from its own history.

govsm's history carries no likes or reach figures — a :class:`~govsm.model.Message` has none and
the plugin API measures texts, not engagement. What it does carry is the audience's **response**
that reached the profile: the comments, replies and mentions that answer one of its posts
(``reply_to``). :func:`suggest_slots` ranks the (weekday, hour) slots of the profile's posts by
the responses each post there got on average. When the history holds posts but no response to
any, it says so and ranks by when the profile's posts went out — what the profile does, not what
works. Below :data:`MIN_POSTS` posts it says there is not enough data and offers the policy's
windows instead. Each slot states how many posts it rests on; responses per post are smoothed
towards the profile's average (:data:`PRIOR_POSTS`), so one lucky post does not make a slot.

>>> empty = suggest_slots([], profile="x-ajuntament", unit="comunicacio", channel="x",
...                       zone="Europe/Madrid")
>>> empty.basis, empty.slots
(<SuggestionBasis.POLICY_WINDOWS: 'policy-windows'>, ())
>>> print(empty.explanation.en)  # doctest: +NORMALIZE_WHITESPACE
not enough data: 0 posts, at least 30 are needed; the policy's windows are offered instead
(windows applied: none: the policy declares neither posting windows nor office hours)
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping

from attrs import frozen

from govsm.calendar.planned import zone_info
from govsm.calendar.windows import windows_for
from govsm.model import (
    Bilingual,
    Direction,
    Message,
    MessageKind,
    MessageState,
    Policy,
    Weekday,
)

#: the fewest published posts a profile's history needs before its own slots are suggested
MIN_POSTS = 30

#: how many posts' worth of the profile's average each slot's responses are smoothed with, so
#: that a slot with one lucky post does not lead the ranking
PRIOR_POSTS = 5

_WEEKDAYS = tuple(Weekday)


class SuggestionBasis(enum.StrEnum):
    """What the ranking of slots rests on."""

    #: responses (comments, replies, mentions answering a post) per post
    RESPONSES = "responses"
    #: how many of the profile's posts went out in each slot: no response was recorded
    POSTING_TIMES = "posting-times"
    #: not enough history: the slots of the policy's windows, unranked by data
    POLICY_WINDOWS = "policy-windows"


@frozen
class SuggestedSlot:
    """One hour of one weekday, and what it rests on.

    :param weekday: the day of the week.
    :param hour: the local hour (0–23) the slot starts at.
    :param posts: how many of the profile's posts went out in it (its confidence).
    :param responses: the responses those posts got.
    :param score: what the slots are ranked by: responses per post (smoothed towards the
        profile's average with :data:`PRIOR_POSTS`), posts, or 0 for the policy's windows.
    :param confidence: how many posts the slot rests on, in Spanish and English.
    """

    weekday: Weekday
    hour: int
    posts: int
    responses: int
    score: float
    confidence: Bilingual


@frozen
class Suggestions:
    """A profile's suggested slots, best first.

    :param profile: the profile's id.
    :param basis: see :class:`SuggestionBasis`.
    :param posts: the published posts the history holds.
    :param responses: the responses to them found in the history.
    :param slots: the slots, best first.
    :param explanation: what the ranking rests on and how far to trust it, in Spanish and
        English.
    """

    profile: str
    basis: SuggestionBasis
    posts: int
    responses: int
    slots: tuple[SuggestedSlot, ...]
    explanation: Bilingual


def _confidence(posts: int) -> Bilingual:
    if posts == 0:
        return Bilingual(es="sin datos: franja de la política", en="no data: a policy window")
    return Bilingual(
        es=f"basado en {posts} " + ("publicación" if posts == 1 else "publicaciones"),
        en=f"based on {posts} post" + ("" if posts == 1 else "s"),
    )


def suggest_slots(
    messages: Iterable[Message],
    *,
    profile: str,
    unit: str,
    channel: str,
    zone: str,
    policy: Policy | None = None,
    min_posts: int = MIN_POSTS,
    top: int | None = None,
    parents: Mapping[str, str | None] | None = None,
) -> Suggestions:
    """Rank a profile's (weekday, hour) slots by its own history.

    :param messages: the organisation's messages (or only the profile's); others are ignored.
    :param profile: the profile's id.
    :param unit: the profile's unit (to find its windows).
    :param channel: the profile's channel (to find its windows).
    :param zone: the organisation's IANA zone: hours are local.
    :param policy: the policy, whose windows for the profile stand in when data is short.
    :param min_posts: the fewest published posts needed to rank by data.
    :param top: keep only the best ``top`` slots.
    :param parents: each unit's parent (:func:`~govsm.calendar.windows.unit_parents`): a unit
        without windows of its own takes the nearest ones above it.
    """
    tz = zone_info(zone)
    posts: dict[str, tuple[Weekday, int]] = {}
    answers: Counter[str] = Counter()
    for message in messages:
        if message.profile != profile:
            continue
        if message.direction is Direction.INBOUND:
            if message.reply_to is not None:
                answers[message.reply_to] += 1
        elif (
            message.kind is MessageKind.POST
            and message.state is MessageState.PUBLISHED
            and message.published_at is not None
        ):
            local = message.published_at.astimezone(tz)
            posts[message.id] = (_WEEKDAYS[local.weekday()], local.hour)
    responses = sum(count for post, count in answers.items() if post in posts)
    if len(posts) < min_posts:
        return _fallback(
            profile, len(posts), responses, min_posts, policy, unit, channel, top, parents
        )
    per_slot: Counter[tuple[Weekday, int]] = Counter(posts.values())
    answered: Counter[tuple[Weekday, int]] = Counter()
    for post, slot in posts.items():
        answered[slot] += answers[post]
    basis = SuggestionBasis.RESPONSES if responses else SuggestionBasis.POSTING_TIMES
    average = responses / len(posts)
    slots = [
        SuggestedSlot(
            weekday=day,
            hour=hour,
            posts=count,
            responses=answered[day, hour],
            score=(answered[day, hour] + average * PRIOR_POSTS) / (count + PRIOR_POSTS)
            if responses
            else float(count),
            confidence=_confidence(count),
        )
        for (day, hour), count in per_slot.items()
    ]
    slots.sort(key=lambda s: (-s.score, -s.posts, s.weekday.number, s.hour))
    if responses:
        explanation = Bilingual(
            es=f"ordenado por respuestas por publicación: {len(posts)} publicaciones y "
            f"{responses} respuestas (comentarios, respuestas y menciones que contestan a una "
            f"publicación), suavizadas con {PRIOR_POSTS} publicaciones de la media del perfil; "
            "el historial no tiene otras cifras de interacción",
            en=f"ranked by responses per post: {len(posts)} posts and {responses} responses "
            f"(comments, replies and mentions answering a post), smoothed with {PRIOR_POSTS} "
            "posts' worth of the profile's average; the history carries no other engagement "
            "figures",
        )
    else:
        explanation = Bilingual(
            es=f"ordenado por cuándo salieron las {len(posts)} publicaciones del perfil: el "
            "historial no recoge ninguna respuesta, así que esto dice qué hace el perfil, no "
            "qué funciona",
            en=f"ranked by when the profile's {len(posts)} posts went out: the history records "
            "no response, so this says what the profile does, not what works",
        )
    return Suggestions(
        profile=profile,
        basis=basis,
        posts=len(posts),
        responses=responses,
        slots=tuple(slots[:top] if top is not None else slots),
        explanation=explanation,
    )


def _fallback(
    profile: str,
    posts: int,
    responses: int,
    min_posts: int,
    policy: Policy | None,
    unit: str,
    channel: str,
    top: int | None,
    parents: Mapping[str, str | None] | None = None,
) -> Suggestions:
    applied = windows_for(policy, profile=profile, unit=unit, channel=channel, parents=parents)
    hours = sorted(
        {
            (day, hour)
            for window in applied.windows
            for day in window.days
            for hour in range(
                window.opens.hour, window.closes.hour + (1 if window.closes.minute else 0)
            )
        },
        key=lambda slot: (slot[0].number, slot[1]),
    )
    slots = tuple(SuggestedSlot(day, hour, 0, 0, 0.0, _confidence(0)) for day, hour in hours)
    return Suggestions(
        profile=profile,
        basis=SuggestionBasis.POLICY_WINDOWS,
        posts=posts,
        responses=responses,
        slots=slots[:top] if top is not None else slots,
        explanation=Bilingual(
            es=f"no hay datos suficientes: {posts} publicaciones, se necesitan al menos "
            f"{min_posts}; se proponen las franjas de la política ({applied.explanation.es})",
            en=f"not enough data: {posts} posts, at least {min_posts} are needed; the "
            f"policy's windows are offered instead ({applied.explanation.en})",
        ),
    )
