"""How the manual names the workspace's people, áreas and profiles.

A person is a :class:`PersonRef` and a profile a :class:`ProfileRef` wherever a section names
them; :class:`Names` makes them from the workspace's ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from attrs import frozen

from govsm.model import Channel, OrganisationSnapshot, Person, Profile


@frozen
class PersonRef:
    """A person as the manual names them.

    :param id: the person's id.
    :param name: full name.
    :param office: their political office, if they hold one.
    :param email: institutional address.
    :param unit: the name of their área.
    :param left_on: the day they left the organisation, if they have (a profile they still own
        must be transferred).
    """

    id: str
    name: str
    office: str | None = None
    email: str | None = None
    unit: str | None = None
    left_on: date | None = None


@frozen
class ProfileRef:
    """A profile as the manual names it elsewhere: its account and network.

    :param id: the profile's id.
    :param handle: the account.
    :param channel_id: the network's channel id.
    :param channel: the network's name, as its plugin declares it.
    """

    id: str
    handle: str
    channel_id: str
    channel: str


class Names:
    """Look-ups from ids to what the manual shows, over one snapshot.

    :param snapshot: the organisation.
    :param channels: the declared channels, for network names.
    """

    def __init__(self, snapshot: OrganisationSnapshot, channels: Mapping[str, Channel]) -> None:
        self.snapshot = snapshot
        self.channels = channels
        self._people = {p.id: p for p in snapshot.people}
        self._units = {u.id: u for u in snapshot.units}
        self._profiles = {p.id: p for p in snapshot.profiles}

    def person(self, person_id: str | None) -> PersonRef | None:
        """The person ``person_id``, or ``None`` (for ``None``, and for an unknown id).

        The loader has already refused dangling references; an unknown id is left out.
        """
        person = self._people.get(person_id) if person_id else None
        return self.ref(person) if person is not None else None

    def people(self, ids: tuple[str, ...]) -> tuple[PersonRef, ...]:
        """The people ``ids``, in order, the unknown left out."""
        return tuple(ref for ref in (self.person(i) for i in ids) if ref is not None)

    def ref(self, person: Person) -> PersonRef:
        """``person`` as the manual names them."""
        return PersonRef(
            id=person.id,
            name=person.name,
            office=person.political_office,
            email=person.email,
            unit=self.unit(person.unit),
            left_on=person.left_on,
        )

    def unit(self, unit_id: str | None) -> str | None:
        """The name of the área ``unit_id`` (its id when unknown)."""
        if unit_id is None:
            return None
        unit = self._units.get(unit_id)
        return unit.name if unit is not None else unit_id

    def channel(self, channel_id: str) -> str:
        """The network's name (its id when no plugin declares it)."""
        channel = self.channels.get(channel_id)
        return channel.name if channel is not None else channel_id

    def profile(self, profile_id: str | None) -> ProfileRef | None:
        """The profile ``profile_id`` as the manual names it (``None`` when unknown)."""
        profile = self._profiles.get(profile_id) if profile_id else None
        return self.profile_ref(profile) if profile is not None else None

    def profile_ref(self, profile: Profile) -> ProfileRef:
        """``profile``: its account and its network."""
        return ProfileRef(
            id=profile.id,
            handle=profile.handle,
            channel_id=profile.channel,
            channel=self.channel(profile.channel),
        )
