"""Where a pasted digest goes and where the organisation's feeds are: the plugins' settings.

A network plugin that pastes the digest (:mod:`~govsm.builtin.exporters.digest_paste`) reads
its settings from its table in the workspace's ``govsm.toml`` — ``[plugins.novagob]``,
``[plugins.inap_social]`` — or, for an export without a workspace file, from a TOML file with a
``[novagob]`` / ``[inap_social]`` table named by an environment variable (:func:`settings_for`).
Each fault is a :class:`~govsm.errors.ConfigError` naming the key and the file, in Spanish and
English.

>>> PasteSettings.from_table("novagob", {"feed_base": "https://www.soldeneu.example/feeds/"},
...                          "novagob.toml").feed_base
'https://www.soldeneu.example/feeds'
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from govsm.builtin.exporters.html_writing import NOT_HTML, safe_href
from govsm.errors import ConfigError

#: the longest group name accepted, in characters
GROUP_LENGTH = 200

#: the keys a settings table may have
SETTINGS_KEYS = ("group", "feed_base")


@frozen
class PasteSettings:
    """Where the digest goes and where the organisation's feeds are.

    :param table: the settings table's name (``novagob``), for messages.
    :param group: the group or community the digest is posted to, shown in its title line.
    :param feed_base: the ``https`` address under which the portal publishes govsm's Atom
        feeds (no trailing ``/``): ``{feed_base}/organisation.atom``,
        ``{feed_base}/unit/{id}.atom`` and ``{feed_base}/profile/{id}.atom``.
    """

    table: str
    group: str | None = None
    feed_base: str | None = None

    @classmethod
    def from_table(cls, table: str, data: object, where: str) -> PasteSettings:
        """Settings from the TOML table ``[table]`` (``data``), checked.

        :param where: the file the table comes from, for messages.
        :raises ConfigError: not a table, an unknown key, an empty or overlong group name, or
            a feed base that is not an ``https`` address; the message names the key.
        """
        if not isinstance(data, Mapping):
            raise ConfigError(
                f"«{table}» debe ser una tabla ([{table}])",
                f"'{table}' must be a table ([{table}])",
                where=where,
            )
        for key in data:
            if key not in SETTINGS_KEYS:
                close = difflib.get_close_matches(key, SETTINGS_KEYS, n=1)
                raise ConfigError(
                    f"clave desconocida «{table}.{key}»"
                    + (f"; ¿quería decir «{close[0]}»?" if close else ".")
                    + f" Claves válidas: {', '.join(SETTINGS_KEYS)}",
                    f"unknown key '{table}.{key}'"
                    + (f"; did you mean '{close[0]}'?" if close else ".")
                    + f" Valid keys: {', '.join(SETTINGS_KEYS)}",
                    where=where,
                )
        group = data.get("group")
        if group is not None and (
            not isinstance(group, str)
            or not group.strip()
            or len(group) > GROUP_LENGTH
            or NOT_HTML.search(group)
        ):
            raise ConfigError(
                f"«{table}.group» debe ser un nombre de grupo no vacío, de hasta {GROUP_LENGTH} "
                "caracteres y sin caracteres de control",
                f"'{table}.group' must be a group name, not empty, of at most {GROUP_LENGTH} "
                "characters and without control characters",
                where=where,
            )
        base = data.get("feed_base")
        if base is not None:
            if not isinstance(base, str) or not base.startswith("https://") or not safe_href(base):
                raise ConfigError(
                    f"«{table}.feed_base» debe ser una dirección https:// (la carpeta del portal "
                    f"donde se publican los feeds de govsm), no {base!r}",
                    f"'{table}.feed_base' must be an https:// address (the portal folder where "
                    f"govsm's feeds are published), not {base!r}",
                    where=where,
                )
            base = base.rstrip("/")
        return cls(table=table, group=group, feed_base=base)

    @classmethod
    def from_file(cls, table: str, path: Path) -> PasteSettings:
        """Settings from the table ``[table]`` of the TOML file ``path`` (none there: defaults).

        :raises ConfigError: the file cannot be read or is not TOML, or the table is wrong.
        """
        try:
            data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(
                f"no se puede leer el fichero de ajustes: {exc.strerror}",
                f"cannot read the settings file: {exc.strerror}",
                where=str(path),
            ) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError) as exc:
            raise ConfigError(
                f"el fichero de ajustes no es TOML válido: {exc}",
                f"the settings file is not valid TOML: {exc}",
                where=str(path),
            ) from None
        if table not in data:
            return cls(table=table)
        return cls.from_table(table, data[table], str(path))


def settings_from_environment(table: str, variable: str) -> PasteSettings:
    """The settings in the file the environment variable ``variable`` names, else defaults.

    The file is TOML with a ``[table]`` table (see :meth:`PasteSettings.from_file`).

    :raises ConfigError: the file cannot be read, or its table is wrong.
    """
    named = os.environ.get(variable, "").strip()
    if not named:
        return PasteSettings(table=table)
    return PasteSettings.from_file(table, Path(named))


def settings_for(
    tables: Mapping[str, Mapping[str, Any]], table: str, variable: str
) -> PasteSettings:
    """The settings of ``table``: the workspace's ``[plugins.TABLE]``, else the environment's.

    :param tables: the workspace's ``[plugins.NAME]`` tables
        (:attr:`ExportSource.settings <govsm.spec.export_source.ExportSource.settings>`).
    :param variable: the environment variable naming a settings file, read when the workspace
        has no such table (:func:`settings_from_environment`).
    :raises ConfigError: the table is wrong (the message names ``plugins.TABLE.KEY``), or the
        file cannot be read.
    """
    if table in tables:
        return PasteSettings.from_table(f"plugins.{table}", tables[table], "govsm.toml")
    return settings_from_environment(table, variable)
