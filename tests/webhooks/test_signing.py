"""Signatures are the Standard Webhooks ones: the reference library verifies them."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from govsm.errors import ConfigError
from govsm.webhooks.signing import (
    MAX_KEY_BYTES,
    MIN_KEY_BYTES,
    WebhookSecret,
    generate_secret,
    headers,
    signature,
)

KEYS = st.binary(min_size=MIN_KEY_BYTES, max_size=MAX_KEY_BYTES)
IDS = st.text(min_size=1, max_size=80)


def _whsec(key: bytes) -> str:
    return "whsec_" + base64.b64encode(key).decode("ascii")


class TestRoundTrip:
    @given(key=KEYS, msg_id=IDS, timestamp=st.integers(0, 2**34), body=st.binary(max_size=4096))
    def test_same_signature_as_the_reference(
        self, key: bytes, msg_id: str, timestamp: int, body: bytes
    ) -> None:
        """Over arbitrary keys, ids, instants and bodies, govsm signs as the reference does."""
        ours = signature(WebhookSecret.parse(_whsec(key), where="env:X"), msg_id, timestamp, body)
        theirs = Webhook(_whsec(key)).sign(msg_id, datetime.fromtimestamp(timestamp, UTC), body)
        assert ours == theirs

    @given(key=KEYS, msg_id=IDS, body=st.binary(max_size=4096))
    def test_the_reference_verifies_our_headers(self, key: bytes, msg_id: str, body: bytes) -> None:
        """Headers signed now verify with the reference library, body byte for byte."""
        secret = WebhookSecret.parse(_whsec(key), where="env:X")
        signed = headers([secret], msg_id, int(time.time()), body)
        assert Webhook(_whsec(key)).verify(body, signed, json_parse=False) is None

    @given(new=KEYS, old=KEYS, body=st.binary(max_size=512))
    def test_rotation_signs_with_each_secret(self, new: bytes, old: bytes, body: bytes) -> None:
        """While a secret rotates, receivers holding either key verify the request."""
        secrets = [
            WebhookSecret.parse(_whsec(k), where=f"env:{n}") for n, k in (("N", new), ("O", old))
        ]
        signed = headers(secrets, "msg_rotation", int(time.time()), body)
        assert len(signed["webhook-signature"].split(" ")) == 2
        for key in (new, old):
            Webhook(_whsec(key)).verify(body, signed, json_parse=False)

    def test_a_tampered_body_does_not_verify(self) -> None:
        """One changed byte and the reference library refuses the request."""
        secret = generate_secret()
        signed = headers(
            [WebhookSecret.parse(secret, where="env:X")], "msg_1", int(time.time()), b'{"a":1}'
        )
        with pytest.raises(WebhookVerificationError):
            Webhook(secret).verify(b'{"a":2}', signed)

    def test_generated_secrets_parse_in_both(self) -> None:
        """generate_secret() gives 32 random bytes that the reference library reads alike."""
        secret = generate_secret()
        parsed = WebhookSecret.parse(secret, where="env:X")
        assert len(parsed.key) == 32
        when = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
        assert Webhook(secret).sign("msg_1", when, b"{}") == signature(
            parsed, "msg_1", int(when.timestamp()), b"{}"
        )

    def test_unpadded_base64_is_read(self) -> None:
        """A secret written without its base64 padding is the same key (as the reference reads it)."""
        key = bytes(range(25))  # 25 bytes: base64 ends with "=="
        padded = _whsec(key)
        assert WebhookSecret.parse(padded.rstrip("="), where="env:X").key == key


class TestSecretsAreNeverShown:
    def test_repr_and_str(self) -> None:
        """repr and str name the reference, never the key or the secret."""
        secret = generate_secret()
        parsed = WebhookSecret.parse(secret, where="env:PORTAL")
        for shown in (repr(parsed), str(parsed), repr([parsed])):
            assert secret not in shown and secret[6:] not in shown
            assert "env:PORTAL" in shown and "***" in shown

    @pytest.mark.parametrize(
        ("text", "english"),
        [
            ("c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0", "does not start with 'whsec_'"),
            ("whsec_not*base64!", "is not base64"),
            ("whsec_" + base64.b64encode(b"short").decode(), "5 bytes long"),
            ("whsec_" + base64.b64encode(b"x" * 65).decode(), "65 bytes long"),
        ],
    )
    def test_malformed_secrets_are_refused_without_echo(self, text: str, english: str) -> None:
        """A bad secret is a bilingual error naming the reference, never quoting the value."""
        with pytest.raises(ConfigError) as caught:
            WebhookSecret.parse(text, where="env:PORTAL")
        error = caught.value
        assert english in error.en and error.es
        assert error.where == "env:PORTAL"
        assert text not in str(error) and text[6:] not in str(error)

    def test_headers_need_a_secret(self) -> None:
        """Signing without any secret is a programming error, not an unsigned request."""
        with pytest.raises(ValueError, match="at least one secret"):
            headers([], "msg_1", 0, b"")
