"""Smoke test of the local WordPress peer: the REST API over real HTTP does what govsm needs."""

from __future__ import annotations

import io
import time
from datetime import datetime

import httpx
from PIL import Image

from tests.peers.wordpress_site import WordPressSite


def _png() -> bytes:
    """A small red PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _ok(response: httpx.Response, status: int = 200) -> dict:
    """The JSON body of a response, after checking its status."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    return response.json()


def test_rest_api_round_trip(wordpress_site: WordPressSite) -> None:
    site = wordpress_site
    image = _png()
    with site.client() as api:
        # media with alt text, served back from the session's own wp-content
        media = _ok(
            api.post(
                "/wp/v2/media",
                content=image,
                headers={
                    "Content-Type": "image/png",
                    "Content-Disposition": 'attachment; filename="corte-agua.png"',
                },
            ),
            201,
        )
        _ok(api.post(f"/wp/v2/media/{media['id']}", json={"alt_text": "Mapa del corte de agua"}))
        media = _ok(api.get(f"/wp/v2/media/{media['id']}"))
        assert media["alt_text"] == "Mapa del corte de agua"
        assert media["mime_type"] == "image/png"
        served = httpx.get(media["source_url"], timeout=30)
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/png"
        assert served.content == image
        assert list((site.content_dir / "uploads").rglob("corte-agua*.png"))

        # a category and a published post that uses it and the image
        category = _ok(api.post("/wp/v2/categories", json={"name": "Avisos"}), 201)
        post = _ok(
            api.post(
                "/wp/v2/posts",
                json={
                    "title": "Corte de agua",
                    "content": "<p>Mañana de 9 a 12 h.</p>",
                    "status": "publish",
                    "featured_media": media["id"],
                    "categories": [category["id"]],
                },
            ),
            201,
        )
        assert post["status"] == "publish"
        assert post["featured_media"] == media["id"]
        assert post["categories"] == [category["id"]]

        # a scheduled post
        future = _ok(
            api.post(
                "/wp/v2/posts",
                json={
                    "title": "Pleno ordinario",
                    "content": "<p>Orden del día.</p>",
                    "status": "future",
                    "date_gmt": "2030-01-01T09:00:00",
                },
            ),
            201,
        )
        assert future["status"] == "future"
        assert future["date_gmt"] == "2030-01-01T09:00:00"

        # listing: the public list has the published post only; the scheduled one is listed
        # with status=future
        published = [p["id"] for p in _ok(api.get("/wp/v2/posts", params={"per_page": 100}))]
        assert post["id"] in published
        assert future["id"] not in published
        scheduled = _ok(api.get("/wp/v2/posts", params={"status": "future"}))
        assert [p["id"] for p in scheduled] == [future["id"]]
        in_category = _ok(api.get("/wp/v2/posts", params={"categories": category["id"]}))
        assert [p["id"] for p in in_category] == [post["id"]]

        # comments from a visitor (a second user), one replying to the other, read back
        first = site.post_comment_as_visitor(
            post["id"], "¿A qué hora vuelve el agua?", "Vecina", "vecina@example.org"
        )
        second = site.post_comment_as_visitor(
            post["id"], "Gracias por avisar.", "Vecina", "vecina@example.org", parent=first
        )
        comments = {
            c["id"]: c for c in _ok(api.get("/wp/v2/comments", params={"post": post["id"]}))
        }
        assert set(comments) == {first, second}
        assert comments[first]["author_name"] == "Vecina"
        assert comments[first]["status"] == "approved"
        assert "¿A qué hora vuelve el agua?" in comments[first]["content"]["rendered"]
        assert comments[second]["parent"] == first
        with httpx.Client(base_url=f"{site.url}/wp-json", timeout=30) as anonymous:
            public = _ok(anonymous.get("/wp/v2/comments", params={"post": post["id"]}))
        assert {c["id"] for c in public} == {first, second}

        # an edit changes the content and modified_gmt (which has whole seconds)
        before = _ok(api.get(f"/wp/v2/posts/{post['id']}", params={"context": "edit"}))
        time.sleep(1.1)
        _ok(api.post(f"/wp/v2/posts/{post['id']}", json={"content": "<p>Ya hay agua.</p>"}))
        after = _ok(api.get(f"/wp/v2/posts/{post['id']}", params={"context": "edit"}))
        assert after["content"]["raw"] == "<p>Ya hay agua.</p>"
        assert "Ya hay agua." in after["content"]["rendered"]
        assert datetime.fromisoformat(after["modified_gmt"]) > datetime.fromisoformat(
            before["modified_gmt"]
        )

        # delete for good, then it is gone
        deleted = _ok(api.delete(f"/wp/v2/posts/{post['id']}", params={"force": "true"}))
        assert deleted["deleted"] is True
        assert api.get(f"/wp/v2/posts/{post['id']}").status_code == 404
