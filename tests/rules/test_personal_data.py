"""The personal-data and minors-consent rules: checksums, masking, minors, the example.

The personal-data cases (cases/personal_data.toml) run in test_cases.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.es import dni as stdnum_dni

from govsm.builtin.rules.personal_data import mask, mask_email, valid_nss
from govsm.model import (
    Direction,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
)
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from tests.rules.example import example_messages

RULES = ("personal-data", "minors-consent")


def _message(text: str, media: tuple[Media, ...] = (), **changes: object) -> Message:
    moment = datetime(2026, 11, 20, 10, tzinfo=UTC)
    values: dict[str, object] = {
        "organisation": "cases",
        "id": "case",
        "profile": "case-profile",
        "direction": Direction.OUTBOUND,
        "kind": MessageKind.POST,
        "state": MessageState.PUBLISHED,
        "text": text,
        "created_at": moment,
        "published_at": moment,
        "media": media,
    }
    values.update(changes)
    return Message(**values)  # type: ignore[arg-type]


def _checker(host: PluginHost, *rules: str) -> Checker:
    return Checker({r: host.rules()[r] for r in rules}, host.channels())


def test_findings_never_echo_the_full_number(govsm_host: PluginHost) -> None:
    text = "DNI 48291736Q, IBAN ES60 0049 1500 0512 3456 7892, correu rosa.marti@gmail.com"
    result = _checker(govsm_host, "personal-data").check(_message(text))
    assert len(result.findings) == 3
    for finding in result.findings:
        for secret in ("48291736Q", "ES6000491500051234567892", "rosa.marti@"):
            assert secret not in finding.message.es
            assert secret not in finding.message.en
    assert "••••••36Q" in result.findings[0].message.es


def test_masks() -> None:
    assert mask("48.291.736-Q") == "••••••36Q"
    assert mask("ES60 0049 1500 0512 3456 7892").endswith("892")
    assert mask("12") == "••"
    assert mask_email("x@y.es") == "x•••@y.es"


def test_inbound_messages_and_direct_messages_are_not_checked(govsm_host: PluginHost) -> None:
    checker = _checker(govsm_host, "personal-data")
    inbound = _message(
        "El meu mòbil és el 600 11 22 33",
        direction=Direction.INBOUND,
        kind=MessageKind.COMMENT,
        state=MessageState.NEW,
        published_at=None,
    )
    direct = _message("Truqueu al 600 11 22 33", kind=MessageKind.DIRECT)
    assert not checker.check(inbound).findings
    assert not checker.check(direct).findings


# --- minors-consent ---------------------------------------------------------------------------------


def _photo(**changes: object) -> Media:
    values: dict[str, object] = {
        "kind": MediaKind.IMAGE,
        "location": "https://www.soldeneu.example/media/2026/07/escola-estiu.jpg",
        "alt_text": "Xiquets jugant a la pista",
    }
    values.update(changes)
    return Media(**values)  # type: ignore[arg-type]


def test_minors_without_consent(govsm_host: PluginHost) -> None:
    text = "Així ha sigut la primera setmana de l'Escola d'Estiu!"
    result = _checker(govsm_host, "minors-consent").check(
        _message(text, (_photo(shows_minors=True),))
    )
    (finding,) = result.findings
    assert finding.rule == "minors-consent"
    assert finding.severity.value == "error"
    assert finding.span is None
    assert "escola-estiu.jpg" in finding.message.es
    assert "art. 7 and 92" in (finding.reference or "")


@pytest.mark.parametrize(
    "media",
    [
        (_photo(shows_minors=True, consent="AUT-2026-0142"),),
        (_photo(shows_minors=False),),
        (),
    ],
    ids=["with consent", "no minors", "no media"],
)
def test_minors_consent_does_not_fire(govsm_host: PluginHost, media: tuple[Media, ...]) -> None:
    result = _checker(govsm_host, "minors-consent").check(_message("Escola d'Estiu", media))
    assert not result.findings


def test_minors_counts_each_attachment(govsm_host: PluginHost) -> None:
    media = (_photo(shows_minors=True), _photo(), _photo(shows_minors=True, consent=" "))
    result = _checker(govsm_host, "minors-consent").check(_message("Fotos", media))
    assert [f.message.en.split()[1] for f in result.findings] == ["1", "3"]


# --- checksums agree with python-stdnum ---------------------------------------------------------------


@settings(  # govsm_host is only read: its examples may share it
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(st.integers(0, 99_999_999), st.sampled_from("TRWAGMYFPDXBNJZSQVHLCKE"))
def test_dni_flagged_exactly_when_stdnum_accepts_it(
    govsm_host: PluginHost, number: int, letter: str
) -> None:
    dni = f"{number:08d}{letter}"
    result = _checker(govsm_host, "personal-data").check(
        _message(f"Cartera trobada amb el DNI {dni} a la plaça.")
    )
    assert bool(result.findings) == bool(stdnum_dni.is_valid(dni))


@given(st.integers(1, 99), st.integers(0, 99_999_999), st.integers(0, 96))
def test_nss_check(province: int, body: int, wrong: int) -> None:
    base = province * 10_000_000 + body if body < 10_000_000 else int(f"{province:02d}{body:08d}")
    check = base % 97
    assert valid_nss(f"{province:02d}{body:08d}{check:02d}")
    assert valid_nss(f"{province:02d}/{body:08d}/{check:02d}")
    if wrong != check:
        assert not valid_nss(f"{province:02d}{body:08d}{wrong:02d}")


_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_PIECES = st.sampled_from(
    [
        "DNI 48291736Q",
        " 600 11 22 33 ",
        "rosa@gmail.com",
        "ES60 0049 1500 0512 3456 7892",
        "46/03456789/04",
        "@cultura@xarxa.social",
        "\n",
        " ",
        "١٢٣٤٥٦٧٨",
        "👩‍👧",
    ]
)
_TEXTS = st.lists(st.one_of(st.text(_CHARS, max_size=20), _PIECES), max_size=12).map("".join)


@settings(  # govsm_host is only read: its examples may share it
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(_TEXTS)
def test_never_crashes_and_spans_stay_in_the_text(govsm_host: PluginHost, text: str) -> None:
    text = text or "x"
    result = _checker(govsm_host, "personal-data").check(_message(text))
    assert all(f.rule == "personal-data" for f in result.findings)
    for finding in result.findings:
        assert finding.span is not None
        assert 0 <= finding.span.start < finding.span.end <= len(text)


# --- the example council ------------------------------------------------------------------------------


def test_example_council_flags_exactly_the_planted_mistakes(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    checker = Checker({r: govsm_host.rules()[r] for r in RULES}, govsm_host.channels(), snapshot)
    flagged = {
        (message.id, finding.rule)
        for message in example_messages(snapshot)
        for finding in checker.check(message).findings
    }
    assert flagged == {
        ("x-policia-0049", "personal-data"),
        ("facebook-esports-0005", "personal-data"),
        ("linkedin-ocupacio-0024", "personal-data"),
        ("linkedin-ocupacio-d05", "personal-data"),
        ("facebook-esports-0008", "minors-consent"),
        ("facebook-esports-d06", "minors-consent"),
    }
