"""What the conformance kit does not check, against mastodon-mock over real HTTP.

Inbound text, kinds, authors and references; direct messages the notification policy filters;
the cursor of the organisation's own posts; the language subtag; the content warning; lookup;
metrics; the address rules of the instance; the hook.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from govsm_mastodon import MastodonAdapter, govsm_adapter
from govsm_mastodon.own import OwnCursor, decode_cursor, encode_cursor, plan

from govsm.errors import ConfigError, ModelError
from govsm.model import Channel, CredentialRef, Direction, MessageKind, MessageState
from govsm.spec.adapter import Adapter
from govsm.spec.credentials import Credentials
from govsm.spec.remote import ChangeKind
from govsm.testing.conformance import all_pages, message_for


def unique(words: str) -> str:
    return f"{words} [{secrets.token_hex(4)}]"


def publish(adapter: MastodonAdapter, profile, text: str, **changes):
    return adapter.publish(
        message_for(profile, text, **changes), idempotency_key=secrets.token_hex(8)
    )


# -- inbound ---------------------------------------------------------------------------------


def test_inbound_kinds_text_authors_and_references(adapter, profile, peer, mock):
    _, cursor = all_pages(adapter.fetch_inbound, None)
    post = publish(adapter, profile, unique("Pressupostos participatius"))
    said = unique("Proposte un parc & una <b>font</b> a l'escola: https://example.com/a?b=1&c=2")
    reply_id = peer.reply(post.remote_id, said)
    mention_text = unique("Bon dia @ayto, quan obri la biblioteca?")
    mention_id = str(peer.vecina.status_post(mention_text)["id"])
    direct_text = unique("@ayto consulta privada sobre el padró")
    direct_id = str(peer.vecina.status_post(direct_text, visibility="direct")["id"])

    items, after = all_pages(adapter.fetch_inbound, cursor)
    by_id = {item.remote_id: item for item in items}
    assert [i.remote_id for i in items] == [reply_id, mention_id, direct_id], "oldest first"

    reply = by_id[reply_id]
    assert reply.kind is MessageKind.REPLY
    assert reply.text == f"@ayto {said}", "entities unescaped, the link whole, no tags"
    assert reply.reply_to_remote == post.remote_id and reply.reply_to is None
    host = mock.base_url.removeprefix("http://")
    assert reply.author == f"@vecina@{host}"
    assert reply.direction is Direction.INBOUND and reply.state is MessageState.NEW
    assert reply.id == f"ayto-in-{reply_id}"
    assert reply.url and reply.url.startswith("http")

    assert by_id[mention_id].kind is MessageKind.MENTION
    assert by_id[mention_id].reply_to_remote is None
    assert by_id[mention_id].text == mention_text
    assert by_id[direct_id].kind is MessageKind.DIRECT
    assert by_id[direct_id].text == direct_text

    again = adapter.fetch_inbound(after)
    assert again.items == () and again.cursor == after and not again.more


def test_inbound_reads_direct_messages_the_notification_policy_filtered(adapter, profile, peer):
    _, cursor = all_pages(adapter.fetch_inbound, None)
    peer.ayto.update_notifications_policy(for_private_mentions="filter")
    try:
        text = unique("@ayto missatge directe d'una veïna que l'ajuntament no segueix")
        sent = str(peer.vecina.status_post(text, visibility="direct")["id"])
        listed = peer.ayto.notifications(types=["mention"], limit=40)
        assert sent not in {str(n["status"]["id"]) for n in listed}, "the policy filters it"
        items, _ = all_pages(adapter.fetch_inbound, cursor)
    finally:
        peer.ayto.update_notifications_policy(for_private_mentions="accept")
    direct = [item for item in items if item.remote_id == sent]
    assert len(direct) == 1 and direct[0].kind is MessageKind.DIRECT


def test_inbound_pages_through_a_long_list(adapter, profile, peer, monkeypatch):
    import govsm_mastodon.adapter as module

    _, cursor = all_pages(adapter.fetch_inbound, None)
    post = publish(adapter, profile, unique("Enquesta de mobilitat"))
    answers = [peer.reply(post.remote_id, unique(f"Resposta {n}")) for n in range(5)]
    monkeypatch.setattr(module, "PAGE_SIZE", 2)
    pages = []
    while True:
        page = adapter.fetch_inbound(cursor)
        pages.append(page)
        cursor = page.cursor
        if not page.more:
            break
    assert [m.remote_id for p in pages for m in p.items] == answers
    assert len(pages) == 3


# -- the organisation's own posts --------------------------------------------------------------


def test_own_posts_cursor_round_trip(adapter, profile, peer):
    _, cursor = all_pages(adapter.fetch_own, None)
    assert cursor is not None
    first = publish(adapter, profile, unique("Ban municipal: tall de trànsit"))
    second = publish(adapter, profile, unique("Agenda de la setmana"), language="ca")
    page = adapter.fetch_own(cursor)
    assert [(c.kind, c.remote_id) for c in page.items] == [
        (ChangeKind.POSTED, first.remote_id),
        (ChangeKind.POSTED, second.remote_id),
    ]
    posted = page.items[1].message
    assert posted is not None and posted.state is MessageState.PUBLISHED
    assert posted.direction is Direction.OUTBOUND and posted.language == "ca"
    assert posted.published_at == second.published_at and posted.url == second.url

    corrected = unique("Agenda de la setmana (corregida)")
    peer.edit(second.remote_id, corrected)
    edited = adapter.fetch_own(page.cursor)
    assert [(c.kind, c.remote_id) for c in edited.items] == [(ChangeKind.EDITED, second.remote_id)]
    assert edited.items[0].message is not None and edited.items[0].message.text == corrected
    assert edited.items[0].at > page.items[1].at

    quiet = adapter.fetch_own(edited.cursor)
    assert quiet.items == () and quiet.cursor == edited.cursor and not quiet.more


def test_own_posts_carry_the_text_as_written(adapter, profile, peer, monkeypatch):
    from mastodon.errors import MastodonNotFoundError

    _, cursor = all_pages(adapter.fetch_own, None)
    text = unique("Dues  espais, @vecina i una línia\n\nnova   amb *estrelles*")
    written = publish(adapter, profile, text, content_warning="Obres")
    gone = publish(adapter, profile, unique("Esborrat mentre es llegia"))
    thread = adapter.publish(
        message_for(profile, unique("Continua el fil")),
        idempotency_key=secrets.token_hex(8),
        reply_to=written.remote_id,
    )
    real_source = adapter._client.status_source

    def source(remote_id):
        if str(remote_id) == gone.remote_id:
            raise MastodonNotFoundError(
                "Mastodon API returned error", 404, "Not Found", "Record not found"
            )
        return real_source(remote_id)

    monkeypatch.setattr(adapter._client, "status_source", source)
    page = adapter.fetch_own(cursor)
    assert [c.remote_id for c in page.items] == [written.remote_id, thread.remote_id], (
        "a status gone is left out"
    )
    assert page.items[1].message.kind is MessageKind.REPLY
    assert page.items[1].message.reply_to_remote == written.remote_id
    message = page.items[0].message
    assert message is not None
    assert message.text == text, "the source, not the HTML's text"
    assert message.content_warning == "Obres"


def test_own_posts_first_read_starts_from_the_oldest(adapter, profile, peer):
    publish(adapter, profile, unique("Publicació qualsevol"))
    page = adapter.fetch_own(None)
    oldest = str(peer.ayto.account_statuses(peer.ayto_id, min_id="0", limit=1)[0]["id"])
    assert page.items[0].kind is ChangeKind.POSTED
    assert page.items[0].remote_id == oldest


def test_own_cursor_encoding():
    state = OwnCursor(last_id="110", seen_until=datetime(2026, 5, 4, 10, tzinfo=UTC))
    assert decode_cursor(encode_cursor(state)) == state
    assert encode_cursor(state) == encode_cursor(state)
    assert decode_cursor(encode_cursor(OwnCursor())) == OwnCursor()
    for bad in ("not a cursor", "e30=", encode_cursor(state)[:-4] + "AAAA"):
        with pytest.raises(ModelError):
            decode_cursor(bad)


def test_own_cursor_keeps_its_window():
    seen = datetime(2026, 5, 4, 10, tzinfo=UTC)
    state = OwnCursor(last_id="110", seen_until=seen, window=("108", "110"))
    assert decode_cursor(encode_cursor(state)) == state
    without = encode_cursor(OwnCursor(last_id="110", seen_until=seen))
    assert decode_cursor(without).window == (), "a cursor from before windows reads as none"


def _status(ident: str) -> dict:
    return {
        "id": ident,
        "created_at": datetime(2026, 5, 4, 9, tzinfo=UTC) + timedelta(minutes=int(ident) - 100),
        "edited_at": None,
    }


def test_a_status_missing_from_the_window_is_deleted_once():
    now = datetime(2026, 5, 5, 8, tzinfo=UTC)
    seen = datetime(2026, 5, 4, 9, 10, tzinfo=UTC)
    state = OwnCursor(last_id="110", seen_until=seen, window=("104", "108", "110"))
    # 108 is gone; 104 is older than the oldest status read (106): not known to be gone
    recent = [_status("111"), _status("110"), _status("106")]
    done = plan(state, [_status("111")], recent, page_size=40, now=now)
    kinds = [(c.kind, str(c.status["id"])) for c in done.changes]
    assert (ChangeKind.DELETED, "108") in kinds and (ChangeKind.DELETED, "104") not in kinds
    assert [c.at for c in done.changes if c.kind is ChangeKind.DELETED] == [now]
    after = decode_cursor(done.cursor)
    assert after.window == ("111", "110", "106"), "what this read saw and reported"
    again = plan(after, [], recent, page_size=40, now=now)
    assert not [c for c in again.changes if c.kind is ChangeKind.DELETED], "reported once"
    # a read that reached the account's first status knows 104 is gone too
    complete = plan(state, [], [_status("110")], page_size=40, recent_complete=True, now=now)
    gone = [str(c.status["id"]) for c in complete.changes if c.kind is ChangeKind.DELETED]
    assert gone == ["104", "108"]


def test_a_foreign_cursor_is_refused(adapter):
    with pytest.raises(ModelError):
        adapter.fetch_own("12345")


# -- publishing details ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "sent"), [("ca-valencia", "ca"), ("es-ES", "es"), ("eu", "eu"), (None, None)]
)
def test_language_goes_as_its_primary_subtag(adapter, profile, peer, tag, sent):
    result = publish(adapter, profile, unique("Avís en la llengua del missatge"), language=tag)
    assert peer.vecina.status(result.remote_id)["language"] == sent


def test_content_warning_goes_as_spoiler_text_and_lookup_tells_it_apart(adapter, profile, peer):
    since = datetime.now(UTC) - timedelta(minutes=1)
    text = unique("Imatges de l'accident de la N-340")
    warned = message_for(profile, text, content_warning="Imatges que poden impressionar")
    result = adapter.publish(warned, idempotency_key=secrets.token_hex(8))
    status = peer.vecina.status(result.remote_id)
    assert status["spoiler_text"] == "Imatges que poden impressionar"
    found = adapter.lookup(warned, idempotency_key="x", since=since)
    assert found is not None and found.remote_id == result.remote_id
    unwarned = message_for(profile, text)
    assert adapter.lookup(unwarned, idempotency_key="x", since=since) is None


def test_lookup_compares_text_as_mastodon_shows_it(adapter, profile):
    since = datetime.now(UTC) - timedelta(minutes=1)
    text = unique("Festa major: concerts & focs.\n\nMés informació a https://example.com/festa")
    message = message_for(profile, text)
    sent = adapter.publish(message, idempotency_key=secrets.token_hex(8))
    found = adapter.lookup(message, idempotency_key="x", since=since)
    assert found is not None and found.remote_id == sent.remote_id
    assert found.url == sent.url
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert adapter.lookup(message, idempotency_key="x", since=later) is None


def test_direct_message_goes_out_as_direct(adapter, profile, peer):
    message = message_for(
        profile, unique("@vecina li responem per privat"), kind=MessageKind.DIRECT
    )
    result = adapter.publish(message, idempotency_key=secrets.token_hex(8))
    assert peer.vecina.status(result.remote_id)["visibility"] == "direct"


def test_media_waits_until_the_server_has_processed_it(adapter, monkeypatch):
    from govsm.model import MediaKind
    from govsm.spec.adapter import UploadMedia
    from govsm.spec.network_errors import TransientError
    from govsm.testing.conformance import png

    answers = iter(
        [{"id": "7", "url": None}, {"id": "7", "url": None}, {"id": "7", "url": "https://x/7.png"}]
    )
    monkeypatch.setattr(adapter._client, "media_post", lambda *a, **k: next(answers))
    monkeypatch.setattr(adapter._client, "media", lambda media_id: next(answers))
    monkeypatch.setattr("govsm_mastodon.adapter.time.sleep", lambda seconds: None)
    item = UploadMedia(
        kind=MediaKind.IMAGE, data=png(), mime_type="image/png", alt_text="a", name="a.png"
    )
    assert adapter._upload(item) == "7"

    never = MastodonAdapter(adapter.profile, "t", media_wait=0.0)
    monkeypatch.setattr(never._client, "media_post", lambda *a, **k: {"id": "8", "url": None})
    with pytest.raises(TransientError):
        never._upload(item)


# -- metrics and verification ----------------------------------------------------------------


def test_metrics_count_what_others_did(adapter, profile, peer):
    post = publish(adapter, profile, unique("Concurs de fotografia"))
    peer.vecina.status_favourite(post.remote_id)
    peer.vecina.status_reblog(post.remote_id)
    peer.reply(post.remote_id, unique("M'apunte"))
    peer.vecina.account_follow(peer.ayto_id)
    counts = adapter.metrics(post.remote_id).counts
    assert counts == {"replies": 1, "reposts": 1, "likes": 1}
    profile_counts = adapter.metrics(None).counts
    assert profile_counts["followers"] >= 1 and profile_counts["posts"] >= 1
    assert set(profile_counts) <= adapter.capabilities().metrics


def test_verify_names_the_account_and_capabilities_read_the_instance(adapter, mock):
    status = adapter.verify()
    assert status.valid and status.account == f"@ayto@{mock.base_url.removeprefix('http://')}"
    caps = adapter.capabilities()
    assert caps.text_limit == 500 and caps.max_media == 4
    assert caps.max_media_bytes == 10485760
    assert caps.alt_text_limit == 1500, "mastodon-mock publishes no description_limit"
    assert caps.native_idempotency and caps.edit and not caps.own_history
    assert caps.sources[0] == f"{mock.base_url}/api/v2/instance"


# -- construction and the hook ---------------------------------------------------------------


def _profile(mock, url):
    return attrs.evolve(mock.profile("ayto"), url=url)


@pytest.mark.parametrize(
    "url",
    [
        "http://xarxa.example/@ayto",
        "http://10.0.0.5:3000/@ayto",
        "https://user:pw@xarxa.example/@a",
        None,
    ],
)
def test_an_unusable_instance_address_is_refused(mock, url):
    with pytest.raises(ConfigError) as refused:
        MastodonAdapter(_profile(mock, url), "t")
    assert refused.value.es and refused.value.en


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("https://xarxa.example/@ayto", "https://xarxa.example"),
        ("https://xarxa.example:8443/@ayto/", "https://xarxa.example:8443"),
        ("http://localhost:4001/@ayto", "http://localhost:4001"),
        ("http://127.0.0.1:4001/@ayto", "http://127.0.0.1:4001"),
    ],
)
def test_the_instance_is_the_profile_address_origin(mock, url, base):
    assert MastodonAdapter(_profile(mock, url), "t").base_url == base


def test_the_hook_serves_mastodon_profiles_only(mock, profile):
    credentials = Credentials(
        ref=CredentialRef("env:SOLDENEU_MASTODON_TOKEN"), secret=mock.tokens["ayto"]
    )
    mastodon = Channel(id="mastodon", name="Mastodon")
    built = govsm_adapter(channel=mastodon, profile=profile, credentials=credentials)
    assert isinstance(built, MastodonAdapter) and isinstance(built, Adapter)
    assert built.verify().valid
    assert mock.tokens["ayto"] not in repr(built)
    other = Channel(id="bluesky", name="Bluesky")
    assert govsm_adapter(channel=other, profile=profile, credentials=credentials) is None


def test_the_plugin_is_found_through_its_entry_point():
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group="govsm") if ep.value == "govsm_mastodon"]
    assert [ep.name for ep in found] == ["mastodon"]
