"""Reading X's archive: the account, the long posts, then every tweet, as it comes.

:func:`read_in_context` is the importer: it opens the zip safely
(:func:`govsm.reading.archive_members.open_archive`), reads whose archive it is
(``data/account.js``) and which profile of the workspace that is, keeps the long posts' whole
texts (``data/note-tweet.js``, a few thousand at most), then streams ``data/tweets.js`` and its
parts item by item, yielding for each tweet an :class:`~govsm.spec.Imported` — the message and
X's record of it, byte for byte — or an :class:`~govsm.spec.ImportProblem` naming the member and
the byte where the item starts. Memory does not grow with the number of tweets.

:func:`read` is the same for a host that knows neither the profiles nor originals: it yields
the messages alone, for the profile ``x-<username>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from govsm.errors import ConfigError, GovsmError
from govsm.model import Bilingual, Message
from govsm.reading.archive_members import Archive, ArchiveError, open_archive
from govsm.spec.importer import ImportContext, Imported, ImportProblem, unwrap
from govsm.spec.limits import Limits
from govsm_x_archive.account import Account, account_from, derived_profile, matching_profiles
from govsm_x_archive.layout import Layout, find_layout
from govsm_x_archive.notes import Note, NoteIndex, note_from
from govsm_x_archive.tweets import read_tweet, tweet_message
from govsm_x_archive.ytd import RawItem, ytd_items


def read(path: Path, organisation: str, limits: Limits) -> Iterator[Message | ImportProblem]:
    """The messages of the archive at ``path`` (see :func:`read_in_context`), for ``x-<username>``.

    :param path: the zip.
    :param organisation: the organisation's id.
    :param limits: the workspace's limits.
    """
    for item in read_in_context(path, ImportContext(organisation, limits)):
        yield unwrap(item)


def read_in_context(
    path: Path, context: ImportContext
) -> Iterator[Message | Imported | ImportProblem]:
    """Each tweet of the archive at ``path`` with X's record of it, or a problem.

    :param path: the zip X gave.
    :param context: the organisation, its limits and profiles. With profiles, the archive's
        account must be one of them (a profile of channel ``x`` with its handle or address);
        without, the posts go to the profile ``x-<username>``.
    """
    archive_name = str(path)
    try:
        archive = open_archive(path, context.limits, shown=archive_name)
    except ArchiveError as exc:
        yield _problem(exc, archive_name)
        return
    with archive:
        layout = find_layout(archive.names())
        if not layout.tweets:
            yield ImportProblem(
                archive_name,
                Bilingual(
                    es="no es un archivo de X: no tiene «data/tweets.js»",
                    en="is not an X archive: it has no 'data/tweets.js'",
                ),
            )
            return
        account: Account | None = None
        if layout.account is not None:
            account, problems = _account(archive, layout.account, context.limits)
            yield from problems
        profile = _profile(account, context, archive_name, layout)
        if isinstance(profile, ImportProblem):
            yield profile
            return
        notes = NoteIndex()
        for member in layout.notes:
            yield from _notes(archive, member, context.limits, notes)
        for member in layout.tweets:
            yield from _tweets(
                archive, member, context, profile, account.username if account else None, notes
            )


def _problem(exc: ConfigError, fallback: str) -> ImportProblem:
    return ImportProblem(exc.where or fallback, Bilingual(es=exc.es, en=exc.en))


def _place(archive: Archive, member: str, offset: int) -> str:
    return f"{archive.shown}!{member}@{offset}"


def _items(
    archive: Archive, member: str, limits: Limits
) -> Iterator[tuple[RawItem, None] | tuple[None, ImportProblem]]:
    """The items of one ``window.YTD`` member, or the problem that stopped its reading."""
    try:
        with archive.open(member) as stream:
            for item in ytd_items(stream, archive.shown, member, limits):
                yield item, None
    except ArchiveError as exc:
        yield None, _problem(exc, f"{archive.shown}!{member}")


def _account(
    archive: Archive, member: str, limits: Limits
) -> tuple[Account | None, list[ImportProblem]]:
    problems: list[ImportProblem] = []
    for item, problem in _items(archive, member, limits):
        if problem is not None:
            problems.append(problem)
        elif item is not None:
            found = account_from(item.data)
            if found is not None:
                return found, problems
    return None, problems


def _profile(
    account: Account | None, context: ImportContext, archive: str, layout: Layout
) -> str | ImportProblem:
    """The workspace's profile the posts are of, or why it cannot be told."""
    if account is None:
        return ImportProblem(
            archive,
            Bilingual(
                es="no se sabe de qué cuenta es el archivo: falta «data/account.js» o no dice "
                "el nombre de usuario; no se carga",
                en="whose archive it is cannot be told: 'data/account.js' is missing or names "
                "no username; not loaded",
            ),
        )
    if not context.profiles:
        return derived_profile(account.username)
    matched = matching_profiles(account.username, context.profiles)
    if len(matched) == 1:
        return matched[0].id
    handles = ", ".join(sorted(p.handle for p in context.profiles if p.channel in {"x", "twitter"}))
    if matched:
        es = (
            f"varios perfiles de X son @{account.username} "
            f"({', '.join(p.id for p in matched)}): no se sabe a cuál cargarlo"
        )
        en = (
            f"several X profiles are @{account.username} "
            f"({', '.join(p.id for p in matched)}): which one to load it into cannot be told"
        )
    else:
        es = (
            f"el archivo es de la cuenta @{account.username} y ningún perfil del canal «x» "
            f"tiene ese nombre (hay: {handles or 'ninguno'}); declárelo en govsm.toml"
        )
        en = (
            f"the archive is account @{account.username}'s and no profile of channel 'x' has "
            f"that handle (there are: {handles or 'none'}); declare it in govsm.toml"
        )
    return ImportProblem(archive, Bilingual(es=f"{es}; no se carga", en=f"{en}; not loaded"))


def _notes(
    archive: Archive, member: str, limits: Limits, notes: NoteIndex
) -> Iterator[ImportProblem]:
    for item, problem in _items(archive, member, limits):
        if problem is not None:
            yield problem
            continue
        assert item is not None
        where = _place(archive, member, item.offset)
        if len(notes) >= limits.records:
            yield ImportProblem(
                where,
                Bilingual(
                    es=f"pasa de {limits.records} publicaciones largas ([limits] records): "
                    "no se leen más",
                    en=f"more than {limits.records} long posts ([limits] records): read no further",
                ),
            )
            return
        note = note_from(item.data, item.raw, f"{archive.path.name}!{member}@{item.offset}")
        if note is None:
            yield ImportProblem(
                where,
                Bilingual(
                    es='no es una publicación larga con texto y fecha ({"noteTweet": …})',
                    en='is not a long post with a text and a date ({"noteTweet": …})',
                ),
            )
            continue
        notes.add(note)


def _tweets(
    archive: Archive,
    member: str,
    context: ImportContext,
    profile: str,
    username: str | None,
    notes: NoteIndex,
) -> Iterator[Imported | ImportProblem]:
    for item, problem in _items(archive, member, context.limits):
        if problem is not None:
            yield problem
            continue
        assert item is not None
        where = _place(archive, member, item.offset)
        try:
            tweet = read_tweet(item.data)
            note = notes.take(tweet.moment, tweet.own)
            message = tweet_message(
                tweet,
                organisation=context.organisation,
                profile=profile,
                username=username,
                note=note,
            )
        except GovsmError as exc:  # a record not of a tweet, or a value the model refuses
            yield ImportProblem(
                exc.where or where,
                Bilingual(es=f"{exc.es}; no se carga", en=f"{exc.en}; not loaded"),
            )
            continue
        yield _imported(message, item, archive, member, note)


def _imported(
    message: Message, item: RawItem, archive: Archive, member: str, note: Note | None
) -> Imported:
    """The message with X's record of it: the tweet's, and its note's when it has one.

    A long post's original is a JSON array of the two records, each exactly as the archive has
    it: the tweet's, a comma, a line break and the note's, in brackets.
    """
    source = f"{archive.path.name}!{member}@{item.offset}"
    if note is None:
        return Imported(message, item.raw, source)
    return Imported(
        message, b"[" + item.raw + b",\n" + note.original + b"]", f"{source} + {note.source}"
    )
