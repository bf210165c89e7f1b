"""Normalisation, canonical links and draft ids: properties over generated input."""

from __future__ import annotations

import string
import unicodedata

from hypothesis import assume, given
from hypothesis import strategies as st

from govsm.curation.dedup import (
    ID_PREFIX,
    Seen,
    canonical_link,
    content_key,
    message_id,
    normalised,
)
from govsm.model import _validate as v

WORD = st.text(alphabet=string.ascii_lowercase + "àèéíòóúïüç·", min_size=1, max_size=8)
WORDS = st.lists(WORD, min_size=1, max_size=8)
SLUG = st.from_regex(r"[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?", fullmatch=True)
SEGMENT = st.text(alphabet=string.ascii_letters + string.digits + "-._~", min_size=1, max_size=10)


class TestNormalised:
    @given(st.text(max_size=200))
    def test_is_idempotent(self, text: str) -> None:
        """Normalising a normalised text changes nothing."""
        once = normalised(text)
        assert normalised(once) == once

    @given(WORDS, st.sampled_from([" ", "  ", "\n", "\t", " — ", ", ", "… ", " «", "» ", "\u00a0"]))
    def test_ignores_case_spacing_and_punctuation(self, words: list[str], glue: str) -> None:
        """Two texts that differ in case, spaces and punctuation only are the same."""
        plain = " ".join(words)
        shouted = glue.join(w.upper() for w in words) + "!!"
        assert normalised(plain) == normalised(shouted)
        assert content_key(plain) == content_key(shouted)

    @given(WORDS)
    def test_ignores_accents_and_composition(self, words: list[str]) -> None:
        """NFC, NFD and unaccented spellings are the same."""
        text = " ".join(words)
        decomposed = unicodedata.normalize("NFD", text)
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
        assert normalised(text) == normalised(decomposed) == normalised(bare)

    @given(WORDS, SEGMENT, SEGMENT)
    def test_ignores_links(self, words: list[str], one: str, two: str) -> None:
        """The same words under two links are the same content."""
        text = " ".join(words)
        assert content_key(f"{text}\n\nhttps://a.example/{one}") == content_key(
            f"{text}\n\nhttps://b.example/{two}"
        )

    @given(WORDS, WORD)
    def test_another_word_is_another_content(self, words: list[str], extra: str) -> None:
        """Adding a word changes the key (normalisation keeps words)."""
        text = " ".join(words)
        assume(normalised(extra))
        assert content_key(text) != content_key(f"{text} {extra}")


class TestCanonicalLink:
    @given(st.text(max_size=120))
    def test_never_fails_and_is_idempotent(self, text: str) -> None:
        """Any text gives a canonical web link or None; canonical links are fixed points."""
        canonical = canonical_link(text)
        if canonical is not None:
            assert canonical_link(canonical) == canonical
            assert canonical.isascii() and canonical.isprintable() and " " not in canonical
            assert canonical.startswith(("http://", "https://"))

    @given(
        st.lists(st.tuples(SEGMENT, SEGMENT), max_size=4, unique_by=lambda kv: kv[0]),
        st.lists(st.sampled_from(["utm_source=rss", "fbclid=abc", "UTM_Medium=x"]), max_size=3),
        st.randoms(use_true_random=False),
    )
    def test_tracking_and_order_do_not_matter(
        self, params: list[tuple[str, str]], tracking: list[str], random: object
    ) -> None:
        """Click-tracking parameters go and the others are sorted: the same page, one link."""
        pieces = [f"{k}={v_}" for k, v_ in params]
        shuffled = pieces + tracking
        random.shuffle(shuffled)  # type: ignore[attr-defined]
        a = canonical_link("https://WWW.Proves.example:443/agenda?" + "&".join(pieces) + "#x")
        b = canonical_link("https://www.proves.example/agenda?" + "&".join(shuffled))
        assert a == b

    def test_examples(self) -> None:
        """Hosts in IDNA, default ports dropped, others kept, userinfo dropped, IPv6 kept."""
        assert (
            canonical_link("http://Música.example:80/a b") == "http://xn--msica-7ua.example/a%20b"
        )
        assert canonical_link("https://a.example:8443") == "https://a.example:8443/"
        assert canonical_link("https://user:pw@a.example/x") == "https://a.example/x"
        assert canonical_link("http://[::1]:8080/f") == "http://[::1]:8080/f"
        assert canonical_link("ftp://a.example/f") is None
        assert canonical_link("https://exa mple.com/") is None
        assert canonical_link("//a.example/x", "https://b.example/feed") == "https://a.example/x"


class TestMessageId:
    @given(SLUG, SLUG, st.text(max_size=300))
    def test_is_a_stable_valid_id(self, source: str, profile: str, key: str) -> None:
        """Always a valid message id, the same for the same inputs, prefixed feed-."""
        ident = message_id(source, profile, key)
        assert ident == message_id(source, profile, key)
        assert ident.startswith(ID_PREFIX) and len(ident) <= 64
        v.slug(None, type("A", (), {"name": "id"})(), ident)  # type: ignore[arg-type]

    @given(SLUG, SLUG, SLUG, st.text(max_size=50))
    def test_sources_and_profiles_never_share_ids(
        self, source: str, profile: str, other: str, key: str
    ) -> None:
        """Another source or profile gives another id for the same entry."""
        assume(other != source and other != profile)
        ident = message_id(source, profile, key)
        assert ident != message_id(other, profile, key)
        assert ident != message_id(source, other, key)


class TestSeen:
    def test_counts_links_and_contents_per_profile(self) -> None:
        """What one profile has does not stop another."""
        seen = Seen()
        seen.add("x-cultura", "https://a.example/1", content_key("Hola"))
        assert seen.has_link("x-cultura", "https://a.example/1")
        assert seen.has_content("x-cultura", content_key("HOLA!"))
        assert not seen.has_link("mastodon-cultura", "https://a.example/1")
        assert not seen.has_content("mastodon-cultura", content_key("Hola"))
        assert not seen.has_link("x-cultura", None)
