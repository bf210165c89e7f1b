"""End to end: imported records, checked by the rule engine as Bluesky counts and shows them.

Bluesky counts a post's text in graphemes, at most 300, the text as written: a link shortened
by the app counts as shown, its full address being in a facet. An imported post at the limit is
not too long, one grapheme more is; a repost's words are someone else's and give no finding; a
photo without a description is flagged, as it would have been before it was posted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bluesky_archive_tests.builder import REPOSTED, Link, Repository, blob, council_repository
from bluesky_archive_tests.conftest import messages_of, problems_of, read_all
from govsm.model import Channel, Message, MessageKind
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.text import measure

_LINK = Link(
    "soldeneu.example/ple/ordre…", "https://www.soldeneu.example/ple/ordre-del-dia/" + "x" * 200
)


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


@pytest.fixture(scope="module")
def bluesky(host: PluginHost) -> Channel:
    return host.channels()["bluesky"]


def _found(host: PluginHost, message: Message, channel: Channel) -> set[str]:
    result = Checker(host.rules(), host.channels()).check(message, channel)
    return {finding.rule for finding in result.findings}


def _post_of(graphemes: int, channel: Channel, tmp_path: Path) -> Message:
    """A post of ``graphemes`` graphemes as Bluesky counts them, with a shortened link."""
    lead = "Ordre del dia del ple 🏛️ "
    words = "Ple municipal obert a tothom. " * 12
    while measure(lead + "soldeneu.example/ple/ordre… " + words, channel).length > graphemes:
        words = words[:-1]
    while measure(lead + "soldeneu.example/ple/ordre… " + words, channel).length < graphemes:
        words += "."
    repo = Repository()
    repo.post(lead, _LINK, " " + words, langs=["ca"])
    items = read_all(repo.write(tmp_path / f"{graphemes}.car"))
    assert problems_of(items) == []
    (post,) = messages_of(items)
    return post


def test_a_post_at_bluesky_s_limit_is_not_too_long(
    host: PluginHost, bluesky: Channel, tmp_path: Path
) -> None:
    """300 graphemes as shown (the link shortened): the length rule says nothing."""
    post = _post_of(300, bluesky, tmp_path)
    assert post.links == (_LINK.uri,)
    assert measure(post.text, bluesky).length == 300
    assert "length" not in _found(host, post, bluesky)


def test_one_grapheme_more_is_too_long_even_imported(
    host: PluginHost, bluesky: Channel, tmp_path: Path
) -> None:
    """301 graphemes: too long, published or not."""
    assert "length" in _found(host, _post_of(301, bluesky, tmp_path), bluesky)


def test_the_councils_repost_is_not_judged(
    host: PluginHost, bluesky: Channel, tmp_path: Path
) -> None:
    """A repost gives no finding at all."""
    repo, _ = council_repository()
    loaded = messages_of(read_all(repo.write(tmp_path / "repo.car")))
    (repost,) = [m for m in loaded if m.kind is MessageKind.REPOST]
    assert repost.links == (
        f"https://bsky.app/profile/{REPOSTED.split('/')[2]}/post/{REPOSTED.rsplit('/', 1)[1]}",
    )
    assert _found(host, repost, bluesky) == set()


def test_a_photo_without_its_description_is_flagged(
    host: PluginHost, bluesky: Channel, tmp_path: Path
) -> None:
    """The alt-text rule sees the imported image as Bluesky stored it: without alt text."""
    repo = Repository()
    repo.post(
        "Obres a la plaça.",
        embed={"$type": "app.bsky.embed.images", "images": [{"image": blob("obres"), "alt": ""}]},
    )
    repo.post(
        "Obres a la plaça.",
        embed={
            "$type": "app.bsky.embed.images",
            "images": [{"image": blob("obres"), "alt": "Màquines a la plaça"}],
        },
    )
    bare, described = messages_of(read_all(repo.write(tmp_path / "repo.car")))
    assert "alt-text" in _found(host, bare, bluesky)
    assert "alt-text" not in _found(host, described, bluesky)
