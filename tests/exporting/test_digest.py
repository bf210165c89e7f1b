"""The weekly digest (``digest``): self-contained, inert, escaped, in one language, its period."""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest

import govsm
from govsm.audit.folder import MANIFEST
from govsm.builtin.exporters import digest_html
from govsm.builtin.exporters.digest_content import CAP, PERIOD, UPCOMING, collect_digest
from govsm.builtin.exporters.digest_labels import LABELS, LANGUAGES, Labels, digest_language
from govsm.exporting import export
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm.plugins import PluginHost
from govsm.spec import Selection
from govsm.spec.export_source import ExportSource
from govsm.workspace import Workspace
from tests.audit.test_spanish_output import spanish_only as spanish_only_toml
from tests.cli.running import invoke
from tests.exporting.council import HISTORY as COUNCIL_HISTORY
from tests.exporting.council import (
    ORGANISATION,
    THE_ORGANISATION,
    memory_source,
    post,
    record,
    write_workspace,
)
from tests.exporting.council import START as COUNCIL_START
from tests.exporting.council import host as council_host
from tests.exporting.html_reading import Page
from tests.paths import EXAMPLE
from tests.store.conftest import pg_admin, pg_schema_url  # noqa: F401  (fixtures)

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
#: what a citizen wrote, and their handle: neither may reach the digest
CITIZEN_TEXT = "El meu DNI és 12345678Z i visc al carrer Major 3"
CITIZEN = "@veina_indignada"


def inbound(ident: str, when: datetime, state: MessageState = MessageState.NEW) -> Message:
    return Message(
        organisation=ORGANISATION,
        id=ident,
        profile="x-ajuntament",
        direction=Direction.INBOUND,
        kind=MessageKind.MENTION,
        state=state,
        text=CITIZEN_TEXT,
        author=CITIZEN,
        created_at=when,
    )


def planned(ident: str, at: datetime, campaign: str | None = None, **extra: Any) -> Message:
    return Message(
        organisation=ORGANISATION,
        id=ident,
        profile="x-ajuntament",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=extra.pop("state", MessageState.SCHEDULED),
        text=extra.pop("text", f"Previst {ident}"),
        created_at=NOW - timedelta(days=3),
        scheduled_at=at,
        campaign=campaign,
        **extra,
    )


def digest_of(source: ExportSource) -> str:
    out = io.BytesIO()
    digest_html.write(source, out)
    return out.getvalue().decode("utf-8")


def spanish_only(source: ExportSource) -> ExportSource:
    return attrs.evolve(source, organisation=attrs.evolve(THE_ORGANISATION, languages=("es",)))


HISTORY = [
    post("x-old", "Fa dues setmanes", NOW - timedelta(days=14)),
    post(
        "x-week-1",
        "Obrim la piscina",
        NOW - timedelta(days=6),
        url="https://x.com/AjSoldeneu/status/1",
    ),
    post("x-week-2", "Tall de trànsit", NOW - timedelta(hours=5)),
    inbound("in-1", NOW - timedelta(days=3, hours=2)),
    inbound("in-2", NOW - timedelta(hours=5), MessageState.ASSIGNED),
    inbound("in-answered", NOW - timedelta(days=2), MessageState.ANSWERED),
    planned("p-1", NOW + timedelta(days=1), campaign="estiu-2026"),
    planned("p-2", NOW + timedelta(days=2), campaign="estiu-2026"),
    planned("p-3", NOW + timedelta(days=3), state=MessageState.PENDING_APPROVAL),
    planned("p-late", NOW + UPCOMING + timedelta(hours=1)),
    planned("p-past", NOW - timedelta(hours=1)),
]


class TestSelfContained:
    def test_the_page_parses_and_fetches_nothing(self) -> None:
        """No script, style sheet, image, frame, event handler or non-http link; balanced."""
        html = digest_of(memory_source(HISTORY, now=NOW))
        page = Page(html)
        assert page.problems() == []
        assert html.startswith("<!DOCTYPE html>")
        tags = {tag for tag, _ in page.tags}
        assert {"html", "head", "body", "h1", "h2", "ul", "li", "a"} <= tags
        # the only link is the post's own address
        assert [a.get("href") for t, a in page.tags if t == "a"] == [
            "https://x.com/AjSoldeneu/status/1"
        ]

    def test_an_unsafe_address_is_not_a_link(self) -> None:
        """A stored address that is not http(s) is shown as text, never as a link."""
        source = memory_source([post("x-1", "Hola", NOW - timedelta(hours=1))], now=NOW)
        source = attrs.evolve(source, read=_with_url(source, "javascript:alert(1)"))
        page = Page(digest_of(source))
        assert page.problems() == []
        assert not [t for t, _ in page.tags if t == "a"]


def _with_url(source: ExportSource, url: str) -> Any:
    def read(query: Any) -> Any:
        return iter([attrs.evolve(item, url=url) for item in source.read(query)])

    return read


class TestSections:
    def test_published_in_the_week_before_it_is_made(self) -> None:
        """By default the period is the 7 days before generation: older posts are not in it."""
        digest = collect_digest(memory_source(HISTORY, now=NOW))
        assert digest.since == NOW - PERIOD and digest.until == NOW
        assert [i.message.id for i in digest.published] == ["x-week-2", "x-week-1"]
        assert digest.published_total == 2

    def test_open_conversations_oldest_first_without_personal_data(self) -> None:
        """New and assigned inbound messages, with their wait; not the citizen's words or handle."""
        digest = collect_digest(memory_source(HISTORY, now=NOW))
        assert [(w.state, w.waited) for w in digest.waiting] == [
            ("new", timedelta(days=3, hours=2)),
            ("assigned", timedelta(hours=5)),
        ]
        html = digest_of(memory_source(HISTORY, now=NOW))
        assert "espera 3 dies" in html and "espera 5 h" in html
        assert CITIZEN_TEXT not in html and CITIZEN not in html and "12345678Z" not in html

    def test_upcoming_within_two_weeks_with_their_campaigns(self) -> None:
        """Planned from now to 14 days ahead, soonest first; past and later ones are not."""
        digest = collect_digest(memory_source(HISTORY, now=NOW))
        assert [p.item.message.id for p in digest.upcoming] == ["p-1", "p-2", "p-3"]
        assert digest.campaigns == (("estiu-2026", 2, NOW + timedelta(days=1)),)
        html = digest_of(memory_source(HISTORY, now=NOW))
        assert "Campanya «estiu-2026» — publicacions: 2" in html
        assert "pendent d&#x27;aprovació" in html or "pendent d'aprovació" in html
        assert "Previst p-late" not in html and "Previst p-past" not in html

    def test_empty_sections_say_so(self) -> None:
        html = digest_of(memory_source([], now=NOW))
        labels = Labels("ca-valencia")
        for key in ("published.none", "open.none", "upcoming.none"):
            assert Page(html).text.count(labels(key)) == 1

    def test_long_lists_are_cut_and_counted(self) -> None:
        """At most CAP entries a section; the rest counted in one line."""
        many = [post(f"x-{n:03d}", f"Post {n}", NOW - timedelta(minutes=n + 1)) for n in range(60)]
        many += [inbound(f"in-{n:03d}", NOW - timedelta(hours=n + 1)) for n in range(55)]
        digest = collect_digest(memory_source(many, now=NOW))
        assert len(digest.published) == CAP and digest.published_total == 60
        assert len(digest.waiting) == CAP and digest.waiting_total == 55
        # the longest waiting are the ones shown
        assert digest.waiting[0].waited == timedelta(hours=55)
        text = Page(digest_of(memory_source(many, now=NOW))).text
        assert "… i 10 més" in text and "… i 5 més" in text


class TestPeriod:
    def test_a_selected_period(self) -> None:
        """--since/--until choose the period: only posts said in it."""
        selection = Selection(since=NOW - timedelta(days=15), until=NOW - timedelta(days=7))
        digest = collect_digest(memory_source(HISTORY, selection, now=NOW))
        assert [i.message.id for i in digest.published] == ["x-old"]
        # the conversations open before the period's end: none was received by then
        assert digest.waiting == ()

    def test_one_end_gives_a_week(self) -> None:
        since = NOW - timedelta(days=20)
        digest = collect_digest(memory_source(HISTORY, Selection(since=since), now=NOW))
        assert (digest.since, digest.until) == (since, since + PERIOD)
        until = NOW - timedelta(days=1)
        digest = collect_digest(memory_source(HISTORY, Selection(until=until), now=NOW))
        assert (digest.since, digest.until) == (until - PERIOD, until)
        assert [i.message.id for i in digest.published] == ["x-week-1"]

    def test_whole_days_are_shown_as_days(self) -> None:
        """A period from midnight to midnight (local) reads as its first and last day."""
        zone = THE_ORGANISATION.local_time(NOW).tzinfo
        since = datetime(2026, 6, 1, tzinfo=zone)
        until = datetime(2026, 6, 8, tzinfo=zone)
        html = digest_of(memory_source(HISTORY, Selection(since=since, until=until), now=NOW))
        assert "Del 01/06/2026 al 07/06/2026" in html


class TestHostileText:
    HOSTILE = "\x07<script>alert(1)</script><img src=x> & &amp; \u202eesrever\u202c \u2066i\u2069"

    def test_markup_and_controls_are_text(self) -> None:
        """Markup in a title is shown, not parsed; controls become U+FFFD; the page stays inert."""
        messages = [post("x-1", self.HOSTILE, NOW - timedelta(hours=1))]
        messages.append(planned("p-1", NOW + timedelta(hours=2), text=self.HOSTILE))
        html = digest_of(memory_source(messages, now=NOW))
        page = Page(html)
        assert page.problems() == []
        assert "<script>alert(1)</script>" in page.text
        assert "\x07" not in html and "\ufffd" in page.text
        # the direction-changing characters stay, inside an element that isolates them
        spans = [a for t, a in page.tags if t == "span" and a.get("dir") == "auto"]
        assert len(spans) >= 2

    def test_a_huge_post_is_a_short_line(self) -> None:
        """A 10,000-character post is listed by its headline, not copied whole."""
        messages = [post("x-1", "a" * 5_000 + " " + "b" * 5_000, NOW - timedelta(hours=1))]
        html = digest_of(memory_source(messages, now=NOW))
        assert "a" * 80 in html and "b" * 100 not in html and len(html) < 8_000


class TestLanguage:
    def test_spanish_only_body_reads_spanish_only(self) -> None:
        """No Valencian and no English label in a Spanish-only body's digest."""
        html = digest_of(spanish_only(memory_source(HISTORY, now=NOW)))
        text = Page(html).text
        assert 'lang="es"' in html
        assert "Qué hemos publicado" in text and "Conversaciones abiertas" in text
        for valencian, spanish, english in LABELS.values():
            for other in (valencian, english):
                fixed = other.split("{")[0].strip()
                if fixed and fixed != spanish.split("{")[0].strip() and len(fixed) > 3:
                    assert not re.search(rf"(?<!\w){re.escape(fixed)}(?!\w)", text), fixed

    def test_the_first_language_the_labels_have(self) -> None:
        assert digest_language(("ca-valencia", "es")) == "ca-valencia"
        assert digest_language(("ca", "es")) == "ca-valencia"
        assert digest_language(("gl", "es")) == "es"
        assert digest_language(("eu",)) == "es"
        assert digest_language(("en",)) == "en"

    def test_every_label_in_every_language(self) -> None:
        """Each label has a non-empty text per language, with the same fields in each."""
        for key, texts in LABELS.items():
            assert len(texts) == len(LANGUAGES), key
            fields = [sorted(part.split("}")[0] for part in t.split("{")[1:]) for t in texts]
            assert all(t.strip() for t in texts) and fields.count(fields[0]) == 3, key

    def test_an_unknown_label_is_an_error(self) -> None:
        with pytest.raises(KeyError):
            Labels("es")("no.such.label")
        with pytest.raises(KeyError):
            Labels("gl")


class TestInTheAudit:
    def test_the_audit_writes_the_digest(self, council: Path) -> None:
        """report/digest.html: the week before the audit, listed with govsm's files."""
        now = datetime(2026, 6, 5, 12, 0, tzinfo=UTC)
        with Workspace.open(council, host=PluginHost(entry_points=False)) as workspace:
            report = govsm.run_audit(workspace, now=now)
        path = council / "report" / "digest.html"
        assert path in report.files
        page = Page(path.read_text(encoding="utf-8"))
        assert page.problems() == []
        assert "Inscripcions obertes per al 10K." in page.text  # published on 4 June
        written = json.loads((council / "report" / MANIFEST).read_text("utf-8"))
        assert "digest.html" in written


class TestCommandLine:
    def test_a_spanish_only_council_gets_a_spanish_digest(self, tmp_path: Path) -> None:
        """govsm export digest on the example council made Spanish-only: Spanish labels only."""
        folder = tmp_path / "soldeneu"
        shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
        config = folder / "govsm.toml"
        config.write_text(spanish_only_toml(config.read_text(encoding="utf-8")), "utf-8")
        out = tmp_path / "resumen.html"
        done = invoke(
            "export", "digest", str(folder), "--since", "2026-11-13", "--until", "2026-11-19",
            "-o", str(out),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        html = out.read_text(encoding="utf-8")
        page = Page(html)
        assert page.problems() == []
        assert 'lang="es"' in html and "Del 13/11/2026 al 19/11/2026" in page.text
        assert "Publicaciones en el periodo:" in page.text
        for valencian, spanish, english in LABELS.values():
            for other in (valencian, english):
                fixed = other.split("{")[0].strip(" .:«'")
                if len(fixed) > 3 and fixed not in spanish:
                    assert not re.search(rf"(?<!\w){re.escape(fixed)}(?!\w)", page.text), fixed


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def digest_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend (PostgreSQL: a schema of its own)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'govsm.db'}"
    return str(request.getfixturevalue("pg_schema_url"))


class TestOnTheStore:
    def test_the_three_sections_read_from_the_database(
        self, tmp_path: Path, digest_store_url: str
    ) -> None:
        """The queries behind each section, run by the store on SQLite and PostgreSQL."""
        now = COUNCIL_START + timedelta(days=4)
        history = [
            *COUNCIL_HISTORY,
            record(
                "x-in-0002", "x-ajuntament", "@AjSoldeneu i el 10K?", hours=90, kind="mention",
                state="assigned", direction="inbound", author="@corredora",
            ),
            record(
                "x-in-0003", "x-ajuntament", "Gràcies!", hours=91, kind="mention",
                state="answered", direction="inbound", author="@veina",
            ),
            record(
                "x-s-0001", "x-ajuntament", "Arriba la Fira", hours=92, state="scheduled",
                campaign="fira-2026", scheduled_at=(now + timedelta(days=2)).isoformat(),
            ),
            record(
                "x-s-0002", "x-ajuntament", "Molt més tard", hours=93, state="scheduled",
                scheduled_at=(now + timedelta(days=30)).isoformat(),
            ),
        ]  # fmt: skip
        folder = write_workspace(tmp_path / "soldeneu", history)
        out = tmp_path / "digest.html"
        with Workspace.open(folder, host=council_host(), store_url=digest_store_url) as ws:
            ws.load()
            result = export(ws, "digest", out, Selection(), now=now)
        assert result.complete
        page = Page(out.read_text(encoding="utf-8"))
        assert page.problems() == []
        text = page.text
        # published in the 7 days before: everything but the draft, the DM and the repost
        assert "Publicacions en el període: 8" in text
        # the new and the assigned mention wait; the answered one does not
        assert "Missatges de la ciutadania que esperen resposta: 2." in text
        assert "Gràcies!" not in text and "@corredora" not in text
        assert "Arriba la Fira" in text and "Molt més tard" not in text
        assert "Campanya «fira-2026» — publicacions: 1" in text
