"""Text given in Spanish and English, as every finding and error message in govsm is."""

from __future__ import annotations

from attrs import field, frozen

from govsm.model import _validate as v


@frozen
class Bilingual:
    """A message in Spanish (``es``) and English (``en``).

    >>> Bilingual(es="Perfil inactivo", en="Dormant profile").get("en")
    'Dormant profile'
    """

    es: str = field(validator=v.nonempty_text)
    en: str = field(validator=v.nonempty_text)

    def get(self, language: str) -> str:
        """Return the text for ``language`` (``es`` or any other tag, which gets English)."""
        return self.es if language.split("-")[0] == "es" else self.en
