"""The manual's sections on the organisation's presence: its profiles, their style, its blogs.

The records of sections 6 (profiles, :class:`ProfileEntry`), 7 (the style manual,
:class:`Style`) and 8 (corporate blogs, :class:`BlogEntry`) of the
:class:`~govsm.manual.document.ManualDocument`.
"""

from __future__ import annotations

from datetime import date

from attrs import frozen

from govsm.manual.refs import PersonRef, ProfileRef
from govsm.model import (
    BlogKind,
    Colour,
    ImageKind,
    LifecycleState,
    LocalizedText,
    Logo,
    Typeface,
)


@frozen
class ProfileEntry:
    """A profile as the manual lists it.

    :param id: its id.
    :param channel_id: the network's channel id.
    :param channel: the network's name.
    :param channel_closed: whether the network has shut down.
    :param handle: the account.
    :param name: display name.
    :param url: address.
    :param unit: the name of its área.
    :param state: its lifecycle state.
    :param state_since: since when.
    :param opened_on: when it was opened.
    :param objectives: its objectives, as written (known ones are translated).
    :param theme: what it talks about.
    :param audience: who it addresses.
    :param functionality: why the network suits it.
    :param editorial_line: tone and content.
    :param languages: languages it publishes in.
    :param owner: who answers for it.
    :param backups: the other responsible people.
    :param contact_email: the address the account is registered with.
    """

    id: str
    channel_id: str
    channel: str
    channel_closed: bool
    handle: str
    name: str | None
    url: str | None
    unit: str
    state: LifecycleState
    state_since: date | None
    opened_on: date | None
    objectives: tuple[str, ...]
    theme: LocalizedText | None
    audience: LocalizedText | None
    functionality: LocalizedText | None
    editorial_line: LocalizedText | None
    languages: tuple[str, ...]
    owner: PersonRef | None
    backups: tuple[PersonRef, ...]
    contact_email: str | None


@frozen
class ImageSizeEntry:
    """The size of one kind of image on one network, and where the figure comes from.

    :param channel_id: the network's channel id.
    :param channel: the network's name.
    :param kind: see :class:`~govsm.model.ImageKind`.
    :param width: pixels.
    :param height: pixels.
    :param source: ``manual`` (the style manual), ``rules`` (the avatar-size and header-size
        rules' parameters) or ``network`` (what govsm knows of the network).
    :param notes: the style manual's notes.
    """

    channel_id: str
    channel: str
    kind: ImageKind
    width: int | None
    height: int | None
    source: str
    notes: LocalizedText | None = None


@frozen
class Style:
    """The style manual: logos, colours, typefaces, image sizes and the official hashtags.

    :param logos: see :class:`~govsm.model.Logo`.
    :param colours: see :class:`~govsm.model.Colour`.
    :param typefaces: see :class:`~govsm.model.Typeface`.
    :param image_sizes: see :class:`ImageSizeEntry`.
    :param hashtags: the policy's official hashtags.
    :param notes: the style manual's notes.
    """

    logos: tuple[Logo, ...] = ()
    colours: tuple[Colour, ...] = ()
    typefaces: tuple[Typeface, ...] = ()
    image_sizes: tuple[ImageSizeEntry, ...] = ()
    hashtags: tuple[str, ...] = ()
    notes: LocalizedText | None = None


@frozen
class BlogEntry:
    """A corporate blog, with its people named.

    :param id: its id.
    :param kind: see :class:`~govsm.model.BlogKind`.
    :param name: its title.
    :param url: its address.
    :param unit: the name of its área.
    :param holder: the office holder who signs it.
    :param maintainers: who keeps it up to date.
    :param profile: the profile that publishes it.
    :param objectives: what it is for.
    :param guidelines: its publication guidelines.
    """

    id: str
    kind: BlogKind
    name: LocalizedText
    url: str | None = None
    unit: str | None = None
    holder: PersonRef | None = None
    maintainers: tuple[PersonRef, ...] = ()
    profile: ProfileRef | None = None
    objectives: LocalizedText | None = None
    guidelines: LocalizedText | None = None
