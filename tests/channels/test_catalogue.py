"""The channel catalogue, read from ``govsm/channels/data/catalogue.toml``.

The expectations below were taken from the catalogue as it was written in Python before it moved
to the data file: reading the file must give the same channels, in the same order.
"""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest

from govsm.channels.catalogue import CATALOGUE_FILE, CHANNELS, read_catalogue
from govsm.errors import ModelError
from govsm.model import (
    Capability,
    Channel,
    ChannelLimits,
    ChannelStatus,
    TextCounting,
    TextRules,
    WeightRange,
)

BY_ID = {channel.id: channel for channel in CHANNELS}
SOCIAL = (
    Capability.POST,
    Capability.REPLY,
    Capability.IMAGES,
    Capability.VIDEO,
    Capability.ALT_TEXT,
    Capability.DIRECT_MESSAGES,
)


def test_ids_in_order() -> None:
    """The catalogue lists the same networks, in the same order."""
    assert [channel.id for channel in CHANNELS] == [
        "x",
        "mastodon",
        "bluesky",
        "threads",
        "facebook",
        "instagram",
        "linkedin",
        "youtube",
        "telegram",
        "flickr",
        "blog",
        "tuenti",
        "googleplus",
    ]


def test_x() -> None:
    """X: twitter-text configuration v3, its limits and its capabilities."""
    assert BY_ID["x"] == Channel(
        id="x",
        name="X (Twitter)",
        counting=TextCounting.TWITTER_TEXT_V3,
        limits=ChannelLimits(
            text=280,
            long_text=25000,
            url_length=23,
            media=4,
            alt_text=1000,
            bio=160,
            handle=15,
        ),
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
            reply_mentions_counted=False,
            link_wrapper="t.co",
            repost_prefix="RT @",
        ),
        capabilities=(*SOCIAL, Capability.SCHEDULE),
        homepage="https://x.com",
        sources=(
            "https://docs.x.com/resources/fundamentals/counting-characters",
            "twitter-text configuration v3 (github.com/twitter/twitter-text, config/v3.json)",
        ),
        names={"es": "X (Twitter)"},
        post_url="https://x.com/{handle}/status/{remote_id}",
        reply_url="https://x.com/{handle}/status/{remote_id}",
        refuses_duplicates=True,
    )


def test_the_networks_that_refuse_repeated_text() -> None:
    """X, Facebook and LinkedIn refuse a repeated text: repeats of a post need a variant."""
    assert sorted(c.id for c in CHANNELS if c.refuses_duplicates) == ["facebook", "linkedin", "x"]


def test_names_by_language() -> None:
    """Every network has its Spanish name; the blog is a common noun, also in Valencian."""
    assert {c.id: c.display_name("es") for c in CHANNELS if c.name != c.display_name("es")} == {
        "blog": "Blog corporativo"
    }
    blog = BY_ID["blog"]
    assert blog.display_name("ca-valencia") == "Bloc corporatiu"
    assert blog.display_name("ca") == "Bloc corporatiu"  # the primary language serves too
    assert blog.display_name("en") == "Corporate blog"
    assert blog.display_name("gl") == "Corporate blog"  # no name given: the English one
    assert BY_ID["x"].display_name("ca-valencia") == "X (Twitter)"


def test_post_address_templates() -> None:
    """Networks with a stable public form of a post's address have a template; others none."""
    assert {c.id: c.post_url for c in CHANNELS if c.post_url} == {
        "x": "https://x.com/{handle}/status/{remote_id}",
        "mastodon": "https://{instance}/@{user}/{remote_id}",
        "bluesky": "https://bsky.app/profile/{handle}/post/{record_key}",
        "facebook": "https://www.facebook.com/{remote_id}",
        "linkedin": "https://www.linkedin.com/feed/update/{remote_id}/",
        "youtube": "https://www.youtube.com/watch?v={remote_id}",
        "telegram": "https://t.me/{handle}/{remote_id}",
        "flickr": "https://www.flickr.com/photos/{handle}/{remote_id}/",
    }
    assert {c.id for c in CHANNELS if c.reply_url} == {"x", "mastodon", "bluesky"}
    assert all(c.reply_url == c.post_url for c in CHANNELS if c.reply_url)


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("https://x.com/{nickname}/status/{remote_id}", "is not a known placeholder"),
        ("http://x.com/{handle}/status/{remote_id}", "must start with https://"),
        ("https://x.com/{handle!r}", "takes no format or conversion"),
        ("https://x.com/{handle:>20}", "takes no format or conversion"),
        ("https://x.com/{handle", "is not a valid template"),
        ("https://x.com/\u202e{handle}", "U+202E"),
    ],
)
def test_a_bad_template_is_refused(template: str, words: str) -> None:
    """A template with an unknown placeholder, no https or a hidden character is refused."""
    with pytest.raises(ModelError) as caught:
        Channel(id="x", name="X", post_url=template)
    assert words in caught.value.en
    assert "post_url" in caught.value.es


@pytest.mark.parametrize(
    ("names", "words"),
    [
        ({"español": "Blog"}, "not a valid BCP 47 language tag"),
        ({"es": "  "}, "must be a name"),
        ({"es": "Blog\u200bcorporativo"}, "U+200B"),
    ],
)
def test_bad_names_are_refused(names: dict[str, str], words: str) -> None:
    """A name by language needs a language tag and a visible name."""
    with pytest.raises(ModelError) as caught:
        Channel(id="blog", name="Corporate blog", names=names)
    assert words in caught.value.en


def test_mastodon_and_bluesky() -> None:
    """Mastodon's and Bluesky's text rules and limits."""
    mastodon = BY_ID["mastodon"]
    assert mastodon.counting is TextCounting.GRAPHEMES
    assert mastodon.limits == ChannelLimits(
        text=500, url_length=23, media=4, alt_text=1500, bio=500, handle=30
    )
    assert mastodon.text_rules == TextRules(
        url_length=23,
        urls_need_scheme=True,
        remote_mention_local_only=True,
        content_warning_counts=True,
        entity_syntax="mastodon",
    )
    assert mastodon.capabilities == (
        *SOCIAL,
        Capability.SCHEDULE,
        Capability.EDIT,
        Capability.IDEMPOTENCY_KEY,
        Capability.CONTENT_WARNING,
    )
    assert mastodon.notes is not None and "instance_limits" in mastodon.notes
    bluesky = BY_ID["bluesky"]
    assert bluesky.limits == ChannelLimits(text=300, text_bytes=3000, media=4, bio=256, handle=253)
    assert bluesky.text_rules == TextRules(hashtag_max=64, entity_syntax="atproto")
    assert len(bluesky.sources) == 6


def test_other_networks() -> None:
    """Units, limits and capabilities of the networks without text rules of their own."""
    facts = {
        channel.id: (channel.counting, channel.limits, channel.capabilities)
        for channel in CHANNELS[3:11]
    }
    assert facts == {
        "threads": (TextCounting.CODE_POINTS, ChannelLimits(text=500, media=20), SOCIAL),
        "facebook": (
            TextCounting.CODE_POINTS,
            ChannelLimits(text=63206),
            (*SOCIAL, Capability.SCHEDULE, Capability.EDIT),
        ),
        "instagram": (
            TextCounting.CODE_POINTS,
            ChannelLimits(text=2200, media=20, hashtags=5, bio=150),
            SOCIAL,
        ),
        "linkedin": (TextCounting.CODE_POINTS, ChannelLimits(text=3000), SOCIAL),
        "youtube": (
            TextCounting.UTF8_BYTES,
            ChannelLimits(text=5000, title=100),
            (Capability.POST, Capability.REPLY, Capability.VIDEO, Capability.SCHEDULE),
        ),
        "telegram": (
            TextCounting.UTF16_UNITS,
            ChannelLimits(text=4096),
            (Capability.POST, Capability.IMAGES, Capability.VIDEO, Capability.EDIT),
        ),
        "flickr": (
            TextCounting.CODE_POINTS,
            ChannelLimits(),
            (Capability.POST, Capability.IMAGES, Capability.VIDEO),
        ),
        "blog": (
            TextCounting.CODE_POINTS,
            ChannelLimits(),
            (
                Capability.POST,
                Capability.IMAGES,
                Capability.VIDEO,
                Capability.ALT_TEXT,
                Capability.SCHEDULE,
                Capability.EDIT,
            ),
        ),
    }
    assert BY_ID["threads"].text_rules == TextRules(entity_syntax="threads")
    assert BY_ID["blog"].homepage is None


def test_closed_networks() -> None:
    """Tuenti and Google+ are closed, with the dates of their deprecation and closure."""
    dates = {
        channel.id: (channel.status, channel.deprecated_on, channel.closed_on)
        for channel in CHANNELS
        if channel.status is not ChannelStatus.ACTIVE
    }
    assert dates == {
        "tuenti": (ChannelStatus.CLOSED, date(2016, 2, 1), date(2017, 9, 1)),
        "googleplus": (ChannelStatus.CLOSED, date(2018, 10, 8), date(2019, 4, 2)),
    }
    assert BY_ID["tuenti"].capabilities == ()
    assert BY_ID["googleplus"].notes == "Seed 003 (2017) already advised public bodies to leave it."


def test_every_channel_names_its_sources() -> None:
    """Every channel says where its limits and dates come from."""
    assert all(channel.sources for channel in CHANNELS)


def test_the_data_file_is_in_the_package() -> None:
    """The catalogue is read from the package's data, which the wheel ships."""
    resource = resources.files("govsm.channels").joinpath("data", "catalogue.toml")
    assert read_catalogue(resource.read_text("utf-8"), CATALOGUE_FILE) == CHANNELS


class TestMalformed:
    def test_wrong_value_names_channel_and_key(self) -> None:
        """A value of the wrong type: the error names the file, the channel and the key."""
        with pytest.raises(ModelError) as caught:
            read_catalogue('[x]\nname = "X"\n\n[x.limits]\ntext = "280"\n', "cat.toml")
        assert (
            "cat.toml: the channel catalogue is not valid: x.limits.text: expected an integer"
            in (caught.value.en)
        )
        assert "x.limits.text: se esperaba un entero" in caught.value.es

    def test_unknown_key_suggests_the_right_one(self) -> None:
        """A misspelt key is named, with the key it probably meant."""
        with pytest.raises(ModelError, match=r"mastodon\.text_rules\.url_lenght: unknown key"):
            read_catalogue(
                '[mastodon]\nname = "Mastodon"\n\n[mastodon.text_rules]\nurl_lenght = 23\n',
                "cat.toml",
            )
        with pytest.raises(ModelError, match="Did you mean 'url_length'"):
            read_catalogue('[m]\nname = "M"\n[m.text_rules]\nurl_lenght = 23\n', "cat.toml")

    def test_every_problem_is_reported(self) -> None:
        """Problems of several channels are reported together, each where it is."""
        catalogue = (
            '[a]\nname = "A"\nstatus = "clossed"\n\n'
            '[b]\nname = "B"\n[[b.text_rules.ranges]]\nstart = 0\nend = 10\n\n'
            '[c]\nname = "C"\nstatus = "closed"\n'
        )
        with pytest.raises(ModelError) as caught:
            read_catalogue(catalogue, "cat.toml")
        message = caught.value.en
        assert "a.status: 'clossed' is not a valid value" in message
        assert "b.text_rules.ranges[0].weight: this required field is missing" in message
        assert "c: channel 'c' is closed but does not say since when" in message

    @pytest.mark.parametrize(
        ("catalogue", "expected"),
        [
            ("x = 3\n", "x: expected a table (a channel)"),
            ('[x]\nid = "x"\nname = "X"\n', "x.id: a channel's id is the name of its table"),
            ('[X]\nname = "X"\n', "X.id: 'X' is not a valid identifier"),
            ("[x\n", "the channel catalogue is not valid TOML"),
        ],
    )
    def test_shape(self, catalogue: str, expected: str) -> None:
        """Not a table, a repeated id, a bad id or broken TOML: each is named."""
        with pytest.raises(ModelError) as caught:
            read_catalogue(catalogue, "cat.toml")
        assert expected in caught.value.en
