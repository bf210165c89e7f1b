"""Measuring text exactly as each network does: length, limit, validity and entities.

>>> from govsm.text import measure
>>> m = measure("Bon dia, Soldeneu! https://www.soldeneu.es/fires", "x")
>>> m.length, m.limit, m.valid
(42, 280, True)
>>> [e.text for e in m.entities]
['https://www.soldeneu.es/fires']

X links (and counts as 23) only domains under top-level domains it knows; ``.example`` is not
one, so there the address counts character by character:

>>> measure("Bon dia, Soldeneu! https://www.soldeneu.example/fires", "x").length
53
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from govsm.channels.catalogue import CHANNELS
from govsm.errors import ConfigError
from govsm.model import Channel
from govsm.spec.entities import Entity, EntityKind
from govsm.spec.measurement import Measurement
from govsm.text import registry
from govsm.text.segmentation import grapheme_count

__all__ = ["Entity", "EntityKind", "Measurement", "measure"]


@cache
def _builtin_channels() -> Mapping[str, Channel]:
    return {channel.id: channel for channel in CHANNELS}


@cache
def _load_implementations() -> None:
    # importing each module registers its extractor and counter
    from govsm.text import atproto, generic, mastodon, twitter  # noqa: F401


def measure(
    text: str,
    channel: Channel | str,
    *,
    content_warning: str | None = None,
    channels: Mapping[str, Channel] | None = None,
) -> Measurement:
    """Measure ``text`` as ``channel`` counts it.

    :param text: the text as written.
    :param channel: a :class:`~govsm.model.Channel`, or its id (``"x"``, ``"mastodon"``…).
    :param content_warning: a content warning, counted with the text where the network does so.
    :param channels: where to look ids up (default: govsm's own catalogue,
        :mod:`govsm.channels`; a caller with a plugin host passes ``host.channels()`` to see
        the channels plugins add).
    :raises ConfigError: for an unknown channel id or a channel whose rules name no known
        entity syntax or counting unit.
    """
    if isinstance(channel, str):
        known = channels if channels is not None else _builtin_channels()
        if channel not in known:
            raise ConfigError(
                f"canal desconocido «{channel}»; conocidos: {', '.join(sorted(known))}",
                f"unknown channel '{channel}'; known: {', '.join(sorted(known))}",
            )
        channel = known[channel]
    _load_implementations()
    syntax = channel.text_rules.entity_syntax
    extractor = registry.EXTRACTORS.get(syntax)
    counter = registry.COUNTERS.get(channel.counting)
    if extractor is None or counter is None:
        missing = f"entity syntax '{syntax}'" if extractor is None else f"unit '{channel.counting}'"
        raise ConfigError(
            f"el canal «{channel.id}» usa reglas que govsm no conoce ({missing})",
            f"channel '{channel.id}' uses rules govsm does not know ({missing})",
        )
    entities = extractor(text, channel)
    length = counter(text, entities, channel, content_warning)
    return Measurement(
        channel=channel.id,
        counting=channel.counting,
        length=length,
        limit=channel.limits.text,
        utf8_bytes=len(text.encode("utf-8", "surrogatepass")),
        byte_limit=channel.limits.text_bytes,
        graphemes=grapheme_count(text),
        entities=entities,
        refused=refusal(text) if (refusal := registry.REFUSALS.get(syntax)) else (),
    )
