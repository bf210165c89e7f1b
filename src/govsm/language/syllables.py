"""A Spanish syllabifier, as the RAE's *Ortografía* (2010) splits words into syllables."""

from __future__ import annotations

import itertools
import re

from attrs import frozen

_STRONG = frozenset("aeoáéóàèòâêô")
_WEAK = frozenset("iuüy")
_ACCENTED_WEAK = frozenset("íúìùîû")
_VOWELS = _STRONG | _WEAK | _ACCENTED_WEAK | {"ï"}
#: consonant + l/r pairs that begin a syllable together (pla-za, o-bre-ro); "tl" splits
#: (at-le-ta) as most of Spain says it, except at the start of a word (Tlaxcala)
_ONSETS = frozenset(
    {"pl", "pr", "bl", "br", "fl", "fr", "cl", "cr", "gl", "gr", "kl", "kr", "tr", "dr"}
)


@frozen
class _Unit:
    text: str
    vowel: bool


def _units(word: str) -> list[_Unit]:
    """Letters grouped as Spanish spells sounds: ch, ll, rr; qu/gu before e, i; y as vowel."""
    units: list[_Unit] = []
    index = 0
    length = len(word)
    while index < length:
        pair = word[index : index + 2]
        following = word[index + 2] if index + 2 < length else ""
        if pair in ("ch", "ll", "rr"):
            units.append(_Unit(pair, False))
            index += 2
            continue
        if pair in ("qu", "gu") and following in ("e", "i", "é", "í", "è", "ì"):
            units.append(_Unit(pair, False))  # the u is silent: que-so, gue-rra, gui-so
            index += 2
            continue
        char = word[index]
        if char == "y":
            after = word[index + 1] if index + 1 < length else ""
            # a consonant before a vowel (ma-yo, re-yes, yo); a vowel at the end of a word or
            # before a consonant (hoy, muy, rey, y)
            units.append(_Unit(char, not (after and after in _VOWELS)))
        else:
            units.append(_Unit(char, char in _VOWELS))
        index += 1
    return units


def _joins(first: str, second: str) -> bool:
    """Whether two vowels in a row belong to one syllable (diphthong) or two (hiatus)."""
    if "ï" in (first, second):
        return False
    first_strong = first in _STRONG or first in _ACCENTED_WEAK
    second_strong = second in _STRONG or second in _ACCENTED_WEAK
    if first in _STRONG and second in _STRONG:
        return False  # le-er, po-e-ta, a-é-re-o
    if (first in _ACCENTED_WEAK and second in _STRONG) or (
        first in _STRONG and second in _ACCENTED_WEAK
    ):
        return False  # pa-ís, re-ú-ne, dí-a, ba-úl
    if first_strong and second_strong:
        return False
    if first in _WEAK | _ACCENTED_WEAK and second in _WEAK | _ACCENTED_WEAK:
        same = {first, second} <= {"i", "í", "y"} or {first, second} <= {"u", "ú", "ü"}
        return not same  # ciu-dad, cui-da-do, muy; but chi-i-ta
    return True  # weak with strong: ai-re, cuo-ta, es-tu-dió


def syllables(word: str) -> list[str]:
    """Split a Spanish word into syllables, as the RAE's *Ortografía* (2010) does.

    Diphthongs and triphthongs are one syllable (*ciu-dad*, *buey*, *a-ve-ri-güéis*); an
    accented *í*/*ú* next to *a*, *e*, *o* makes a hiatus (*pa-ís*, *re-ú-ne*); *h* between vowels
    does not prevent a diphthong (*prohi-bir*, *ahu-mar*); *ch*, *ll*, *rr* are one consonant;
    the *u* of *que*, *qui*, *gue*, *gui* is silent while *ü* is not (*pin-güi-no*); *y* is a
    vowel at the end of a word (*hoy*, *U-ru-guay*). Words with no vowel come back whole.

    :param word: one word, without spaces or hyphens.
    """
    lowered = word.lower()
    if len(lowered) != len(word):
        lowered = word
    units = _units(lowered)
    nuclei: list[tuple[int, int]] = []
    index = 0
    while index < len(units):
        if not units[index].vowel:
            index += 1
            continue
        last = index
        while True:
            if (
                last + 1 < len(units)
                and units[last + 1].vowel
                and _joins(units[last].text, units[last + 1].text)
            ):
                last += 1
            elif (
                last + 2 < len(units)
                and units[last + 1].text == "h"
                and units[last + 2].vowel
                and _joins(units[last].text, units[last + 2].text)
            ):
                last += 2  # h between vowels does not break a diphthong: prohi-bir
            else:
                break
        nuclei.append((index, last))
        index = last + 1
    if not nuclei:
        return [word]
    # the consonants between two nuclei: one goes right (ca-sa); two split (car-ta) unless
    # they begin a syllable together (o-bre-ro); of more, the last one or two go right
    cuts: list[int] = []
    for (_, left_end), (right_start, _) in itertools.pairwise(nuclei):
        consonants = list(range(left_end + 1, right_start))
        if len(consonants) <= 1:
            cuts.append(consonants[0] if consonants else right_start)
            continue
        pair = units[consonants[-2]].text + units[consonants[-1]].text
        cuts.append(consonants[-2] if pair in _ONSETS else consonants[-1])
    bounds = [0, *cuts, len(units)]
    result: list[str] = []
    position = 0
    for start, end in itertools.pairwise(bounds):
        size = sum(len(unit.text) for unit in units[start:end])
        result.append(word[position : position + size])
        position += size
    return result


def count_syllables(word: str) -> int:
    """How many syllables a Spanish word has (at least one; parts of compounds added up).

    :param word: one word; apostrophes, hyphens and middle dots join the parts of a compound.
    """
    total = 0
    for part in re.split(r"['’·‧\-]", word):
        if part:
            total += len(syllables(part)) if any(c in _VOWELS for c in part.lower()) else 1
    return max(total, 1)
