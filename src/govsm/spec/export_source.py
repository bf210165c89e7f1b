"""What a publication exporter reads: the organisation as stored and a stream of its messages.

An :class:`ExportSource` holds the organisation, its units and profiles, and reads its messages
from the store as the exporter goes (:meth:`ExportSource.published`,
:meth:`ExportSource.messages`), within what the user selected (a :class:`Selection`: a profile
or a unit, a period, states, a limit). It names every message the same way in every format
(:meth:`ExportSource.message_id`).

>>> from datetime import UTC, datetime
>>> from govsm.model import Direction, MessageKind, MessageState, Organisation
>>> organisation = Organisation(id="ajuntament-soldeneu", name="Ajuntament de Soldeneu",
...     kind="ayuntamiento", languages=("ca-valencia", "es"), timezone="Europe/Madrid",
...     domains=("soldeneu.example",))
>>> moment = datetime(2026, 6, 8, 9, 30, tzinfo=UTC)
>>> post = Message(organisation="ajuntament-soldeneu", id="x-1", profile="x-ajuntament",
...     direction=Direction.OUTBOUND, kind=MessageKind.POST, state=MessageState.PUBLISHED,
...     text="La piscina obri dissabte.", created_at=moment, published_at=moment)
>>> source = ExportSource(organisation=organisation, generated_at=moment,
...     read=lambda query: iter([ExportItem(post)] if query.admits(post) else []),
...     count=lambda query: int(query.admits(post)))
>>> [item.message.id for item in source.published()]
['x-1']
>>> source.message_id(post)
'tag:soldeneu.example,2026-06-08:ajuntament-soldeneu/x-1'
"""

from __future__ import annotations

import difflib
import re
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from attrs import field, frozen

from govsm.errors import ConfigError, ModelError
from govsm.model import _validate as v
from govsm.model.channel import Channel
from govsm.model.finding import Finding
from govsm.model.message import Direction, Message, MessageKind, MessageState
from govsm.model.organisation import Organisation
from govsm.model.profile import LifecycleState, Profile
from govsm.model.unit import Unit

#: what a publication is in a feed: the organisation's own public words. Reposts are someone
#: else's words and direct messages are private; neither goes into a feed.
PUBLIC_KINDS = frozenset({MessageKind.POST, MessageKind.REPLY, MessageKind.QUOTE})

#: the profiles that are the organisation's official presence: open, used or not
OFFICIAL_STATES = frozenset({LifecycleState.ACTIVE, LifecycleState.DORMANT})

_AUTHORITY = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+\Z")


def message_moment(message: Message) -> datetime:
    """When a message counts as said: when it was published, else when it was written.

    Period filters (:attr:`Selection.since`, :attr:`Selection.until`) and the order of an export
    use it.
    """
    return message.published_at or message.created_at


@frozen
class ExportItem:
    """One message of an export, with what the exporter needs beside it.

    :param message: the message as stored.
    :param url: its public address on its network, when known (the ``url`` its archive gave,
        or the one its channel's template gives).
    :param findings: what checking it against the organisation's rules found (waived ones
        included), when the exporter asked for findings and the message is the organisation's
        own; ``None`` otherwise.
    """

    message: Message
    url: str | None = None
    findings: tuple[Finding, ...] | None = None


def _aware(instance: object, attribute: object, value: datetime | None) -> None:
    if value is not None and value.utcoffset() is None:
        raise ModelError(
            "la fecha necesita zona horaria", "the moment needs a time zone", field="since/until"
        )


@frozen
class Selection:
    """What the user asked to export (``govsm export --profile/--unit/--since/--until``).

    :param profile: only this profile's messages (its id).
    :param unit: only the messages of this unit's profiles and of its sub-units' (its id).
    :param since: only messages said at or after this moment (:func:`message_moment`).
    :param until: only messages said before this moment.
    :param states: only messages in these states (``None``: any).
    :param limit: only the newest this many messages.
    :raises ConfigError: both a profile and a unit, or ``since`` not before ``until``.
    """

    profile: str | None = field(default=None, validator=v.optional_slug)
    unit: str | None = field(default=None, validator=v.optional_slug)
    since: datetime | None = field(default=None, validator=_aware)
    until: datetime | None = field(default=None, validator=_aware)
    states: frozenset[MessageState] | None = None
    limit: int | None = field(default=None, validator=v.positive)

    def __attrs_post_init__(self) -> None:
        if self.profile is not None and self.unit is not None:
            raise ConfigError(
                "elija un perfil o una unidad, no ambos",
                "choose a profile or a unit, not both",
                where="--profile/--unit",
            )
        if self.since is not None and self.until is not None and self.since >= self.until:
            raise ConfigError(
                f"el periodo está vacío: desde {self.since.isoformat()} hasta "
                f"{self.until.isoformat()}",
                f"the period is empty: from {self.since.isoformat()} until "
                f"{self.until.isoformat()}",
                where="--since/--until",
            )


_T = TypeVar("_T")


def _meet(given: frozenset[_T] | None, asked: Collection[_T] | None) -> frozenset[_T] | None:
    """Both constraints at once (``None`` is no constraint)."""
    if asked is None:
        return given
    wanted = frozenset(asked)
    return wanted if given is None else given & wanted


@frozen
class MessageQuery:
    """Which messages a reader yields, and how: the selection and the exporter's request together.

    :param organisation: the organisation's id.
    :param profiles: only these profiles' messages (ids); ``None``: every profile.
    :param since: only messages said at or after this moment (:func:`message_moment`).
    :param until: only messages said before it.
    :param directions: only these directions (``None``: both).
    :param states: only these states (``None``: any).
    :param kinds: only these kinds (``None``: any).
    :param newest_first: newest first (feeds) or oldest first (tables); ties by message id.
    :param limit: only the newest this many, in the query's order.
    :param findings: whether each item carries its findings (checking costs time).
    """

    organisation: str
    profiles: frozenset[str] | None = None
    since: datetime | None = None
    until: datetime | None = None
    directions: frozenset[Direction] | None = None
    states: frozenset[MessageState] | None = None
    kinds: frozenset[MessageKind] | None = None
    newest_first: bool = True
    limit: int | None = None
    findings: bool = False

    def admits(self, message: Message) -> bool:
        """Whether ``message`` is one the query selects (order and limit aside)."""
        when = message_moment(message)
        return (
            message.organisation == self.organisation
            and (self.profiles is None or message.profile in self.profiles)
            and (self.directions is None or message.direction in self.directions)
            and (self.states is None or message.state in self.states)
            and (self.kinds is None or message.kind in self.kinds)
            and (self.since is None or when >= self.since)
            and (self.until is None or when < self.until)
        )


#: yields the items a query selects, in its order, reading as it goes
MessageReader = Callable[[MessageQuery], Iterator[ExportItem]]

#: how many items a query selects (its limit applied)
MessageCounter = Callable[[MessageQuery], int]


@frozen
class ExportSource:
    """What a publication exporter reads: the organisation as stored and a stream of messages.

    govsm builds it (:func:`govsm.exporting.open_source`) from the store; a plugin's tests can
    build one over a list, as the example at the top of this module does.

    :param organisation: the organisation.
    :param generated_at: when the export runs.
    :param read: yields the items of a :class:`MessageQuery` (see :meth:`messages`).
    :param count: counts them (see :meth:`total`).
    :param units: its units (áreas).
    :param profiles: every profile it has, whatever its state.
    :param channels: the networks the installed plugins declare.
    :param selection: what the user selected.
    :param settings: the workspace's ``[plugins.NAME]`` tables, by name, as written: a plugin's
        exporter reads its own (``source.settings.get("novagob")``) and checks it.
    :raises ConfigError: the selection names a profile or unit the organisation does not have.
    """

    organisation: Organisation
    generated_at: datetime = field(validator=v.aware)
    read: MessageReader = field(eq=False, repr=False)
    count: MessageCounter = field(eq=False, repr=False)
    units: tuple[Unit, ...] = ()
    profiles: tuple[Profile, ...] = ()
    channels: tuple[Channel, ...] = ()
    selection: Selection = Selection()
    settings: Mapping[str, Mapping[str, Any]] = field(factory=dict, eq=False, repr=False)
    _profiles: dict[str, Profile] = field(init=False, eq=False, repr=False)
    _units: dict[str, Unit] = field(init=False, eq=False, repr=False)
    _channels: dict[str, Channel] = field(init=False, eq=False, repr=False)
    _authority: str | None = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_profiles", {p.id: p for p in self.profiles})
        object.__setattr__(self, "_units", {u.id: u for u in self.units})
        object.__setattr__(self, "_channels", {c.id: c for c in self.channels})
        object.__setattr__(self, "_authority", _authority(self.organisation))
        wanted = self.selection.profile or self.selection.unit
        known = (
            [p.id for p in self.profiles] if self.selection.profile else [u.id for u in self.units]
        )
        if wanted is not None and wanted not in known:
            what_es, what_en = (
                ("perfil", "profile") if self.selection.profile else ("unidad", "unit")
            )
            close = difflib.get_close_matches(wanted, known, n=1)
            article = "la" if self.selection.unit else "el"
            raise ConfigError(
                f"la organización no tiene {article} {what_es} «{wanted}»"
                + (f"; ¿quería decir «{close[0]}»?" if close else ""),
                f"the organisation has no {what_en} '{wanted}'"
                + (f"; did you mean '{close[0]}'?" if close else ""),
                where=f"--{what_en}",
            )

    # --- what the export covers --------------------------------------------------------------

    def profile(self, profile_id: str) -> Profile | None:
        """The profile with this id, if the organisation has it."""
        return self._profiles.get(profile_id)

    def unit(self, unit_id: str) -> Unit | None:
        """The unit with this id, if the organisation has it."""
        return self._units.get(unit_id)

    def channel(self, channel_id: str) -> Channel | None:
        """The channel with this id, if a plugin declares it."""
        return self._channels.get(channel_id)

    def selected_units(self) -> tuple[Unit, ...]:
        """The selected unit and the units below it, in the organisation's order.

        Every unit when no unit is selected.
        """
        if self.selection.unit is None:
            return self.units
        chosen = {self.selection.unit}
        grew = True
        while grew:
            below = {u.id for u in self.units if u.parent in chosen} - chosen
            chosen |= below
            grew = bool(below)
        return tuple(u for u in self.units if u.id in chosen)

    def selected_profiles(self) -> tuple[Profile, ...]:
        """The profiles the selection covers, in the organisation's order."""
        if self.selection.profile is not None:
            return tuple(p for p in self.profiles if p.id == self.selection.profile)
        if self.selection.unit is not None:
            units = {u.id for u in self.selected_units()}
            return tuple(p for p in self.profiles if p.unit in units)
        return self.profiles

    @property
    def title(self) -> str:
        """The export's title: the organisation's name, and the unit's or profile's."""
        name = self.organisation.name
        if self.selection.unit is not None:
            unit = self.unit(self.selection.unit)
            return f"{name} · {unit.name}" if unit else name
        if self.selection.profile is not None:
            profile = self.profile(self.selection.profile)
            if profile is not None:
                channel = self.channel(profile.channel)
                network = channel.name if channel else profile.channel
                return f"{name} · {network} {profile.name or profile.handle}"
        return name

    @property
    def link(self) -> str | None:
        """The public address of what is exported: the profile's, else the organisation's site."""
        if self.selection.profile is not None:
            profile = self.profile(self.selection.profile)
            if profile is not None and profile.url:
                return profile.url
        return self.organisation.website

    @property
    def language(self) -> str:
        """The organisation's first official language (BCP 47)."""
        return self.organisation.languages[0]

    # --- identifiers -------------------------------------------------------------------------

    @property
    def authority(self) -> str | None:
        """The organisation's own domain, for ``tag:`` URIs: its first domain, else its site's."""
        return self._authority

    def message_id(self, message: Message) -> str:
        """A message's permanent id in every export: a ``tag:`` URI (RFC 4151).

        ``tag:DOMAIN,DATE:ORGANISATION/MESSAGE``, with the organisation's :attr:`authority` and
        the day (UTC) the message was written: it does not change when the message is published,
        its profile renamed or its network's addresses change. Without a domain, a name-based
        UUID (``urn:uuid:``, RFC 9562 version 5) of the same parts.
        """
        authority = self._authority
        path = f"{self.organisation.id}/{message.id}"
        if authority is None:
            return _uuid(f"message:{path}")
        day = message.created_at.astimezone(UTC).date().isoformat()
        return f"tag:{authority},{day}:{path}"

    @property
    def feed_id(self) -> str:
        """The export's permanent id: a name-based UUID of the organisation and the selection."""
        scope = (
            f"profile/{self.selection.profile}"
            if self.selection.profile
            else f"unit/{self.selection.unit}"
            if self.selection.unit
            else "organisation"
        )
        return _uuid(f"feed:{self.organisation.id}/{scope}")

    def profile_uri(self, profile: Profile) -> str:
        """A profile's id: its public address, else a name-based UUID."""
        return profile.url or _uuid(f"profile:{self.organisation.id}/{profile.id}")

    # --- the messages ------------------------------------------------------------------------

    def query(
        self,
        *,
        directions: Collection[Direction] | None = None,
        states: Collection[MessageState] | None = None,
        kinds: Collection[MessageKind] | None = None,
        newest_first: bool = True,
        findings: bool = False,
    ) -> MessageQuery:
        """The query for what the exporter asks, within what the user selected."""
        selected = self.selection
        profiles = (
            frozenset(p.id for p in self.selected_profiles())
            if selected.profile is not None or selected.unit is not None
            else None
        )
        return MessageQuery(
            organisation=self.organisation.id,
            profiles=profiles,
            since=selected.since,
            until=selected.until,
            directions=_meet(None, directions),
            states=_meet(selected.states, states),
            kinds=_meet(None, kinds),
            newest_first=newest_first,
            limit=selected.limit,
            findings=findings,
        )

    def messages(
        self,
        *,
        directions: Collection[Direction] | None = None,
        states: Collection[MessageState] | None = None,
        kinds: Collection[MessageKind] | None = None,
        newest_first: bool = True,
        findings: bool = False,
    ) -> Iterator[ExportItem]:
        """Stream the selected messages, read from the store as the exporter goes.

        :param directions: only these directions (``None``: both).
        :param states: only these states, within the user's selection (``None``: any).
        :param kinds: only these kinds (``None``: any).
        :param newest_first: newest first (the default, for feeds) or oldest first.
        :param findings: give each outbound message its findings (:attr:`ExportItem.findings`);
            stored results of the last audit are reused, other messages are checked.
        """
        return self.read(
            self.query(
                directions=directions,
                states=states,
                kinds=kinds,
                newest_first=newest_first,
                findings=findings,
            )
        )

    def published(self) -> Iterator[ExportItem]:
        """What the organisation published, newest first: its public posts, replies and quotes."""
        return self.messages(
            directions=(Direction.OUTBOUND,), states=(MessageState.PUBLISHED,), kinds=PUBLIC_KINDS
        )

    def total(
        self,
        *,
        directions: Collection[Direction] | None = None,
        states: Collection[MessageState] | None = None,
        kinds: Collection[MessageKind] | None = None,
    ) -> int:
        """How many messages :meth:`messages` would yield with the same arguments."""
        return self.count(self.query(directions=directions, states=states, kinds=kinds))

    def published_total(self) -> int:
        """How many messages :meth:`published` yields."""
        return self.total(
            directions=(Direction.OUTBOUND,), states=(MessageState.PUBLISHED,), kinds=PUBLIC_KINDS
        )


def _authority(organisation: Organisation) -> str | None:
    """The first of the organisation's domains, or its site's host, that is a DNS name."""
    for candidate in (*organisation.domains, organisation.website):
        if candidate is None:
            continue
        host = urlsplit(candidate).hostname if "://" in candidate else candidate
        host = (host or "").lower().rstrip(".")
        if _AUTHORITY.match(host):
            return host
    return None


def _uuid(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'govsm:' + name)}"
