"""An Instagram account's export, in each layout, into messages: captions as written, records kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from govsm_meta_archive import FACEBOOK_IMPORTER, INSTAGRAM_IMPORTER
from govsm_meta_archive.layout import Platform

from govsm.model import MediaKind, MessageKind
from meta_archive_tests.builder import INSTAGRAM_LAYOUTS, TEXTS, council_instagram
from meta_archive_tests.conftest import imported_of, messages_of, problems_of, read_all


class TestLayouts:
    @pytest.mark.parametrize(
        ("layout", "count"), [("content", 4), ("media", 4), ("2023", 3), ("2022", 3), ("2018", 2)]
    )
    def test_each_layout_gives_its_posts(self, tmp_path: Path, layout: str, count: int) -> None:
        """Posts, reels and stories of each layout come out, for the council's account."""
        path = council_instagram(layout).write(tmp_path / "instagram-ajsoldeneu-2024-05-02-Yb4.zip")
        items = read_all(Platform.INSTAGRAM, path)
        assert problems_of(items) == []
        messages = messages_of(items)
        assert len(messages) == count
        assert {m.profile for m in messages} == {"instagram-ajuntament"}
        assert {m.kind for m in messages} == {MessageKind.POST}

    @pytest.mark.parametrize("layout", sorted(INSTAGRAM_LAYOUTS))
    def test_recognised_as_instagram_only(self, tmp_path: Path, layout: str) -> None:
        """The Instagram importer takes each layout; the Facebook one takes none."""
        path = council_instagram(layout).write(tmp_path / "ig.zip")
        assert INSTAGRAM_IMPORTER.accepts(path)
        assert not FACEBOOK_IMPORTER.accepts(path)


class TestWhatEachPostBecomes:
    def test_captions_come_out_as_written(self, tmp_path: Path) -> None:
        """A photo's caption is its medium's title; a carousel's, the post's own title."""
        messages = messages_of(
            read_all(Platform.INSTAGRAM, council_instagram().write(tmp_path / "ig.zip"))
        )
        assert messages[0].text == TEXTS["festa"]
        assert messages[1].text == TEXTS["agermanament"] and len(messages[1].media) == 2
        assert messages[2].text == TEXTS["llibres"]  # the reel

    def test_media_and_moments(self, tmp_path: Path) -> None:
        """Media are located in the archive, videos told by their extension; moments in UTC."""
        messages = messages_of(
            read_all(Platform.INSTAGRAM, council_instagram().write(tmp_path / "ig.zip"))
        )
        photo = messages[0].media[0]
        assert photo.location == "instagram-archive:media/posts/202405/467539104_1138_n.jpg"
        assert photo.kind is MediaKind.IMAGE and photo.size is not None and photo.alt_text is None
        story = messages[3]
        assert story.text == "" and story.media[0].kind is MediaKind.VIDEO
        assert messages[1].published_at is not None
        assert messages[1].published_at.isoformat() == "2024-05-02T10:30:00+00:00"

    def test_the_first_exports_moments_are_read_as_utc(self, tmp_path: Path) -> None:
        """2018's ``taken_at`` has no offset: it is read as UTC."""
        messages = messages_of(
            read_all(Platform.INSTAGRAM, council_instagram("2018").write(tmp_path / "ig.zip"))
        )
        assert messages[0].published_at is not None
        assert messages[0].published_at.isoformat() == "2024-05-02T09:30:00+00:00"
        assert messages[0].media[0].location == "instagram-archive:photos/201805/festa.jpg"

    def test_records_are_kept_and_loading_again_gives_the_same(self, tmp_path: Path) -> None:
        """Each post keeps its record; reading again gives the same ids and records."""
        path = council_instagram().write(tmp_path / "ig.zip")
        first = read_all(Platform.INSTAGRAM, path)
        assert first == read_all(Platform.INSTAGRAM, path)
        sources = [i.source.split("@")[0] for i in imported_of(first)]
        assert sources == [
            "ig.zip!your_instagram_activity/content/posts_1.json",
            "ig.zip!your_instagram_activity/content/posts_1.json",
            "ig.zip!your_instagram_activity/media/reels.json",
            "ig.zip!your_instagram_activity/content/stories.json",
        ]

    def test_a_caption_edited_in_a_later_export_keeps_the_id(self, tmp_path: Path) -> None:
        """The id is the post's files and moment: an edited caption updates the same message."""
        first = council_instagram()
        later = council_instagram()
        later.posts[0]["media"][0]["title"] = "Demà comença la Festa Major! (horari actualitzat)"
        one = messages_of(read_all(Platform.INSTAGRAM, first.write(tmp_path / "a.zip")))
        two = messages_of(read_all(Platform.INSTAGRAM, later.write(tmp_path / "b.zip")))
        assert one[0].id == two[0].id and one[0].text != two[0].text
