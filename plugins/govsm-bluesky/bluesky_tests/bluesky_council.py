"""The people of the Bluesky plugin's tests: a council, a neighbour, and the conformance peer.

The network is one of the session's local ones (``tests/peers``): the PDS-only network, or the
full one with an AppView. The council's account (``ayto-…``) publishes through the adapter with
an app password; the neighbour's (``vecina-…``) answers, mentions, likes, reposts and follows
through the atproto SDK, never through the adapter.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from atproto import Client, models
from atproto_client.exceptions import BadRequestError
from attrs import frozen
from govsm_bluesky.adapter import BlueskyAdapter
from govsm_bluesky.rkey import POST, AtUri
from tests.peers.bluesky_appview import BlueskyFullNetwork
from tests.peers.bluesky_network import Account, BlueskyNetwork

from govsm.channels.catalogue import CHANNELS
from govsm.spec import Channel, MediaKind, Profile, UploadMedia
from govsm.testing.conformance import png

BLUESKY: Channel = next(channel for channel in CHANNELS if channel.id == "bluesky")

#: seconds of firehose silence that count as caught up, in the tests (the default is 1 s)
IDLE = 0.6


@frozen
class Council:
    """A council's account with an app password, and a neighbour's account."""

    network: BlueskyNetwork | BlueskyFullNetwork
    ayto: Account
    vecina: Account
    app_password: str

    def profile(self) -> Profile:
        return Profile(
            organisation="ajuntament-soldeneu",
            id="bluesky-ajuntament",
            channel="bluesky",
            handle=f"@{self.ayto.handle}",
            unit="comunicacio",
        )

    def adapter(self, password: str | None = None, **options: Any) -> BlueskyAdapter:
        """The adapter for the council's account (its app password unless told otherwise)."""
        return BlueskyAdapter(
            channel=BLUESKY,
            profile=self.profile(),
            password=self.app_password if password is None else password,
            service=self.network.pds_url,
            plc=self.network.plc_url,
            idle=options.pop("idle", IDLE),
            **options,
        )


def new_council(network: BlueskyNetwork | BlueskyFullNetwork) -> Council:
    """Two fresh accounts, and an app password of the council's (as its IT staff would make)."""
    suffix = secrets.token_hex(3)
    ayto = network.create_account(f"ayto-{suffix}.test", f"ayto-{secrets.token_hex(8)}")
    vecina = network.create_account(f"vecina-{suffix}.test", f"vecina-{secrets.token_hex(8)}")
    client = network.client(ayto)
    created = client.com.atproto.server.create_app_password(
        models.ComAtprotoServerCreateAppPassword.Data(name="govsm")
    )
    return Council(network, ayto, vecina, str(created.password))


class BlueskyPeer:
    """What the conformance kit sees and does on the PDS, through the SDK (not the adapter)."""

    def __init__(self, council: Council) -> None:
        self.council = council
        self.ayto = council.network.client(council.ayto)
        self.vecina = council.network.client(council.vecina)

    def record(self, uri: str) -> Any | None:
        """The record at ``uri`` (read by the neighbour), or ``None``."""
        where = AtUri.parse(uri)
        try:
            found = self.vecina.com.atproto.repo.get_record(
                models.ComAtprotoRepoGetRecord.Params(
                    repo=where.repo, collection=where.collection, rkey=where.rkey
                )
            )
        except BadRequestError:
            return None
        return found

    def text_of(self, remote_id: str) -> str | None:
        found = self.record(remote_id)
        return None if found is None else str(found.value.text)

    def alt_texts_of(self, remote_id: str) -> list[str]:
        found = self.record(remote_id)
        embed = None if found is None else found.value.embed
        return [image.alt for image in embed.images] if embed is not None else []

    def parent_of(self, remote_id: str) -> str | None:
        found = self.record(remote_id)
        reply = None if found is None else found.value.reply
        return None if reply is None else str(reply.parent.uri)

    def posts(self) -> list[Any]:
        """Every post record of the council's repository (``listRecords``, all pages)."""
        records: list[Any] = []
        cursor = None
        while True:
            page = self.vecina.com.atproto.repo.list_records(
                models.ComAtprotoRepoListRecords.Params(
                    repo=self.council.ayto.did, collection=POST, limit=100, cursor=cursor
                )
            )
            records += page.records
            if not page.cursor or not page.records:
                return records
            cursor = page.cursor

    def count_with_text(self, text: str) -> int:
        return sum(1 for record in self.posts() if record.value.text == text)

    def reply(self, remote_id: str, text: str, client: Client | None = None) -> str:
        """The neighbour answers the post (root: the post's own root, if it is a reply)."""
        found = self.record(remote_id)
        assert found is not None, f"{remote_id} does not exist"
        parent = models.create_strong_ref(found)
        root = found.value.reply.root if found.value.reply is not None else parent
        answer = (client or self.vecina).send_post(
            text,
            profile_identify=self.council.vecina.did,
            reply_to=models.AppBskyFeedPost.ReplyRef(root=root, parent=parent),
        )
        return str(answer.uri)

    def edit(self, remote_id: str, text: str) -> None:
        raise NotImplementedError(
            "Bluesky's app cannot edit a post (the adapter declares edit=False)"
        )

    def delete(self, remote_id: str) -> None:
        """The council deletes the post with its own client, as Bluesky's app would."""
        where = AtUri.parse(remote_id)
        self.ayto.com.atproto.repo.delete_record(
            models.ComAtprotoRepoDeleteRecord.Data(
                repo=self.council.ayto.did, collection=POST, rkey=where.rkey
            )
        )

    def rate_limit_next_publish(self, retry_after: int) -> None:
        raise NotImplementedError(
            "the session's PDS runs with PDS_RATE_LIMITS_ENABLED=false; "
            "test_bluesky_rate_limits.py exhausts a real rate-limited PDS instead"
        )


def unique(words: str) -> str:
    """``words`` with a random tag, so that each test's posts are its own."""
    return f"{words} [{secrets.token_hex(4)}]"


def image(width: int, height: int, alt: str | None) -> UploadMedia:
    """A PNG of ``width`` by ``height`` pixels to upload, with its alt text."""
    return UploadMedia(
        kind=MediaKind.IMAGE,
        data=png(width, height),
        mime_type="image/png",
        alt_text=alt,
        name=f"{width}x{height}.png",
    )


class AppViewPeer(BlueskyPeer):
    """The neighbour on the full network: it also likes, reposts, quotes and follows.

    The AppView indexes the PDS's events asynchronously and each repository apart: the
    neighbour waits until the council's post is indexed before answering it (as a person reads
    a post before answering), and the tests wait with :meth:`settle` before reading.
    """

    network: BlueskyFullNetwork

    def __init__(self, council: Council) -> None:
        assert isinstance(council.network, BlueskyFullNetwork)
        super().__init__(council)
        self.network = council.network

    def settle(self) -> None:
        """Wait until the AppView has indexed everything written so far."""
        self.network.process_all()

    def reply(self, remote_id: str, text: str, client: Client | None = None) -> str:
        self.settle()
        answer = super().reply(remote_id, text, client)
        self.settle()
        return answer

    def _create(self, collection: str, record: dict[str, Any]) -> str:
        """The neighbour creates a record of ``collection``; its URI."""
        created = self.vecina.com.atproto.repo.create_record(
            models.ComAtprotoRepoCreateRecord.Data(
                repo=self.council.vecina.did,
                collection=collection,
                record={
                    "$type": collection,
                    **record,
                    "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                },
            )
        )
        return str(created.uri)

    def _ref(self, remote_id: str) -> dict[str, str]:
        found = self.record(remote_id)
        assert found is not None, f"{remote_id} does not exist"
        return {"uri": remote_id, "cid": str(found.cid)}

    def like(self, remote_id: str) -> None:
        """The neighbour likes the post."""
        self._create("app.bsky.feed.like", {"subject": self._ref(remote_id)})

    def repost(self, remote_id: str) -> None:
        """The neighbour reposts the post."""
        self._create("app.bsky.feed.repost", {"subject": self._ref(remote_id)})

    def quote(self, remote_id: str, text: str) -> str:
        """The neighbour quotes the post with ``text``; the quote's URI."""
        embed = {"$type": "app.bsky.embed.record", "record": self._ref(remote_id)}
        return self._create(POST, {"text": text, "embed": embed})

    def follow(self) -> None:
        """The neighbour follows the council."""
        self._create("app.bsky.graph.follow", {"subject": self.council.ayto.did})
