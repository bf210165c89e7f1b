r"""Reading a Meta export: whose it is, then every post, as it comes.

:func:`read_in_context` is both importers: it opens the archive safely
(:func:`govsm.reading.archive_members.open_archive`), finds the export's files
(:mod:`govsm_meta_archive.layout`), reads whose export it is and which profile of the workspace
that is (:mod:`govsm_meta_archive.profile_choice`), then streams each file of posts item by
item (:mod:`govsm_meta_archive.json_array`), yielding for each post an
:class:`~govsm.spec.Imported` — the message and Meta's record of it, byte for byte — or an
:class:`~govsm.spec.ImportProblem` naming the file and the byte where the item starts. Meta's
double-encoded UTF-8 is undone in what the message holds (:mod:`govsm_meta_archive.mojibake`);
the record is kept as Meta wrote it. A truncated or damaged file ends with a problem naming the
byte reached; the posts before it are kept. Memory does not grow with the number of posts.

An archive of the platform's export without any file of posts — a part of a split export
holding media or other files alone, or a download of other categories — gives nothing, and no
problem (``govsm import`` shows 0 messages read).

:func:`read` is the same for a host that knows neither the profiles nor originals: it yields
the messages alone, for the profile ``facebook-<user name>`` (or ``instagram-…``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from govsm.errors import ConfigError, GovsmError
from govsm.model import Bilingual, Message
from govsm.reading.archive_members import Archive, ArchiveError, open_archive
from govsm.spec.importer import ImportContext, Imported, ImportProblem, unwrap
from govsm.spec.limits import Limits
from govsm_meta_archive import facebook_posts, instagram_posts
from govsm_meta_archive.accounts import Account, facebook_account, instagram_account, page_account
from govsm_meta_archive.json_array import BadItem, array_items
from govsm_meta_archive.json_document import document
from govsm_meta_archive.layout import Layout, Platform, Stream, StreamKind, find_layout
from govsm_meta_archive.media import SizeOf
from govsm_meta_archive.mojibake import repaired
from govsm_meta_archive.profile_choice import choose_profile

#: the file of a Page's export that names the Page
_PAGE_FILE = "your_professional_dashboard_activity.json"
#: how many of its entries are looked at for the Page's name
_PAGE_ENTRIES = 50


def read(
    platform: Platform, path: Path, organisation: str, limits: Limits
) -> Iterator[Message | ImportProblem]:
    """The messages of the export at ``path`` (see :func:`read_in_context`).

    :param platform: Facebook or Instagram.
    :param path: the archive.
    :param organisation: the organisation's id.
    :param limits: the workspace's limits.
    """
    for item in read_in_context(platform, path, ImportContext(organisation, limits)):
        yield unwrap(item)


def read_in_context(
    platform: Platform, path: Path, context: ImportContext
) -> Iterator[Message | Imported | ImportProblem]:
    """Each post of the export at ``path`` with Meta's record of it, or a problem.

    :param platform: Facebook or Instagram.
    :param path: the zip Meta gave (or one part of a split export).
    :param context: the organisation, its limits and profiles.
    """
    shown = str(path)
    try:
        archive = open_archive(path, context.limits, shown=shown)
    except ArchiveError as exc:
        yield _problem(exc, shown)
        return
    with archive:
        layout = find_layout(platform, archive.names())
        if layout is None:
            yield ImportProblem(
                shown,
                Bilingual(
                    es=f"no es una exportación de {platform.shown} («Descargar tu información», "
                    "en JSON)",
                    en=f"is not an export of {platform.shown} ('Download your information', JSON)",
                ),
            )
            return
        if not layout.streams:  # a part of a split export: media, or other files alone
            return
        account = Account(platform)
        for member in layout.accounts:
            found = _account(archive, platform, member, context.limits)
            if isinstance(found, ImportProblem):
                yield found
            else:
                account = account.merged(found)
        profile = choose_profile(platform, account, path.name, context, shown)
        if isinstance(profile, ImportProblem):
            yield profile
            return
        for stream in layout.streams:
            yield from _posts(archive, layout, stream, context, profile)


def _problem(exc: ConfigError, fallback: str) -> ImportProblem:
    return ImportProblem(exc.where or fallback, Bilingual(es=exc.es, en=exc.en))


def _account(
    archive: Archive, platform: Platform, member: str, limits: Limits
) -> Account | ImportProblem:
    """What the file ``member`` says of the export's account, or why it cannot be read."""
    try:
        with archive.open(member) as stream:
            if member.endswith(_PAGE_FILE):
                entries = []
                for item in array_items(
                    stream, archive.shown, member, limits, members=frozenset({"prodash_activity"})
                ):
                    if not isinstance(item, BadItem):
                        entries.append(repaired(item.data))
                    if len(entries) >= _PAGE_ENTRIES or page_account(entries):
                        break
                return page_account(entries)
            data = repaired(document(stream, archive.shown, member, limits))
    except ArchiveError as exc:
        return _problem(exc, f"{archive.shown}!{member}")
    if platform is Platform.FACEBOOK:
        return facebook_account(data)
    return instagram_account(data)


def _message(
    platform: Platform,
    kind: StreamKind,
    data: object,
    context: ImportContext,
    profile: str,
    size_of: SizeOf,
) -> Message:
    """The message of one item of a file of ``kind``."""
    if platform is Platform.INSTAGRAM:
        return instagram_posts.post_message(
            data, kind, organisation=context.organisation, profile=profile, size_of=size_of
        )
    build = (
        facebook_posts.comment_message
        if kind is StreamKind.COMMENTS
        else facebook_posts.post_message
    )
    return build(data, organisation=context.organisation, profile=profile, size_of=size_of)


def _posts(
    archive: Archive, layout: Layout, stream: Stream, context: ImportContext, profile: str
) -> Iterator[Imported | ImportProblem]:
    """The messages of one file of posts, or the problems of its items and of the file."""

    def size_of(path: str) -> int | None:
        found = archive.member(layout.member(path))
        return found.size if found is not None else None

    member = stream.member
    try:
        with archive.open(member) as handle:
            for item in array_items(
                handle, archive.shown, member, context.limits, members=stream.members
            ):
                where = f"{archive.shown}!{member}@{item.offset}"
                if isinstance(item, BadItem):
                    yield ImportProblem(
                        where,
                        Bilingual(
                            es=f"{item.problem.es}; no se carga",
                            en=f"{item.problem.en}; not loaded",
                        ),
                    )
                    continue
                try:
                    message = _message(
                        layout.platform, stream.kind, repaired(item.data), context, profile, size_of
                    )
                except GovsmError as exc:  # not a post, or a value the model refuses
                    yield ImportProblem(
                        where, Bilingual(es=f"{exc.es}; no se carga", en=f"{exc.en}; not loaded")
                    )
                    continue
                yield Imported(message, item.raw, f"{archive.path.name}!{member}@{item.offset}")
    except ArchiveError as exc:
        yield _problem(exc, f"{archive.shown}!{member}")
