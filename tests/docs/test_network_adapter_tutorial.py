"""The adapter of the tutorial "Write a network adapter" passes govsm's conformance kit.

The tutorial (``docs/tutorials/network-adapter.md``) shows ``docs/tutorials/network_adapter/
tutorial_adapter.py`` piece by piece; this file runs every test of
:class:`~govsm.testing.conformance.AdapterConformance` against it and the session's
mastodon-mock (``tests/peers/mastodon_server.py``, the server govsm-mastodon's tests use too),
with a peer that talks to the server over Mastodon's REST API, and checks its hook.

The tutorial's code is under ``docs/``, not on ``sys.path``: it is imported from its file.
"""

from __future__ import annotations

import html
import importlib.util
import re
import secrets
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from govsm import PluginHost
from govsm.model import Channel, CredentialRef, Profile
from govsm.spec.adapter import Adapter
from govsm.spec.credentials import Credentials
from govsm.spec.network_errors import TransientError
from govsm.spec.remote import ChangeKind
from govsm.testing.conformance import AdapterConformance, all_pages, message_for
from tests.paths import ROOT
from tests.peers.mastodon_server import MockMastodon

TUTORIAL = ROOT / "docs" / "tutorials" / "network_adapter" / "tutorial_adapter.py"


def _load_tutorial() -> ModuleType:
    """The tutorial's module, imported from its file under a name of its own."""
    name = "govsm_docs_tutorial_adapter"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, TUTORIAL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


tutorial = _load_tutorial()


def _words(content: str) -> str:
    """A status's HTML as its words, the simplest way (independent of the adapter's)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


class RestPeer:
    """What the kit sees and does on the server besides the adapter, over the REST API.

    ``vecina`` reads and replies; ``ayto``'s own client edits and deletes, as the council's
    staff would in Mastodon's web app.
    """

    def __init__(self, server: MockMastodon) -> None:
        self.server = server
        self.ayto = self._client("ayto")
        self.vecina = self._client("vecina")
        self.ayto_id = self._json(self.ayto.get("/api/v1/accounts/verify_credentials"))["id"]

    def _client(self, user: str) -> httpx.Client:
        token = self.server.tokens[user]
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.Client(base_url=self.server.base_url, headers=headers, timeout=10)

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        return response.raise_for_status().json()

    def close(self) -> None:
        self.ayto.close()
        self.vecina.close()

    def text_of(self, remote_id: str) -> str | None:
        response = self.ayto.get(f"/api/v1/statuses/{remote_id}/source")
        if response.status_code == 404:
            return None
        return str(self._json(response)["text"])

    def alt_texts_of(self, remote_id: str) -> list[str]:
        status = self._json(self.vecina.get(f"/api/v1/statuses/{remote_id}"))
        return [str(m["description"]) for m in status["media_attachments"]]

    def parent_of(self, remote_id: str) -> str | None:
        parent = self._json(self.vecina.get(f"/api/v1/statuses/{remote_id}"))["in_reply_to_id"]
        return None if parent is None else str(parent)

    def count_with_text(self, text: str) -> int:
        wanted = " ".join(text.split())
        path = f"/api/v1/accounts/{self.ayto_id}/statuses"
        count, params = 0, {"limit": "40"}
        while page := self._json(self.vecina.get(path, params=params)):
            count += sum(_words(status["content"]) == wanted for status in page)
            params["max_id"] = str(page[-1]["id"])
        return count

    def reply(self, remote_id: str, text: str) -> str:
        form = {"status": f"@ayto {text}", "in_reply_to_id": remote_id}
        return str(self._json(self.vecina.post("/api/v1/statuses", json=form))["id"])

    def edit(self, remote_id: str, text: str) -> None:
        self._json(self.ayto.put(f"/api/v1/statuses/{remote_id}", json={"status": text}))

    def delete(self, remote_id: str) -> None:
        self._json(self.ayto.delete(f"/api/v1/statuses/{remote_id}"))

    def rate_limit_next_publish(self, retry_after: int) -> None:
        self.server.add_fault(
            "/api/v1/statuses", {"type": "ratelimit", "headers": {"Retry-After": str(retry_after)}}
        )


class TestTutorialAdapter(AdapterConformance):
    """Every test of the kit, on the ``ayto`` account of the session's mastodon-mock.

    The adapter uploads no media (``max_media=0``): the kit's image test skips.
    """

    @pytest.fixture
    def profile(self, mock: MockMastodon) -> Profile:
        return mock.profile("ayto")

    @pytest.fixture
    def adapter(self, mock: MockMastodon, profile: Profile) -> Iterator[Adapter]:
        adapter = tutorial.TutorialAdapter(profile, mock.tokens["ayto"], timeout=10)
        yield adapter
        adapter.close()

    @pytest.fixture
    def refused_token(self) -> str:
        return f"revoked-{secrets.token_hex(12)}"

    @pytest.fixture
    def refused(
        self, mock: MockMastodon, profile: Profile, refused_token: str
    ) -> Iterator[Adapter]:
        adapter = tutorial.TutorialAdapter(profile, refused_token, timeout=10)
        yield adapter
        adapter.close()

    @pytest.fixture
    def peer(self, mock: MockMastodon) -> Iterator[RestPeer]:
        peer = RestPeer(mock)
        yield peer
        peer.close()

    @pytest.fixture
    def planted_secrets(self, mock: MockMastodon, refused_token: str) -> list[str]:
        return [mock.tokens["ayto"], mock.tokens["vecina"], refused_token]


def test_the_hook_serves_its_channel_only(mock: MockMastodon) -> None:
    """Registered with a plugin host, the module builds the adapter for Mastodon profiles only."""
    host = PluginHost(plugins=[tutorial], entry_points=False)
    profile = mock.profile("ayto")
    credentials = Credentials(ref=CredentialRef("env:SOLDENEU_MASTODON_TOKEN"), secret="t0k3n")
    built = host.adapter(Channel(id="mastodon", name="Mastodon"), profile, credentials)
    assert isinstance(built, tutorial.TutorialAdapter)
    assert isinstance(built, Adapter)
    assert "t0k3n" not in repr(built)
    built.close()
    other = host.adapter(Channel(id="bluesky", name="Bluesky"), profile, credentials)
    assert other is None


@pytest.mark.parametrize(
    "url", [None, "https://user:pw@xarxa.example/@ayto", "http://xarxa.example/@ayto"]
)
def test_an_address_that_would_expose_the_token_is_refused(url: str | None) -> None:
    """No address, a password in it, or plain HTTP to another machine: a configuration error."""
    from govsm.errors import ConfigError

    profile = Profile(
        organisation="soldeneu",
        id="ayto",
        channel="mastodon",
        handle="@ayto@xarxa.example",
        unit="comunicacio",
        url=url,
    )
    with pytest.raises(ConfigError):
        tutorial.TutorialAdapter(profile, "t0k3n")


@pytest.fixture
def tutorial_adapter(mock: MockMastodon) -> Iterator[Any]:
    adapter = tutorial.TutorialAdapter(mock.profile("ayto"), mock.tokens["ayto"], timeout=10)
    yield adapter
    adapter.close()


def test_an_edit_of_a_post_read_before_comes_back_as_edited(
    tutorial_adapter: Any, mock: MockMastodon
) -> None:
    """Past the cursor's newest id, an edit is found by its ``edited_at``, once."""
    profile = mock.profile("ayto")
    peer = RestPeer(mock)
    _, cursor = all_pages(tutorial_adapter.fetch_own, None)
    post = tutorial_adapter.publish(
        message_for(profile, f"Horari de la piscina [{secrets.token_hex(4)}]"),
        idempotency_key=secrets.token_hex(8),
    )
    _, cursor = all_pages(tutorial_adapter.fetch_own, cursor)  # the post is known now
    new_text = f"Horari de la piscina, corregit [{secrets.token_hex(4)}]"
    peer.edit(post.remote_id, new_text)
    peer.close()
    changes, after = all_pages(tutorial_adapter.fetch_own, cursor)
    mine = [change for change in changes if change.remote_id == post.remote_id]
    assert [change.kind for change in mine] == [ChangeKind.EDITED]
    assert mine[0].message is not None
    assert mine[0].message.text == new_text
    again, _ = all_pages(tutorial_adapter.fetch_own, after)
    assert not any(change.remote_id == post.remote_id for change in again)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_5xx_is_transient(tutorial_adapter: Any, mock: MockMastodon, status: int) -> None:
    """A failing server is a passing error: the worker tries again later, with the same key."""
    mock.add_fault("/api/v1/statuses", {"type": "status", "status": status})
    message = message_for(mock.profile("ayto"), "Prova d'error del servidor")
    with pytest.raises(TransientError) as failed:
        tutorial_adapter.publish(message, idempotency_key=secrets.token_hex(8))
    assert str(status) in failed.value.en
    assert failed.value.es


def test_the_page_shows_what_the_kit_does() -> None:
    """The run the tutorial shows: the kit's test count, and the skip where the kit skips."""
    page = (ROOT / "docs" / "tutorials" / "network-adapter.md").read_text(encoding="utf-8")
    skipped = re.search(r"SKIPPED \[1\] (src/govsm/testing/conformance\.py):(\d+): (.+)", page)
    counts = re.search(r"(\d+) passed, (\d+) skipped", page)
    assert skipped is not None and counts is not None
    kit = (ROOT / skipped.group(1)).read_text(encoding="utf-8").splitlines()
    assert f'pytest.skip("{skipped.group(3)}")' in kit[int(skipped.group(2)) - 1]
    tests = [name for name in dir(AdapterConformance) if name.startswith("test_")]
    assert int(counts.group(1)) + int(counts.group(2)) == len(tests)
