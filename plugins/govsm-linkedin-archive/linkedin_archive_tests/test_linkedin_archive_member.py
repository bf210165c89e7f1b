"""The member data export: posts, reposts, quotes and comments as LinkedIn wrote them."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from govsm_linkedin_archive import IMPORTER
from govsm_linkedin_archive.reader import read

from govsm.model import Direction, MediaKind, MessageKind, MessageState
from govsm.spec import Limits
from govsm.workspace.importing import importer_for
from linkedin_archive_tests.builder import FEED, MemberExport, Share, council_member_export
from linkedin_archive_tests.conftest import (
    imported_of,
    linkedin_profile,
    messages_of,
    problems_of,
    read_all,
    x_profile,
)


class TestPosts:
    def test_every_post_and_comment_is_read_in_order(
        self, member: MemberExport, member_zip: Path
    ) -> None:
        """Each row of Shares.csv, then of Comments.csv, is a message of the matched profile."""
        items = read_all(member_zip)
        assert problems_of(items) == []
        messages = messages_of(items)
        assert [m.remote_id for m in messages[:5]] == [s.urn for s in member.shares]
        assert [m.kind for m in messages] == [
            MessageKind.POST,
            MessageKind.REPOST,
            MessageKind.QUOTE,
            MessageKind.POST,
            MessageKind.POST,
            MessageKind.REPLY,
            MessageKind.REPLY,
        ]
        assert {m.profile for m in messages} == {"linkedin-ocupacio"}
        assert {(m.direction, m.state) for m in messages} == {
            (Direction.OUTBOUND, MessageState.PUBLISHED)
        }

    def test_line_breaks_come_back_as_the_author_wrote_them(
        self, member: MemberExport, member_zip: Path
    ) -> None:
        """LinkedIn's quote-break-quote is undone: paragraphs, blank lines and quotes intact."""
        messages = messages_of(read_all(member_zip))
        assert [m.text for m in messages[:5]] == [s.commentary for s in member.shares]
        assert '"ara és el moment"' in messages[0].text
        assert "\n\n\n" in messages[3].text

    def test_ids_addresses_and_moments(self, member: MemberExport, member_zip: Path) -> None:
        """The id and remote id come from the URN, the url is ShareLink, the moment is Date (UTC)."""
        first = messages_of(read_all(member_zip))[0]
        share = member.shares[0]
        assert first.id == f"linkedin-share-{share.number}"
        assert first.remote_id == f"urn:li:share:{share.number}"
        assert first.url == f"{FEED}urn%3Ali%3Ashare%3A{share.number}"
        assert first.published_at == first.created_at == share.moment
        assert (
            first.published_at is not None and first.published_at.utcoffset().total_seconds() == 0
        )  # type: ignore[union-attr]
        assert first.links == ("https://soldeneu.example/ocupacio/borsa",)

    def test_reposts_and_quotes_point_to_the_post_they_share(self, member_zip: Path) -> None:
        """A shared LinkedIn post with no text is a repost; with text, a quote; both link it."""
        messages = messages_of(read_all(member_zip))
        repost, quote = messages[1], messages[2]
        assert repost.text == "" and repost.links[0].startswith(FEED + "urn:li:activity:")
        assert quote.text.startswith("Molt bona") and quote.links[0].startswith(FEED)
        assert repost.id.startswith("linkedin-ugcpost-")
        assert repost.remote_id is not None and repost.remote_id.startswith("urn:li:ugcPost:")

    def test_a_photo_is_a_medium_without_alt_text(self, member_zip: Path) -> None:
        """MediaUrl is an image medium; LinkedIn's export has no alt text for it."""
        photo = messages_of(read_all(member_zip))[3]
        (medium,) = photo.media
        assert medium.kind is MediaKind.IMAGE and medium.alt_text is None
        assert medium.location.endswith("taller.jpg")

    def test_a_date_left_empty_is_taken_from_the_urn(self, tmp_path: Path) -> None:
        """A share whose Date is empty is dated by the moment its URN's number holds."""
        moment = datetime(2024, 6, 1, 10, 15, 30, 250000, tzinfo=UTC)
        export = MemberExport(shares=[Share(moment, "Sense data")])
        data = export.shares_csv().replace(b"2024-06-01 10:15:30", b"")
        items = read_all(export.write(tmp_path / "e.zip", replace={"Shares.csv": data}))
        (message,) = messages_of(items)
        assert message.published_at == moment.replace(microsecond=250000)


class TestComments:
    def test_a_comment_answers_the_post_it_is_under(self, member_zip: Path) -> None:
        """A comment is a reply whose reply_to_remote is the post's URN, with no id of its own."""
        comments = messages_of(read_all(member_zip))[5:]
        first = comments[0]
        assert first.kind is MessageKind.REPLY
        assert first.reply_to_remote is not None
        assert first.reply_to_remote.startswith("urn:li:activity:")
        assert first.remote_id is None and first.url is None
        assert first.id.startswith("linkedin-comment-")

    def test_backslash_escaped_quotes_and_line_breaks(self, member_zip: Path) -> None:
        """Comments.csv's \\" is a quote; its line breaks are real ones."""
        first = messages_of(read_all(member_zip))[5]
        assert first.text == (
            'Gràcies a totes! La borsa "de primavera" ja té 40 inscrites.\n'
            "Podeu seguir-vos inscrivint."
        )

    def test_a_comment_without_a_date_is_a_problem_and_the_rest_loads(self, tmp_path: Path) -> None:
        """An empty Date (real exports have some) leaves that comment out, naming its line."""
        export = council_member_export()
        lines = export.comments_csv().split(b"\n")
        lines[1] = b"," + lines[1].split(b",", 1)[1]
        path = export.write(tmp_path / "e.zip", replace={"Comments.csv": b"\n".join(lines)})
        items = read_all(path)
        (problem,) = problems_of(items)
        assert problem.where == f"{path}!Comments.csv:2"
        assert "not a date" in problem.message.en and "no es una fecha" in problem.message.es
        assert len(messages_of(items)) == 6


class TestOriginals:
    def test_each_record_is_kept_byte_for_byte(
        self, member: MemberExport, member_zip: Path
    ) -> None:
        """The original is the record's exact bytes in the CSV, with its SHA-256 and line."""
        items = imported_of(read_all(member_zip))
        shares = member.shares_csv()
        for item in items[:5]:
            assert item.media_type == "text/csv"
            assert item.original_bytes in shares
            assert item.sha256 == hashlib.sha256(item.original_bytes).hexdigest()
        assert b"".join(i.original_bytes for i in items[:5]) == shares.split(b"\n", 1)[1]
        assert (
            b"".join(i.original_bytes for i in items[5:])
            == member.comments_csv().split(b"\n", 1)[1]
        )
        assert items[0].source == f"{member_zip.name}!Shares.csv@2"
        # the first post starts on line 2 and takes four lines: the next starts on line 6
        assert items[1].source == f"{member_zip.name}!Shares.csv@6"
        assert items[5].source == f"{member_zip.name}!Comments.csv@2"

    def test_reading_twice_gives_the_same_ids_and_originals(self, member_zip: Path) -> None:
        """The same export read again yields the same messages and records: re-import is idempotent."""
        first, second = imported_of(read_all(member_zip)), imported_of(read_all(member_zip))
        assert [(i.message, i.original, i.source) for i in first] == [
            (i.message, i.original, i.source) for i in second
        ]
        assert len({i.message.id for i in first}) == len(first)

    def test_a_newer_export_gives_the_old_posts_the_same_ids(self, tmp_path: Path) -> None:
        """A later export with more rows keeps each earlier post's and comment's id."""
        old = council_member_export()
        newer = council_member_export()
        newer.shares.append(Share(datetime(2024, 4, 1, 9, 0, tzinfo=UTC), "Nova oferta"))
        old_ids = {m.id for m in messages_of(read_all(old.write(tmp_path / "a.zip")))}
        new_ids = {m.id for m in messages_of(read_all(newer.write(tmp_path / "b.zip")))}
        assert old_ids < new_ids and len(new_ids - old_ids) == 1


class TestLayouts:
    def test_member_names_with_the_members_number(self, tmp_path: Path) -> None:
        """Shares_17529409.csv and Comments_17529409.csv are read as Shares.csv and Comments.csv."""
        export = council_member_export(suffix="_17529409")
        items = read_all(export.write(tmp_path / "e.zip"))
        assert len(messages_of(items)) == 7 and problems_of(items) == []
        assert imported_of(items)[0].source == "e.zip!Shares_17529409.csv@2"

    def test_an_export_packed_again_one_folder_deeper(self, tmp_path: Path) -> None:
        """An export unpacked and zipped again with its folder reads the same."""
        export = council_member_export()
        items = read_all(export.write(tmp_path / "e.zip", folder="LinkedInDataExport/"))
        assert len(messages_of(items)) == 7 and problems_of(items) == []

    def test_an_export_without_comments(self, tmp_path: Path) -> None:
        """A member who never commented has no Comments.csv: the posts load."""
        export = council_member_export()
        items = read_all(export.write(tmp_path / "e.zip", leave_out=("Comments.csv",)))
        assert len(messages_of(items)) == 5 and problems_of(items) == []

    @pytest.mark.parametrize("table", ["Shares.csv", "Comments.csv"])
    def test_a_table_given_alone(self, table: str, tmp_path: Path) -> None:
        """Shares.csv or Comments.csv alone is read, for the one profile the host names."""
        export = council_member_export()
        path = tmp_path / table
        path.write_bytes(export.members()[table])
        items = read_all(path, profiles=[linkedin_profile()])
        assert len(messages_of(items)) == (5 if table == "Shares.csv" else 2)
        assert imported_of(items)[0].source == f"{table}@2"
        refused = read_all(path, profiles=[linkedin_profile(), x_profile()])
        (problem,) = problems_of(refused)
        assert "does not say whose it is" in problem.message.en

    def test_the_plain_reader_gives_messages_for_the_derived_profile(self, tmp_path: Path) -> None:
        """Without profiles, the messages go to linkedin-<page> (or linkedin-<name>)."""
        export = council_member_export(
            profile_url="https://www.linkedin.com/in/rosa-marti-example/"
        )
        items = list(read(export.write(tmp_path / "e.zip"), "ajuntament-soldeneu", Limits()))
        assert {m.profile for m in items if not hasattr(m, "where")} == {
            "linkedin-rosa-marti-example"
        }
        nameless = list(read(council_member_export().write(tmp_path / "f.zip"), "o", Limits()))
        assert {m.profile for m in nameless if not hasattr(m, "where")} == {"linkedin-rosa-marti"}


class TestWhoseExport:
    def test_the_profile_is_found_by_e_mail_or_by_address(self, tmp_path: Path) -> None:
        """A profile is the member by its contact_email, or by its url naming the member's page."""
        export = council_member_export(
            emails=["rosa.marti@correu.example"],
            profile_url="https://www.linkedin.com/in/rosa-marti-example",
        )
        path = export.write(tmp_path / "e.zip")
        by_email = linkedin_profile("linkedin-rosa", contact_email="Rosa.Marti@correu.example")
        by_url = linkedin_profile(
            "linkedin-rosa",
            handle="rosa",
            url="https://www.linkedin.com/in/rosa-marti-example/",
            contact_email=None,
        )
        by_handle = linkedin_profile("linkedin-rosa", handle="in/Rosa-Marti-Example", url=None)
        for profile in (by_email, by_url, by_handle):
            items = read_all(path, profiles=[linkedin_profile(), profile, x_profile()])
            assert {m.profile for m in messages_of(items)} == {"linkedin-rosa"}, profile

    def test_no_profile_or_two_profiles_of_the_account_load_nothing(self, member_zip: Path) -> None:
        """An export no profile is, or that two profiles are, is a problem and loads nothing."""
        other = linkedin_profile("linkedin-alcaldia", "alcaldia", url=None, contact_email=None)
        items = read_all(member_zip, profiles=[other, x_profile()])
        (problem,) = problems_of(items)
        assert messages_of(items) == []
        assert "no profile of channel 'linkedin' is that account" in problem.message.en
        assert (
            "linkedin-alcaldia" in problem.message.en
            and "govsm import --profile" in problem.message.en
        )
        assert "ningún perfil del canal «linkedin»" in problem.message.es
        twice = read_all(
            member_zip, profiles=[linkedin_profile(), linkedin_profile("linkedin-copia")]
        )
        (problem,) = problems_of(twice)
        assert "several LinkedIn profiles" in problem.message.en and messages_of(twice) == []

    def test_a_profile_of_another_channel_is_never_the_account(self, member_zip: Path) -> None:
        """A Facebook profile with the same e-mail is not LinkedIn's account."""
        facebook = linkedin_profile("facebook-ocupacio", channel="facebook")
        items = read_all(member_zip, profiles=[facebook, x_profile()])
        assert messages_of(items) == [] and len(problems_of(items)) == 1

    def test_the_one_profile_the_host_names_is_taken(self, tmp_path: Path) -> None:
        """govsm import --profile passes one profile: an export that names nobody goes to it."""
        export = council_member_export(emails=[])
        path = export.write(tmp_path / "e.zip", leave_out=("Profile.csv", "Email Addresses.csv"))
        named = linkedin_profile("linkedin-alcaldia", "alcaldia", url=None, contact_email=None)
        items = read_all(path, profiles=[named])
        assert {m.profile for m in messages_of(items)} == {"linkedin-alcaldia"}


class TestImporter:
    def test_the_importer_is_declared_and_recognises_only_linkedin_files(
        self, member_zip: Path, tmp_path: Path
    ) -> None:
        """The importer claims LinkedIn's zips and tables, not other zips or CSV files."""
        assert IMPORTER.name == "linkedin-archive"
        assert IMPORTER.accepts(member_zip)
        x_zip = tmp_path / "twitter.zip"
        with zipfile.ZipFile(x_zip, "w") as made:
            made.writestr("data/tweets.js", "window.YTD.tweets.part0 = []")
        other_csv = tmp_path / "Connections.csv"
        other_csv.write_text("First Name,Last Name,URL\n", encoding="utf-8")
        shares = tmp_path / "Shares.csv"
        shares.write_bytes(council_member_export().shares_csv())
        assert not IMPORTER.accepts(x_zip)
        assert not IMPORTER.accepts(other_csv)
        assert IMPORTER.accepts(shares)
        assert not IMPORTER.accepts(tmp_path / "missing.zip")

    def test_the_host_picks_this_importer_for_linkedin_files(
        self, member_zip: Path, page_xls: Path
    ) -> None:
        """Among the host's importers, LinkedIn's files go to linkedin-archive."""
        from govsm.plugins import PluginHost

        host = PluginHost()
        assert importer_for(member_zip, host.importers()).name == "linkedin-archive"
        assert importer_for(page_xls, host.importers()).name == "linkedin-archive"

    def test_a_host_reads_originals_through_items(self, member_zip: Path) -> None:
        """Importer.items gives Imported items; the plain reader gives their messages."""
        from govsm.spec import ImportContext

        context = ImportContext("ajuntament-soldeneu", Limits(), (linkedin_profile(),))
        items = list(IMPORTER.items(member_zip, context))
        assert len(imported_of(items)) == 7
        plain = list(IMPORTER.read(member_zip, "ajuntament-soldeneu", Limits()))
        assert [m.text for m in plain] == [i.message.text for i in imported_of(items)]
