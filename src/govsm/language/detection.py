"""govsm's language detector: lingua restricted to the candidates, and the marker words.

Detection uses lingua (``lingua-language-detector``), restricted to the candidate languages, with
one addition: lingua has no Galician model, so when Galician is a candidate govsm tells it from
Spanish, Portuguese and Catalan by counting the words and spellings of
``govsm/rules/data/language-markers.toml`` (:mod:`govsm.language.markers`). Detectors are built
once per set of candidates.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from attrs import frozen

from govsm.language.cleaning import letter_count
from govsm.language.markers import COUNTED, marker_counts, watched_languages
from govsm.language.names import primaries, primary

if TYPE_CHECKING:
    from lingua import LanguageDetector

#: languages every detection considers, besides the organisation's and the profile's
DEFAULT_CANDIDATES: tuple[str, ...] = ("es", "ca", "gl", "eu", "en", "fr", "pt")

#: languages the detector cannot name, and those it names instead: a post in one of them is
#: not flagged when it comes out as a neighbour (an Aranese post is read as Catalan or French)
UNDETECTABLE: dict[str, frozenset[str]] = {
    "oc": frozenset({"ca", "fr", "es", "pt"}),
    "an": frozenset({"es", "ca"}),
    "ast": frozenset({"es", "gl", "pt"}),
    "ext": frozenset({"es", "pt"}),
}

#: lingua's answers that the Galician markers may overturn
_GALICIAN_RIVALS = frozenset({"es", "pt", "ca"})

#: in lingua's low-accuracy mode, texts shorter than this are never judged confidently
LOW_MODE_MIN_LETTERS = 100
#: lingua reads at most this many characters of a text (accuracy is flat beyond, cost is not)
_MAX_CHARS = 400


@frozen
class Detection:
    """What the detector says about a text.

    :param language: the primary subtag detected (``ca``, ``es``, ``gl``…), or ``None`` when the
        text is too short to judge.
    :param confidence: from 0 to 1 (lingua's relative confidence among the candidates; for
        Galician, the share of Galician markers).
    :param letters: the letters the detector read, after links, mentions and hashtags were
        removed.
    """

    language: str | None
    confidence: float
    letters: int


def _leader(counts: Counter[str], codes: frozenset[str]) -> str | None:
    """The counted candidate with strictly the most markers, if any."""
    best, top, second = None, 0, 0
    for code in COUNTED:
        if code in codes:
            count = counts[code]
            if count > top:
                best, top, second = code, count, top
            elif count > second:
                second = count
    return best if top > second else None


def _by_counts(counts: Counter[str], codes: frozenset[str]) -> tuple[str, float] | None:
    """A decision from the markers alone, when they leave no doubt."""
    if counts["*"] or not codes <= watched_languages():
        return None
    # one pass: the first candidate with the most markers, and the runner-up's count
    best, top, second = None, -1, 0
    for code in COUNTED:
        if code in codes:
            count = counts[code]
            if count > top:
                if best is not None:
                    second = top
                best, top = code, count
            elif count > second:
                second = count
    if best is None:
        return None
    lead = top - second
    if lead >= 3 and top >= 1.5 * second:
        return best, (lead + 1) / (lead + 2)
    return None


@functools.cache
def _lingua_languages() -> dict[str, Any]:
    from lingua import Language

    return {lang.iso_code_639_1.name.lower(): lang for lang in Language.all()}


@functools.cache
def _lingua_codes() -> dict[Any, str]:
    """Each of lingua's languages, to its primary subtag (reading the ISO code is slower)."""
    return {lang: code for code, lang in _lingua_languages().items()}


@functools.cache
def _detector(codes: frozenset[str], accurate: bool) -> LanguageDetector | None:
    from lingua import LanguageDetectorBuilder

    known = _lingua_languages()
    languages = [known[code] for code in sorted(codes) if code in known]
    if len(languages) < 2:
        return None
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return (builder if accurate else builder.with_low_accuracy_mode()).build()


def detect_language(
    text: str, candidates: Iterable[str], min_letters: int = 0, *, accurate: bool = False
) -> Detection:
    """Detect the language of ``text`` (already stripped of links and mentions).

    Spanish, Catalan, Galician and Portuguese posts whose marker words leave no doubt are
    decided by them; every other text is read by lingua, restricted to the candidates, and
    lingua's Spanish, Portuguese or Catalan may be overturned by the Galician markers.

    :param text: the text, cleaned by :func:`~govsm.language.cleaning.strip_entities`.
    :param candidates: language tags to choose from (their primary subtags are used).
    :param min_letters: below this many letters the text is not judged (``language=None``).
    :param accurate: use lingua's high-accuracy mode (all n-gram models: about 140 MB more
        memory and several times slower). In the default low-accuracy mode, a text shorter than
        :data:`LOW_MODE_MIN_LETTERS` letters gets a confidence of at most 0.5 unless lingua's
        answer is also the language with the most markers: trigrams alone are unreliable on
        short texts.
    """
    letters = letter_count(text)
    codes = (
        primaries(candidates)
        if isinstance(candidates, tuple | frozenset)
        else frozenset(primary(c) for c in candidates)
    )
    if letters == 0 or letters < min_letters or not codes:
        return Detection(None, 0.0, letters)
    if len(codes) == 1:
        return Detection(next(iter(codes)), 1.0, letters)
    counts = marker_counts(text)
    decided = _by_counts(counts, codes)
    if decided is not None:
        return Detection(decided[0], decided[1], letters)
    detector = _detector(codes, accurate)
    if detector is None:  # one language lingua knows, or none: Galician against the rest
        if "gl" in codes and counts["gl"] > max(counts[c] for c in COUNTED if c != "gl"):
            return Detection("gl", 0.6, letters)
        return Detection(None, 0.0, letters)
    if len(text) > _MAX_CHARS:
        cut = text.rfind(" ", 0, _MAX_CHARS)
        text = text[: cut if cut > 0 else _MAX_CHARS]
    values = detector.compute_language_confidence_values(text)
    if not values or values[0].value <= 0:
        return Detection(None, 0.0, letters)
    best = values[0]
    language = _lingua_codes()[best.language]
    confidence = float(best.value)
    if not accurate and letters < LOW_MODE_MIN_LETTERS and _leader(counts, codes) != language:
        confidence = min(confidence, 0.5)  # trigrams alone, on a short text: not enough
    if "gl" in codes and language in _GALICIAN_RIVALS:
        galician = counts["gl"]
        rival = max(counts[code] for code in _GALICIAN_RIVALS if code in codes or code == language)
        if galician > rival:
            lead = galician - rival
            return Detection("gl", (lead + 1) / (lead + 2), letters)
        if galician and galician == rival:
            confidence = min(confidence, 0.5)
        if language == "pt" and not counts["pt"]:
            confidence = min(confidence, 0.5)  # Portuguese without one Portuguese mark
    return Detection(language, confidence, letters)
