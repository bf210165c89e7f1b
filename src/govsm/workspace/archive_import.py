"""Importing one archive on demand (``govsm import``): all of it in one transaction, or nothing.

``govsm audit`` loads the archives ``govsm.toml`` lists, file after file, keeping what it can
read. An archive a council downloads from a network (X's ``.zip``, Mastodon's) is imported
once, on purpose, with :func:`import_archive`: the importer that recognises the file reads it
as a stream, and every message — with the network's own record of it, when the importer keeps
one — is written in **one transaction**. A truncated or corrupt archive, a record that cannot
be read, or a message over the workspace's limits leaves the store as it was, and the result
names each problem with its file and position. ``keep_going`` imports what could be read
instead. Importing the same archive again adds nothing: messages are saved by their stable ids,
and an unchanged one is not written.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
from attrs import frozen

from govsm.errors import ConfigError
from govsm.model import Bilingual, Message
from govsm.spec.importer import ImportContext, Imported, ImportProblem
from govsm.spec.progress import NoProgress, Progress
from govsm.store.loaded_files import LoadedFiles
from govsm.workspace import reading_aside
from govsm.workspace.config import WorkspaceConfig
from govsm.workspace.importing import importer_for, read_file, save_declared

if TYPE_CHECKING:
    from govsm.plugins import PluginHost
    from govsm.store import Store


@frozen
class ImportResult:
    """What importing one archive did.

    :param path: the archive.
    :param importer: the name of the importer that read it.
    :param read: messages read from it within the limits.
    :param originals: how many of them came with the network's own record of the item.
    :param inserted: messages that were not in the store.
    :param updated: messages stored before with other content.
    :param unchanged: messages already stored as they are (all of them, on a second import).
    :param problems: what could not be read, each with its file and position.
    :param written: whether the messages were saved: ``False`` after a dry run, and when a
        problem rolled the import back.
    """

    path: Path
    importer: str
    read: int
    originals: int
    inserted: int
    updated: int
    unchanged: int
    problems: tuple[ImportProblem, ...]
    written: bool


class _RollBack(Exception):
    """Raised inside the import's transaction to undo it."""


def import_archive(
    config: WorkspaceConfig,
    store: Store,
    host: PluginHost,
    path: Path,
    *,
    profile: str | None = None,
    keep_going: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    read_aside: bool = False,
) -> ImportResult:
    """Import ``path`` into the workspace's store in one transaction.

    What ``govsm.toml`` declares is saved first, as ``govsm audit`` saves it, so the archive's
    profiles exist in the store. The importer is chosen by the file's name and, among those
    sharing a suffix, by its content (:meth:`~govsm.spec.importer.Importer.accepts`).

    :param config: the workspace.
    :param store: its store.
    :param host: the plugin host whose importers read the file.
    :param path: the archive (it need not lie in the workspace).
    :param profile: the profile whose archive this is: the importer is told of this profile
        alone, and a message of another profile is a problem.
    :param keep_going: save what could be read even when some records could not be; by
        default any problem leaves the store as it was.
    :param dry_run: read and count, save nothing.
    :param progress: told of each message read (the total is unknown while streaming).
    :param read_aside: read the archive in a second process while this one writes
        (:mod:`govsm.workspace.reading_aside`), where that can run (Linux, two processors or
        more, no other thread); elsewhere it is read here. What is stored is the same either
        way. Off by default: it costs more CPU in all (every message crosses a pipe) and pays
        only with a processor to spare.
    :raises ConfigError: the file does not exist, no importer reads it, or ``profile`` is not
        one of the organisation's.
    :raises StoreError: the database failed, or a message names a profile the organisation
        does not have; nothing of the archive is written.
    """
    progress = progress or NoProgress()
    if not path.is_file():
        raise ConfigError(
            "no existe o no es un fichero", "does not exist or is not a file", where=str(path)
        )
    importer = importer_for(path, host.importers())
    profiles = config.snapshot.profiles
    if profile is not None:
        profiles = tuple(p for p in profiles if p.id == profile)
        if not profiles:
            raise ConfigError(
                f"el perfil «{profile}» no está en govsm.toml",
                f"profile '{profile}' is not in govsm.toml",
                where="--profile",
            )
    organisation = config.snapshot.organisation.id
    context = ImportContext(organisation, config.limits, profiles)
    problems: list[ImportProblem] = []
    counts = {"read": 0, "originals": 0}
    shown = str(path)

    def events() -> Generator[tuple[ImportProblem | None, Message | Imported | None], None, None]:
        """What reading the file finds, in order: each problem, and each item."""
        found: list[ImportProblem] = []
        for item in read_file(importer, path, shown, context, found.append):
            yield from ((problem, None) for problem in found)
            found.clear()
            yield None, item
        yield from ((problem, None) for problem in found)

    aside = read_aside and not dry_run and reading_aside.can_read_aside()
    source = reading_aside.read_aside(events) if aside else events()

    def items() -> Iterator[Message | Imported]:
        for problem, item in source:
            if problem is not None:
                problems.append(problem)
                continue
            assert item is not None
            message = item.message if isinstance(item, Imported) else item
            if profile is not None and message.profile != profile:
                problems.append(_other_profile(shown, message, profile))
                continue
            counts["read"] += 1
            counts["originals"] += isinstance(item, Imported)
            progress.advance()
            yield item

    progress.start(f"{importer.name}: {path.name}", None)
    if dry_run:
        for _ in items():
            pass
        return _result(path, importer.name, counts, problems, written=False)
    try:
        save_declared(config, store, host)
        # an archive is history: its inbound messages fire no govsm_inbound_received (a portal
        # or a webhook subscribed to arrivals would otherwise get years of them at once)
        # the messages it writes may be ones an archive file of the workspace holds: the next
        # load reads every file again rather than trust what it read before
        LoadedFiles(store).forget(organisation)
        with store.serialised(organisation):
            saved = store.save_messages(organisation, items())
            if problems and not keep_going:
                raise _RollBack
    except _RollBack:
        return _result(path, importer.name, counts, problems, written=False)
    finally:
        source.close()  # a child process still reading stops
    return attrs.evolve(
        _result(path, importer.name, counts, problems, written=True),
        inserted=saved.inserted,
        updated=saved.updated,
        unchanged=saved.unchanged,
    )


def _result(
    path: Path,
    importer: str,
    counts: dict[str, int],
    problems: list[ImportProblem],
    *,
    written: bool,
) -> ImportResult:
    return ImportResult(
        path=path,
        importer=importer,
        read=counts["read"],
        originals=counts["originals"],
        inserted=0,
        updated=0,
        unchanged=0,
        problems=tuple(problems),
        written=written,
    )


def _other_profile(shown: str, message: Message, profile: str) -> ImportProblem:
    return ImportProblem(
        f"{shown}: {message.id}",
        Bilingual(
            es=f"el mensaje es del perfil «{message.profile}», no de «{profile}» (--profile)",
            en=f"the message belongs to profile '{message.profile}', not '{profile}' (--profile)",
        ),
    )
