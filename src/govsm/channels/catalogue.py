"""Built-in plugin: the catalogue of networks Spanish public bodies use, or used.

Limits here are the networks' published ones; each channel lists its sources. Per-network text
counting (issue "text engine") refines how the length is measured; the numbers live here as data.
"""

from __future__ import annotations

from datetime import date

from govsm.hookspecs import hookimpl
from govsm.model import Capability, Channel, ChannelLimits, ChannelStatus, TextCounting

_SOCIAL = (
    Capability.POST,
    Capability.REPLY,
    Capability.IMAGES,
    Capability.VIDEO,
    Capability.ALT_TEXT,
    Capability.DIRECT_MESSAGES,
)

CHANNELS: tuple[Channel, ...] = (
    Channel(
        id="x",
        name="X (Twitter)",
        counting=TextCounting.TWITTER_TEXT_V3,
        limits=ChannelLimits(text=280, url_length=23, media=4, alt_text=1000, bio=160, handle=15),
        capabilities=(*_SOCIAL, Capability.SCHEDULE),
        homepage="https://x.com",
        sources=(
            "https://docs.x.com/resources/fundamentals/counting-characters",
            "twitter-text configuration v3 (github.com/twitter/twitter-text, config/v3.json)",
        ),
    ),
    Channel(
        id="mastodon",
        name="Mastodon",
        counting=TextCounting.GRAPHEMES,
        limits=ChannelLimits(text=500, url_length=23, media=4, alt_text=1500, bio=500, handle=30),
        capabilities=(
            *_SOCIAL,
            Capability.SCHEDULE,
            Capability.EDIT,
            Capability.IDEMPOTENCY_KEY,
            Capability.CONTENT_WARNING,
        ),
        homepage="https://joinmastodon.org",
        sources=(
            "https://docs.joinmastodon.org/entities/Instance/ "
            "(configuration.statuses.max_characters, characters_reserved_per_url)",
        ),
        notes="The limit is the instance's: 500 is the default of a stock server.",
    ),
    Channel(
        id="bluesky",
        name="Bluesky",
        counting=TextCounting.GRAPHEMES,
        limits=ChannelLimits(text=300, text_bytes=3000, media=4, bio=256),
        capabilities=(*_SOCIAL,),
        homepage="https://bsky.app",
        sources=("Lexicon app.bsky.feed.post: text maxGraphemes 300, maxLength 3000",),
    ),
    Channel(
        id="threads",
        name="Threads",
        counting=TextCounting.CODE_POINTS,
        limits=ChannelLimits(text=500, media=20),
        capabilities=(*_SOCIAL,),
        homepage="https://www.threads.net",
        sources=("https://developers.facebook.com/docs/threads/overview",),
    ),
    Channel(
        id="facebook",
        name="Facebook",
        counting=TextCounting.CODE_POINTS,
        limits=ChannelLimits(text=63206),
        capabilities=(*_SOCIAL, Capability.SCHEDULE, Capability.EDIT),
        homepage="https://www.facebook.com",
        sources=("Meta: a Facebook post holds up to 63,206 characters",),
    ),
    Channel(
        id="instagram",
        name="Instagram",
        counting=TextCounting.CODE_POINTS,
        limits=ChannelLimits(text=2200, media=20, hashtags=30, bio=150),
        capabilities=(*_SOCIAL,),
        homepage="https://www.instagram.com",
        sources=(
            "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/"
            "reference/ig-user/media (caption: 2,200 characters, 30 hashtags)",
        ),
    ),
    Channel(
        id="linkedin",
        name="LinkedIn",
        counting=TextCounting.CODE_POINTS,
        limits=ChannelLimits(text=3000),
        capabilities=(*_SOCIAL,),
        homepage="https://www.linkedin.com",
        sources=("LinkedIn Posts API: commentary up to 3,000 characters",),
    ),
    Channel(
        id="youtube",
        name="YouTube",
        counting=TextCounting.CODE_POINTS,
        limits=ChannelLimits(text=5000, title=100),
        capabilities=(Capability.POST, Capability.REPLY, Capability.VIDEO, Capability.SCHEDULE),
        homepage="https://www.youtube.com",
        sources=(
            "YouTube Data API, videos resource: snippet.title 100 characters, "
            "snippet.description 5,000 bytes",
        ),
    ),
    Channel(
        id="telegram",
        name="Telegram",
        counting=TextCounting.UTF16_UNITS,
        limits=ChannelLimits(text=4096),
        capabilities=(Capability.POST, Capability.IMAGES, Capability.VIDEO, Capability.EDIT),
        homepage="https://telegram.org",
        sources=("https://core.telegram.org/bots/api#sendmessage (1-4096 characters)",),
        notes="Captions of photos and videos: 1,024 characters.",
    ),
    Channel(
        id="flickr",
        name="Flickr",
        counting=TextCounting.CODE_POINTS,
        limits=ChannelLimits(),
        capabilities=(Capability.POST, Capability.IMAGES, Capability.VIDEO),
        homepage="https://www.flickr.com",
        sources=("https://www.flickr.com/services/api/upload.api.html",),
    ),
    Channel(
        id="blog",
        name="Corporate blog",
        counting=TextCounting.CODE_POINTS,
        limits=ChannelLimits(),
        capabilities=(
            Capability.POST,
            Capability.IMAGES,
            Capability.VIDEO,
            Capability.ALT_TEXT,
            Capability.SCHEDULE,
            Capability.EDIT,
        ),
        notes="The organisation's own blog (WordPress or similar): general, per área or of "
        "office holders (seed 004).",
    ),
    Channel(
        id="tuenti",
        name="Tuenti",
        status=ChannelStatus.CLOSED,
        deprecated_on=date(2016, 2, 1),
        closed_on=date(2017, 9, 1),
        homepage="https://www.tuenti.es",
        sources=(
            "PuroMarketing, 1 Feb 2016: plans to close the Tuenti social network during 2016",
            "Hipertextual, Aug 2017: photo downloads until 31 Aug 2017, content deleted on "
            "1 Sep 2017",
        ),
        notes="Spanish social network (2006). Hardly used after 2012; its closure as a social "
        "network was announced in February 2016 (Tuenti carried on as a mobile operator); "
        "users could download their photos until 31 August 2017, and the content was deleted "
        "on 1 September 2017.",
    ),
    Channel(
        id="googleplus",
        name="Google+",
        status=ChannelStatus.CLOSED,
        deprecated_on=date(2018, 10, 8),
        closed_on=date(2019, 4, 2),
        homepage="https://plus.google.com",
        sources=(
            "Google, 8 Oct 2018: Google+ for consumers to be shut down",
            "Google: Google+ for consumer (personal) accounts shut down on 2 April 2019",
        ),
        notes="Seed 003 (2017) already advised public bodies to leave it.",
    ),
)


@hookimpl
def govsm_channels() -> tuple[Channel, ...]:
    """Declare the built-in channels."""
    return CHANNELS
