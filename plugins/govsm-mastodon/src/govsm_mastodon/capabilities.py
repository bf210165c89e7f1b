"""What a Mastodon instance can do, read from its ``/api/v2/instance``.

Every instance sets its own limits; the adapter reads them once and declares them:

* characters per post: ``configuration.statuses.max_characters`` (500 on a stock server; the
  content warning counts with the text, every link as ``characters_reserved_per_url``);
* attachments per post: ``configuration.statuses.max_media_attachments`` (4);
* the kinds of attachment: ``configuration.media_attachments.supported_mime_types``;
* the largest image: ``configuration.media_attachments.image_size_limit`` (bytes);
* characters of alt text: ``configuration.media_attachments.description_limit`` (Mastodon 4.4
  and later; older servers refuse more than ``MediaAttachment::MAX_DESCRIPTION_LENGTH``, 1500).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govsm.channels.catalogue import CHANNELS
from govsm.errors import ConfigError
from govsm.model import Channel, MediaKind
from govsm.spec.remote import Capabilities
from govsm.text.mastodon import instance_limits
from govsm_mastodon.errors import NETWORK

__all__ = ["METRICS", "SOURCES", "capabilities_from"]

#: the counts :meth:`~govsm_mastodon.adapter.MastodonAdapter.metrics` fills: a status's
#: ``replies_count``, ``reblogs_count`` and ``favourites_count``; the account's
#: ``followers_count`` and ``statuses_count``
METRICS = frozenset({"replies", "reposts", "likes", "followers", "posts"})

#: the documentation the limits and the behaviour come from
SOURCES = (
    "https://docs.joinmastodon.org/entities/Instance/ (configuration.statuses.max_characters, "
    "max_media_attachments; configuration.media_attachments.supported_mime_types, "
    "image_size_limit, description_limit)",
    "https://docs.joinmastodon.org/methods/statuses/ (POST /api/v1/statuses with "
    "Idempotency-Key, PUT to edit, DELETE, GET /api/v1/statuses/:id/history)",
    "https://docs.joinmastodon.org/methods/media/ (POST /api/v2/media with description)",
    "https://docs.joinmastodon.org/methods/notifications/ (GET /api/v1/notifications, "
    "types[]=mention, include_filtered)",
    "https://docs.joinmastodon.org/methods/accounts/ (verify_credentials, statuses)",
    "https://docs.joinmastodon.org/api/guidelines/#pagination",
)

#: what a server that lists no MIME types takes (Mastodon's documented formats)
_DEFAULT_KINDS = frozenset({MediaKind.IMAGE, MediaKind.GIF, MediaKind.VIDEO, MediaKind.AUDIO})


def _mastodon_channel() -> Channel:
    """The built-in ``mastodon`` channel of govsm (a stock server's limits, with their sources)."""
    return next(channel for channel in CHANNELS if channel.id == NETWORK)


def _media_kinds(types: object) -> frozenset[MediaKind]:
    """The kinds of attachment a list of MIME types allows."""
    if not isinstance(types, list) or not types:
        return _DEFAULT_KINDS
    kinds: set[MediaKind] = set()
    for mime in types:
        if not isinstance(mime, str):
            continue
        if mime == "image/gif":
            kinds.add(MediaKind.GIF)
        elif mime.startswith("image/"):
            kinds.add(MediaKind.IMAGE)
        elif mime.startswith("video/"):
            kinds.add(MediaKind.VIDEO)
        elif mime.startswith("audio/"):
            kinds.add(MediaKind.AUDIO)
    return frozenset(kinds)


def _positive(value: object) -> int | None:
    """``value`` when it is a positive whole number."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def capabilities_from(instance: Mapping[str, Any], base_url: str) -> Capabilities:
    """The capabilities of the instance whose ``/api/v2/instance`` answered ``instance``.

    A limit the instance does not publish is a stock server's (govsm's ``mastodon`` channel).

    :param instance: the decoded JSON of ``/api/v2/instance``.
    :param base_url: the instance's address, named among the sources.
    """
    base = _mastodon_channel()
    try:
        channel = instance_limits(instance, base)
    except ConfigError:
        channel = base
    configuration = instance.get("configuration")
    media_conf: Mapping[str, Any] = {}
    if isinstance(configuration, Mapping):
        found = configuration.get("media_attachments")
        media_conf = found if isinstance(found, Mapping) else {}
    kinds = _media_kinds(media_conf.get("supported_mime_types"))
    max_media = channel.limits.media or 0
    description_limit = _positive(media_conf.get("description_limit"))
    # the catalogue's sources say where a stock server's limits, used when one is missing, are
    sources = (f"{base_url}/api/v2/instance", *SOURCES, *base.sources)
    return Capabilities(
        network=NETWORK,
        media_kinds=kinds if max_media > 0 else frozenset(),
        max_media=max_media if kinds else 0,
        max_media_bytes=_positive(media_conf.get("image_size_limit")),
        alt_text_limit=description_limit or channel.limits.alt_text,
        text_limit=channel.limits.text,
        threads=True,
        edit=True,
        delete=True,
        content_warning=True,
        native_idempotency=True,
        direct_messages=True,
        own_history=False,
        metrics=METRICS,
        sources=sources,
    )
