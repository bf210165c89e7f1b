"""The council's repository, read: each kind of record, its text, links, media and record."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import libipld
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from govsm_bluesky_archive import IMPORTER
from govsm_bluesky_archive.reader import MEDIA_TYPE, read

from bluesky_archive_tests.builder import (
    BIBLIOTECA,
    DID,
    KINDS,
    LONG_LINK,
    PARENT,
    POST,
    QUOTED,
    REPOSTED,
    SIGNING_KEY,
    VECINA,
    Link,
    Repository,
    block_places,
    cid_of,
    council_repository,
    tid,
)
from bluesky_archive_tests.conftest import (
    ORGANISATION,
    PROFILE,
    bluesky_profile,
    imported_of,
    messages_of,
    problems_of,
    read_all,
)
from govsm.model import MediaKind, Message, MessageKind, MessageState
from govsm.plugins import PluginHost
from govsm.spec import ImportContext, Imported, Limits

Council = tuple[Repository, dict[str, str]]


@pytest.fixture
def messages(council_car: Path) -> dict[str, Message]:
    items = read_all(council_car)
    assert problems_of(items) == []
    found = messages_of(items)
    assert len(found) == len(KINDS)
    return dict(zip(KINDS, found, strict=True))


def _page(uri: str) -> str:
    did, _, rkey = uri.removeprefix("at://").split("/")
    return f"https://bsky.app/profile/{did}/post/{rkey}"


class TestEachKind:
    """Each record becomes the message Bluesky showed."""

    def test_every_post_and_repost_in_key_order(self, council: Council, council_car: Path) -> None:
        """Posts come in record-key order, then reposts; likes, follows and the profile do not."""
        loaded = messages_of(read_all(council_car))
        assert [m.remote_id for m in loaded] == [council[1][kind] for kind in KINDS]
        for message in loaded:
            assert message.organisation == ORGANISATION
            assert message.profile == PROFILE
            assert message.state is MessageState.PUBLISHED
            assert message.published_at == message.created_at
            assert message.counted_range is None and message.appended_links == ()

    def test_a_post_with_its_full_link_and_its_language(
        self, council: Council, messages: dict[str, Message]
    ) -> None:
        """The text as written (the link shortened), the link whole from its facet."""
        post = messages["post"]
        assert post.kind is MessageKind.POST
        assert post.text == (
            "Ple municipal dijous a les 19 h. Ordre del dia: soldeneu.example/ajuntament/ple… "
            "#PleSoldeneu"
        )
        assert post.links == (LONG_LINK,)
        assert post.language == "ca-ES-valencia"
        rkey = council[1]["post"].rsplit("/", 1)[1]
        assert post.url == f"https://bsky.app/profile/{DID}/post/{rkey}"
        assert post.created_at == datetime(2025, 3, 3, 8, 37, 11, tzinfo=UTC)

    def test_a_mention_stays_in_the_text_and_is_no_link(self, messages: dict[str, Message]) -> None:
        """The handle is in the text as shown; a mention is not a link."""
        mention = messages["mention"]
        assert mention.text == "Gràcies @vecina.bsky.social per l'avís de la font."
        assert mention.links == () and mention.kind is MessageKind.POST

    def test_replies_name_the_post_they_answer(
        self, council: Council, messages: dict[str, Message]
    ) -> None:
        """``reply.parent`` is the post answered, another account's or the council's own."""
        assert messages["reply"].kind is MessageKind.REPLY
        assert messages["reply"].reply_to_remote == PARENT
        assert messages["thread"].kind is MessageKind.REPLY
        assert messages["thread"].reply_to_remote == council[1]["post"]
        assert messages["reply"].reply_to is None

    def test_quotes_with_and_without_photos(self, messages: dict[str, Message]) -> None:
        """A quote names the quoted post's account (its DID) and links its page."""
        for kind in ("quote", "quote_photos"):
            quote = messages[kind]
            assert quote.kind is MessageKind.QUOTE
            assert quote.original_author == BIBLIOTECA
            assert quote.links == (_page(QUOTED),)
        (photo,) = messages["quote_photos"].media
        assert photo.alt_text == "Tall de la cinta a l'entrada"

    def test_a_repost_has_no_words_of_its_own(self, messages: dict[str, Message]) -> None:
        """A repost's text is empty; it names the reposted post and its account."""
        repost = messages["repost"]
        assert repost.kind is MessageKind.REPOST
        assert repost.text == "" and repost.media == () and repost.language is None
        assert repost.original_author == BIBLIOTECA
        assert repost.links == (_page(REPOSTED),)
        assert repost.url == _page(REPOSTED)
        assert repost.remote_id is not None
        assert repost.remote_id.startswith(f"at://{DID}/app.bsky.feed.repost/")

    def test_photos_by_their_blob_with_and_without_alt_text(
        self, messages: dict[str, Message]
    ) -> None:
        """Each image is its blob's CID under the account, with its alt text, type and size."""
        described, bare = messages["photos"].media
        assert described.kind is MediaKind.IMAGE and bare.kind is MediaKind.IMAGE
        assert described.alt_text == "Màquines a la plaça Major"
        assert bare.alt_text is None  # Bluesky writes "" for an image without a description
        assert (described.mime_type, described.size) == ("image/jpeg", 245_871)
        assert (bare.mime_type, bare.size) == ("image/png", 51_200)
        assert described.width is None  # aspectRatio is a ratio, not pixels
        expected = libipld.encode_cid(b"\x01\x55\x12\x20" + hashlib.sha256(b"placa-1").digest())
        assert described.location == f"bluesky-blob:{DID}/{expected}"

    def test_a_video_with_its_captions(self, messages: dict[str, Message]) -> None:
        """A video is a medium of its own kind; its captions are said."""
        (video,) = messages["video"].media
        assert video.kind is MediaKind.VIDEO and video.captions
        assert video.alt_text == "Intervencions del ple" and video.mime_type == "video/mp4"

    def test_a_link_card_is_a_link(self, messages: dict[str, Message]) -> None:
        """An external embed's address is a link of the message, and no medium."""
        card = messages["card"]
        assert card.links == ("https://www.soldeneu.example/tributs/calendari",)
        assert card.media == ()

    def test_spanish_with_its_signs(self, messages: dict[str, Message]) -> None:
        """Spanish text comes out whole, in its language."""
        assert messages["spanish"].text == "¡Feliz día! ¿Vendrás a la cabalgata?"
        assert messages["spanish"].language == "es"


class TestRecordsKept:
    """Each message keeps the record's DAG-CBOR, byte for byte, and where it was."""

    def test_each_record_is_kept_as_the_file_holds_it(
        self, council: Council, council_car: Path
    ) -> None:
        """The original is the record's block, at the byte the source names."""
        whole = council_car.read_bytes()
        records = council[0].record_blocks()
        for item in imported_of(read_all(council_car)):
            offset = int(item.source.rsplit("@", 1)[1])
            assert item.source == f"repo.car@{offset}"
            assert whole[offset : offset + len(item.original_bytes)] == item.original_bytes
            assert item.media_type == MEDIA_TYPE == "application/vnd.ipld.dag-cbor"
            assert item.sha256 == hashlib.sha256(item.original_bytes).hexdigest()
            key = item.message.remote_id.split("/", 3)[3] if item.message.remote_id else ""
            assert item.original_bytes == records[key][1]
            assert cid_of(item.original_bytes) == records[key][0]

    def test_reading_twice_gives_the_same_ids_and_originals(self, council_car: Path) -> None:
        """Ids come from the records' URIs: loading the file again updates the same messages."""
        first, second = imported_of(read_all(council_car)), imported_of(read_all(council_car))
        assert first == second
        assert len({item.message.id for item in first}) == len(first)

    def test_the_blocks_order_does_not_matter(self, council: Council, tmp_path: Path) -> None:
        """A CAR with its blocks in another order (atproto sets none) gives the same messages."""
        ordered = messages_of(read_all(council[0].write(tmp_path / "repo.car")))
        for seed in range(5):
            path = council[0].write(tmp_path / f"shuffled-{seed}.car", shuffle=seed)
            assert messages_of(read_all(path)) == ordered

    def test_duplicated_blocks_are_read_once(self, council: Council, tmp_path: Path) -> None:
        """The same block twice in the file (CAR allows it) changes nothing."""
        root, blocks = council[0].blocks()
        from bluesky_archive_tests.builder import write_car

        path = tmp_path / "twice.car"
        path.write_bytes(write_car([root], blocks + blocks[::-1]))
        assert messages_of(read_all(path)) == messages_of(
            read_all(council[0].write(tmp_path / "a.car"))
        )

    def test_the_commit_is_signed_as_atproto_signs_it(self, council_car: Path) -> None:
        """The test repository is real: its commit verifies with the council's key."""
        whole = council_car.read_bytes()
        start, cid, begin, end = next(block_places(whole))
        commit = libipld.decode_dag_cbor(whole[begin:end])
        assert commit["version"] == 3 and commit["did"] == DID and start > 0
        signature = commit.pop("sig")
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        SIGNING_KEY.public_key().verify(
            der, libipld.encode_dag_cbor(commit), ec.ECDSA(hashes.SHA256())
        )
        assert cid == cid_of(whole[begin:end])


class TestWhoseRepository:
    """The commit's DID says whose repository it is; the workspace's profile must name it."""

    @pytest.mark.parametrize(
        ("handle", "url"),
        [
            ("ajsoldeneu.bsky.social", f"https://bsky.app/profile/{DID}"),
            ("ajsoldeneu.bsky.social", f"https://bsky.app/profile/{DID}/"),
            (DID, "https://bsky.app/profile/ajsoldeneu.bsky.social"),
            (f"@{DID.upper()}", None),
        ],
    )
    def test_the_profile_is_found_by_its_did(
        self, council_car: Path, handle: str, url: str | None
    ) -> None:
        """In the profile's address or as its handle, in any case."""
        profiles = [
            bluesky_profile("otra.bsky.social", None, "bluesky-otra"),
            bluesky_profile(handle, url),
        ]
        items = read_all(council_car, profiles=profiles)
        assert problems_of(items) == []
        assert {m.profile for m in messages_of(items)} == {PROFILE}

    def test_a_profile_named_by_its_handle_alone_cannot_be_told(self, council_car: Path) -> None:
        """The repository does not hold the handle: the problem says what to write."""
        items = read_all(
            council_car,
            profiles=[
                bluesky_profile(
                    "ajsoldeneu.bsky.social", "https://bsky.app/profile/ajsoldeneu.bsky.social"
                )
            ],
        )
        (problem,) = items
        assert isinstance(problem, type(problems_of(items)[0]))
        assert problem.where == str(council_car)
        assert DID in problem.message.en and "ajsoldeneu.bsky.social" in problem.message.en
        assert f'url = "https://bsky.app/profile/{DID}"' in problem.message.en
        assert "ningún perfil del canal «bluesky»" in problem.message.es
        assert problem.message.en.endswith("not loaded")

    def test_two_profiles_or_another_channel_load_nothing(self, council_car: Path) -> None:
        """Two profiles of the DID, or one of another channel, and nothing is loaded."""
        two = [bluesky_profile(), bluesky_profile(DID, None, "bluesky-copia")]
        (problem,) = read_all(council_car, profiles=two)
        assert "several Bluesky profiles" in problem.message.en  # type: ignore[union-attr]
        other = [bluesky_profile(channel="mastodon")]
        (problem,) = read_all(council_car, profiles=other)
        assert "(there are: none)" in problem.message.en  # type: ignore[union-attr]

    def test_the_plain_reader_gives_messages_for_the_derived_profile(
        self, council_car: Path
    ) -> None:
        """Without profiles, the messages go to ``bluesky-`` and the DID's own part."""
        found = list(read(council_car, ORGANISATION, Limits()))
        assert all(isinstance(m, Message) for m in found) and len(found) == len(KINDS)
        assert {m.profile for m in found if isinstance(m, Message)} == {
            "bluesky-soldeneuajuntamentbsky23"
        }


class TestTheHost:
    """govsm finds the importer and reads through it."""

    def test_the_importer_is_declared(self, council_car: Path) -> None:
        """The plugin's hook declares it; it takes ``.car`` files."""
        host = PluginHost()
        assert host.importers()["bluesky-archive"] == IMPORTER
        assert IMPORTER.accepts(council_car)
        assert not IMPORTER.accepts(council_car.with_suffix(".zip"))

    def test_a_host_reads_originals_through_items(self, council_car: Path) -> None:
        """``Importer.items`` gives the records; ``read`` the messages alone."""
        context = ImportContext(ORGANISATION, Limits(), (bluesky_profile(),))
        items = list(IMPORTER.items(council_car, context))
        assert all(isinstance(item, Imported) for item in items)
        plain = list(IMPORTER.read(council_car, ORGANISATION, Limits()))
        assert [m.text for m in plain if isinstance(m, Message)] == [
            item.message.text for item in items if isinstance(item, Imported)
        ]


class TestOddRecords:
    """Records as someone could write them to their own repository."""

    def _read(self, repo: Repository, tmp_path: Path) -> list[Message | Imported | object]:
        return list(read_all(repo.write(tmp_path / "repo.car")))

    def test_a_record_not_of_its_collection_is_a_problem_and_the_rest_loads(
        self, tmp_path: Path
    ) -> None:
        """A record whose ``$type`` is not its collection's is named by its path and byte."""
        repo = Repository()
        good = repo.post("Bon dia")
        repo.records[f"{POST}/{tid(datetime(2025, 4, 1, tzinfo=UTC))}"] = {
            "$type": "app.bsky.feed.like",
            "createdAt": "2025-04-01T00:00:00Z",
        }
        items = self._read(repo, tmp_path)
        (problem,) = problems_of(items)  # type: ignore[arg-type]
        assert "is of type 'app.bsky.feed.like', not 'app.bsky.feed.post'" in problem.message.en
        assert problem.where.startswith(str(tmp_path / "repo.car") + "@")
        assert [m.remote_id for m in messages_of(items)] == [good]  # type: ignore[arg-type]

    def test_a_date_that_cannot_be_read_gives_way_to_the_record_keys(self, tmp_path: Path) -> None:
        """``createdAt`` unreadable: the moment the TID record key says."""
        repo = Repository()
        moment = datetime(2025, 5, 6, 7, 8, 9, tzinfo=UTC)
        repo.records[f"{POST}/{tid(moment)}"] = {"$type": POST, "text": "x", "createdAt": "ahir"}
        repo.records[f"{POST}/not-a-tid"] = {"$type": POST, "text": "y", "createdAt": 17}
        items = self._read(repo, tmp_path)
        (message,) = messages_of(items)  # type: ignore[arg-type]
        assert message.created_at == moment
        (problem,) = problems_of(items)  # type: ignore[arg-type]
        assert "app.bsky.feed.post/not-a-tid" in problem.message.en
        assert "no readable 'createdAt'" in problem.message.en

    def test_languages_and_texts_govsm_cannot_take_as_they_are(self, tmp_path: Path) -> None:
        """A language tag govsm refuses falls back; NUL is replaced; hidden links are left out."""
        repo = Repository()
        repo.post("a\x00b", langs=["ca-ES-valencia-x-!!"])
        repo.post("hola", langs=["und"])
        repo.post(
            "mira ",
            Link("aquí", "https://soldeneu.example/\u202egnp.exe"),
            Link("allà", "https://soldeneu.example/bo"),
        )
        first, second, third = messages_of(self._read(repo, tmp_path))  # type: ignore[arg-type]
        assert first.text == "a\ufffdb" and first.language == "ca"
        assert second.language is None
        assert third.links == ("https://soldeneu.example/bo",)

    def test_hostile_unicode_in_the_text_is_kept_as_written(self, tmp_path: Path) -> None:
        """Direction marks and zero-width characters are the author's text: kept."""
        repo = Repository()
        text = "Bon dia\u202e \u200b🎉 ñ 𝔸 \U0010ffff"
        repo.post(text)
        (message,) = messages_of(self._read(repo, tmp_path))  # type: ignore[arg-type]
        assert message.text == text

    def test_a_repost_of_nothing_is_a_problem(self, tmp_path: Path) -> None:
        """A repost whose subject is not an AT URI cannot be loaded."""
        repo = Repository()
        repo.add(
            "app.bsky.feed.repost",
            {"subject": {"uri": "https://x"}, "createdAt": "2025-01-01T00:00:00Z"},
        )
        (problem,) = self._read(repo, tmp_path)
        assert "does not say which post it shares" in problem.message.en  # type: ignore[attr-defined]

    def test_an_empty_repository_loads_nothing_and_says_nothing(self, tmp_path: Path) -> None:
        """A repository with no records is an empty tree: nothing to load, nothing wrong."""
        assert self._read(Repository(), tmp_path) == []

    def test_a_reply_to_something_unreadable_is_still_a_reply(self, tmp_path: Path) -> None:
        """``reply`` present but its parent unreadable: a reply to an unknown post."""
        repo = Repository()
        repo.post("Sí", reply={"parent": {"uri": 3}})
        (message,) = messages_of(self._read(repo, tmp_path))  # type: ignore[arg-type]
        assert message.kind is MessageKind.REPLY and message.reply_to_remote is None

    def test_another_accounts_post_embedded_that_is_a_list_is_no_quote(
        self, tmp_path: Path
    ) -> None:
        """An embedded list is linked, and the post is a post."""
        repo = Repository()
        repo.post(
            "La nostra llista",
            embed={
                "$type": "app.bsky.embed.record",
                "record": {"uri": f"at://{VECINA}/app.bsky.graph.list/3lbllista22", "cid": "x"},
            },
        )
        (message,) = messages_of(self._read(repo, tmp_path))  # type: ignore[arg-type]
        assert message.kind is MessageKind.POST and message.original_author is None
        assert message.links == (f"https://bsky.app/profile/{VECINA}/lists/3lbllista22",)


def test_the_council_repository_is_what_the_builder_says() -> None:
    """The builder's repository has one record of each kind, and other records besides."""
    repo, uris = council_repository()
    assert list(uris) == list(KINDS)
    collections = {key.split("/")[0] for key in repo.records}
    assert collections == {
        "app.bsky.actor.profile",
        "app.bsky.feed.post",
        "app.bsky.feed.repost",
        "app.bsky.feed.like",
        "app.bsky.graph.follow",
    }
