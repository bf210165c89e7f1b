"""Rendering the manual: complete in each language, no label from another, valid and escaped."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.errors import GovsmError
from govsm.manual import ManualDocument, render_html, render_markdown
from govsm.manual.document import SectionId
from govsm.manual.flow import diagram_rows
from govsm.manual.flow_mermaid import mermaid_text, render_mermaid
from govsm.manual.flow_svg import render_svg
from govsm.manual.labels import SUPPORTED_LANGUAGES, Labels, all_labels, check_language
from govsm.manual.render_markdown import escape_markdown
from govsm.model import LocalizedText

TEMPLATES = Path(__file__).resolve().parents[3] / "src/govsm/manual/templates"
NEW_YEAR = date(2026, 1, 1)
HOSTILE = "<script>alert(\"x\")</script> & 'quotes' | *bold* [link](http://evil) 👩‍👩‍👧 ‮rtl"
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}
SVG_SELF_CLOSING = {"rect", "line", "path", "circle"}
#: printable text without surrogates or NUL, which no workspace can hold
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    min_size=1,
    max_size=60,
)


class PageChecker(HTMLParser):
    """Checks that every element is closed in order and collects the text nodes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.texts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID and tag not in SVG_SELF_CLOSING:
            self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())


def check_page(page: str) -> PageChecker:
    """Parse ``page`` and assert it is a well-formed standalone HTML page."""
    checker = PageChecker()
    checker.feed(page)
    checker.close()
    assert checker.doctype
    assert checker.errors == []
    assert checker.stack == []
    return checker


def only_in(language: str, others: tuple[str, ...]) -> set[str]:
    """Labels (without placeholders) of ``language`` that no other language writes the same."""
    mine = {label.get(language) for label in all_labels().values()}
    theirs = {label.get(other) for label in all_labels().values() for other in others}
    return {text for text in mine - theirs if "{" not in text}


@pytest.fixture(scope="module", params=SUPPORTED_LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    """Each language the manual can be shown in."""
    return str(request.param)


class TestCompleteInEachLanguage:
    def test_html_has_every_section_and_profile(
        self, example_manual: ManualDocument, language: str
    ) -> None:
        """The HTML manual has the eleven sections, in order, and an entry per profile."""
        checker = check_page(render_html(example_manual, language))
        ids = [a.get("id") for tag, a in checker.tags if tag == "section"]
        assert ids == [s.value for s in SectionId]
        articles = {a.get("id") for tag, a in checker.tags if tag == "article"}
        assert {f"profile-{p.id}" for p in example_manual.profiles} <= articles
        t = Labels(language)
        for section in SectionId:
            assert any(text.endswith(t(f"section.{section}")) for text in checker.texts)

    def test_markdown_has_every_section_and_profile(
        self, example_manual: ManualDocument, language: str
    ) -> None:
        """The Markdown manual has a numbered heading per section and every profile."""
        text = render_markdown(example_manual, language)
        t = Labels(language)
        headings = re.findall(r"^## (\d+)\. (.+)$", text, flags=re.MULTILINE)
        assert headings == [(str(n), t(f"section.{s}")) for n, s in enumerate(SectionId, start=1)]
        for profile in example_manual.profiles:
            assert escape_markdown(profile.handle) in text

    def test_html_page_is_standalone(self, example_manual: ManualDocument, language: str) -> None:
        """One page: lang attribute, inline CSS and SVG, no script and nothing loaded."""
        page = render_html(example_manual, language)
        checker = check_page(page)
        assert (checker.tags[0][0], checker.tags[0][1].get("lang")) == ("html", language)
        assert not {"script", "link", "img", "iframe"} & {tag for tag, _ in checker.tags}
        assert not any("src" in a for _, a in checker.tags)
        assert not re.search(r"url\((?!#)", page)  # the SVG's markers refer to the page itself
        assert "@import" not in page
        assert page.count("<svg") == 1

    def test_user_texts_are_in_the_language(self, example_manual: ManualDocument) -> None:
        """The Valencian manual quotes the Valencian texts of the workspace, not the Spanish."""
        ca = render_markdown(example_manual, "ca-valencia")
        es = render_markdown(example_manual, "es")
        assert "Clar i serè, mai alarmista" in ca and "Clar i serè" not in es
        assert "Claro y sereno, nunca alarmista" in es and "Claro y sereno" not in ca


class TestNoLabelLeaks:
    @pytest.mark.parametrize("fmt", ["html", "markdown"])
    def test_no_label_of_another_language(
        self, example_manual: ManualDocument, language: str, fmt: str
    ) -> None:
        """No label that only another language writes appears in the manual."""
        others = tuple(x for x in SUPPORTED_LANGUAGES if x != language)
        foreign = set().union(*(only_in(o, (language,)) for o in others))
        if fmt == "html":
            found = set(check_page(render_html(example_manual, language)).texts)
            assert found & foreign == set()
        elif language in example_manual.languages:
            # the workspace's texts exist in the official languages only: in English they fall
            # back to Valencian, so a substring search would find them
            text = render_markdown(example_manual, language)
            leaked = {label for label in foreign if len(label) >= 12 and label in text}
            assert leaked == set()

    def test_every_label_used_is_in_the_manual_language(
        self, example_manual: ManualDocument, language: str
    ) -> None:
        """Headings and table headers are all labels of the manual's language."""
        checker = check_page(render_html(example_manual, language))
        mine = {label.get(language) for label in all_labels().values()}
        headers: list[str] = []
        capture = False

        class Headers(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                nonlocal capture
                capture = tag == "th" and ("scope", "col") in attrs

            def handle_data(self, data: str) -> None:
                if capture and data.strip():
                    headers.append(data.strip())

            def handle_endtag(self, tag: str) -> None:
                nonlocal capture
                capture = False

        Headers().feed(render_html(example_manual, language))
        assert headers and set(headers) <= mine
        assert checker.texts


class TestLabels:
    def test_every_label_in_three_languages(self) -> None:
        """Every label has a non-blank text in Valencian, Spanish and English."""
        for key, label in all_labels().items():
            for language in SUPPORTED_LANGUAGES:
                assert label.get(language).strip(), (key, language)

    def test_placeholders_agree(self) -> None:
        """A label's three texts take the same placeholders."""
        for key, label in all_labels().items():
            fields = [
                set(re.findall(r"\{(\w+)\}", label.get(lang))) for lang in SUPPORTED_LANGUAGES
            ]
            assert fields[0] == fields[1] == fields[2], key

    def test_template_keys_exist(self) -> None:
        """Every label key a template names literally exists."""
        for template in TEMPLATES.glob("*.j2"):
            text = template.read_text(encoding="utf-8")
            for key in re.findall(r't\("([a-z_.\-]+)"\s*[,)]', text):
                assert key in all_labels(), (template.name, key)

    def test_unknown_language_is_refused(self) -> None:
        """A language the manual has no labels for is an error naming the ones it has."""
        with pytest.raises(GovsmError, match="ca-valencia, es, en"):
            check_language("fr")
        with pytest.raises(GovsmError):
            render_html(ManualDocument("o", "O", ("es",), NEW_YEAR, ()), "gl")

    def test_dates_and_numbers(self) -> None:
        """Dates are written out and decimals use each language's separator."""
        day = date(2026, 4, 2)
        assert Labels("ca-valencia").date(day) == "2 d'abril de 2026"
        assert Labels("es").date(day) == "2 de abril de 2026"
        assert Labels("en").date(day) == "2 April 2026"
        assert [Labels(x).number(0.5) for x in SUPPORTED_LANGUAGES] == ["0,5", "0,5", "0.5"]


class TestEscaping:
    def _hostile(self, document: ManualDocument) -> ManualDocument:
        assert document.crisis is not None
        return attrs.evolve(
            document,
            organisation_name=HOSTILE,
            introduction=LocalizedText(text=HOSTILE),
            crisis=attrs.evolve(document.crisis, summary=LocalizedText(text=HOSTILE)),
        )

    def test_html_escapes_hostile_text(self, example_manual: ManualDocument) -> None:
        """Markup, quotes and Unicode in workspace texts are shown as written, never run."""
        page = render_html(self._hostile(example_manual), "es")
        checker = check_page(page)
        assert "<script>" not in page
        assert not any(tag == "script" for tag, _ in checker.tags)
        assert HOSTILE in checker.texts

    def test_markdown_escapes_hostile_text(self, example_manual: ManualDocument) -> None:
        """In Markdown the same text can neither inject HTML nor format the page."""
        text = render_markdown(self._hostile(example_manual), "es")
        assert "<script>" not in text
        assert "[link](http://evil)" not in text
        assert escape_markdown(HOSTILE) in text

    def test_text_in_another_language_is_marked(self, example_manual: ManualDocument) -> None:
        """A text missing in the manual's language is shown in another, marked with its lang."""
        document = attrs.evolve(
            example_manual, introduction=LocalizedText(translations={"es": "Solo en castellano"})
        )
        page = render_html(document, "ca-valencia")
        assert '<span lang="es">Solo en castellano</span>' in page

    def test_line_breaks_stay_in_their_cell(self) -> None:
        """A multi-line text stays in its Markdown table cell and paragraph, broken with <br>."""
        assert escape_markdown("one\n# two\r\nthree") == "one<br>\\# two<br>three"

    @given(TEXT)
    def test_any_text_round_trips_in_html(self, text: str) -> None:
        """Whatever the organisation's name, the page shows exactly it."""
        document = ManualDocument("o", text, ("es",), NEW_YEAR, ())
        checker = check_page(render_html(document, "es"))
        if text.strip():
            assert text.strip() in checker.texts

    @given(TEXT.filter(lambda t: t == t.strip() and t.strip()))
    def test_any_text_round_trips_in_markdown(self, text: str) -> None:
        """An escaped text reads back as itself, in a paragraph and in a table cell."""
        markdown_it = pytest.importorskip("markdown_it")
        parser = markdown_it.MarkdownIt("commonmark").enable("table")
        escaped = escape_markdown(text)
        paragraph = parser.render(escaped).strip()
        assert paragraph.startswith("<p>") and paragraph.endswith("</p>")
        assert html.unescape(paragraph[3:-4]) == text
        table = parser.render(f"| a |\n|---|\n| {escaped} |\n")
        cell = re.search(r"<td>(.*)</td>", table, flags=re.DOTALL)
        assert cell is not None
        assert html.unescape(cell.group(1)) == text


class TestDiagrams:
    def test_svg_is_well_formed_and_accessible(self, example_manual: ManualDocument) -> None:
        """The SVG parses as XML and has a title and a text description."""
        assert example_manual.responsibilities is not None
        flow = example_manual.responsibilities.flow
        t = Labels("ca-valencia")
        svg = render_svg(diagram_rows(flow, t), "Títol <&>", ("Una frase.",))
        root = ET.fromstring(svg)
        ns = "{http://www.w3.org/2000/svg}"
        assert root.findtext(f"{ns}title") == "Títol <&>"
        assert root.findtext(f"{ns}desc") == "Una frase."
        texts = [e.text for e in root.iter(f"{ns}text")]
        assert t("flow.draft") in texts and "Marta Soler Gil" in texts

    def test_mermaid_flowchart(self, example_manual: ManualDocument) -> None:
        """The Markdown holds a Mermaid flowchart with one subgraph per row."""
        text = render_markdown(example_manual, "es")
        block = re.search(r"```mermaid\n(.*?)\n```", text, flags=re.DOTALL)
        assert block is not None
        assert block.group(1).startswith("flowchart LR")
        assert block.group(1).count("subgraph") == 3

    @given(TEXT)
    def test_mermaid_labels_cannot_break_out(self, text: str) -> None:
        """A label never holds a quote, angle bracket, backtick, pipe or line break."""
        assert not set(mermaid_text(text)) & set('"<>`|\n\r')

    def test_hostile_approver_in_diagrams(self, example_manual: ManualDocument) -> None:
        """An approver's name with markup is escaped in the SVG and in Mermaid."""
        assert example_manual.responsibilities is not None
        flow = example_manual.responsibilities.flow
        path = flow.paths[0]
        hostile = attrs.evolve(path.approvers[0], name='</text><script>x</script>"')
        flow = attrs.evolve(flow, paths=(attrs.evolve(path, approvers=(hostile,)),))
        rows = diagram_rows(flow, Labels("es"))
        svg = render_svg(rows, "t", ())
        ET.fromstring(svg)
        assert "<script>" not in svg
        assert "<script>" not in render_mermaid(rows)
