"""Each failure of the server or the connection, as the error govsm's worker acts on.

The failures are real HTTP answers: mastodon-mock's fault rules (``POST /api/v1/_mock/faults``)
make it answer the next matching request with a status, a 429, a delay or a broken body.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import pytest
import requests
import urllib3
from govsm_mastodon import MastodonAdapter
from govsm_mastodon.errors import reached_server, retry_after

from govsm.model import MediaKind
from govsm.spec.adapter import UploadMedia
from govsm.spec.network_errors import (
    AuthenticationExpired,
    OutcomeUnknown,
    PermanentRejection,
    RateLimited,
    TransientError,
)
from govsm.testing.conformance import message_for, png

STATUSES = "/api/v1/statuses"


def post(adapter: MastodonAdapter, **publish_options):
    message = message_for(adapter.profile, f"Prova d'errors [{secrets.token_hex(4)}]")
    return adapter.publish(message, idempotency_key=secrets.token_hex(8), **publish_options)


def image() -> UploadMedia:
    return UploadMedia(
        kind=MediaKind.IMAGE, data=png(), mime_type="image/png", alt_text="Plànol", name="p.png"
    )


def secrets_in(error: BaseException, tokens) -> list[str]:
    texts = [str(error), repr(error)]
    seen = error.__cause__ or error.__context__
    while seen is not None:
        texts.append(str(seen))
        seen = seen.__cause__ or seen.__context__
    return [token for token in tokens if any(token in text for text in texts)]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_5xx_is_transient(adapter, mock, status):
    mock.add_fault(STATUSES, {"type": "status", "status": status})
    with pytest.raises(TransientError) as failed:
        post(adapter)
    assert f"HTTP {status}" in failed.value.en


def test_a_422_is_a_rejection_quoting_the_server(adapter, mock):
    reason = "Validation failed: Text character limit of 500 exceeded"
    mock.add_fault(STATUSES, {"type": "status", "status": 422, "body": {"error": reason}})
    with pytest.raises(PermanentRejection) as refused:
        post(adapter)
    assert reason in refused.value.es and reason in refused.value.en


@pytest.mark.parametrize("status", [400, 404, 410])
def test_other_4xx_are_rejections(adapter, mock, status):
    mock.add_fault(STATUSES, {"type": "status", "status": status})
    with pytest.raises(PermanentRejection):
        post(adapter)


@pytest.mark.parametrize("status", [401, 403])
def test_a_401_or_403_is_expired_authentication(adapter, mock, status):
    mock.add_fault(
        STATUSES,
        {
            "type": "status",
            "status": status,
            "body": {"error": "This action is outside the authorized scopes"},
        },
    )
    with pytest.raises(AuthenticationExpired) as refused:
        post(adapter)
    assert "outside the authorized scopes" in refused.value.en


def test_a_secret_the_server_echoes_is_blotted_out(adapter, mock):
    token = mock.tokens["ayto"]
    mock.add_fault(
        STATUSES,
        {"type": "status", "status": 401, "body": {"error": f"The token {token} was revoked"}},
    )
    with pytest.raises(AuthenticationExpired) as refused:
        post(adapter)
    assert token not in refused.value.es and token not in refused.value.en
    assert "The token *** was revoked" in refused.value.en


def test_a_made_up_token_is_expired_authentication_without_secrets(refused, refused_token, mock):
    with pytest.raises(AuthenticationExpired) as failed:
        post(refused)
    assert not secrets_in(failed.value, [refused_token, *mock.tokens.values()])
    status = refused.verify()
    assert not status.valid and status.reason is not None
    assert "HTTP 401" in status.reason.en and "HTTP 401" in status.reason.es


def test_a_verify_that_meets_a_5xx_is_an_error_not_a_refusal(adapter, mock):
    mock.add_fault(
        "/api/v1/accounts/verify_credentials", {"type": "status", "status": 503}, methods=("GET",)
    )
    with pytest.raises(TransientError):
        adapter.verify()


@pytest.mark.parametrize(
    ("headers", "low", "high"),
    [
        ({"Retry-After": "7"}, 7, 7),
        ({"Retry-After": ""}, 290, 300),  # the mock's X-RateLimit-Reset: now + 300, epoch seconds
        ({"Retry-After": "", "X-RateLimit-Reset": "{iso}"}, 110, 120),  # Mastodon's: ISO 8601
    ],
)
def test_a_429_waits_what_its_headers_say(adapter, mock, headers, low, high):
    in_two_minutes = datetime.fromtimestamp(datetime.now(UTC).timestamp() + 120, UTC)
    sent = {
        name: value.format(iso=in_two_minutes.isoformat().replace("+00:00", "Z"))
        for name, value in headers.items()
    }
    mock.add_fault(STATUSES, {"type": "ratelimit", "headers": sent})
    with pytest.raises(RateLimited) as limited:
        post(adapter)
    assert limited.value.retry_after is not None
    # counted from the server's Date header, whole seconds that uvicorn refreshes once a second
    assert low - 5 <= limited.value.retry_after <= high + 3


def test_a_429_without_a_readable_wait_backs_off(adapter, mock):
    mock.add_fault(
        STATUSES,
        {"type": "ratelimit", "headers": {"Retry-After": "soon", "X-RateLimit-Reset": "later"}},
    )
    with pytest.raises(RateLimited) as limited:
        post(adapter)
    assert limited.value.retry_after is None


def test_a_429_on_a_read_is_rate_limited_too(adapter, mock):
    adapter.fetch_inbound(None)  # the account id is asked once, before the fault
    mock.add_fault(
        "/api/v1/notifications",
        {"type": "ratelimit", "headers": {"Retry-After": "3"}},
        methods=("GET",),
    )
    with pytest.raises(RateLimited) as limited:
        adapter.fetch_inbound(None)
    assert limited.value.retry_after == 3


def test_no_answer_to_a_post_is_an_unknown_outcome(mock, profile):
    hasty = MastodonAdapter(profile, mock.tokens["ayto"], timeout=0.5)
    mock.add_fault(STATUSES, {"type": "latency", "delay_ms": 1500})
    with pytest.raises(OutcomeUnknown):
        post(hasty)


def test_no_answer_to_a_read_is_transient(mock, profile):
    hasty = MastodonAdapter(profile, mock.tokens["ayto"], timeout=0.5)
    mock.add_fault(
        "/api/v1/accounts/verify_credentials",
        {"type": "latency", "delay_ms": 1500},
        methods=("GET",),
    )
    with pytest.raises(TransientError):
        hasty.verify()


def test_an_unreadable_answer_to_a_post_is_an_unknown_outcome(adapter, mock):
    mock.add_fault(STATUSES, {"type": "malformed"})
    with pytest.raises(OutcomeUnknown):
        post(adapter)
    mock.add_fault("/api/v1/statuses/*", {"type": "malformed"}, methods=("GET",))
    with pytest.raises(TransientError):
        adapter.metrics("1")


def test_an_instance_that_cannot_be_reached_is_transient(mock, profile):
    with __import__("socket").socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    import attrs

    away = MastodonAdapter(
        attrs.evolve(profile, url=f"http://127.0.0.1:{closed}/@ayto"), "t", timeout=2
    )
    with pytest.raises(TransientError) as failed:
        post(away)
    assert not isinstance(failed.value, OutcomeUnknown)
    with pytest.raises(TransientError):
        away.verify()


def test_media_upload_failures(adapter, mock):
    mock.add_fault("/api/v2/media", {"type": "status", "status": 503})
    with pytest.raises(TransientError):
        post(adapter, media=[image()])
    mock.add_fault(
        "/api/v2/media",
        {"type": "status", "status": 422, "body": {"error": "File type not supported"}},
    )
    with pytest.raises(PermanentRejection) as refused:
        post(adapter, media=[image()])
    assert "File type not supported" in refused.value.en


def test_deleting_what_is_gone_is_no_error_and_failures_are_typed(adapter, mock):
    result = post(adapter)
    adapter.delete(result.remote_id)
    adapter.delete(result.remote_id)
    adapter.delete("999999999999")
    other = post(adapter)
    mock.add_fault(
        f"/api/v1/statuses/{other.remote_id}",
        {"type": "status", "status": 500},
        methods=("DELETE",),
    )
    with pytest.raises(TransientError):
        adapter.delete(other.remote_id)


def test_metrics_of_a_missing_post_are_empty_and_failures_typed(adapter, mock):
    assert adapter.metrics("999999999999").counts == {}
    result = post(adapter)
    mock.add_fault(
        f"/api/v1/statuses/{result.remote_id}", {"type": "status", "status": 502}, methods=("GET",)
    )
    with pytest.raises(TransientError):
        adapter.metrics(result.remote_id)


# -- the pieces, without a server --------------------------------------------------------------


def test_retry_after_reads_every_form():
    now = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    assert retry_after({"retry-after": "12"}, now) == 12.0
    assert retry_after({"Retry-After": "Mon, 04 May 2026 10:01:00 GMT"}, now) == 60.0
    assert retry_after({"X-RateLimit-Reset": "2026-05-04T10:05:00Z"}, now) == 300.0
    assert retry_after(
        {"X-RateLimit-Reset": "2026-05-04T10:05:00.123456+00:00"}, now
    ) == pytest.approx(300.123456)
    assert retry_after({"X-RateLimit-Reset": str(int(now.timestamp()) + 45)}, now) == 45.0
    assert retry_after({"X-RateLimit-Reset": "2026-05-04T09:00:00Z"}, now) == 0.0, "past: now"
    assert retry_after({"X-RateLimit-Reset": "garbage"}, now) is None
    assert retry_after({}, now) is None


def test_whether_a_request_left_is_read_from_the_cause():
    refused = requests.exceptions.ConnectionError(
        urllib3.exceptions.MaxRetryError(
            None, "/", urllib3.exceptions.NewConnectionError(None, "refused")
        )
    )
    assert not reached_server(refused)
    assert not reached_server(requests.exceptions.ConnectTimeout())
    assert reached_server(requests.exceptions.ReadTimeout())
    aborted = requests.exceptions.ConnectionError(
        urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError())
    )
    assert reached_server(aborted)
    assert reached_server(RuntimeError("unknown"))


def test_attachments_go_through_media_v2_without_asking_the_version(mock, profile, peer):
    fresh = MastodonAdapter(profile, mock.tokens["ayto"], timeout=10)
    mock.add_fault(
        "/api/v*/instance*", {"type": "status", "status": 503}, methods=("GET",), count=10
    )
    mock.add_fault("/api/v1/media", {"type": "status", "status": 410})
    result = post(fresh, media=[image()])
    assert peer.alt_texts_of(result.remote_id) == ["Plànol"]
