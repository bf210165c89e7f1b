"""The council's X archive, read: each kind of tweet, its text, ranges, links, media and record."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import attrs
import pytest
from govsm_x_archive import IMPORTER
from govsm_x_archive.layout import recognises
from govsm_x_archive.reader import read

from govsm.model import MediaKind, Message, MessageKind, MessageState, Span
from govsm.plugins import PluginHost
from govsm.spec import ImportContext, Imported, ImportProblem, Limits
from x_archive_tests.builder import USERNAME, ArchiveBuilder, Photo, council_archive
from x_archive_tests.conftest import (
    ORGANISATION,
    messages_of,
    problems_of,
    read_all,
    x_profile,
)


def _own(message: Message) -> str:
    assert message.counted_range is not None
    return message.text[message.counted_range.start : message.counted_range.end]


def _by_text(messages: list[Message], start: str) -> Message:
    (found,) = [m for m in messages if start in m.text]
    return found


@pytest.fixture
def messages(council_zip: Path) -> list[Message]:
    items = read_all(council_zip)
    assert problems_of(items) == []
    return messages_of(items)


def test_every_tweet_of_both_files_is_read_in_order(
    council: ArchiveBuilder, messages: list[Message]
) -> None:
    assert [m.remote_id for m in messages] == [t["id_str"] for t in council.tweets]
    for message, record in zip(messages, council.tweets, strict=True):
        assert message.id == f"x-{record['id_str']}"
        assert message.organisation == ORGANISATION
        assert message.profile == "x-ayuntamiento"
        assert message.state is MessageState.PUBLISHED
        assert message.published_at == message.created_at
        assert message.url == f"https://x.com/{USERNAME}/status/{record['id_str']}"
        assert message.language == "es"


def test_escaped_text_is_shown_as_x_showed_it(messages: list[Message]) -> None:
    post = _by_text(messages, "Teatro")
    assert post.text == (
        "Teatro & música en la plaza este sábado. #FiestasValdemora ¡Os esperamos!"
    )
    assert post.kind is MessageKind.POST
    assert post.counted_range == Span(0, len(post.text))  # X's 83 escaped, 79 shown
    weather = _by_text(messages, "Temperaturas")
    assert weather.text == "Temperaturas <5 °C esta noche y >30 °C el jueves: abrigo & agua."
    assert _own(weather) == weather.text


def test_a_replys_leading_mentions_are_outside_the_counted_range(
    messages: list[Message],
) -> None:
    reply = _by_text(messages, "farola")
    assert reply.kind is MessageKind.REPLY
    assert reply.reply_to_remote == "1500000000000000100"
    assert reply.text.startswith("@vecina_sanroque @AMPA_Cervantes Gracias")
    assert _own(reply) == "Gracias por avisar: la farola de la calle Mayor ya está arreglada."


def test_a_photos_trailing_link_is_appended_and_not_counted(messages: list[Message]) -> None:
    photo = _by_text(messages, "biblioteca municipal")
    assert photo.kind is MessageKind.POST
    (link,) = photo.appended_links
    assert photo.text.endswith(" " + link) and link.startswith("https://t.co/")
    assert _own(photo) == "Abre la nueva biblioteca municipal del barrio de San Roque."
    (image,) = photo.media
    assert image.kind is MediaKind.IMAGE
    assert image.alt_text == "Fachada de la biblioteca con el cartel de apertura"
    assert image.location == "https://pbs.twimg.com/media/biblioteca.jpg"
    video = _by_text(messages, "parque")
    assert [m.kind for m in video.media] == [MediaKind.VIDEO]
    assert video.media[0].alt_text is None


def test_a_quote_keeps_its_quoted_link_apart(messages: list[Message]) -> None:
    quote = _by_text(messages, "Mirad")
    assert quote.kind is MessageKind.QUOTE
    assert quote.original_author == "@BiblioValdemora"
    assert quote.links == ("https://twitter.com/BiblioValdemora/status/1500000000000000200",)
    (link,) = quote.appended_links
    assert quote.text.endswith(link)
    assert _own(quote) == "Mirad lo que ha preparado la biblioteca para este sábado 👇"


def test_a_repost_is_told_by_its_prefix(messages: list[Message]) -> None:
    repost = _by_text(messages, "RT @BiblioValdemora")
    assert repost.kind is MessageKind.REPOST
    assert repost.original_author == "@BiblioValdemora"


def test_emoji_before_a_link_and_links_expanded(messages: list[Message]) -> None:
    post = _by_text(messages, "Inscripciones")
    assert post.links == ("https://valdemora.example/carrera",)
    # the link's place: X counts the emoji (one of them a ZWJ sequence) as code points
    assert post.text.endswith("🎉🏃\u200d♀️ https://t.co/" + post.text.rsplit("/", 1)[-1])
    assert post.counted_range == Span(0, len(post.text))


def test_a_long_post_holds_its_whole_text(council: ArchiveBuilder, messages: list[Message]) -> None:
    (note,) = council.notes
    whole = note["noteTweet"]["core"]["text"]
    long_post = _by_text(messages, "Presupuestos")
    assert long_post.text == whole
    assert len(long_post.text) > 280
    assert _own(long_post) == whole
    assert "…" not in long_post.text


def test_each_item_keeps_xs_record_byte_for_byte(council_zip: Path) -> None:
    items = [i for i in read_all(council_zip) if isinstance(i, Imported)]
    with zipfile.ZipFile(council_zip) as archive:
        files = {
            name: archive.read(name)
            for name in ("data/tweets.js", "data/tweets-part1.js", "data/note-tweet.js")
        }
    for item in items:
        source = item.source.split(" + ")[0]
        member, offset = source.split("!", 1)[1].rsplit("@", 1)
        original = item.original_bytes
        if item.source.count(" + "):  # a long post: [tweet,\nnote]
            original = original[1:].split(b",\n", 1)[0]
            # the whole is still valid JSON made of the two records
            tweet, note = json.loads(item.original_bytes)
            assert "noteTweet" in note and "tweet" in tweet
        start = int(offset)
        assert files[member][start : start + len(original)] == original
        assert item.sha256 == hashlib.sha256(item.original_bytes).hexdigest()
        assert json.loads(item.original_bytes)  # the record parses as it is


def test_reading_again_gives_the_same_ids_and_hashes(council_zip: Path) -> None:
    first = [(i.message.id, i.sha256) for i in read_all(council_zip) if isinstance(i, Imported)]
    again = [(i.message.id, i.sha256) for i in read_all(council_zip) if isinstance(i, Imported)]
    assert first == again and len(first) == 9


def test_the_plain_reader_gives_messages_for_the_derived_profile(council_zip: Path) -> None:
    items = list(read(council_zip, ORGANISATION, Limits()))
    assert all(isinstance(i, Message) for i in items)
    assert {m.profile for m in items if isinstance(m, Message)} == {"x-aytovaldemora"}


def test_the_profile_is_found_by_handle_or_address(council_zip: Path) -> None:
    by_handle = messages_of(read_all(council_zip, profiles=[x_profile("@aytovaldemora", "x-1")]))
    assert {m.profile for m in by_handle} == {"x-1"}
    other = x_profile("@OtraCuenta", "x-otra")
    items = read_all(council_zip, profiles=[other])
    (problem,) = items
    assert isinstance(problem, ImportProblem)
    assert "@AytoValdemora" in problem.message.en and "@OtraCuenta" in problem.message.en


def test_older_archives_name_the_file_tweet_js(council: ArchiveBuilder, tmp_path: Path) -> None:
    path = council.write(tmp_path / "old.zip", tweet_file="tweet")
    assert len(messages_of(read_all(path))) == 9


def test_an_archive_zipped_again_one_folder_deeper(council: ArchiveBuilder, tmp_path: Path) -> None:
    path = tmp_path / "rezipped.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in council.members().items():
            archive.writestr(f"twitter-2024-05-02/{name}", content)
    assert recognises(path)
    assert len(messages_of(read_all(path))) == 9


def test_the_importer_is_declared_and_recognises_only_x_archives(
    council_zip: Path, tmp_path: Path
) -> None:
    assert PluginHost().importers()["x-archive"] == IMPORTER
    assert IMPORTER.accepts(council_zip)
    mastodon = tmp_path / "mastodon.zip"
    with zipfile.ZipFile(mastodon, "w") as archive:
        archive.writestr("outbox.json", "{}")
        archive.writestr("actor.json", "{}")
    assert not IMPORTER.accepts(mastodon)
    assert not IMPORTER.accepts(tmp_path / "missing.zip")
    (tmp_path / "notes.txt").write_text("hola", encoding="utf-8")
    assert not IMPORTER.accepts(tmp_path / "notes.txt")


def test_a_tweet_that_is_not_one_is_a_problem_and_the_rest_loads(tmp_path: Path) -> None:
    builder = council_archive()
    builder.tweets.insert(1, {"full_text": "sin id ni fecha"})
    builder.tweets[3]["full_text"] = "con un NUL \u0000 dentro"
    items = read_all(builder.write(tmp_path / "mixed.zip"))
    problems = problems_of(items)
    assert len(problems) == 2
    assert all("!data/tweets.js@" in p.where for p in problems)
    assert "id_str" in problems[0].message.en
    assert len(messages_of(items)) == 8


def test_alt_text_on_several_photos_and_one_appended_link(tmp_path: Path) -> None:
    builder = ArchiveBuilder()
    builder.tweet(
        ["Dos fotos del pleno."],
        photos=(Photo("pleno1", alt="El salón de plenos"), Photo("pleno2", alt="La votación")),
    )
    (message,) = messages_of(read_all(builder.write(tmp_path / "two.zip")))
    assert [m.alt_text for m in message.media] == ["El salón de plenos", "La votación"]
    assert len(message.appended_links) == 1


def test_a_host_reads_originals_through_items_and_messages_through_read(
    council_zip: Path,
) -> None:
    context = ImportContext(ORGANISATION, Limits(), (x_profile(),))
    rich = list(IMPORTER.items(council_zip, context))
    assert all(isinstance(item, Imported) for item in rich)
    plain = list(IMPORTER.read(council_zip, ORGANISATION, Limits()))
    assert [m.id for m in plain if isinstance(m, Message)] == [
        i.message.id for i in rich if isinstance(i, Imported)
    ]


def test_a_sniffer_that_raises_does_not_accept(tmp_path: Path) -> None:
    def broken(path: Path) -> bool:
        raise RuntimeError("a plugin's bug")

    sniffing = attrs.evolve(IMPORTER, recognises=broken)
    path = tmp_path / "any.zip"
    path.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    assert not sniffing.accepts(path)
