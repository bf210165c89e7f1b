"""Damaged, hostile and strange exports: a problem naming the file and the byte, never a crash."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from govsm_meta_archive import (
    FACEBOOK_IMPORTER,
    INSTAGRAM_IMPORTER,
    facebook_posts,
    instagram_posts,
)
from govsm_meta_archive.layout import Platform, StreamKind
from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.errors import GovsmError
from govsm.model import Message, MessageKind
from govsm.spec import ImportProblem, Limits
from meta_archive_tests.builder import (
    FacebookExport,
    council_facebook,
    council_instagram,
    meta_json,
)
from meta_archive_tests.conftest import messages_of, problems_of, read_all

POSTS = "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"


def _with_posts(tmp_path: Path, posts: list[Any] | bytes, name: str = "fb.zip") -> Path:
    """The council's export with its posts file replaced (records, or the file's bytes)."""
    export = council_facebook()
    export.posts = []
    export.comments = []
    export.extra[POSTS] = posts if isinstance(posts, bytes) else meta_json(posts)
    return export.write(tmp_path / name)


def _post(**fields: Any) -> dict[str, Any]:
    return {"timestamp": 1714640000, "data": [{"post": "Bon dia"}], **fields}


class TestTruncated:
    def test_a_posts_file_cut_anywhere(self, tmp_path: Path) -> None:
        """Cut at any byte, the posts before the cut load and a problem names the file and byte."""
        whole = meta_json(council_facebook().posts)
        for cut in [*range(0, len(whole), 23), len(whole) - 1]:
            items = read_all(
                Platform.FACEBOOK, _with_posts(tmp_path, whole[:cut], f"cut-{cut}.zip")
            )
            problems = [p for p in problems_of(items) if POSTS in p.where]
            assert problems, cut
            assert "truncated" in problems[-1].message.en and "at byte" in problems[-1].message.en
            assert "truncado" in problems[-1].message.es
            assert all(
                m.kind is MessageKind.POST or m.kind is MessageKind.REPLY
                for m in messages_of(items)
            )

    def test_the_zip_itself_cut_anywhere(self, tmp_path: Path) -> None:
        """A zip cut at any byte is a problem (or is not recognised), never an exception."""
        whole = council_facebook().write(tmp_path / "whole.zip").read_bytes()
        for cut in range(0, len(whole), max(len(whole) // 60, 1)):
            path = tmp_path / f"cut-{cut}.zip"
            path.write_bytes(whole[:cut])
            FACEBOOK_IMPORTER.accepts(path)
            items = read_all(Platform.FACEBOOK, path)
            assert all(isinstance(i, ImportProblem) for i in items) or messages_of(items)
            if not messages_of(items):
                assert problems_of(items), cut


class TestWrongTypes:
    @pytest.mark.parametrize(
        ("record", "said"),
        [
            ("a post", "is not a post"),
            (17, "is not a post"),
            ({"data": [{"post": "x"}]}, "no readable 'timestamp'"),
            (_post(timestamp="1714640000"), "no readable 'timestamp'"),
            (_post(timestamp=1714640000.5), "no readable 'timestamp'"),
            (_post(timestamp=True), "no readable 'timestamp'"),
            (_post(timestamp=10**30), "no readable 'timestamp'"),
            (_post(timestamp=-1), "no readable 'timestamp'"),
        ],
    )
    def test_an_item_that_is_no_post(self, tmp_path: Path, record: Any, said: str) -> None:
        """An item without a readable moment, or not an object, is a problem; the next loads."""
        items = read_all(Platform.FACEBOOK, _with_posts(tmp_path, [record, _post()]))
        (problem,) = problems_of(items)
        assert said in problem.message.en and "not loaded" in problem.message.en
        assert problem.where.startswith(f"{tmp_path / 'fb.zip'}!{POSTS}@")
        assert next(m.text for m in messages_of(items)) == "Bon dia"

    def test_strange_fields_are_passed(self, tmp_path: Path) -> None:
        """Fields of the wrong type are left out: the post loads with what can be read."""
        record = _post(
            data=["x", {"post": 3}, {"post": "Hola"}, None],
            attachments={"data": []},
            title=["no"],
        )
        other = _post(
            attachments=[
                "x",
                {"data": "x"},
                {"data": [{"media": "x"}, {"media": {"uri": 5}}, {"external_context": {"url": 9}}]},
            ]
        )
        items = read_all(Platform.FACEBOOK, _with_posts(tmp_path, [record, other]))
        assert problems_of(items) == []
        first, second = messages_of(items)
        assert first.text == "Hola" and first.title is None and first.media == ()
        assert second.media == () and second.links == ()

    def test_a_comments_file_of_the_wrong_shape(self, tmp_path: Path) -> None:
        """A comments file whose list is not a list is a problem naming the file."""
        export = council_facebook()
        export.comments = []
        export.extra["your_facebook_activity/comments_and_reactions/comments.json"] = {
            "comments_v2": "x"
        }
        items = read_all(Platform.FACEBOOK, export.write(tmp_path / "fb.zip"))
        (problem,) = problems_of(items)
        assert "comments.json" in problem.where and "is not an array" in problem.message.en
        assert len(messages_of(items)) == 6


class TestHostileText:
    @pytest.mark.parametrize(
        ("text", "said"),
        [("Bon\ud800dia", "surrogate"), ("Bon\x00dia", "NUL")],
    )
    def test_text_the_model_cannot_hold(self, tmp_path: Path, text: str, said: str) -> None:
        """A lone surrogate or NUL in a post's words: that post is a problem, the rest loads."""
        raw = json.dumps([_post(data=[{"post": text}]), _post()]).encode()
        items = read_all(Platform.FACEBOOK, _with_posts(tmp_path, raw))
        (problem,) = problems_of(items)
        assert said in problem.message.en and "@" in problem.where
        assert len(messages_of(items)) == 1

    def test_escaped_bytes_that_are_no_utf_8_are_kept_as_they_are(self, tmp_path: Path) -> None:
        """Meta-style escapes of an encoded surrogate (ED A0 80) are not turned into one."""
        raw = b'[{"timestamp": 1714640000, "data": [{"post": "a\\u00ed\\u00a0\\u0080b"}]}]'
        (message,) = messages_of(read_all(Platform.FACEBOOK, _with_posts(tmp_path, raw)))
        assert message.text == "a\u00ed\u00a0\u0080b"

    def test_controls_and_direction_marks_in_titles_links_and_files(self, tmp_path: Path) -> None:
        """Hidden characters leave titles; links and files with them, or leading out, are left out."""
        record = _post(
            title="Ajuntament\u0000 de\x1b Soldeneu\ud800",
            attachments=[
                {"data": [{"external_context": {"url": "https://soldeneu.example/\u202egpj.exe"}}]},
                {"data": [{"external_context": {"url": "javascript:alert(1)"}}]},
                {"data": [{"external_context": {"url": "https://soldeneu.example/ok"}}]},
                {"data": [{"media": {"uri": "../../etc/passwd"}}]},
                {"data": [{"media": {"uri": "/etc/shadow"}}]},
                {"data": [{"media": {"uri": "C:\\Windows\\x.jpg"}}]},
                {"data": [{"media": {"uri": "fotos/\u200bfoto.jpg"}}]},
                {"data": [{"media": {"uri": "your_facebook_activity/posts/media/a/ok.jpg"}}]},
            ],
        )
        raw = json.dumps([record]).encode()
        (message,) = messages_of(read_all(Platform.FACEBOOK, _with_posts(tmp_path, raw)))
        assert message.title == "Ajuntament de Soldeneu"
        assert message.links == ("https://soldeneu.example/ok",)
        assert [m.location for m in message.media] == [
            "facebook-archive:your_facebook_activity/posts/media/a/ok.jpg"
        ]
        assert message.media[0].size is None  # the file is not in the archive

    def test_huge_strings(self, tmp_path: Path) -> None:
        """A post over ``text_bytes + field_bytes`` is a problem naming it; the next loads."""
        raw = json.dumps([_post(data=[{"post": "ñ" * 300_000}]), _post()]).encode()
        limits = Limits(text_bytes=100_000, field_bytes=1_000, archive_ratio=10_000)
        items = read_all(Platform.FACEBOOK, _with_posts(tmp_path, raw), limits=limits)
        (problem,) = problems_of(items)
        assert "is over 101000 bytes" in problem.message.en and problem.where.endswith("@1")
        assert len(messages_of(items)) == 1

    def test_deep_nesting(self, tmp_path: Path) -> None:
        """A post nested deeper than ``[limits] depth`` is a problem; the next loads."""
        raw = (
            b'[{"timestamp": 1714640000, "x": '
            + b"[" * 5000
            + b"]" * 5000
            + b"}, "
            + json.dumps(_post()).encode()
            + b"]"
        )
        items = read_all(Platform.FACEBOOK, _with_posts(tmp_path, raw))
        (problem,) = problems_of(items)
        assert "nests more than 64 levels" in problem.message.en
        assert len(messages_of(items)) == 1

    def test_bytes_that_are_no_utf_8(self, tmp_path: Path) -> None:
        """A post with bytes that are no UTF-8 is a problem naming the byte."""
        raw = (
            b'[{"timestamp": 1714640000, "data": [{"post": "Bon \xff dia"}]}, '
            + json.dumps(_post()).encode()
            + b"]"
        )
        items = read_all(Platform.FACEBOOK, _with_posts(tmp_path, raw))
        (problem,) = problems_of(items)
        bad = raw.index(b"\xff")
        assert f"not valid UTF-8 (at byte {bad})" in problem.message.en
        assert len(messages_of(items)) == 1


class TestMissingAndForeign:
    def test_an_export_without_posts_gives_nothing(self, tmp_path: Path) -> None:
        """A part of the export with other files but no file of posts gives nothing."""
        export = FacebookExport(account=True)
        export.extra["your_facebook_activity/pages/your_pages.json"] = {"pages_v2": []}
        members = export.members()
        path = tmp_path / "fb.zip"
        with zipfile.ZipFile(path, "w") as made:
            for name, data in members.items():
                if "posts" not in name:
                    made.writestr(name, data)
        assert FACEBOOK_IMPORTER.accepts(path)
        assert read_all(Platform.FACEBOOK, path) == []

    @pytest.mark.parametrize(
        "member",
        [
            "your_facebook_activity/posts/media/Fotos_1/1.jpg",
            "this_profile's_activity_across_facebook/posts/media/Fotos_1/1.jpg",
            "photos_and_videos/Fotos_1/1.jpg",
            "posts/media/Fotos_1/1.jpg",
        ],
    )
    def test_a_part_with_media_alone_gives_nothing(self, tmp_path: Path, member: str) -> None:
        """A part of a split export holding only photos is taken and gives nothing."""
        path = tmp_path / "facebook-ajuntamentsoldeneu-2024-05-02-Xa3bC9dE-2.zip"
        with zipfile.ZipFile(path, "w") as made:
            made.writestr(member, b"\xff\xd8")
        assert FACEBOOK_IMPORTER.accepts(path)
        assert not INSTAGRAM_IMPORTER.accepts(path)
        assert read_all(Platform.FACEBOOK, path) == []

    def test_an_instagram_part_with_media_alone_gives_nothing(self, tmp_path: Path) -> None:
        """An Instagram part holding only media is taken by the Instagram importer alone."""
        path = tmp_path / "instagram-ajsoldeneu-2024-05-02-Yb4-2.zip"
        with zipfile.ZipFile(path, "w") as made:
            made.writestr("media/posts/202405/1.jpg", b"\xff\xd8")
        assert INSTAGRAM_IMPORTER.accepts(path) and not FACEBOOK_IMPORTER.accepts(path)
        assert read_all(Platform.INSTAGRAM, path) == []

    @pytest.mark.parametrize(
        "members",
        [
            {"data/tweets.js": b"window.YTD.tweets.part0 = []", "data/account.js": b"[]"},
            {"outbox.json": b"{}", "actor.json": b"{}"},
            {"posts.json": b"[]", "media/foto.jpg": b"x"},
            {},
        ],
    )
    def test_other_platforms_archives_are_not_taken(
        self, tmp_path: Path, members: dict[str, bytes]
    ) -> None:
        """X's, Mastodon's and other zips are taken by neither importer."""
        path = tmp_path / "other.zip"
        with zipfile.ZipFile(path, "w") as made:
            for name, data in members.items():
                made.writestr(name, data)
        assert not FACEBOOK_IMPORTER.accepts(path) and not INSTAGRAM_IMPORTER.accepts(path)

    def test_not_a_zip(self, tmp_path: Path) -> None:
        """A file that is no zip is not taken, and reading it says so."""
        path = tmp_path / "fb.zip"
        path.write_bytes(b"not a zip at all")
        assert not FACEBOOK_IMPORTER.accepts(path)
        (problem,) = read_all(Platform.FACEBOOK, path)
        assert (
            isinstance(problem, ImportProblem) and "neither a zip nor a tar" in problem.message.en
        )

    def test_the_wrong_platforms_export(self, tmp_path: Path) -> None:
        """Read as Facebook's, an Instagram export says it is not one."""
        path = council_instagram().write(tmp_path / "ig.zip")
        (problem,) = read_all(Platform.FACEBOOK, path)
        assert (
            isinstance(problem, ImportProblem)
            and "is not an export of Facebook" in problem.message.en
        )

    def test_a_member_leading_out_of_the_archive(self, tmp_path: Path) -> None:
        """A member whose name leads out of the archive: nothing of it is read."""
        path = council_facebook().write(tmp_path / "fb.zip")
        with zipfile.ZipFile(path, "a") as made:
            made.writestr("../../.bashrc", "rm -rf ~")
        assert not FACEBOOK_IMPORTER.accepts(path)
        (problem,) = read_all(Platform.FACEBOOK, path)
        assert (
            isinstance(problem, ImportProblem) and "leads out of the archive" in problem.message.en
        )

    def test_a_link_in_the_archive(self, tmp_path: Path) -> None:
        """A symbolic link among the members: nothing of the archive is read."""
        path = council_facebook().write(tmp_path / "fb.zip")
        with zipfile.ZipFile(path, "a") as made:
            info = zipfile.ZipInfo("your_facebook_activity/posts/media/link.jpg")
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            made.writestr(info, "/etc/passwd")
        (problem,) = read_all(Platform.FACEBOOK, path)
        assert isinstance(problem, ImportProblem) and "link" in problem.message.en

    def test_an_unreadable_account_file(self, tmp_path: Path) -> None:
        """An account file that is no JSON is a problem; the download's name still tells."""
        export = council_facebook()
        export.account = False
        export.extra["personal_information/profile_information/profile_information.json"] = b"{nope"
        items = read_all(
            Platform.FACEBOOK,
            export.write(tmp_path / "facebook-ajuntamentsoldeneu-2024-05-02-X.zip"),
        )
        (problem,) = problems_of(items)
        assert (
            "profile_information.json" in problem.where and "not valid JSON" in problem.message.en
        )
        assert len(messages_of(items)) == 8


#: the field names Meta's records use, so that generated records come close to real ones
_KEYS = st.sampled_from(
    [
        "timestamp",
        "data",
        "post",
        "attachments",
        "media",
        "uri",
        "title",
        "description",
        "external_context",
        "url",
        "comment",
        "creation_timestamp",
        "caption",
        "taken_at",
        "path",
    ]
)
_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(1_072_915_200, 4_102_444_799),
    st.floats(allow_nan=False),
    st.text(),
    st.sampled_from(
        ["media/posts/202405/1.jpg", "../x.jpg", "https://soldeneu.example/", "2018-12-31T08:05:13"]
    ),
)
_RECORD = st.recursive(
    _LEAF,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(_KEYS | st.text(max_size=4), inner, max_size=6)
    ),
    max_leaves=25,
)


class TestAnyRecord:
    @given(_RECORD, st.sampled_from(list(StreamKind)))
    @settings(max_examples=400)
    def test_any_record_is_a_message_or_a_refusal(self, record: Any, kind: StreamKind) -> None:
        """Whatever a record holds, reading it gives a message or a govsm error, nothing else."""
        refusals: list[GovsmError] = []
        for build in (
            lambda: facebook_posts.post_message(
                record, organisation="soldeneu", profile="p", size_of=lambda _: None
            ),
            lambda: facebook_posts.comment_message(
                record, organisation="soldeneu", profile="p", size_of=lambda _: None
            ),
            lambda: instagram_posts.post_message(
                record, kind, organisation="soldeneu", profile="p", size_of=lambda _: None
            ),
        ):
            try:
                message = build()
            except GovsmError as exc:
                refusals.append(exc)
                continue
            assert isinstance(message, Message) and message.published_at is not None
            assert all(
                m.location.split(":", 1)[1] and ".." not in m.location.split("/")
                for m in message.media
            )
        assert all(exc.es and exc.en for exc in refusals)


class TestHostileAccountFiles:
    @pytest.mark.parametrize(
        ("content", "said"),
        [
            (b'{"profile_v2": ' + b"[" * 900 + b"]" * 900 + b"}", "nests more than 64 levels"),
            (b'{"profile_v2": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nests too deep"),
            (b'{"profile_v2": {"username": "' + b"a" * 2_000_000 + b'"}}', "is over"),
            (b"\xff\xfe{}", "not valid UTF-8"),
        ],
    )
    def test_a_hostile_account_file_is_a_problem(
        self, tmp_path: Path, content: bytes, said: str
    ) -> None:
        """An account file too deep, too large or not UTF-8 is a problem; the posts still load."""
        export = council_facebook()
        export.account = False
        export.extra["personal_information/profile_information/profile_information.json"] = content
        path = export.write(tmp_path / "facebook-ajuntamentsoldeneu-2024-05-02-X.zip")
        items = read_all(Platform.FACEBOOK, path, limits=Limits(archive_ratio=100_000))
        (problem,) = problems_of(items)
        assert said in problem.message.en and "profile_information.json" in problem.where
        assert len(messages_of(items)) == 8

    def test_a_pages_file_without_its_list(self, tmp_path: Path) -> None:
        """A Page's dashboard file without ``prodash_activity`` is a problem naming it."""
        export = council_facebook("page")
        export.account = False
        export.extra[
            "logged_information/professional_dashboard/your_professional_dashboard_activity.json"
        ] = {"x": 1}
        items = read_all(
            Platform.FACEBOOK,
            export.write(tmp_path / "facebook-ajuntamentsoldeneu-2024-05-02-X.zip"),
        )
        (problem,) = problems_of(items)
        assert "prodash_activity" in problem.message.en
        assert len(messages_of(items)) == 8


def test_a_comment_file_holds_no_instagram_posts() -> None:
    """Comments are Facebook's: read as Instagram posts, a dated record is refused with words."""
    with pytest.raises(GovsmError) as refused:
        instagram_posts.post_message(
            {"creation_timestamp": 1072915200},
            StreamKind.COMMENTS,
            organisation="soldeneu",
            profile="p",
            size_of=lambda _: None,
        )
    assert "Instagram" in refused.value.en and "Instagram" in refused.value.es
