"""The [manual] table: texts by language, strict structuring, and errors with file and key path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.errors import ModelError
from govsm.model import (
    Blog,
    BlogKind,
    Colour,
    CrisisProtocol,
    LocalizedText,
    ManualContent,
    ProcedureNotes,
    StyleGuide,
)
from govsm.model.manual import localized_texts
from govsm.plugins import PluginHost
from govsm.serialization import structure, unstructure
from govsm.workspace import Workspace, WorkspaceError, load_config
from tests.governance.manual.conftest import with_manual

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1
).filter(str.strip)
LANGUAGE = st.sampled_from(["ca-valencia", "es", "en", "ca", "gl", "eu"])
LOCALIZED = st.one_of(
    TEXT.map(lambda t: LocalizedText(text=t)),
    st.dictionaries(LANGUAGE, TEXT, min_size=1).map(lambda d: LocalizedText(translations=d)),
)


def problems(folder: Path) -> list[tuple[str, str]]:
    """The (key path, English message) of every problem of the workspace."""
    with pytest.raises(WorkspaceError) as caught:
        load_config(folder, PluginHost(entry_points=False).channels())
    return [(d.path, d.en) for d in caught.value.details]


class TestLocalizedText:
    def test_plain_string_serves_every_language(self) -> None:
        """A plain string is the text in every language."""
        text = LocalizedText.from_data("Soldeneu")
        assert [text.get(tag) for tag in ("ca-valencia", "es", "en")] == ["Soldeneu"] * 3

    def test_table_gives_each_language_its_text(self) -> None:
        """A table keyed by language tag gives each language its own text, and no other's."""
        text = LocalizedText.from_data({"ca-valencia": "Bon dia", "es": "Buenos días"})
        assert text.get("ca-valencia") == "Bon dia"
        assert text.get("es") == "Buenos días"
        assert text.get("en") is None

    def test_primary_language_serves_its_variant(self) -> None:
        """A text given for ``ca`` serves ``ca-valencia`` (same primary language)."""
        assert LocalizedText.from_data({"ca": "Hola"}).get("ca-valencia") == "Hola"

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({}, "not both, nor neither"),
            ("   ", "must not be empty"),
            ({"es": ""}, "must not be empty"),
            ({"es": 3}, "expected text, not an integer"),
            ({"español": "x"}, "not a valid BCP 47"),
            (["a"], "expected text or a table"),
            ({"es": "a\x00b"}, "NUL"),
        ],
    )
    def test_malformed_text_is_refused(self, data: Any, message: str) -> None:
        """Empty, non-text, badly tagged or NUL-bearing texts are refused, saying why."""
        with pytest.raises(ModelError, match=message):
            LocalizedText.from_data(data)

    @given(LOCALIZED)
    def test_round_trip_through_json(self, text: LocalizedText) -> None:
        """Any text survives the converter and JSON, byte for byte."""
        data = json.loads(json.dumps(unstructure(text), ensure_ascii=False))
        assert structure(data, LocalizedText) == text


class TestManualContent:
    def test_round_trip(self) -> None:
        """A manual with every part survives the converter."""
        content = ManualContent(
            title=LocalizedText(translations={"es": "Manual", "ca-valencia": "Manual"}),
            procedure=ProcedureNotes(form_url="https://seu.example/alta"),
            style=StyleGuide(colours=(Colour(LocalizedText(text="Blau"), "#1F4E79"),)),
            blogs=(),
            crisis=CrisisProtocol(steps=(LocalizedText(text="Avisar"),)),
        )
        assert structure(json.loads(json.dumps(unstructure(content))), ManualContent) == content

    def test_blogs_left_out_differ_from_no_blogs(self) -> None:
        """``blogs = []`` says there are none; leaving it out leaves the section empty."""
        assert structure({"blogs": []}, ManualContent).blogs == ()
        assert structure({}, ManualContent).blogs is None

    @pytest.mark.parametrize(
        ("kind", "missing"), [(BlogKind.UNIT, "unit"), (BlogKind.OFFICE_HOLDER, "holder")]
    )
    def test_blog_kind_needs_its_owner(self, kind: BlogKind, missing: str) -> None:
        """An área's blog names its área; an office holder's blog names the office holder."""
        with pytest.raises(ModelError, match=f"give '{missing}'"):
            Blog(id="b", kind=kind, name=LocalizedText(text="B"))

    def test_colour_must_be_hex(self) -> None:
        """A colour is #RRGGBB."""
        with pytest.raises(ModelError, match="#RRGGBB"):
            Colour(LocalizedText(text="Roig"), "red")

    def test_localized_texts_have_key_paths(self) -> None:
        """Every text of the manual is found with its govsm.toml key path."""
        content = ManualContent(
            crisis=CrisisProtocol(steps=(LocalizedText(text="a"), LocalizedText(text="b")))
        )
        assert [p for p, _ in localized_texts(content)] == [
            "manual.crisis.steps[0]",
            "manual.crisis.steps[1]",
        ]


class TestLoading:
    def test_workspace_without_manual(self, small: Path) -> None:
        """A workspace may have no [manual] table."""
        assert Workspace.open(small, host=PluginHost(entry_points=False)).manual is None

    def test_manual_table_is_exposed(self, small: Path) -> None:
        """The [manual] table is read and exposed on the workspace."""
        with_manual(small, '[manual]\ntitle = { ca-valencia = "Manual", es = "Manual" }\n')
        ws = Workspace.open(small, host=PluginHost(entry_points=False))
        assert ws.manual is not None
        assert ws.manual.title == LocalizedText(
            translations={"ca-valencia": "Manual", "es": "Manual"}
        )

    def test_example_council_has_a_manual(self, example_workspace: Workspace) -> None:
        """The example council's [manual] table loads, blogs and crisis protocol included."""
        manual = example_workspace.manual
        assert manual is not None
        assert manual.blogs is not None and len(manual.blogs) == 3
        assert manual.crisis is not None and len(manual.crisis.levels) == 3

    @pytest.mark.parametrize(
        ("table", "path", "message"),
        [
            ("[manual]\ntitel = 'x'\n", "manual.titel", "Did you mean 'title'"),
            ("manual = 3\n", "manual", "must be a table"),
            ("[manual]\ntitle = 3\n", "manual.title", "expected text or a table"),
            ("[manual.title]\nes = 4\n", "manual.title.es", "expected text, not an integer"),
            (
                "[[manual.style.colours]]\nname = 'R'\nhex = 'red'\n",
                "manual.style.colours[0].hex",
                "#RRGGBB",
            ),
            (
                "[[manual.blogs]]\nid = 'b'\nkind = 'genral'\nname = 'B'\n",
                "manual.blogs[0].kind",
                "Did you mean 'general'",
            ),
        ],
    )
    def test_malformed_manual_names_key_path(
        self, small: Path, table: str, path: str, message: str
    ) -> None:
        """A malformed [manual] table is an error naming the key path and what is wrong."""
        found = problems(with_manual(small, table))
        assert any(p == path and message in m for p, m in found), found

    @pytest.mark.parametrize(
        ("table", "path", "message"),
        [
            (
                "[[manual.blogs]]\nid = 'b'\nkind = 'general'\nname = 'B'\nmaintainers = ['mart']\n",
                "manual.blogs[0].maintainers[0]",
                "person 'mart' does not exist. Did you mean 'marta'",
            ),
            (
                "[[manual.blogs]]\nid = 'b'\nkind = 'unit'\nname = 'B'\nunit = 'esport'\n",
                "manual.blogs[0].unit",
                "unit 'esport' does not exist",
            ),
            (
                "[[manual.blogs]]\nid = 'b'\nkind = 'office-holder'\nname = 'B'\nholder = 'joan'\n",
                "manual.blogs[0].holder",
                "holds no political office",
            ),
            (
                "[[manual.blogs]]\nid = 'b'\nkind = 'general'\nname = 'B'\nprofile = 'x-aj'\n",
                "manual.blogs[0].profile",
                "profile 'x-aj' does not exist",
            ),
            (
                "[[manual.blogs]]\nid = 'b'\nkind = 'general'\nname = 'B'\n"
                "[[manual.blogs]]\nid = 'b'\nkind = 'general'\nname = 'C'\n",
                "manual.blogs[1].id",
                "already used",
            ),
            (
                "[[manual.resources]]\nkind = 'staff'\nname = 'R'\nperson = 'nobody'\n",
                "manual.resources[0].person",
                "person 'nobody' does not exist",
            ),
            (
                "[manual.crisis]\nteam = ['marta', 'ghost']\n",
                "manual.crisis.team[1]",
                "person 'ghost' does not exist",
            ),
            (
                "[[manual.profiles]]\nprofile = 'x-nope'\n",
                "manual.profiles[0].profile",
                "profile 'x-nope' does not exist",
            ),
            (
                "[[manual.style.image_sizes]]\nchannel = 'myspace'\nkind = 'post'\n"
                "width = 1\nheight = 1\n",
                "manual.style.image_sizes[0].channel",
                "channel 'myspace' does not exist",
            ),
            (
                "[manual.introduction]\nes = 'Hola'\nfr = 'Bonjour'\n",
                "manual.introduction.fr",
                "neither an official language",
            ),
        ],
    )
    def test_dangling_reference_names_key_path(
        self, small: Path, table: str, path: str, message: str
    ) -> None:
        """People, áreas, profiles, channels and languages the manual names must exist."""
        found = problems(with_manual(small, table))
        assert any(p == path and message in m for p, m in found), found

    def test_english_is_allowed_as_third_language(self, small: Path) -> None:
        """Texts may also be given in English, the manual's third language."""
        with_manual(small, "[manual.introduction]\nes = 'Hola'\nen = 'Hello'\n")
        assert Workspace.open(small, host=PluginHost(entry_points=False)).manual is not None

    def test_errors_are_bilingual_and_name_the_file(self, small: Path) -> None:
        """Every problem names govsm.toml and its key path, in Spanish and English."""
        with_manual(small, "[manual]\ntitle = 3\n")
        with pytest.raises(WorkspaceError) as caught:
            load_config(small, None)
        rendered = caught.value.render()
        assert "govsm.toml: manual.title: se esperaba un texto" in rendered
        assert "govsm.toml: manual.title: expected text" in rendered
