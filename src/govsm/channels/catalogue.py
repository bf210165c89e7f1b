"""The catalogue of networks Spanish public bodies use, or used.

Limits here are the networks' published ones; each channel lists its sources. Per-network text
counting (issue "text engine") refines how the length is measured; the numbers live here as data.
"""

from __future__ import annotations

from datetime import date

from govsm.model import (
    Capability,
    Channel,
    ChannelLimits,
    ChannelStatus,
    TextCounting,
    TextRules,
    WeightRange,
)

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
        # twitter-text configuration v3
        text_rules=TextRules(
            scale=100,
            default_weight=200,
            ranges=(
                WeightRange(0, 4351, 100),
                WeightRange(8192, 8205, 100),
                WeightRange(8208, 8223, 100),
                WeightRange(8242, 8247, 100),
            ),
            url_length=23,
            emoji_length=2,
            normalization="NFC",
            entity_syntax="twitter-text",
        ),
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
        text_rules=TextRules(
            url_length=23,
            urls_need_scheme=True,
            remote_mention_local_only=True,
            content_warning_counts=True,
            entity_syntax="mastodon",
        ),
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
            "(configuration.statuses.max_characters, characters_reserved_per_url, "
            "max_media_attachments; configuration.media_attachments.description_limit)",
            "Mastodon 4.6 source (github.com/mastodon/mastodon): "
            "app/validators/status_length_validator.rb (MAX_CHARS 500, URL_PLACEHOLDER_CHARS 23, "
            "grapheme clusters, content warning counted, mentions counted without their domain), "
            "Status::MEDIA_ATTACHMENTS_LIMIT 4, MediaAttachment::MAX_DESCRIPTION_LENGTH 1500, "
            "Account::NOTE_LENGTH_LIMIT 500, Account::USERNAME_LENGTH_LIMIT 30",
        ),
        notes="The limits are the instance's: these are a stock server's. "
        "govsm.text.mastodon.instance_limits reads them from the instance's /api/v2/instance.",
    ),
    Channel(
        id="bluesky",
        name="Bluesky",
        counting=TextCounting.GRAPHEMES,
        limits=ChannelLimits(text=300, text_bytes=3000, media=4, bio=256, handle=253),
        text_rules=TextRules(hashtag_max=64, entity_syntax="atproto"),
        capabilities=(*_SOCIAL,),
        homepage="https://bsky.app",
        sources=(
            "Lexicon app.bsky.feed.post: text maxGraphemes 300, maxLength 3000 (UTF-8 bytes)",
            "Lexicon app.bsky.embed.images: images maxLength 4",
            "Lexicon app.bsky.actor.profile: description maxGraphemes 256",
            "Lexicon app.bsky.richtext.facet#tag: tag maxGraphemes 64",
            "https://atproto.com/specs/handle (at most 253 characters)",
            "@atproto/api 0.21.0, RichText.detectFacetsWithoutResolution (how facets are found)",
        ),
    ),
    Channel(
        id="threads",
        name="Threads",
        counting=TextCounting.CODE_POINTS,
        limits=ChannelLimits(text=500, media=20),
        text_rules=TextRules(entity_syntax="threads"),
        capabilities=(*_SOCIAL,),
        homepage="https://www.threads.net",
        sources=(
            "https://developers.facebook.com/documentation/threads/posts (text posts are limited "
            "to 500 characters; emojis are counted as the number of UTF-8 bytes)",
            "https://developers.facebook.com/documentation/threads/posts/carousel-posts "
            "(up to 20 images and videos)",
        ),
    ),
    Channel(
        id="facebook",
        name="Facebook",
        counting=TextCounting.CODE_POINTS,
        limits=ChannelLimits(text=63206),
        capabilities=(*_SOCIAL, Capability.SCHEDULE, Capability.EDIT),
        homepage="https://www.facebook.com",
        sources=(
            "Facebook, November 2011: the limit of a status update raised to 63,206 characters "
            "(widely cited since; no current Meta reference page states a limit)",
        ),
    ),
    Channel(
        id="instagram",
        name="Instagram",
        counting=TextCounting.CODE_POINTS,
        limits=ChannelLimits(text=2200, media=20, hashtags=5, bio=150),
        capabilities=(*_SOCIAL,),
        homepage="https://www.instagram.com",
        sources=(
            "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/"
            "reference/ig-user/media (caption: 2,200 characters; carousels of up to 20 items)",
            "Instagram (@creators, Adam Mosseri), December 2025: at most 5 hashtags per post or "
            "reel, down from 30",
            "Instagram's profile editor: a bio holds up to 150 characters",
        ),
        notes="Until December 2025 a caption could hold 30 hashtags.",
    ),
    Channel(
        id="linkedin",
        name="LinkedIn",
        counting=TextCounting.CODE_POINTS,
        limits=ChannelLimits(text=3000),
        capabilities=(*_SOCIAL,),
        homepage="https://www.linkedin.com",
        sources=(
            "LinkedIn Help and LinkedIn's composer: a post holds up to 3,000 characters (the "
            "Posts API's commentary field, learn.microsoft.com/linkedin/marketing/"
            "community-management/shares/posts-api)",
        ),
    ),
    Channel(
        id="youtube",
        name="YouTube",
        counting=TextCounting.UTF8_BYTES,
        limits=ChannelLimits(text=5000, title=100),
        capabilities=(Capability.POST, Capability.REPLY, Capability.VIDEO, Capability.SCHEDULE),
        homepage="https://www.youtube.com",
        sources=(
            "https://developers.google.com/youtube/v3/docs/videos (snippet.title: at most 100 "
            "characters; snippet.description: at most 5000 bytes; neither may contain < or >)",
        ),
        notes="The text measured is a video's description, in UTF-8 bytes as the YouTube Data "
        "API limits it; the title's limit is in characters.",
    ),
    Channel(
        id="telegram",
        name="Telegram",
        counting=TextCounting.UTF16_UNITS,
        limits=ChannelLimits(text=4096),
        capabilities=(Capability.POST, Capability.IMAGES, Capability.VIDEO, Capability.EDIT),
        homepage="https://telegram.org",
        sources=(
            "https://core.telegram.org/bots/api#sendmessage (text: 1-4096 characters after "
            "entities parsing)",
            "https://core.telegram.org/bots/api#sendphoto (caption: 0-1024 characters after "
            "entities parsing)",
            "https://core.telegram.org/api/entities (lengths and offsets are counted in UTF-16 "
            "code units)",
        ),
        notes="Captions of photos and videos: 1,024 characters.",
    ),
    Channel(
        id="flickr",
        name="Flickr",
        counting=TextCounting.CODE_POINTS,
        limits=ChannelLimits(),
        capabilities=(Capability.POST, Capability.IMAGES, Capability.VIDEO),
        homepage="https://www.flickr.com",
        sources=(
            "https://www.flickr.com/services/api/upload.api.html (title and description: no "
            "length limit published)",
        ),
        notes="Flickr publishes no limit for a photo's title or description.",
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
        sources=("The organisation's own site: its limits are whatever its software sets",),
        notes="The organisation's own blog (WordPress or similar): general, per área or of "
        "office holders (seed 004). No limit: the text is measured in code points.",
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
