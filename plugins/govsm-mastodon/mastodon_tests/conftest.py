"""govsm-mastodon's fixtures: the adapter on mastodon-mock, and a peer on the same server.

The server — mastodon-mock, started once per session over real HTTP with two accounts, ``ayto``
(the council, the adapter's) and ``vecina`` (a citizen, the peer's) — is shared with the rest of
govsm's tests: its fixtures ``mastodon_server`` (the session's server) and ``mock`` (the same,
with no fault rule left behind by a test) are in ``tests/peers/mastodon_server.py``, registered
by the repository's root ``conftest.py``. List ``mastodon`` in ``GOVSM_SKIP_PEERS`` to skip these
tests on purpose.
"""

from __future__ import annotations

import html
import re
import secrets

import pytest
from govsm_mastodon import MastodonAdapter
from mastodon.errors import MastodonNotFoundError
from tests.peers.mastodon_server import MockMastodon

from govsm.model import Profile


def plain(content: str) -> str:
    """A status's HTML as plain text, the simple way (independent of the adapter's)."""
    text = re.sub(r"<br\s*/?>", "\n", content)
    text = re.sub(r"</p>\s*<p>", "\n\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


class MastodonPeer:
    """What the conformance kit sees and does on the server, through Mastodon.py.

    ``vecina`` reads and replies; ``ayto``'s own client edits and deletes, as the council's
    staff would in Mastodon's web app.
    """

    def __init__(self, server: MockMastodon) -> None:
        self.server = server
        self.vecina = server.client("vecina")
        self.ayto = server.client("ayto")
        self.ayto_id = self.ayto.account_verify_credentials()["id"]

    def text_of(self, remote_id: str) -> str | None:
        try:
            source = self.ayto.status_source(remote_id)
        except MastodonNotFoundError:
            return None
        return str(source["text"])

    def alt_texts_of(self, remote_id: str) -> list[str]:
        status = self.vecina.status(remote_id)
        return [str(m["description"]) for m in status["media_attachments"]]

    def parent_of(self, remote_id: str) -> str | None:
        parent = self.vecina.status(remote_id)["in_reply_to_id"]
        return None if parent is None else str(parent)

    def count_with_text(self, text: str) -> int:
        wanted = " ".join(text.split())
        count = 0
        page = self.vecina.account_statuses(self.ayto_id, limit=40)
        while page:
            count += sum(" ".join(plain(s["content"]).split()) == wanted for s in page)
            page = self.vecina.fetch_next(page)
        return count

    def reply(self, remote_id: str, text: str) -> str:
        return str(self.vecina.status_post(f"@ayto {text}", in_reply_to_id=remote_id)["id"])

    def edit(self, remote_id: str, text: str) -> None:
        self.ayto.status_update(remote_id, text)

    def delete(self, remote_id: str) -> None:
        self.ayto.status_delete(remote_id)

    def rate_limit_next_publish(self, retry_after: int) -> None:
        # mastodon-mock's ratelimit effect sends Retry-After (300 unless told) and
        # X-RateLimit-Reset (now + 300, epoch seconds); here Retry-After is the kit's
        self.server.add_fault(
            "/api/v1/statuses", {"type": "ratelimit", "headers": {"Retry-After": str(retry_after)}}
        )


@pytest.fixture
def peer(mock: MockMastodon) -> MastodonPeer:
    return MastodonPeer(mock)


@pytest.fixture
def profile(mock: MockMastodon) -> Profile:
    return mock.profile("ayto")


@pytest.fixture
def adapter(mock: MockMastodon, profile: Profile) -> MastodonAdapter:
    return MastodonAdapter(profile, mock.tokens["ayto"], timeout=10)


@pytest.fixture
def refused_token() -> str:
    return f"revoked-{secrets.token_hex(12)}"


@pytest.fixture
def refused(mock: MockMastodon, profile: Profile, refused_token: str) -> MastodonAdapter:
    return MastodonAdapter(profile, refused_token, timeout=10)


@pytest.fixture
def planted_secrets(mock: MockMastodon, refused_token: str) -> list[str]:
    return [mock.tokens["ayto"], mock.tokens["vecina"], refused_token]
