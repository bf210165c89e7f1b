"""When two profiles (or a request and a profile) cover the same theme and audience.

Themes and audiences are compared case-, accent- and punctuation-blind, so
"Cultura i festes" and "cultura I FESTES!" are the same theme.

>>> normalise("Cultura i Festes!")
'cultura i festes'
>>> shared_audience(("Joves", "Famílies"), ("famílies",))
['families']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def normalise(text: str) -> str:
    """``text`` folded: lower case, no accents, words separated by one space."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", plain))


def shared_audience(first: Iterable[str], second: Iterable[str]) -> list[str]:
    """The audience groups both name (normalised, sorted)."""
    return sorted({normalise(a) for a in first} & {normalise(a) for a in second})


def overlaps(
    theme_a: str | None, audience_a: Iterable[str], theme_b: str | None, audience_b: Iterable[str]
) -> bool:
    """Whether two things share a theme and, when either names an audience, part of it."""
    if not theme_a or not theme_b or normalise(theme_a) != normalise(theme_b):
        return False
    audience_a, audience_b = tuple(audience_a), tuple(audience_b)
    if not audience_a and not audience_b:
        return True
    return bool(shared_audience(audience_a, audience_b))
