"""Suggested hours from a profile's own history, and an honest fallback when data is short."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from govsm.calendar.suggestions import (
    MIN_POSTS,
    SuggestionBasis,
    suggest_slots,
)
from govsm.model import (
    Direction,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
    Policy,
    PostingWindow,
    Weekday,
)
from govsm.reading.jsonl import read_jsonl
from govsm.workspace.loader import load_config
from tests.paths import EXAMPLE

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")
MONDAY = datetime(2026, 11, 2, tzinfo=MADRID)


@cache
def example() -> OrganisationSnapshot:
    return load_config(EXAMPLE, channels=None).snapshot


def history(profile: str) -> list[Message]:
    return list(read_jsonl(EXAMPLE / "history" / f"{profile}.jsonl", "ajuntament-soldeneu"))


def post(number: int, at: datetime, profile: str = "p") -> Message:
    return Message(
        organisation="o",
        id=f"{profile}-{number}",
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.PUBLISHED,
        text="Hola",
        created_at=at,
        published_at=at,
    )


def comment(number: int, answers: str, at: datetime, profile: str = "p") -> Message:
    return Message(
        organisation="o",
        id=f"c-{number}",
        profile=profile,
        direction=Direction.INBOUND,
        kind=MessageKind.COMMENT,
        state=MessageState.NEW,
        text="Gràcies",
        created_at=at,
        reply_to=answers,
    )


class TestRanking:
    def test_slots_with_more_responses_per_post_come_first(self) -> None:
        """Twenty posts on Monday at 9 get no answer; ten on Tuesday at 18 get two each."""
        messages = [post(n, MONDAY + timedelta(days=7 * n, hours=9)) for n in range(20)]
        evening = [post(100 + n, MONDAY + timedelta(days=7 * n + 1, hours=18)) for n in range(10)]
        messages += evening
        messages += [
            comment(2 * n + k, p.id, p.created_at + timedelta(minutes=30))
            for n, p in enumerate(evening)
            for k in (0, 1)
        ]
        found = suggest_slots(messages, profile="p", unit="u", channel="x", zone="Europe/Madrid")
        assert found.basis is SuggestionBasis.RESPONSES
        assert (found.posts, found.responses) == (30, 20)
        best, second = found.slots
        assert (best.weekday, best.hour, best.posts, best.responses) == (Weekday.TUE, 18, 10, 20)
        assert (second.weekday, second.hour, second.posts) == (Weekday.MON, 9, 20)
        assert best.score > second.score
        assert best.confidence.en == "based on 10 posts"
        assert best.confidence.es == "basado en 10 publicaciones"
        assert "responses per post" in found.explanation.en
        assert "respuestas por publicación" in found.explanation.es

    def test_one_lucky_post_does_not_lead(self) -> None:
        """One post with three answers ranks below twenty posts with two answers each."""
        steady = [post(n, MONDAY + timedelta(days=7 * n, hours=9)) for n in range(20)]
        lucky = post(99, MONDAY + timedelta(days=3, hours=22))
        filler = [post(200 + n, MONDAY + timedelta(days=7 * n + 2, hours=12)) for n in range(10)]
        messages = [*steady, lucky, *filler]
        messages += [comment(n, p.id, p.created_at) for n, p in enumerate(steady)]
        messages += [comment(100 + n, p.id, p.created_at) for n, p in enumerate(steady)]
        messages += [comment(300 + k, lucky.id, lucky.created_at) for k in range(3)]
        found = suggest_slots(messages, profile="p", unit="u", channel="x", zone="Europe/Madrid")
        assert (found.slots[0].weekday, found.slots[0].hour) == (Weekday.MON, 9)

    def test_without_responses_it_says_it_ranks_by_posting_times(self) -> None:
        messages = [post(n, MONDAY + timedelta(days=n, hours=10)) for n in range(35)]
        found = suggest_slots(messages, profile="p", unit="u", channel="x", zone="Europe/Madrid")
        assert found.basis is SuggestionBasis.POSTING_TIMES
        assert found.slots[0].posts == 5 and found.slots[0].hour == 10
        assert "not what works" in found.explanation.en
        assert "no qué funciona" in found.explanation.es

    def test_hours_are_local_and_other_profiles_ignored(self) -> None:
        """Posts at 08:30 UTC in winter are 09:30 in Madrid; another profile's posts don't count."""
        utc_morning = datetime(2026, 12, 7, 8, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
        messages = [post(n, utc_morning + timedelta(days=n)) for n in range(35)]
        messages += [post(n, utc_morning, profile="other") for n in range(40)]
        found = suggest_slots(messages, profile="p", unit="u", channel="x", zone="Europe/Madrid")
        assert {s.hour for s in found.slots} == {9}
        assert [(s.weekday, s.posts) for s in found.slots] == [(day, 5) for day in Weekday]


class TestNotEnoughData:
    def test_below_the_minimum_the_policy_windows_stand_in(self) -> None:
        policy = Policy(
            organisation="o",
            version="1",
            coordinating_unit="c",
            posting_windows=(
                PostingWindow(days=(Weekday.SAT,), opens=time(10), closes=time(12, 30)),
            ),
        )
        messages = [post(n, MONDAY + timedelta(days=n, hours=10)) for n in range(MIN_POSTS - 1)]
        found = suggest_slots(
            messages, profile="p", unit="u", channel="x", zone="Europe/Madrid", policy=policy
        )
        assert found.basis is SuggestionBasis.POLICY_WINDOWS
        assert found.posts == MIN_POSTS - 1
        assert [(s.weekday, s.hour, s.posts) for s in found.slots] == [
            (Weekday.SAT, 10, 0),
            (Weekday.SAT, 11, 0),
            (Weekday.SAT, 12, 0),
        ]
        assert found.explanation.en.startswith("not enough data: 29 posts, at least 30")
        assert found.explanation.es.startswith("no hay datos suficientes: 29 publicaciones")
        assert found.slots[0].confidence.en == "no data: a policy window"

    def test_drafts_and_scheduled_posts_are_not_history(self) -> None:
        messages = [post(n, MONDAY + timedelta(days=n, hours=10)) for n in range(29)]
        messages.append(
            Message(
                organisation="o",
                id="d",
                profile="p",
                direction=Direction.OUTBOUND,
                kind=MessageKind.POST,
                state=MessageState.SCHEDULED,
                text="Demà",
                created_at=MONDAY,
                scheduled_at=MONDAY + timedelta(days=40),
            )
        )
        found = suggest_slots(messages, profile="p", unit="u", channel="x", zone="Europe/Madrid")
        assert found.basis is SuggestionBasis.POLICY_WINDOWS


class TestExample:
    def test_facebook_ranks_by_the_comments_it_got(self) -> None:
        snap = example()
        found = suggest_slots(
            history("facebook-ajuntament"),
            profile="facebook-ajuntament",
            unit="comunicacio",
            channel="facebook",
            zone="Europe/Madrid",
            policy=snap.policy,
        )
        assert found.basis is SuggestionBasis.RESPONSES
        assert found.posts >= MIN_POSTS and found.responses > 0
        assert sum(s.posts for s in found.slots) == found.posts
        assert sum(s.responses for s in found.slots) == found.responses

    def test_the_library_has_too_few_posts(self) -> None:
        snap = example()
        found = suggest_slots(
            history("facebook-biblioteca"),
            profile="facebook-biblioteca",
            unit="biblioteca",
            channel="facebook",
            zone="Europe/Madrid",
            policy=snap.policy,
            top=2,
        )
        assert found.basis is SuggestionBasis.POLICY_WINDOWS
        assert [(s.weekday, s.hour) for s in found.slots] == [(Weekday.MON, 9), (Weekday.MON, 10)]


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 3)), min_size=30, max_size=80))
def test_slots_account_for_every_post_and_response(plan: list[tuple[int, int]]) -> None:
    """However the history falls, the slots add up to it and are ranked by their score."""
    messages: list[Message] = []
    for number, (hours, answers) in enumerate(plan):
        at = MONDAY + timedelta(hours=hours * 5)
        messages.append(post(number, at))
        messages += [comment(1000 * number + k, f"p-{number}", at) for k in range(answers)]
    found = suggest_slots(messages, profile="p", unit="u", channel="x", zone="Europe/Madrid")
    assert sum(s.posts for s in found.slots) == len(plan)
    assert sum(s.responses for s in found.slots) == sum(a for _, a in plan)
    scores = [s.score for s in found.slots]
    assert scores == sorted(scores, reverse=True)
    assert len({(s.weekday, s.hour) for s in found.slots}) == len(found.slots)
