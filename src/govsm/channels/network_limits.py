"""The limits one network account declares, over the catalogue's published ones.

The catalogue (:mod:`govsm.channels.catalogue`) holds each network's published limits; some
networks let each server set its own (a Mastodon instance allows 500 characters, or 5,000). An
adapter declares what its server allows in its :class:`~govsm.spec.remote.Capabilities`;
``govsm sync`` keeps them per profile (:meth:`SyncState.save_limits
<govsm.store.sync_state.SyncState.save_limits>`), and :func:`NetworkLimits.applied_to` gives the
profile's channel with them, which is what :func:`govsm.text.measure` and the length rules
should count against for that profile (:func:`govsm.syncing.limits.profile_channel`).

Only the limits :class:`~govsm.model.ChannelLimits` has a place for are kept: characters per
post, attachments per post and characters of alt text. How a link counts
(``characters_reserved_per_url`` on Mastodon) is not among an adapter's capabilities, so it
stays the catalogue's.
"""

from __future__ import annotations

from datetime import datetime

import attrs
from attrs import field, frozen

from govsm.model import Channel
from govsm.spec.remote import Capabilities

__all__ = ["NetworkLimits"]


def _positive(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


@frozen
class NetworkLimits:
    """What a profile's adapter declared it can publish there, and when.

    For Mastodon that is what the instance publishes; for other networks, the network's or the
    plugin's own limits (WordPress: 10 images per post, the plugin's).

    :param network: the channel's id the limits are of (``mastodon``).
    :param read_at: when the adapter read them.
    :param text: characters per post, counted as the channel counts them.
    :param media: attachments per post.
    :param alt_text: characters of alt text per attachment.
    :param source: where they were read (the server's address, when the adapter names it).
    """

    network: str
    read_at: datetime
    text: int | None = None
    media: int | None = None
    alt_text: int | None = None
    source: str | None = field(default=None)

    @classmethod
    def from_capabilities(cls, capabilities: Capabilities, at: datetime) -> NetworkLimits | None:
        """The limits an adapter declares; ``None`` when it declares none of them.

        The source kept is the first of the capabilities' sources (Mastodon's adapter names its
        instance's ``/api/v2/instance`` there).
        """
        limits = cls(
            network=capabilities.network,
            read_at=at,
            text=_positive(capabilities.text_limit),
            media=capabilities.max_media if capabilities.media_kinds else None,
            alt_text=_positive(capabilities.alt_text_limit),
            source=capabilities.sources[0] if capabilities.sources else None,
        )
        if limits.text is None and limits.media is None and limits.alt_text is None:
            return None
        return limits

    def applied_to(self, channel: Channel) -> Channel:
        """``channel`` with these limits where it has them; unchanged for another network.

        >>> from datetime import UTC, datetime
        >>> from govsm.channels.catalogue import CHANNELS
        >>> mastodon = next(c for c in CHANNELS if c.id == "mastodon")
        >>> read = NetworkLimits("mastodon", datetime(2026, 12, 7, tzinfo=UTC), text=5000)
        >>> read.applied_to(mastodon).limits.text, mastodon.limits.text
        (5000, 500)
        """
        if channel.id != self.network:
            return channel
        changed: dict[str, int] = {
            name: value
            for name, value in (
                ("text", self.text),
                ("media", self.media),
                ("alt_text", self.alt_text),
            )
            if value is not None
        }
        if not changed:
            return channel
        sources = channel.sources
        if self.source and self.source not in sources:
            sources = (self.source, *sources)
        return attrs.evolve(
            channel, limits=attrs.evolve(channel.limits, **changed), sources=sources
        )

    @classmethod
    def kept(
        cls,
        *,
        network: str,
        read_at: datetime,
        text: object,
        media: object,
        alt_text: object,
        source: object,
    ) -> NetworkLimits:
        """The limits as a store kept them; a value that is not a usable limit is no limit.

        >>> from datetime import UTC, datetime
        >>> at = datetime(2026, 12, 7, tzinfo=UTC)
        >>> NetworkLimits.kept(network="mastodon", read_at=at, text=5000, media=-1,
        ...                    alt_text=True, source=None).text
        5000
        """
        return cls(
            network=network,
            read_at=read_at,
            text=_positive(text),
            media=_count(media),
            alt_text=_positive(alt_text),
            source=source if isinstance(source, str) else None,
        )
