"""Finding emoji from hints gives what segmenting every grapheme cluster gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.rules.wording import CLUSTER, emoji_clusters, is_emoji

#: letters, digits, marks, emoji, selectors, skin tones, ZWJ, keycaps, flags and tags
_PIECES = st.sampled_from(
    [
        "a",
        "É",
        "ñ",
        "1",
        "#",
        "*",
        " ",
        "\n",
        "\u0301",
        "\u200d",
        "\ufe0f",
        "\ufe0e",
        "\u20e3",
        "\U0001f3fb",
        "\U0001f3ff",
        "🎉",
        "👩",
        "👧",
        "❤",
        "☎",
        "©",
        "®",
        "™",
        "🇪",
        "🇸",
        "🇫",
        "🇷",
        "\U000e0067",
        "\U000e007f",
        "🏴",
        "🅰",
        "🅿",
        "↔",
        "▶",
        "\u0903",
        "क",
        "한",
        "\U0001f9d1",
        "\u2640",
    ]
)


def _every_cluster(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in CLUSTER.finditer(text) if is_emoji(m.group())]


@settings(max_examples=2000)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_hints_find_the_same_emoji_as_every_cluster(text: str) -> None:
    assert emoji_clusters(text) == _every_cluster(text)
