"""The small readers: URNs and their moments, dates, addresses, accounts, columns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from govsm_linkedin_archive.account import member_account, page_account, page_name
from govsm_linkedin_archive.columns import PAGE_POSTS, SHARES
from govsm_linkedin_archive.moments import page_moment, utc_moment
from govsm_linkedin_archive.shares import media_kind
from govsm_linkedin_archive.texts import web_address
from govsm_linkedin_archive.urns import urn_in
from hypothesis import given
from hypothesis import strategies as st

from govsm.model import MediaKind
from linkedin_archive_tests.builder import snowflake

_MOMENTS = st.datetimes(
    min_value=datetime(2004, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
)


class TestUrns:
    @given(
        moment=_MOMENTS,
        sequence=st.integers(0, 0x3FFFFF),
        kind=st.sampled_from(["share", "ugcPost", "activity"]),
        encoded=st.booleans(),
    )
    def test_a_urn_is_found_in_any_address_and_holds_its_moment(
        self, moment: datetime, sequence: int, kind: str, encoded: bool
    ) -> None:
        """Plain or percent-encoded, a post's URN is found, and its number gives its moment (ms)."""
        number = snowflake(moment, sequence)
        urn = f"urn:li:{kind}:{number}"
        address = (
            "https://www.linkedin.com/feed/update/"
            + (urn.replace(":", "%3A") if encoded else urn)
            + "/"
        )
        found = urn_in(address)
        assert found is not None and found.text == urn
        assert found.message_id == f"linkedin-{kind.lower()}-{number}"
        assert found.moment == moment - timedelta(microseconds=moment.microsecond % 1000)

    def test_what_is_no_post(self) -> None:
        """Company pages, other networks, small numbers and huge inputs give no URN or moment."""
        assert urn_in("https://www.linkedin.com/company/soldeneu-ocupacio/") is None
        assert urn_in("urn:li:person:12345") is None
        assert urn_in("x" * 5000 + "urn:li:share:7170334654464000000") is None
        small = urn_in("urn:li:share:12")
        assert small is not None and small.moment is None


class TestDates:
    def test_utc_moments(self) -> None:
        """Date is UTC; an offset is honoured; a trailing UTC is allowed; nonsense is None."""
        assert utc_moment("2024-05-02 09:30:00 UTC") == datetime(2024, 5, 2, 9, 30, tzinfo=UTC)
        assert utc_moment("2024-05-02") == datetime(2024, 5, 2, tzinfo=UTC)
        assert utc_moment("") is None and utc_moment("2024-13-45 10:00:00") is None
        assert utc_moment("9" * 100) is None

    def test_the_urn_and_the_day_disagreeing(self) -> None:
        """A URN a week off the written day is not believed: the day at 00:00 UTC is taken."""
        exact = datetime(2024, 3, 20, 9, 0, tzinfo=UTC)
        assert page_moment("03/04/2024", exact) == datetime(2024, 3, 4, tzinfo=UTC)
        assert page_moment("", exact) == exact
        assert page_moment(None, None) is None


class TestAddressesAndMedia:
    def test_addresses_kept_and_refused(self) -> None:
        """Only printable http(s) addresses without spaces, of reasonable length, are kept."""
        assert web_address(" https://soldeneu.example/a ") == "https://soldeneu.example/a"
        assert web_address("javascript:alert(1)") is None
        assert web_address("https://x.example/\u200b") is None
        assert web_address("https://x.example/" + "a" * 3000) is None

    def test_the_kind_of_a_medium_from_its_address(self) -> None:
        """Videos, GIFs and documents are told by their path; anything else is an image."""
        assert media_kind("https://media.example/dms/video/v.mp4") is MediaKind.VIDEO
        assert media_kind("https://media.example/a.GIF") is MediaKind.GIF
        assert media_kind("https://media.example/document/x.pdf") is MediaKind.DOCUMENT
        assert media_kind("https://media.example/dms/image/feedshare") is MediaKind.IMAGE


class TestAccounts:
    def test_page_names_from_addresses_handles_and_files(self) -> None:
        """in/, company/ and showcase/ addresses and handles give the page's name."""
        assert (
            page_name("https://www.linkedin.com/in/rosa-marti-example?trk=x")
            == "rosa-marti-example"
        )
        assert page_name("company/Soldeneu-Ocupacio") == "soldeneu-ocupacio"
        assert page_name("https://x.com/AjSoldeneu") is None
        assert page_account("publicacions.xls").page is None
        assert page_account("Soldeneu-Ocupacio_updates_1.xlsx").page == "soldeneu-ocupacio"

    def test_a_member_account_keeps_only_addresses(self) -> None:
        """E-mails are kept lower-cased and once; what is not an address is left out."""
        account = member_account(
            "Rosa", "Martí", "", ["Ocupacio@Soldeneu.example", "no", "ocupacio@soldeneu.example"]
        )
        assert account.emails == ("ocupacio@soldeneu.example",) and account.name == "Rosa Martí"


class TestColumns:
    def test_headers_found_whatever_their_case_or_spacing(self) -> None:
        """Share Link, SHARELINK and ShareLink are the same column; a missing required one is none."""
        header = SHARES.header(["DATE", "Share Link", "share_commentary"])
        assert header is not None and header.positions == {"date": 0, "link": 1, "commentary": 2}
        assert PAGE_POSTS.header(["Update title", "Update link", "Created date"]) is not None
        assert PAGE_POSTS.header(["Post title", "Created date"]) is None
