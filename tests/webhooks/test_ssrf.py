"""Webhooks never reach private, loopback, link-local, multicast or reserved addresses."""

from __future__ import annotations

import time
from ipaddress import ip_address

import pytest
from standardwebhooks import Webhook

from govsm.net.addresses import AddressRefused, HostNotFound, checked_addresses, refusal
from govsm.webhooks.sending import Sender, Verdict
from govsm.webhooks.signing import WebhookSecret

from .conftest import endpoint
from .receiver import Receiver

REFUSED = [
    "127.0.0.1",
    "127.8.9.10",
    "::1",
    "10.0.0.1",
    "10.255.255.254",
    "172.16.5.4",
    "192.168.1.10",
    "169.254.169.254",  # the cloud metadata service
    "fe80::1",
    "fc00::5",
    "fd12:3456:789a::1",
    "224.0.0.251",
    "239.255.255.250",
    "ff02::1",
    "0.0.0.0",
    "::",
    "100.64.0.1",
    "192.0.2.1",
    "240.0.0.1",
    "255.255.255.255",
    "::ffff:127.0.0.1",  # IPv4-mapped IPv6
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "2002:7f00:1::1",  # 6to4 around 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 around 10.0.0.1
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo around a private client (127.0.0.1)
]

ALLOWED = ["1.1.1.1", "8.8.4.4", "2606:4700:4700::1111", "::ffff:1.1.1.1"]


class TestRefusal:
    @pytest.mark.parametrize("address", REFUSED)
    def test_refused(self, address: str) -> None:
        """Each private, loopback, link-local, multicast or reserved address is refused, with why."""
        why = refusal(ip_address(address))
        assert why is not None and why.es and why.en

    @pytest.mark.parametrize("address", ALLOWED)
    def test_public_addresses_pass(self, address: str) -> None:
        """Public addresses (an IPv4-mapped public one too) are let through."""
        assert refusal(ip_address(address)) is None


class TestResolution:
    def test_every_resolved_address_is_checked(self) -> None:
        """One private address among public ones is enough to refuse the host."""
        resolver = {"portal.soldeneu.example": ["1.1.1.1", "10.0.0.7"]}
        with pytest.raises(AddressRefused) as caught:
            checked_addresses(
                "portal.soldeneu.example",
                443,
                allow_private=False,
                resolve=lambda h, p: resolver[h],
            )
        assert "10.0.0.7" in caught.value.en and "10.0.0.7" in caught.value.es

    def test_a_public_name_passes_with_all_its_addresses(self) -> None:
        """A name resolving to public addresses only gives them all, in order."""
        found = checked_addresses(
            "portal.soldeneu.example",
            443,
            allow_private=False,
            resolve=lambda h, p: ["1.1.1.1", "2606:4700:4700::1111"],
        )
        assert [str(a) for a in found] == ["1.1.1.1", "2606:4700:4700::1111"]

    @pytest.mark.parametrize(
        "host", ["localhost", "2130706433", "127.1", "[::1]", "[::ffff:127.0.0.1]"]
    )
    def test_names_and_spellings_of_loopback(self, host: str) -> None:
        """localhost, and loopback spelt as a number or a mapped IPv6, resolve and are refused."""
        with pytest.raises(AddressRefused):
            checked_addresses(host, 80, allow_private=False)

    def test_allow_private_lets_them_through(self) -> None:
        """With allow_private the same addresses are used (an intranet receiver)."""
        assert checked_addresses("localhost", 80, allow_private=True)

    def test_a_name_that_does_not_resolve(self) -> None:
        """An unknown name is a HostNotFound, not a crash (.invalid never resolves)."""
        with pytest.raises(HostNotFound):
            checked_addresses("no-such-host.invalid", 443, allow_private=False)


class TestSender:
    """The guard runs before any connection: the local receiver sees nothing."""

    @pytest.mark.parametrize(
        "url",
        [
            "https://127.0.0.1:{port}/hook",
            "https://[::1]:{port}/hook",
            "https://[::ffff:127.0.0.1]:{port}/hook",
            "https://localhost:{port}/hook",
            "https://2130706433:{port}/hook",
        ],
    )
    def test_loopback_is_refused_before_connecting(
        self, receiver: Receiver, secret: str, url: str
    ) -> None:
        """Without allow_private the request is refused and no connection reaches the receiver."""
        target = endpoint(url.format(port=receiver.port), allow_private=False)
        with Sender() as sender:
            answer = sender.send(
                target,
                [WebhookSecret.parse(secret, where="env:S")],
                "msg_1",
                b"{}",
                int(time.time()),
            )
        assert answer.verdict is Verdict.UNREACHABLE and answer.error is not None
        assert "allow_private" in answer.error.en
        assert receiver.connections == 0 and receiver.requests == []

    def test_a_name_resolving_to_loopback_is_refused(self, receiver: Receiver, secret: str) -> None:
        """A hostname whose DNS answer is 127.0.0.1 is refused like the address itself."""
        target = endpoint(
            f"https://portal.soldeneu.example:{receiver.port}/hook", allow_private=False
        )
        with Sender(resolve=lambda host, port: ["127.0.0.1"]) as sender:
            answer = sender.send(
                target,
                [WebhookSecret.parse(secret, where="env:S")],
                "msg_1",
                b"{}",
                int(time.time()),
            )
        assert answer.verdict is Verdict.UNREACHABLE
        assert receiver.connections == 0

    def test_the_connection_is_pinned_to_the_checked_address(
        self, receiver: Receiver, secret: str
    ) -> None:
        """The name is resolved once, by govsm: the request goes to that address, Host intact."""
        calls: list[str] = []

        def resolve(host: str, port: int) -> list[str]:
            calls.append(host)
            return ["127.0.0.1"]

        url = f"http://receptor.soldeneu.example:{receiver.port}/hook"
        body = b'{"type":"message.published"}'
        with Sender(resolve=resolve) as sender:
            answer = sender.send(
                endpoint(url),
                [WebhookSecret.parse(secret, where="env:S")],
                "msg_pin",
                body,
                int(time.time()),
            )
        assert answer.verdict is Verdict.DELIVERED, answer
        assert calls == ["receptor.soldeneu.example"]
        (got,) = receiver.requests
        assert got.headers["host"] == f"receptor.soldeneu.example:{receiver.port}"
        Webhook(secret).verify(got.body, got.headers)

    def test_the_next_address_is_tried_when_one_refuses(
        self, receiver: Receiver, secret: str
    ) -> None:
        """A name with a dead address first still reaches its live one (both checked)."""
        url = f"http://receptor.soldeneu.example:{receiver.port}/hook"
        with Sender(resolve=lambda host, port: ["::1", "127.0.0.1"]) as sender:
            answer = sender.send(
                endpoint(url),
                [WebhookSecret.parse(secret, where="env:S")],
                "msg_2",
                b"{}",
                int(time.time()),
            )
        assert answer.verdict is Verdict.DELIVERED
        assert receiver.ids == ["msg_2"]
