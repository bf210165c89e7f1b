"""HTTPS to a pinned address: the certificate is checked against the host name, not the address."""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterator

import pytest
import trustme
from standardwebhooks import Webhook

from govsm.webhooks.sending import Sender, Verdict
from govsm.webhooks.signing import WebhookSecret

from .conftest import endpoint
from .receiver import Receiver

NAME = "receptor.soldeneu.example"


@pytest.fixture
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_receiver(authority: trustme.CA) -> Iterator[Receiver]:
    """A receiver serving TLS with a certificate for receptor.soldeneu.example only."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert(NAME).configure_cert(context)
    live = Receiver(tls=context).start()
    yield live
    live.stop()


def _trusting(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return context


def _send(sender: Sender, url: str, secret: str) -> object:
    return sender.send(
        endpoint(url),
        [WebhookSecret.parse(secret, where="env:S")],
        "msg_tls",
        b"{}",
        int(time.time()),
    )


def test_the_name_is_verified_on_the_pinned_address(
    tls_receiver: Receiver, authority: trustme.CA, secret: str
) -> None:
    """Resolved by govsm to 127.0.0.1, the TLS session still names and verifies the host."""
    url = f"https://{NAME}:{tls_receiver.port}/hook"
    with Sender(resolve=lambda host, port: ["127.0.0.1"], verify=_trusting(authority)) as sender:
        answer = _send(sender, url, secret)
    assert answer.verdict is Verdict.DELIVERED, answer  # type: ignore[attr-defined]
    (got,) = tls_receiver.requests
    assert got.headers["host"] == f"{NAME}:{tls_receiver.port}"
    Webhook(secret).verify(got.body, got.headers)


def test_a_certificate_for_another_name_is_refused(
    tls_receiver: Receiver, authority: trustme.CA, secret: str
) -> None:
    """The same server reached under another name fails verification: nothing is delivered."""
    url = f"https://portal.soldeneu.example:{tls_receiver.port}/hook"
    with Sender(resolve=lambda host, port: ["127.0.0.1"], verify=_trusting(authority)) as sender:
        answer = _send(sender, url, secret)
    assert answer.verdict is Verdict.UNREACHABLE  # type: ignore[attr-defined]
    assert "certificate" in answer.error.en  # type: ignore[attr-defined]
    assert tls_receiver.requests == []


def test_an_untrusted_authority_is_refused(tls_receiver: Receiver, secret: str) -> None:
    """Without the organisation's authority trusted, the receiver's certificate is refused."""
    url = f"https://{NAME}:{tls_receiver.port}/hook"
    with Sender(resolve=lambda host, port: ["127.0.0.1"]) as sender:
        answer = _send(sender, url, secret)
    assert answer.verdict is Verdict.UNREACHABLE  # type: ignore[attr-defined]
    assert tls_receiver.requests == []
