"""The parts of a bilingual post: where it changes language, and the language of each part.

A post that says the same in two languages separates the versions with a line break, a slash or
bar between spaces, a flag, or a sentence end followed by an upper-case letter
(:data:`SEGMENT_BREAK`). :func:`detect_segments` cuts a text there and detects each part;
:func:`bilingual_spans` tells from the parts whether the post is bilingual, and
:func:`may_be_bilingual` whether it can be at all, without detecting anything. The built-in
rules ``language`` and ``co-official-language`` use them, and detect through :func:`detect_part`,
which remembers the last texts detected: both rules read the same parts of the same post.
"""

from __future__ import annotations

import functools

import regex
from attrs import frozen

from govsm.language.cleaning import letter_count
from govsm.language.detection import Detection, detect_language
from govsm.model import Span

#: the branches of :data:`SEGMENT_BREAK`, which tries them only where a break can start
_BREAK_BRANCHES = (
    r"(?<!\s)\n++[^\S\n]\s*+[/|]\s+|\n+"
    r"|(?<!\s)\s++[/|]\s+|(?<=[.!?…])\s++(?=[¿¡\p{Lu}\p{So}])"
    # a flag between the versions (🇪🇸, or a subdivision's: 🏴 and tag letters, Catalonia's)
    r"|(?<!\s)\s*+(?:[\U0001F1E6-\U0001F1FF]{2}|\U0001F3F4[\U000E0020-\U000E007E]++\U000E007F)\s*+"
)

#: where a bilingual post changes language: a line break, a slash or bar between spaces, a
#: flag, or a sentence end followed by an upper-case letter or opening ¿¡. A break's spaces are
#: taken whole (possessive) and only from the start of a run of them (lookbehind): a post of
#: 100,000 spaces, or of links and mentions (blanked out before detection), is cut in linear
#: time, not quadratic. A run that starts with line breaks and goes on with other spaces up to
#: a slash (line break, space, line break, slash, space) is one break, tried once from the run's
#: first line break; the line breaks inside a run are cut one by one without looking ahead again.
#: Every break starts with a space or a flag's first character: a lookahead for one of them lets
#: the search pass over the other characters without trying each branch there.
SEGMENT_BREAK = regex.compile(r"(?=[\s\U0001F1E6-\U0001F1FF\U0001F3F4])(?:" + _BREAK_BRANCHES + ")")

#: what every :data:`SEGMENT_BREAK` holds — a line break, a slash or bar, a sentence end followed
#: by a space, a regional-indicator letter or a black flag: a text without one is a single part.
#: One character class and one pair, which a search scans for fast; the break's own pattern still
#: stops at every space.
_BREAK_HINT = regex.compile(r"[\n/|\U0001F1E6-\U0001F1FF\U0001F3F4]|[.!?…]\s")


@frozen
class Segment:
    """A run of a text's parts detected in one language.

    :param start: where it starts in the text the parts were cut from.
    :param end: where it ends.
    :param language: the primary subtag detected.
    """

    start: int
    end: int
    language: str


#: texts remembered by :func:`detect_part` and :func:`detect_segments`' cuts: more than the posts
#: of a batch the engine runs each rule over (:meth:`govsm.rules.engine.Checker.check_many`), so
#: the second language rule finds the first one's answers
_REMEMBERED = 1024


@functools.lru_cache(maxsize=_REMEMBERED)
def _detected(text: str, codes: frozenset[str], accurate: bool) -> Detection:
    return detect_language(text, codes, accurate=accurate)


def detect_part(
    text: str, codes: frozenset[str], min_letters: int, *, accurate: bool = False
) -> Detection:
    """:func:`~govsm.language.detection.detect_language`, remembering the last texts detected.

    The rules that cut a post into parts (``language``, ``co-official-language``) detect the
    same texts: a post without a break is one part, the whole text. A text of fewer than
    ``min_letters`` letters is answered without detection, as ``detect_language`` answers it.

    :param text: the text, cleaned by :func:`~govsm.language.cleaning.strip_entities`.
    :param codes: the candidate languages (primary subtags).
    :param min_letters: below this many letters the text is not judged (``language=None``).
    :param accurate: lingua's high-accuracy mode.
    """
    letters = letter_count(text)
    if letters == 0 or letters < min_letters:
        return Detection(None, 0.0, letters)
    return _detected(text, codes, accurate)


@functools.lru_cache(maxsize=_REMEMBERED)
def _pieces(cleaned: str) -> tuple[tuple[int, int], ...]:
    """Where ``cleaned`` is cut (remembered: both language rules cut the same text)."""
    if _BREAK_HINT.search(cleaned) is None:
        return ((0, len(cleaned)),)
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in SEGMENT_BREAK.finditer(cleaned):
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, len(cleaned)))
    return tuple(pieces)


def detect_segments(
    cleaned: str,
    codes: frozenset[str],
    min_letters: int,
    min_confidence: float,
    *,
    accurate: bool = False,
) -> list[Segment]:
    """The text cut where a bilingual post changes language, each part detected.

    Parts too short to judge, or judged with less than ``min_confidence``, are left out; next
    parts in the same language are one segment.

    :param cleaned: the text, cleaned by :func:`~govsm.language.cleaning.strip_entities`.
    :param codes: the candidate languages (primary subtags).
    :param min_letters: below this many letters a part is not judged.
    :param min_confidence: the least confidence a part's language is taken at.
    :param accurate: lingua's high-accuracy mode, as
        :func:`~govsm.language.detection.detect_language` says.
    """
    segments: list[Segment] = []
    for begin, end in _pieces(cleaned):
        piece = cleaned[begin:end]
        detection = detect_part(piece, codes, min_letters, accurate=accurate)
        if detection.language is None or detection.confidence < min_confidence:
            continue
        if segments and segments[-1].language == detection.language:
            segments[-1] = Segment(segments[-1].start, end, detection.language)
        else:
            segments.append(Segment(begin, end, detection.language))
    return segments


def judged_parts(cleaned: str, min_letters: int) -> int:
    """How many parts of ``cleaned`` :func:`detect_segments` would detect, without detecting.

    A part of fewer than ``min_letters`` letters (or of none) is not judged; a text with fewer
    than two judged parts cannot hold two languages.

    :param cleaned: the text, cleaned as for :func:`detect_segments`.
    :param min_letters: below this many letters a part is not judged.
    """
    least = max(min_letters, 1)
    return sum(1 for begin, end in _pieces(cleaned) if letter_count(cleaned[begin:end]) >= least)


def may_be_bilingual(cleaned: str, codes: frozenset[str], min_letters: int) -> bool:
    """Whether :func:`detect_segments` could find two languages in ``cleaned``; a cheap test.

    Two languages need two candidates, a break between two parts, and two parts of at least
    ``min_letters`` letters (and at least one) each: a text that fails this is not bilingual,
    and need not be cut and detected part by part.

    :param cleaned: the text, cleaned as for :func:`detect_segments`.
    :param codes: the candidate languages (primary subtags).
    :param min_letters: below this many letters a part is not judged.
    """
    if len(codes) < 2:
        return False
    if letter_count(cleaned) < 2 * max(min_letters, 1):
        return False
    return len(_pieces(cleaned)) > 1  # remembered: cutting this text next costs nothing


def bilingual_spans(text: str, segments: list[Segment]) -> dict[str, Span] | None:
    """The languages of a post that says the same in two (or more) languages, if it is one.

    The post is bilingual when at least two languages each hold a fifth of the letters of the
    detected segments. Each of them maps to the span from its first segment to its last.

    :param text: the post's text.
    :param segments: its segments, from :func:`detect_segments`.
    """
    if len({segment.language for segment in segments}) < 2:
        return None
    letters: dict[str, int] = {}
    spans: dict[str, Span] = {}
    for segment in segments:
        count = letter_count(text[segment.start : segment.end])
        letters[segment.language] = letters.get(segment.language, 0) + count
        first = spans.get(segment.language)
        start = first.start if first is not None else segment.start
        spans[segment.language] = Span(min(start, len(text)), min(segment.end, len(text)))
    total = sum(letters.values())
    kept = {code: spans[code] for code, count in letters.items() if count * 5 >= total}
    return kept if len(kept) >= 2 else None
