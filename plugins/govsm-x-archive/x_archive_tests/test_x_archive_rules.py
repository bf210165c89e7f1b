"""End to end: an imported archive, checked by the rule engine as X counts and shows each post.

A reply's leading @mentions and the ``t.co`` link X appends for a photo or a quoted post are in
the text X keeps, but are not the author's words: checked through ``govsm.rules.engine.Checker``
with the X channel, they give no ``length`` and no ``link-*`` finding, even when the author's
own text is exactly at X's 280 — with an ``&`` (five code points escaped, one shown, one
counted) and an emoji (two counted) in it.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from govsm.model import Channel, Message, MessageKind, MessageState
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.text import measure
from x_archive_tests.builder import ArchiveBuilder, Link, Photo
from x_archive_tests.conftest import messages_of, problems_of, read_all

_SENTENCE = "Abrimos la nueva biblioteca municipal del barrio de San Roque con horario ampliado. "

#: what the rules must not say of the author's words at X's limit
AUTHORS_WORDS = {"length", "link-https", "link-shortener"}


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


@pytest.fixture(scope="module")
def x(host: PluginHost) -> Channel:
    return host.channels()["x"]


def at_limit(channel: Channel, limit: int = 280) -> str:
    """The council's own words — an ``&`` and an emoji among them — as long as X allows."""
    start = "Teatro & música 🎭 "
    text = start + _SENTENCE * 4
    while measure(text, channel).length > limit:
        text = text[:-1]
    text = text.rstrip()
    while measure(text, channel).length < limit:
        text += "."
    assert measure(text, channel).length == limit
    return text


def _found(host: PluginHost, message: Message, channel: Channel) -> set[str]:
    result = Checker(host.rules(), host.channels()).check(message, channel)
    return {finding.rule for finding in result.findings}


def test_imported_posts_at_the_limit_are_clean(
    host: PluginHost, x: Channel, tmp_path: Path
) -> None:
    own = at_limit(x)
    builder = ArchiveBuilder()
    builder.tweet(
        [own],
        reply_to=("vecina_sanroque", "1500000000000000100"),
        leading=("vecina_sanroque", "AMPA_Cervantes", "BiblioValdemora"),
    )
    builder.tweet([own], photos=(Photo("cartel", alt="Cartel de la feria del libro"),))
    builder.tweet([own], quote=("BiblioValdemora", "1500000000000000200"))
    items = read_all(builder.write(tmp_path / "limit.zip"))
    assert problems_of(items) == []
    reply, photo, quote = messages_of(items)
    assert [m.kind for m in (reply, photo, quote)] == [
        MessageKind.REPLY,
        MessageKind.POST,
        MessageKind.QUOTE,
    ]
    for message in (reply, photo, quote):
        assert message.counted_range is not None
        start, end = message.counted_range.start, message.counted_range.end
        assert message.text[start:end] == own, message.text
        assert message.text != own  # the mentions or the link are there, outside the range
        assert not _found(host, message, x) & AUTHORS_WORDS, message.text
        result = Checker(host.rules(), host.channels()).check(message, x)
        assert result.measurement.length == 280


def test_one_character_more_is_too_long_even_imported(
    host: PluginHost, x: Channel, tmp_path: Path
) -> None:
    builder = ArchiveBuilder()
    builder.tweet([at_limit(x, 281)], photos=(Photo("cartel", alt="Cartel"),))
    (photo,) = messages_of(read_all(builder.write(tmp_path / "over.zip")))
    assert "length" in _found(host, photo, x)


def test_the_same_text_as_a_draft_counts_whole(
    host: PluginHost, x: Channel, tmp_path: Path
) -> None:
    """What makes the difference is that X published it: a draft's text is all the author's."""
    builder = ArchiveBuilder()
    builder.tweet([at_limit(x)], photos=(Photo("cartel", alt="Cartel"),))
    (photo,) = messages_of(read_all(builder.write(tmp_path / "draft.zip")))
    draft = attrs.evolve(
        photo, state=MessageState.DRAFT, published_at=None, counted_range=None, appended_links=()
    )
    assert "length" in _found(host, draft, x)


def test_an_authors_own_plain_http_link_is_still_flagged(
    host: PluginHost, x: Channel, tmp_path: Path
) -> None:
    """The t.co links X adds are not the author's; the address a link stands for is."""
    builder = ArchiveBuilder()
    builder.tweet(["Consulta el bando: ", Link("http://valdemora.example/bando")])
    (post,) = messages_of(read_all(builder.write(tmp_path / "http.zip")))
    assert post.links == ("http://valdemora.example/bando",)
    assert "link-https" in _found(host, post, x)
