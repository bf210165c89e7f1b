"""Reading back and sessions against the real local PDS, beyond the kit."""

from __future__ import annotations

import re
import secrets

import pytest
from atproto import client_utils, models
from govsm_bluesky.adapter import BlueskyAdapter
from govsm_bluesky.rkey import POST, AtUri
from tests.peers.bluesky_network import BlueskyNetwork, free_port

from bluesky_tests.bluesky_council import BLUESKY, BlueskyPeer, Council, new_council, unique
from govsm.spec import (
    AuthenticationExpired,
    Direction,
    MessageKind,
    Profile,
    TransientError,
)
from govsm.spec.remote import ChangeKind
from govsm.testing.conformance import all_pages, message_for

pytestmark = pytest.mark.slow


class TestReadingBack:
    def test_without_an_appview_it_reads_the_firehose_and_counts_nothing(
        self, adapter: BlueskyAdapter, profile: Profile
    ) -> None:
        """This PDS has no AppView ("No service configured"): the capabilities say so."""
        caps = adapter.capabilities()
        assert caps.metrics == frozenset()
        assert any("no AppView answered" in source for source in caps.sources)
        post = adapter.publish(
            message_for(profile, unique("Sense comptadors")), idempotency_key=unique("k")
        )
        assert adapter.metrics(post.remote_id).counts == {}
        assert adapter.metrics(None).counts == {}
        _, cursor = all_pages(adapter.fetch_inbound, None)
        assert cursor is not None and re.match(r"\d+@http", cursor), "the firehose's cursor"

    def test_a_mention_arrives_as_a_mention(
        self, adapter: BlueskyAdapter, profile: Profile, peer: BlueskyPeer, council: Council
    ) -> None:
        """A neighbour's post that mentions the council (not a reply) arrives once, as a mention."""
        _, cursor = all_pages(adapter.fetch_inbound, None)
        text = (
            client_utils.TextBuilder()
            .text("Bon dia ")
            .mention(f"@{council.ayto.handle}", council.ayto.did)
            .text(unique(", quan passa l'autobús?"))
        )
        posted = peer.vecina.send_post(text, profile_identify=council.vecina.did)
        items, after = all_pages(adapter.fetch_inbound, cursor)
        mentions = [m for m in items if m.remote_id == posted.uri]
        assert len(mentions) == 1
        mention = mentions[0]
        assert mention.kind is MessageKind.MENTION and mention.direction is Direction.INBOUND
        assert mention.author == council.vecina.handle
        assert mention.reply_to_remote is None
        assert (
            mention.url
            == f"https://bsky.app/profile/{council.vecina.did}/post/{AtUri.parse(posted.uri).rkey}"
        )
        again, _ = all_pages(adapter.fetch_inbound, after)
        assert not [m for m in again if m.remote_id == posted.uri]

    def test_a_reply_names_the_post_it_answers(
        self, adapter: BlueskyAdapter, profile: Profile, peer: BlueskyPeer, council: Council
    ) -> None:
        """A reply arrives as a reply, naming our post in ``reply_to_remote``, with a stable id."""
        _, cursor = all_pages(adapter.fetch_inbound, None)
        post = adapter.publish(
            message_for(profile, unique("Pregunteu el que vulgueu")),
            idempotency_key=secrets.token_hex(8),
        )
        answer = peer.reply(post.remote_id, unique("On és el registre?"))
        items, _ = all_pages(adapter.fetch_inbound, cursor)
        found = [m for m in items if m.remote_id == answer]
        assert len(found) == 1 and found[0].kind is MessageKind.REPLY
        assert found[0].reply_to_remote == post.remote_id
        assert found[0].id.startswith(f"{profile.id}-in-")

    def test_a_record_rewritten_with_put_record_is_an_edit(
        self, adapter: BlueskyAdapter, profile: Profile, peer: BlueskyPeer, council: Council
    ) -> None:
        """The app cannot edit, but the protocol can: ``fetch_own`` reports it as EDITED."""
        _, cursor = all_pages(adapter.fetch_own, None)
        post = adapter.publish(
            message_for(profile, unique("Horari d'hivern")), idempotency_key=secrets.token_hex(8)
        )
        current = peer.record(post.remote_id)
        assert current is not None
        rewritten = unique("Horari d'hivern (corregit)")
        peer.ayto.com.atproto.repo.put_record(
            models.ComAtprotoRepoPutRecord.Data(
                repo=council.ayto.did,
                collection=POST,
                rkey=AtUri.parse(post.remote_id).rkey,
                record={"$type": POST, "text": rewritten, "createdAt": current.value.created_at},
                swap_record=current.cid,
            )
        )
        changes, _ = all_pages(adapter.fetch_own, cursor)
        kinds = [
            (c.kind, c.message.text if c.message else None)
            for c in changes
            if c.remote_id == post.remote_id
        ]
        assert kinds == [(ChangeKind.POSTED, current.value.text), (ChangeKind.EDITED, rewritten)]

    def test_the_first_read_lists_every_post_once(self, bluesky_network: BlueskyNetwork) -> None:
        """``fetch_own(None)``: the listing, then the firehose skips what the listing showed."""
        council = new_council(bluesky_network)
        with council.adapter() as adapter:
            profile = council.profile()
            posts = [
                adapter.publish(
                    message_for(profile, unique(f"Avís {n}")), idempotency_key=secrets.token_hex(8)
                )
                for n in range(3)
            ]
            changes, _ = all_pages(adapter.fetch_own, None)
        mine = [c for c in changes if c.remote_id in {p.remote_id for p in posts}]
        assert sorted(c.remote_id for c in mine) == sorted(p.remote_id for p in posts)
        assert all(c.kind is ChangeKind.POSTED and c.message is not None for c in mine)
        assert all(
            c.message.state.value == "published" and c.message.url for c in mine if c.message
        )


class TestSessions:
    def test_a_refused_access_token_is_refreshed(
        self, adapter: BlueskyAdapter, profile: Profile, peer: BlueskyPeer
    ) -> None:
        """An access token the PDS no longer takes is renewed with the refresh token."""
        adapter.verify()
        tokens = adapter._account._tokens
        assert tokens is not None
        tokens.access = "not.a.token"
        result = adapter.publish(
            message_for(profile, unique("Després de renovar")), idempotency_key=secrets.token_hex(8)
        )
        assert peer.text_of(result.remote_id)
        renewed = adapter._account._tokens
        assert renewed is not None and renewed.access != "not.a.token"

    def test_a_refused_refresh_token_logs_in_again(
        self, adapter: BlueskyAdapter, profile: Profile, peer: BlueskyPeer
    ) -> None:
        """With both tokens refused, the adapter logs in again with the app password."""
        adapter.verify()
        tokens = adapter._account._tokens
        assert tokens is not None
        tokens.access, tokens.refresh = "not.a.token", "not.a.refresh"
        result = adapter.publish(
            message_for(profile, unique("Després d'entrar de nou")),
            idempotency_key=secrets.token_hex(8),
        )
        assert peer.text_of(result.remote_id)
        renewed = adapter._account._tokens
        assert renewed is not None and renewed.refresh != "not.a.refresh"

    def test_a_revoked_app_password_is_refused(self, bluesky_network: BlueskyNetwork) -> None:
        """Revoking the app password in Bluesky's settings: verify says so, then publish raises.

        The session already open outlives the revocation (its access token is valid for two
        hours on the PDS); ``verify`` logs in afresh, is refused, and drops the session.
        """
        council = new_council(bluesky_network)
        with council.adapter() as adapter:
            profile = council.profile()
            assert adapter.verify().valid
            owner = bluesky_network.client(council.ayto)
            owner.com.atproto.server.revoke_app_password(
                models.ComAtprotoServerRevokeAppPassword.Data(name="govsm")
            )
            still = adapter.publish(
                message_for(profile, unique("Encara")), idempotency_key=secrets.token_hex(8)
            )
            assert still.remote_id
            status = adapter.verify()
            assert not status.valid and status.reason is not None
            assert "AuthenticationRequired" in status.reason.en
            assert council.app_password not in status.reason.es + status.reason.en
            with pytest.raises(AuthenticationExpired):
                adapter.publish(
                    message_for(profile, unique("Ja no")), idempotency_key=secrets.token_hex(8)
                )

    def test_an_unreachable_service_is_transient(self, council: Council, profile: Profile) -> None:
        """Nothing listens: verify and publish raise TransientError (nothing was sent)."""
        nobody = f"http://127.0.0.1:{free_port()}"
        with BlueskyAdapter(
            channel=BLUESKY, profile=profile, password="x", service=nobody, plc=nobody
        ) as adapter:
            with pytest.raises(TransientError):
                adapter.verify()
            with pytest.raises(TransientError):
                adapter.publish(message_for(profile, "x"), idempotency_key="k")
