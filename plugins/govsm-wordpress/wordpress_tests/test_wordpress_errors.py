"""What WordPress answers, and what the network does, as govsm's errors.

WordPress itself never answers 429 and cannot be made to time out on cue, so these tests put an
httpx ``MockTransport`` in place of the network: a stand-in that answers the few routes a
publication uses as WordPress 6.1 does (shapes checked against the session's real site by the
other tests), and then the failure under test. Only the mapping is tested here.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from govsm_wordpress.adapter import WordPressAdapter
from govsm_wordpress.errors import retry_after

from govsm.model.profile import CredentialRef
from govsm.spec import (
    AuthenticationExpired,
    Credentials,
    MediaKind,
    OutcomeUnknown,
    PermanentRejection,
    Profile,
    RateLimited,
    TransientError,
    UploadMedia,
)
from govsm.testing.conformance import message_for, png

SECRET = "Ab12 Cd34 Ef56 Gh78 Ij90 Kl12"

Answer = Callable[[httpx.Request], httpx.Response]


def wp_error(status: int, code: str, message: str) -> httpx.Response:
    return httpx.Response(
        status, json={"code": code, "message": message, "data": {"status": status}}
    )


class FakeSite:
    """Answers ``users/me``, the post and category searches, media; ``posts`` as told."""

    def __init__(self, create_post: Answer) -> None:
        self.create_post = create_post
        self.calls: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/wp-json")
        self.calls.append((request.method, path))
        assert request.headers["authorization"].startswith("Basic ")
        if path == "/wp/v2/users/me":
            return httpx.Response(
                200, json={"id": 3, "slug": "comunicacio", "capabilities": {"publish_posts": True}}
            )
        if path == "/wp/v2/posts" and request.method == "GET":
            return httpx.Response(200, json=[], headers={"X-WP-Total": "0", "X-WP-TotalPages": "0"})
        if path == "/wp/v2/categories" and request.method == "GET":
            return httpx.Response(200, json=[{"id": 5, "slug": "comunicacio"}])
        if path == "/wp/v2/media" and request.method == "POST":
            return httpx.Response(
                201, json={"id": 9, "source_url": "https://blog.soldeneu.example/a.png"}
            )
        if path.startswith("/wp/v2/media/"):
            return httpx.Response(200, json={"id": 9, "deleted": request.method == "DELETE"})
        if path == "/wp/v2/posts" and request.method == "POST":
            return self.create_post(request)
        return wp_error(
            404, "rest_no_route", "No route was found matching the URL and request method."
        )


def adapter_for(site: Callable[[httpx.Request], httpx.Response]) -> WordPressAdapter:
    profile = Profile(
        organisation="ajuntament-soldeneu",
        id="blog-comunicacio",
        channel="blog",
        handle="@comunicacio",
        unit="comunicacio",
        url="https://blog.soldeneu.example",
    )
    credentials = Credentials(ref=CredentialRef("env:BLOG"), secret=SECRET)
    return WordPressAdapter(profile, credentials, transport=httpx.MockTransport(site))


def publish(adapter: WordPressAdapter, **kwargs: Any) -> Any:
    message = message_for(adapter.profile, "Tall d'aigua dimarts")
    return adapter.publish(message, idempotency_key="item-1", **kwargs)


def assert_no_secret(error: BaseException) -> None:
    for text in (str(error), repr(error), str(error.__cause__)):
        assert SECRET not in text
        assert SECRET.replace(" ", "") not in text


def test_the_login_can_come_with_the_password() -> None:
    """``login:password`` signs in as that login, whatever the profile's public handle."""
    seen: list[str] = []

    def site(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(200, json={"id": 3, "slug": "govsm-blog", "capabilities": {}})

    with_login = adapter_for(site)
    for secret, login in ((f"govsm-blog:{SECRET}", "govsm-blog"), (SECRET, "comunicacio")):
        built = WordPressAdapter(
            with_login.profile,
            Credentials(ref=CredentialRef("env:BLOG"), secret=secret),
            transport=httpx.MockTransport(site),
        )
        assert built.user == login and SECRET not in repr(built)
        built.verify()
        scheme, _, encoded = seen[-1].partition(" ")
        assert scheme == "Basic"
        assert base64.b64decode(encoded).decode() == f"{login}:{SECRET}"


def test_a_429_is_rate_limited_with_the_wait_asked() -> None:
    site = FakeSite(lambda _: httpx.Response(429, headers={"Retry-After": "7"}, text="Too Many"))
    with pytest.raises(RateLimited) as limited:
        publish(adapter_for(site))
    assert limited.value.retry_after == 7.0
    assert_no_secret(limited.value)


def test_retry_after_as_a_date() -> None:
    now = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    later = now + timedelta(seconds=90)
    stamp = later.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert retry_after(httpx.Response(429, headers={"Retry-After": stamp}), now) == 90.0
    assert retry_after(httpx.Response(429, headers={"Retry-After": "soon"})) is None
    assert retry_after(httpx.Response(429)) is None


def test_a_401_means_the_password_must_be_renewed() -> None:
    site = FakeSite(
        lambda _: wp_error(
            401, "rest_cannot_create", "Sorry, you are not allowed to create posts as this user."
        )
    )
    with pytest.raises(AuthenticationExpired) as refused:
        publish(adapter_for(site))
    assert "Users → Profile" in refused.value.en and "Usuarios → Perfil" in refused.value.es
    assert_no_secret(refused.value)


def test_a_403_is_the_role_not_the_password() -> None:
    site = FakeSite(
        lambda _: wp_error(
            403,
            "rest_cannot_publish",
            "Sorry, you are not allowed to publish posts in this post type.",
        )
    )
    with pytest.raises(PermanentRejection) as refused:
        publish(adapter_for(site))
    assert "not allowed to publish posts" in refused.value.en
    assert "not allowed to publish posts" in refused.value.es  # WordPress's reason, quoted
    assert "Author or Editor" in refused.value.en


def test_other_4xx_quote_wordpress() -> None:
    site = FakeSite(
        lambda _: wp_error(400, "rest_invalid_param", "Invalid parameter(s): <b>status</b>")
    )
    with pytest.raises(PermanentRejection) as refused:
        publish(adapter_for(site))
    assert "Invalid parameter(s): status [rest_invalid_param]" in refused.value.en


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_5xx_is_transient_and_the_images_are_removed(status: int) -> None:
    site = FakeSite(lambda _: httpx.Response(status, text="<html>Bad gateway</html>"))
    image = UploadMedia(
        kind=MediaKind.IMAGE, data=png(), mime_type="image/png", alt_text="Plànol", name="p.png"
    )
    with pytest.raises(TransientError):
        publish(adapter_for(site), media=[image])
    assert ("DELETE", "/wp/v2/media/9") in site.calls


def test_a_refused_file_type_is_permanent_although_wordpress_says_500() -> None:
    def site(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/wp/v2/media"):
            return wp_error(
                500,
                "rest_upload_sideload_error",
                "Sorry, you are not allowed to upload this file type.",
            )
        return FakeSite(lambda _: httpx.Response(201))(request)

    image = UploadMedia(
        kind=MediaKind.IMAGE, data=b"x", mime_type="image/png", alt_text="x", name="x.png"
    )
    with pytest.raises(PermanentRejection, match="not allowed to upload this file type"):
        publish(adapter_for(site), media=[image])


def test_no_answer_after_the_post_was_sent_leaves_the_outcome_unknown() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    site = FakeSite(hang)
    image = UploadMedia(
        kind=MediaKind.IMAGE, data=png(), mime_type="image/png", alt_text="Plànol", name="p.png"
    )
    with pytest.raises(OutcomeUnknown) as unknown:
        publish(adapter_for(site), media=[image])
    assert ("DELETE", "/wp/v2/media/9") not in site.calls  # the post may use it
    assert_no_secret(unknown.value)


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadTimeout])
def test_no_answer_to_a_question_is_transient(failure: type[httpx.TransportError]) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise failure("down", request=request)

    adapter = adapter_for(down)
    with pytest.raises(TransientError):
        adapter.lookup(
            message_for(adapter.profile, "x"), idempotency_key="k", since=datetime.now(UTC)
        )
    with pytest.raises(TransientError):
        adapter.verify()


def test_a_connection_refused_before_posting_is_transient() -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(TransientError):
        publish(adapter_for(FakeSite(refused)))


def test_a_redirect_is_not_followed() -> None:
    site = FakeSite(
        lambda _: httpx.Response(
            301, headers={"Location": "https://www.soldeneu.example/wp-json/wp/v2/posts?x=1"}
        )
    )
    with pytest.raises(PermanentRejection) as refused:
        publish(adapter_for(site))
    assert "https://www.soldeneu.example/wp-json/wp/v2/posts" in refused.value.en
    assert "x=1" not in refused.value.en


def test_an_answer_that_is_not_wordpress_json_is_transient() -> None:
    site = FakeSite(lambda _: httpx.Response(201, text="<html>cached</html>"))
    with pytest.raises(TransientError, match="JSON"):
        publish(adapter_for(site))


def test_verify_reports_refused_credentials_as_a_status() -> None:
    adapter = adapter_for(
        lambda _: wp_error(401, "rest_not_logged_in", "You are not currently logged in.")
    )
    status = adapter.verify()
    assert not status.valid and status.reason is not None
    assert "You are not currently logged in." in status.reason.en
    assert SECRET not in status.reason.en + status.reason.es


@pytest.mark.parametrize("cursor", ["garbage", '{"v":2}', '{"v":1,"seen":3}', "[]"])
def test_a_cursor_the_plugin_did_not_write_is_refused(cursor: str) -> None:
    adapter = adapter_for(FakeSite(lambda _: httpx.Response(500)))
    with pytest.raises(PermanentRejection, match="cursor"):
        adapter.fetch_own(cursor)
    if cursor != '{"v":1,"seen":3}':  # a valid inbound cursor needs no "seen"
        with pytest.raises(PermanentRejection, match="cursor"):
            adapter.fetch_inbound(cursor)
