"""The check cache (revision 0009): what the message checks found, kept for the next audit.

The ``checks`` step of ``govsm audit`` checks every outbound message of the organisation. Most of
them did not change since the last audit, and neither did the rules, so their findings would be
the same: the step keeps each message's findings in the store, in the ``check_cache`` table, and
the next audit reuses them instead of checking the message again.

A stored result is used only when its **fingerprint** matches: the SHA-256 of

* the message's stored document, byte for byte (the ``messages.data`` text: every field of the
  message — text, kind, state, media, links, instants, profile…), and
* the **context key** (:func:`context_key`): the SHA-256 of the canonical JSON of everything
  else the checks read — the govsm version, the Python version and its Unicode database, every
  installed distribution and its version, the plugins the host loaded, the size and
  modification time of every file of govsm and of each package that declares a rule (the rules'
  code and their word lists), each rule's id, defaults, parameters, scope and function, the
  channel catalogue, the organisation's snapshot as the workspace declares it (organisation and
  time zone, units, people and offices, roles, profiles, the policy with its rule settings,
  waivers and electoral periods), the profiles as stored (for the posts' addresses) and the
  workspace folder.

Change any of them and the fingerprint changes: the message is checked again and its row
replaced. Nothing else is read by the checks, so a result whose fingerprint matches is the
result a fresh check gives; there is no expiry and nothing to invalidate by hand.

Two kinds of message are never kept, and are checked at every audit: one with an attachment
on disk (a :class:`~govsm.model.Media` whose ``location`` is not a URL: the media rules read the
file, which the message's document does not describe), and one a rule failed on
(``rule-failed``: the failure may not happen again). When the code of a rule cannot be located
(a function with no source file), :func:`context_key` gives ``None`` and nothing is cached.

A row goes with its message (``ON DELETE CASCADE``); a row whose fingerprint no longer matches
is never used, and is replaced when its message is checked again. The table holds derived data
only: deleting rows (:meth:`CheckCache.clear`, what ``govsm audit --no-cache`` does) costs the
next audit time, never correctness.

A row keeps the findings in the form the run's record stores them
(:class:`~govsm.spec.findings.RecordedFinding`): a JSON array with, per finding, an array of its
document (the finding as the record's ``data`` holds it, as JSON text), step, rule, severity,
whether it counts, profile and message. The next audit hands them to the run's record as they
are, without building each finding and serialising it again
(:mod:`govsm.store.kept_findings` writes and reads that column).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
import unicodedata
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import sqlalchemy as sa
from attrs import frozen
from sqlalchemy.engine import Connection

from govsm._version import __version__
from govsm.errors import StoreError
from govsm.media.formats import is_remote
from govsm.model import Channel, Direction, Message, OrganisationSnapshot, Profile
from govsm.serialization import unstructure
from govsm.spec.findings import RecordedFinding, ReportedFinding
from govsm.spec.rule import Rule
from govsm.store import reads, rows, schema
from govsm.store.coltypes import document_text
from govsm.store.engine import dumps
from govsm.store.kept_findings import kept_records, kept_text

if TYPE_CHECKING:
    from govsm.spec.workspace import HostView, WorkspaceView
    from govsm.store.store import Store

#: the version of what a row holds; part of the context key, so a new layout invalidates rows
#: (2: the findings as the run's record stores them)
FORMAT = 2

#: rows fetched at a time when streaming the messages to check
STREAM_CHUNK = 500

#: the rule id of a finding that says a rule raised (:class:`govsm.rules.engine.Checker`)
RULE_FAILED = "rule-failed"

#: folders never walked when stamping a package's files
_SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules"})


@frozen
class Reused:
    """A message whose stored result still holds: its findings, as the run records them.

    :param message: the message's id.
    :param profile: its profile's id.
    :param findings: what checking it found (empty: nothing), as the run's record stores it.
    """

    message: str
    profile: str
    findings: tuple[RecordedFinding, ...]


@frozen
class ToCheck:
    """A message with no stored result that holds: check it, then :meth:`CheckCache.save` it.

    :param message: the message.
    :param fingerprint: what to store its result under; ``None`` when the cache is off.
    """

    message: Message
    fingerprint: str | None


#: what :meth:`CheckCache.save` writes for one message: its id, its fingerprint and its
#: findings (``None``: keep nothing for it, and forget what was kept)
Entry = tuple[str, str, Sequence[ReportedFinding | RecordedFinding] | None]


def fingerprint(context: str, document: str) -> str:
    """The fingerprint of a message's stored document under a context key (SHA-256, hex).

    :param context: the context key (:func:`context_key`).
    :param document: the message's ``data`` text as stored.
    """
    digest = _prefix(context)
    digest.update(document.encode("utf-8"))
    return digest.hexdigest()


def _prefix(context: str) -> hashlib._Hash:
    """The hash of the context key and its separator, to copy for each message."""
    return hashlib.sha256(context.encode("ascii") + b"\n")


def cacheable(message: Message, findings: Iterable[ReportedFinding | RecordedFinding]) -> bool:
    """Whether a message's result may be kept: no attachment on disk, no rule that failed."""
    if any(not is_remote(media.location) for media in message.media):
        return False
    return all(_rule_of(found) != RULE_FAILED for found in findings)


def _rule_of(found: ReportedFinding | RecordedFinding) -> str:
    return found.rule if isinstance(found, RecordedFinding) else found.finding.rule


def workspace_key(
    workspace: WorkspaceView,
    host: HostView,
    profile_channels: Mapping[str, Channel] | None = None,
    profiles: Sequence[Profile] | None = None,
) -> str | None:
    """:func:`context_key` of ``workspace`` checked with ``host``'s rules and channels.

    The audit's ``checks`` step, the exporters' checks and the publish-time gate all build their
    key here, so that each finds the results the others kept.

    :param profile_channels: the profiles' own channels (see :func:`context_key`).
    :param profiles: the organisation's stored profiles, when the caller has read them already
        (default: read from the store).
    """
    return context_key(
        rules=host.rules(),
        channels=host.channels(),
        snapshot=workspace.snapshot,
        profiles=workspace.store.profiles(workspace.organisation.id)
        if profiles is None
        else profiles,
        root=workspace.root,
        plugins=loaded_plugins(host),
        profile_channels=profile_channels,
    )


def loaded_plugins(host: object) -> list[dict[str, Any]] | None:
    """What a plugin host says it loaded, as data: the ``plugins`` part of :func:`context_key`.

    The ``checks`` step and :class:`govsm.exporting.checks.MessageChecks` both build their key with
    it, so that both find the same stored results. ``None`` when the host does not say (it has no
    ``plugins()``, as a :class:`~govsm.plugins.PluginHost` has).
    """
    listing = getattr(host, "plugins", None)
    if not callable(listing):
        return None
    return [_as_data(info) for info in listing()]


def _as_data(info: Any) -> dict[str, Any]:
    """One listed plugin as plain data (a dataclass or attrs record; else its repr)."""
    if dataclasses.is_dataclass(info) and not isinstance(info, type):
        return dataclasses.asdict(info)
    if attrs.has(type(info)):
        return attrs.asdict(info)
    return {"repr": repr(info)}


def context_key(
    *,
    rules: Mapping[str, Rule],
    channels: Mapping[str, Channel],
    snapshot: OrganisationSnapshot,
    profiles: Sequence[Profile],
    root: Path | None,
    plugins: Sequence[Mapping[str, Any]] | None,
    profile_channels: Mapping[str, Channel] | None = None,
) -> str | None:
    """The key of everything the message checks read besides the message (SHA-256, hex).

    :param rules: the rules, by id, as the host declares them.
    :param channels: the channel catalogue, by id.
    :param snapshot: the organisation as the workspace declares it (what the checker uses).
    :param profiles: the profiles as stored (what the posts' addresses are made from).
    :param root: the workspace folder, against which media paths are resolved.
    :param plugins: what the host says it loaded (name, source, distribution, version…), or
        ``None`` when the host does not say.
    :param profile_channels: the profiles' own channels, where their servers declared other
        limits at the last sync (:func:`govsm.syncing.limits.profile_channels`): a new limit
        is a new key.
    :returns: the key, or ``None`` when it cannot be made (a rule's code has no file, or a
        setting JSON cannot carry): then nothing may be cached.
    """
    code = code_stamp({"govsm", *(_module_of(rule) for rule in rules.values())})
    if code is None:
        return None
    data = {
        "format": FORMAT,
        "govsm": __version__,
        "python": sys.version,
        "unicode": unicodedata.unidata_version,
        "distributions": _distributions(),
        "plugins": list(plugins) if plugins is not None else None,
        "code": code,
        "rules": [_rule(rules[key]) for key in sorted(rules)],
        "channels": [unstructure(channels[key]) for key in sorted(channels)],
        "profile_channels": {
            key: unstructure(channel) for key, channel in sorted((profile_channels or {}).items())
        },
        "snapshot": unstructure(snapshot),
        "profiles": [unstructure(profile) for profile in profiles],
        "root": str(root.resolve()) if root is not None else None,
    }
    try:
        text = dumps(data)
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def code_stamp(modules: Iterable[str]) -> list[list[Any]] | None:
    """The size and modification time of every file of the top-level packages of ``modules``.

    A package is walked whole (its data files included; ``__pycache__``, ``node_modules`` and
    hidden folders aside); a top-level module outside any package is its own file.

    :returns: ``[package, relative path, size, mtime_ns]`` per file, sorted; ``None`` when a
        module is not imported or has no file.
    """
    stamp: list[list[Any]] = []
    for top in sorted({name.partition(".")[0] for name in modules}):
        module = sys.modules.get(top)
        if module is None:
            return None
        folders = list(getattr(module, "__path__", None) or ())
        if not folders:
            path = getattr(module, "__file__", None)
            if not path:
                return None
            status = os.stat(path)
            stamp.append([top, "", status.st_size, status.st_mtime_ns])
            continue
        for folder in folders:
            for here, subfolders, files in os.walk(folder):
                subfolders[:] = [
                    name
                    for name in subfolders
                    if name not in _SKIPPED_FOLDERS and not name.startswith(".")
                ]
                for name in files:
                    path = os.path.join(here, name)
                    try:
                        status = os.stat(path)
                    except OSError:  # a dangling link: its absence is what is stamped
                        continue
                    relative = os.path.relpath(path, folder)
                    stamp.append([top, relative, status.st_size, status.st_mtime_ns])
    stamp.sort()
    return stamp


def _module_of(rule: Rule) -> str:
    check = rule.check
    return str(getattr(check, "__module__", None) or type(check).__module__)


def _rule(rule: Rule) -> dict[str, Any]:
    check = rule.check
    scope = rule.scope
    return {
        "id": rule.id,
        "title": unstructure(rule.title),
        "default_severity": rule.default_severity.value,
        "params": unstructure(dict(rule.params)),
        "enabled_by_default": rule.enabled_by_default,
        "family": rule.family,
        "sensitive": rule.sensitive,
        "subject": rule.subject.value,
        "scope": {
            "kinds": sorted(kind.value for kind in scope.kinds),
            "stages": sorted(stage.value for stage in scope.stages),
            "text": scope.text.value,
        },
        "check": f"{_module_of(rule)}:{getattr(check, '__qualname__', repr(check))}",
    }


def _distributions() -> list[str]:
    """The installed distributions, as the names of their metadata folders (name and version).

    Read from the folder names alone (``regex-2024.11.6.dist-info``): parsing every METADATA
    file would cost more than the rest of the key.
    """
    found: set[str] = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # not a folder (a zip file) or gone: nothing installed there
            continue
        found.update(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return sorted(found)


class CheckCache:
    """The check cache of one store (:attr:`Store.check_cache <govsm.store.Store>`)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def stream(
        self,
        organisation: str,
        context: str | None,
        *,
        direction: Direction = Direction.OUTBOUND,
    ) -> Generator[Reused | ToCheck, None, None]:
        """Stream the organisation's messages, each as its stored result or as a message to check.

        In the order of :meth:`Store.messages <govsm.store.Store.messages>` (``created_at``,
        then ``id``), a chunk of rows at a time. A message whose row holds the fingerprint of
        its document under ``context`` comes as :class:`Reused`, without being read as a
        message; any other as :class:`ToCheck`. The iterator holds a connection until it is
        exhausted or closed.

        :param context: the context key (:func:`context_key`); ``None`` reads no stored result
            (every message comes to check).
        :param direction: which messages (the checks step checks the outbound ones).
        :raises StoreError: the organisation is not in the store (raised here, not when
            iterating).
        """
        self._store._require_head()
        with self._store._connection(
            f"leer la organización «{organisation}»", f"read organisation '{organisation}'"
        ) as connection:
            reads.require_organisation(connection, organisation)
        return self._stream(organisation, context, direction)

    def _stream(
        self, organisation: str, context: str | None, direction: Direction
    ) -> Generator[Reused | ToCheck, None, None]:
        with self._store._connection(
            f"leer los mensajes de «{organisation}» y sus comprobaciones guardadas",
            f"read the messages of '{organisation}' and their stored checks",
        ) as connection:
            yield from _rows(connection, organisation, context, direction)

    def save(self, organisation: str, entries: Sequence[Entry]) -> None:
        """Store the results of checked messages, in one transaction, replacing older rows.

        :param entries: ``(message id, fingerprint, findings)`` per message; ``None`` findings
            delete the message's row and store nothing.
        :raises StoreError: the store cannot be written.
        """
        if not entries:
            return
        self._store._require_head()
        values = []
        for message, mark, findings in entries:
            if findings is None:
                continue
            try:
                text = kept_text(findings)
            except StoreError:  # a value JSON cannot carry: check it next time
                continue
            values.append(
                {
                    "organisation_id": organisation,
                    "message_id": message,
                    "fingerprint": mark,
                    "findings": text,
                }
            )
        ids = sorted({message for message, _, _ in entries})
        table = schema.check_cache

        def work(connection: Connection) -> None:
            connection.execute(
                sa.delete(table).where(
                    table.c.organisation_id == organisation, table.c.message_id.in_(ids)
                )
            )
            if values:
                connection.execute(sa.insert(table), values)

        self._store._write(
            work,
            "guardar las comprobaciones de los mensajes",
            "store the results of the message checks",
        )

    def clear(self, organisation: str) -> int:
        """Forget every stored result of ``organisation``: the next audit checks every message.

        :return: how many rows were deleted.
        """
        self._store._require_head()
        table = schema.check_cache

        def work(connection: Connection) -> int:
            done = connection.execute(
                sa.delete(table).where(table.c.organisation_id == organisation)
            )
            return int(done.rowcount or 0)

        return self._store._write(
            work,
            f"borrar las comprobaciones guardadas de «{organisation}»",
            f"clear the stored checks of '{organisation}'",
        )

    def count(self, organisation: str) -> int:
        """How many messages of ``organisation`` have a stored result (valid or not)."""
        self._store._require_head()
        table = schema.check_cache
        query = (
            sa.select(sa.func.count())
            .select_from(table)
            .where(table.c.organisation_id == organisation)
        )
        with self._store._connection(
            "contar las comprobaciones guardadas", "count the stored checks"
        ) as connection:
            return int(connection.execute(query).scalar_one())


def _rows(
    connection: Connection, organisation: str, context: str | None, direction: Direction
) -> Iterator[Reused | ToCheck]:
    messages = schema.messages
    cache = schema.check_cache
    document = document_text(messages.c.data, connection.dialect.name)
    if context is None:
        query = sa.select(messages.c.id, messages.c.profile_id, document)
    else:
        query = sa.select(
            messages.c.id,
            messages.c.profile_id,
            document,
            cache.c.fingerprint,
            cache.c.findings,
        ).select_from(
            messages.outerjoin(
                cache,
                sa.and_(
                    cache.c.organisation_id == messages.c.organisation_id,
                    cache.c.message_id == messages.c.id,
                ),
            )
        )
    query = query.where(
        messages.c.organisation_id == organisation,
        messages.c.direction == Direction(direction).value,
    ).order_by(messages.c.created_at, messages.c.id)
    prefix = _prefix(context) if context is not None else None
    with connection.execution_options(yield_per=STREAM_CHUNK).execute(query) as result:
        for row in result:
            key, profile, text = row[0], row[1], row[2]
            mark = None
            if prefix is not None:
                digest = prefix.copy()
                digest.update(text.encode("utf-8"))
                mark = digest.hexdigest()
            if mark is not None and row[3] == mark:
                found = kept_records(row[4])
                if found is not None:
                    yield Reused(key, profile, found)
                    continue
            yield ToCheck(rows.load(text, Message, f"{organisation}/messages/{key}"), mark)
