"""Recurring posts kept as series in the workspace: ``series/*.toml``, one series a file.

A series is kept as what it is — a first occurrence in local wall time, its IANA zone, an RFC 5545
``RRULE``, extra dates (``RDATE``), dates taken out (``EXDATE``) and single occurrences moved —
rather than as the list of its occurrences, so the plan shows every occurrence of the coming
days, a moved one where it went, and the iCalendar file carries the series itself
(:func:`govsm.calendar.ics.series_events`). A file names the message each occurrence publishes and
the profile::

    id = "divendres-ocupacio"
    message = "ofertes-setmana"
    profile = "linkedin-ocupacio"
    start = "2026-10-16T17:00"        # local wall time, without an offset
    zone = "Europe/Madrid"
    rule = "FREQ=WEEKLY;BYDAY=FR;COUNT=12"
    extra = ["2026-10-21T17:00"]      # RDATE
    skipped = ["2026-11-06T17:00"]    # EXDATE
    moved = [["2026-11-13T17:00", "2026-11-12T12:00"]]   # (original, new)

The file's name is the series' id (``series/divendres-ocupacio.toml``). What is wrong with a file
is a :class:`~govsm.errors.ConfigError` naming it, in Spanish and English.

>>> from pathlib import Path
>>> read_series(Path("/nowhere"))
[]
"""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from attrs import frozen

from govsm.calendar.planned import PlannedPost
from govsm.calendar.recurrence import Series
from govsm.errors import ConfigError, GovsmError
from govsm.model import Profile
from govsm.reading.files import read_text

#: the workspace folder that holds the series
SERIES_FOLDER = "series"

#: the largest series file read, in bytes
MAX_SERIES_BYTES = 256 * 1024

_KEYS = frozenset(
    {"id", "message", "profile", "start", "zone", "rule", "extra", "skipped", "moved"}
)


@frozen
class StoredSeries:
    """A series kept in the workspace: what it publishes, where, and when.

    :param series: the recurrence (its first occurrence, zone, rule and exceptions).
    :param message: the id of the message each occurrence publishes.
    :param profile: the id of the profile it goes out on.
    """

    series: Series
    message: str
    profile: str

    def posts(
        self, profiles: Mapping[str, Profile], after: datetime, before: datetime
    ) -> list[PlannedPost]:
        """The occurrences from ``after`` (inclusive) to ``before`` (exclusive), as planned posts.

        :param profiles: the workspace's profiles, by id (a post needs its channel and unit).
        :raises ConfigError: the series names a profile the workspace does not have.
        """
        profile = profiles.get(self.profile)
        if profile is None:
            raise ConfigError(
                f"la serie «{self.series.id}» publica en «{self.profile}», un perfil que el "
                "espacio de trabajo no tiene",
                f"series '{self.series.id}' publishes on '{self.profile}', a profile the "
                "workspace does not have",
                where=f"{SERIES_FOLDER}/{self.series.id}.toml",
            )
        return [
            PlannedPost(
                self.message,
                profile.id,
                profile.channel,
                profile.unit,
                at,
                zone=self.series.zone,
                series=self.series.id,
            )
            for at in self.series.occurrences(after, before)
        ]


def read_series(root: Path | None) -> list[StoredSeries]:
    """Every series kept in the workspace folder ``root`` (none without the folder), by id.

    :raises ConfigError: a file cannot be read, is not TOML, or does not describe a series.
    """
    if root is None:
        return []
    folder = root / SERIES_FOLDER
    if not folder.is_dir():
        return []
    return [_read(path) for path in sorted(folder.glob("*.toml"))]


def read_series_each(root: Path | None) -> list[StoredSeries | ConfigError]:
    """Every series file of the workspace folder ``root``, read on its own, by file name.

    A file that cannot be read, is not TOML or does not describe a series gives its
    :class:`~govsm.errors.ConfigError` in its place, so one bad file does not hide the others
    (the audit reports each).
    """
    if root is None or not (root / SERIES_FOLDER).is_dir():
        return []
    found: list[StoredSeries | ConfigError] = []
    for path in sorted((root / SERIES_FOLDER).glob("*.toml")):
        try:
            found.append(_read(path))
        except ConfigError as exc:
            found.append(exc)
    return found


def read_one_series(root: Path | None, ident: str) -> StoredSeries:
    """The series ``ident``, kept in ``series/<ident>.toml`` under the workspace folder ``root``.

    :raises ConfigError: there is no such file (or ``ident`` is not a plain file name), or it
        cannot be read, is not TOML, or does not describe a series.
    """
    where = f"{SERIES_FOLDER}/{ident}.toml"
    plain = ident and Path(ident).name == ident and not ident.startswith(".")
    path = root / SERIES_FOLDER / f"{ident}.toml" if root is not None and plain else None
    if path is None or not path.is_file():
        raise ConfigError(
            f"no hay ninguna serie «{ident}» en el espacio de trabajo",
            f"the workspace has no series '{ident}'",
            where=where,
        )
    return _read(path)


def _read(path: Path) -> StoredSeries:
    where = f"{SERIES_FOLDER}/{path.name}"
    try:
        data = tomllib.loads(read_text(path, limit=MAX_SERIES_BYTES))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"no es TOML válido: {exc}", f"is not valid TOML: {exc}", where=where
        ) from None
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(
            f"claves desconocidas: {', '.join(unknown)}",
            f"unknown keys: {', '.join(unknown)}",
            where=where,
        )
    ident = _text(data, "id", where)
    if ident != path.stem:
        raise ConfigError(
            f"el fichero se llama «{path.stem}» y la serie «{ident}»: deben coincidir",
            f"the file is named '{path.stem}' and the series '{ident}': they must match",
            where=where,
        )
    rule = data.get("rule")
    if rule is not None and not isinstance(rule, str):
        raise ConfigError("«rule» debe ser un texto", "'rule' must be a text", where=where)
    try:
        series = Series(
            ident,
            _wall(data.get("start"), "start", where),
            _text(data, "zone", where),
            rule,
            extra=_walls(data.get("extra", []), "extra", where),
            skipped=_walls(data.get("skipped", []), "skipped", where),
            moved=_moves(data.get("moved", []), where),
        )
    except ConfigError:
        raise
    except GovsmError as exc:
        raise ConfigError(exc.es or str(exc), exc.en or str(exc), where=where) from None
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"serie no válida: {exc}", f"invalid series: {exc}", where=where
        ) from None
    return StoredSeries(series, _text(data, "message", where), _text(data, "profile", where))


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ConfigError(f"falta «{key}» (un texto)", f"'{key}' is missing (a text)", where=where)
    return value


def _wall(value: object, key: str, where: str) -> datetime:
    """A local wall time: ``2026-10-16T17:00`` (text without an offset, or a TOML local time)."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = datetime.fromisoformat(value)
    if not isinstance(value, datetime) or value.tzinfo is not None:
        raise ConfigError(
            f"«{key}» debe ser una hora local sin desfase (2026-10-16T17:00), no {value!r}",
            f"'{key}' must be a local time without an offset (2026-10-16T17:00), not {value!r}",
            where=where,
        )
    return value


def _walls(values: object, key: str, where: str) -> tuple[datetime, ...]:
    if not isinstance(values, list):
        raise ConfigError(
            f"«{key}» debe ser una lista de horas", f"'{key}' must be a list of times", where=where
        )
    return tuple(_wall(value, key, where) for value in values)


def _moves(values: object, where: str) -> tuple[tuple[datetime, datetime], ...]:
    pairs: Iterable[object] = values if isinstance(values, list) else [None]
    moves = []
    for pair in pairs:
        if not isinstance(pair, list) or len(pair) != 2:
            raise ConfigError(
                "«moved» debe ser una lista de pares [original, nueva]",
                "'moved' must be a list of [original, new] pairs",
                where=where,
            )
        moves.append((_wall(pair[0], "moved", where), _wall(pair[1], "moved", where)))
    return tuple(moves)
