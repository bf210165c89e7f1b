"""Records passed to and returned by the event hooks."""

from __future__ import annotations

from attrs import frozen

from govsm.model.bilingual import Bilingual


@frozen
class PublishVeto:
    """A plugin's refusal to let a message go out.

    See :func:`~govsm.spec.hookspecs.govsm_before_publish`.

    :param plugin: the name of the plugin that vetoes.
    :param reason: why, in Spanish and English.
    """

    plugin: str
    reason: Bilingual
