"""The language rules and what they judge, through the Checker: reposts never, drafts always.

A repost carries someone else's words in whatever language they wrote them; a published X post's
declared language is X's guess. Cases of bilingual posts are in cases/language.toml.
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs

from govsm.model import (
    Direction,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
    RuleConfig,
)
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker

MOMENT = datetime(2026, 9, 20, 10, tzinfo=UTC)
SPANISH = "Mañana no hay mercadillo en la plaza de la Iglesia por las obras de la red de agua."


def _checker(host: PluginHost, snapshot: OrganisationSnapshot, mode: str) -> Checker:
    """Both language rules, the co-official one on with ``mode`` (Valencian, then Spanish)."""
    policy = snapshot.policy
    assert policy is not None
    co_official = RuleConfig(
        id="co-official-language", params={"order": ["ca-valencia", "es"], "mode": mode}
    )
    with_policy = attrs.evolve(
        snapshot, policy=attrs.evolve(policy, rules=(*policy.rules, co_official))
    )
    rules = {r: host.rules()[r] for r in ("language", "co-official-language")}
    return Checker(rules, host.channels(), with_policy)


def _message(text: str, kind: MessageKind, profile: str, **more: object) -> Message:
    values: dict[str, object] = {
        "organisation": "ajuntament-soldeneu",
        "id": "m1",
        "profile": profile,
        "direction": Direction.OUTBOUND,
        "kind": kind,
        "state": MessageState.PUBLISHED,
        "text": text,
        "created_at": MOMENT,
        "published_at": MOMENT,
    }
    values.update(more)
    return Message(**values)  # type: ignore[arg-type]


def _rules(checker: Checker, message: Message) -> list[str]:
    return [f.rule for f in checker.check(message).findings]


def test_co_official_language_never_judges_a_repost(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    """A Spanish-only repost on a profile whose policy wants both languages in each post."""
    checker = _checker(govsm_host, snapshot, "both-in-post")
    post = _message(SPANISH, MessageKind.POST, "facebook-ajuntament")
    assert _rules(checker, post) == ["co-official-language"]
    repost = _message(SPANISH, MessageKind.REPOST, "facebook-ajuntament", original_author="@x")
    assert _rules(checker, repost) == []
    retweet = _message("RT @diputacio: " + SPANISH, MessageKind.POST, "x-ajuntament")
    assert _rules(checker, retweet) == []


def test_the_language_rule_never_judges_a_repost(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    """Spanish on the Valencian-only profile: flagged as a post, not as a repost."""
    checker = _checker(govsm_host, snapshot, "separate-posts")
    post = _message(SPANISH, MessageKind.POST, "instagram-cultura")
    assert _rules(checker, post) == ["language"]
    repost = _message(SPANISH, MessageKind.REPOST, "instagram-cultura", language="en")
    assert _rules(checker, repost) == []


def test_a_quote_is_judged_like_a_post(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    checker = _checker(govsm_host, snapshot, "both-in-post")
    quote = _message(SPANISH, MessageKind.QUOTE, "facebook-ajuntament")
    assert _rules(checker, quote) == ["co-official-language"]


def test_x_sets_the_language_of_what_is_published(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    """The declared language of a published X post is X's; a draft's is the officer's."""
    checker = _checker(govsm_host, snapshot, "separate-posts")
    published = _message(SPANISH, MessageKind.POST, "x-ajuntament", language="ca")
    assert _rules(checker, published) == []
    draft = attrs.evolve(published, state=MessageState.DRAFT, published_at=None)
    assert _rules(checker, draft) == ["language"]
    mastodon = attrs.evolve(published, profile="mastodon-ajuntament")
    assert _rules(checker, mastodon) == ["language"]
