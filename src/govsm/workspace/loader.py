"""Reading ``govsm.toml``: TOML with ``tomllib``, structure with the converter, then references.

>>> from pathlib import Path
>>> config = load_config(Path("examples/soldeneu"), channels=None)
>>> config.snapshot.organisation.id
'ajuntament-soldeneu'
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from govsm.calendar.exclusions import check_holiday_region
from govsm.errors import ConfigError
from govsm.model import (
    Channel,
    ManualContent,
    Organisation,
    OrganisationSnapshot,
    Person,
    Policy,
    PostingWindow,
    Profile,
    PublishingLimit,
    PublishingScope,
    RoleAssignment,
    Unit,
)
from govsm.reading.bounds import check_record
from govsm.reading.files import read_text
from govsm.serialization import ErrorDetail, describe_errors, structure
from govsm.spec.limits import MANUAL_FILE_BYTES, Limits
from govsm.webhooks.endpoints import WebhookEndpoint
from govsm.workspace.config import (
    FORMAT_VERSION,
    MANUAL_FILE,
    Archives,
    PathSettings,
    StoreSettings,
    WorkspaceConfig,
)
from govsm.workspace.errors import WorkspaceError
from govsm.workspace.patterns import pattern_base
from govsm.workspace.references import check_references
from govsm.workspace.sources_config import read_sources, source_references

T = TypeVar("T")

TOP_LEVEL_KEYS = (
    "format",
    "channels",
    "organisation",
    "units",
    "people",
    "roles",
    "profiles",
    "policy",
    "archives",
    "store",
    "manual",
    "limits",
    "paths",
    "webhooks",
    "sources",
    "plugins",
)
_LISTS: dict[str, type[Any]] = {
    "units": Unit,
    "people": Person,
    "roles": RoleAssignment,
    "profiles": Profile,
}


def manual_path(path: Path) -> Path:
    """The ``govsm.toml`` of a workspace given as its folder or as the file itself."""
    return path if path.suffix == ".toml" else path / MANUAL_FILE


def load_config(path: Path, channels: Mapping[str, Channel] | None) -> WorkspaceConfig:
    """Read and check a workspace.

    :param path: the workspace folder, or its ``govsm.toml``.
    :param channels: the channels the installed plugins declare, to check profiles against;
        ``None`` skips the channel checks.
    :raises WorkspaceError: listing every problem with its file and key path.
    """
    file = manual_path(path)
    shown = str(file)
    if not file.exists():
        raise WorkspaceError(
            shown,
            [
                ErrorDetail(
                    "",
                    "no existe: cree el espacio de trabajo con «govsm init»",
                    "does not exist: create the workspace with 'govsm init'",
                )
            ],
        )
    try:
        text = read_text(file, limit=MANUAL_FILE_BYTES)
    except ConfigError as exc:
        raise WorkspaceError(shown, [ErrorDetail("", exc.es, exc.en)]) from None
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise WorkspaceError(
            shown,
            [ErrorDetail("", "TOML anidado a demasiada profundidad", "TOML nested too deep")],
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(
            shown,
            [ErrorDetail("", f"TOML no válido: {exc}", f"invalid TOML: {exc}")],
        ) from None
    except ValueError:  # an integer of thousands of digits (Python's int conversion limit)
        raise WorkspaceError(
            shown,
            [
                ErrorDetail(
                    "",
                    "TOML con un número de demasiadas cifras",
                    "TOML with a number of too many digits",
                )
            ],
        ) from None
    config, errors = _structure_config(file.parent, data)
    if config is not None:
        errors.extend(check_references(config, channels))
        errors.extend(_publishing_references(config, channels))
        errors.extend(source_references(config))
    if errors or config is None:
        raise WorkspaceError(shown, errors)
    return config


def _structure_config(
    root: Path, data: dict[str, Any]
) -> tuple[WorkspaceConfig | None, list[ErrorDetail]]:
    errors: list[ErrorDetail] = []
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            close = difflib.get_close_matches(key, TOP_LEVEL_KEYS, n=1)
            errors.append(
                ErrorDetail(
                    key,
                    f"clave desconocida «{key}»."
                    + (f" ¿Quería decir «{close[0]}»?" if close else "")
                    + f" Claves válidas: {', '.join(TOP_LEVEL_KEYS)}",
                    f"unknown key '{key}'."
                    + (f" Did you mean '{close[0]}'?" if close else "")
                    + f" Valid keys: {', '.join(TOP_LEVEL_KEYS)}",
                )
            )
    version = data.get("format", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        errors.append(
            ErrorDetail(
                "format",
                f"formato {version!r} desconocido: esta versión de govsm lee el formato "
                f"{FORMAT_VERSION} (¿lo escribió una versión más nueva?)",
                f"unknown format {version!r}: this govsm reads format {FORMAT_VERSION} "
                "(was it written by a newer govsm?)",
            )
        )
    limits = _section(data.get("limits", {}), Limits, "limits", errors) or Limits()
    try:
        check_record(data, limits, "", text_keys=())
    except ConfigError as exc:
        errors.append(ErrorDetail("", exc.es, exc.en))
        return None, errors
    if "organisation" not in data:
        errors.append(
            ErrorDetail(
                "organisation",
                "falta la tabla [organisation], obligatoria",
                "the [organisation] table is missing; it is required",
            )
        )
        return None, errors
    organisation = _section(data["organisation"], Organisation, "organisation", errors)
    if organisation is not None:
        try:  # refused when the workspace opens, not when a step first reads the calendar
            check_holiday_region(organisation.holiday_region)
        except ConfigError as exc:
            errors.append(ErrorDetail("organisation.holiday_region", exc.es, exc.en))
    raw_org = data["organisation"]
    org_id = raw_org.get("id") if isinstance(raw_org, dict) else None
    org_id = org_id if isinstance(org_id, str) else "invalid"

    lists: dict[str, tuple[Any, ...]] = {}
    for key, cls in _LISTS.items():
        items = data.get(key, [])
        if not isinstance(items, list):
            errors.append(_not_a_list(key, items))
            lists[key] = ()
            continue
        structured = [
            _section(item, cls, f"{key}[{index}]", errors, org_id)
            for index, item in enumerate(items)
        ]
        lists[key] = tuple(x for x in structured if x is not None)

    policy = None
    if "policy" in data:
        policy = _section(data["policy"], Policy, "policy", errors, org_id)
    archives = _section(data.get("archives", {}), Archives, "archives", errors) or Archives()
    store = _section(data.get("store", {}), StoreSettings, "store", errors) or StoreSettings()
    paths = _section(data.get("paths", {}), PathSettings, "paths", errors) or PathSettings()
    errors.extend(_patterns_outside(root, archives, paths))
    manual = _section(data["manual"], ManualContent, "manual", errors) if "manual" in data else None
    webhooks = _webhooks(data.get("webhooks", []), errors)
    sources = read_sources(data.get("sources", []), errors)
    plugins = _plugin_tables(data.get("plugins", {}), errors)
    channels = data.get("channels", [])
    if not isinstance(channels, list) or not all(isinstance(c, str) for c in channels):
        errors.append(
            ErrorDetail(
                "channels",
                "debe ser una lista de identificadores de canal",
                "must be a list of channel ids",
            )
        )
        channels = []
    if organisation is None or errors:
        return None, errors
    try:
        snapshot = OrganisationSnapshot(
            organisation=organisation,
            units=lists["units"],
            people=lists["people"],
            roles=lists["roles"],
            profiles=lists["profiles"],
            policy=policy,
        )
    except Exception as exc:
        errors.extend(describe_errors(exc))
        return None, errors
    return (
        WorkspaceConfig(
            root=root,
            snapshot=snapshot,
            channels=tuple(channels),
            archives=archives,
            store=store,
            manual=manual,
            limits=limits,
            paths=paths,
            webhooks=webhooks,
            sources=sources,
            plugins=plugins,
        ),
        errors,
    )


#: a plugin's table name in ``[plugins]``: what a Python identifier may be, in lower case
_PLUGIN_TABLE = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")


def _plugin_tables(data: Any, errors: list[ErrorDetail]) -> dict[str, dict[str, Any]]:
    """The ``[plugins.NAME]`` tables: each plugin's own settings, checked by the plugin.

    govsm checks only their shape here — a table of tables, named like ``inap_social`` — and
    hands each to the plugin that reads it, which names its own keys' faults.
    """
    if not isinstance(data, dict):
        errors.append(
            ErrorDetail(
                "plugins",
                "debe ser una tabla de tablas ([plugins.novagob], …)",
                "must be a table of tables ([plugins.novagob], …)",
            )
        )
        return {}
    tables: dict[str, dict[str, Any]] = {}
    for name, table in data.items():
        if not _PLUGIN_TABLE.match(name):
            errors.append(
                ErrorDetail(
                    f"plugins.{name}",
                    "el nombre de la tabla de un complemento va en minúsculas, con letras, "
                    "cifras y «_» (como «inap_social»)",
                    "a plugin's table name is lower case letters, digits and '_' (like "
                    "'inap_social')",
                )
            )
        elif not isinstance(table, dict):
            errors.append(
                ErrorDetail(
                    f"plugins.{name}",
                    f"debe ser una tabla ([plugins.{name}])",
                    f"must be a table ([plugins.{name}])",
                )
            )
        else:
            tables[name] = table
    return tables


def _webhooks(items: Any, errors: list[ErrorDetail]) -> tuple[WebhookEndpoint, ...]:
    """The ``[[webhooks]]``, each checked, with unique ids."""
    if not isinstance(items, list):
        errors.append(_not_a_list("webhooks", items))
        return ()
    found = [
        _section(item, WebhookEndpoint, f"webhooks[{i}]", errors) for i, item in enumerate(items)
    ]
    endpoints = tuple(e for e in found if e is not None)
    seen: set[str] = set()
    for index, endpoint in enumerate(found):
        if endpoint is not None and endpoint.id in seen:
            errors.append(
                ErrorDetail(
                    f"webhooks[{index}].id",
                    f"el webhook «{endpoint.id}» ya está declarado",
                    f"webhook '{endpoint.id}' is already declared",
                )
            )
        elif endpoint is not None:
            seen.add(endpoint.id)
    return endpoints


def _publishing_references(
    config: WorkspaceConfig, channels: Mapping[str, Channel] | None
) -> list[ErrorDetail]:
    """The targets of ``[[policy.posting_windows]]`` and ``[[policy.publishing_limits]]``."""
    snap = config.snapshot
    if snap.policy is None:
        return []
    known: dict[PublishingScope, tuple[str, str, set[str]]] = {
        PublishingScope.UNIT: ("la unidad", "unit", {u.id for u in snap.units}),
        PublishingScope.PROFILE: ("el perfil", "profile", {p.id for p in snap.profiles}),
        PublishingScope.CHANNEL: (
            "el canal",
            "channel",
            set(channels) if channels is not None else set(config.channels),
        ),
    }
    errors = []
    scoped: list[tuple[str, Sequence[PostingWindow | PublishingLimit]]] = [
        ("posting_windows", snap.policy.posting_windows),
        ("publishing_limits", snap.policy.publishing_limits),
    ]
    for key, items in scoped:
        for index, item in enumerate(items):
            if item.target is None or item.scope not in known:
                continue
            kind_es, kind_en, ids = known[item.scope]
            unchecked = item.scope is PublishingScope.CHANNEL and not ids  # no channel list
            if not unchecked and item.target not in ids:
                close = difflib.get_close_matches(item.target, sorted(ids), n=1)
                hint_es = f" ¿Quería decir «{close[0]}»?" if close else ""
                hint_en = f" Did you mean '{close[0]}'?" if close else ""
                errors.append(
                    ErrorDetail(
                        f"policy.{key}[{index}].target",
                        f"{kind_es} «{item.target}» no existe.{hint_es}",
                        f"{kind_en} '{item.target}' does not exist.{hint_en}",
                    )
                )
    return errors


def _patterns_outside(root: Path, archives: Archives, paths: PathSettings) -> list[ErrorDetail]:
    """Each ``[archives]`` pattern that leads out of the workspace and the allowed folders."""
    folders = [Path(os.path.normpath(root.absolute() / f)) for f in paths.allow]
    inside = [Path(os.path.normpath(root.absolute())), *folders]
    errors = []
    for index, folder in enumerate(paths.allow):
        try:
            (root / folder).resolve()
        except (OSError, RuntimeError):  # a link that loops (RuntimeError before Python 3.13)
            errors.append(
                ErrorDetail(
                    f"paths.allow[{index}]",
                    f"«{folder}» es un enlace que no lleva a ninguna carpeta (un bucle)",
                    f"'{folder}' is a link that leads to no folder (a loop)",
                )
            )
    for key in ("messages", "drafts", "governance"):
        for index, pattern in enumerate(getattr(archives, key)):
            base = pattern_base(root.absolute(), pattern)
            if not any(base.is_relative_to(folder) for folder in inside):
                errors.append(
                    ErrorDetail(
                        f"archives.{key}[{index}]",
                        f"«{pattern}» sale del espacio de trabajo: use una ruta dentro de su "
                        "carpeta, o permita la carpeta en [paths] allow",
                        f"'{pattern}' leaves the workspace: use a path inside its folder, or "
                        "allow the folder in [paths] allow",
                    )
                )
    return errors


def _not_a_list(key: str, value: Any) -> ErrorDetail:
    return ErrorDetail(
        key,
        f"debe ser una lista de tablas ([[{key}]]), no {type(value).__name__}",
        f"must be an array of tables ([[{key}]]), not {type(value).__name__}",
    )


def _section(
    value: Any,
    cls: type[T],
    path: str,
    errors: list[ErrorDetail],
    organisation: str | None = None,
) -> T | None:
    if not isinstance(value, dict):
        errors.append(
            ErrorDetail(
                path,
                f"debe ser una tabla, no {type(value).__name__}",
                f"must be a table, not {type(value).__name__}",
            )
        )
        return None
    if organisation is not None:
        if "organisation" in value:
            errors.append(
                ErrorDetail(
                    f"{path}.organisation",
                    "no indique «organisation» aquí: es la del espacio de trabajo",
                    "do not set 'organisation' here: it is the workspace's",
                )
            )
            return None
        value = {**value, "organisation": organisation}
    try:
        return structure(value, cls)
    except Exception as exc:
        errors.extend(describe_errors(exc, path))
        return None
