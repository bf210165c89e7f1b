"""The manual's labels file: shipped with the package, checked as a whole when it is read."""

from __future__ import annotations

from importlib import resources

import pytest

from govsm.errors import GovsmError
from govsm.manual.labels import (
    LABELS_FILE,
    SUPPORTED_LANGUAGES,
    Label,
    LabelFileError,
    all_labels,
    parse_labels,
)

GOOD = """\
# a comment
["doc.title"]
ca-valencia = "Títol"
es = "Título"
en = "Title"

["common.hours"]
ca-valencia = "{hours} h"
es = "{hours} h"
en = "{hours} h"
"""


def _refused(text: str) -> LabelFileError:
    with pytest.raises(LabelFileError) as caught:
        parse_labels(text)
    return caught.value


class TestShippedFile:
    def test_it_is_package_data(self) -> None:
        """The labels are read from the installed package, not from the source tree."""
        data = resources.files("govsm.manual").joinpath("data", "labels.toml")
        assert data.is_file()
        assert LABELS_FILE.endswith("/".join(("manual", "data", "labels.toml")))

    def test_it_is_read_once(self) -> None:
        """Every caller shares the one mapping, which cannot be changed."""
        assert all_labels() is all_labels()
        with pytest.raises(TypeError):
            all_labels()["doc.title"] = Label("a", "b", "c")  # type: ignore[index]

    def test_it_holds_every_language(self) -> None:
        """The shipped file passes its own checks and has the manual's labels."""
        labels = all_labels()
        assert len(labels) > 200
        assert labels["section.crisis"].get("es") == "Protocolo de crisis"
        assert {
            label.get(language) for label in labels.values() for language in SUPPORTED_LANGUAGES
        }


class TestParse:
    def test_a_good_file(self) -> None:
        """One table per key, one text per language, in the file's order."""
        labels = parse_labels(GOOD)
        assert list(labels) == ["doc.title", "common.hours"]
        assert labels["doc.title"] == Label(ca_valencia="Títol", es="Título", en="Title")

    def test_a_key_declared_twice(self) -> None:
        """A key declared twice is refused, naming it and both lines."""
        error = _refused(GOOD + '\n["doc.title"]\nca-valencia = "a"\nes = "b"\nen = "c"\n')
        assert error.key == "doc.title"
        assert "label 'doc.title': declared twice (lines 2 and 12)" in str(error)
        assert "etiqueta «doc.title»: declarada dos veces" in str(error)
        assert isinstance(error, GovsmError) and error.where == LABELS_FILE

    def test_a_missing_language(self) -> None:
        """A key without one of the manual's languages is refused, naming key and language."""
        error = _refused('["flow.tier"]\nca-valencia = "Aprovació"\nes = "Aprobación"\n')
        assert error.key == "flow.tier"
        assert "label 'flow.tier': no text in en" in str(error)

    def test_an_unknown_language(self) -> None:
        """A language the manual does not have is refused, naming the key."""
        error = _refused(GOOD.replace('en = "Title"', 'en = "Title"\nfr = "Titre"'))
        assert error.key == "doc.title"
        assert "unknown language 'fr'" in str(error)

    @pytest.mark.parametrize("text", ['""', '"   "', "3", '["a"]'])
    def test_an_empty_or_odd_text(self, text: str) -> None:
        """Each text is a non-blank string."""
        error = _refused(GOOD.replace('es = "Título"', f"es = {text}"))
        assert error.key == "doc.title"
        assert "the text in 'es' must be a non-empty string" in str(error)

    def test_a_language_written_twice(self) -> None:
        """A TOML error inside a table names the key of that table."""
        error = _refused(GOOD.replace('es = "Título"', 'es = "Título"\nes = "Otro"'))
        assert error.key == "doc.title"
        assert "label 'doc.title': the file is not valid TOML" in str(error)

    def test_a_key_with_dots_not_in_quotes(self) -> None:
        """An unquoted dotted key makes nested tables: the error says to quote it."""
        error = _refused(GOOD.replace('["doc.title"]', "[doc.title]"))
        assert error.key == "doc"
        assert 'write keys with dots in quotes, ["doc.title"]' in str(error)

    def test_a_value_outside_a_table(self) -> None:
        """A bare value at the top of the file is not a label."""
        error = _refused('title = "Title"\n' + GOOD)
        assert error.key == "title"
        assert "must be a table with one text per language" in str(error)

    def test_a_syntax_error_before_any_table(self) -> None:
        """An error no table encloses is still refused, with TOML's own message."""
        error = _refused("= oops\n" + GOOD)
        assert error.key is None
        assert str(error).startswith(f"{LABELS_FILE}: el archivo no es TOML válido")
