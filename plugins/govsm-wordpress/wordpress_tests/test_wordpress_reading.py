"""Reading the session's real WordPress back: own posts with their cursor, citizens' comments."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from govsm_wordpress import client as client_module
from govsm_wordpress import inbound, own
from govsm_wordpress.adapter import WordPressAdapter
from govsm_wordpress.own import OwnCursor, fingerprint

from govsm.spec import Direction, MessageKind, MessageState, Profile
from govsm.spec.remote import ChangeKind, RemoteChange
from govsm.testing.conformance import all_pages, message_for

if TYPE_CHECKING:
    from tests.peers.wordpress_site import WordPressSite


def unique(words: str) -> str:
    return f"{words} [{secrets.token_hex(4)}]"


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.text[:400])
    return response.json()


def publish(adapter: WordPressAdapter, text: str) -> str:
    message = message_for(adapter.profile, text)
    return adapter.publish(message, idempotency_key=secrets.token_hex(8)).remote_id


def read(admin: httpx.Client, post_id: str) -> dict[str, Any]:
    return dict(ok(admin.get(f"/wp/v2/posts/{post_id}", params={"context": "edit"})))


def touched_in_one_second(admin: httpx.Client, *post_ids: str) -> list[dict[str, Any]]:
    """Edit the posts one after the other until WordPress dates every edit the same second."""
    for attempt in range(30):
        for post_id in post_ids:
            ok(admin.post(f"/wp/v2/posts/{post_id}", json={"excerpt": f"v{attempt}"}))
        posts = [read(admin, post_id) for post_id in post_ids]
        if len({p["modified_gmt"] for p in posts}) == 1:
            return posts
    pytest.fail("WordPress never dated two edits in the same second")


def kinds(changes: list[RemoteChange], *post_ids: str) -> list[tuple[str, ChangeKind]]:
    return [(c.remote_id, c.kind) for c in changes if c.remote_id in post_ids]


# -- own posts -------------------------------------------------------------------------------


def test_own_posts_come_as_messages_of_the_profile(
    wp_adapter: WordPressAdapter, wp_profile: Profile
) -> None:
    _, cursor = all_pages(wp_adapter.fetch_own, None)
    text = unique("Agenda de la setmana\ndilluns: ple\n\ndimarts: mercat")
    post_id = publish(wp_adapter, text)
    changes, _ = all_pages(wp_adapter.fetch_own, cursor)
    assert kinds(changes, post_id) == [(post_id, ChangeKind.POSTED)]
    # (a post scheduled ahead on the session's site comes again at every call, until its date)
    (message,) = [c.message for c in changes if c.remote_id == post_id]
    assert message is not None
    assert message.text == text  # the marker is not part of it
    assert message.title == text.splitlines()[0]
    assert message.profile == wp_profile.id and message.direction is Direction.OUTBOUND
    assert message.state is MessageState.PUBLISHED and message.published_at is not None
    assert message.remote_id == post_id and message.url and message.url.startswith("http")


def test_the_cursor_keeps_posts_changed_in_the_same_second_apart(
    wp_adapter: WordPressAdapter, admin: httpx.Client
) -> None:
    first = publish(wp_adapter, unique("Primer avís"))
    second = publish(wp_adapter, unique("Segon avís"))
    one, two = touched_in_one_second(admin, first, second)
    assert one["modified_gmt"] == two["modified_gmt"]
    # a cursor that has delivered the first post of that second, but not the second one
    at = own.parse_gmt(one["modified_gmt"])
    cursor = OwnCursor(at=at, seen={int(first): fingerprint(one)}).dump()
    changes, after = all_pages(wp_adapter.fetch_own, cursor)
    assert kinds(changes, first, second) == [(second, ChangeKind.EDITED)]
    # nothing more from there; then the first is trashed within that same second's cursor
    assert kinds(all_pages(wp_adapter.fetch_own, after)[0], first, second) == []
    parsed = OwnCursor.parse(after)
    assert set(parsed.seen) >= {int(first), int(second)}


def test_a_change_in_the_second_already_read_is_still_reported(
    wp_adapter: WordPressAdapter, admin: httpx.Client
) -> None:
    post_id = publish(wp_adapter, unique("Avís que es retira"))
    post = read(admin, post_id)
    # as if the last call read the post as it is, in this very second
    cursor = OwnCursor(
        at=own.parse_gmt(post["modified_gmt"]), seen={int(post_id): fingerprint(post)}
    )
    assert kinds(all_pages(wp_adapter.fetch_own, cursor.dump())[0], post_id) == []
    ok(admin.delete(f"/wp/v2/posts/{post_id}"))
    trashed = read(admin, post_id)
    changes, _ = all_pages(wp_adapter.fetch_own, cursor.dump())
    assert kinds(changes, post_id) == [(post_id, ChangeKind.DELETED)]
    if trashed["modified_gmt"] == post["modified_gmt"]:  # the same second: the fingerprint told
        assert fingerprint(trashed) != fingerprint(post)


def test_paging_one_post_at_a_time_delivers_each_once(
    wp_adapter: WordPressAdapter, admin: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, cursor = all_pages(wp_adapter.fetch_own, None)
    posts = [publish(wp_adapter, unique(f"Avís {n}")) for n in range(3)]
    touched_in_one_second(admin, *posts)
    monkeypatch.setattr(client_module, "PER_PAGE", 1)
    monkeypatch.setattr(own, "BATCH", 1)
    monkeypatch.setattr(own, "LOOKBACK", timedelta(seconds=1))  # not the session's whole hour
    changes, _ = all_pages(wp_adapter.fetch_own, cursor)
    delivered = [c.remote_id for c in changes if c.remote_id in posts]
    assert sorted(delivered) == sorted(posts)


def test_own_posts_are_read_right_in_another_time_zone(
    wp_adapter: WordPressAdapter, wp_peer: Any, madrid_time: None
) -> None:
    _, cursor = all_pages(wp_adapter.fetch_own, None)
    kept = publish(wp_adapter, unique("Horari d'hivern"))
    gone = publish(wp_adapter, unique("Avís equivocat"))
    new_text = unique("Horari d'hivern (corregit)")
    wp_peer.edit(kept, new_text)
    wp_peer.delete(gone)
    changes, after = all_pages(wp_adapter.fetch_own, cursor)
    edited = [c for c in changes if c.remote_id == kept]
    assert edited and edited[-1].kind is ChangeKind.EDITED
    assert edited[-1].message is not None and edited[-1].message.text == new_text
    assert kinds(changes, gone) == [(gone, ChangeKind.DELETED)]
    assert kinds(all_pages(wp_adapter.fetch_own, after)[0], kept, gone) == []


# -- citizens' comments ----------------------------------------------------------------------


def test_comments_arrive_once_as_inbound_messages(
    wp_adapter: WordPressAdapter, wp_profile: Profile, wordpress_site: WordPressSite
) -> None:
    _, cursor = all_pages(wp_adapter.fetch_inbound, None)
    post_id = publish(wp_adapter, unique("Consulta: nous horaris de la biblioteca"))
    site = wordpress_site
    first = site.post_comment_as_visitor(
        int(post_id),
        "Obriu els <b>dissabtes</b>?\n\nGràcies",
        "Maria 👩‍👧 Puig",
        "maria@example.org",
    )
    answer = site.post_comment_as_visitor(
        int(post_id), "Sí, fins a les 14 h", "Joan", "joan@example.org", parent=first
    )
    with site.client() as api:  # the account's own comment is not inbound
        ok(api.post("/wp/v2/comments", json={"post": int(post_id), "content": "Gràcies!"}), 201)
    items, after = all_pages(wp_adapter.fetch_inbound, cursor)
    answers = (post_id, f"comment-{first}")
    mine = {m.remote_id: m for m in items if m.reply_to_remote in answers}
    assert set(mine) == {f"comment-{first}", f"comment-{answer}"}
    top = mine[f"comment-{first}"]
    assert top.text == "Obriu els dissabtes?\n\nGràcies"
    assert top.author == "Maria 👩👧 Puig"  # the zero-width joiner is not kept
    assert top.kind is MessageKind.COMMENT and top.state is MessageState.NEW
    assert top.direction is Direction.INBOUND and top.profile == wp_profile.id
    assert top.reply_to_remote == post_id and top.reply_to is None
    assert top.url and top.url.endswith(f"#comment-{first}")
    assert top.created_at.tzinfo is not None
    assert mine[f"comment-{answer}"].reply_to_remote == f"comment-{first}"
    assert not [m for m in all_pages(wp_adapter.fetch_inbound, after)[0] if m.remote_id in mine]


def test_comments_on_someone_elses_posts_are_not_the_profiles(
    wp_adapter: WordPressAdapter,
    make_profile: Callable[..., Profile],
    make_adapter: Callable[[Profile, str], WordPressAdapter],
    author_account: tuple[str, str],
    admin: httpx.Client,
    wordpress_site: WordPressSite,
) -> None:
    login, password = author_account
    ok(admin.post("/wp/v2/categories", json={"name": "Joventut", "slug": "joventut"}), 201)
    theirs = make_adapter(make_profile(handle=login, unit="joventut"), password)
    _, ours = all_pages(wp_adapter.fetch_inbound, None)
    _, their_cursor = all_pages(theirs.fetch_inbound, None)
    post_id = publish(theirs, unique("Casal d'estiu"))
    comment = wordpress_site.post_comment_as_visitor(
        int(post_id), "Places?", "Pau", "pau@example.org"
    )
    assert not [
        m
        for m in all_pages(wp_adapter.fetch_inbound, ours)[0]
        if m.remote_id == f"comment-{comment}"
    ]
    items, _ = all_pages(theirs.fetch_inbound, their_cursor)
    assert [m.remote_id for m in items] == [f"comment-{comment}"]


def test_a_held_comment_of_the_cursors_second_arrives_when_approved(
    wp_adapter: WordPressAdapter, wordpress_site: WordPressSite, admin: httpx.Client
) -> None:
    _, cursor = all_pages(wp_adapter.fetch_inbound, None)
    post_id = int(publish(wp_adapter, unique("Mercat de Nadal")))
    for attempt in range(10):
        newcomer = f"nou-{secrets.token_hex(3)}@example.org"
        held = wordpress_site.post_comment_as_visitor(
            post_id, f"Hi haurà parades? ({attempt})", "Nou veí", newcomer, approve=False
        )
        later = wordpress_site.post_comment_as_visitor(
            post_id, f"I música? ({attempt})", "Veí", "vei@example.org"
        )
        with wordpress_site.client() as api:
            dates = {
                ok(api.get(f"/wp/v2/comments/{c}", params={"context": "edit"}))["date_gmt"]
                for c in (held, later)
            }
        if len(dates) == 1:
            break
    else:
        pytest.fail("never two comments in one second")
    items, cursor = all_pages(wp_adapter.fetch_inbound, cursor)
    assert f"comment-{held}" not in [m.remote_id for m in items]
    ok(admin.post(f"/wp/v2/comments/{held}", json={"status": "approved"}))
    items, cursor = all_pages(wp_adapter.fetch_inbound, cursor)
    assert [m.remote_id for m in items] == [f"comment-{held}"]
    assert all_pages(wp_adapter.fetch_inbound, cursor)[0] == []


def test_a_comment_approved_after_later_ones_still_arrives(
    wp_adapter: WordPressAdapter, wordpress_site: WordPressSite, admin: httpx.Client
) -> None:
    _, cursor = all_pages(wp_adapter.fetch_inbound, None)
    post_id = int(publish(wp_adapter, unique("Pressupostos participatius")))
    newcomer = f"nova-{secrets.token_hex(3)}@example.org"
    held = wordpress_site.post_comment_as_visitor(
        post_id, "Primer comentari", "Nova veïna", newcomer, approve=False
    )
    time.sleep(1.1)  # the later comment in a later second: the held one is behind the cursor
    later = wordpress_site.post_comment_as_visitor(post_id, "Un altre", "Veí", "vei@example.org")
    items, cursor = all_pages(wp_adapter.fetch_inbound, cursor)
    ids = [m.remote_id for m in items]
    assert f"comment-{later}" in ids and f"comment-{held}" not in ids
    assert held in inbound.InboundCursor.parse(cursor).held
    ok(admin.post(f"/wp/v2/comments/{held}", json={"status": "approved"}))  # moderated now
    items, cursor = all_pages(wp_adapter.fetch_inbound, cursor)
    assert [m.remote_id for m in items] == [f"comment-{held}"]
    assert all_pages(wp_adapter.fetch_inbound, cursor)[0] == []
    assert held not in inbound.InboundCursor.parse(cursor).held


def test_comments_page_through_small_pages(
    wp_adapter: WordPressAdapter, wordpress_site: WordPressSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, cursor = all_pages(wp_adapter.fetch_inbound, None)
    post_id = int(publish(wp_adapter, unique("Festes majors")))
    sent = [
        wordpress_site.post_comment_as_visitor(post_id, f"Opinió {n}", "Veí", "vei@example.org")
        for n in range(5)
    ]
    monkeypatch.setattr(client_module, "PER_PAGE", 2)
    monkeypatch.setattr(inbound, "BATCH", 2)
    pages = 0

    def counted(cursor: str | None) -> Any:
        nonlocal pages
        pages += 1
        return wp_adapter.fetch_inbound(cursor)

    items, _ = all_pages(counted, cursor)
    assert [m.remote_id for m in items] == [f"comment-{n}" for n in sent]
    assert pages >= 2  # whole pages of 2 until at least 2 new ones: 5 take two calls


def test_comments_are_read_right_in_another_time_zone(
    wp_adapter: WordPressAdapter, wordpress_site: WordPressSite, madrid_time: None
) -> None:
    _, cursor = all_pages(wp_adapter.fetch_inbound, None)
    post_id = int(publish(wp_adapter, unique("Cavalcada de Reis")))
    sent = wordpress_site.post_comment_as_visitor(
        post_id, "Quin recorregut?", "Veí", "vei@example.org"
    )
    items, cursor = all_pages(wp_adapter.fetch_inbound, cursor)
    assert [m.remote_id for m in items] == [f"comment-{sent}"]
    assert all_pages(wp_adapter.fetch_inbound, cursor)[0] == []


def test_a_post_scheduled_years_ahead_does_not_hide_later_changes(
    wp_adapter: WordPressAdapter, admin: httpx.Client, wp_peer: Any
) -> None:
    """WordPress gives a scheduled post the modified_gmt of its publication date (2031 here):
    a cursor moved there would hide every change until then (found running the whole suite)."""
    ok(
        admin.post(
            "/wp/v2/posts",
            json={"title": "Programat", "status": "future", "date_gmt": "2031-01-01T09:00:00"},
        ),
        201,
    )
    _, cursor = all_pages(wp_adapter.fetch_own, None)
    later = wp_adapter.publish(
        message_for(wp_adapter.profile, "Publicat després d'un programat"),
        idempotency_key=secrets.token_hex(8),
    )
    changes, _ = all_pages(wp_adapter.fetch_own, cursor)
    assert later.remote_id in {c.remote_id for c in changes}
