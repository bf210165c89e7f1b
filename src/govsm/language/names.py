"""Language tags and the names govsm gives them, in Spanish and English."""

from __future__ import annotations

import functools

_NAMES: dict[str, tuple[str, str]] = {
    "ca-valencia": ("valenciano", "Valencian"),
    "ca": ("catalán/valenciano", "Catalan/Valencian"),
    "es": ("castellano", "Spanish"),
    "gl": ("gallego", "Galician"),
    "eu": ("euskera", "Basque"),
    "en": ("inglés", "English"),
    "fr": ("francés", "French"),
    "pt": ("portugués", "Portuguese"),
    "oc": ("aranés (occitano)", "Aranese (Occitan)"),
    "an": ("aragonés", "Aragonese"),
    "ast": ("asturiano", "Asturian"),
    "it": ("italiano", "Italian"),
    "de": ("alemán", "German"),
}


def primary(tag: str) -> str:
    """The primary subtag of a BCP 47 tag: ``ca-valencia`` → ``ca``.

    :param tag: a language tag.
    """
    return tag.split("-", 1)[0].strip().lower()


@functools.lru_cache(maxsize=256)
def primaries(tags: tuple[str, ...] | frozenset[str]) -> frozenset[str]:
    """The primary subtags of ``tags``, as a set (remembered: rules ask it of every post).

    :param tags: language tags.
    """
    return frozenset(primary(tag) for tag in tags)


def language_name(tag: str) -> tuple[str, str]:
    """The Spanish and English names of a language tag (its primary subtag's, if unknown).

    :param tag: a language tag; an unknown one is its own name.
    """
    known = _NAMES.get(tag.lower()) or _NAMES.get(primary(tag))
    return known if known else (tag, tag)
