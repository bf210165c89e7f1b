"""Damaged and hostile archives: each a problem naming the archive, the member and the byte.

Nothing here may end in a traceback: a truncated zip or tarball, an ``outbox.json`` cut in the
middle or of the wrong shape, values of the wrong JSON types, a member leading out of the
archive, a link, a compression bomb, an item too large — and a zip that is X's archive.
"""

from __future__ import annotations

import functools
import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from govsm_mastodon_archive import IMPORTER
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.spec import ImportProblem, Limits
from mastodon_archive_tests.builder import KINDS, ArchiveBuilder, council_archive, to_json
from mastodon_archive_tests.conftest import messages_of, problems_of, read_all


@functools.cache
def archive_bytes(kind: str) -> bytes:
    """The council's archive as bytes (``zip`` or ``tar``), built once."""
    with tempfile.TemporaryDirectory() as folder:
        builder = council_archive()
        if kind == "zip":
            return builder.write_zip(Path(folder) / "whole.zip").read_bytes()
        return builder.write_tar(Path(folder) / "whole.tar.gz").read_bytes()


@pytest.mark.parametrize("kind", ["zip", "tar"])
@given(cut=st.integers(min_value=0, max_value=9_999))
@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_an_archive_cut_anywhere_is_a_problem_never_a_crash(
    kind: str, cut: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    whole = archive_bytes(kind)
    path = tmp_path_factory.mktemp("cut") / ("cut.zip" if kind == "zip" else "cut.tar.gz")
    path.write_bytes(whole[: cut * len(whole) // 10_000])
    items = read_all(path)
    problems = problems_of(items)
    assert problems, "a truncated archive must say so"
    assert all(p.where.startswith(str(path)) for p in problems)


def test_an_outbox_cut_in_the_middle_keeps_what_came_before(tmp_path: Path) -> None:
    builder = council_archive()
    whole = builder.outbox()
    cut = whole[: len(whole) * 2 // 3]
    items = read_all(builder.write_zip(tmp_path / "cut.zip", replace={"outbox.json": cut}))
    (problem,) = problems_of(items)
    assert problem.where.endswith("!outbox.json")
    assert "truncated" in problem.message.en
    assert f"at byte {len(cut)} of the member" in problem.message.en
    loaded = messages_of(items)
    assert 0 < len(loaded) < len(KINDS)
    assert items[-1] is problem  # the statuses before the cut came first


def test_invalid_json_names_the_byte(tmp_path: Path) -> None:
    builder = council_archive()
    whole = builder.outbox()
    broken_at = whole.index(b'"content"', len(whole) // 2)
    damaged = whole[:broken_at] + b"!" + whole[broken_at + 1 :]
    items = read_all(builder.write_zip(tmp_path / "bad.zip", replace={"outbox.json": damaged}))
    (problem,) = problems_of(items)
    assert "invalid JSON" in problem.message.en
    assert f"at byte {broken_at} of the member" in problem.message.en


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b'[{"type":"Create"}]', "is not a JSON object"),
        (b'{"orderedItems":{"type":"Create"}}', "is not an array"),
        (b'{"id":"outbox.json","type":"OrderedCollection"}', "has no 'orderedItems'"),
        (b'{"orderedItems":[],"orderedItems":[]}', "two 'orderedItems'"),
        (b'{"orderedItems":[]} y algo', "more text after"),
        (b'{"orderedItems":[{} {}]}', "expected ',' or ']'"),
        (b'{"orderedItems" []}', "expected ':'"),
        (b"\xff\xfe{}", "UTF-8"),
        (b"", "truncated"),
    ],
)
def test_an_outbox_of_the_wrong_shape_is_a_problem(
    content: bytes, said: str, tmp_path: Path
) -> None:
    items = read_all(
        council_archive().write_zip(tmp_path / "shape.zip", replace={"outbox.json": content})
    )
    problem = problems_of(items)[-1]  # after the items before it ({} is not a status)
    assert problem.where.endswith("!outbox.json")
    assert said in problem.message.en


def test_values_of_the_wrong_json_types(tmp_path: Path) -> None:
    builder = ArchiveBuilder()
    builder.status(["Bien."])
    builder.status(["Contenido numérico."], extra={"content": 42})
    builder.status(["Destinatarios en una cadena."])["object"]["to"] = (
        "https://www.w3.org/ns/activitystreams#Public"
    )
    builder.status(["Adjuntos raros."], extra={"attachment": [1, "x", {"type": "Document"}]})
    builder.status(["Idioma raro."], extra={"contentMap": {"es": 3, "<b>": "x"}})
    builder.status(["Respuesta rara."], extra={"inReplyTo": {"id": 5}, "tag": "nada"})
    builder.items.append([1, 2, 3])  # type: ignore[arg-type]
    items = read_all(builder.write_zip(tmp_path / "types.zip"))
    problems = problems_of(items)
    assert len(problems) == 2
    assert "'content' is not text" in problems[0].message.en
    assert "not an activity" in problems[1].message.en
    good, to_string, odd_media, odd_language, odd_reply = messages_of(items)
    assert good.text == "Bien."
    assert to_string.text == "Destinatarios en una cadena."
    assert odd_media.media == ()
    assert odd_language.language is None
    assert odd_reply.reply_to_remote is None


def test_an_actor_of_the_wrong_type_means_no_profile(tmp_path: Path) -> None:
    for actor in (
        b'["ayuntamiento"]',
        b'{"preferredUsername": 7}',
        b'{"preferredUsername": "a b"}',
    ):
        path = council_archive().write_zip(tmp_path / "actor.zip", replace={"actor.json": actor})
        (problem,) = read_all(path)
        assert isinstance(problem, ImportProblem)
        assert "preferredUsername" in problem.message.en


def test_a_broken_actor_names_itself_and_nothing_loads(tmp_path: Path) -> None:
    path = council_archive().write_zip(tmp_path / "actor.zip", replace={"actor.json": b'{"a": '})
    first, second = read_all(path)
    assert isinstance(first, ImportProblem) and first.where.endswith("!actor.json")
    assert isinstance(second, ImportProblem) and "not loaded" in second.message.en


def test_a_member_leading_out_of_the_archive_refuses_it_whole(tmp_path: Path) -> None:
    path = council_archive().write_zip(tmp_path / "evil.zip", extra={"../../.bashrc": b"rm -rf ~"})
    (problem,) = read_all(path)
    assert isinstance(problem, ImportProblem)
    assert problem.where.endswith("!../../.bashrc")
    assert "leads out of the archive" in problem.message.en
    tar = council_archive().write_tar(tmp_path / "evil.tar.gz", extra={"/etc/cron.d/x": b"* * *"})
    (problem,) = read_all(tar)
    assert isinstance(problem, ImportProblem)
    assert "nothing of the archive is read" in problem.message.en
    assert IMPORTER.accepts(tar)  # claimed, so that the user hears why it is refused


def test_a_media_path_leading_out_of_the_archive_is_not_a_medium(tmp_path: Path) -> None:
    builder = ArchiveBuilder()
    builder.status(
        ["Foto."],
        extra={
            "attachment": [
                {"type": "Document", "mediaType": "image/jpeg", "url": "../../etc/passwd"}
            ]
        },
    )
    (message,) = messages_of(read_all(builder.write_zip(tmp_path / "media.zip")))
    assert message.media == ()


def test_a_symlink_member_refuses_the_archive(tmp_path: Path) -> None:
    path = council_archive().write_zip(tmp_path / "link.zip")
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo("media_attachments/files/link.jpg")
        info.create_system = 3
        info.external_attr = (0o120777) << 16
        archive.writestr(info, "/etc/passwd")
    (problem,) = read_all(path)
    assert isinstance(problem, ImportProblem)
    assert "symbolic link" in problem.message.en


def test_a_compression_bomb_is_stopped(tmp_path: Path) -> None:
    bomb = b'{"orderedItems":[' + b" " * (3 << 20) + b"]}"
    path = council_archive().write_zip(tmp_path / "bomb.zip", replace={"outbox.json": bomb})
    (problem,) = problems_of(read_all(path))
    assert problem.where.endswith("!outbox.json")
    assert "compression bomb" in problem.message.en
    small = Limits(member_bytes=1000)
    items = read_all(council_archive().write_zip(tmp_path / "plain.zip"), limits=small)
    assert any("member_bytes" in p.message.en for p in problems_of(items))


def test_a_huge_item_stops_the_outbox(tmp_path: Path) -> None:
    builder = ArchiveBuilder()
    builder.status(["Antes."])
    builder.status(["Enorme. " + "a" * 5000])
    builder.status(["Después."])
    limits = Limits(text_bytes=1000, field_bytes=1000)
    items = read_all(builder.write_zip(tmp_path / "huge.zip"), limits=limits)
    first, problem = items
    assert not isinstance(first, ImportProblem)
    assert isinstance(problem, ImportProblem)
    assert "text_bytes + field_bytes" in problem.message.en


def test_nesting_too_deep_is_a_problem(tmp_path: Path) -> None:
    deep = b'{"orderedItems":[' + b"[" * 100_000 + b"]" * 100_000 + b"]}"
    items = read_all(
        council_archive().write_zip(tmp_path / "deep.zip", replace={"outbox.json": deep})
    )
    (problem,) = problems_of(items)
    assert "nested too deep" in problem.message.en


def test_a_zip_that_is_an_x_archive_is_not_recognised_nor_read(tmp_path: Path) -> None:
    path = tmp_path / "twitter-2024-05-02.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data/account.js", 'window.YTD.account.part0 = [{"account": {}}]')
        archive.writestr("data/tweets.js", "window.YTD.tweets.part0 = []")
        archive.writestr("data/like.js", "window.YTD.like.part0 = []")
    assert not IMPORTER.accepts(path)
    (problem,) = read_all(path)
    assert isinstance(problem, ImportProblem)
    assert "not a Mastodon archive" in problem.message.en


def test_no_actor_file_means_no_profile(tmp_path: Path) -> None:
    path = tmp_path / "anonymous.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("outbox.json", council_archive().outbox())
    (problem,) = read_all(path)
    assert isinstance(problem, ImportProblem)
    assert "actor.json" in problem.message.en


def test_not_an_archive_at_all(tmp_path: Path) -> None:
    path = tmp_path / "fake.zip"
    path.write_bytes(b"this is no archive")
    (problem,) = read_all(path)
    assert isinstance(problem, ImportProblem)
    assert "neither a zip nor a tar" in problem.message.en


def test_hidden_characters_do_not_reach_addresses(tmp_path: Path) -> None:
    builder = ArchiveBuilder()
    builder.status(["Enlace."])
    note = builder.items[-1]["object"]
    note["content"] = (
        '<p>Mira <a href="https://valdemora.example/\u202egnp.exe">esto</a> y '
        '<a href="https://valdemora.example/bien">esto otro</a>\u0000</p>'
    )
    note["inReplyTo"] = "https://otra.example/\u200bstatuses/1"
    (message,) = messages_of(read_all(builder.write_zip(tmp_path / "hidden.zip")))
    assert message.links == ("https://valdemora.example/bien",)
    assert message.reply_to_remote is None
    assert message.text == "Mira esto y esto otro"


def test_the_outbox_as_rails_escapes_it_or_not_reads_the_same(tmp_path: Path) -> None:
    builder = council_archive()
    plain = json.dumps(json.loads(builder.outbox()), ensure_ascii=True, indent=1).encode()
    assert plain != builder.outbox() and to_json(json.loads(plain)) == builder.outbox()
    first = messages_of(read_all(builder.write_zip(tmp_path / "a.zip")))
    second = messages_of(
        read_all(builder.write_zip(tmp_path / "b.zip", replace={"outbox.json": plain}))
    )
    assert first == second
