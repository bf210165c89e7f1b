"""End to end against the real WordPress: ``govsm sync`` records an edit and a deletion made
on the site, and saves a visitor's comment, through the plugin govsm loads by its entry point.

The example council's blog profile is pointed at the session's site (its ``url``, the
administrator as its ``handle``, the Application Password in the environment variable its
``credential`` names); posts go out through the adapter the plugins build for it
(:func:`govsm.workspace.adapters.plugin_adapter`) and are saved as the worker saves them.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from tests.cli.running import invoke
from tests.councils import example_copy

from govsm.ledger import record as rec
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm.syncing import sync
from govsm.workspace import Workspace
from govsm.workspace.adapters import plugin_adapter

if TYPE_CHECKING:
    from tests.peers.wordpress_site import WordPressSite

PROFILE = "blog-soldeneu"
SECRET_VAR = "SOLDENEU_BLOG_TOKEN"


@pytest.fixture
def council(tmp_path: Path, wordpress_site: WordPressSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example council, its blog on the session's WordPress."""
    folder = example_copy(
        tmp_path,
        {
            'handle = "bloc.soldeneu.example"': f'handle = "{wordpress_site.admin_user}"',
            'url = "https://bloc.soldeneu.example"': f'url = "{wordpress_site.url}"',
        },
    )
    monkeypatch.setenv(SECRET_VAR, wordpress_site.app_password)
    return folder


def _publish(ws: Workspace, ident: str, text: str) -> Message:
    """Publish through the plugin's adapter and save the message as the worker does."""
    profile = ws.profile(PROFILE)
    adapter = plugin_adapter(ws, profile)
    assert adapter is not None, "the WordPress plugin serves the blog profile"
    message = Message(
        organisation=ws.organisation.id,
        id=ident,
        profile=PROFILE,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.SCHEDULED,
        text=text,
        title=text[:40],
        created_at=datetime.now(UTC),
    )
    result = adapter.publish(message, idempotency_key=secrets.token_hex(8))
    published = Message(
        **{
            **{f: getattr(message, f) for f in ("organisation", "id", "profile", "direction")},
            "kind": message.kind,
            "state": MessageState.PUBLISHED,
            "text": text,
            "title": message.title,
            "created_at": message.created_at,
            "published_at": result.published_at,
            "remote_id": result.remote_id,
        }
    )
    ws.store.save_messages(ws.organisation.id, [published])
    return published


def test_sync_records_an_edit_and_a_deletion_made_on_the_site(
    council: Path, wordpress_site: WordPressSite, wp_peer: Any
) -> None:
    peer = (
        wp_peer  # the kit's peer (wordpress_tests/conftest.py): the administrator's own REST client
    )
    with Workspace.open(council) as ws:
        ws.load()
        kept = _publish(ws, "bloc-horari-estiu", "Horari d'estiu de la biblioteca municipal.")
        gone = _publish(ws, "bloc-avis-esborrat", "Avís que s'esborrarà des del WordPress.")
        first = sync(ws, profiles=[PROFILE])
        (done,) = first.profiles
        assert done.problem is None, done.problem
        assert kept.remote_id and gone.remote_id
        peer.edit(kept.remote_id, "Horari d'estiu de la biblioteca municipal: de 8 a 14 h.")
        peer.delete(gone.remote_id)
        question = f"I els dissabtes? [{secrets.token_hex(3)}]"  # the site is the session's
        wordpress_site.post_comment_as_visitor(
            int(kept.remote_id), question, "Veïna de Soldeneu", "veina@example.org"
        )
        second = sync(ws, profiles=[PROFILE])
        (done,) = second.profiles
        assert done.problem is None, done.problem
        assert (done.edited, done.deleted) == (1, 1)
        assert done.inbound >= 1
        org = ws.organisation.id
        entries = ws.store.audit_entries(org)
        edited = [e for e in entries if e.action == rec.MESSAGE_EDITED_ON_NETWORK]
        deleted = [e for e in entries if e.action == rec.MESSAGE_DELETED_ON_NETWORK]
        assert [e.subject for e in edited] == [kept.id]
        assert [e.subject for e in deleted] == [gone.id]
        stored = ws.store.message(org, kept.id)
        assert stored is not None and "de 8 a 14 h" in stored.text
        comments = [
            m
            for m in ws.store.messages(org, profile=PROFILE, direction=Direction.INBOUND)
            if question in m.text
        ]
        assert len(comments) == 1 and comments[0].reply_to == kept.id
        # a third sync finds nothing new
        (done,) = sync(ws, profiles=[PROFILE]).profiles
        assert (done.edited, done.deleted, done.inbound) == (0, 0, 0)
        dump = json.dumps(ws.store.dump(org), default=str)
    assert wordpress_site.app_password not in dump, "the secret is in the store"


def test_the_command_says_what_it_read_and_hides_the_secret(
    council: Path, wordpress_site: WordPressSite
) -> None:
    """The blog keeps the example's public handle; the secret names the login (``login:…``)."""
    manual = council / "govsm.toml"
    text = manual.read_text(encoding="utf-8")
    ours = f'handle = "{wordpress_site.admin_user}"'
    assert ours in text
    manual.write_text(text.replace(ours, 'handle = "bloc.soldeneu.example"'), encoding="utf-8")
    secret = f"{wordpress_site.admin_user}:{wordpress_site.app_password}"
    env = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin", SECRET_VAR: secret}
    done = invoke("--lang", "en", "sync", str(council), "--profile", PROFILE, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(rf"^{PROFILE}: \d+ inbound, \d+ new posts", done.stdout, re.M)
    assert wordpress_site.app_password not in done.stdout + done.stderr
