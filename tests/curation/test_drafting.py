"""A draft's text fits its network as the network counts; its fields are a draft's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.channels.catalogue import CHANNELS
from govsm.curation.drafting import SUMMARY_MAX, compose, draft, fits
from govsm.curation.entry_text import clean_text
from govsm.curation.parsing import FeedEntry
from govsm.model import Direction, MessageKind, MessageState, Profile

CHANNEL = {c.id: c for c in CHANNELS}
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn")), max_size=600
).map(clean_text)
LINK = st.from_regex(r"https://www\.proves\.example/[a-z0-9/-]{0,60}", fullmatch=True)


class TestCompose:
    @pytest.mark.parametrize("network", ["x", "mastodon", "bluesky", "threads"])
    @given(title=TEXT, summary=TEXT, link=LINK)
    def test_the_text_fits_the_network(
        self, network: str, title: str, summary: str, link: str
    ) -> None:
        """Whatever the title and summary, the text fits and ends with the link."""
        channel = CHANNEL[network]
        text = compose(title, summary, link, channel)
        assert fits(text, channel)
        assert text.endswith(link)

    def test_a_short_entry_is_whole(self) -> None:
        """Title, blank line, summary, blank line, link."""
        text = compose("Concert", "Diumenge a les 12.00 h.", "https://a.example/c", CHANNEL["x"])
        assert text == "Concert\n\nDiumenge a les 12.00 h.\n\nhttps://a.example/c"

    def test_the_summary_is_short_even_without_a_limit(self) -> None:
        """A network with room for books still gets a short summary."""
        text = compose("T", "paraula " * 200, None, None)
        assert len(text.split("\n\n")[1]) <= SUMMARY_MAX and text.endswith("…")

    def test_the_summary_is_cut_at_a_word_for_x(self) -> None:
        """On X the summary is cut at a word boundary, with an ellipsis, to fit 280."""
        text = compose(
            "Concert de Santa Cecília", "banda " * 80, "https://a.example/c", CHANNEL["x"]
        )
        _title, summary, link = text.split("\n\n")
        assert summary.endswith("banda…") and link == "https://a.example/c"
        assert fits(text, CHANNEL["x"])


class TestDraft:
    def test_fields_of_a_curated_draft(self) -> None:
        """A post, outbound, a draft by nobody, with the link and the language given."""
        profile = Profile(
            organisation="ajuntament-proves",
            id="x-cultura",
            channel="x",
            handle="@CulturaProves",
            unit="cultura",
        )
        entry = FeedEntry(
            position=1,
            key="https://a.example/c",
            link="https://a.example/c",
            entry_id="c",
            title="Concert",
            summary="Diumenge.",
        )
        now = datetime(2026, 11, 20, 9, tzinfo=UTC)
        message = draft(
            "ajuntament-proves", "agenda", profile, entry, CHANNEL["x"], "ca-valencia", now
        )
        assert message.direction is Direction.OUTBOUND and message.kind is MessageKind.POST
        assert message.state is MessageState.DRAFT and message.author is None
        assert message.links == ("https://a.example/c",) and message.language == "ca-valencia"
        assert message.created_at == now and message.id.startswith("feed-agenda-")
