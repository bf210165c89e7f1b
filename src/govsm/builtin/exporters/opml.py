"""Built-in plugin: ``opml``, the organisation's official profiles as an OPML 2.0 outline.

The profiles that are the organisation's official presence — open, whether used lately or not
(``active`` and ``dormant``; requested, rejected and archived ones are not) — grouped by unit,
sub-units inside their unit, in the order the workspace declares them. Each profile is an
``outline`` of ``type="link"`` whose ``url`` is its public address, its ``text`` the network,
the profile's name and handle, its ``category`` the network's id and its ``created`` the day it
was opened (RFC 822). A profile with no address is listed with its text only. ``--unit`` lists
that unit and those below it; ``--profile`` one profile.

``govsm audit`` writes the whole organisation's list into the report folder as
``profiles.opml``.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import BinaryIO

from govsm.builtin.exporters.feed_writing import XmlWriter, rfc822
from govsm.model import Profile, Unit
from govsm.spec.export_source import OFFICIAL_STATES, ExportSource
from govsm.spec.exporter import Exporter, InReport
from govsm.spec.hookspecs import hookimpl

#: where the format is specified (the head's ``docs``)
DOCS = "http://opml.org/spec2.opml"


def write(source: ExportSource, out: BinaryIO) -> None:
    """Write the OPML outline of ``source``'s official profiles to ``out``."""
    official = [p for p in source.selected_profiles() if p.state in OFFICIAL_STATES]
    units = source.selected_units()
    known = {u.id for u in units}
    xml = XmlWriter(out)
    xml.declaration()
    xml.start("opml", {"version": "2.0"})
    xml.start("head")
    xml.leaf("title", f"Perfiles oficiales · {source.title}")
    xml.leaf("dateCreated", rfc822(source.generated_at))
    xml.leaf("ownerName", source.organisation.name)
    xml.leaf("docs", DOCS)
    xml.end("head")
    xml.start("body")
    roots = [u for u in units if u.parent not in known]
    for unit in roots:
        _unit(xml, source, unit, units, official)
    for profile in official:  # a profile whose unit is not among the units listed
        if profile.unit not in known:
            _profile(xml, source, profile)
    xml.end("body")
    xml.end("opml")
    xml.close()


def _unit(
    xml: XmlWriter,
    source: ExportSource,
    unit: Unit,
    units: tuple[Unit, ...],
    official: list[Profile],
) -> None:
    below = [u for u in units if u.parent == unit.id]
    own = [p for p in official if p.unit == unit.id]
    if not own and not any(_has_profiles(u, units, official) for u in below):
        return
    xml.start("outline", {"text": unit.name})
    for profile in own:
        _profile(xml, source, profile)
    for child in below:
        _unit(xml, source, child, units, official)
    xml.end("outline")


def _has_profiles(unit: Unit, units: tuple[Unit, ...], official: list[Profile]) -> bool:
    if any(p.unit == unit.id for p in official):
        return True
    return any(_has_profiles(u, units, official) for u in units if u.parent == unit.id)


def _profile(xml: XmlWriter, source: ExportSource, profile: Profile) -> None:
    channel = source.channel(profile.channel)
    network = channel.name if channel is not None else profile.channel
    name = profile.name or profile.handle
    text = f"{network} · {name}" + (f" ({profile.handle})" if profile.name else "")
    created = (
        rfc822(datetime.combine(profile.opened_on, time(0), tzinfo=UTC))
        if profile.opened_on
        else None
    )
    xml.empty(
        "outline",
        {
            "text": text,
            "type": "link" if profile.url else None,
            "url": profile.url,
            "category": f"/{profile.channel}",
            "created": created,
        },
    )


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the OPML exporter."""
    return [
        Exporter(
            name="opml",
            description="OPML 2.0 outline of the organisation's official profiles, by unit",
            media_type="text/x-opml",
            export=write,
            extension=".opml",
            in_report=InReport("profiles.opml"),
        )
    ]
