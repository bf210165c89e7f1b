"""A Facebook Page's export, in each layout, into messages: texts as written, Meta's records kept."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from govsm_meta_archive import FACEBOOK_IMPORTER, INSTAGRAM_IMPORTER, govsm_importers
from govsm_meta_archive.layout import Platform

from govsm.model import Direction, MediaKind, Message, MessageKind, MessageState
from govsm.spec import ImportContext, Limits
from govsm.spec.importer import unwrap
from meta_archive_tests.builder import (
    FACEBOOK_LAYOUTS,
    TEXTS,
    council_facebook,
)
from meta_archive_tests.conftest import (
    ORGANISATION,
    imported_of,
    messages_of,
    problems_of,
    read_all,
)


def _write(tmp_path: Path, layout: str = "activity", **changes: object) -> Path:
    export = council_facebook(layout)
    for name, value in changes.items():
        setattr(export, name, value)
    return export.write(tmp_path / f"facebook-ajuntamentsoldeneu-2024-05-02-Xa3bC9dE-{layout}.zip")


class TestLayouts:
    @pytest.mark.parametrize("layout", sorted(FACEBOOK_LAYOUTS))
    def test_each_layout_gives_the_posts_and_comments(self, tmp_path: Path, layout: str) -> None:
        """Each layout's posts and comments come out, with nothing left over."""
        items = read_all(Platform.FACEBOOK, _write(tmp_path, layout))
        assert problems_of(items) == []
        messages = messages_of(items)
        assert [m.kind for m in messages] == [MessageKind.POST] * 6 + [MessageKind.REPLY] * 2
        assert {m.profile for m in messages} == {"facebook-ajuntament"}
        assert all(m.direction is Direction.OUTBOUND for m in messages)
        assert all(
            m.state is MessageState.PUBLISHED and m.published_at == m.created_at for m in messages
        )

    @pytest.mark.parametrize("layout", sorted(FACEBOOK_LAYOUTS))
    def test_recognised_as_facebook_only(self, tmp_path: Path, layout: str) -> None:
        """The Facebook importer takes each layout; the Instagram one takes none."""
        path = _write(tmp_path, layout)
        assert FACEBOOK_IMPORTER.accepts(path)
        assert not INSTAGRAM_IMPORTER.accepts(path)

    def test_posts_split_over_several_files(self, tmp_path: Path) -> None:
        """Posts split over ``…_1.json``, ``…_2.json``… come out in the files' order."""
        export = council_facebook()
        export.posts_per_file = 4
        path = export.write(tmp_path / "fb.zip")
        texts = [m.text for m in messages_of(read_all(Platform.FACEBOOK, path))]
        assert texts[:6] == [
            TEXTS["festa"],
            TEXTS["piscina"],
            TEXTS["agermanament"],
            TEXTS["obres"],
            TEXTS["foto"],
            TEXTS["llibres"],
        ]

    def test_an_export_packed_again_one_folder_deeper(self, tmp_path: Path) -> None:
        """An export unpacked and packed again inside a folder is read the same way."""
        path = council_facebook().write(tmp_path / "fb.zip", top="facebook-ajuntament/")
        assert FACEBOOK_IMPORTER.accepts(path)
        messages = messages_of(read_all(Platform.FACEBOOK, path))
        assert len(messages) == 8
        assert messages[1].media[0].size is not None

    def test_the_plugin_declares_both_importers(self) -> None:
        """The hook declares ``facebook-archive`` and ``instagram-archive``, for zips."""
        assert [i.name for i in govsm_importers()] == ["facebook-archive", "instagram-archive"]
        assert FACEBOOK_IMPORTER.suffixes == (".zip",)


class TestWhatEachPostBecomes:
    @pytest.fixture
    def messages(self, tmp_path: Path) -> list[Message]:
        return messages_of(read_all(Platform.FACEBOOK, _write(tmp_path)))

    def test_texts_come_out_as_written(self, messages: list[Message]) -> None:
        """Catalan, Spanish, Galician and Basque letters and emoji come out as the council typed them."""
        assert messages[0].text == TEXTS["festa"]
        assert "Col·labora-hi" in messages[0].text and "Pingüins" in messages[0].text
        assert messages[1].text.startswith("¿Sabías") and "niñas" in messages[1].text
        assert (
            "Ongi etorri! Eskerrik asko" in messages[2].text and "unha aperta" in messages[2].text
        )
        assert messages[5].text.endswith("👨‍👩‍👧‍👦")

    def test_the_title_facebook_writes_above(self, messages: list[Message]) -> None:
        """The line Facebook writes above the post is its title, in the account's language."""
        assert messages[2].title == "Ajuntament de Soldeneu ha compartit un enllaç."

    def test_media(self, messages: list[Message]) -> None:
        """Photos are images located in the archive, with their size there and no alt text."""
        (photo,) = messages[1].media
        assert photo.kind is MediaKind.IMAGE and photo.mime_type == "image/jpeg"
        assert photo.location == (
            "facebook-archive:your_facebook_activity/posts/media/Fotosdelabiografia_1/piscina.jpg"
        )
        assert photo.size is not None and photo.size > 100 and photo.alt_text is None
        assert [m.location.rsplit("/", 1)[1] for m in messages[3].media] == [
            "obres-1.jpg",
            "obres-2.jpg",
        ]

    def test_links(self, messages: list[Message]) -> None:
        """A shared link's address is among the links."""
        assert messages[2].links == ("https://www.soldeneu.example/agenda/festa-major",)

    def test_a_photo_alone_takes_its_description(self, messages: list[Message]) -> None:
        """A post without words whose one photo has a description takes it as its text."""
        assert messages[4].text == TEXTS["foto"]

    def test_an_album_does_not_take_its_photos_descriptions(self, messages: list[Message]) -> None:
        """An album's photos' descriptions are not the post's text."""
        assert messages[3].text == TEXTS["obres"]

    def test_comments_are_replies_to_an_unknown_post(self, messages: list[Message]) -> None:
        """A comment is a reply whose post the export does not name."""
        reply = messages[6]
        assert reply.kind is MessageKind.REPLY
        assert reply.reply_to is None and reply.reply_to_remote is None
        assert reply.text == TEXTS["resposta"] and reply.remote_id is None

    def test_moments(self, messages: list[Message]) -> None:
        """The moment is the post's ``timestamp``, in UTC."""
        assert messages[0].published_at is not None
        assert messages[0].published_at.isoformat() == "2024-05-02T09:30:00+00:00"


class TestMetasRecord:
    def test_each_post_keeps_its_exact_record(self, tmp_path: Path) -> None:
        """Each post's original is its bytes in the file, with the member and byte it starts at."""
        export = council_facebook()
        path = export.write(tmp_path / "fb.zip")
        member = export.path("posts", n=1)
        content = export.members()[member]
        items = imported_of(read_all(Platform.FACEBOOK, path))
        first = items[0]
        offset = int(first.source.rsplit("@", 1)[1])
        assert first.source == f"fb.zip!{member}@{offset}"
        assert content[offset : offset + len(first.original_bytes)] == first.original_bytes
        assert first.sha256 == hashlib.sha256(first.original_bytes).hexdigest()
        record = json.loads(first.original_bytes)
        assert b"Dem\\u00c3\\u00a0 comen\\u00c3\\u00a7a" in first.original_bytes
        assert record["timestamp"] == 1714642200

    def test_loading_again_gives_the_same(self, tmp_path: Path) -> None:
        """Reading the same export twice gives the same messages, ids and records."""
        path = _write(tmp_path)
        first = read_all(Platform.FACEBOOK, path)
        again = read_all(Platform.FACEBOOK, path)
        assert first == again
        ids = [m.id for m in messages_of(first)]
        assert len(set(ids)) == len(ids)
        assert all(i.startswith("facebook-") for i in ids)

    def test_a_later_export_keeps_the_ids(self, tmp_path: Path) -> None:
        """The same posts in another layout (a later export) get the same ids."""
        old = messages_of(read_all(Platform.FACEBOOK, _write(tmp_path, "classic")))
        new = messages_of(read_all(Platform.FACEBOOK, _write(tmp_path, "page")))
        text_only = [m.id for m in old if not m.media]
        assert text_only == [m.id for m in new if not m.media]

    def test_the_plain_reader_gives_the_messages(self, tmp_path: Path) -> None:
        """Without the workspace's profiles, the messages go to ``facebook-<user name>``."""
        path = _write(tmp_path)
        plain = list(FACEBOOK_IMPORTER.read(path, ORGANISATION, Limits()))
        assert {m.profile for m in plain if not hasattr(m, "where")} == {
            "facebook-ajuntamentsoldeneu"
        }
        context = ImportContext(ORGANISATION, Limits())
        assert [unwrap(i) for i in FACEBOOK_IMPORTER.items(path, context)] == plain
