"""A real 429: a PDS of its own, with its rate limits on, and an account that used them up.

The session's network runs with ``PDS_RATE_LIMITS_ENABLED=false``, so the conformance kit's
429 test skips there. This module starts a second network whose PDS enforces its limits
(``repo-write-hour``: 5000 points per account, 3 per created record), spends them with
``applyWrites`` (200 records a call: 9 calls), and then runs the kit's own 429 test: the PDS
answers ``429 RateLimitExceeded`` with ``Retry-After`` and ``RateLimit-Reset``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from atproto import models
from atproto_client.exceptions import RateLimitExceededError
from govsm_bluesky.adapter import BlueskyAdapter
from tests.peers.bluesky_network import BlueskyNetwork, PeerUnavailable, install
from tests.peers.fixtures import skip_if_disabled

from bluesky_tests.bluesky_council import BlueskyPeer, Council, new_council
from govsm.spec import Profile, RateLimited
from govsm.testing.conformance import AdapterConformance, message_for

pytestmark = pytest.mark.slow

LIKE = "app.bsky.feed.like"


@pytest.fixture(scope="module")
def limited_network() -> Iterator[BlueskyNetwork]:
    skip_if_disabled("bluesky")
    try:
        network = BlueskyNetwork(install(), rate_limits=True).start()
    except PeerUnavailable as exc:
        pytest.fail(f"the rate-limited Bluesky network is unavailable: {exc}", pytrace=False)
    try:
        yield network
    finally:
        network.stop()


class SpendingPeer(BlueskyPeer):
    """The conformance peer, able to make the PDS refuse the council's next post."""

    def rate_limit_next_publish(self, retry_after: int) -> None:
        """Spend the account's hourly write budget (the PDS decides the wait, about an hour)."""
        subject = {
            "uri": f"at://{self.council.vecina.did}/app.bsky.feed.post/2222222222222",
            "cid": "bafyreie6ojk7cvdxqtlb46aql4excdie4yculonrj7sqtposs2ygwk7dxa",
        }
        like = {"$type": LIKE, "subject": subject, "createdAt": "2026-11-20T09:00:00.000Z"}
        writes = [models.ComAtprotoRepoApplyWrites.Create(collection=LIKE, value=like)] * 200
        for _ in range(20):
            try:
                self.ayto.com.atproto.repo.apply_writes(
                    models.ComAtprotoRepoApplyWrites.Data(repo=self.council.ayto.did, writes=writes)
                )
            except RateLimitExceededError:
                return
        raise AssertionError("the PDS never refused a write")


@pytest.fixture(scope="module")
def council(limited_network: BlueskyNetwork) -> Council:
    return new_council(limited_network)


@pytest.fixture
def adapter(council: Council) -> Iterator[BlueskyAdapter]:
    with council.adapter() as made:
        yield made


def test_the_kits_429_test_on_a_real_429(adapter: BlueskyAdapter, council: Council) -> None:
    """The kit's own test passes: the PDS's 429 is RateLimited, with its wait."""
    AdapterConformance().test_a_429_is_rate_limited_with_its_wait(
        adapter, council.profile(), SpendingPeer(council)
    )


def test_the_wait_is_the_pdss(adapter: BlueskyAdapter, council: Council) -> None:
    """The wait is what the PDS said: the rest of its hour (``Retry-After``), not a guess."""
    profile: Profile = council.profile()
    SpendingPeer(council).rate_limit_next_publish(retry_after=7)  # spent already: one call
    with pytest.raises(RateLimited) as limited:
        adapter.publish(
            message_for(profile, f"Encara no [{secrets.token_hex(4)}]"),
            idempotency_key=secrets.token_hex(8),
        )
    assert limited.value.retry_after is not None
    assert 3000 < limited.value.retry_after <= 3600
