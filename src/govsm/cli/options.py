"""The options and arguments several commands share, declared once.

Every command that reads a workspace takes it as its first argument, ``WORKSPACE`` (a folder or
its ``govsm.toml``; the current folder when nothing follows it); ``--json``, ``--as-of`` and
``--fail-on`` mean the same everywhere. ``govsm check`` is the one command whose arguments are
something else (the posts to check), so it names its optional workspace with ``-w``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

import click

F = TypeVar("F", bound=Callable[..., Any])

#: the severities ``--fail-on`` takes
FAIL_ON = click.Choice(["error", "warning", "info"])


def workspace_argument(*, required: bool = False) -> Callable[[F], F]:
    """``WORKSPACE``: a folder or its ``govsm.toml`` (default: the current folder).

    :param required: whether it must be given — for commands where other arguments follow it.
    """
    return click.argument(
        "workspace",
        required=required,
        default=None if required else ".",
        type=click.Path(file_okay=True, dir_okay=True),
    )


def json_option(what: str) -> Callable[[F], F]:
    """``--json``: print ``what`` as JSON instead of text."""
    return click.option("--json", "as_json", is_flag=True, help=f"Print {what} as JSON.")


def fail_on_option(what: str = "a finding") -> Callable[[F], F]:
    """``--fail-on``: the least severe finding that makes the command exit with status 1."""
    return click.option(
        "--fail-on",
        type=FAIL_ON,
        default="error",
        show_default=True,
        help=f"Exit 1 when {what} is at least this severe.",
    )


#: the years ``--as-of`` accepts: a report looks back and forward years from its day, and
#: must not reach the ends of the calendar (years 1 and 9999)
AS_OF_YEARS = (1900, 2999)


@dataclass(frozen=True)
class AsOf:
    """What ``--as-of`` was given: a day, or an instant with its UTC offset.

    A standard-library dataclass, not attrs: the command line loads as little as it can before
    it knows which command runs.

    >>> AsOf.parse("2026-11-20").day("Europe/Madrid")
    datetime.date(2026, 11, 20)
    >>> AsOf.parse("2026-11-20T23:30:00+00:00").day("Europe/Madrid")
    datetime.date(2026, 11, 21)
    """

    text: str
    on: date | None = None
    at: datetime | None = None

    @classmethod
    def parse(cls, text: str) -> AsOf:
        """Read ``YYYY-MM-DD`` or an ISO 8601 instant with an offset.

        :raises click.BadParameter: for anything else, in Spanish and English.
        """
        try:
            if len(text) == 10:
                day = date.fromisoformat(text)
                cls._within_years(text, day.year)
                return cls(text, on=day)
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise click.BadParameter(
                f"«{text}» no es una fecha (2026-11-20) ni un instante ISO 8601 / "
                f"'{text}' is not a date (2026-11-20) nor an ISO 8601 moment",
                param_hint="--as-of",
            ) from None
        if moment.tzinfo is None:
            raise click.BadParameter(
                "indique el desfase, p. ej. 2026-11-20T10:00:00+01:00 / give the offset, "
                "e.g. 2026-11-20T10:00:00+01:00",
                param_hint="--as-of",
            )
        cls._within_years(text, moment.year)
        return cls(text, at=moment)

    @staticmethod
    def _within_years(text: str, year: int) -> None:
        """Refuse a day outside :data:`AS_OF_YEARS`: reports count back years from it."""
        first, last = AS_OF_YEARS
        if not first <= year <= last:
            raise click.BadParameter(
                f"«{text}» queda fuera de los años {first}–{last} / '{text}' is outside the "
                f"years {first}–{last}",
                param_hint="--as-of",
            )

    def moment(self, timezone: str) -> datetime:
        """The instant: the one given, or noon of the day given in ``timezone``."""
        if self.at is not None:
            return self.at
        assert self.on is not None  # parse() sets one of the two
        return datetime.combine(self.on, time(12), tzinfo=ZoneInfo(timezone))

    def day(self, timezone: str) -> date:
        """The day: the one given, or the day the instant falls on in ``timezone``."""
        if self.on is not None:
            return self.on
        return self.moment(timezone).astimezone(ZoneInfo(timezone)).date()


if TYPE_CHECKING:  # click 8.5 made ParamType generic; older releases cannot subscript it
    _ParamType = click.ParamType[AsOf, Any]
else:
    _ParamType = click.ParamType


class _AsOfType(_ParamType):
    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> AsOf:
        return value if isinstance(value, AsOf) else AsOf.parse(str(value))


def as_of_option(purpose: str) -> Callable[[F], F]:
    """``--as-of``: a day (``YYYY-MM-DD``) or an instant (ISO 8601 with offset) instead of now."""
    return click.option(
        "--as-of",
        "as_of",
        type=_AsOfType(),
        default=None,
        metavar="DATE",
        help=f"{purpose} as of this day (YYYY-MM-DD) or moment (ISO 8601 with offset), in the "
        "years 1900-2999, instead of now, for reproducible output.",
    )


def store_option() -> Callable[[F], F]:
    """``--store``: a store URL instead of the workspace's."""
    return click.option(
        "--store",
        "store_url",
        default=None,
        metavar="URL",
        help="Store URL instead of the workspace's (or set GOVSM_STORE_URL).",
    )
