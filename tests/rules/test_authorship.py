"""What a post is: reposts, quotes, replies and the network's own parts of a published text.

X shows, but does not count as the author's words, a reply's leading @mentions, the trailing
``t.co`` link of an attached photo or quoted post, and a repost's ``RT @author:``; a repost's
words are someone else's. The engine works this out once per message and each rule judges only
what its scope admits.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.errors import ModelError
from govsm.model import (
    Bilingual,
    Channel,
    Direction,
    Finding,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    Severity,
    Span,
)
from govsm.plugins import PluginHost
from govsm.rules.authorship import authorship
from govsm.rules.engine import Checker
from govsm.spec import Rule, RuleContext, Scope, Stage, Text
from govsm.text import measure

MOMENT = datetime(2026, 11, 20, 10, tzinfo=UTC)
PHOTO = Media(kind=MediaKind.IMAGE, location="cartel.jpg", alt_text="Cartel de la feria")

#: a sentence of the fictional council's, repeated to any length
_SENTENCE = "Abrimos la nueva biblioteca municipal del barrio de San Roque con horario ampliado. "


def _message(
    text: str,
    *,
    kind: MessageKind = MessageKind.POST,
    published: bool = True,
    media: tuple[Media, ...] = (),
    **extra: object,
) -> Message:
    return Message(
        organisation="ayto-valdemora",
        id="m1",
        profile="x-ayto",
        direction=Direction.OUTBOUND,
        kind=kind,
        state=MessageState.PUBLISHED if published else MessageState.DRAFT,
        text=text,
        media=media,
        created_at=MOMENT,
        published_at=MOMENT if published else None,
        reply_to="m0" if kind is MessageKind.REPLY else None,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


@pytest.fixture(scope="module")
def x(host: PluginHost) -> Channel:
    return host.channels()["x"]


def _at_limit(channel: Channel, limit: int = 280) -> str:
    """The council's own words, exactly as long as X allows."""
    text = (_SENTENCE * 10)[: limit - 1] + "."
    assert measure(text, channel).length == limit
    return text


def _rules_found(host: PluginHost, message: Message, channel: Channel) -> set[str]:
    checker = Checker(host.rules(), host.channels())
    return {f.rule for f in checker.check(message, channel).findings}


JUDGED_AS_AUTHORS_WORDS = {"length", "link-shortener", "link-https", "personal-data"}


def test_published_posts_at_the_limit_of_what_x_counts(host: PluginHost, x: Channel) -> None:
    """The issue's acceptance: photo post, repost and reply, each at X's limit, are clean."""
    own = _at_limit(x)
    photo = _message(own + " https://t.co/Ab12Cd34Ef", media=(PHOTO,))
    reply = _message("@vecina_sanroque @AMPA_Cervantes " + own, kind=MessageKind.REPLY)
    repost = _message("RT @biblio_vdm: " + own + " http://t.co/Zx98Yw76", kind=MessageKind.POST)
    for message in (photo, reply, repost):
        assert not _rules_found(host, message, x) & JUDGED_AS_AUTHORS_WORDS, message.text
    assert authorship(repost, x).kind is MessageKind.REPOST
    result = Checker(host.rules(), host.channels()).check(photo, x)
    assert result.measurement.length == 280


def test_the_same_texts_as_drafts_are_judged_as_drafts(host: PluginHost, x: Channel) -> None:
    """Nothing has been added to a draft: its whole text is the author's and counts."""
    own = _at_limit(x)
    photo = _message(own + " https://t.co/Ab12Cd34Ef", media=(PHOTO,), published=False)
    reply = _message(
        "@vecina_sanroque @AMPA_Cervantes " + own, kind=MessageKind.REPLY, published=False
    )
    repost = _message("RT @biblio_vdm: " + own, published=False)
    for message in (photo, reply, repost):
        assert "length" in _rules_found(host, message, x), message.text
        assert authorship(message, x).stage is Stage.DRAFT
        assert authorship(message, x).own == Span(0, len(message.text))


def test_one_over_the_limit_is_still_found_when_published(host: PluginHost, x: Channel) -> None:
    """Published, the reply over 280 was a long post (information); the span marks what
    timelines cut, in the whole text, past the mention the rule never saw."""
    own = _at_limit(x, 281)
    reply = _message("@vecina_sanroque " + own, kind=MessageKind.REPLY)
    checker = Checker(host.rules(), host.channels())
    (length,) = [f for f in checker.check(reply, x).findings if f.rule == "length"]
    assert length.span is not None
    assert length.severity is Severity.INFO
    assert reply.text[length.span.start : length.span.end] == own[280:]


def test_counted_range_from_the_network_wins(x: Channel) -> None:
    text = "@vecina gracias, ya está arreglada la farola https://t.co/Qq11Ww22"
    message = _message(text, kind=MessageKind.REPLY, counted_range=Span(8, 44))
    assert authorship(message, x).own == Span(8, 44)
    with pytest.raises(ModelError, match="counted_range"):
        _message("corto", counted_range=Span(0, 99))


def test_appended_links_are_not_the_authors(host: PluginHost, x: Channel) -> None:
    quoted = "https://t.co/Quoted123"
    text = "Mirad lo que ha preparado la biblioteca para este sábado 👇 " + quoted
    message = _message(text, kind=MessageKind.QUOTE, appended_links=(quoted,))
    found = authorship(message, x)
    assert text[found.own.start : found.own.end].endswith("👇")
    # without the declaration, a published quote's trailing t.co is recognised on X
    derived = authorship(_message(text, kind=MessageKind.QUOTE), x)
    assert derived.own == found.own
    # ...but not on a network that does not wrap links, nor in a draft
    mastodon = host.channels()["mastodon"]
    assert authorship(_message(text, kind=MessageKind.QUOTE), mastodon).own.end == len(text)
    draft = _message(text, kind=MessageKind.QUOTE, published=False)
    assert authorship(draft, x).own.end == len(text)


def test_a_post_without_media_keeps_its_trailing_link(x: Channel) -> None:
    """A link the author wrote at the end is theirs: only attachments add one."""
    text = "Consulta el programa completo: https://t.co/Prog2026"
    assert authorship(_message(text), x).own == Span(0, len(text))


def test_mastodon_counts_a_replys_mentions(host: PluginHost) -> None:
    mastodon = host.channels()["mastodon"]
    text = "@vecina@social.example gracias por avisar, ya está arreglado"
    message = _message(text, kind=MessageKind.REPLY)
    assert authorship(message, mastodon).own == Span(0, len(text))


def _recording(scope: Scope, seen: list[RuleContext]) -> Rule:
    def check(context: RuleContext) -> Iterator[Finding]:
        seen.append(context)
        text = context.message.text
        yield Finding(
            rule="probe",
            severity=Severity.INFO,
            message=Bilingual(es="visto", en="seen"),
            span=Span(0, len(text)),
        )

    return Rule(
        id="probe",
        title=Bilingual(es="Sonda", en="Probe"),
        default_severity=Severity.INFO,
        check=check,
        scope=scope,
    )


def test_scopes_decide_what_a_rule_sees(host: PluginHost, x: Channel) -> None:
    reply = _message("@vecina_sanroque ya está arreglada", kind=MessageKind.REPLY)
    repost = _message("RT @alcaldesa_vdm: ¡Qué gran día!", original_author="@alcaldesa")

    def seen_by(scope: Scope, message: Message) -> list[RuleContext]:
        seen: list[RuleContext] = []
        Checker({"probe": _recording(scope, seen)}, host.channels()).check(message, x)
        return seen

    (own,) = seen_by(Scope(), reply)
    assert own.message.text == "ya está arreglada"
    assert own.authorship is not None and own.authorship.kind is MessageKind.REPLY
    (whole,) = seen_by(Scope(text=Text.WHOLE), reply)
    assert whole.message.text == reply.text
    assert seen_by(Scope(), repost) == []
    (everything,) = seen_by(Scope(kinds=frozenset(MessageKind), text=Text.WHOLE), repost)
    assert everything.message.text == repost.text
    assert seen_by(Scope(stages=frozenset({Stage.DRAFT})), reply) == []


def test_spans_come_back_onto_the_whole_text(host: PluginHost, x: Channel) -> None:
    reply = _message("@vecina_sanroque ya está arreglada", kind=MessageKind.REPLY)
    seen: list[RuleContext] = []
    checker = Checker({"probe": _recording(Scope(), seen)}, host.channels())
    (finding,) = checker.check(reply, x).findings
    assert finding.span is not None
    assert reply.text[finding.span.start : finding.span.end] == "ya está arreglada"


def test_scope_is_explained() -> None:
    described = Scope().describe()
    assert described.es == (
        "todo salvo las republicaciones; borradores y publicados; las palabras del propio autor"
    )
    assert described.en == (
        "everything but reposts; drafts and published posts; the author's own words"
    )


_handles = st.from_regex(r"@[A-Za-z0-9_]{1,15}", fullmatch=True)
_words = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "So", "Zs"]),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip() and not t.lstrip().startswith("@") and t == t.strip())
_wrapped = st.from_regex(r"https://t\.co/[A-Za-z0-9]{4,12}", fullmatch=True)


@given(mentions=st.lists(_handles, min_size=1, max_size=4), own=_words, link=_wrapped)
def test_a_published_reply_with_a_photo_gives_back_its_own_words(
    mentions: list[str], own: str, link: str
) -> None:
    x = PluginHost().channels()["x"]
    text = " ".join(mentions) + " " + own + " " + link
    message = _message(text, kind=MessageKind.REPLY, media=(PHOTO,))
    found = authorship(message, x).own
    assert text[found.start : found.end] == own
    draft = _message(text, kind=MessageKind.REPLY, media=(PHOTO,), published=False)
    assert authorship(draft, x).own == Span(0, len(text))


@given(own=_words, links=st.lists(_wrapped, min_size=1, max_size=2))
def test_declared_appended_links_give_back_the_rest(own: str, links: list[str]) -> None:
    x = PluginHost().channels()["x"]
    text = own + " " + " ".join(links)
    message = _message(text, appended_links=tuple(links))
    found = authorship(message, x).own
    assert text[found.start : found.end] == own
