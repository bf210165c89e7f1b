"""Handles and addresses people read refuse characters that let one pass for another."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.errors import ConfigError, ModelError
from govsm.model import (
    CredentialRef,
    Direction,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    Organisation,
    OrganisationKind,
    Person,
    Policy,
    Profile,
    ProfileRequest,
)
from govsm.reading.messages import message_from_mapping
from govsm.serialization import unstructure


def _profile(**changes: str) -> Profile:
    values = {"organisation": "o", "id": "p", "channel": "x", "handle": "@AjSoldeneu", "unit": "u"}
    values.update(changes)
    return Profile(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("char", "code"),
    [("\u202e", "U+202E"), ("\u2066", "U+2066"), ("\u200b", "U+200B"), ("\x07", "U+0007")],
)
def test_a_handle_with_a_hidden_character_is_refused(char: str, code: str) -> None:
    """The error names the character and its place, in both languages."""
    with pytest.raises(ModelError) as caught:
        _profile(handle=f"@Aj{char}Soldeneu")
    assert f"({code}) at position 3" in caught.value.en
    assert f"({code}) en la posición 3" in caught.value.es


def test_an_address_with_an_override_is_refused() -> None:
    """The registry's URLs cannot carry a right-to-left override either."""
    with pytest.raises(ModelError, match="U\\+202E"):
        _profile(url="https://www.soldeneu.es/\u202ecod.exe")


def test_accents_and_other_scripts_are_names_too() -> None:
    """Letters of any script, combining accents and spaces are fine."""
    assert _profile(handle="Ajuntament de Soldeneu · Cafe\u0301 中文").handle.endswith("中文")


# --- every identifier-like field refuses hidden characters (issue 11) ---------------------------

#: the characters that make one identifier look like another, written out here from their
#: specifications (not read from the model): controls, bidirectional controls, invisible and
#: blank characters
BIDI_CONTROLS = [
    "\u061c",  # ARABIC LETTER MARK
    "\u200e",  # LEFT-TO-RIGHT MARK
    "\u200f",  # RIGHT-TO-LEFT MARK
    *map(chr, range(0x202A, 0x202F)),  # LRE, RLE, PDF, LRO, RLO
    *map(chr, range(0x2066, 0x206A)),  # LRI, RLI, FSI, PDI
]
INVISIBLE = [
    "\u00ad",  # SOFT HYPHEN
    "\u034f",  # COMBINING GRAPHEME JOINER
    "\u115f",  # HANGUL CHOSEONG FILLER
    "\u1160",  # HANGUL JUNGSEONG FILLER
    "\u17b4",  # KHMER VOWEL INHERENT AQ
    "\u180e",  # MONGOLIAN VOWEL SEPARATOR
    "\u200b",  # ZERO WIDTH SPACE
    "\u200c",  # ZERO WIDTH NON-JOINER
    "\u200d",  # ZERO WIDTH JOINER
    "\u2028",  # LINE SEPARATOR
    "\u2060",  # WORD JOINER
    "\u2062",  # INVISIBLE TIMES
    "\u2800",  # BRAILLE PATTERN BLANK
    "\u3164",  # HANGUL FILLER
    "\ufeff",  # ZERO WIDTH NO-BREAK SPACE
    "\uffa0",  # HALFWIDTH HANGUL FILLER
    "\U000e0041",  # TAG LATIN CAPITAL LETTER A
    "\U000e007f",  # CANCEL TAG
]
CONTROLS = ["\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9f"]
HIDDEN = BIDI_CONTROLS + INVISIBLE + CONTROLS

_WHEN = datetime(2026, 11, 20, 10, tzinfo=UTC)


def _message(**changes: Any) -> Message:
    fields: dict[str, Any] = {
        "organisation": "o",
        "id": "m",
        "profile": "p",
        "direction": Direction.OUTBOUND,
        "kind": MessageKind.POST,
        "state": MessageState.PUBLISHED,
        "text": "Hola",
        "created_at": _WHEN,
        "published_at": _WHEN,
    }
    return Message(**{**fields, **changes})


def _media(**changes: Any) -> Media:
    return Media(**{"kind": MediaKind.IMAGE, "location": "media/cartell.jpg", **changes})


#: (field as the error names it, a valid value, how to build an object with a value there)
IDENTIFIERS: list[tuple[str, str, Callable[[str], object]]] = [
    ("remote_id", "1635928822380786287", lambda v: _message(remote_id=v)),
    ("url", "https://x.com/AjSoldeneu/status/16359", lambda v: _message(url=v)),
    ("links[1]", "https://seu.soldeneu.example/padro", lambda v: _message(links=("https://a.example", v))),
    ("idempotency_key", "sdn-2026-11-20-0001", lambda v: _message(idempotency_key=v)),
    ("author", "@veina_sdn", lambda v: _message(author=v)),
    ("campaign", "fires-2026", lambda v: _message(campaign=v)),
    ("location", "https://www.soldeneu.example/media/cartell.jpg", lambda v: _media(location=v)),
    ("mime_type", "image/jpeg", lambda v: _media(mime_type=v)),
    ("consent", "consent/2026-014", lambda v: _media(consent=v)),
    ("handle", "@CulturaSoldeneu", lambda v: ProfileRequest(
        organisation="o", id="r", unit="u", channel="x", profile="x-c", requested_by="a",
        requested_at=_WHEN, handle=v)),
    ("domains[0]", "soldeneu.example", lambda v: Organisation(
        id="o", name="O", kind=OrganisationKind.AYUNTAMIENTO, languages=("es",),
        timezone="Europe/Madrid", domains=(v,))),
    ("holiday_region", "ES-VC", lambda v: Organisation(
        id="o", name="O", kind=OrganisationKind.AYUNTAMIENTO, languages=("es",),
        timezone="Europe/Madrid", holiday_region=v)),
    ("official_hashtags[0]", "#FiresSoldeneu2026", lambda v: Policy(
        organisation="o", version="1", coordinating_unit="u", official_hashtags=(v,))),
    ("email", "cultura@soldeneu.example", lambda v: Person(
        organisation="o", id="p", name="P", email=v)),
    ("credential", "env:SOLDENEU_X_TOKEN", lambda v: CredentialRef(v)),
]  # fmt: skip


@pytest.mark.parametrize(("field", "value", "build"), IDENTIFIERS, ids=[i[0] for i in IDENTIFIERS])
def test_visible_identifiers_are_accepted(
    field: str, value: str, build: Callable[[str], object]
) -> None:
    """Every case's value is valid as it is, so a refusal below is the hidden character's."""
    build(value)


@settings(max_examples=300)
@given(
    case=st.sampled_from(IDENTIFIERS),
    char=st.sampled_from(HIDDEN),
    where=st.floats(min_value=0, max_value=1),
)
def test_a_hidden_character_in_any_identifier_is_refused(
    case: tuple[str, str, Callable[[str], object]], char: str, where: float
) -> None:
    """Anywhere in any identifier, a hidden character is refused, with its code and place,
    in Spanish and English, never echoing the value of a credential."""
    field, value, build = case
    at = round(where * len(value))
    with pytest.raises(ModelError) as caught:
        build(value[:at] + char + value[at:])
    code = f"U+{ord(char):04X}"
    error = caught.value
    assert f"({code}) at position {at}" in error.en, error.en
    assert f"({code}) en la posición {at}" in error.es, error.es
    assert field in error.en and field in error.es
    if field == "credential":
        assert value not in error.es + error.en


def test_an_archive_line_with_a_hidden_character_names_file_line_and_field() -> None:
    """Read from a history file, the refusal says where: file, line and key."""
    data = unstructure(_message(remote_id="1635928822"))
    data.pop("organisation")
    data["remote_id"] = "16359\u202e28822"
    with pytest.raises(ConfigError) as caught:
        message_from_mapping(data, "o", "history/x-ajuntament.jsonl:12")
    assert caught.value.where == "history/x-ajuntament.jsonl:12"
    assert "remote_id" in caught.value.en and "U+202E" in caught.value.en
