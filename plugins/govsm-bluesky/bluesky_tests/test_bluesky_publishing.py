"""Publishing against the real local PDS, beyond the kit: facets, keys, threads, images, once."""

from __future__ import annotations

import io
import secrets
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from atproto import models
from atproto_client.exceptions import BadRequestError
from govsm_bluesky.adapter import BlueskyAdapter
from govsm_bluesky.rkey import POST, AtUri, is_tid, record_key
from PIL import Image

from bluesky_tests.bluesky_council import BlueskyPeer, Council, image, unique
from govsm.spec import (
    MediaKind,
    MessageKind,
    OutcomeUnknown,
    PermanentRejection,
    Profile,
    UploadMedia,
)
from govsm.testing.conformance import message_for

pytestmark = pytest.mark.slow


class TestPublishing:
    def test_facets_cover_their_bytes_on_the_server(
        self, adapter: BlueskyAdapter, profile: Profile, peer: BlueskyPeer, council: Council
    ) -> None:
        """Accents, emoji, a link, a tag and a mention: each facet's bytes are its text."""
        text = (
            f"Plaça Major 😀👩‍👩‍👧: tall d'aigua, vegeu https://www.soldeneu.es/avisos?id=3 "
            f"#TallDAigua gràcies @{council.vecina.handle}"
        )
        result = adapter.publish(
            message_for(profile, text, language="ca-valencia"),
            idempotency_key=secrets.token_hex(8),
        )
        record = peer.record(result.remote_id)
        assert record is not None
        value = record.value
        assert value.text == text and value.langs == ["ca"]
        data = text.encode("utf-8")
        found = {
            data[f.index.byte_start : f.index.byte_end].decode(): f.features[0]
            for f in value.facets
        }
        assert set(found) == {
            "https://www.soldeneu.es/avisos?id=3",
            "#TallDAigua",
            f"@{council.vecina.handle}",
        }
        assert (
            found["https://www.soldeneu.es/avisos?id=3"].uri
            == "https://www.soldeneu.es/avisos?id=3"
        )
        assert found["#TallDAigua"].tag == "TallDAigua"
        assert found[f"@{council.vecina.handle}"].did == council.vecina.did
        assert (
            result.url
            == f"https://bsky.app/profile/{council.ayto.handle}/post/{AtUri.parse(result.remote_id).rkey}"
        )

    def test_a_mention_of_an_unknown_handle_is_plain_text(
        self, adapter: BlueskyAdapter, profile: Profile, peer: BlueskyPeer
    ) -> None:
        """``@ningu-….test`` resolves to no account: the text goes out, with no facet."""
        text = unique(f"Avís per a @ningu-{secrets.token_hex(4)}.test i per a tothom")
        result = adapter.publish(message_for(profile, text), idempotency_key=secrets.token_hex(8))
        record = peer.record(result.remote_id)
        assert record is not None
        assert record.value.text == text
        assert not record.value.facets

    def test_the_record_key_comes_from_the_idempotency_key(
        self, adapter: BlueskyAdapter, profile: Profile, peer: BlueskyPeer
    ) -> None:
        """The post's key is the TID the key gives; the PDS refuses keys that are not TIDs."""
        message = message_for(profile, unique("Recollida de trastos"))
        key = secrets.token_hex(8)
        result = adapter.publish(message, idempotency_key=key)
        rkey = AtUri.parse(result.remote_id).rkey
        assert rkey == record_key(key, message.created_at) and is_tid(rkey)
        with pytest.raises(BadRequestError, match="Invalid TID string"):
            peer.ayto.com.atproto.repo.create_record(
                models.ComAtprotoRepoCreateRecord.Data(
                    repo=peer.council.ayto.did,
                    collection=POST,
                    rkey=f"govsm-{key}",
                    record={"$type": POST, "text": "x", "createdAt": "2026-11-20T09:00:00Z"},
                )
            )

    def test_a_reply_to_a_reply_keeps_the_threads_root(
        self, adapter: BlueskyAdapter, profile: Profile, peer: BlueskyPeer
    ) -> None:
        """The third post of a thread answers the second; its root is the first."""
        posts = []
        for n in range(3):
            posts.append(
                adapter.publish(
                    message_for(profile, unique(f"Fil de les festes ({n + 1}/3)")),
                    idempotency_key=secrets.token_hex(8),
                    reply_to=posts[-1].remote_id if posts else None,
                )
            )
        first, second, third = (peer.record(p.remote_id) for p in posts)
        assert first is not None and second is not None and third is not None
        assert (third.value.reply.root.uri, third.value.reply.root.cid) == (first.uri, first.cid)
        assert (third.value.reply.parent.uri, third.value.reply.parent.cid) == (
            second.uri,
            second.cid,
        )
        assert second.value.reply.root.uri == second.value.reply.parent.uri == first.uri

    def test_a_reply_to_a_neighbours_post(
        self, adapter: BlueskyAdapter, profile: Profile, peer: BlueskyPeer, council: Council
    ) -> None:
        """Answering a post of another repository reads it from that account's PDS."""
        question = peer.vecina.send_post(
            unique("Quan obri la piscina?"), profile_identify=council.vecina.did
        )
        answer = adapter.publish(
            message_for(profile, unique("Dissabte a les 11 h")),
            idempotency_key=secrets.token_hex(8),
            reply_to=str(question.uri),
        )
        assert peer.parent_of(answer.remote_id) == question.uri
        with pytest.raises(PermanentRejection):
            adapter.publish(
                message_for(profile, unique("No respon a res")),
                idempotency_key=secrets.token_hex(8),
                reply_to=f"at://{council.vecina.did}/{POST}/2222222222222",
            )

    def test_images_go_up_with_alt_text_and_shape(
        self, adapter: BlueskyAdapter, profile: Profile, peer: BlueskyPeer, council: Council
    ) -> None:
        """Each image is a blob on the PDS, with its alt text and its aspect ratio."""
        media = [image(32, 18, "Plànol del recorregut"), image(10, 40, None)]
        result = adapter.publish(
            message_for(profile, unique("Recorregut de la cavalcada")),
            idempotency_key=secrets.token_hex(8),
            media=media,
        )
        record = peer.record(result.remote_id)
        assert record is not None
        images = record.value.embed.images
        assert [i.alt for i in images] == ["Plànol del recorregut", ""]
        assert [(i.aspect_ratio.width, i.aspect_ratio.height) for i in images] == [
            (32, 18),
            (10, 40),
        ]
        blob = peer.vecina.com.atproto.sync.get_blob(
            models.ComAtprotoSyncGetBlob.Params(
                did=council.ayto.did, cid=images[0].image.cid.encode()
            )
        )
        assert blob == media[0].data

    def test_what_bluesky_cannot_take_is_refused_before_sending(
        self, adapter: BlueskyAdapter, profile: Profile, peer: BlueskyPeer
    ) -> None:
        """A video, a fifth image, a content warning, a direct message: refused, none posted."""
        text = unique("No s'ha de publicar")
        video = UploadMedia(
            kind=MediaKind.VIDEO,
            data=b"\x00" * 10,
            mime_type="video/mp4",
            alt_text="v",
            name="v.mp4",
        )
        attempts: list[dict[str, Any]] = [
            {"media": [video]},
            {"media": [image(8, 8, "x")] * 5},
        ]
        for attempt in attempts:
            with pytest.raises(PermanentRejection):
                adapter.publish(
                    message_for(profile, text), idempotency_key=secrets.token_hex(8), **attempt
                )
        for changes in ({"content_warning": "Imatges dures"}, {"kind": MessageKind.DIRECT}):
            with pytest.raises(PermanentRejection):
                adapter.publish(
                    message_for(profile, text, **changes), idempotency_key=secrets.token_hex(8)
                )
        assert peer.count_with_text(text) == 0

    def test_an_image_over_the_lexicons_size_is_refused_with_the_reason(
        self, adapter: BlueskyAdapter, profile: Profile
    ) -> None:
        """Over 2,000,000 bytes: the PDS's own reason (``blob too big``), in the rejection."""
        noise = Image.frombytes("RGB", (900, 900), secrets.token_bytes(900 * 900 * 3))
        out = io.BytesIO()
        noise.save(out, format="PNG")
        assert len(out.getvalue()) > 2_000_000
        big = UploadMedia(
            kind=MediaKind.IMAGE,
            data=out.getvalue(),
            mime_type="image/png",
            alt_text="Soroll",
            name="big.png",
        )
        with pytest.raises(PermanentRejection, match="blob too big"):
            adapter.publish(
                message_for(profile, unique("Massa gran")),
                idempotency_key=secrets.token_hex(8),
                media=[big],
            )


class TestIdempotency:
    def test_a_create_that_collides_returns_the_post(
        self,
        adapter: BlueskyAdapter,
        profile: Profile,
        peer: BlueskyPeer,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """If the look-before misses a post, the PDS refuses the same key: it is the same post."""
        message = message_for(profile, unique("Ple extraordinari"))
        key = secrets.token_hex(8)
        first = adapter.publish(message, idempotency_key=key)
        real = adapter._reader.own_record
        missed = iter([None])
        monkeypatch.setattr(
            adapter._reader, "own_record", lambda rkey: next(missed, None) or real(rkey)
        )
        again = adapter.publish(message, idempotency_key=key)
        assert again.remote_id == first.remote_id
        assert peer.count_with_text(message.text) == 1

    def test_an_answer_lost_after_sending_is_settled_or_unknown(
        self,
        adapter: BlueskyAdapter,
        profile: Profile,
        peer: BlueskyPeer,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A timeout after the create left: the post is returned if it exists, else unknown."""
        pds = adapter._account.pds()
        real = pds.procedure

        def lost_after(nsid: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
            answer = real(nsid, *args, **kwargs)
            if nsid == "com.atproto.repo.createRecord":
                raise httpx.ReadTimeout("no answer", request=httpx.Request("POST", pds.url))
            return answer

        def lost_before(nsid: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
            if nsid == "com.atproto.repo.createRecord":
                raise httpx.ReadTimeout("no answer", request=httpx.Request("POST", pds.url))
            return real(nsid, *args, **kwargs)

        arrived = message_for(profile, unique("Arribat sense resposta"))
        monkeypatch.setattr(pds, "procedure", lost_after)
        settled = adapter.publish(arrived, idempotency_key="lost-after")
        assert peer.text_of(settled.remote_id) == arrived.text

        never = message_for(profile, unique("Mai arribat"))
        monkeypatch.setattr(pds, "procedure", lost_before)
        with pytest.raises(OutcomeUnknown):
            adapter.publish(never, idempotency_key="lost-before")
        assert adapter.lookup(never, idempotency_key="lost-before", since=datetime.now(UTC)) is None

    def test_deleting_someone_elses_post_is_refused(
        self, adapter: BlueskyAdapter, council: Council
    ) -> None:
        """Another account's post, or an address that is no AT URI, is not deleted."""
        with pytest.raises(PermanentRejection):
            adapter.delete(f"at://{council.vecina.did}/{POST}/2222222222222")
        with pytest.raises(PermanentRejection):
            adapter.delete("https://bsky.app/profile/x/post/y")
