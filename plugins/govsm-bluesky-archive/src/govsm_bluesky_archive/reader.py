"""Reading a Bluesky repository export: the commit, its tree, then each post and repost.

:func:`read_in_context` is the importer. It reads the CAR file's header and goes through its
blocks once, noting where each is (:mod:`govsm_bluesky_archive.car`); reads the signed commit
(whose repository it is, :mod:`govsm_bluesky_archive.commit`) and which profile of the
workspace that is (:mod:`govsm_bluesky_archive.account`); then walks the repository's tree in
key order (:mod:`govsm_bluesky_archive.mst`), reading each post and repost where it is and
yielding an :class:`~govsm.spec.Imported` — the message, and the record's DAG-CBOR exactly as
the file holds it, with the byte where it starts — or an :class:`~govsm.spec.ImportProblem`.

A damaged file gives problems naming the file and the byte: one that is not a CAR, or whose
commit cannot be read, loads nothing; one cut short, or with damaged blocks, loads every
record that can be read whole and checked against its CID, and says what could not be read.
The first :data:`DETAILED` problems of the file's structure are reported one by one, the rest
in one count, so a file cut in half does not give a problem per lost post.

:func:`read` is the same for a host that knows neither the profiles nor originals: it yields
the messages alone, for the profile ``bluesky-<DID's own part>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from govsm.errors import ConfigError, GovsmError
from govsm.model import Bilingual, Message
from govsm.spec.importer import ImportContext, Imported, ImportProblem, unwrap
from govsm.spec.limits import Limits
from govsm_bluesky_archive.account import BLUESKY_CHANNELS, derived_profile, matching_profiles
from govsm_bluesky_archive.blocks import BlockError, Blocks
from govsm_bluesky_archive.car import CarError, Indexed, index_blocks, read_header
from govsm_bluesky_archive.commit import Commit, read_commit
from govsm_bluesky_archive.mst import Fetch, Leaf, walk
from govsm_bluesky_archive.posts import COLLECTIONS, record_message

#: what an original is: a record's DAG-CBOR
MEDIA_TYPE = "application/vnd.ipld.dag-cbor"
#: how many problems of a file's structure are reported one by one before they are counted
DETAILED = 10


def read(path: Path, organisation: str, limits: Limits) -> Iterator[Message | ImportProblem]:
    """The messages of the repository export at ``path`` (see :func:`read_in_context`).

    They go to the profile ``bluesky-<DID's own part>``.

    :param path: the CAR file.
    :param organisation: the organisation's id.
    :param limits: the workspace's limits.
    """
    for item in read_in_context(path, ImportContext(organisation, limits)):
        yield unwrap(item)


def read_in_context(
    path: Path, context: ImportContext
) -> Iterator[Message | Imported | ImportProblem]:
    """Each post and repost of the repository at ``path`` with its record, or a problem.

    :param path: the CAR file (``repo.car``).
    :param context: the organisation, its limits and profiles. With profiles, the repository's
        account must be one of them (a profile of channel ``bluesky`` that names its DID);
        without, the messages go to the profile ``bluesky-<DID's own part>``.
    """
    shown = str(path)
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield ImportProblem(
            shown,
            Bilingual(
                es=f"no se puede abrir ({exc.strerror or type(exc).__name__})",
                en=f"cannot be opened ({exc.strerror or type(exc).__name__})",
            ),
        )
        return
    with stream:
        yield from _read(stream, path, context)


def _problem(exc: ConfigError, fallback: str) -> ImportProblem:
    return ImportProblem(exc.where or fallback, Bilingual(es=exc.es, en=exc.en))


def _read(
    stream: IO[bytes], path: Path, context: ImportContext
) -> Iterator[Imported | ImportProblem]:
    shown = str(path)
    indexed: Indexed | None = None
    try:
        header = read_header(stream, shown)
        indexed = index_blocks(stream, header, shown)
        blocks = Blocks(stream, indexed.index, shown)
        commit = read_commit(blocks, header.roots[0])
    except CarError as exc:
        yield from _ending(indexed, shown)
        yield _problem(exc, shown)
        return
    profile = _profile(commit.did, context, shown)
    if isinstance(profile, ImportProblem):
        yield profile
        return
    tally = _Tally(shown)
    for found in walk(_nodes(blocks), commit.data, shown, COLLECTIONS):
        if isinstance(found, CarError):
            yield from tally.note(found)
        else:
            yield from _record(blocks, found, commit, context.organisation, profile, path, tally)
    yield from tally.summary()
    yield from _ending(indexed, shown)


def _nodes(blocks: Blocks) -> Fetch:
    """Reads a node of the tree from the file (see :data:`~govsm_bluesky_archive.mst.Fetch`)."""

    def fetch(cid: bytes) -> tuple[int, Any]:
        block, node = blocks.decoded(cid)
        return block.offset, node

    return fetch


def _record(
    blocks: Blocks,
    leaf: Leaf,
    commit: Commit,
    organisation: str,
    profile: str,
    path: Path,
    tally: _Tally,
) -> Iterator[Imported | ImportProblem]:
    """The message of one record, or the problem that keeps it out."""
    try:
        block = blocks.get(leaf.cid)
        record = blocks.decode(block)
    except BlockError as exc:
        yield from tally.note(exc, leaf.key)
        return
    try:
        message = record_message(
            leaf, record, did=commit.did, organisation=organisation, profile=profile
        )
    except GovsmError as exc:  # a record not of its kind, or a value the model refuses
        yield ImportProblem(
            f"{blocks.shown}@{block.offset}",
            Bilingual(
                es=f"{leaf.key}: {exc.es}; no se carga", en=f"{leaf.key}: {exc.en}; not loaded"
            ),
        )
        return
    yield Imported(message, block.data, f"{path.name}@{block.offset}", media_type=MEDIA_TYPE)


def _ending(indexed: Indexed | None, shown: str) -> Iterator[ImportProblem]:
    """Why the file could not be gone through to its end, and the entries skipped."""
    if indexed is None:
        return
    if indexed.stopped is not None:
        yield _problem(indexed.stopped, shown)
    skipped, first = indexed.unreadable
    if skipped:
        yield ImportProblem(
            shown,
            Bilingual(
                es=f"{skipped} bloques no empiezan por un CID legible y se omiten (el primero, "
                f"en el byte {first})",
                en=f"{skipped} blocks do not start with a readable CID and are skipped (the "
                f"first at byte {first})",
            ),
        )


class _Tally:
    """The problems of a file's structure: the first few one by one, then a count."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.reported = 0
        self.missing = 0
        self.other = 0

    def note(self, exc: CarError, key: str | None = None) -> Iterator[ImportProblem]:
        """Report ``exc`` (about the record ``key``, if given) or count it."""
        if self.reported < DETAILED:
            self.reported += 1
            problem = _problem(exc, self.shown)
            if key is not None:
                problem = ImportProblem(
                    problem.where,
                    Bilingual(
                        es=f"{key}: {exc.es}; no se carga", en=f"{key}: {exc.en}; not loaded"
                    ),
                )
            yield problem
        elif isinstance(exc, BlockError) and exc.missing:
            self.missing += 1
        else:
            self.other += 1

    def summary(self) -> Iterator[ImportProblem]:
        """One problem that counts what was not reported one by one."""
        if not self.missing and not self.other:
            return
        yield ImportProblem(
            self.shown,
            Bilingual(
                es=f"y {self.missing + self.other} problemas más de la estructura del fichero "
                f"({self.missing} bloques que no están en él, {self.other} dañados o mal "
                "formados): lo que dependía de ellos no se carga",
                en=f"and {self.missing + self.other} more problems of the file's structure "
                f"({self.missing} blocks not in it, {self.other} damaged or malformed): what "
                "depended on them is not loaded",
            ),
        )


def _profile(did: str, context: ImportContext, shown: str) -> str | ImportProblem:
    """The workspace's profile the repository is of, or why it cannot be told."""
    if not context.profiles:
        return derived_profile(did)
    matched = matching_profiles(did, context.profiles)
    if len(matched) == 1:
        return matched[0].id
    if matched:
        ids = ", ".join(p.id for p in matched)
        es = f"varios perfiles de Bluesky nombran {did} ({ids}): no se sabe a cuál cargarlo"
        en = (
            f"several Bluesky profiles name {did} ({ids}): which one to load it into cannot be told"
        )
    else:
        handles = ", ".join(
            sorted(p.handle for p in context.profiles if p.channel in BLUESKY_CHANNELS)
        )
        es = (
            f"el repositorio es de la cuenta {did} y ningún perfil del canal «bluesky» nombra "
            f"ese DID (hay: {handles or 'ninguno'}). Un repositorio nombra su cuenta solo por "
            "su DID: escríbalo en el perfil de govsm.toml, como «url = "
            f'"https://bsky.app/profile/{did}"» o como su «handle»'
        )
        en = (
            f"the repository is account {did}'s and no profile of channel 'bluesky' names that "
            f"DID (there are: {handles or 'none'}). A repository names its account only by its "
            "DID: write it in the profile in govsm.toml, as "
            f"'url = \"https://bsky.app/profile/{did}\"' or as its 'handle'"
        )
    return ImportProblem(shown, Bilingual(es=f"{es}; no se carga", en=f"{en}; not loaded"))
