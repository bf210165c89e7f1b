"""A real export: posts made on a real PDS, its ``com.atproto.sync.getRepo`` CAR imported.

The PDS is the one govsm-bluesky's tests run (``@atproto/pds`` with a PLC directory, on
127.0.0.1: the session's ``bluesky_network`` from ``tests/peers``). The council and a neighbour
get accounts; the council posts through the atproto SDK as Bluesky's app would — a link, a
mention and a hashtag; a photo with its alt text; a reply to the neighbour and one to itself; a
quote; a repost; a like; a post it then deletes — and its repository is fetched as the export
is. Every record the PDS lists comes out as a message, with the record's bytes: the CID of each
original is the CID the PDS gives the record.
"""

from __future__ import annotations

import hashlib
import secrets
import struct
import zlib
from typing import Any

import libipld
import pytest
from atproto import Client, client_utils, models
from tests.peers.bluesky_network import BlueskyNetwork

from bluesky_archive_tests.conftest import bluesky_profile, imported_of, problems_of, read_all
from govsm.model import MediaKind, MessageKind

pytestmark = pytest.mark.slow


def _png() -> bytes:
    """A 2×2 PNG, made on the spot."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    pixels = zlib.compress(b"\x00\x1e\x6e\xc8\x1e\x6e\xc8" * 2)
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _list(client: Client, did: str, collection: str) -> dict[str, str]:
    """Each record of a collection of the repository: its URI and CID, as the PDS lists them."""
    page = client.com.atproto.repo.list_records(
        models.ComAtprotoRepoListRecords.Params(repo=did, collection=collection, limit=100)
    )
    return {str(record.uri): str(record.cid) for record in page.records}


@pytest.fixture(scope="module")
def exported(
    bluesky_network: BlueskyNetwork, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The council's posts on the PDS, and its repository as ``getRepo`` gives it."""
    suffix = secrets.token_hex(3)
    ayto = bluesky_network.create_account(f"ajsoldeneu-{suffix}.test", secrets.token_hex(12))
    vecina = bluesky_network.create_account(f"vecina-{suffix}.test", secrets.token_hex(12))
    council, neighbour = bluesky_network.client(ayto), bluesky_network.client(vecina)
    me = ayto.did
    made: dict[str, Any] = {}
    text = (
        client_utils.TextBuilder()
        .text("Ple dijous a les 19 h: ")
        .link("soldeneu.example/ple…", "https://www.soldeneu.example/ple/ordre-del-dia?any=2025")
        .text(" cc ")
        .mention(f"@{vecina.handle}", vecina.did)
        .text(" ")
        .tag("#PleSoldeneu", "PleSoldeneu")
    )
    made["post"] = council.send_post(text, profile_identify=me, langs=["ca"])
    made["photo"] = council.send_image(
        text="Obres a la plaça Major.",
        image=_png(),
        image_alt="Màquines a la plaça Major",
        profile_identify=me,
        langs=["ca"],
    )
    asked = neighbour.send_post("¿A qué hora empieza el pleno?", profile_identify=vecina.did)
    made["asked"] = asked
    ref = models.create_strong_ref(asked)
    made["reply"] = council.send_post(
        "A las 19 h, en el salón de plenos.",
        profile_identify=me,
        reply_to=models.AppBskyFeedPost.ReplyRef(root=ref, parent=ref),
        langs=["es"],
    )
    own = models.create_strong_ref(made["post"])
    made["thread"] = council.send_post(
        "(2/2) Es retransmet en directe.",
        profile_identify=me,
        reply_to=models.AppBskyFeedPost.ReplyRef(root=own, parent=own),
    )
    made["quote"] = council.send_post(
        "Us esperem!",
        profile_identify=me,
        embed=models.AppBskyEmbedRecord.Main(record=models.create_strong_ref(asked)),
    )
    made["repost"] = council.app.bsky.feed.repost.create(
        me,
        models.AppBskyFeedRepost.Record(subject=ref, created_at=council.get_current_time_iso()),
    )
    council.app.bsky.feed.like.create(
        me, models.AppBskyFeedLike.Record(subject=ref, created_at=council.get_current_time_iso())
    )
    deleted = council.send_post("Esborrany publicat per error", profile_identify=me)
    council.delete_post(deleted.uri)
    made["deleted"] = deleted
    car = council.com.atproto.sync.get_repo(models.ComAtprotoSyncGetRepo.Params(did=me))
    path = tmp_path_factory.mktemp("pds") / "repo.car"
    path.write_bytes(car)
    listed = {
        **_list(neighbour, me, "app.bsky.feed.post"),
        **_list(neighbour, me, "app.bsky.feed.repost"),
    }
    return {
        "made": made,
        "path": path,
        "did": me,
        "handle": ayto.handle,
        "vecina": vecina.did,
        "vecina_handle": vecina.handle,
        "listed": listed,
    }


def test_every_record_the_pds_lists_is_imported_with_its_bytes(exported: dict[str, Any]) -> None:
    """The messages are exactly the records ``listRecords`` gives, each original its CID's."""
    profile = bluesky_profile(exported["handle"], f"https://bsky.app/profile/{exported['did']}")
    items = read_all(exported["path"], profiles=[profile])
    assert problems_of(items) == []
    imported = imported_of(items)
    by_uri = {item.message.remote_id: item for item in imported}
    assert set(by_uri) == set(exported["listed"])
    for uri, cid in exported["listed"].items():
        original = by_uri[uri].original_bytes
        computed = libipld.encode_cid(b"\x01\x71\x12\x20" + hashlib.sha256(original).digest())
        assert computed == cid, uri
    assert str(exported["made"]["deleted"].uri) not in by_uri


def test_each_kind_as_bluesky_shows_it(exported: dict[str, Any]) -> None:
    """Texts, kinds, links, the photo's alt text, replies, the quote and the repost."""
    profile = bluesky_profile(exported["did"], None)
    messages = {
        item.message.remote_id: item.message
        for item in imported_of(read_all(exported["path"], profiles=[profile]))
    }
    made = exported["made"]
    post = messages[str(made["post"].uri)]
    assert post.kind is MessageKind.POST and post.language == "ca"
    assert post.text == (
        f"Ple dijous a les 19 h: soldeneu.example/ple… cc @{exported['vecina_handle']} #PleSoldeneu"
    )
    assert post.links == ("https://www.soldeneu.example/ple/ordre-del-dia?any=2025",)
    photo = messages[str(made["photo"].uri)]
    (image,) = photo.media
    assert image.kind is MediaKind.IMAGE and image.alt_text == "Màquines a la plaça Major"
    assert image.mime_type == "image/png" and image.size == len(_png())
    assert image.location.startswith(f"bluesky-blob:{exported['did']}/bafkrei")
    reply = messages[str(made["reply"].uri)]
    assert reply.kind is MessageKind.REPLY and reply.reply_to_remote == str(made["asked"].uri)
    thread = messages[str(made["thread"].uri)]
    assert thread.kind is MessageKind.REPLY and thread.reply_to_remote == str(made["post"].uri)
    quote = messages[str(made["quote"].uri)]
    assert quote.kind is MessageKind.QUOTE and quote.original_author == exported["vecina"]
    repost = messages[str(made["repost"].uri)]
    assert repost.kind is MessageKind.REPOST and repost.text == ""
    assert repost.original_author == exported["vecina"]
    assert all(m.profile == "bluesky-ajuntament" for m in messages.values())
