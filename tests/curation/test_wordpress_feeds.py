"""A real feed producer: the local WordPress site's RSS 2.0 and Atom feeds, read as sources."""

from __future__ import annotations

from govsm.curation import Fetcher, read_feed
from govsm.curation.dedup import canonical_link
from govsm.workspace.sources_config import FeedSource
from tests.peers.wordpress_site import WordPressSite


def test_wordpress_rss_and_atom_feeds_are_read(wordpress_site: WordPressSite) -> None:
    """A post with HTML comes back from both feeds as text, with its permalink."""
    with wordpress_site.client() as api:
        created = api.post(
            "/wp/v2/posts",
            json={
                "title": "Fira del llibre & 20a edició",
                "content": "<p>A la <strong>plaça Major</strong>, del 4 al 6 de desembre.</p>",
                "status": "publish",
            },
        )
    assert created.status_code == 201, created.text[:300]
    post = created.json()
    for query, kind in (("?feed=rss2", "rss20"), ("?feed=atom", "atom10")):
        source = FeedSource(
            id="web", url=f"{wordpress_site.url}/{query}", unit="cultura", allow_private=True
        )
        fetched = Fetcher().fetch(source, root=wordpress_site.directory, folders=())
        feed = read_feed(fetched, 50)
        assert feed.kind == kind and feed.notes == ()
        (entry,) = [e for e in feed.entries if e.entry_id and e.title.startswith("Fira del llibre")]
        assert entry.title == "Fira del llibre & 20a edició"
        assert "plaça Major" in entry.summary and "<" not in entry.summary
        assert entry.link == canonical_link(post["link"])
