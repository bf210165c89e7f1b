"""The ``[[sources]]`` of ``govsm.toml``: the feeds a profile or a unit curates drafts from.

.. code-block:: toml

   [[sources]]
   id = "agenda-cultural"
   url = "file:sources/agenda-cultural.xml"
   unit = "cultura"
   language = "ca-valencia"
   max_items = 10

A source is an RSS 2.0, Atom or JSON Feed document, read on demand by ``govsm sources fetch``
(:mod:`govsm.curation`). Its URL is ``http://`` or ``https://`` — a public address, unless it
says ``allow_private = true`` (a feed on the organisation's intranet) — or ``file:`` and a path
relative to the workspace (or inside a folder ``[paths] allow`` names). It feeds the profiles it
lists, the live profiles of its unit, or both.

>>> source = FeedSource(
...     id="premsa", url="https://www.soldeneu.example/feed/?token=abc", profiles=("x-ajuntament",)
... )
>>> source.shown_url, source.max_items, source.is_file
('https://www.soldeneu.example/feed/', 20, False)
>>> FeedSource(id="agenda", url="file:sources/agenda.xml", unit="cultura").file_path
'sources/agenda.xml'
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import attrs
from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v
from govsm.serialization import ErrorDetail, describe_errors, structure

if TYPE_CHECKING:
    from govsm.workspace.config import WorkspaceConfig

#: how many entries of a feed are read by default (the newest, in the feed's order)
DEFAULT_MAX_ITEMS = 20

#: the most entries a source may ask to read at once
MAX_MAX_ITEMS = 500

#: how long reading a source may take by default, in seconds (every redirect included)
DEFAULT_TIMEOUT = 10.0

#: the longest a source may ask for, in seconds
MAX_TIMEOUT = 120.0

#: how many bytes of a feed are read by default, once decompressed (2 MiB: a news feed holds
#: a few hundred kilobytes; parsing a hostile one costs feedparser up to ~16 s per MiB)
DEFAULT_MAX_BYTES = 2 * 1024 * 1024

#: the most a source may ask for (64 MiB)
MAX_MAX_BYTES = 64 * 1024 * 1024

#: the prefix of a source on disk
FILE_PREFIX = "file:"


def _url(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.text(instance, attribute, value)
    if re.search(r"\s", value):
        raise ModelError(
            "la URL tiene espacios o saltos de línea",
            "the URL holds spaces or line breaks",
            field=attribute.name,
        )
    v.check_hidden(value, attribute.name)
    if value.startswith(FILE_PREFIX):
        path = value[len(FILE_PREFIX) :]
        if not path or path.startswith("//"):
            raise ModelError(
                "escriba «file:» y una ruta relativa al espacio de trabajo "
                "(file:fuentes/agenda.xml), no una URL file://",
                "write 'file:' and a path relative to the workspace (file:sources/agenda.xml), "
                "not a file:// URL",
                field=attribute.name,
            )
        return
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        shown = re.split(r"[?#]", value, maxsplit=1)[0]  # a query may hold a token
        raise ModelError(
            f"«{shown}» no es una URL http(s) absoluta ni una ruta «file:»",
            f"'{shown}' is neither an absolute http(s) URL nor a 'file:' path",
            field=attribute.name,
        )
    if parts.username is not None or parts.password is not None:
        # never echoed: what precedes the @ may be a password
        raise ModelError(
            "la URL lleva usuario o contraseña (no se muestra): quítelos",
            "the URL carries a user or password (not shown): remove them",
            field=attribute.name,
        )
    if port == 0:
        raise ModelError("el puerto 0 no es válido", "port 0 is not valid", field=attribute.name)


def _without_query(url: str) -> str:
    """``url`` without its query or fragment (where a private feed keeps its token)."""
    if url.startswith(FILE_PREFIX):
        return url
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _profiles(instance: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    v.slugs(instance, attribute, value)
    repeated = sorted({p for p in value if value.count(p) > 1})
    if repeated:
        raise ModelError(
            f"perfiles repetidos: {', '.join(repeated)}",
            f"repeated profiles: {', '.join(repeated)}",
            field=attribute.name,
        )


def _bounded(low: float, high: float, es_unit: str, en_unit: str, *, whole: bool) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            number_es = "un número entero" if whole else "un número"
            number_en = "a whole number" if whole else "a number"
            raise ModelError(
                f"«{attribute.name}» debe ser {number_es} de {es_unit} entre {low:g} y "
                f"{high:g}, no {value!r}",
                f"'{attribute.name}' must be {number_en} of {en_unit} from {low:g} to "
                f"{high:g}, not {value!r}",
                field=attribute.name,
            )

    return check


@frozen
class FeedSource:
    """One ``[[sources]]`` item: a feed whose new entries become drafts.

    :param id: identifier, unique among the workspace's sources; the drafts' ids derive from it.
    :param url: ``https://…`` or ``http://…`` (no user or password; a query is never shown in
        messages), or ``file:`` and a path relative to the workspace.
    :param profiles: the profiles it feeds.
    :param unit: feed the live profiles of this unit too (approved, active or dormant; the
        unit's own, not those of the units below it).
    :param max_items: how many entries are read, from the top of the feed.
    :param language: the language of its entries (BCP 47, ``ca-valencia``); it wins over what
        the feed says, which cannot name Valencian.
    :param allow_private: whether it may be read from a private, loopback or link-local
        address (an intranet); without it such addresses are refused, redirects included.
    :param timeout_seconds: how long reading it may take, redirects included.
    :param max_bytes: how much of it is read, once decompressed; a larger feed is refused.
    """

    id: str = field(validator=v.slug)
    url: str = field(validator=_url, repr=lambda url: repr(_without_query(url)))
    profiles: tuple[str, ...] = field(default=(), validator=_profiles)
    unit: str | None = field(default=None, validator=v.optional_slug)
    max_items: int = field(
        default=DEFAULT_MAX_ITEMS,
        validator=_bounded(1, MAX_MAX_ITEMS, "entradas", "entries", whole=True),
    )
    language: str | None = field(default=None, validator=v.optional_language_tag)
    allow_private: bool = False
    timeout_seconds: float = field(
        default=DEFAULT_TIMEOUT,
        validator=_bounded(0.001, MAX_TIMEOUT, "segundos", "seconds", whole=False),
    )
    max_bytes: int = field(
        default=DEFAULT_MAX_BYTES,
        validator=_bounded(1024, MAX_MAX_BYTES, "bytes", "bytes", whole=True),
    )

    def __attrs_post_init__(self) -> None:
        if not self.profiles and self.unit is None:
            raise ModelError(
                "indique a qué perfiles alimenta (profiles = [...]) o de qué unidad (unit)",
                "say which profiles it feeds (profiles = [...]) or which unit's (unit)",
                field="profiles",
            )

    @property
    def is_file(self) -> bool:
        """Whether it is read from disk (``file:``) rather than over HTTP."""
        return self.url.startswith(FILE_PREFIX)

    @property
    def file_path(self) -> str:
        """The path after ``file:`` (for a source on disk)."""
        return self.url[len(FILE_PREFIX) :]

    @property
    def shown_url(self) -> str:
        """The URL as messages and reports show it: without its query or fragment."""
        if self.is_file:
            return self.url
        return _without_query(self.url)


def read_sources(items: Any, errors: list[ErrorDetail]) -> tuple[FeedSource, ...]:
    """The ``[[sources]]``, each checked, with unique ids; problems go to ``errors``.

    :param items: the value of the ``sources`` key of ``govsm.toml``.
    :param errors: where each problem is added, its key path naming the item
        (``sources[2].url``).
    """
    if not isinstance(items, list):
        errors.append(
            ErrorDetail(
                "sources",
                f"debe ser una lista de tablas ([[sources]]), no {type(items).__name__}",
                f"must be an array of tables ([[sources]]), not {type(items).__name__}",
            )
        )
        return ()
    found: list[FeedSource | None] = []
    for index, item in enumerate(items):
        path = f"sources[{index}]"
        if not isinstance(item, dict):
            errors.append(
                ErrorDetail(
                    path,
                    f"debe ser una tabla, no {type(item).__name__}",
                    f"must be a table, not {type(item).__name__}",
                )
            )
            found.append(None)
            continue
        try:
            found.append(structure(item, FeedSource))
        except Exception as exc:
            errors.extend(describe_errors(exc, path))
            found.append(None)
    seen: set[str] = set()
    for index, source in enumerate(found):
        if source is None:
            continue
        if source.id in seen:
            errors.append(
                ErrorDetail(
                    f"sources[{index}].id",
                    f"la fuente «{source.id}» ya está declarada",
                    f"source '{source.id}' is already declared",
                )
            )
        seen.add(source.id)
    return tuple(s for s in found if s is not None)


def source_references(config: WorkspaceConfig) -> list[ErrorDetail]:
    """What the sources name that the workspace does not have, or may not read.

    A profile or unit that does not exist, and a ``file:`` path that leads out of the workspace
    and the ``[paths] allow`` folders (judged by name here; links are followed when it is read).
    """
    snapshot = config.snapshot
    profiles = {p.id for p in snapshot.profiles}
    units = {u.id for u in snapshot.units}
    root = Path(os.path.normpath(config.root.absolute()))
    inside = [root, *(Path(os.path.normpath(root / f)) for f in config.paths.allow)]
    errors: list[ErrorDetail] = []
    for index, source in enumerate(config.sources):
        for position, profile in enumerate(source.profiles):
            if profile not in profiles:
                errors.append(
                    ErrorDetail(
                        f"sources[{index}].profiles[{position}]",
                        f"el perfil «{profile}» no existe",
                        f"profile '{profile}' does not exist",
                    )
                )
        if source.unit is not None and source.unit not in units:
            errors.append(
                ErrorDetail(
                    f"sources[{index}].unit",
                    f"la unidad «{source.unit}» no existe",
                    f"unit '{source.unit}' does not exist",
                )
            )
        if source.is_file:
            target = Path(os.path.normpath(root / source.file_path))
            if not any(target.is_relative_to(folder) for folder in inside):
                errors.append(
                    ErrorDetail(
                        f"sources[{index}].url",
                        f"«{source.url}» sale del espacio de trabajo: use una ruta dentro de su "
                        "carpeta, o permita la carpeta en [paths] allow",
                        f"'{source.url}' leaves the workspace: use a path inside its folder, or "
                        "allow the folder in [paths] allow",
                    )
                )
    return errors
