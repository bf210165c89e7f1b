"""The hashtag rules: suggestions, limits, word splitting, campaigns, the example council.

Their cases (cases/hashtags.toml) run in test_cases.py.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.model import (
    Channel,
    ChannelLimits,
    Direction,
    Finding,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
    Severity,
)
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.rules.hashtag_words import camel_case, split_words
from govsm.testing.rule_cases import load_cases, run_case
from tests.rules.example import example_messages

CASES = load_cases(Path(__file__).parent / "cases" / "hashtags.toml")
RULES = ("hashtag-camelcase", "hashtag-max", "hashtag-only", "official-hashtag")


def test_camelcase_suggestion(govsm_host: PluginHost, snapshot: OrganisationSnapshot) -> None:
    case = next(c for c in CASES if "x-ajuntament-0066" in c.name)
    result = run_case(case, govsm_host.rules(), govsm_host.channels(), snapshot)
    suggestions = [f.suggestion.en for f in result.findings if f.suggestion]
    assert "#FiresSoldeneu2026" in suggestions[0]  # the official spelling
    assert "#NitDeSantMiquel" in suggestions[1]


# --- the network's own limit ------------------------------------------------------------------


def _hashtag_max(host: PluginHost, channel: Channel, text: str, **params: object) -> list[Finding]:
    rule = host.rules()["hashtag-max"]
    rule = attrs.evolve(rule, params={**rule.params, **params})
    checker = Checker({"hashtag-max": rule}, {channel.id: channel})
    return list(checker.check(_post(text, None, "p"), channel).findings)


def test_network_limit_is_an_error_whatever_the_policy(govsm_host: PluginHost) -> None:
    channel = Channel(id="photos", name="Photos", limits=ChannelLimits(hashtags=30))
    text = "Festes! " + " ".join(f"#Festa{n}" for n in range(1, 33))
    (finding,) = _hashtag_max(govsm_host, channel, text, max=40)
    assert finding.severity is Severity.ERROR
    assert finding.span is not None
    assert text[finding.span.start : finding.span.end] == "#Festa31 #Festa32"
    assert "Photos accepts 30" in finding.message.en
    assert not _hashtag_max(govsm_host, channel, text.rsplit(" ", 2)[0], max=40)  # thirty


def test_instagram_limit_comes_from_the_channel(govsm_host: PluginHost) -> None:
    channel = govsm_host.channels()["instagram"]
    limit = channel.limits.hashtags
    assert limit is not None
    over = "Festes! " + " ".join(f"#Festa{n}" for n in range(limit + 1))
    assert [f.severity for f in _hashtag_max(govsm_host, channel, over, max=100)] == [
        Severity.ERROR
    ]
    within = "Festes! " + " ".join(f"#Festa{n}" for n in range(limit))
    assert not _hashtag_max(govsm_host, channel, within, max=100)


# --- splitting hashtags into words ------------------------------------------------------------

MULTI_WORD = {
    "setmanacultural": "setmana cultural",
    "nitdesantmiquel": "nit de sant miquel",
    "casadecultura": "casa de cultura",
    "semanacultural": "semana cultural",
    "diadelamujer": "dia de la mujer",
    "mercadodenavidad": "mercado de navidad",
    "presupuestosparticipativos": "presupuestos participativos",
    "gobiernoabierto": "gobierno abierto",
    "diadasletrasgalegas": "dia das letras galegas",
    "festadopolbo": "festa do polbo",
    "euskarareneguna": "euskararen eguna",
    "herrikojaiak": "herriko jaiak",
    "bondia": "bon dia",
    "santjoan": "sant joan",  # the corpora saw "santjoan" as a token: its words win
    "festamajor": "festa major",
    "salutmental": "salut mental",
    "diadelapau": "dia de la pau",
    "festesmajors": "festes majors",
    "fiestasdelpilar": "fiestas del pilar",
    "semanadelaciencia": "semana de la ciencia",  # not "dela", two words written as one
    "mercadillosolidario": "mercadillo solidario",
    "puntolimpio": "punto limpio",
    "huertosurbanos": "huertos urbanos",
    "premiosdeliteratura": "premios de literatura",
    "carnavaldeinvierno": "carnaval de invierno",
    "nadalsolidari": "nadal solidari",
    "diainternacionaldelesdones": "dia internacional de les dones",
    "marxapopular": "marxa popular",
    "escolaoberta": "escola oberta",
    "concelloinforma": "concello informa",
    "noitemeiga": "noite meiga",
    "xornadasgastronomicas": "xornadas gastronomicas",  # Galician borrows Spanish words
    "udalagenda": "udal agenda",
    "gazteenastea": "gazteen astea",
    "herrikirolak": "herri kirolak",
    # a place's name keeps its own boundaries: never gran·adilla·de·a·bona
    "granadilladeabona": "granadilla de abona",
    # one language at a time: Catalan reads de·portes, where Spanish would read deportes
    "jornadadeportesobertes": "jornada de portes obertes",
}

ONE_WORD = [
    # Spanish, Catalan, Galician and Basque words, some made of shorter ones
    "ajuntament", "ayuntamiento", "desenvolupament", "participacio", "transparencia",
    "ciudadania", "carnestoltes", "comunitat", "concello", "veciñanza", "udala", "udaletxea",
    "jaiak", "euskara", "euskaltegi", "lanbide", "gazteleku", "diario", "artesanos",
    "mesura", "obertura", "demanen", "contenedores", "bibliotecarios", "multimedia",
    "portaveu", "governamental", "patrimonial", "semanal", "mayores", "portal", "marina",
    "mediterrani", "benestar", "valencia", "castellon", "alicante", "benidorm", "torrevieja",
    "donostia", "bilbao", "delicias", "mercadona", "zorionak", "euskaraldia", "fireta",
    # frequent words that read as two (noche·vieja, medio·dia, auzo·lana, auto·empleo)
    "nochevieja", "mediodia", "auzolana", "autoempleo", "teletrabajo",
    # places, in INE's list of municipalities or the provinces (vila·garcia, sant·boi…)
    "granadilla", "benicarlo", "vilamarxant", "tenerife", "arrecife", "sanlucar", "sagunt",
    "ontinyent", "betanzos", "ordizia", "azpeitia", "mondoñedo", "ourense", "castelldefels",
    "torrelavega", "hondarribia", "sanxenxo", "villanueva",
]  # fmt: skip


@pytest.mark.parametrize(("tag", "words"), MULTI_WORD.items())
def test_split_multi_word(tag: str, words: str) -> None:
    assert split_words(tag) == tuple(words.split())


@pytest.mark.parametrize("tag", ONE_WORD)
def test_one_word_stays_whole(tag: str) -> None:
    assert split_words(tag) is None


def test_extra_words() -> None:
    """A town in no list whose name reads as words is the organisation's to name."""
    assert split_words("firessoldeneu") == ("fires", "sol", "de", "neu")
    assert split_words("firessoldeneu", frozenset({"soldeneu"})) == ("fires", "soldeneu")
    assert split_words("soldeneu", frozenset({"soldeneu"})) is None


def test_every_piece_must_be_a_word() -> None:
    """A run with a piece no list knows is left alone, however well the rest splits."""
    assert split_words("festamajorxyzw") is None
    assert split_words("gastronomicaz") is None  # not gas·trono·mi·caz


def test_the_writers_capitals_are_kept() -> None:
    """In a tag that already marks its words, a capitalised word is the writer's choice."""
    assert camel_case("FiresSoldeneu2026", frozenset(), 6, 8) is None
    assert camel_case("Setmanacultural", frozenset(), 6, 8) == "SetmanaCultural"
    assert camel_case("setmanacultural2026", frozenset(), 6, 8) == "SetmanaCultural2026"
    assert camel_case("SETMANACULTURAL", frozenset(), 6, 8) == "SetmanaCultural"


_LAZY = """
from datetime import UTC, datetime
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm.plugins import PluginHost
from govsm.rules import hashtag_words
from govsm.rules.engine import Checker

host = PluginHost()
checker = Checker({"hashtag-camelcase": host.rules()["hashtag-camelcase"]}, host.channels())


def post(text):
    return Message(
        organisation="o", id="m", profile="p", direction=Direction.OUTBOUND,
        kind=MessageKind.POST, state=MessageState.DRAFT, text=text,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


checker.check(post("Bon dia! #FiresSoldeneu2026 #FestaMajor #DANA #nadal #bici"))
assert hashtag_words._lexicon.cache_info().currsize == 0
(found,) = checker.check(post("Bon dia! #festamajor")).findings
assert hashtag_words._lexicon.cache_info().currsize == 1
"""


def test_the_data_is_read_only_when_a_hashtag_needs_it() -> None:
    """Checking posts without a run-together hashtag never reads the frequencies."""
    subprocess.run([sys.executable, "-c", _LAZY], check=True, timeout=120)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzñç", max_size=40))
def test_split_covers_the_tag(tag: str) -> None:
    words = split_words(tag)
    assert words is None or "".join(words) == tag


# --- campaigns ---------------------------------------------------------------------------------


def _post(text: str, campaign: str | None, profile: str = "x-ajuntament") -> Message:
    moment = datetime(2026, 11, 20, 10, tzinfo=UTC)
    return Message(
        organisation="ajuntament-soldeneu",
        id="m1",
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=text,
        campaign=campaign,
        created_at=moment,
    )


def _official(
    host: PluginHost, snapshot: OrganisationSnapshot, message: Message, **params: object
) -> list[str]:
    rule = host.rules()["official-hashtag"]
    if params:
        rule = attrs.evolve(rule, params={**rule.params, **params})
    checker = Checker({"official-hashtag": rule}, host.channels(), snapshot)
    return [f.message.en for f in checker.check(message).findings]


def test_campaign_matched_by_its_letters(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    found = _official(govsm_host, snapshot, _post("Comencen les fires!", "fires-soldeneu-2026"))
    assert found == [
        "the official hashtag '#FiresSoldeneu2026' is missing "
        "(the message belongs to campaign 'fires-soldeneu-2026')"
    ]
    assert not _official(
        govsm_host, snapshot, _post("Comencen! #firessoldeneu2026", "fires-soldeneu-2026")
    )
    assert not _official(
        govsm_host, snapshot, _post("Comencen les fires!", "nadal-2026")
    )  # no such tag
    message = _post("Comencen les fires!", "fires-soldeneu-2026")
    assert not _official(govsm_host, snapshot, message, match_campaign=False)


def test_campaign_mapping(govsm_host: PluginHost, snapshot: OrganisationSnapshot) -> None:
    message = _post("Encesa de l'enllumenat de Nadal.", "nadal-2026")
    found = _official(govsm_host, snapshot, message, campaigns=["nadal-2026 = #Soldeneu"])
    assert found == [
        "the official hashtag '#Soldeneu' is missing (it is campaign 'nadal-2026''s hashtag)"
    ]
    message = _post("Encesa de l'enllumenat de Nadal. #Soldeneu", "nadal-2026")
    assert not _official(govsm_host, snapshot, message, campaigns=["nadal-2026: Soldeneu"])


def test_replies_need_no_campaign_hashtag(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    reply = Message(
        organisation="ajuntament-soldeneu",
        id="m2",
        profile="x-ajuntament",
        direction=Direction.OUTBOUND,
        kind=MessageKind.REPLY,
        state=MessageState.DRAFT,
        text="Sí, dissabte a les 18.30.",
        reply_to="m1",
        created_at=datetime(2026, 11, 20, 10, tzinfo=UTC),
    )
    assert not _official(govsm_host, snapshot, reply, campaign="#SetmanaCultural")


# --- the example council --------------------------------------------------------------------


def test_example_council(govsm_host: PluginHost, snapshot: OrganisationSnapshot) -> None:
    """Exactly the planted lower-case hashtags; no other hashtag finding."""
    rules = govsm_host.rules()
    checker = Checker({r: rules[r] for r in RULES}, govsm_host.channels(), snapshot)
    found: dict[str, list[str]] = {}
    for message in example_messages(snapshot):
        for finding in checker.check(message).findings:
            assert finding.span is not None
            text = message.text[finding.span.start : finding.span.end]
            found.setdefault(finding.rule, []).append(f"{message.id} {text}")
    assert found == {
        "hashtag-camelcase": [
            "instagram-cultura-0012 #setmanacultural",
            "instagram-cultura-0012 #casadecultura",
            "x-ajuntament-0066 #firessoldeneu2026",
            "x-ajuntament-0066 #nitdesantmiquel",
            "bluesky-ajuntament-d10 #setmanacultural",
        ]
    }


@settings(  # govsm_host is only read: its examples may share it
    max_examples=150,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "#",
                    "#setmanacultural",
                    "#SETMANACULTURAL",
                    "#Fires",
                    "2026",
                    " ",
                    "@a ",
                    "https://x.example ",
                    "_",
                    "·",
                    "ñ",
                    "İ",
                    "\u0301",
                    "#ÀngelsCustodis ",
                ]
            ),
            st.text(
                alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
                max_size=6,
            ),
        ),
        max_size=30,
    ).map("".join),
    st.sampled_from(["x", "mastodon", "bluesky", "instagram"]),
)
def test_rules_never_crash_and_spans_fit(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot, text: str, network: str
) -> None:
    rules = govsm_host.rules()
    checker = Checker({r: rules[r] for r in RULES}, govsm_host.channels(), snapshot)
    message = _post(text, "fires-soldeneu-2026")
    result = checker.check(message, govsm_host.channels()[network])
    for finding in result.findings:
        assert finding.rule in RULES, finding
        assert finding.span is not None
        assert 0 <= finding.span.start <= finding.span.end <= len(text)
