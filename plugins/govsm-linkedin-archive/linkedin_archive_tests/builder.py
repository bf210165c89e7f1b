"""LinkedIn's exports in their real layout for the fictional Ajuntament de Soldeneu, built by the tests.

:class:`MemberExport` writes what *Get a copy of your data* gives a member: a zip of CSV files
at its top — ``Shares.csv`` (``Date``, ``ShareLink``, ``ShareCommentary``, ``SharedUrl``,
``MediaUrl``, ``Visibility``; the date in UTC, the link percent-encoded, each line break of a
post written as LinkedIn writes it, ``"`` + break + ``"``, inside a field quoted as CSV),
``Comments.csv`` (``Date``, ``Link``, ``Message``; a quote inside a quoted field written
``\\"``), ``Profile.csv``, ``Email Addresses.csv``, and tables govsm does not read
(``Connections.csv`` with LinkedIn's ``Notes:`` paragraph above its header, ``messages.csv``).

:class:`PageExport` writes a Page admin's content export: a workbook with the sheets
``Metrics`` and ``All posts``, the latter with a row describing it above the header row —
``Post title``, ``Post link``, ``Post type``, ``Campaign name``, ``Posted by``, ``Created date``
(month first), … and LinkedIn's counts — as a binary ``.xls`` (as LinkedIn gives it, written
with xlwt) or as an ``.xlsx`` (written with openpyxl).

The member is Rosa Martí, who runs the council's employment profile; every account, address
and number is made up (``.example``), and every URN's number holds its post's moment as
LinkedIn's do.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from attrs import define, field, frozen

FEED = "https://www.linkedin.com/feed/update/"
START = datetime(2024, 3, 4, 8, 30, tzinfo=UTC)

SHARES_HEADER = ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"]
PAGE_HEADER = [
    "Post title",
    "Post link",
    "Post type",
    "Campaign name",
    "Posted by",
    "Created date",
    "Campaign start date",
    "Campaign end date",
    "Audience",
    "Impressions",
    "Views (excluding off-site video views)",
    "Off-site views",
    "Clicks",
    "Click through rate (CTR)",
    "Likes",
    "Comments",
    "Reposts",
    "Follows",
    "Engagement rate",
    "Content Type",
]


def snowflake(moment: datetime, sequence: int = 0) -> str:
    """A LinkedIn post number made at ``moment``, as LinkedIn's are (milliseconds above bit 22)."""
    return str((int(moment.timestamp() * 1000) << 22) | (sequence & 0x3FFFFF))


def encoded_link(kind: str, number: str) -> str:
    """A post's address as ``Shares.csv`` writes it: the URN percent-encoded."""
    return f"{FEED}urn%3Ali%3A{kind}%3A{number}"


def linkedin_commentary(text: str) -> str:
    """A post's text as LinkedIn puts it in ``ShareCommentary`` before quoting it as CSV."""
    return text.replace("\n", '"\n"')


def csv_bytes(rows: list[list[str]]) -> bytes:
    """Rows written as ``Shares.csv`` is: quoted when needed, quotes doubled, ``\\n`` endings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def comments_field(text: str) -> str:
    """A field of ``Comments.csv``: quoted when needed, a quote inside written ``\\"``."""
    if not any(c in text for c in ',"\n\r\\') and text == text.strip():
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@frozen
class Share:
    """One post of the member's."""

    moment: datetime
    commentary: str
    kind: str = "share"
    shared_url: str = ""
    media_url: str = ""
    visibility: str = "MEMBER_NETWORK"
    sequence: int = 0

    @property
    def number(self) -> str:
        """The post's URN number."""
        return snowflake(self.moment, self.sequence)

    @property
    def urn(self) -> str:
        """The post's URN."""
        return f"urn:li:{self.kind}:{self.number}"

    def row(self) -> list[str]:
        """The post's row of ``Shares.csv``."""
        return [
            self.moment.strftime("%Y-%m-%d %H:%M:%S"),
            encoded_link(self.kind, self.number),
            linkedin_commentary(self.commentary),
            self.shared_url,
            self.media_url,
            self.visibility,
        ]


@frozen
class Comment:
    """One comment of the member's under a post."""

    moment: datetime
    post: str  # the URN of the post it is under
    message: str

    def line(self) -> str:
        """The comment's record of ``Comments.csv`` (its line ending included)."""
        kind, number = self.post.split(":")[2:4]
        cells = [
            self.moment.strftime("%Y-%m-%d %H:%M:%S"),
            encoded_link(kind, number),
            comments_field(self.message),
        ]
        return ",".join(cells) + "\n"


@define
class MemberExport:
    """A member's data export (see the module)."""

    first_name: str = "Rosa"
    last_name: str = "Martí"
    profile_url: str | None = None
    emails: list[str] = field(factory=lambda: ["ocupacio@soldeneu.example"])
    shares: list[Share] = field(factory=list)
    comments: list[Comment] = field(factory=list)
    suffix: str = ""

    def shares_csv(self) -> bytes:
        """``Shares.csv`` as LinkedIn writes it."""
        return csv_bytes([SHARES_HEADER, *(share.row() for share in self.shares)])

    def comments_csv(self) -> bytes:
        """``Comments.csv`` as LinkedIn writes it."""
        lines = ["Date,Link,Message\n", *(comment.line() for comment in self.comments)]
        return "".join(lines).encode("utf-8")

    def profile_csv(self) -> bytes:
        """``Profile.csv``, with ``Profile URL`` when the export has it."""
        header = [
            "First Name",
            "Last Name",
            "Maiden Name",
            "Address",
            "Birth Date",
            "Headline",
            "Summary",
            "Industry",
            "Zip Code",
            "Geo Location",
            "Twitter Handles",
            "Websites",
            "Instant Messengers",
        ]
        row = [
            self.first_name,
            self.last_name,
            "",
            "",
            "",
            "Tècnica d'ocupació, Ajuntament de Soldeneu",
            "Borsa d'ocupació i formació.\n\nAgència de Desenvolupament Local.",
            "Administració pública",
            "46999",
            "Soldeneu, València",
            "",
            "[https://soldeneu.example/ocupacio]",
            "",
        ]
        if self.profile_url is not None:
            header.append("Profile URL")
            row.append(self.profile_url)
        return csv_bytes([header, row])

    def emails_csv(self) -> bytes:
        """``Email Addresses.csv``."""
        rows = [["Email Address", "Confirmed", "Primary", "Updated On"]]
        rows += [
            [address, "Yes", "Yes" if not i else "No", "2020-01-01"]
            for i, address in enumerate(self.emails)
        ]
        return csv_bytes(rows)

    def members(self) -> dict[str, bytes]:
        """Every member of the zip, in LinkedIn's order."""
        suffix = self.suffix
        return {
            "Connections.csv": (
                b'Notes:\n"When exporting your connection data, you may notice that some of the '
                b'email addresses are missing."\n\nFirst Name,Last Name,URL,Email Address,'
                b"Company,Position,Connected On\nJoan,Ferrer,https://www.linkedin.com/in/joan-"
                b"ferrer-example,,Cooperativa Example,Gerent,04 Mar 2024\n"
            ),
            f"Comments{suffix}.csv": self.comments_csv(),
            "Email Addresses.csv": self.emails_csv(),
            "Profile.csv": self.profile_csv(),
            f"Shares{suffix}.csv": self.shares_csv(),
            "messages.csv": b"CONVERSATION ID,FROM,TO,DATE,CONTENT\n",
        }

    def write(
        self,
        path: Path,
        *,
        replace: Mapping[str, bytes] | None = None,
        leave_out: tuple[str, ...] = (),
        folder: str = "",
    ) -> Path:
        """Write the export as a zip; ``replace`` swaps a member's content for another."""
        members = self.members() | dict(replace or {})
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as made:
            for name, data in members.items():
                if name not in leave_out:
                    made.writestr(folder + name, data)
        return path


def council_member_export(**changes: object) -> MemberExport:
    """Rosa Martí's export: posts, a multi-line one, a repost, a quote, a photo, comments."""
    export = MemberExport(**changes)  # type: ignore[arg-type]
    day = timedelta(days=1)
    export.shares = [
        Share(
            START,
            "Obrim la borsa d'ocupació de primavera.\n\nInscripcions a l'Agència de "
            'Desenvolupament Local fins al 15 de març: "ara és el moment".\n#Soldeneu',
            shared_url="https://soldeneu.example/ocupacio/borsa",
        ),
        Share(
            START + day, "", kind="ugcPost", shared_url=f"{FEED}urn:li:activity:{snowflake(START)}"
        ),
        Share(
            START + 2 * day,
            "Molt bona iniciativa de la Cambra per a l'ocupació juvenil.",
            kind="ugcPost",
            shared_url=f"{FEED}urn:li:activity:{snowflake(START - day, 7)}",
        ),
        Share(
            START + 3 * day,
            "Taller de currículums, dijous a les 10 h.\n\n\nPlaces limitades.",
            media_url="https://media.example/dms/image/feedshare-shrink_2048/taller.jpg",
            visibility="PUBLIC",
        ),
        Share(START + 4 * day, "Una línia, amb coma, sense salts."),
    ]
    export.comments = [
        Comment(
            START + day + timedelta(hours=2),
            f"urn:li:activity:{snowflake(START)}",
            'Gràcies a totes! La borsa "de primavera" ja té 40 inscrites.\nPodeu seguir-vos inscrivint.',
        ),
        Comment(
            START + 5 * day,
            f"urn:li:activity:{snowflake(START - 2 * day, 3)}",
            "Felicitats per la jornada, Cooperativa.",
        ),
    ]
    return export


@frozen
class PagePost:
    """One post of the Page's, with LinkedIn's counts."""

    moment: datetime
    title: str
    impressions: int = 120
    clicks: int = 9
    likes: int = 4
    sequence: int = 0
    posted_by: str = "Rosa Martí"
    post_type: str = "Organic"
    link: str | None = None

    @property
    def urn(self) -> str:
        """The post's URN (an activity, as the Page export links them)."""
        return f"urn:li:activity:{snowflake(self.moment, self.sequence)}"

    def row(self, created: object | None = None) -> list[object]:
        """The post's row of ``All posts``."""
        link = self.link if self.link is not None else f"{FEED}{self.urn}"
        return [
            self.title,
            link,
            self.post_type,
            "",
            self.posted_by,
            self.moment.strftime("%m/%d/%Y") if created is None else created,
            "",
            "",
            "All followers",
            self.impressions,
            0,
            0,
            self.clicks,
            round(self.clicks / self.impressions, 4) if self.impressions else 0,
            self.likes,
            1,
            0,
            0,
            round((self.clicks + self.likes + 1) / self.impressions, 4) if self.impressions else 0,
            "Text",
        ]


@define
class PageExport:
    """A Page's content export (see the module)."""

    posts: list[PagePost] = field(factory=list)
    description: bool = True
    extra_rows: list[list[object]] = field(factory=list)

    def table(self) -> list[list[object]]:
        """The rows of ``All posts``, the description row first when there is one."""
        rows: list[list[object]] = []
        if self.description:
            rows.append(["All posts: posts published by the Page in the period you chose"])
        rows.append(list(PAGE_HEADER))
        rows += [post.row() for post in self.posts]
        rows += self.extra_rows
        return rows

    def metrics(self) -> list[list[object]]:
        """The rows of the ``Metrics`` sheet (the Page's daily counts)."""
        return [
            ["Aggregated metrics"],
            ["Date", "Impressions (organic)", "Clicks (organic)"],
            ["03/04/2024", 340, 21],
        ]

    def write_xlsx(self, path: Path) -> Path:
        """The export as an ``.xlsx``."""
        import openpyxl

        book = openpyxl.Workbook()
        metrics = book.active
        assert metrics is not None
        metrics.title = "Metrics"
        for row in self.metrics():
            metrics.append(row)
        posts = book.create_sheet("All posts")
        for row in self.table():
            posts.append(row)
        book.save(path)
        return path

    def write_xls(self, path: Path) -> Path:
        """The export as LinkedIn gives it: a binary ``.xls``."""
        import xlwt  # type: ignore[import-untyped]

        book = xlwt.Workbook(encoding="utf-8")
        for name, rows in (("Metrics", self.metrics()), ("All posts", self.table())):
            sheet = book.add_sheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if isinstance(value, datetime):
                        sheet.write(r, c, value.replace(tzinfo=None), _XLS_DATE)
                    elif value is not None:
                        sheet.write(r, c, value)
        book.save(str(path))
        return path


def _xls_date_style() -> object:
    import xlwt  # type: ignore[import-untyped]

    style = xlwt.XFStyle()
    style.num_format_str = "MM/DD/YYYY"
    return style


_XLS_DATE = _xls_date_style()


def council_page_export() -> PageExport:
    """The employment Page's posts of a week: offers, a course, a post without text."""
    day = timedelta(days=1)
    return PageExport(
        [
            PagePost(
                START + timedelta(hours=1),
                "Oferta: auxiliar administratiu/va (3 places).\n\nTermini: 20 de març.",
            ),
            PagePost(
                START + day,
                "Curs gratuït d'atenció al client. Inscripcions obertes.",
                impressions=410,
                clicks=37,
            ),
            PagePost(
                START + 2 * day + timedelta(hours=22, minutes=45),
                "Borsa d'ocupació: 12 ofertes noves aquesta setmana.",
            ),
            PagePost(START + 3 * day, "", impressions=88, clicks=0, likes=2),
        ]
    )
