"""What the usage manual says that the rest of ``govsm.toml`` does not: the ``[manual]`` table.

Seed 004 lists what a council's *manual de uso y gestión de redes sociales* holds. The
organisation, its áreas, people, roles, profiles and policy already say most of it; this table
adds the rest, as text the manual shows: the procedure's own notes, the resources devoted to
the networks, the style manual (logos, typography, colours, image sizes), the corporate blogs
and who maintains them, and the crisis protocol. Texts that vary by language are
:class:`LocalizedText`: a plain string, or a table keyed by language tag.

>>> LocalizedText.from_data({"ca-valencia": "Bon dia", "es": "Buenos días"}).get("es")
'Buenos días'
>>> LocalizedText.from_data("Soldeneu").get("en")
'Soldeneu'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from typing import Any, cast

import attrs
from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v

_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\Z")


@frozen
class LocalizedText:
    """A text of the manual: the same in every language, or one per language.

    In ``govsm.toml`` it is either a string (``"Soldeneu"``) or a table keyed by BCP 47
    language tag (``{ ca-valencia = "Bon dia", es = "Buenos días" }``); exactly one of
    :attr:`text` and :attr:`translations` is set.

    :param text: the text, when it does not depend on the language (a proper name, a code).
    :param translations: the text in each language, by language tag.
    """

    text: str | None = field(default=None, validator=v.optional_text)
    translations: Mapping[str, str] = field(factory=dict)

    @translations.validator
    def _translations(self, attribute: attrs.Attribute[Any], value: Mapping[str, str]) -> None:
        for language, text in value.items():
            try:
                v.language_tag(self, attribute, language)
            except ModelError as exc:
                raise ModelError(exc.es, exc.en, field=str(language)) from None
            if not isinstance(text, str):
                raise ModelError(
                    f"el texto en «{language}» debe ser texto",
                    f"the text in '{language}' must be text",
                    field=language,
                )
            v.check_text(text, language)
            if not text.strip():
                raise ModelError(
                    f"el texto en «{language}» no puede estar vacío",
                    f"the text in '{language}' must not be empty",
                    field=language,
                )

    def __attrs_post_init__(self) -> None:
        if (self.text is None) == (not self.translations):
            raise ModelError(
                "dé un texto o una tabla de textos por idioma (no las dos cosas, ni ninguna)",
                "give a text or a table of texts by language (not both, nor neither)",
            )
        if self.text is not None and not self.text.strip():
            raise ModelError("el texto no puede estar vacío", "the text must not be empty")

    def get(self, language: str) -> str | None:
        """The text for ``language``: its own translation, the common text, or ``None``.

        A translation given for the primary language (``ca``) serves its variants
        (``ca-valencia``) and the other way round; another language's text is never returned.
        """
        if self.text is not None:
            return self.text
        if language in self.translations:
            return self.translations[language]
        primary = language.split("-")[0]
        for tag, value in self.translations.items():
            if tag.split("-")[0] == primary:
                return value
        return None

    @property
    def languages(self) -> tuple[str, ...]:
        """The language tags it is given in (empty for a language-independent text)."""
        return tuple(self.translations)

    def covers(self, language: str) -> bool:
        """Whether :meth:`get` has a text for ``language``."""
        return self.get(language) is not None

    @classmethod
    def from_data(cls, value: Any) -> LocalizedText:
        """Build one from what ``govsm.toml`` holds: a string or a table of strings.

        :raises ModelError: for anything else, naming the language key at fault.
        """
        if isinstance(value, str):
            return cls(text=value)
        if isinstance(value, Mapping):
            translations: dict[str, str] = {}
            for key, item in value.items():
                if not isinstance(key, str):
                    raise ModelError(
                        "las claves deben ser etiquetas de idioma",
                        "the keys must be language tags",
                    )
                if not isinstance(item, str):
                    raise ModelError(
                        f"se esperaba un texto, no {_kind(item, 'es')}",
                        f"expected text, not {_kind(item, 'en')}",
                        field=key,
                    )
                translations[key] = item
            return cls(translations=translations)
        raise ModelError(
            f"se esperaba un texto o una tabla de textos por idioma "
            f'({{ ca-valencia = "…", es = "…" }}), no {_kind(value, "es")}',
            f"expected text or a table of texts by language "
            f'({{ ca-valencia = "…", es = "…" }}), not {_kind(value, "en")}',
        )

    def to_data(self) -> str | dict[str, str]:
        """What :meth:`from_data` reads back: the string, or the table."""
        return self.text if self.text is not None else dict(self.translations)


_KINDS = {
    bool: ("un booleano", "a boolean"),
    int: ("un entero", "an integer"),
    float: ("un número", "a number"),
    list: ("una lista", "a list"),
    dict: ("una tabla", "a table"),
}


def _kind(value: Any, language: str) -> str:
    es, en = _KINDS.get(type(value), (type(value).__name__, type(value).__name__))
    return es if language == "es" else en


def _optional_hours(instance: Any, attribute: Any, value: float | None) -> None:
    v.finite(instance, attribute, value)
    if value is not None and not value > 0:
        raise ModelError(
            f"«{attribute.name}» debe ser mayor que cero",
            f"'{attribute.name}' must be more than zero",
            field=attribute.name,
        )


@frozen
class ProcedureNotes:
    """The organisation's own words on the procedure to open, transfer and retire profiles.

    The states themselves (requested → approved/rejected → active → dormant → archived) are
    govsm's; these notes say how they are walked here.

    :param how_to_request: where and how an área asks for a new profile.
    :param form_url: the request form (in the *sede electrónica*, the intranet…).
    :param decision: who decides, and how the decision is communicated.
    :param transfer: how a profile changes owner or área (a person leaves, an área merges).
    :param retirement: how a profile is archived (farewell post, redirection, keeping the
        history).
    """

    how_to_request: LocalizedText | None = None
    form_url: str | None = field(default=None, validator=v.url)
    decision: LocalizedText | None = None
    transfer: LocalizedText | None = None
    retirement: LocalizedText | None = None


class ResourceKind(enum.StrEnum):
    """What kind of resource the organisation devotes to its networks."""

    STAFF = "staff"
    TOOL = "tool"
    BUDGET = "budget"
    TRAINING = "training"
    OTHER = "other"


@frozen
class Resource:
    """A resource devoted to the networks: staff time, a tool, a budget line, training.

    :param kind: see :class:`ResourceKind`.
    :param name: what it is.
    :param description: what it is used for.
    :param unit: the id of the área that provides it.
    :param person: the id of the person in charge of it.
    :param hours_per_week: the time it takes or gives, when it is staff time.
    """

    kind: ResourceKind
    name: LocalizedText
    description: LocalizedText | None = None
    unit: str | None = field(default=None, validator=v.optional_slug)
    person: str | None = field(default=None, validator=v.optional_slug)
    hours_per_week: float | None = field(default=None, validator=_optional_hours)


@frozen
class Logo:
    """A logo of the style manual.

    :param name: which logo (main, horizontal, monochrome…).
    :param file: where the file is: a path relative to the workspace, or a URL.
    :param usage: when to use it.
    """

    name: LocalizedText
    file: str = field(validator=v.nonempty_text)
    usage: LocalizedText | None = None


@frozen
class Colour:
    """A corporate colour.

    :param name: its name in the manual.
    :param hex: the sRGB value, ``#RRGGBB``.
    :param usage: what it is for.
    """

    name: LocalizedText
    hex: str = field()
    usage: LocalizedText | None = None

    @hex.validator
    def _hex(self, attribute: object, value: Any) -> None:
        if not isinstance(value, str) or not _HEX_COLOUR.match(value):
            raise ModelError(
                f"«{value}» no es un color #RRGGBB (p. ej. «#B5121B»)",
                f"'{value}' is not a #RRGGBB colour (e.g. '#B5121B')",
                field="hex",
            )


@frozen
class Typeface:
    """A typeface of the style manual.

    :param family: the font family's name (``Fira Sans``).
    :param usage: what it is for (headings, body text, images).
    :param fallback: what to use where it is not available (``Arial, sans-serif``).
    """

    family: str = field(validator=v.nonempty_text)
    usage: LocalizedText | None = None
    fallback: str | None = field(default=None, validator=v.optional_text)


class ImageKind(enum.StrEnum):
    """Which image of a profile or a post a size is for."""

    AVATAR = "avatar"
    HEADER = "header"
    POST = "post"
    STORY = "story"
    THUMBNAIL = "thumbnail"


@frozen
class ImageSize:
    """The size the style manual asks for one kind of image on one network.

    It overrides the size govsm knows for that network and kind, if any.

    :param channel: the network's channel id.
    :param kind: see :class:`ImageKind`.
    :param width: in pixels.
    :param height: in pixels.
    :param notes: anything else (safe area for the logo, format).
    """

    channel: str = field(validator=v.slug)
    kind: ImageKind
    width: int = field(validator=v.positive)
    height: int = field(validator=v.positive)
    notes: LocalizedText | None = None


@frozen
class StyleGuide:
    """The style manual: one recognisable institutional image on every network (seed 004).

    :param logos: see :class:`Logo`.
    :param colours: see :class:`Colour`.
    :param typefaces: see :class:`Typeface`.
    :param image_sizes: see :class:`ImageSize`; sizes govsm knows for each network are added.
    :param notes: anything else (voice and tone, signatures, emoji).
    """

    logos: tuple[Logo, ...] = ()
    colours: tuple[Colour, ...] = ()
    typefaces: tuple[Typeface, ...] = ()
    image_sizes: tuple[ImageSize, ...] = ()
    notes: LocalizedText | None = None


class BlogKind(enum.StrEnum):
    """The three kinds of corporate blog seed 004 names."""

    #: the organisation's general blog
    GENERAL = "general"
    #: an área's blog (sports, culture, local commerce)
    UNIT = "unit"
    #: an office holder's blog (the mayor, a councillor)
    OFFICE_HOLDER = "office-holder"


@frozen
class Blog:
    """A corporate blog, and who maintains it.

    :param id: identifier, unique among blogs.
    :param kind: see :class:`BlogKind`.
    :param name: its title.
    :param url: its address.
    :param unit: the id of the área it belongs to (required for ``unit`` blogs).
    :param holder: the id of the office holder who signs it (required for ``office-holder``
        blogs).
    :param maintainers: the ids of the people who keep it up to date.
    :param profile: the id of the profile that publishes it, when it is one.
    :param objectives: what it is for.
    :param guidelines: its publication guidelines.
    """

    id: str = field(validator=v.slug)
    kind: BlogKind
    name: LocalizedText
    url: str | None = field(default=None, validator=v.url)
    unit: str | None = field(default=None, validator=v.optional_slug)
    holder: str | None = field(default=None, validator=v.optional_slug)
    maintainers: tuple[str, ...] = field(default=(), validator=v.slugs)
    profile: str | None = field(default=None, validator=v.optional_slug)
    objectives: LocalizedText | None = None
    guidelines: LocalizedText | None = None

    def __attrs_post_init__(self) -> None:
        if self.kind is BlogKind.UNIT and self.unit is None:
            raise ModelError(
                f"el blog «{self.id}» es de un área («unit»): indique «unit»",
                f"blog '{self.id}' is an área's ('unit'): give 'unit'",
                field="unit",
            )
        if self.kind is BlogKind.OFFICE_HOLDER and self.holder is None:
            raise ModelError(
                f"el blog «{self.id}» es de un cargo («office-holder»): indique «holder»",
                f"blog '{self.id}' is an office holder's ('office-holder'): give 'holder'",
                field="holder",
            )


@frozen
class CrisisLevel:
    """A level of the crisis protocol: when it applies, what to do, whom to tell.

    :param id: identifier, unique among levels.
    :param name: its name (incident, crisis, emergency).
    :param criteria: when a situation is at this level.
    :param actions: what to do.
    :param respond_within_hours: how soon the organisation must say something in public.
    :param notify: the ids of the people to tell.
    """

    id: str = field(validator=v.slug)
    name: LocalizedText
    criteria: LocalizedText
    actions: LocalizedText
    respond_within_hours: float | None = field(default=None, validator=_optional_hours)
    notify: tuple[str, ...] = field(default=(), validator=v.slugs)


@frozen
class CrisisProtocol:
    """What to do when something goes wrong on the networks, or in the town.

    :param summary: the protocol in a paragraph.
    :param spokesperson: the id of the person who speaks for the organisation.
    :param team: the ids of the crisis team.
    :param levels: see :class:`CrisisLevel`.
    :param steps: the steps, in order.
    """

    summary: LocalizedText | None = None
    spokesperson: str | None = field(default=None, validator=v.optional_slug)
    team: tuple[str, ...] = field(default=(), validator=v.slugs)
    levels: tuple[CrisisLevel, ...] = ()
    steps: tuple[LocalizedText, ...] = ()


@frozen
class ProfileNotes:
    """A profile's texts as the manual shows them, in each language.

    ``[[profiles]]`` holds one text per field; these replace them in the manual, so that a
    manual in Valencian does not quote a theme written in Spanish.

    :param profile: the profile's id.
    :param theme: what it talks about.
    :param audience: who it addresses.
    :param functionality: why the network suits it.
    :param editorial_line: its tone and content.
    """

    profile: str = field(validator=v.slug)
    theme: LocalizedText | None = None
    audience: LocalizedText | None = None
    functionality: LocalizedText | None = None
    editorial_line: LocalizedText | None = None


@frozen
class ManualContent:
    """The ``[manual]`` table of ``govsm.toml``: what the usage manual adds to the workspace.

    Every part is optional; ``govsm manual`` and the audit's ``manual`` step say which
    sections of the manual are still empty.

    :param title: the manual's title (default: govsm's).
    :param introduction: what the manual is for, in a paragraph or two.
    :param approved_by: who approved it, and when (``Junta de Govern Local, 2 de març de 2026``).
    :param procedure: see :class:`ProcedureNotes`.
    :param resources: see :class:`Resource`.
    :param style: see :class:`StyleGuide`.
    :param blogs: see :class:`Blog`; ``[]`` says there are none (leaving it out leaves the
        section empty).
    :param crisis: see :class:`CrisisProtocol`.
    :param profiles: see :class:`ProfileNotes`.
    """

    title: LocalizedText | None = None
    introduction: LocalizedText | None = None
    approved_by: LocalizedText | None = None
    procedure: ProcedureNotes | None = None
    resources: tuple[Resource, ...] = ()
    style: StyleGuide | None = None
    blogs: tuple[Blog, ...] | None = None
    crisis: CrisisProtocol | None = None
    profiles: tuple[ProfileNotes, ...] = ()

    def notes_for(self, profile: str) -> ProfileNotes | None:
        """The manual's texts for the profile ``profile``, if it gives any."""
        for notes in self.profiles:
            if notes.profile == profile:
                return notes
        return None


def localized_texts(value: object, path: str = "manual") -> Iterator[tuple[str, LocalizedText]]:
    """Every :class:`LocalizedText` inside ``value``, with its key path in ``govsm.toml``.

    >>> notes = ProcedureNotes(how_to_request=LocalizedText(text="Seu electrònica"))
    >>> [p for p, _ in localized_texts(ManualContent(procedure=notes))]
    ['manual.procedure.how_to_request']
    """
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from localized_texts(item, f"{path}[{index}]")
    elif attrs.has(type(value)):
        for attribute in attrs.fields(cast("type[attrs.AttrsInstance]", type(value))):
            yield from localized_texts(getattr(value, attribute.name), f"{path}.{attribute.name}")
