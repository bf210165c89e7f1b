"""The council's Mastodon archive, read: each kind of status, its text, links, media and record."""

from __future__ import annotations

import hashlib
import json
import tarfile
import zipfile
from pathlib import Path

import attrs
import pytest
from govsm_mastodon_archive import IMPORTER
from govsm_mastodon_archive.layout import recognises
from govsm_mastodon_archive.reader import read

from govsm.model import MediaKind, Message, MessageKind, MessageState
from govsm.plugins import PluginHost
from govsm.spec import ImportContext, Imported, ImportProblem, Limits
from mastodon_archive_tests.builder import (
    BOOSTED,
    HOST,
    KINDS,
    LONG_LINK,
    PARENT,
    QUOTED,
    USERNAME,
    ArchiveBuilder,
    Photo,
    council_archive,
)
from mastodon_archive_tests.conftest import (
    ORGANISATION,
    mastodon_profile,
    messages_of,
    problems_of,
    read_all,
)


@pytest.fixture
def messages(council_zip: Path) -> dict[str, Message]:
    items = read_all(council_zip)
    assert problems_of(items) == []
    found = messages_of(items)
    assert len(found) == len(KINDS)
    return dict(zip(KINDS, found, strict=True))


def _status_id(activity: dict[str, object]) -> str:
    address = str(activity["id"]).removesuffix("/activity")
    return address.rsplit("/", 1)[-1]


def test_every_status_is_read_in_order(council: ArchiveBuilder, council_zip: Path) -> None:
    loaded = messages_of(read_all(council_zip))
    assert [m.remote_id for m in loaded] == [_status_id(a) for a in council.items]
    for message, activity in zip(loaded, council.items, strict=True):
        assert message.id == f"mastodon-{_status_id(activity)}"
        assert message.organisation == ORGANISATION
        assert message.profile == "mastodon-ayuntamiento-valdemora"
        assert message.state is MessageState.PUBLISHED
        assert message.published_at == message.created_at
        assert message.published_at.isoformat().replace("+00:00", "Z") == activity["published"]
        assert message.counted_range is None and message.appended_links == ()


def test_a_post_behind_a_content_warning_in_its_language(messages: dict[str, Message]) -> None:
    post = messages["warning"]
    assert post.kind is MessageKind.POST
    assert post.text == "Talls de trànsit al carrer Major per les obres. #ObresValdemora"
    assert post.content_warning == "Obres i talls de trànsit"
    assert post.language == "ca"
    assert post.links == ()  # a hashtag is not a link
    assert post.url == f"https://{HOST}/@{USERNAME}/{post.remote_id}"


def test_a_reply_mentions_remote_accounts_as_mastodon_shows_them(
    messages: dict[str, Message],
) -> None:
    reply = messages["reply"]
    assert reply.kind is MessageKind.REPLY
    assert reply.reply_to_remote == PARENT
    assert reply.text == (
        "@vecina_sanroque @ampa_cervantes Gracias por avisar: la farola de la calle Mayor ya "
        "está arreglada."
    )
    assert reply.links == ()  # mentions are not links
    assert reply.language == "es"


def test_a_direct_message(messages: dict[str, Message]) -> None:
    direct = messages["direct"]
    assert direct.kind is MessageKind.DIRECT
    assert direct.reply_to_remote == PARENT
    assert direct.text.startswith("@vecina_sanroque Le escribimos")


def test_a_boost_has_no_words_of_its_own(messages: dict[str, Message]) -> None:
    boost = messages["boost"]
    assert boost.kind is MessageKind.REPOST
    assert boost.text == ""
    assert boost.original_author == "@biblioteca@cultura.example"
    assert boost.links == (BOOSTED,)
    assert boost.url == f"https://{HOST}/users/{USERNAME}/statuses/{boost.remote_id}/activity"
    assert boost.language is None and boost.media == ()


def test_media_with_their_alt_text_and_their_file_in_the_archive(
    council: ArchiveBuilder, council_zip: Path, messages: dict[str, Message]
) -> None:
    post = messages["photos"]
    described, bare = post.media
    assert described.kind is MediaKind.IMAGE and bare.kind is MediaKind.IMAGE
    assert described.alt_text == "Fachada de la biblioteca con el cartel de apertura"
    assert bare.alt_text is None
    assert (described.mime_type, described.width, described.height) == ("image/jpeg", 1600, 1200)
    assert bare.mime_type == "image/png"
    with zipfile.ZipFile(council_zip) as archive:
        for medium in post.media:
            assert medium.location.startswith("mastodon-archive:media_attachments/files/")
            path = medium.location.removeprefix("mastodon-archive:")
            assert medium.size == len(archive.read(path))
    assert post.links == ()  # the preview card is neither a medium nor the author's link


def test_media_kept_in_object_storage_are_found_by_their_path(tmp_path: Path) -> None:
    builder = ArchiveBuilder()
    builder.status(
        ["Cartel de las fiestas."], photos=(Photo("cartel", alt="Cartel"),), media_prefix="/"
    )
    builder.status(
        ["Programa."], photos=(Photo("programa", alt="Programa"),), media_prefix="/valdemora-media/"
    )
    first, second = messages_of(read_all(builder.write_zip(tmp_path / "s3.zip")))
    for message in (first, second):
        (medium,) = message.media
        assert medium.location.startswith("mastodon-archive:media_attachments/")
        assert medium.size is not None


def test_a_long_link_is_kept_whole(messages: dict[str, Message]) -> None:
    post = messages["long-link"]
    assert post.text == f"Presupuestos participativos: vota las propuestas de tu barrio {LONG_LINK}"
    assert "…" not in post.text
    assert post.links == (LONG_LINK,)


def test_entities_are_undone(messages: dict[str, Message]) -> None:
    assert messages["entities"].text == (
        "Temperaturas <5 °C esta noche y >30 °C el jueves: abrigo & agua. \"Ojo\" al 'calor'."
    )


def test_a_quote_without_its_fallback_line(messages: dict[str, Message]) -> None:
    quote = messages["quote"]
    assert quote.kind is MessageKind.QUOTE
    assert quote.text == "Mirad lo que ha preparado la biblioteca para este sábado 👇"
    assert "RE:" not in quote.text
    assert quote.links == (QUOTED[0],)
    assert quote.original_author == "@biblioteca@cultura.example"
    assert quote.appended_links == ()


def test_followers_only_unlisted_and_polls_are_posts(messages: dict[str, Message]) -> None:
    assert messages["followers"].kind is MessageKind.POST
    unlisted = messages["unlisted"]
    assert unlisted.kind is MessageKind.POST
    assert unlisted.text == "Resumen de la semana en el ayuntamiento.\n\nLínea uno\nLínea dos"
    assert messages["poll"].kind is MessageKind.POST
    assert messages["poll"].text == "¿Preferís el mercadillo el sábado?"


def test_each_item_keeps_mastodons_record_byte_for_byte(
    council: ArchiveBuilder, council_zip: Path
) -> None:
    outbox = council.outbox()
    items = [item for item in read_all(council_zip) if isinstance(item, Imported)]
    assert len(items) == len(council.items)
    for item, activity in zip(items, council.items, strict=True):
        name, member_offset = item.source.split("!", 1)
        member, offset = member_offset.rsplit("@", 1)
        assert (name, member) == (council_zip.name, "outbox.json")
        start = int(offset)
        assert outbox[start : start + len(item.original_bytes)] == item.original_bytes
        assert json.loads(item.original_bytes) == activity
        assert item.sha256 == hashlib.sha256(item.original_bytes).hexdigest()
        assert item.media_type == "application/json"
    assert b"\\u003cp\\u003e" in items[0].original_bytes  # Rails' escapes, kept as written


def test_reading_twice_gives_the_same_ids_and_originals(council_zip: Path) -> None:
    def snapshot() -> list[tuple[str, str, str, Message]]:
        return [
            (i.message.id, i.sha256, i.source, i.message)
            for i in read_all(council_zip)
            if isinstance(i, Imported)
        ]

    first, again = snapshot(), snapshot()
    assert first == again
    assert len({entry[0] for entry in first}) == len(KINDS)


def test_an_older_servers_tar_gz_gives_the_same_messages(
    council: ArchiveBuilder, council_zip: Path, tmp_path: Path
) -> None:
    older = attrs.evolve(council, new=False)
    tar = older.write_tar(tmp_path / "archive-20220101000000-0123456789abcdef.tar.gz")
    with tarfile.open(tar) as opened:
        names = opened.getnames()
    assert names[-1] == "actor.json" and names[0].startswith("media_attachments/")
    from_tar = messages_of(read_all(tar))
    assert problems_of(read_all(tar)) == []
    assert from_tar == messages_of(read_all(council_zip))
    assert recognises(tar)
    assert IMPORTER.accepts(tar)


def test_an_archive_packed_again_one_folder_deeper(council: ArchiveBuilder, tmp_path: Path) -> None:
    path = council.write_zip(tmp_path / "rezipped.zip", folder="archive-20240502/")
    assert recognises(path)
    loaded = messages_of(read_all(path))
    assert len(loaded) == len(KINDS)
    photos = loaded[KINDS.index("photos")]
    assert all(medium.size is not None for medium in photos.media)


def test_the_plain_reader_gives_messages_for_the_derived_profile(council_zip: Path) -> None:
    items = list(read(council_zip, ORGANISATION, Limits()))
    assert all(isinstance(i, Message) for i in items)
    assert {m.profile for m in items if isinstance(m, Message)} == {"mastodon-ayuntamiento"}


@pytest.mark.parametrize(
    ("handle", "url"),
    [
        (f"@{USERNAME}@{HOST}", None),
        (f"@{USERNAME.upper()}@{HOST.upper()}", None),
        (f"@{USERNAME}", None),
        ("@cuenta_antigua@valdemora.example", f"https://{HOST}/@{USERNAME}"),
        ("@cuenta_antigua@valdemora.example", f"https://{HOST}/users/{USERNAME}/"),
    ],
)
def test_the_profile_is_found_by_handle_or_address(
    council_zip: Path, handle: str, url: str | None
) -> None:
    profile = mastodon_profile(handle, "mastodon-1", url)
    loaded = messages_of(read_all(council_zip, profiles=[profile]))
    assert {m.profile for m in loaded} == {"mastodon-1"}


def test_no_profile_or_two_profiles_of_the_account_load_nothing(council_zip: Path) -> None:
    other = mastodon_profile("@cultura@cultura.example", "mastodon-cultura", None)
    (problem,) = read_all(council_zip, profiles=[other])
    assert isinstance(problem, ImportProblem)
    assert f"@{USERNAME}@{HOST}" in problem.message.en
    assert "@cultura@cultura.example" in problem.message.en and "not loaded" in problem.message.en
    twice = [mastodon_profile(profile_id="mastodon-a"), mastodon_profile(profile_id="mastodon-b")]
    (problem,) = read_all(council_zip, profiles=twice)
    assert isinstance(problem, ImportProblem)
    assert "mastodon-a, mastodon-b" in problem.message.en
    x_profile = attrs.evolve(mastodon_profile(), channel="x")  # the same name on X is not it
    (problem,) = read_all(council_zip, profiles=[x_profile])
    assert isinstance(problem, ImportProblem)


def test_the_importer_is_declared_and_recognises_only_mastodon_archives(
    council_zip: Path, tmp_path: Path
) -> None:
    assert PluginHost().importers()["mastodon-archive"] == IMPORTER
    assert IMPORTER.accepts(council_zip)
    x_archive = tmp_path / "twitter-2024.zip"
    with zipfile.ZipFile(x_archive, "w") as archive:
        archive.writestr("data/account.js", "window.YTD.account.part0 = []")
        archive.writestr("data/tweets.js", "window.YTD.tweets.part0 = []")
    assert not IMPORTER.accepts(x_archive)
    half = tmp_path / "half.zip"
    with zipfile.ZipFile(half, "w") as archive:
        archive.writestr("outbox.json", "{}")  # no actor.json
    assert not IMPORTER.accepts(half)
    assert not IMPORTER.accepts(tmp_path / "missing.zip")
    (tmp_path / "notes.txt").write_text("hola", encoding="utf-8")
    assert not IMPORTER.accepts(tmp_path / "notes.txt")
    (tmp_path / "fake.zip").write_bytes(b"PK\x03\x04 not really")
    assert not IMPORTER.accepts(tmp_path / "fake.zip")


def test_a_host_reads_originals_through_items_and_messages_through_read(
    council_zip: Path,
) -> None:
    context = ImportContext(ORGANISATION, Limits(), (mastodon_profile(),))
    rich = list(IMPORTER.items(council_zip, context))
    assert all(isinstance(item, Imported) for item in rich)
    plain = list(IMPORTER.read(council_zip, ORGANISATION, Limits()))
    assert [m.id for m in plain if isinstance(m, Message)] == [
        i.message.id for i in rich if isinstance(i, Imported)
    ]


def test_a_status_that_is_not_one_is_a_problem_and_the_rest_loads(tmp_path: Path) -> None:
    builder = council_archive()
    builder.items.insert(1, {"type": "Create", "object": "https://otra.example/notes/1"})
    builder.items.insert(3, {"type": "Like", "object": PARENT})
    builder.items.insert(5, "no soy una actividad")  # type: ignore[arg-type]
    builder.items[7]["published"] = builder.items[7]["object"]["published"] = "ayer"
    items = read_all(builder.write_zip(tmp_path / "mixed.zip"))
    problems = problems_of(items)
    assert len(problems) == 4
    assert all("!outbox.json@" in p.where and "not loaded" in p.message.en for p in problems)
    assert "only an address" in problems[0].message.en
    assert "'Like' activity" in problems[1].message.en
    assert "not an activity" in problems[2].message.en
    assert "'published'" in problems[3].message.en
    assert len(messages_of(items)) == len(KINDS) - 1


def test_a_status_of_another_account_is_not_loaded_as_the_councils(tmp_path: Path) -> None:
    builder = ArchiveBuilder()
    builder.status(["Aviso: corte de agua el martes."])
    forged = builder.status(["Esto no lo escribió el ayuntamiento."])
    forged["actor"] = forged["object"]["attributedTo"] = "https://otra.example/users/suplantador"
    items = read_all(builder.write_zip(tmp_path / "forged.zip"))
    (problem,) = problems_of(items)
    assert "suplantador" in problem.message.en
    assert len(messages_of(items)) == 1


def test_statuses_without_language_text_or_media_still_load(tmp_path: Path) -> None:
    builder = ArchiveBuilder()
    builder.status(["Sin idioma declarado."], language=None)
    builder.status([], photos=(Photo("solo-foto", alt="Una foto sin texto"),))
    builder.status(["Con un NUL en el aviso."], warning="Aviso\x00 importante")
    bare, photo, warned = messages_of(read_all(builder.write_zip(tmp_path / "bare.zip")))
    assert bare.language is None and bare.text == "Sin idioma declarado."
    assert photo.text == "" and photo.media[0].alt_text == "Una foto sin texto"
    assert warned.content_warning == "Aviso importante"


def test_the_host_picks_this_importer_for_mastodons_archives_only(
    council: ArchiveBuilder, council_zip: Path, tmp_path: Path
) -> None:
    importers = PluginHost().importers()
    tar = attrs.evolve(council, new=False).write_tar(tmp_path / "older.tar.gz")
    for path in (council_zip, tar):
        assert [name for name, i in importers.items() if i.accepts(path)] == ["mastodon-archive"]
    x_archive = tmp_path / "twitter-2024.zip"
    with zipfile.ZipFile(x_archive, "w") as archive:
        archive.writestr("data/account.js", "window.YTD.account.part0 = []")
        archive.writestr("data/tweets.js", "window.YTD.tweets.part0 = []")
    assert "mastodon-archive" not in [n for n, i in importers.items() if i.accepts(x_archive)]
