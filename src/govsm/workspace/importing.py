"""Loading a workspace into its store: the snapshot, then every archive file through importers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
from attrs import frozen

from govsm.errors import ConfigError, GovsmError
from govsm.governance.journal import ReplayResult, replay
from govsm.governance.service import Governance
from govsm.ledger.approvals import content_digest
from govsm.ledger.record import GovernanceRecord, fold
from govsm.model import Bilingual, Direction, Message, MessageState, OrganisationSnapshot, Profile
from govsm.plugins import PluginHost
from govsm.reading.archive_members import archive_kind, open_archive
from govsm.reading.bounds import message_problem, size_problem
from govsm.reading.jsonl import unknown_profile
from govsm.spec.importer import ImportContext, Imported, Importer, ImportProblem
from govsm.spec.limits import Limits
from govsm.spec.progress import NoProgress, Progress
from govsm.store.loaded_files import LoadedFiles
from govsm.workspace.config import WorkspaceConfig
from govsm.workspace.load_skips import SkipPlan, plan_skips, reading_context, unchanged_since
from govsm.workspace.patterns import matches, readable
from govsm.workspace.registration import state_change_events

if TYPE_CHECKING:
    from govsm.store import Store
    from govsm.store.result import SaveResult


@frozen
class LoadResult:
    """What loading a workspace into its store changed.

    :param files: the archive files read.
    :param messages_read: messages found in them.
    :param inserted: rows inserted (organisation, units, people, profiles, policy, messages).
    :param updated: rows whose content changed.
    :param unchanged: rows already stored as they are.
    :param journal: what replaying the governance journals did.
    :param problems: the lines and files of the archives that could not be read (with their
        place relative to the workspace); everything else was loaded.
    :param skipped: the archive files left unread, unchanged since the last load into this
        store (:mod:`govsm.workspace.load_skips`); :attr:`files` are those read.
    """

    files: tuple[Path, ...]
    messages_read: int
    inserted: int
    updated: int
    unchanged: int
    journal: ReplayResult = attrs.field(factory=ReplayResult)
    problems: tuple[ImportProblem, ...] = ()
    skipped: tuple[Path, ...] = ()


def _scan(config: WorkspaceConfig, patterns: Iterable[str]) -> tuple[list[Path], list[Path]]:
    """The files the glob ``patterns`` match: those readable, and those leading out.

    Each pattern's matches are sorted, each file listed once. A match that is, or whose folder
    is, a link pointing out of the workspace and the ``[paths] allow`` folders goes to the
    second list and is not read. (The loader already refused patterns starting outside them.)
    """
    folders = config.readable_folders
    inside: dict[Path, None] = {}
    outside: dict[Path, None] = {}
    for pattern in patterns:
        for path in matches(config.root, pattern):
            (inside if readable(path, folders) else outside).setdefault(path, None)
    return list(inside), list(outside)


def archive_files(config: WorkspaceConfig) -> list[Path]:
    """The files ``[archives]`` names, sorted, each once (messages first, then drafts)."""
    return _scan(config, (*config.archives.messages, *config.archives.drafts))[0]


def journal_files(config: WorkspaceConfig) -> list[Path]:
    """The governance journals ``[archives] governance`` names, sorted, each once."""
    return _scan(config, config.archives.governance)[0]


def _stored_record(store: Store, organisation: str) -> GovernanceRecord | None:
    """The organisation's governance record, or ``None`` before its first load."""
    if organisation not in {o.id for o in store.organisations()}:
        return None
    return fold(organisation, store.audit_entries(organisation))


def _keep_recorded(
    store: Store, snapshot: OrganisationSnapshot, record: GovernanceRecord | None
) -> OrganisationSnapshot:
    """The snapshot, with the state and unit the governance API recorded kept.

    ``govsm.toml`` declares each profile's state. When the API changed a profile after the file
    last declared it (a transition, a transfer, a retirement), and the file still declares what
    it declared then, the recorded change stands: loading the same file again must not undo it.
    A new declaration in the file is saved (and recorded) as usual. The governance audit step
    reports a profile whose record and declaration differ.
    """
    if record is None:
        return snapshot
    stored = {p.id: p for p in store.profiles(snapshot.organisation.id)}
    kept: list[Profile] = []
    for profile in snapshot.profiles:
        history = record.profiles.get(profile.id)
        current = stored.get(profile.id)
        if (
            history is not None
            and current is not None
            and history.changed_seq > history.declared_seq
            and history.declared is profile.state
        ):
            profile = attrs.evolve(
                profile, state=current.state, state_since=current.state_since, unit=current.unit
            )
        kept.append(profile)
    return attrs.evolve(snapshot, profiles=tuple(kept))


def _keep_governed_state(store: Store, organisation: str, message: Message) -> Message:
    """An imported draft, with the approval state the governance API gave it.

    A draft file says ``state = "draft"``; once the message was submitted or approved through
    the API, importing the same file again must not undo that. If the file's content changed,
    it is an edit: the stored approvals no longer match (they bind a content digest), so the
    message goes back to draft and must be submitted again.
    """
    stored = store.message(organisation, message.id)
    if stored is None or message.direction is not Direction.OUTBOUND:
        return message
    if content_digest(stored) == content_digest(message):
        return attrs.evolve(message, state=stored.state, author=stored.author or message.author)
    if stored.state in _SENT_BACK_ON_EDIT:
        return attrs.evolve(message, state=MessageState.DRAFT)
    return message


#: states an imported edit sends back to draft
_SENT_BACK_ON_EDIT = frozenset(
    {MessageState.PENDING_APPROVAL, MessageState.APPROVED, MessageState.SCHEDULED}
)


def importer_for(path: Path, importers: Mapping[str, Importer]) -> Importer:
    """The importer that reads ``path``.

    :raises ConfigError: none does — saying so plainly when some importer takes files with
        that name's ending but none recognised this one's content (a ``.zip`` that is neither
        X's archive nor another platform's).
    """
    for importer in importers.values():
        if importer.accepts(path):
            return importer
    named = sorted(
        i.name for i in importers.values() if any(path.name.endswith(s) for s in i.suffixes)
    )
    if named:
        _raise_if_damaged(path)
        raise ConfigError(
            f"ningún importador reconoce el contenido de este fichero (lo intentaron: "
            f"{', '.join(named)})",
            f"no importer recognises this file's content (tried: {', '.join(named)})",
            where=str(path),
        )
    suffixes = ", ".join(sorted({s for i in importers.values() for s in i.suffixes}))
    raise ConfigError(
        f"ningún importador lee este tipo de fichero (se leen: {suffixes}); si es el archivo "
        "de una red, instale el complemento que lo importa (govsm plugins lista los importadores)",
        f"no importer reads this kind of file (readable: {suffixes}); if it is a network's "
        "archive, install the plugin that imports it (govsm plugins lists the importers)",
        where=str(path),
    )


def _raise_if_damaged(path: Path) -> None:
    """Raise the reading layer's error when ``path`` is a zip or tar archive that is damaged.

    An importer's sniffer says no to a truncated archive, whose directory it cannot read; the
    person importing it must hear that the archive is damaged, and where, not that it is of no
    known kind.
    """
    if archive_kind(path) is None:
        return
    with open_archive(path):  # raises ArchiveError naming the archive and the damage
        pass


def load_into_store(
    config: WorkspaceConfig,
    store: Store,
    host: PluginHost,
    progress: Progress | None = None,
    *,
    reuse: bool = True,
) -> LoadResult:
    """Save the workspace's snapshot and import its archives, idempotently.

    An archive file unchanged since the last load into this store is left unread
    (:mod:`govsm.workspace.load_skips` says when); ``reuse=False`` reads every file.

    Profiles whose lifecycle state is new or changed fire
    :func:`~govsm.spec.hookspecs.govsm_profile_status_changed`; inbound messages stored for the
    first time fire :func:`~govsm.spec.hookspecs.govsm_inbound_received`. The same changes are
    recorded in the organisation's audit log (``profile.registered``, ``profile.state_changed``),
    in the snapshot's transaction: a second load of an unchanged workspace records nothing.
    """
    progress = progress or NoProgress()
    organisation = config.snapshot.organisation.id
    declared = save_declared(config, store, host)
    saved, snapshot, record = declared.saved, declared.snapshot, declared.record
    profiles: dict[str, Profile] = {p.id: p for p in snapshot.profiles}
    importers = host.importers()
    archives = config.archives
    files, archives_out = _scan(config, (*archives.messages, *archives.drafts))
    journals, journals_out = _scan(config, archives.governance)
    problems: list[ImportProblem] = [
        ImportProblem(
            _shown(path, config.root),
            Bilingual(
                es="es un enlace que sale del espacio de trabajo: no se lee",
                en="is a link leading out of the workspace: not read",
            ),
        )
        for path in (*archives_out, *journals_out)
    ]
    plan: list[tuple[Path, Importer]] = []
    for path in files:
        try:
            plan.append((path, importer_for(path, importers)))
        except ConfigError as exc:  # no importer installed reads it: named, the rest loads
            problems.append(
                ImportProblem(_shown(path, config.root), Bilingual(es=exc.es, en=exc.en))
            )
    counter = {"read": 0}
    # the messages the governance API drafted, edited or submitted
    touched = frozenset(record.writers) | frozenset(record.submissions) if record else frozenset()

    limits = config.limits
    context = ImportContext(organisation, limits, tuple(snapshot.profiles))
    contexts: dict[str, str] = {}
    for _, importer in plan:
        if importer.name not in contexts:
            contexts[importer.name] = reading_context(importer, context)
    skips = plan_skips(
        store,
        organisation,
        [(path, _shown(path, config.root), contexts[i.name]) for path, i in plan],
        enabled=reuse,
    )
    plan = [(path, importer) for path, importer in plan if path not in skips.skipped]
    if plan:  # a load that stops half-way must leave no fingerprint to trust
        LoadedFiles(store).forget(organisation)
    read_cleanly: list[str] = []  # shown paths of the files read without a problem
    progress.start("Importing archives / Importando archivos", len(plan))

    def governed(message: Message) -> Message:
        if message.id in touched:
            return _keep_governed_state(store, organisation, message)
        return message

    def messages() -> Iterator[Message | Imported]:
        for path, importer in plan:
            shown = _shown(path, config.root)
            before = len(problems)
            for item in read_file(importer, path, shown, context, problems.append, governed):
                counter["read"] += 1
                yield item
            if len(problems) == before:
                read_cleanly.append(shown)
            progress.advance()

    def on_new(message: Message) -> None:
        if message.direction is Direction.INBOUND and message.profile in profiles:
            host.inbound_received(message, profiles[message.profile])

    stored = store.save_messages(organisation, messages(), on_new=on_new)
    replayed = ReplayResult()
    if journals:
        governance = Governance(store, organisation, host.channels())
        replayed = replay(
            governance,
            journals,
            shown=lambda p: _shown(p, config.root),
            limits=limits,
        )
    _keep_fingerprints(store, organisation, skips, plan, read_cleanly, config.root)
    return LoadResult(
        files=tuple(path for path in files if path not in skips.skipped),
        skipped=tuple(path for path in files if path in skips.skipped),
        messages_read=counter["read"],
        inserted=saved.inserted + stored.inserted,
        updated=saved.updated + stored.updated,
        unchanged=saved.unchanged + stored.unchanged,
        journal=replayed,
        problems=tuple(problems),
    )


def _keep_fingerprints(
    store: Store,
    organisation: str,
    skips: SkipPlan,
    plan: list[tuple[Path, Importer]],
    read_cleanly: list[str],
    root: Path,
) -> None:
    """Keep the fingerprints the next load compares with, and the store's mark as now.

    Those of the files left unread, and of those read without a problem and not written to
    while they were read.
    """
    shown = {_shown(path, root): path for path, _ in plan}
    shown.update({_shown(path, root): path for path in skips.skipped})
    clean = set(read_cleanly) | {_shown(path, root) for path in skips.skipped}
    kept = {
        name: found
        for name, found in skips.fingerprints.items()
        if found is not None and name in clean and unchanged_since(shown[name], found)
    }
    if plan:  # the record was dropped before the messages were written
        LoadedFiles(store).keep(organisation, kept, replacing=None)
    else:  # nothing written: the store must be as it was when the files were compared
        LoadedFiles(store).keep(organisation, kept, replacing=skips.record, unchanged=skips.mark)


@frozen
class Declared:
    """What :func:`save_declared` saved: the snapshot as stored and the record it was read with.

    :param saved: what saving the snapshot changed.
    :param snapshot: the declared snapshot, with the state the governance API recorded kept.
    :param record: the organisation's governance record before the save (``None`` on the
        first load).
    """

    saved: SaveResult
    snapshot: OrganisationSnapshot
    record: GovernanceRecord | None


def save_declared(config: WorkspaceConfig, store: Store, host: PluginHost) -> Declared:
    """Save what ``govsm.toml`` declares (organisation, units, people, profiles, policy).

    The record is read and the declared state saved in one locked transaction: a decision
    another process records meanwhile waits, and is never overwritten by the declaration.
    Profiles whose lifecycle state is new or changed are recorded in the audit log and fire
    :func:`~govsm.spec.hookspecs.govsm_profile_status_changed` once committed.
    """
    organisation = config.snapshot.organisation.id
    now = datetime.now(UTC)
    with store.serialised(organisation):
        record = _stored_record(store, organisation)
        snapshot = _keep_recorded(store, config.snapshot, record)
        profiles: dict[str, Profile] = {p.id: p for p in snapshot.profiles}
        saved = store.save_snapshot(
            snapshot,
            audit=lambda result: state_change_events(result.state_changes, profiles, now),
        )
    for change in saved.state_changes:
        host.profile_status_changed(
            profiles[change.profile], change.old, change.new, "workspace", "govsm.toml"
        )
    return Declared(saved, snapshot, record)


def read_file(
    importer: Importer,
    path: Path,
    shown: str,
    context: ImportContext,
    problem: Callable[[ImportProblem], None],
    adjust: Callable[[Message], Message] = lambda message: message,
) -> Iterator[Message | Imported]:
    """The messages ``importer`` reads from ``path``, within the workspace's limits.

    Every line or record that cannot be taken goes to ``problem`` instead, its place shown as
    ``shown`` (the path relative to the workspace): a file over ``file_bytes`` (not opened),
    records past ``records``, a message over ``text_bytes`` or ``field_bytes``, a message of a
    profile the organisation does not have, the importer's own problems, and an importer that
    stops (a :class:`~govsm.errors.GovsmError`: the rest of the file is lost) or fails (a
    plugin's bug, named with the importer). An
    :class:`~govsm.spec.importer.Imported` item keeps the network's own record with its message.

    :param adjust: applied to each message before it is yielded (the governed state of a
        draft the governance API touched).
    """
    limits = context.limits
    known = {p.id for p in context.profiles}
    too_large = _file_problem(path, shown, limits)
    if too_large is not None:
        problem(too_large)
        return
    try:
        for records, read in enumerate(importer.items(path, context), 1):
            item = read.message if isinstance(read, Imported) else read
            if records > limits.records:  # the reader's own word on it, else ours
                problem(
                    _relative(item, path, shown)
                    if isinstance(item, ImportProblem)
                    else _too_many_records(shown, limits)
                )
                break
            if isinstance(item, ImportProblem):
                problem(_relative(item, path, shown))
                continue
            if known and item.profile not in known:  # a reader that could not tell the line
                problem(unknown_profile(f"{shown}: {item.id}", item.profile))
                continue
            oversized = message_problem(item, limits)
            if oversized is not None:
                problem(_refused(item, shown, oversized))
                continue
            adjusted = adjust(item)
            if isinstance(read, Imported):
                # the network's own record goes to the store with its message (the item as
                # read when nothing changed it: every message of a network's archive)
                yield read if adjusted is item else attrs.evolve(read, message=adjusted)
            else:
                yield adjusted
    except GovsmError as exc:  # the importer stopped: the rest of this file is lost
        where = _shown_where(exc.where, path, shown) if exc.where else shown
        problem(ImportProblem(where, Bilingual(es=exc.es, en=exc.en)))
    except Exception as exc:  # a plugin's bug: name the importer, go on with the others
        problem(_importer_failed(importer, shown, exc))


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _shown_where(where: str, path: Path, shown: str) -> str:
    return shown + where[len(str(path)) :] if where.startswith(str(path)) else where


def _relative(problem: ImportProblem, path: Path, shown: str) -> ImportProblem:
    return ImportProblem(_shown_where(problem.where, path, shown), problem.message)


def _file_problem(path: Path, shown: str, limits: Limits) -> ImportProblem | None:
    """A problem when the file is over ``limits.file_bytes`` (it is then not opened)."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # the importer names what is wrong when it opens it
    if size <= limits.file_bytes:
        return None
    problem = size_problem(size, limits.file_bytes, "file_bytes", "el fichero", "the file")
    return ImportProblem(
        shown,
        Bilingual(es=f"{problem.es}: no se lee", en=f"{problem.en}: not read"),
    )


def _too_many_records(shown: str, limits: Limits) -> ImportProblem:
    return ImportProblem(
        shown,
        Bilingual(
            es=f"el fichero pasa de {limits.records} registros ([limits] records): no se lee más",
            en=f"the file has more than {limits.records} records ([limits] records): "
            "read no further",
        ),
    )


def _refused(message: Message, shown: str, problem: Bilingual) -> ImportProblem:
    return ImportProblem(
        f"{shown}: {message.id}",
        Bilingual(es=f"{problem.es}: no se carga", en=f"{problem.en}: not loaded"),
    )


def _importer_failed(importer: Importer, shown: str, exc: Exception) -> ImportProblem:
    reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    return ImportProblem(
        shown,
        Bilingual(
            es=f"el importador «{importer.name}» falló con este fichero ({reason}); "
            "el resto del fichero no se cargó",
            en=f"importer '{importer.name}' failed on this file ({reason}); "
            "the rest of the file was not loaded",
        ),
    )
