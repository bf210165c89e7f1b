"""The official-account registry: which profiles speak for the organisation, and verification.

Modelled on the U.S. Digital Registry (GSA): every official account is listed with the
registry's fields (``service``, ``service_url``, ``account``, ``organization``, ``language``,
``short_description``, ``tags``, ``status``, ``updated_at``) and the matching Wikidata
property, and :meth:`Registry.verify` answers, like the registry's ``/accounts/verify``, whether
a URL or handle is an official account.

Only *live* profiles are official: ``active`` and ``dormant`` ones. Archived profiles are listed
(on request) with status ``archived`` and never verify; requested, approved-but-not-opened and
rejected profiles are never listed.

>>> from govsm.model import Profile
>>> p = Profile(organisation="o", id="x-o", channel="x", handle="@Org", unit="u",
...             url="https://x.com/Org")
>>> registry = Registry.build("o", "Org", [p])
>>> registry.verify("https://mobile.twitter.com/org/?s=20").verified
True
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from attrs import field, frozen

from govsm.ledger.handles import normalise, profile_keys, render
from govsm.model import Bilingual, Channel, LifecycleState, Profile

if TYPE_CHECKING:
    from govsm.workspace import Workspace

#: lifecycle states whose profiles are official accounts
LIVE_STATES = frozenset({LifecycleState.ACTIVE, LifecycleState.DORMANT})

#: the Wikidata property holding an organisation's account on each network
WIKIDATA_PROPERTIES: Mapping[str, str] = {
    "x": "P2002",  # X (Twitter) username
    "mastodon": "P4033",  # Mastodon address, user@instance
    "bluesky": "P12361",  # Bluesky handle
    "facebook": "P2013",  # Facebook username or id
    "instagram": "P2003",  # Instagram username
    "youtube": "P2397",  # YouTube channel id (UC…), not the @handle
    "linkedin": "P4264",  # LinkedIn company id (the /company/ slug)
    "flickr": "P3267",  # Flickr user id (NSID, 12345678@N00), not the path alias
}

_FLICKR_NSID = re.compile(r"[0-9]+@N[0-9]{2}\Z")
_YOUTUBE_CHANNEL = re.compile(r"UC[A-Za-z0-9_\-]{22}\Z")

#: columns of the CSV export, in order (the U.S. Digital Registry's names first)
CSV_COLUMNS = (
    "service",
    "service_display_name",
    "service_url",
    "account",
    "display_name",
    "organization",
    "unit",
    "language",
    "languages",
    "short_description",
    "tags",
    "status",
    "updated_at",
    "wikidata_property",
    "wikidata_value",
    "id",
)


@frozen
class RegistryEntry:
    """One account in the registry, with the U.S. Digital Registry's field names.

    :param id: the profile's id in the workspace.
    :param service: the network (the channel id: ``x``, ``mastodon``…).
    :param service_display_name: the network's name.
    :param service_url: the account's address.
    :param account: the account name (``AjSoldeneu``, ``user@instance``, ``@handle`` on YouTube).
    :param display_name: the name the account shows.
    :param organization: the organisation's name.
    :param unit: the id of the unit that runs it.
    :param languages: the languages it publishes in (BCP 47), first the main one.
    :param short_description: what it talks about (the profile's theme, or else its bio).
    :param tags: its objectives and audiences.
    :param status: ``active``, ``dormant`` or ``archived``.
    :param updated_at: when it entered its state (``state_since``, else ``opened_on``).
    :param wikidata_property: the Wikidata property for the account, when one applies.
    :param wikidata_value: the value of that property.
    """

    id: str
    service: str
    service_display_name: str
    service_url: str
    account: str
    display_name: str | None
    organization: str
    unit: str
    languages: tuple[str, ...]
    short_description: str | None
    tags: tuple[str, ...]
    status: str
    updated_at: date | None
    wikidata_property: str | None = None
    wikidata_value: str | None = None

    @property
    def language(self) -> str | None:
        """The main language, as the U.S. registry's single ``language`` field."""
        return self.languages[0] if self.languages else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (dates as ISO 8601)."""
        return {
            "id": self.id,
            "service": self.service,
            "service_display_name": self.service_display_name,
            "service_url": self.service_url,
            "account": self.account,
            "display_name": self.display_name,
            "organization": self.organization,
            "unit": self.unit,
            "language": self.language,
            "languages": list(self.languages),
            "short_description": self.short_description,
            "tags": list(self.tags),
            "status": self.status,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "wikidata": (
                {"property": self.wikidata_property, "value": self.wikidata_value}
                if self.wikidata_property
                else None
            ),
        }


def _account(profile: Profile) -> str:
    handle = profile.handle.strip()
    if profile.channel == "youtube":
        return handle
    return handle[1:] if handle[:1] in "@+" else handle


def _wikidata(service: str, account: str) -> tuple[str | None, str | None]:
    prop = WIKIDATA_PROPERTIES.get(service)
    if prop is None:
        return None, None
    if service == "youtube" and not _YOUTUBE_CHANNEL.match(account):
        return None, None
    if service == "flickr" and not _FLICKR_NSID.match(account):
        return None, None
    if service == "bluesky" and account.lower().startswith("did:"):
        return None, None
    return prop, account


def entry_for(
    profile: Profile, organisation_name: str, channel_names: Mapping[str, str] | None = None
) -> RegistryEntry:
    """The registry entry for ``profile`` (whatever its state)."""
    account = _account(profile)
    prop, value = _wikidata(profile.channel, account)
    keys = profile_keys(profile.channel, profile.handle, profile.url)
    url = profile.url or next((render(k) for k in keys if not k.startswith("handle:")), "")
    status = profile.state.value if profile.state in LIVE_STATES else "archived"
    return RegistryEntry(
        id=profile.id,
        service=profile.channel,
        service_display_name=(channel_names or {}).get(profile.channel, profile.channel),
        service_url=url,
        account=account,
        display_name=profile.name,
        organization=organisation_name,
        unit=profile.unit,
        languages=profile.languages,
        short_description=profile.theme or profile.bio,
        tags=(*profile.objectives, *profile.audience),
        status=status,
        updated_at=profile.state_since or profile.opened_on,
        wikidata_property=prop,
        wikidata_value=value,
    )


#: why an answer is what it is
REASONS: Mapping[str, Bilingual] = {
    "official": Bilingual(
        es="es una cuenta oficial de la organización",
        en="it is an official account of the organisation",
    ),
    "unknown": Bilingual(
        es="no es ninguna cuenta registrada de la organización",
        en="it is not a registered account of the organisation",
    ),
    "ambiguous": Bilingual(
        es="puede referirse a varias cuentas: indique la red o la URL completa",
        en="it may refer to several accounts: give the network or the full URL",
    ),
    "archived": Bilingual(
        es="la cuenta fue de la organización pero está archivada: ya no es oficial",
        en="the account belonged to the organisation but is archived: it is no longer official",
    ),
    "invalid": Bilingual(
        es="no es la dirección de una cuenta (URL de perfil o nombre de cuenta)",
        en="it is not the address of an account (a profile URL or an account name)",
    ),
}


@frozen
class Verification:
    """The answer to "is this an official account?".

    :param input: what was asked.
    :param verified: ``True`` only for exactly one live profile.
    :param reason: ``official``, ``unknown``, ``ambiguous``, ``archived`` or ``invalid``
        (see :data:`REASONS`).
    :param keys: the canonical keys the input normalised to.
    :param entry: the matching entry (also for ``archived``).
    :param candidates: the entries an ambiguous input may mean.
    """

    input: str
    verified: bool
    reason: str
    keys: tuple[str, ...] = ()
    entry: RegistryEntry | None = None
    candidates: tuple[RegistryEntry, ...] = field(default=())

    @property
    def message(self) -> Bilingual:
        """The reason, in Spanish and English."""
        return REASONS[self.reason]

    def to_dict(self) -> dict[str, Any]:
        """The answer as the U.S. registry's verify API gives it, with ``verified`` first."""
        return {
            "input": self.input,
            "verified": self.verified,
            "reason": self.reason,
            "message": {"es": self.message.es, "en": self.message.en},
            "normalised": list(self.keys),
            "service": self.entry.service if self.entry else None,
            "service_url": self.entry.service_url if self.entry else None,
            "account": self.entry.account if self.entry else None,
            "profile": self.entry.to_dict() if self.entry else None,
            "candidates": [c.to_dict() for c in self.candidates],
        }


@frozen
class Registry:
    """The organisation's accounts and an index from every canonical key to them.

    Build it once with :meth:`build`; each :meth:`verify` then costs a normalisation and a few
    dictionary look-ups, whatever the number of profiles.
    """

    organisation: str
    organisation_name: str
    entries: tuple[RegistryEntry, ...]
    index: Mapping[str, tuple[RegistryEntry, ...]]
    website: str | None = None
    #: the declared channels, by id, to name each network in the page's language
    channels: Mapping[str, Channel] = field(factory=dict, eq=False)

    @classmethod
    def build(
        cls,
        organisation: str,
        organisation_name: str,
        profiles: Iterable[Profile],
        channel_names: Mapping[str, str] | None = None,
        website: str | None = None,
        channels: Mapping[str, Channel] | None = None,
    ) -> Registry:
        """Index the live and archived profiles (other states are not accounts yet).

        ``channel_names`` name the networks in the exports (``service_display_name``);
        ``channels``, when given, name them in the HTML page's language.
        """
        entries: list[RegistryEntry] = []
        index: dict[str, list[RegistryEntry]] = {}
        for profile in profiles:
            if profile.state not in LIVE_STATES and profile.state != LifecycleState.ARCHIVED:
                continue
            entry = entry_for(profile, organisation_name, channel_names)
            entries.append(entry)
            for key in profile_keys(profile.channel, profile.handle, profile.url):
                index.setdefault(key, []).append(entry)
        return cls(
            organisation=organisation,
            organisation_name=organisation_name,
            entries=tuple(entries),
            index={k: tuple(v) for k, v in index.items()},
            website=website,
            channels=channels or {},
        )

    @classmethod
    def from_workspace(cls, workspace: Workspace) -> Registry:
        """The registry of a :class:`~govsm.workspace.Workspace`'s organisation."""
        channels = workspace.channels()
        names = {cid: channel.name for cid, channel in channels.items()}
        org = workspace.organisation
        return cls.build(org.id, org.name, workspace.profiles, names, org.website, channels)

    def live(self, include_archived: bool = False) -> tuple[RegistryEntry, ...]:
        """The official entries (and the archived ones, when asked), sorted by service and id."""
        chosen = [e for e in self.entries if include_archived or e.status != "archived"]
        return tuple(sorted(chosen, key=lambda e: (e.service, e.id)))

    def verify(self, text: str) -> Verification:
        """Whether ``text`` (a URL or a handle) is an official account of the organisation.

        Never answers ``verified`` for an unknown, ambiguous or archived account.
        """
        keys = normalise(text)
        if not keys:
            return Verification(input=text, verified=False, reason="invalid")
        found: dict[str, RegistryEntry] = {}
        for key in keys:
            for entry in self.index.get(key, ()):
                found[entry.id] = entry
        if not found:
            return Verification(input=text, verified=False, reason="unknown", keys=keys)
        if len(found) > 1:
            # several accounts (live or archived) answer to this spelling: never guess
            ordered = tuple(sorted(found.values(), key=lambda e: (e.service, e.id)))
            return Verification(
                input=text, verified=False, reason="ambiguous", keys=keys, candidates=ordered
            )
        (entry,) = found.values()
        if entry.status == "archived":
            return Verification(
                input=text, verified=False, reason="archived", keys=keys, entry=entry
            )
        return Verification(input=text, verified=True, reason="official", keys=keys, entry=entry)

    # --- exports ------------------------------------------------------------------------------

    def to_json(self, include_archived: bool = False) -> str:
        """The registry as a JSON document: the organisation and its accounts."""
        data = {
            "organization": {"id": self.organisation, "name": self.organisation_name},
            "accounts": [e.to_dict() for e in self.live(include_archived)],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def to_csv(self, include_archived: bool = False) -> str:
        """The registry as CSV (RFC 4180: CRLF line ends, quoted where needed); lists use ``;``."""
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for entry in self.live(include_archived):
            row = entry.to_dict()
            row["languages"] = ";".join(entry.languages)
            row["tags"] = ";".join(entry.tags)
            row["wikidata_property"] = entry.wikidata_property
            row["wikidata_value"] = entry.wikidata_value
            writer.writerow(["" if row[c] is None else str(row[c]) for c in CSV_COLUMNS])
        return buffer.getvalue()

    def to_html(self, include_archived: bool = False, language: str = "es") -> str:
        """A standalone, accessible HTML page (every value escaped)."""
        es = language.split("-")[0] == "es"
        esc = html.escape
        title = (
            "Cuentas oficiales de " if es else "Official accounts of "
        ) + self.organisation_name
        heads = (
            ("Red", "Cuenta", "Nombre", "Descripción", "Idiomas", "Estado", "Actualizado")
            if es
            else ("Network", "Account", "Name", "Description", "Languages", "Status", "Updated")
        )
        rows = []
        for e in self.live(include_archived):
            channel = self.channels.get(e.service)
            network = channel.display_name(language) if channel else e.service_display_name
            rows.append(
                "<tr>"
                f'<th scope="row">{esc(network)}</th>'
                f'<td><a href="{esc(e.service_url)}" rel="me noopener">{esc(e.account)}</a></td>'
                f"<td>{esc(e.display_name or '')}</td>"
                f"<td>{esc(e.short_description or '')}</td>"
                f"<td>{esc(', '.join(e.languages))}</td>"
                f"<td>{esc(_STATUS_ES.get(e.status, e.status) if es else e.status)}</td>"
                f"<td>{esc(e.updated_at.isoformat() if e.updated_at else '')}</td>"
                "</tr>"
            )
        caption = (
            "Solo estas cuentas hablan en nombre de la organización."
            if es
            else "Only these accounts speak for the organisation."
        )
        head_cells = "".join(f'<th scope="col">{esc(h)}</th>' for h in heads)
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{esc("es" if es else "en")}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n"
            "<style>body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.5}"
            "table{border-collapse:collapse}th,td{border:1px solid #555;padding:.4rem .6rem;"
            "text-align:left;vertical-align:top}a{color:#0645ad}</style>\n"
            f"</head>\n<body>\n<main>\n<h1>{esc(title)}</h1>\n"
            f"<table>\n<caption>{esc(caption)}</caption>\n<thead><tr>{head_cells}</tr></thead>\n"
            "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</main>\n</body>\n</html>\n"
        )

    def to_atom(self, base_url: str | None = None, now: datetime | None = None) -> str:
        """An Atom feed (RFC 4287) of changes: one entry per account, live or archived.

        Each entry's ``updated`` is when the account entered its state; the feed's is the latest
        of those (or ``now`` when there are none). Archived accounts stay in the feed so that
        readers learn they are no longer official.
        """
        ns = "http://www.w3.org/2005/Atom"
        ET.register_namespace("", ns)
        feed_uuid = uuid.uuid5(uuid.NAMESPACE_URL, f"govsm:registry:{self.organisation}")
        feed_id = feed_uuid.urn

        def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> None:
            element = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)
            if text is not None:
                element.text = text

        def stamp(day: date | None) -> str:
            moment = datetime.combine(day, time(0, 0), UTC) if day else (now or _epoch())
            return moment.isoformat().replace("+00:00", "Z")

        entries = sorted(
            self.live(include_archived=True),
            key=lambda e: (e.updated_at or date.min, e.id),
            reverse=True,
        )
        feed = ET.Element(f"{{{ns}}}feed")
        sub(feed, "id", feed_id)
        sub(feed, "title", f"{self.organisation_name}: registry of official accounts")
        latest = max((e.updated_at for e in entries if e.updated_at), default=None)
        sub(feed, "updated", stamp(latest) if latest else stamp(None))
        author = ET.SubElement(feed, f"{{{ns}}}author")
        sub(author, "name", self.organisation_name)
        if base_url:
            sub(feed, "link", rel="self", href=base_url)
        if self.website:
            sub(feed, "link", rel="alternate", href=self.website)
        for e in entries:
            item = ET.SubElement(feed, f"{{{ns}}}entry")
            sub(item, "id", uuid.uuid5(feed_uuid, e.id).urn)
            verb = "archived" if e.status == "archived" else e.status
            sub(item, "title", f"{e.service_display_name} {e.account}: {verb}")
            sub(item, "updated", stamp(e.updated_at))
            sub(item, "link", rel="alternate", href=e.service_url)
            summary = f"{e.display_name or e.account} ({e.service}) — status {e.status}"
            sub(item, "summary", summary)
            for tag in e.tags:
                sub(item, "category", term=tag)
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(feed, encoding="unicode")
            + "\n"
        )


_STATUS_ES = {"active": "activa", "dormant": "inactiva", "archived": "archivada"}


def _epoch() -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC)
