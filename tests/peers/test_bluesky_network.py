"""Smoke test of the local Bluesky network over real HTTP, with the atproto SDK as the client.

There is no AppView in this network, so only ``com.atproto.*`` reads are used.
"""

from __future__ import annotations

import io
import secrets
from typing import Any

import pytest
from atproto import Client, client_utils, models
from PIL import Image

from tests.peers.bluesky_network import BlueskyNetwork

pytestmark = pytest.mark.slow

POST = "app.bsky.feed.post"


def png(width: int = 8, height: int = 6) -> bytes:
    """A small red PNG."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def rkey(uri: str) -> str:
    """The record key, last part of an ``at://`` URI."""
    return uri.rsplit("/", 1)[-1]


def posts(client: Client, did: str) -> dict[str, Any]:
    """The account's post records by URI, read back with ``com.atproto.repo.listRecords``."""
    listed = client.com.atproto.repo.list_records(
        models.ComAtprotoRepoListRecords.Params(repo=did, collection=POST)
    )
    return {record.uri: record.value for record in listed.records}


def test_posts_replies_images_deletes_and_edits(bluesky_network: BlueskyNetwork) -> None:
    net = bluesky_network
    suffix = secrets.token_hex(3)
    ayto = net.create_account(f"ayto-{suffix}.test", "ayto-pass")
    vecina = net.create_account(f"vecina-{suffix}.test", "vecina-pass")
    assert ayto.did.startswith("did:plc:") and vecina.did.startswith("did:plc:")
    a, v = net.client(ayto), net.client(vecina)

    # text with a link facet and a mention facet
    text = (
        client_utils.TextBuilder()
        .text("Tall d'aigua: ")
        .link("aviso", "https://example.org/aviso")
        .text(" cc ")
        .mention(f"@{vecina.handle}", vecina.did)
    )
    first = a.send_post(text, profile_identify=ayto.did)
    # an image with alt text; the blob is stored by the PDS and served back
    image = png()
    second = a.send_image(
        text="Mapa", image=image, image_alt="Mapa del tall d'aigua", profile_identify=ayto.did
    )
    # the second account replies to the first post
    parent = models.create_strong_ref(first)
    reply = v.send_post(
        "A quina hora?",
        profile_identify=vecina.did,
        reply_to=models.AppBskyFeedPost.ReplyRef(root=parent, parent=parent),
    )

    mine = posts(a, ayto.did)
    assert set(mine) == {first.uri, second.uri}
    features = [type(f).__name__ for facet in mine[first.uri].facets for f in facet.features]
    assert sorted(features) == ["Link", "Mention"]
    assert mine[first.uri].text == "Tall d'aigua: aviso cc @" + vecina.handle
    embedded = mine[second.uri].embed.images[0]
    assert embedded.alt == "Mapa del tall d'aigua"
    blob = a.com.atproto.sync.get_blob(
        models.ComAtprotoSyncGetBlob.Params(did=ayto.did, cid=embedded.image.cid.encode())
    )
    assert blob == image
    theirs = posts(v, vecina.did)
    assert theirs[reply.uri].reply.parent.uri == first.uri

    # delete the image post
    assert a.delete_post(second.uri)
    assert set(posts(a, ayto.did)) == {first.uri}

    # edit the first post in place
    current = a.com.atproto.repo.get_record(
        models.ComAtprotoRepoGetRecord.Params(repo=ayto.did, collection=POST, rkey=rkey(first.uri))
    )
    edited = models.AppBskyFeedPost.Record(
        text="Tall d'aigua: resolt", created_at=current.value.created_at
    )
    put = a.com.atproto.repo.put_record(
        models.ComAtprotoRepoPutRecord.Data(
            repo=ayto.did,
            collection=POST,
            rkey=rkey(first.uri),
            record=edited,
            swap_record=current.cid,
        )
    )
    assert put.uri == first.uri and put.cid != first.cid
    assert posts(a, ayto.did)[first.uri].text == "Tall d'aigua: resolt"
