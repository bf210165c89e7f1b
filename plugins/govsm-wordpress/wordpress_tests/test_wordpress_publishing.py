"""Publishing to the session's real WordPress: the área's category, images, the marker, roles."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from govsm_wordpress import govsm_adapter
from govsm_wordpress.adapter import WordPressAdapter
from govsm_wordpress.content import html_to_text
from govsm_wordpress.marker import carries, marker_token

import govsm
from govsm.errors import ConfigError
from govsm.model import Channel
from govsm.model.profile import CredentialRef
from govsm.spec import Credentials, MediaKind, PermanentRejection, Profile, UploadMedia
from govsm.testing.conformance import all_pages, message_for, png

if TYPE_CHECKING:
    from tests.peers.wordpress_site import WordPressSite

MakeAdapter = Callable[[Profile, str], WordPressAdapter]


def unique(words: str) -> str:
    return f"{words} [{secrets.token_hex(4)}]"


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.text[:400])
    return response.json()


def category_slugs(admin: httpx.Client, post_id: str) -> list[str]:
    post = ok(admin.get(f"/wp/v2/posts/{post_id}", params={"context": "edit"}))
    return [ok(admin.get(f"/wp/v2/categories/{c}"))["slug"] for c in post["categories"]]


def image(alt: str, name: str = "foto.png", kind: MediaKind = MediaKind.IMAGE) -> UploadMedia:
    return UploadMedia(kind=kind, data=png(), mime_type="image/png", alt_text=alt, name=name)


# -- the área's category ---------------------------------------------------------------------


def test_the_post_goes_into_the_category_of_the_profiles_unit(
    make_profile: Callable[..., Profile],
    make_adapter: MakeAdapter,
    wordpress_site: WordPressSite,
    admin: httpx.Client,
) -> None:
    unit = "cultura-" + secrets.token_hex(3)
    adapter = make_adapter(make_profile(unit=unit), wordpress_site.app_password)
    first = adapter.publish(
        message_for(adapter.profile, unique("Concert")), idempotency_key="a" + unit
    )
    second = adapter.publish(
        message_for(adapter.profile, unique("Teatre")), idempotency_key="b" + unit
    )
    assert category_slugs(admin, first.remote_id) == [unit]
    assert category_slugs(admin, second.remote_id) == [unit]
    assert len(ok(admin.get("/wp/v2/categories", params={"slug": unit}))) == 1  # made once


def test_an_author_cannot_create_the_category_and_is_told_why(
    make_profile: Callable[..., Profile],
    make_adapter: MakeAdapter,
    author_account: tuple[str, str],
    admin: httpx.Client,
) -> None:
    login, password = author_account
    unit = "esports-" + secrets.token_hex(3)
    adapter = make_adapter(make_profile(handle=login, unit=unit), password)
    text = unique("Obertura de la piscina")
    with pytest.raises(PermanentRejection) as refused:
        adapter.publish(message_for(adapter.profile, text), idempotency_key=secrets.token_hex(8))
    assert unit in refused.value.en and "Posts → Categories" in refused.value.en
    assert "Entradas → Categorías" in refused.value.es
    assert not ok(admin.get("/wp/v2/posts", params={"search": text}))  # nothing went out

    # once someone with the right creates it, the Author publishes into it
    ok(admin.post("/wp/v2/categories", json={"name": "Esports", "slug": unit}), 201)
    result = adapter.publish(message_for(adapter.profile, text), idempotency_key="k-" + unit)
    assert category_slugs(admin, result.remote_id) == [unit]
    # WordPress filters an Author's HTML (no unfiltered_html): the marker survives it
    raw = ok(admin.get(f"/wp/v2/posts/{result.remote_id}", params={"context": "edit"}))
    assert carries(raw["content"]["raw"], "k-" + unit)
    again = adapter.publish(message_for(adapter.profile, text), idempotency_key="k-" + unit)
    assert again.remote_id == result.remote_id


# -- images ----------------------------------------------------------------------------------


def test_the_first_image_is_featured_and_the_others_go_into_the_text(
    wp_adapter: WordPressAdapter, wp_peer: Any, admin: httpx.Client
) -> None:
    media = [
        image("Cartell del festival", "cartell festival.png"),
        image("Plànol del recinte", "plànol.png"),
        UploadMedia(
            kind=MediaKind.GIF,
            data=png_as_gif(),
            mime_type="image/gif",
            alt_text="Animació del recorregut",
            name="recorregut.gif",
        ),
    ]
    _, cursor = all_pages(wp_adapter.fetch_own, None)
    message = message_for(wp_adapter.profile, unique("Festival de tardor"))
    result = wp_adapter.publish(message, idempotency_key=secrets.token_hex(8), media=media)
    assert wp_peer.alt_texts_of(result.remote_id) == [m.alt_text for m in media]
    changes, _ = all_pages(wp_adapter.fetch_own, cursor)
    read_back = [c.message for c in changes if c.remote_id == result.remote_id]
    assert read_back and read_back[-1] is not None
    assert [m.alt_text for m in read_back[-1].media] == [m.alt_text for m in media]
    assert read_back[-1].text == message.text
    post = ok(admin.get(f"/wp/v2/posts/{result.remote_id}", params={"context": "edit"}))
    featured = ok(admin.get(f"/wp/v2/media/{post['featured_media']}"))
    assert featured["source_url"].endswith("/cartell-festival.png")
    assert featured["mime_type"] == "image/png"


def png_as_gif() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, format="GIF")
    return out.getvalue()


def test_what_a_blog_post_cannot_carry_is_refused_before_anything_is_sent(
    wp_adapter: WordPressAdapter,
) -> None:
    message = message_for(wp_adapter.profile, unique("Massa imatges"))
    with pytest.raises(PermanentRejection, match="at most 10"):
        wp_adapter.publish(message, idempotency_key="x", media=[image("a")] * 11)
    video = UploadMedia(
        kind=MediaKind.VIDEO, data=b"\0", mime_type="video/mp4", alt_text=None, name="v.mp4"
    )
    with pytest.raises(PermanentRejection, match="images only"):
        wp_adapter.publish(message, idempotency_key="x", media=[video])
    with pytest.raises(PermanentRejection, match="no threads"):
        wp_adapter.publish(message, idempotency_key="x", reply_to="12")


def test_a_file_wordpress_refuses_fails_the_post_and_leaves_nothing(
    wp_adapter: WordPressAdapter, admin: httpx.Client
) -> None:
    text = unique("Imatge trencada")
    good = image("Bona", "bona-imatge.png")
    broken = UploadMedia(
        kind=MediaKind.IMAGE, data=b"not a png", mime_type="image/png", alt_text="x", name="x.png"
    )
    before = {m["id"] for m in ok(admin.get("/wp/v2/media", params={"per_page": 100}))}
    with pytest.raises(PermanentRejection, match="not allowed to upload this file type"):
        wp_adapter.publish(
            message_for(wp_adapter.profile, text),
            idempotency_key=secrets.token_hex(8),
            media=[good, broken],
        )
    after = {m["id"] for m in ok(admin.get("/wp/v2/media", params={"per_page": 100}))}
    assert after == before  # the good image went up, and was deleted again
    assert not ok(admin.get("/wp/v2/posts", params={"search": text}))


# -- the idempotency marker ------------------------------------------------------------------


def test_the_marker_survives_an_edit_in_wordpress(
    wp_adapter: WordPressAdapter, wp_peer: Any, admin: httpx.Client
) -> None:
    since = datetime.now(UTC) - timedelta(minutes=1)
    message = message_for(wp_adapter.profile, unique("Ple ordinari dijous"))
    key = secrets.token_hex(8)
    result = wp_adapter.publish(message, idempotency_key=key)
    # a person rewrites the text and the title in the editor: what the editor sends back is
    # the whole content, with the comments it did not show
    wp_peer.edit(result.remote_id, unique("Ple ordinari dijous a les 19 h (corregit)"))
    ok(admin.post(f"/wp/v2/posts/{result.remote_id}", json={"title": "Ple ordinari"}))
    raw = ok(admin.get(f"/wp/v2/posts/{result.remote_id}", params={"context": "edit"}))
    assert marker_token(key) in raw["content"]["raw"]
    assert "govsm" not in html_to_text(raw["content"]["rendered"])  # a comment: not shown
    found = wp_adapter.lookup(message, idempotency_key=key, since=since)
    assert found is not None and found.remote_id == result.remote_id
    again = wp_adapter.publish(message, idempotency_key=key)
    assert again.remote_id == result.remote_id

    # without the marker (removed in the code editor) an edited post is no longer recognised
    ok(admin.post(f"/wp/v2/posts/{result.remote_id}", json={"content": "<p>Altre text</p>"}))
    assert wp_adapter.lookup(message, idempotency_key=key, since=since) is None


def test_an_older_post_is_found_by_wordpress_search(
    wp_adapter: WordPressAdapter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govsm_wordpress import posts

    message = message_for(wp_adapter.profile, unique("Calendari fiscal"))
    key = secrets.token_hex(8)
    first = wp_adapter.publish(message, idempotency_key=key)
    wp_adapter.publish(
        message_for(wp_adapter.profile, unique("Una altra")), idempotency_key=secrets.token_hex(8)
    )
    monkeypatch.setattr(posts, "RECENT", 1)  # the newest post is not it: the search must find it
    again = wp_adapter.publish(message, idempotency_key=key)
    assert again.remote_id == first.remote_id


def test_lookup_falls_back_to_title_and_text_when_the_marker_is_gone(
    wp_adapter: WordPressAdapter, admin: httpx.Client
) -> None:
    since = datetime.now(UTC) - timedelta(minutes=1)
    message = message_for(wp_adapter.profile, unique("Recollida selectiva\ndilluns i dijous"))
    result = wp_adapter.publish(message, idempotency_key=secrets.token_hex(8))
    raw = ok(admin.get(f"/wp/v2/posts/{result.remote_id}", params={"context": "edit"}))
    stripped = raw["content"]["raw"].split("<!--")[0]
    ok(admin.post(f"/wp/v2/posts/{result.remote_id}", json={"content": stripped}))
    found = wp_adapter.lookup(message, idempotency_key="another-key", since=since)
    assert found is not None and found.remote_id == result.remote_id
    assert (
        wp_adapter.lookup(
            message, idempotency_key="k", since=datetime.now(UTC) + timedelta(hours=1)
        )
        is None
    )


def test_a_title_with_markup_is_text(wp_adapter: WordPressAdapter, admin: httpx.Client) -> None:
    title = unique("Bases <b>2027</b> & terminis")
    message = message_for(wp_adapter.profile, "Text de les bases", title=title)
    result = wp_adapter.publish(message, idempotency_key=secrets.token_hex(8))
    post = ok(admin.get(f"/wp/v2/posts/{result.remote_id}"))
    assert "<b>" not in post["title"]["rendered"]
    assert "&lt;b&gt;2027&lt;/b&gt;" in post["title"]["rendered"]


# -- deleting, metrics, verifying -------------------------------------------------------------


def test_delete_moves_the_post_to_the_trash(
    wp_adapter: WordPressAdapter, admin: httpx.Client
) -> None:
    result = wp_adapter.publish(
        message_for(wp_adapter.profile, unique("Avís duplicat")),
        idempotency_key=secrets.token_hex(8),
    )
    wp_adapter.delete(result.remote_id)
    post = ok(admin.get(f"/wp/v2/posts/{result.remote_id}", params={"context": "edit"}))
    assert post["status"] == "trash"  # a person can restore it
    wp_adapter.delete(result.remote_id)  # 410 rest_already_trashed
    wp_adapter.delete("999999999")  # 404
    with pytest.raises(PermanentRejection):
        wp_adapter.delete("not-a-post")


def test_metrics_count_approved_comments_only(
    wp_adapter: WordPressAdapter, wordpress_site: WordPressSite
) -> None:
    result = wp_adapter.publish(
        message_for(wp_adapter.profile, unique("Enquesta de mobilitat")),
        idempotency_key=secrets.token_hex(8),
    )
    assert wp_adapter.metrics(result.remote_id).counts == {"comments": 0}
    post = int(result.remote_id)
    wordpress_site.post_comment_as_visitor(post, "Bona idea", "Veí", "vei@example.org")
    held = f"nou-{secrets.token_hex(3)}@example.org"
    wordpress_site.post_comment_as_visitor(post, "Pendent", "Nou veí", held, approve=False)
    assert wp_adapter.metrics(result.remote_id).counts == {"comments": 1}
    assert wp_adapter.metrics(None).counts == {}
    with pytest.raises(PermanentRejection):
        wp_adapter.metrics("999999999")


def test_verify_names_the_user_and_refuses_a_role_that_cannot_publish(
    make_profile: Callable[..., Profile],
    make_adapter: MakeAdapter,
    author_account: tuple[str, str],
    wordpress_site: WordPressSite,
) -> None:
    login, password = author_account
    status = make_adapter(make_profile(handle=login), password).verify()
    assert status.valid and status.account == login
    subscriber, subscriber_password = wordpress_site.visitor("Subscriptora", "subs@example.org")
    status = make_adapter(make_profile(handle=subscriber), subscriber_password).verify()
    assert not status.valid
    assert status.reason is not None and "Author or Editor" in status.reason.en


def test_verify_of_an_unreachable_site_is_a_transient_error(
    make_profile: Callable[..., Profile], make_adapter: MakeAdapter
) -> None:
    import socket

    from govsm.spec import TransientError

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    adapter = make_adapter(make_profile(url=f"http://127.0.0.1:{port}"), "x")
    with pytest.raises(TransientError):
        adapter.verify()


# -- the address and the hook ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://blog.soldeneu.example",
        "http://10.0.0.5:8080",
        "https://admin:s3cr3t-pass@blog.soldeneu.example",
        "https://blog.soldeneu.example/?p=1",
    ],
)
def test_an_address_that_would_expose_the_password_is_refused(
    url: str, make_profile: Callable[..., Profile], make_adapter: MakeAdapter
) -> None:
    with pytest.raises(ConfigError) as refused:
        make_adapter(make_profile(url=url), "pw")
    assert refused.value.es and refused.value.en
    assert "s3cr3t" not in str(refused.value)


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("https://blog.soldeneu.example/", "https://blog.soldeneu.example/wp-json"),
        ("https://ayto.example/blog", "https://ayto.example/blog/wp-json"),
        ("http://localhost:8123", "http://localhost:8123/wp-json"),
        ("http://[::1]:8123", "http://[::1]:8123/wp-json"),
    ],
)
def test_an_address_is_taken(
    url: str, root: str, make_profile: Callable[..., Profile], make_adapter: MakeAdapter
) -> None:
    assert make_adapter(make_profile(url=url), "pw").api_root == root


def test_the_hook_serves_blog_profiles_with_an_address(
    make_profile: Callable[..., Profile], wordpress_site: WordPressSite
) -> None:
    host = govsm.PluginHost(plugins=[govsm_wordpress_module()], entry_points=False, strict=True)
    blog = Channel(id="blog", name="Corporate blog")
    creds = Credentials(ref=CredentialRef("env:X"), secret=wordpress_site.app_password)
    adapter = host.adapter(blog, make_profile(), creds)
    assert isinstance(adapter, WordPressAdapter)
    assert adapter.verify().valid
    assert wordpress_site.app_password not in repr(adapter)
    assert govsm_adapter(blog, make_profile(url=None), creds) is None
    other = Channel(id="mastodon", name="Mastodon")
    assert govsm_adapter(other, make_profile(channel="mastodon"), creds) is None
    with pytest.raises(ConfigError):
        govsm_adapter(blog, make_profile(url="http://blog.soldeneu.example"), creds)


def govsm_wordpress_module() -> object:
    import govsm_wordpress

    return govsm_wordpress
