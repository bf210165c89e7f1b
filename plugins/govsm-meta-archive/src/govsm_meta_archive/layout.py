r"""Where Meta's exports keep what govsm reads, layout by layout, and whether an archive is one.

Meta has moved the files of *Download your information* (JSON) several times. The layouts
govsm reads, each seen in exports described in public sources (see the plugin's manual page):

Facebook (a Page or a profile):

* ``posts/your_posts_<n>.json`` — the classic layout (to 2022);
* ``your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_<n>.json`` — 2023
  on, and the same under ``your_activity_across_facebook/``;
* ``this_profile's_activity_across_facebook/posts/profile_posts_<n>.json`` — 2025 on, the
  export of a Page (and of profiles);
* the comments the profile wrote: ``comments/comments.json`` (``{"comments": […]}``),
  ``comments_and_reactions/comments.json`` (``{"comments_v2": […]}``), and the latter under
  each folder above;
* whose export it is: ``profile_information/profile_information.json`` or
  ``personal_information/profile_information/profile_information.json``
  (``profile_v2``, or ``profile`` in the oldest), and, for a Page,
  ``logged_information/professional_dashboard/your_professional_dashboard_activity.json``
  (``prodash_activity[].page_name``).

Instagram:

* ``your_instagram_activity/content/posts_<n>.json`` (2024 on), the same under
  ``your_instagram_activity/media/``, and ``content/posts_<n>.json`` (2022–2023): an array of
  posts, each with its ``media``;
* stories, ``{"ig_stories": […]}``, in ``stories.json`` beside the posts; reels,
  ``{"ig_reels_media": […]}``, in ``reels.json`` beside them;
* the first exports (2018–2020): ``media.json``, ``{"photos": […], "videos": […]}``, with
  ``profile.json`` beside it;
* whose export it is: ``personal_information/personal_information/personal_information.json``,
  ``personal_information/personal_information.json`` or
  ``account_information/personal_information.json`` (``profile_user``), or ``profile.json``.

An archive someone unpacked and packed again one folder deeper is read the same way.

>>> layout = find_layout(Platform.FACEBOOK, [
...     "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_2.json",
...     "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
...     "personal_information/profile_information/profile_information.json",
...     "your_facebook_activity/posts/media/Fotos_123/1.jpg"])
>>> [stream.member for stream in layout.streams]  # doctest: +NORMALIZE_WHITESPACE
['your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json',
 'your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_2.json']
>>> layout.accounts
('personal_information/profile_information/profile_information.json',)
>>> find_layout(Platform.INSTAGRAM, ["export/content/posts_1.json"]).top
'export/'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from pathlib import Path

from attrs import frozen

from govsm.reading.archive_members import ArchiveError, ArchiveKind, archive_kind, open_archive


class Platform(enum.StrEnum):
    """Whose export: Facebook's or Instagram's (the channel of the profiles it goes to)."""

    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"

    @property
    def shown(self) -> str:
        """The platform's name as people write it (``Facebook``)."""
        return self.value.capitalize()


class StreamKind(enum.StrEnum):
    """What a file of posts holds."""

    POSTS = "posts"
    COMMENTS = "comments"
    STORIES = "stories"
    REELS = "reels"
    MEDIA_2018 = "media-2018"


@frozen
class Stream:
    """A file of the archive whose items are posts (or comments).

    :param member: the file's name in the archive.
    :param kind: what it holds.
    :param members: ``None`` when the file is an array of items; else the members of the
        file's object whose arrays hold them.
    """

    member: str
    kind: StreamKind
    members: frozenset[str] | None = None


@frozen
class Layout:
    """The files of one Meta export that govsm reads.

    :param platform: Facebook or Instagram.
    :param top: the folder the export's files are in (``""``, or one folder, ``export/``).
    :param streams: the files of posts and comments, in reading order.
    :param accounts: the files that say whose export it is, most telling first.
    """

    platform: Platform
    top: str = ""
    streams: tuple[Stream, ...] = ()
    accounts: tuple[str, ...] = ()

    def member(self, path: str) -> str:
        """The member's name for ``path``, a path relative to the export's folder."""
        return self.top + path


_FB_ROOT = (
    r"(?:your_facebook_activity/|your_activity_across_facebook/"
    r"|this_profile's_activity_across_facebook/)"
)
_FB_POSTS = re.compile(
    rf"{_FB_ROOT}?posts/(?:your_posts|your_posts__check_ins__photos_and_videos|profile_posts)"
    r"_(?P<n>[1-9][0-9]{0,5})\.json"
)
_FB_COMMENTS = re.compile(rf"(?:{_FB_ROOT}?comments_and_reactions|comments)/comments\.json")
_FB_ACCOUNTS = (
    "personal_information/profile_information/profile_information.json",
    "profile_information/profile_information.json",
    "logged_information/professional_dashboard/your_professional_dashboard_activity.json",
)
#: folders only Facebook's exports have: the activity folders, and the classic layout's media
_FB_FOLDERS = re.compile(rf"{_FB_ROOT}|photos_and_videos/|posts/media/")

_IG_POSTS = re.compile(
    r"(?:your_instagram_activity/)?(?:content|media)/posts_(?P<n>[1-9][0-9]{0,5})\.json"
)
_IG_STORIES = re.compile(r"(?:your_instagram_activity/)?(?:content|media)/stories\.json")
_IG_REELS = re.compile(r"(?:your_instagram_activity/)?(?:content|media)/reels\.json")
_IG_2018 = "media.json"
_IG_ACCOUNTS = (
    "personal_information/personal_information/personal_information.json",
    "personal_information/personal_information.json",
    "account_information/personal_information.json",
    "profile.json",
)
_IG_FOLDERS = re.compile(r"your_instagram_activity/|media/(?:posts|stories|reels)/")

#: the members of the object of each file whose arrays hold its items
_MEMBERS = {
    StreamKind.COMMENTS: frozenset({"comments_v2", "comments"}),
    StreamKind.STORIES: frozenset({"ig_stories"}),
    StreamKind.REELS: frozenset({"ig_reels_media"}),
    StreamKind.MEDIA_2018: frozenset({"photos", "videos"}),
}


def _stream(platform: Platform, path: str, names: frozenset[str]) -> tuple[int, Stream] | None:
    """The stream ``path`` is for ``platform``, with its order among the export's streams."""
    if platform is Platform.FACEBOOK:
        if (found := _FB_POSTS.fullmatch(path)) is not None:
            return int(found.group("n")), Stream(path, StreamKind.POSTS)
        if _FB_COMMENTS.fullmatch(path):
            kind = StreamKind.COMMENTS
            return 10**7, Stream(path, kind, _MEMBERS[kind])
        return None
    if (found := _IG_POSTS.fullmatch(path)) is not None:
        return int(found.group("n")), Stream(path, StreamKind.POSTS)
    for pattern, kind, order in (
        (_IG_REELS, StreamKind.REELS, 10**7),
        (_IG_STORIES, StreamKind.STORIES, 10**7 + 1),
    ):
        if pattern.fullmatch(path):
            return order, Stream(path, kind, _MEMBERS[kind])
    if path == _IG_2018 and "profile.json" in names:
        return 0, Stream(path, StreamKind.MEDIA_2018, _MEMBERS[StreamKind.MEDIA_2018])
    return None


def _marks(platform: Platform, path: str, names: frozenset[str]) -> bool:
    """Whether ``path`` is a file only ``platform``'s exports have."""
    if _stream(platform, path, names) is not None:
        return True
    if platform is Platform.FACEBOOK:
        return path in _FB_ACCOUNTS[:2] or _FB_FOLDERS.match(path) is not None
    return path in _IG_ACCOUNTS[:3] or _IG_FOLDERS.match(path) is not None


def _tops(names: Iterable[str]) -> dict[str, set[str]]:
    """Each candidate folder of the export (``""`` and every first folder) and its files."""
    found: dict[str, set[str]] = {"": set()}
    for name in names:
        found[""].add(name)
        top, slash, rest = name.partition("/")
        if slash and rest:
            found.setdefault(top + "/", set()).add(rest)
    return found


def find_layout(platform: Platform, names: Iterable[str]) -> Layout | None:
    """The files of ``platform``'s export among an archive's ``names``; ``None`` if it is none.

    The files at the top are taken first; else those of the first folder (in name order) that
    has a file only ``platform``'s exports have.
    """
    tops = _tops(names)
    for top in sorted(tops, key=lambda t: (t != "", t)):
        inside = frozenset(tops[top])
        if not any(_marks(platform, path, inside) for path in inside):
            continue
        ordered: list[tuple[int, str, Stream]] = []
        for path in inside:
            found = _stream(platform, path, inside)
            if found is not None:
                order, stream = found
                ordered.append((order, path, Stream(top + path, stream.kind, stream.members)))
        accounts = _FB_ACCOUNTS if platform is Platform.FACEBOOK else _IG_ACCOUNTS
        return Layout(
            platform=platform,
            top=top,
            streams=tuple(stream for _, _, stream in sorted(ordered, key=lambda s: s[:2])),
            accounts=tuple(top + path for path in accounts if path in inside),
        )
    return None


def recognises(platform: Platform, path: Path) -> bool:
    """Whether ``path`` is a zip laid out as ``platform``'s export (any part of one).

    The archive is opened with govsm's safe reader, which reads a zip's directory and nothing
    of its members. A zip it refuses is not claimed (it may be another platform's).
    """
    if archive_kind(path) is not ArchiveKind.ZIP:
        return False
    try:
        with open_archive(path) as archive:
            return find_layout(platform, archive.names()) is not None
    except ArchiveError:
        return False
