"""Fixtures of the WordPress plugin's tests: the session's real WordPress, profiles, a peer.

The site is ``wordpress_site`` (tests/peers/wordpress_site.py, registered for every test folder
by the repository's root conftest.py): a fresh WordPress 6.1 over real HTTP, whose
administrator has an Application Password. The adapter publishes as that administrator.

:class:`WordPressPeer` is what the conformance kit sees and does on the server *besides* the
adapter: it reads and changes posts with the administrator's own REST client, and comments as a
member of the public (a subscriber account, as WordPress refuses anonymous REST comments). It
turns HTML into words with a few regular expressions of its own, not with the adapter's code.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from govsm_wordpress.adapter import WordPressAdapter

from govsm.model.profile import CredentialRef
from govsm.spec import Credentials, Profile

if TYPE_CHECKING:
    from tests.peers.wordpress_site import WordPressSite

#: a made-up Application Password, in WordPress's groups of four (planted: it must show nowhere)
MADE_UP_PASSWORD = "Zq7v Lm2d Rt9x Kp4w Hs6n Bc3j"

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def words_of(fragment: str) -> str:
    """The words of an HTML fragment, one space between them (comments and tags dropped)."""
    return " ".join(html.unescape(_TAG.sub(" ", _COMMENT.sub(" ", fragment))).split())


def ok(response: httpx.Response, status: int = 200) -> Any:
    """The JSON of an answer, after checking its status."""
    assert response.status_code == status, (response.status_code, response.text[:400])
    return response.json()


class WordPressPeer:
    """The kit's view of the server: the administrator's REST client and a visitor."""

    def __init__(self, site: WordPressSite) -> None:
        self.site = site
        with site.client() as api:
            self.author = int(ok(api.get("/wp/v2/users/me"))["id"])

    def post(self, remote_id: str) -> dict[str, Any] | None:
        """The post as the administrator reads it (``context=edit``), or ``None`` if gone."""
        with self.site.client() as api:
            response = api.get(f"/wp/v2/posts/{remote_id}", params={"context": "edit"})
        if response.status_code == 404:
            return None
        return dict(ok(response))

    def text_of(self, remote_id: str) -> str | None:
        post = self.post(remote_id)
        if post is None or post["status"] == "trash":
            return None
        return words_of(post["content"]["rendered"])

    def alt_texts_of(self, remote_id: str) -> list[str]:
        post = self.post(remote_id)
        assert post is not None
        alts: list[str] = []
        if post["featured_media"]:
            with self.site.client() as api:
                media = ok(api.get(f"/wp/v2/media/{post['featured_media']}"))
            alts.append(media["alt_text"])
        for image in _IMG.findall(post["content"]["rendered"]):
            found = _ALT.search(image)
            alts.append(html.unescape(found.group(1) or found.group(2) or "") if found else "")
        return alts

    def parent_of(self, remote_id: str) -> str | None:
        return None  # a WordPress post answers no post

    def count_with_text(self, text: str) -> int:
        wanted = " ".join(text.split())
        count = 0
        with self.site.client() as api:
            page, pages = 1, 1
            while page <= pages:
                response = api.get(
                    "/wp/v2/posts",
                    params={
                        "author": self.author,
                        "status": "publish,future,draft,pending,private",
                        "context": "edit",
                        "per_page": 100,
                        "page": page,
                    },
                )
                count += sum(words_of(p["content"]["raw"]) == wanted for p in ok(response))
                pages = int(response.headers["X-WP-TotalPages"])
                page += 1
        return count

    def reply(self, remote_id: str, text: str) -> str:
        comment = self.site.post_comment_as_visitor(
            int(remote_id), text, "Veïna de Soldeneu", "veina@example.org"
        )
        return f"comment-{comment}"

    def edit(self, remote_id: str, text: str) -> None:
        """As a person in the editor: the text replaced, the invisible comments left alone."""
        post = self.post(remote_id)
        assert post is not None
        kept = _COMMENT.findall(post["content"]["raw"])
        content = "\n".join([f"<p>{html.escape(text, quote=False)}</p>", *kept])
        with self.site.client() as api:
            ok(api.post(f"/wp/v2/posts/{remote_id}", json={"content": content}))

    def delete(self, remote_id: str) -> None:
        """As the Trash link of the post list does: to the trash."""
        with self.site.client() as api:
            ok(api.delete(f"/wp/v2/posts/{remote_id}"))

    def rate_limit_next_publish(self, retry_after: int) -> None:
        """WordPress has no rate limit of its own: the session's site answers one 429.

        (A must-use plugin of tests/peers, through :meth:`WordPressSite.rate_limit_next_post`.)
        """
        self.site.rate_limit_next_post(retry_after)


@pytest.fixture
def make_profile(wordpress_site: WordPressSite) -> Callable[..., Profile]:
    """A ``blog`` profile on the session's site; ``handle`` and ``unit`` may change."""

    def make(*, handle: str | None = None, unit: str = "comunicacio", **changes: Any) -> Profile:
        fields: dict[str, Any] = {
            "organisation": "ajuntament-soldeneu",
            "id": "blog-" + unit,
            "channel": "blog",
            "handle": "@" + (handle or wordpress_site.admin_user),
            "unit": unit,
            "url": wordpress_site.url,
            "credential": CredentialRef("env:SOLDENEU_BLOG_APP_PASSWORD"),
        }
        fields.update(changes)
        return Profile(**fields)

    return make


@pytest.fixture
def make_adapter() -> Callable[[Profile, str], WordPressAdapter]:
    """An adapter for a profile with a password."""

    def make(profile: Profile, password: str) -> WordPressAdapter:
        ref = profile.credential or CredentialRef("env:SOLDENEU_BLOG_APP_PASSWORD")
        return WordPressAdapter(profile, Credentials(ref=ref, secret=password))

    return make


@pytest.fixture
def made_up_password() -> str:
    """A made-up Application Password: WordPress refuses it, and it must show nowhere."""
    return MADE_UP_PASSWORD


@pytest.fixture
def wp_profile(make_profile: Callable[..., Profile]) -> Profile:
    """The administrator's blog profile, área ``comunicacio``."""
    return make_profile()


@pytest.fixture
def wp_adapter(
    wp_profile: Profile,
    wordpress_site: WordPressSite,
    make_adapter: Callable[[Profile, str], WordPressAdapter],
) -> WordPressAdapter:
    """The adapter under test, with the administrator's Application Password."""
    return make_adapter(wp_profile, wordpress_site.app_password)


@pytest.fixture
def wp_peer(wordpress_site: WordPressSite) -> WordPressPeer:
    """The kit's peer on the session's site."""
    return WordPressPeer(wordpress_site)


@pytest.fixture
def admin(wordpress_site: WordPressSite) -> Iterator[httpx.Client]:
    """The administrator's REST client (``base_url`` is ``<site>/wp-json``)."""
    with wordpress_site.client() as api:
        yield api


@pytest.fixture
def author_account(wordpress_site: WordPressSite, admin: httpx.Client) -> tuple[str, str]:
    """A new user with the Author role and an Application Password: login and password."""
    login = "autora-" + secrets.token_hex(3)
    user = ok(
        admin.post(
            "/wp/v2/users",
            json={
                "username": login,
                "email": f"{login}@example.org",
                "name": "Autora de Cultura",
                "password": secrets.token_urlsafe(16),
                "roles": ["author"],
            },
        ),
        201,
    )
    created = ok(
        admin.post(f"/wp/v2/users/{user['id']}/application-passwords", json={"name": "govsm"}),
        201,
    )
    return login, str(created["password"])


@pytest.fixture
def madrid_time(admin: httpx.Client) -> Iterator[None]:
    """The site's time zone set to Europe/Madrid for the test, then put back."""
    before = ok(admin.get("/wp/v2/settings"))["timezone"]
    ok(admin.post("/wp/v2/settings", json={"timezone": "Europe/Madrid"}))
    try:
        yield
    finally:
        ok(admin.post("/wp/v2/settings", json={"timezone": before}))
