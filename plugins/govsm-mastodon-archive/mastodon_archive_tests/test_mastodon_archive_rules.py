"""End to end: an imported archive, checked by the rule engine as Mastodon counts and shows it.

A boost's words are someone else's, and not in the archive: checked through
``govsm.rules.engine.Checker`` with the ``mastodon`` channel it gives no finding at all. A
reply's mentions are in its text as Mastodon shows them (``@vecina``, without the ``@domain``
the author typed): Mastodon counts a mention without its domain, so the imported reply counts
exactly what Mastodon counted when it took the post — at its 500 characters, with the content
warning counted too, it is not too long; one character more, and it is.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from govsm.model import Channel, Message, MessageKind, MessageState
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.text import measure
from mastodon_archive_tests.builder import ArchiveBuilder, Link, Mention, Tag, council_archive
from mastodon_archive_tests.conftest import messages_of, problems_of, read_all

_SENTENCE = "Gracias por avisar: la farola de la calle Mayor ya está arreglada y revisada. "
_WARNING = "Avería del alumbrado"
_PARENT = "https://otra.example/users/vecina_sanroque/statuses/111998000000000007"


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


@pytest.fixture(scope="module")
def mastodon(host: PluginHost) -> Channel:
    return host.channels()["mastodon"]


def _found(host: PluginHost, message: Message, channel: Channel) -> set[str]:
    result = Checker(host.rules(), host.channels()).check(message, channel)
    return {finding.rule for finding in result.findings}


def _reply_at(channel: Channel, limit: int) -> tuple[ArchiveBuilder, str]:
    """A reply the council typed, mentions with their domains, counting ``limit`` on Mastodon."""
    lead = "@vecina_sanroque@otra.example @ampa_cervantes@escuelas.example "
    words = "🏮 " + _SENTENCE * 8
    while measure(lead + words, channel, content_warning=_WARNING).length > limit:
        words = words[:-1]
    words = words.rstrip()
    while measure(lead + words, channel, content_warning=_WARNING).length < limit:
        words += "."
    builder = ArchiveBuilder()
    builder.status(
        [
            Mention("vecina_sanroque", "otra.example"),
            " ",
            Mention("ampa_cervantes", "escuelas.example"),
            " " + words,
        ],
        reply_to=_PARENT,
        warning=_WARNING,
    )
    (typed,) = builder.sources.values()
    assert typed == lead + words
    return builder, typed


def test_a_boost_gives_no_finding_about_its_absent_words(
    host: PluginHost, mastodon: Channel, tmp_path: Path
) -> None:
    builder = ArchiveBuilder()
    builder.boost(
        "http://antiguo.example/users/biblioteca/statuses/99",
        "http://antiguo.example/users/biblioteca",
    )
    (boost,) = messages_of(read_all(builder.write_zip(tmp_path / "boost.zip")))
    assert boost.kind is MessageKind.REPOST and boost.text == ""
    result = Checker(host.rules(), host.channels()).check(boost, mastodon)
    assert list(result.findings) == []
    assert result.measurement.length == 0
    # the same record taken for the council's own post would be judged (its plain-http link)
    assert "link-https" in _found(host, attrs.evolve(boost, kind=MessageKind.POST), mastodon)


def test_the_councils_boosts_in_its_archive_are_not_judged(
    host: PluginHost, mastodon: Channel, tmp_path: Path
) -> None:
    loaded = messages_of(read_all(council_archive().write_zip(tmp_path / "council.zip")))
    boosts = [m for m in loaded if m.kind is MessageKind.REPOST]
    assert boosts
    for boost in boosts:
        assert _found(host, boost, mastodon) == set()


def test_a_reply_at_the_limit_counts_as_mastodon_counted_it(
    host: PluginHost, mastodon: Channel, tmp_path: Path
) -> None:
    builder, typed = _reply_at(mastodon, 500)
    items = read_all(builder.write_zip(tmp_path / "limit.zip"))
    assert problems_of(items) == []
    (reply,) = messages_of(items)
    assert reply.kind is MessageKind.REPLY
    assert reply.text.startswith("@vecina_sanroque @ampa_cervantes ")  # shown without domains
    assert reply.text != typed
    assert reply.content_warning == _WARNING
    shown = measure(reply.text, mastodon, content_warning=reply.content_warning).length
    assert shown == measure(typed, mastodon, content_warning=_WARNING).length == 500
    result = Checker(host.rules(), host.channels()).check(reply, mastodon)
    assert result.measurement.length == 500
    assert "length" not in {finding.rule for finding in result.findings}


def test_one_character_more_is_too_long_even_imported(
    host: PluginHost, mastodon: Channel, tmp_path: Path
) -> None:
    builder, _ = _reply_at(mastodon, 501)
    (reply,) = messages_of(read_all(builder.write_zip(tmp_path / "over.zip")))
    assert "length" in _found(host, reply, mastodon)


def test_the_same_reply_as_a_draft_counts_the_same(
    host: PluginHost, mastodon: Channel, tmp_path: Path
) -> None:
    """On Mastodon a reply's mentions are the author's words: draft or published, all counts."""
    builder, typed = _reply_at(mastodon, 500)
    (reply,) = messages_of(read_all(builder.write_zip(tmp_path / "draft.zip")))
    draft = attrs.evolve(reply, text=typed, state=MessageState.DRAFT, published_at=None)
    result = Checker(host.rules(), host.channels()).check(draft, mastodon)
    assert result.measurement.length == 500


def test_an_authors_own_plain_http_link_is_still_flagged(
    host: PluginHost, mastodon: Channel, tmp_path: Path
) -> None:
    """A boost's address is not judged; the links the council wrote are."""
    builder = ArchiveBuilder()
    builder.status(
        ["Consulta el bando: ", Link("http://valdemora.example/bando"), " ", Tag("Bando")]
    )
    (post,) = messages_of(read_all(builder.write_zip(tmp_path / "http.zip")))
    assert post.text == "Consulta el bando: http://valdemora.example/bando #Bando"
    assert post.links == ("http://valdemora.example/bando",)
    assert "link-https" in _found(host, post, mastodon)
