"""The days nothing is scheduled: public holidays, local holidays and electoral periods.

Public holidays come from the ``holidays`` package: Spain's national ones plus those of the
organisation's autonomous community (``holiday_region = "ES-VC"`` in ``[organisation]``);
local holidays (a town's patron saint) are listed by the workspace
(:class:`~govsm.model.LocalHoliday`, also importable from here); electoral periods come from
the policy (LOREG art. 50). Each excluded day says why, in Spanish and English.

>>> from datetime import date
>>> days = Exclusions.spanish(region="ES-VC", years=(2026,))
>>> days.reason(date(2026, 10, 9)).en
'public holiday: Valencian Community Day'
>>> days.reason(date(2026, 10, 9)).es
'festivo: Día de la Comunidad Valenciana'
>>> days.reason(date(2026, 10, 8)) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from attrs import frozen

from govsm.errors import ConfigError
from govsm.model import Bilingual, ElectoralPeriod, LocalHoliday

__all__ = ["Exclusions", "LocalHoliday", "check_holiday_region"]


#: the ISO 3166-2 codes of Spain's 17 autonomous communities and 2 autonomous cities (Ceuta,
#: Melilla): the ``holiday_region`` values govsm accepts, without importing the ``holidays``
#: calendars (a quarter of a second) each time a workspace opens
COMMUNITIES = (
    "AN", "AR", "AS", "CB", "CE", "CL", "CM", "CN", "CT", "EX",
    "GA", "IB", "MC", "MD", "ML", "NC", "PV", "RI", "VC",
)  # fmt: skip


def check_holiday_region(region: str | None) -> str | None:
    """The ``holidays`` subdivision of ``region`` (``ES-VC`` → ``VC``), ``None`` for none.

    The workspace loader calls it when it reads ``[organisation] holiday_region``, so a
    workspace naming an unknown region is refused when it opens; :meth:`Exclusions.spanish`
    calls it again for an organisation built in Python.

    :raises ConfigError: ``region`` is not ``ES-`` followed by one of ``COMMUNITIES``;
        the message lists them.

    >>> check_holiday_region("ES-VC")
    'VC'
    >>> try:
    ...     check_holiday_region("ES-XX")
    ... except ConfigError as error:
    ...     print(error.where, "|", error.en.split(" (")[0])
    [organisation] holiday_region | 'ES-XX' is not an autonomous community with a holiday calendar
    """
    if region is None:
        return None
    subdivision = region[3:] if region.startswith("ES-") else None
    if subdivision in COMMUNITIES:
        return subdivision
    raise _unknown(region)


def _unknown(region: str) -> ConfigError:
    shown = region if len(region) <= 40 else region[:40] + "…"
    listed = ", ".join(f"ES-{code}" for code in COMMUNITIES)
    return ConfigError(
        f"«{shown}» no es una comunidad autónoma con calendario de festivos (se conocen: {listed})",
        f"'{shown}' is not an autonomous community with a holiday calendar (known: {listed})",
        where="[organisation] holiday_region",
    )


@frozen
class Exclusions:
    """The days on which nothing is scheduled, each with its reason.

    :param days: excluded days and why.
    :param electoral: electoral periods (checked by range, not listed day by day).
    """

    days: dict[date, Bilingual]
    electoral: tuple[ElectoralPeriod, ...] = ()

    @classmethod
    def spanish(
        cls,
        *,
        region: str | None,
        years: Iterable[int],
        local: Iterable[LocalHoliday] = (),
        electoral: Iterable[ElectoralPeriod] = (),
    ) -> Exclusions:
        """Spain's public holidays, with ``region``'s, and the local and electoral days.

        :param region: an ISO 3166-2 code such as ``ES-VC`` (``None``: national ones only).
        :param years: the years to list holidays for.
        :raises ConfigError: ``region`` is not an autonomous community ``holidays`` knows
            (:func:`check_holiday_region`).
        """
        import holidays  # its package alone takes 16 ms to import: only when a calendar is made

        subdivision = check_holiday_region(region)
        years = list(years)
        try:
            spanish = holidays.country_holidays(
                "ES", subdiv=subdivision, years=years, language="es"
            )
            english = holidays.country_holidays(
                "ES", subdiv=subdivision, years=years, language="en_US"
            )
        except NotImplementedError:  # what ``holidays`` raises for a subdivision it lacks
            raise _unknown(str(region)) from None
        days: dict[date, Bilingual] = {
            day: Bilingual(es=f"festivo: {name}", en=f"public holiday: {english.get(day, name)}")
            for day, name in sorted(spanish.items())
        }
        for holiday in local:
            days[holiday.day] = Bilingual(
                es=f"festivo local: {holiday.name}", en=f"local holiday: {holiday.name}"
            )
        return cls(days, tuple(electoral))

    def reason(self, day: date) -> Bilingual | None:
        """Why nothing is scheduled on ``day``; ``None`` when it is a day like any other."""
        found = self.days.get(day)
        if found is not None:
            return found
        for period in self.electoral:
            if period.contains(day):
                return Bilingual(
                    es=f"periodo electoral: {period.name}", en=f"electoral period: {period.name}"
                )
        return None
