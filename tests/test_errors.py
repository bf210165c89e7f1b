"""Every error message can be shown: what it quotes from hostile input is escaped."""

from __future__ import annotations

from govsm.errors import ConfigError, ModelError
from govsm.model import Bilingual


def test_nul_and_lone_surrogates_are_escaped() -> None:
    """A refusal quoting NUL or a lone surrogate writes them as escapes, so it can be printed as
    UTF-8 and made a finding, whose texts refuse both (found by tests/fuzz: such a refusal
    failed in turn, and took the rest of the file, or the whole check run, with it)."""
    error = ConfigError("clave «a\x00b»", "key 'a\x00b' \udce9", where="f.jsonl:\x002")
    assert error.es == "clave «a\\u0000b»"
    assert error.en == "key 'a\\u0000b' \\udce9"
    assert error.where == "f.jsonl:\\u00002"
    assert Bilingual(es=error.es, en=error.en).en == error.en
    assert str(error).encode("utf-8")


def test_other_characters_are_kept() -> None:
    """Tabs, bidirectional controls and emoji are quoted as they are."""
    text = "«x-ajuntament»: tab\t, bidi \u202e, emoji 🎉"
    error = ModelError(text, text)
    assert (error.es, error.en) == (text, text)
