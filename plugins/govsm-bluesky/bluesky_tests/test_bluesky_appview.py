"""Inbound items and counts through a real AppView: dev-env's full network (PDS, AppView, PLC).

The PDS passes ``app.bsky.*`` to the AppView, as ``bsky.social`` passes them to Bluesky's: the
adapter reads replies, mentions and quotes from ``listNotifications`` and counts from
``getPosts`` and ``getProfile``. One network serves the session (``bluesky_full_network``);
each class has its own council and neighbour.
"""

from __future__ import annotations

import httpx
import pytest
from atproto import client_utils
from govsm_bluesky import appview
from govsm_bluesky.adapter import BlueskyAdapter
from govsm_bluesky.capabilities import APPVIEW_METRICS
from tests.peers.bluesky_appview import BlueskyFullNetwork

from bluesky_tests.bluesky_council import AppViewPeer, Council, new_council, unique
from govsm.spec import Direction, MessageKind, PermanentRejection, Profile
from govsm.testing.conformance import AdapterConformance, all_pages, message_for, png

pytestmark = pytest.mark.slow


@pytest.fixture(scope="class")
def council(bluesky_full_network: BlueskyFullNetwork) -> Council:
    """A council and a neighbour on the full network, shared by the tests of one class.

    It replaces the PDS-only network's council of ``conftest`` in this module: the adapter
    (built by the plugin's hook, through the PDS's own AppView) and the kit's fixtures follow.
    """
    return new_council(bluesky_full_network)


@pytest.fixture
def peer(council: Council) -> AppViewPeer:
    """The neighbour on the full network."""
    return AppViewPeer(council)


class TestThroughTheAppView:
    def test_replies_mentions_and_quotes_arrive_once_from_the_notifications(
        self, adapter: BlueskyAdapter, peer: AppViewPeer, council: Council
    ) -> None:
        assert adapter.capabilities().metrics == APPVIEW_METRICS, "an AppView answers"
        _, cursor = all_pages(adapter.fetch_inbound, None)
        profile = council.profile()
        post = adapter.publish(
            message_for(profile, unique("Obrim el termini de les beques")),
            idempotency_key=unique("beques"),
        )
        reply = peer.reply(post.remote_id, unique("Fins quan?"))
        nested = peer.reply(reply, unique("I per a qui?"))
        text = (
            client_utils.TextBuilder()
            .text("Pregunteu a ")
            .mention(f"@{council.ayto.handle}", council.ayto.did)
            .text(unique(" per les beques"))
        )
        mention = str(
            peer.vecina.send_image(
                text,
                image=png(8, 6),
                image_alt="Cartell de les beques",
                profile_identify=council.vecina.did,
            ).uri
        )
        quote = peer.quote(post.remote_id, unique("Mireu açò"))
        peer.settle()

        items, after = all_pages(adapter.fetch_inbound, cursor)
        by_uri = {m.remote_id: m for m in items}
        assert sorted(by_uri) == sorted([reply, nested, mention, quote]), "each once"
        assert len(items) == 4
        assert by_uri[reply].kind is MessageKind.REPLY
        assert by_uri[reply].reply_to_remote == post.remote_id
        assert by_uri[nested].kind is MessageKind.REPLY, "a reply under a reply is ours too"
        assert by_uri[nested].reply_to_remote == reply, "it names the post it answers"
        assert by_uri[mention].kind is MessageKind.MENTION
        assert by_uri[mention].reply_to_remote is None
        (picture,) = by_uri[mention].media
        assert picture.alt_text == "Cartell de les beques"
        fetched = httpx.get(picture.location, timeout=10, trust_env=False)
        assert fetched.status_code == 200 and fetched.content == png(8, 6), "on her PDS"
        assert by_uri[quote].kind is MessageKind.MENTION
        assert by_uri[quote].reply_to_remote == post.remote_id, "a quote names what it quotes"
        assert by_uri[quote].original_author == council.ayto.handle
        for item in items:
            assert item.direction is Direction.INBOUND and item.profile == profile.id
            assert item.author == council.vecina.handle
        assert [m.created_at for m in items] == sorted(m.created_at for m in items)

        again, same = all_pages(adapter.fetch_inbound, after)
        assert again == [] and same == after, "nothing new: nothing again, the same cursor"

    def test_a_walk_longer_than_a_page_resumes_and_misses_nothing(
        self,
        adapter: BlueskyAdapter,
        peer: AppViewPeer,
        council: Council,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Twelve replies over pages of five; two more come while the walk is half done."""
        monkeypatch.setattr(appview, "PAGE", 5)
        _, cursor = all_pages(adapter.fetch_inbound, None)
        post = adapter.publish(
            message_for(council.profile(), unique("Enquesta sobre el parc")),
            idempotency_key=unique("parc"),
        )
        peer.settle()
        first = [peer.reply(post.remote_id, unique(f"Resposta {n}")) for n in range(12)]

        page = adapter.fetch_inbound(cursor)
        assert page.more and len(page.items) == 5, "one page of five, and more to come"
        late = [peer.reply(post.remote_id, unique(f"Tardana {n}")) for n in range(2)]
        rest, after = all_pages(adapter.fetch_inbound, page.cursor)
        walked = [m.remote_id for m in (*page.items, *rest)]
        assert sorted(walked) == sorted(first), "the walk under way ends where it began"

        following, _ = all_pages(adapter.fetch_inbound, after)
        assert sorted(m.remote_id for m in following) == sorted(late), "the next walk: the rest"

    def test_counts_of_a_post_and_of_the_account(
        self, adapter: BlueskyAdapter, peer: AppViewPeer, council: Council
    ) -> None:
        post = adapter.publish(
            message_for(council.profile(), unique("Concert a la plaça")),
            idempotency_key=unique("concert"),
        )
        peer.settle()
        before = adapter.metrics(None).counts
        peer.like(post.remote_id)
        peer.repost(post.remote_id)
        peer.reply(post.remote_id, unique("Allí estarem"))
        peer.quote(post.remote_id, unique("No us ho perdeu"))
        peer.follow()
        peer.settle()

        counts = adapter.metrics(post.remote_id).counts
        assert counts == {"likes": 1, "reposts": 1, "replies": 1, "quotes": 1}
        account = adapter.metrics(None).counts
        assert account["followers"] == before.get("followers", 0) + 1 == 1
        assert account["posts"] == before["posts"], "the council wrote nothing in between"
        assert account["posts"] >= 1

        with pytest.raises(PermanentRejection):
            adapter.metrics(f"at://{council.ayto.did}/app.bsky.feed.post/3zzzzzzzzzzzz")

    def test_an_appview_named_with_atproto_proxy(
        self,
        council: Council,
        peer: AppViewPeer,
        bluesky_full_network: BlueskyFullNetwork,
    ) -> None:
        """``GOVSM_BLUESKY_APPVIEW`` sends ``atproto-proxy``: the named AppView answers, and a
        DID that names no AppView is refused, not taken for a PDS without one."""
        named = council.adapter(appview=f"{bluesky_full_network.bsky_did}#bsky_appview")
        nobody = council.adapter(appview="did:plc:aaaaaaaaaaaaaaaaaaaaaaaa#bsky_appview")
        try:
            post = named.publish(
                message_for(council.profile(), unique("Horari de la piscina")),
                idempotency_key=unique("piscina"),
            )
            answer = peer.reply(post.remote_id, unique("I el diumenge?"))
            items, _ = all_pages(named.fetch_inbound, None)
            assert answer in [m.remote_id for m in items]
            assert named.metrics(post.remote_id).counts["replies"] == 1
            with pytest.raises(PermanentRejection):
                nobody.fetch_inbound(None)
            assert nobody.capabilities().metrics == frozenset(), "nothing is counted"
        finally:
            named.close()
            nobody.close()


class TestConformanceThroughTheAppView(AdapterConformance):
    """govsm's conformance kit with inbound items and counts from the AppView."""

    def test_the_adapter_reads_through_the_appview(
        self, adapter: BlueskyAdapter, profile: Profile
    ) -> None:
        assert adapter.capabilities().metrics == APPVIEW_METRICS
        _, cursor = all_pages(adapter.fetch_inbound, None)
        assert cursor is not None and cursor.startswith("notif:")
