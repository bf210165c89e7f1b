"""The conformance kit against the session's real WordPress (tests/peers/wordpress_site.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from govsm_wordpress.adapter import WordPressAdapter

from govsm.spec import Profile
from govsm.testing.conformance import AdapterConformance, NetworkPeer

if TYPE_CHECKING:
    from tests.peers.wordpress_site import WordPressSite


class TestWordPress(AdapterConformance):
    """Every kit test passes, or skips for a limit WordPress declares.

    Skipped, and why: a reply thread and the kit's inbound test need ``threads`` (a post does
    not answer a post; comments, WordPress's inbound items, are tested in
    test_wordpress_reading.py); a refused post needs a text limit (WordPress has none); the 429
    needs a server that can be made to answer 429 once (WordPress has no rate limit; see the
    README).
    """

    @pytest.fixture
    def profile(self, wp_profile: Profile) -> Profile:
        return wp_profile

    @pytest.fixture
    def adapter(self, wp_adapter: WordPressAdapter) -> WordPressAdapter:
        return wp_adapter

    @pytest.fixture
    def peer(self, wp_peer: NetworkPeer) -> NetworkPeer:
        return wp_peer

    @pytest.fixture
    def refused(
        self,
        wp_profile: Profile,
        make_adapter: Callable[[Profile, str], WordPressAdapter],
        made_up_password: str,
    ) -> WordPressAdapter:
        return make_adapter(wp_profile, made_up_password)

    @pytest.fixture
    def planted_secrets(self, wordpress_site: WordPressSite, made_up_password: str) -> list[str]:
        return [wordpress_site.app_password, made_up_password]
