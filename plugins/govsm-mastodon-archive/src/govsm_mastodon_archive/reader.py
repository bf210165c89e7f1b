"""Reading Mastodon's archive: the account, then every status, as it comes.

:func:`read_in_context` is the importer: it opens the archive safely
(:func:`govsm.reading.archive_members.open_archive`: a zip, or an older server's ``.tar.gz``),
reads whose archive it is (``actor.json``) and which profile of the workspace that is, then
streams ``outbox.json`` item by item, yielding for each status an :class:`~govsm.spec.Imported`
— the message and Mastodon's record of it, byte for byte — or an
:class:`~govsm.spec.ImportProblem` naming the member and the byte where the item starts. A
truncated or damaged ``outbox.json`` ends with a problem naming the byte reached; the statuses
before it are kept. Memory does not grow with the number of statuses.

:func:`read` is the same for a host that knows neither the profiles nor originals: it yields
the messages alone, for the profile ``mastodon-<username>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from govsm.errors import ConfigError, GovsmError
from govsm.model import Bilingual, Message
from govsm.reading.archive_members import Archive, ArchiveError, open_archive
from govsm.spec.importer import ImportContext, Imported, ImportProblem, unwrap
from govsm.spec.limits import Limits
from govsm_mastodon_archive.actor import (
    MASTODON_CHANNELS,
    Account,
    account_from,
    derived_profile,
    matching_profiles,
)
from govsm_mastodon_archive.json_stream import RawItem, ordered_items, whole_document
from govsm_mastodon_archive.layout import Layout, find_layout
from govsm_mastodon_archive.statuses import status_message


def read(path: Path, organisation: str, limits: Limits) -> Iterator[Message | ImportProblem]:
    """The messages of the archive at ``path`` (see :func:`read_in_context`).

    They go to the profile ``mastodon-<username>``.

    :param path: the archive.
    :param organisation: the organisation's id.
    :param limits: the workspace's limits.
    """
    for item in read_in_context(path, ImportContext(organisation, limits)):
        yield unwrap(item)


def read_in_context(
    path: Path, context: ImportContext
) -> Iterator[Message | Imported | ImportProblem]:
    """Each status of the archive at ``path`` with Mastodon's record of it, or a problem.

    :param path: the archive Mastodon gave (``.zip``, or ``.tar.gz``).
    :param context: the organisation, its limits and profiles. With profiles, the archive's
        account must be one of them (a profile of channel ``mastodon`` with its handle or
        address); without, the statuses go to the profile ``mastodon-<username>``.
    """
    archive_name = str(path)
    try:
        archive = open_archive(path, context.limits, shown=archive_name)
    except ArchiveError as exc:
        yield _problem(exc, archive_name)
        return
    with archive:
        layout = find_layout(archive.names())
        if layout.outbox is None:
            yield ImportProblem(
                archive_name,
                Bilingual(
                    es="no es un archivo de Mastodon: no tiene «outbox.json»",
                    en="is not a Mastodon archive: it has no 'outbox.json'",
                ),
            )
            return
        account: Account | None = None
        if layout.actor is not None:
            account, problem = _account(archive, layout.actor, context.limits)
            if problem is not None:
                yield problem
        profile = _profile(account, context, archive_name)
        if isinstance(profile, ImportProblem):
            yield profile
            return
        assert account is not None
        yield from _statuses(archive, layout, context, profile, account)


def _problem(exc: ConfigError, fallback: str) -> ImportProblem:
    return ImportProblem(exc.where or fallback, Bilingual(es=exc.es, en=exc.en))


def _account(
    archive: Archive, member: str, limits: Limits
) -> tuple[Account | None, ImportProblem | None]:
    """The account ``actor.json`` names, or the problem that stopped its reading."""
    try:
        with archive.open(member) as stream:
            data = whole_document(stream, archive.shown, member, limits)
    except ArchiveError as exc:
        return None, _problem(exc, f"{archive.shown}!{member}")
    return account_from(data), None


def _profile(account: Account | None, context: ImportContext, archive: str) -> str | ImportProblem:
    """The workspace's profile the statuses are of, or why it cannot be told."""
    if account is None:
        return ImportProblem(
            archive,
            Bilingual(
                es="no se sabe de qué cuenta es el archivo: falta «actor.json» o no dice el "
                "nombre de usuario («preferredUsername»); no se carga",
                en="whose archive it is cannot be told: 'actor.json' is missing or names no "
                "username ('preferredUsername'); not loaded",
            ),
        )
    if not context.profiles:
        return derived_profile(account.username)
    matched = matching_profiles(account, context.profiles)
    if len(matched) == 1:
        return matched[0].id
    if matched:
        ids = ", ".join(p.id for p in matched)
        es = f"varios perfiles de Mastodon son {account.handle} ({ids}): no se sabe a cuál cargarlo"
        en = (
            f"several Mastodon profiles are {account.handle} ({ids}): which one to load it "
            "into cannot be told"
        )
    else:
        handles = ", ".join(
            sorted(p.handle for p in context.profiles if p.channel in MASTODON_CHANNELS)
        )
        es = (
            f"el archivo es de la cuenta {account.handle} y ningún perfil del canal «mastodon» "
            f"tiene ese nombre ni esa dirección (hay: {handles or 'ninguno'}); declárelo en "
            "govsm.toml"
        )
        en = (
            f"the archive is account {account.handle}'s and no profile of channel 'mastodon' "
            f"has that handle or address (there are: {handles or 'none'}); declare it in "
            "govsm.toml"
        )
    return ImportProblem(archive, Bilingual(es=f"{es}; no se carga", en=f"{en}; not loaded"))


def _items(
    archive: Archive, member: str, limits: Limits
) -> Iterator[tuple[RawItem, None] | tuple[None, ImportProblem]]:
    """The items of ``outbox.json``, or the problem that stopped its reading."""
    try:
        with archive.open(member) as stream:
            for item in ordered_items(stream, archive.shown, member, limits):
                yield item, None
    except ArchiveError as exc:
        yield None, _problem(exc, f"{archive.shown}!{member}")


def _statuses(
    archive: Archive, layout: Layout, context: ImportContext, profile: str, account: Account
) -> Iterator[Imported | ImportProblem]:
    member = layout.outbox
    assert member is not None

    def size_of(path: str) -> int | None:
        found = archive.member(layout.member(path))
        return found.size if found is not None else None

    for item, problem in _items(archive, member, context.limits):
        if problem is not None:
            yield problem
            continue
        assert item is not None
        try:
            message = status_message(
                item.data,
                organisation=context.organisation,
                profile=profile,
                account=account,
                size_of=size_of,
            )
        except GovsmError as exc:  # a record not of a status, or a value the model refuses
            yield ImportProblem(
                f"{archive.shown}!{member}@{item.offset}",
                Bilingual(es=f"{exc.es}; no se carga", en=f"{exc.en}; not loaded"),
            )
            continue
        yield Imported(message, item.raw, f"{archive.path.name}!{member}@{item.offset}")
