"""The accessibility rules: the Spanish syllabifier, sentences, robustness, the example council.

Their cases (cases/accessibility.toml) run in test_cases.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.builtin.rules.typography import plain_text
from govsm.language.readability import readability
from govsm.language.syllables import count_syllables, syllables
from govsm.model import Direction, Message, MessageKind, MessageState, OrganisationSnapshot
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.rules.wording import fold, is_emoji, sentences
from tests.rules.example import example_messages

RULES = ("fake-bold", "emoji-bullets", "emoji-runs", "all-caps", "long-sentences", "readability-es")


# --- the Spanish syllabifier -----------------------------------------------------------------

SYLLABLES = {
    # diphthongs and triphthongs: one syllable
    "ciudad": "ciu-dad",
    "cuidado": "cui-da-do",
    "aire": "ai-re",
    "causa": "cau-sa",
    "peine": "pei-ne",
    "deuda": "deu-da",
    "boina": "boi-na",
    "estadounidense": "es-ta-dou-ni-den-se",
    "piano": "pia-no",
    "tierra": "tie-rra",
    "radio": "ra-dio",
    "agua": "a-gua",
    "cuota": "cuo-ta",
    "estudió": "es-tu-dió",
    "buey": "buey",
    "Uruguay": "U-ru-guay",
    "estudiáis": "es-tu-diáis",
    "averigüéis": "a-ve-ri-güéis",
    "ruido": "rui-do",
    "jesuita": "je-sui-ta",
    "muy": "muy",
    # hiatus: two strong vowels, or an accented í/ú beside a strong one
    "poeta": "po-e-ta",
    "leer": "le-er",
    "caer": "ca-er",
    "aéreo": "a-é-re-o",
    "zoo": "zo-o",
    "país": "pa-ís",
    "reúne": "re-ú-ne",
    "raíz": "ra-íz",
    "baúl": "ba-úl",
    "día": "dí-a",
    "tío": "tí-o",
    "oído": "o-í-do",
    "María": "Ma-rí-a",
    "comíais": "co-mí-ais",
    "leíais": "le-í-ais",
    "creíamos": "cre-í-a-mos",
    "chiita": "chi-i-ta",
    # h between vowels: no obstacle to a diphthong; accented, a hiatus
    "prohibir": "prohi-bir",
    "ahumar": "ahu-mar",
    "rehusar": "rehu-sar",
    "rehúso": "re-hú-so",
    "búho": "bú-ho",
    "ahora": "a-ho-ra",
    "ahí": "a-hí",
    "alcohol": "al-co-hol",
    "deshacer": "des-ha-cer",
    # silent u in que, qui, gue, gui; sounded ü
    "queso": "que-so",
    "quiero": "quie-ro",
    "quiosco": "quios-co",
    "guerra": "gue-rra",
    "guitarra": "gui-ta-rra",
    "guion": "guion",
    "pingüino": "pin-güi-no",
    "cigüeña": "ci-güe-ña",
    "vergüenza": "ver-güen-za",
    "antiguo": "an-ti-guo",
    # ch, ll, rr are one consonant; consonant + l/r start a syllable together
    "carro": "ca-rro",
    "calle": "ca-lle",
    "coche": "co-che",
    "perro": "pe-rro",
    "obrero": "o-bre-ro",
    "hablar": "ha-blar",
    "aprender": "a-pren-der",
    "atleta": "at-le-ta",
    "Atlántico": "At-lán-ti-co",
    "instante": "ins-tan-te",
    "obstáculo": "obs-tá-cu-lo",
    "construir": "cons-truir",
    "abstracto": "abs-trac-to",
    "examen": "e-xa-men",
    "taxi": "ta-xi",
    "año": "a-ño",
    # y: a consonant before a vowel, a vowel at the end of a word
    "hoy": "hoy",
    "rey": "rey",
    "ley": "ley",
    "reyes": "re-yes",
    "ayer": "a-yer",
    "mayo": "ma-yo",
    "y": "y",
    "hay": "hay",
    "muestra": "mues-tra",
    "ayuntamiento": "a-yun-ta-mien-to",
    "empadronamiento": "em-pa-dro-na-mien-to",
    "subvencionables": "sub-ven-cio-na-bles",
    "administración": "ad-mi-nis-tra-ción",
    "electrónica": "e-lec-tró-ni-ca",
}


@pytest.mark.parametrize(("word", "split"), SYLLABLES.items())
def test_syllables(word: str, split: str) -> None:
    assert "-".join(syllables(word)) == split
    assert count_syllables(word) == split.count("-") + 1


def test_syllables_of_odd_words() -> None:
    assert count_syllables("Sr") == 1  # no vowel: still a word
    assert count_syllables("inscriure's") == 4  # parts of a compound add up
    assert syllables("") == [""]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéíóúüñ", max_size=20))
def test_syllables_keep_every_letter(word: str) -> None:
    assert "".join(syllables(word)) == word


def test_readability_figures() -> None:
    figures = readability("El sol sale. La casa es grande y bonita.")
    assert figures is not None
    assert (figures.words, figures.sentences, figures.syllables) == (9, 2, 14)
    assert figures.inflesz == pytest.approx(206.835 - 62.3 * 14 / 9 - 9 / 2)
    assert figures.fernandez_huerta == pytest.approx(206.84 - 60 * 14 / 9 - 1.02 * 9 / 2)
    assert readability("123 456") is None


# --- sentences, folding, emoji, plain text -----------------------------------------------------


def _pieces(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


def test_sentences() -> None:
    assert _pieces("Hola. Adéu! Què? Sí… Bé.") == ["Hola.", "Adéu!", "Què?", "Sí…", "Bé."]
    assert _pieces("El Sr. Puig, núm. 5. La Sra. Vidal.") == [
        "El Sr. Puig, núm. 5.",
        "La Sra. Vidal.",
    ]
    assert _pieces("Per exemple, p. ex. així. Fi.") == ["Per exemple, p. ex. així.", "Fi."]
    assert _pieces("A les 8.30 i 300.000 euros. Fi.") == ["A les 8.30 i 300.000 euros.", "Fi."]
    assert _pieces("Esperem... i esperem. Fi") == ["Esperem... i esperem.", "Fi"]
    assert _pieces("Línia u\nLínia dos") == ["Línia u", "Línia dos"]
    assert _pieces("¿Vienes? Sí. «Claro.» Vale.") == ["¿Vienes?", "Sí.", "«Claro.»", "Vale."]
    assert _pieces("  \n 🎉 \n") == []


@given(st.text(max_size=300))
def test_sentences_are_ordered_spans_of_the_text(text: str) -> None:
    last = 0
    for start, end in sentences(text):
        assert last <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        last = end


@given(st.text(max_size=200))
def test_fold_keeps_the_way_back(text: str) -> None:
    folded = fold(text)
    for start in range(len(folded.text) + 1):
        first, last = folded.original(start, len(folded.text))
        assert 0 <= first <= last == len(text)


def test_fold() -> None:
    assert fold("L’IMBÈCIL Sol·licitud Ñandú Ça").text == "l'imbecil sol·licitud ñandu ça"
    decomposed = fold("Ridi\u0301culo")
    assert decomposed.text == "ridiculo"
    assert decomposed.original(4, 8) == (5, 9)  # "culo"
    assert decomposed.original(3, 4) == (3, 5)  # "i" and its accent


def test_emoji() -> None:
    assert is_emoji("👨‍👩‍👧") and is_emoji("🇪🇸") and is_emoji("1️⃣") and is_emoji("❤")
    assert not is_emoji("1") and not is_emoji("©") and not is_emoji("a") and not is_emoji("")


def test_plain_text() -> None:
    assert plain_text("𝗔𝗩𝗜𝗦 𝟮𝟬𝟮𝟲") == "AVIS 2026"
    assert plain_text("ᴀᴠɪꜱᴏ ＡＶＩＳＯ 🅰🄱") == "aviso AVISO AB"
    assert plain_text("s̶e̶i̶s̶") == "seis"


# --- robustness -----------------------------------------------------------------------------


FRAGMENTS = [
    "𝗔𝗩𝗜𝗦 ",
    "s̶e̶i̶s̶",
    "ᴀᴠɪꜱᴏ",
    "🎄🎅🎁⭐✨",
    "\n✅ ",
    "\n📅 Dilluns",
    "DEMÀ NO ES POT APARCAR A LA PLAÇA ",
    "La DANA i l'ESO. ",
    "Sr. ",
    "núm. 5",
    "... ",
    "https://www.soldeneu.example/a.b ",
    "#SetmanaCultural ",
    "@ajuntament ",
    "De conformidad con lo establecido en la normativa reguladora de las subvenciones, ",
]
TEXTS = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
        max_size=300,
    ),
    st.lists(
        st.one_of(
            st.sampled_from(FRAGMENTS),
            st.text(
                alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
                max_size=8,
            ),
        ),
        max_size=40,
    ).map("".join),
)


@settings(  # govsm_host is only read: its examples may share it
    max_examples=150,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(TEXTS, st.sampled_from(["x", "mastodon", "bluesky", "instagram", None]))
def test_rules_never_crash_and_spans_fit(
    govsm_host: PluginHost, text: str, network: str | None
) -> None:
    rules = govsm_host.rules()
    channels = govsm_host.channels()
    checker = Checker({r: rules[r] for r in RULES}, channels)
    message = Message(
        organisation="cases",
        id="m",
        profile="p",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=text,
        created_at=datetime(2026, 11, 20, 10, tzinfo=UTC),
    )
    result = checker.check(message, channels[network] if network else None)
    for finding in result.findings:
        assert finding.rule in RULES, finding
        assert finding.span is not None
        assert 0 <= finding.span.start <= finding.span.end <= len(text)


# --- the example council --------------------------------------------------------------------


def test_example_council(govsm_host: PluginHost, snapshot: OrganisationSnapshot) -> None:
    """Exactly the planted mistakes: fake bold, capitals, emoji bullets; no emoji runs."""
    rules = govsm_host.rules()
    names = ("fake-bold", "all-caps", "emoji-bullets", "emoji-runs", "readability-es")
    checker = Checker({r: rules[r] for r in names}, govsm_host.channels(), snapshot)
    found: dict[str, set[str]] = {}
    for message in example_messages(snapshot):
        for finding in checker.check(message).findings:
            found.setdefault(finding.rule, set()).add(message.id)
    assert found == {
        "fake-bold": {
            "facebook-ajuntament-0028",
            "instagram-ajuntament-0015",
            "instagram-ajuntament-d11",
        },
        "all-caps": {"x-policia-0024", "facebook-esports-0011", "x-policia-d04"},
        "emoji-bullets": {
            "facebook-esports-0014",
            "facebook-cultura-0013",
            "facebook-esports-d06",
        },
    }
