"""The crash harness's real servers: mastodon-mock and the local Bluesky PDS (see
:mod:`tests.stress.targets`).

Each target posts on accounts of its own on the session's server (mastodon-mock: a new one each
round; Bluesky: one per run), so that nothing else posts there and no other test sees its
posts; each round's posts name the round
(:func:`~tests.stress.targets.round_marker`), and after the round the account's posts that name
it are read back and matched to the due items by their text. The workers publish through the
plugin's own adapter, built from their command line (:meth:`MastodonTarget.adapters`,
:meth:`BlueskyTarget.adapters`), the secret taken from their environment.

* **mastodon-mock** (:class:`MastodonTarget`): by default each request gets an
  ``Idempotency-Key`` of its own (:class:`ForgetfulKeys`), so that the server's own
  deduplication cannot hide a post sent twice, and each round the server is told to answer a
  few requests with a 429, a 503, a slow answer, or (for a lookup) a 502
  (:meth:`MastodonTarget.faults`);
* **Bluesky** (:class:`BlueskyTarget`): the PDS injects no faults (its rate limits are off); the
  kills are the faults. The adapter derives each post's record key from the idempotency key, so
  a second create of one item collides with the first instead of making a second post.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import secrets
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import attrs
import httpx

from govsm.model import Message, Profile
from govsm.spec.adapter import Publishing, PublishResult, UploadMedia
from tests.stress.targets import (
    SECRET_ENV,
    AdapterFactory,
    Deliveries,
    Hookup,
    Post,
    Target,
    round_marker,
    secret,
)

if TYPE_CHECKING:
    from tests.peers.bluesky_network import BlueskyNetwork


# -- mastodon-mock ------------------------------------------------------------------------------


def _plain(content: str) -> str:
    """A status's HTML as plain text, the simple way (independent of the adapter's)."""
    text = re.sub(r"<br\s*/?>", "\n", content)
    text = re.sub(r"</p>\s*<p>", "\n\n", text)
    return unescape(re.sub(r"<[^>]+>", "", text))


class ForgetfulKeys:
    """A Mastodon adapter whose ``Idempotency-Key`` is new for every request.

    As if the server had forgotten the key (Mastodon keeps one about an hour): a post sent
    twice is two posts, so only the worker's lookup by text stands between a killed attempt
    and a duplicate. The lookup is the adapter's own.
    """

    def __init__(self, inner: Publishing) -> None:
        self._inner = inner

    def publish(
        self,
        message: Message,
        *,
        idempotency_key: str,
        media: Sequence[UploadMedia] = (),
        reply_to: str | None = None,
    ) -> PublishResult:
        """Publish with the item's key and a nonce."""
        key = f"{idempotency_key}.{uuid.uuid4().hex[:12]}"
        return self._inner.publish(message, idempotency_key=key, media=media, reply_to=reply_to)

    def lookup(
        self, message: Message, *, idempotency_key: str, since: datetime
    ) -> PublishResult | None:
        """The adapter's lookup (by text)."""
        return self._inner.lookup(message, idempotency_key=idempotency_key, since=since)


@attrs.frozen
class MastodonAccount:
    """An account on mastodon-mock: its user name, its id, and its access token."""

    username: str
    id: str
    token: str = attrs.field(repr=False)


class MastodonTarget(Target):
    """mastodon-mock at ``server``, on accounts of the harness's own.

    :param server: the server's base URL.
    :param latency: most seconds the worker waits before and after each publication.
    :param forget_keys: give each request a new ``Idempotency-Key`` (:class:`ForgetfulKeys`).
    :param faults: have the server answer a few requests of each round with a fault
        (:meth:`faults`).
    :param account_per_round: a new account each round (else one for every round). The
        adapter's lookup reads the account's posts back five minutes before the attempt, and
        the harness posts far more often than a council: on one account the lookups of later
        rounds read pages of earlier rounds' posts, and a round takes longer each time.
    """

    kind: ClassVar[str] = "mastodon"

    def __init__(
        self,
        server: str,
        *,
        latency: float = 0.05,
        forget_keys: bool = True,
        faults: bool = True,
        account_per_round: bool = True,
    ) -> None:
        self.server = server.rstrip("/")
        self.latency = latency
        self.forget_keys = forget_keys
        self.use_faults = faults
        self.account_per_round = account_per_round
        self._http = httpx.Client(base_url=self.server, timeout=30, trust_env=False)
        self.account = self.new_account()

    def __repr__(self) -> str:
        return f"MastodonTarget({self.server!r}, account={self.account.username!r})"

    def new_account(self) -> MastodonAccount:
        """A new account, with a token (mastodon-mock's ``/api/v1/_mock/dev_user``)."""
        username = f"stress_{secrets.token_hex(4)}"
        created = self._http.post("/api/v1/_mock/dev_user", json={"username": username})
        created.raise_for_status()
        made = created.json()
        return MastodonAccount(str(made["username"]), str(made["id"]), str(made["access_token"]))

    def faults(self, seed: int, account: MastodonAccount) -> list[dict[str, Any]]:
        """The fault rules of the round ``seed``, in the server's order (each fires once).

        Posting: up to two 429 (``Retry-After: 0``), up to two 503, one or two answers
        delayed 150 to 400 ms (a kill lands there: the attempt is open and nothing left);
        reading the account's statuses (the lookup): a 502 in half the rounds.
        """
        chance = random.Random(seed)
        post = {"methods": ["POST"], "path": "/api/v1/statuses"}
        rules: list[dict[str, Any]] = []
        effect: dict[str, Any]
        for _ in range(chance.randint(0, 2)):
            effect = {"type": "ratelimit", "headers": {"Retry-After": "0"}}
            rules.append({"match": post, "effect": effect, "count": 1})
        for _ in range(chance.randint(0, 2)):
            rules.append({"match": post, "effect": {"type": "status", "status": 503}, "count": 1})
        for _ in range(chance.randint(1, 2)):
            effect = {"type": "latency", "delay_ms": chance.randint(150, 400)}
            rules.append({"match": post, "effect": effect, "count": 1})
        chance.shuffle(rules)
        if chance.random() < 0.5:
            lookup = {"methods": ["GET"], "path": f"/api/v1/accounts/{account.id}/statuses"}
            effect = {"type": "status", "status": 502}
            rules.append({"match": lookup, "effect": effect, "count": 1})
        return rules

    def _clear_faults(self) -> None:
        self._http.delete("/api/v1/_mock/faults").raise_for_status()

    @contextlib.contextmanager
    def round(self, where: Path, seed: int) -> Iterator[Hookup]:
        """The round's account, with the round's fault rules on the server (dropped after)."""
        began = datetime.now(UTC)
        account = self.new_account() if self.account_per_round else self.account
        self.account = account
        if self.use_faults:
            for rule in self.faults(seed, account):
                self._http.post("/api/v1/_mock/faults", json=rule).raise_for_status()
        arguments = [
            "--target=mastodon",
            f"--server={self.server}",
            f"--account={account.username}",
            f"--latency={self.latency}",
        ]
        if self.forget_keys:
            arguments.append("--forget-keys")

        def deliveries() -> Deliveries:
            self._clear_faults()
            return Deliveries(tuple(self.posts(account, round_marker(seed), began)))

        try:
            yield Hookup(arguments, deliveries, environment={SECRET_ENV: account.token})
        finally:
            self._clear_faults()

    def posts(self, account: MastodonAccount, marker: str, since: datetime) -> Iterator[Post]:
        """The posts of ``account`` that say ``marker``, newest first, back to ``since``."""
        floor = since - timedelta(minutes=1)
        params: dict[str, Any] = {"limit": 40, "exclude_reblogs": "true"}
        headers = {"Authorization": f"Bearer {account.token}"}
        while True:
            answer = self._http.get(
                f"/api/v1/accounts/{account.id}/statuses", params=params, headers=headers
            )
            answer.raise_for_status()
            page = answer.json()
            for status in page:
                if datetime.fromisoformat(str(status["created_at"])) < floor:
                    return
                text = _plain(str(status.get("content") or ""))
                if marker in text:
                    yield Post(str(status["id"]), text)
            if not page:
                return
            params["max_id"] = page[-1]["id"]

    def close(self) -> None:
        """Close the connections to the server."""
        self._http.close()

    @classmethod
    def adapters(cls, args: argparse.Namespace) -> AdapterFactory:
        """:class:`govsm_mastodon.MastodonAdapter` on ``--server`` as ``--account``."""
        from govsm_mastodon import MastodonAdapter

        token = secret()

        def factory(profile: Profile) -> Publishing:
            where = attrs.evolve(profile, url=f"{args.server}/@{args.account}")
            adapter: Publishing = MastodonAdapter(where, token, timeout=10)
            return ForgetfulKeys(adapter) if args.forget_keys else adapter

        return factory


# -- the local Bluesky network ------------------------------------------------------------------


class BlueskyTarget(Target):
    """The local PDS, on a new account of the harness's own.

    :param pds: the PDS's base URL (where the account logs in).
    :param plc: the PLC directory's base URL.
    :param handle: the account's handle.
    :param did: the account's DID.
    :param password: an app password of the account.
    :param latency: most seconds the worker waits before and after each publication.
    """

    kind: ClassVar[str] = "bluesky"
    profile: ClassVar[str] = "bluesky-ajuntament"

    def __init__(
        self, pds: str, plc: str, handle: str, did: str, password: str, *, latency: float = 0.05
    ) -> None:
        self.pds = pds.rstrip("/")
        self.plc = plc.rstrip("/")
        self.handle = handle
        self.did = did
        self._password = password
        self.latency = latency
        self._http = httpx.Client(base_url=self.pds, timeout=30, trust_env=False)

    @classmethod
    def on(cls, network: BlueskyNetwork, *, latency: float = 0.05) -> BlueskyTarget:
        """A new account on ``network``, and an app password of it for the workers.

        The account is made with :meth:`~tests.peers.bluesky_network.BlueskyNetwork.create_account`;
        the app password, as a council's IT staff would make it, is what the workers log in with.
        """
        suffix = secrets.token_hex(3)
        account = network.create_account(f"stress-{suffix}.test", secrets.token_hex(12))
        with httpx.Client(base_url=network.pds_url, timeout=30, trust_env=False) as http:
            session = http.post(
                "/xrpc/com.atproto.server.createSession",
                json={"identifier": account.handle, "password": account.password},
            )
            session.raise_for_status()
            made = http.post(
                "/xrpc/com.atproto.server.createAppPassword",
                json={"name": "govsm-stress"},
                headers={"Authorization": f"Bearer {session.json()['accessJwt']}"},
            )
            made.raise_for_status()
        return cls(
            network.pds_url,
            network.plc_url,
            account.handle,
            account.did,
            str(made.json()["password"]),
            latency=latency,
        )

    def __repr__(self) -> str:
        return f"BlueskyTarget({self.pds!r}, handle={self.handle!r})"

    @contextlib.contextmanager
    def round(self, where: Path, seed: int) -> Iterator[Hookup]:
        """The account (the PDS injects no faults: the kills are the faults)."""
        arguments = [
            "--target=bluesky",
            f"--service={self.pds}",
            f"--plc={self.plc}",
            f"--handle={self.handle}",
            f"--latency={self.latency}",
        ]
        yield Hookup(
            arguments,
            lambda: Deliveries(tuple(self.posts(round_marker(seed)))),
            environment={SECRET_ENV: self._password},
        )

    def posts(self, marker: str) -> Iterator[Post]:
        """The account's posts that say ``marker`` (``com.atproto.repo.listRecords``)."""
        params: dict[str, Any] = {
            "repo": self.did,
            "collection": "app.bsky.feed.post",
            "limit": 100,
        }
        while True:
            answer = self._http.get("/xrpc/com.atproto.repo.listRecords", params=params)
            answer.raise_for_status()
            page = answer.json()
            for record in page.get("records") or ():
                text = str((record.get("value") or {}).get("text") or "")
                if marker in text:
                    yield Post(str(record["uri"]), text)
            if not page.get("records") or not page.get("cursor"):
                return
            params["cursor"] = page["cursor"]

    def close(self) -> None:
        """Close the connections to the PDS."""
        self._http.close()

    @classmethod
    def adapters(cls, args: argparse.Namespace) -> AdapterFactory:
        """The plugin's adapter, logging in to ``--service`` as ``--handle``."""
        from govsm_bluesky.adapter import BlueskyAdapter

        from govsm.channels.catalogue import CHANNELS

        channel = next(c for c in CHANNELS if c.id == "bluesky")
        password = secret()

        def factory(profile: Profile) -> Publishing:
            return BlueskyAdapter(
                channel=channel,
                profile=attrs.evolve(profile, handle=args.handle),
                password=password,
                service=args.service,
                plc=args.plc,
            )

        return factory
