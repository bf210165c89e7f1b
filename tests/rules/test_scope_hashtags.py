"""The hashtag rules and what they judge: a quote is the organisation's post, a repost is not.

Through the :class:`~govsm.rules.engine.Checker`, which runs each rule only on what its scope
admits: a repost (stored as one, or a published X post written ``RT @author:``) carries someone
else's words, so none of the hashtag rules judges it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from govsm.model import Direction, Message, MessageKind, MessageState, OrganisationSnapshot
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker

RULES = ("hashtag-camelcase", "hashtag-max", "hashtag-only", "official-hashtag")
MOMENT = datetime(2026, 9, 20, 10, tzinfo=UTC)
MANY = (
    "Comença la Fira! Tot el programa al web municipal. "
    "#FiresSoldeneu2026 #Soldeneu #Fira #Festes #Música #Pólvora"
)


def _message(text: str, kind: MessageKind, *, published: bool = True, **more: object) -> Message:
    return Message(
        organisation="ajuntament-soldeneu",
        id="m1",
        profile="x-ajuntament",
        direction=Direction.OUTBOUND,
        kind=kind,
        state=MessageState.PUBLISHED if published else MessageState.DRAFT,
        text=text,
        created_at=MOMENT,
        published_at=MOMENT if published else None,
        **more,  # type: ignore[arg-type]
    )


def _found(
    host: PluginHost, message: Message, snapshot: OrganisationSnapshot | None = None
) -> list[tuple[str, str]]:
    rules = host.rules()
    checker = Checker({r: rules[r] for r in RULES}, host.channels(), snapshot)
    return [
        (f.rule, f.severity.value) for f in checker.check(message, host.channels()["x"]).findings
    ]


def test_hashtag_max_fires_on_a_post(govsm_host: PluginHost) -> None:
    assert ("hashtag-max", "warning") in _found(govsm_host, _message(MANY, MessageKind.POST))


def test_a_repost_reaches_no_hashtag_rule(govsm_host: PluginHost) -> None:
    """Six hashtags, lower-case runs, only tags: someone else's post, nothing to flag."""
    repost = _message(
        "#FiresSoldeneu2026 #soldeneu #setmanacultural #fira #festes #musica",
        MessageKind.REPOST,
        original_author="@alcaldessa",
    )
    assert _found(govsm_host, repost) == []
    assert _found(govsm_host, _message(MANY, MessageKind.REPOST)) == []


def test_an_x_retweet_stored_as_a_post_is_a_repost(govsm_host: PluginHost) -> None:
    retweet = _message("RT @culturasoldeneu: " + MANY, MessageKind.POST)
    assert _found(govsm_host, retweet) == []
    draft = _message("RT @culturasoldeneu: " + MANY, MessageKind.POST, published=False)
    assert ("hashtag-max", "warning") in _found(govsm_host, draft)  # a draft is judged whole


def test_a_quote_is_judged_like_a_post(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    """A quote's words above the quoted post are the organisation's: every rule applies."""
    only_tags = _message("#FiresSoldeneu2026 #Fira", MessageKind.QUOTE, published=False)
    assert _found(govsm_host, only_tags) == [("hashtag-only", "warning")]
    lower = _message("Ja tenim cartell! #setmanacultural", MessageKind.QUOTE, published=False)
    assert _found(govsm_host, lower) == [("hashtag-camelcase", "warning")]
    campaign = _message(
        "Comencen les fires, amb el cartell d'enguany.",
        MessageKind.QUOTE,
        published=False,
        campaign="fires-soldeneu-2026",
    )
    assert ("official-hashtag", "warning") in _found(govsm_host, campaign, snapshot)
    assert ("official-hashtag", "warning") in _found(
        govsm_host,
        _message(campaign.text, MessageKind.POST, published=False, campaign="fires-soldeneu-2026"),
        snapshot,
    )
