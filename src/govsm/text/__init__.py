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

__all__ = ["Entity", "EntityKind", "Measurement", "first_excess", "measure"]


@cache
def _builtin_channels() -> Mapping[str, Channel]:
    return {channel.id: channel for channel in CHANNELS}


@cache
def _load_implementations() -> None:
    # importing each module registers its extractor and counter
    from govsm.text import atproto, generic, mastodon, twitter  # noqa: F401


def _resolve(channel: Channel | str, channels: Mapping[str, Channel] | None) -> Channel:
    if not isinstance(channel, str):
        return channel
    known = channels if channels is not None else _builtin_channels()
    if channel not in known:
        raise ConfigError(
            f"canal desconocido «{channel}»; conocidos: {', '.join(sorted(known))}",
            f"unknown channel '{channel}'; known: {', '.join(sorted(known))}",
        )
    return known[channel]


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
    channel = _resolve(channel, channels)
    _load_implementations()
    extractor, counter = registry.implementations(channel)
    entities = extractor(text, channel)
    limits = channel.limits
    refusal = registry.REFUSALS.get(channel.text_rules.entity_syntax)
    return Measurement(
        channel=channel.id,
        counting=channel.counting,
        length=counter(text, entities, channel, content_warning),
        limit=limits.text,
        utf8_bytes=len(text.encode("utf-8", "surrogatepass")),
        byte_limit=limits.text_bytes,
        entities=entities,
        refused=refusal(text) if refusal else (),
        text=text,
    )


def first_excess(
    text: str,
    channel: Channel | str,
    limit: int,
    *,
    channels: Mapping[str, Channel] | None = None,
) -> int:
    """The code point index where ``text`` stops fitting within ``limit`` as ``channel`` counts.

    The first ``i`` such that ``text[: i + 1]`` measures more than ``limit`` (``len(text)`` if
    the whole text fits), exactly as a binary search over the measured prefixes finds it, but
    for govsm's own channels in about one pass over the text rather than one measurement per
    step (see ``govsm.text.excess``). A prefix is measured as :func:`measure` measures it,
    without a content warning.

    >>> text = "Bon dia, Soldeneu! " * 20
    >>> first_excess(text, "x", 280), first_excess(text, "x", 500), len(text)
    (280, 380, 380)
    >>> first_excess("Festa major 🎉🎉 a Soldeneu", "x", 14)
    13

    :param text: the text as written.
    :param channel: a :class:`~govsm.model.Channel`, or its id.
    :param limit: the most the channel takes, in its unit (a measurement's ``limit``, say).
    :param channels: where to look ids up, as for :func:`measure`.
    :raises ConfigError: for an unknown channel id or a channel whose rules name no known
        entity syntax or counting unit.
    """
    from govsm.text import excess  # loads every network's module, as measuring does

    return excess.first_excess(text, _resolve(channel, channels), limit)
