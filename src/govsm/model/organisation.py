"""The public body that owns everything else: an ayuntamiento, a diputación, a hospital."""

from __future__ import annotations

import enum
import re
import zoneinfo
from datetime import UTC, date, datetime

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v

#: a phone number or a range of them, as people write them: digits, spaces, +, points,
#: parentheses, and hyphens or dashes (a range's two ends)
_PHONE = re.compile(r"[+(]{0,2}[0-9][0-9 \u00a0.()\-\u2013\u2014+]*\Z")


class OrganisationKind(enum.StrEnum):
    """What kind of public body an organisation is (the Spanish names are the ids)."""

    AYUNTAMIENTO = "ayuntamiento"
    DIPUTACION = "diputacion"
    CABILDO = "cabildo"
    COMARCA = "comarca"
    MANCOMUNIDAD = "mancomunidad"
    COMUNIDAD_AUTONOMA = "comunidad-autonoma"
    MINISTERIO = "ministerio"
    ORGANISMO_AUTONOMO = "organismo-autonomo"
    UNIVERSIDAD = "universidad"
    BIBLIOTECA = "biblioteca"
    HOSPITAL = "hospital"
    SERVICIO_DE_EMPLEO = "servicio-de-empleo"
    OTRO = "otro"


@frozen
class Organisation:
    """A public body. Every stored row belongs to exactly one organisation.

    :param id: identifier, unique in a store (e.g. ``ajuntament-soldeneu``).
    :param name: official name, in the first official language.
    :param kind: see :class:`OrganisationKind`.
    :param languages: official languages in order of precedence (BCP 47: ``ca-valencia``, ``es``).
    :param timezone: IANA time zone (``Europe/Madrid``, ``Atlantic/Canary``).
    :param holiday_region: ISO 3166-2 code of its holiday calendar (``ES-VC``), if any.
    :param website: the official web site.
    :param domains: the organisation's own internet domains (institutional e-mail, sede
        electrónica).
    :param phones: the organisation's own published phone numbers (switchboard, local police,
        offices, lines it opens), as written (``"922 123 456"``, ``"+34 900 123 456"``), or
        ranges of them (``"922 123 400 - 922 123 499"``, ``"922 123 400-499"``). The
        ``personal-data`` rule never flags them.
    :param parent: the organisation this one belongs to (a council under a diputación), if any.
    """

    id: str = field(validator=v.slug)
    name: str = field(validator=v.nonempty_text)
    kind: OrganisationKind
    languages: tuple[str, ...] = field(validator=v.language_tags)
    timezone: str = field(validator=v.timezone_name)
    holiday_region: str | None = field(default=None, validator=v.optional_identifier)
    website: str | None = field(default=None, validator=v.url)
    domains: tuple[str, ...] = field(default=(), validator=v.identifiers)
    parent: str | None = field(default=None, validator=v.optional_slug)
    phones: tuple[str, ...] = field(default=(), validator=v.identifiers)

    @phones.validator
    def _phone_numbers(self, attribute: object, value: tuple[str, ...]) -> None:
        for index, item in enumerate(value):
            if not _PHONE.match(item) or not 3 <= sum(c.isdigit() for c in item) <= 34:
                raise ModelError(
                    f"«phones[{index}]» ({item!r}) no es un teléfono ni un intervalo de "
                    "teléfonos: use cifras, espacios, «+», «.», «(» «)» y un guion o raya entre "
                    "el primero y el último",
                    f"'phones[{index}]' ({item!r}) is not a phone number or a range of them: "
                    "use digits, spaces, '+', '.', '(' ')' and a hyphen or dash between the "
                    "first and the last",
                    field="phones",
                )

    @languages.validator
    def _at_least_one_language(self, attribute: object, value: tuple[str, ...]) -> None:
        if not value:
            raise ModelError(
                "la organización debe tener al menos una lengua oficial",
                "the organisation must have at least one official language",
            )

    def local_time(self, at: datetime | None = None) -> datetime:
        """``at`` (default: now) in the organisation's time zone.

        >>> org = Organisation(id="o", name="O", kind=OrganisationKind.AYUNTAMIENTO,
        ...                    languages=("es",), timezone="Atlantic/Canary")
        >>> org.local_time(datetime(2026, 1, 1, 0, 30, tzinfo=UTC)).isoformat()
        '2026-01-01T00:30:00+00:00'
        """
        return (at or datetime.now(UTC)).astimezone(zoneinfo.ZoneInfo(self.timezone))

    def local_date(self, at: datetime | None = None) -> date:
        """The day ``at`` (default: now) falls on in the organisation's time zone: its "today".

        >>> org = Organisation(id="o", name="O", kind=OrganisationKind.AYUNTAMIENTO,
        ...                    languages=("es",), timezone="Europe/Madrid")
        >>> org.local_date(datetime(2026, 11, 19, 23, 30, tzinfo=UTC))
        datetime.date(2026, 11, 20)
        """
        return self.local_time(at).date()
