"""Built-in plugin: the catalogue of networks (:mod:`govsm.channels`) as channels."""

from __future__ import annotations

from govsm.channels.catalogue import CHANNELS
from govsm.model import Channel
from govsm.spec.hookspecs import hookimpl


@hookimpl
def govsm_channels() -> tuple[Channel, ...]:
    """Declare the built-in channels."""
    return CHANNELS
