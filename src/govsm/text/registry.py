"""Where :func:`govsm.text.measure` finds how to extract entities and how to count.

Channels declare *data* (:class:`~govsm.model.TextRules`: a counting unit, weights, an entity
syntax name); this module maps the names to the code that applies them. Each network's module
registers its extractor and counter here when :mod:`govsm.text` is imported.
"""

from __future__ import annotations

from collections.abc import Callable

from govsm.errors import ConfigError
from govsm.model import Channel, TextCounting
from govsm.spec.entities import Entity

#: finds the entities of a text (offsets in code points of the text as given)
Extractor = Callable[[str, Channel], tuple[Entity, ...]]

#: counts a text in the channel's unit, given its entities and optional content warning
Counter = Callable[[str, tuple[Entity, ...], Channel, str | None], int]

#: finds the characters a network refuses outright (code-point offsets)
Refusal = Callable[[str], tuple[int, ...]]

EXTRACTORS: dict[str, Extractor] = {}
COUNTERS: dict[TextCounting, Counter] = {}
REFUSALS: dict[str, Refusal] = {}


def register_extractor(name: str, extractor: Extractor) -> None:
    """Make ``extractor`` the one for channels whose ``text_rules.entity_syntax`` is ``name``."""
    EXTRACTORS[name] = extractor


def register_counter(unit: TextCounting, counter: Counter) -> None:
    """Make ``counter`` the one for channels counting in ``unit``."""
    COUNTERS[unit] = counter


def register_refusal(name: str, refusal: Refusal) -> None:
    """Make ``refusal`` find the characters channels with entity syntax ``name`` refuse."""
    REFUSALS[name] = refusal


def implementations(channel: Channel) -> tuple[Extractor, Counter]:
    """The extractor and the counter registered for ``channel``'s rules.

    :raises ConfigError: for a channel whose rules name no known entity syntax or counting unit.
    """
    syntax = channel.text_rules.entity_syntax
    extractor = EXTRACTORS.get(syntax)
    counter = COUNTERS.get(channel.counting)
    if extractor is None or counter is None:
        missing = f"entity syntax '{syntax}'" if extractor is None else f"unit '{channel.counting}'"
        raise ConfigError(
            f"el canal «{channel.id}» usa reglas que govsm no conoce ({missing})",
            f"channel '{channel.id}' uses rules govsm does not know ({missing})",
        )
    return extractor, counter
