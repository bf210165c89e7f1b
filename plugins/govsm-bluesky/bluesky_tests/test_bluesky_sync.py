"""End to end against the local Bluesky networks: what ``govsm sync`` records.

On the PDS-only network: an edit and a deletion. On the full network (with an AppView): the
neighbours' replies and mentions, stored in their thread, and the counts of the post and of the
account.

The example council's ``bluesky-ajuntament`` profile is pointed at a fresh account on the
session's PDS (its handle in the manual, the app password in the environment variable its
``credential`` names, the PDS and PLC directory in the plugin's variables). Two messages go
through approval and out through the publishing worker, with the adapter govsm's plugins build.
The council then rewrites one record (``putRecord``: the protocol can, the app cannot) and
deletes the other with its own client, and ``govsm sync`` — the command, as a council runs it —
writes one ``message.edited_on_network`` and one ``message.deleted_on_network``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from atproto import client_utils, models
from govsm_bluesky import PLC_ENV, SERVICE_ENV
from govsm_bluesky.rkey import POST, AtUri
from tests.cli.running import invoke
from tests.councils import example_copy
from tests.peers.bluesky_appview import BlueskyFullNetwork

from bluesky_tests.bluesky_council import AppViewPeer, BlueskyPeer, Council, new_council, unique
from govsm.ledger import record as rec
from govsm.model import Direction, Message, MessageKind
from govsm.testing.publishing import publish_now
from govsm.workspace import Workspace

pytestmark = pytest.mark.slow

PROFILE = "bluesky-ajuntament"
SECRET_VAR = "SOLDENEU_BLUESKY_APP_PASSWORD"
EDITOR, APPROVER = "pau-ribera", "marta-soler"


@pytest.fixture
def folder(tmp_path: Path, council: Council, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example council whose Bluesky profile is the test council's account."""
    handle = 'handle = "ajsoldeneu.bsky.social"'
    copied = example_copy(tmp_path, {handle: f'handle = "{council.ayto.handle}"'})
    monkeypatch.setenv(SECRET_VAR, council.app_password)
    monkeypatch.setenv(SERVICE_ENV, council.network.pds_url)
    monkeypatch.setenv(PLC_ENV, council.network.plc_url)
    return copied


def _publish(ws: Workspace, ident: str, text: str) -> Message:
    """Draft, approve and schedule a message; the worker publishes it through the plugin."""
    published = publish_now(
        ws, PROFILE, ident, text, editor=EDITOR, approver=APPROVER, language="ca-valencia"
    )
    assert published.remote_id is not None and published.remote_id.startswith("at://")
    return published


def _sync(council: Council, folder: Path) -> dict[str, object]:
    """``govsm sync FOLDER --profile bluesky-ajuntament --json``: the profile's line."""
    done = invoke(
        "sync",
        str(folder),
        "--profile",
        PROFILE,
        "--json",
        env={"GOVSM_DISABLE_PLUGINS": "example,test-plugin"},
    )
    assert council.app_password not in done.stdout + done.stderr, "the secret is in the output"
    assert done.returncode == 0, done.stdout + done.stderr
    (line,) = json.loads(done.stdout)["profiles"]
    assert isinstance(line, dict)
    return line


def test_govsm_sync_records_an_edit_and_a_deletion_made_on_bluesky(
    council: Council, peer: BlueskyPeer, folder: Path
) -> None:
    with Workspace.open(folder) as ws:
        ws.load()
        kept = _publish(ws, "bsky-piscina", unique("Dissabte obrim la piscina a les 10 h."))
        gone = _publish(ws, "bsky-avis", unique("Avís: demà no hi ha mercat."))
    assert peer.text_of(kept.remote_id or "") == kept.text

    first = _sync(council, folder)
    assert first["problem"] is None, first["problem"]
    assert (first["posted"], first["edited"], first["deleted"]) == (0, 0, 0), (
        "the worker's two posts are known; nothing was changed yet"
    )

    assert kept.remote_id and gone.remote_id
    current = peer.record(kept.remote_id)
    assert current is not None
    corrected = unique("Dissabte obrim la piscina a les 11 h.")
    peer.ayto.com.atproto.repo.put_record(
        models.ComAtprotoRepoPutRecord.Data(
            repo=council.ayto.did,
            collection=POST,
            rkey=AtUri.parse(kept.remote_id).rkey,
            record={"$type": POST, "text": corrected, "createdAt": current.value.created_at},
            swap_record=current.cid,
        )
    )
    peer.delete(gone.remote_id)

    second = _sync(council, folder)
    assert second["problem"] is None, second["problem"]
    assert (second["posted"], second["edited"], second["deleted"]) == (0, 1, 1)

    third = _sync(council, folder)
    assert (third["posted"], third["edited"], third["deleted"]) == (0, 0, 0), "nothing new"

    with Workspace.open(folder) as ws:
        org = ws.organisation.id
        entries = ws.store.audit_entries(org)
        edited = [e for e in entries if e.action == rec.MESSAGE_EDITED_ON_NETWORK]
        deleted = [e for e in entries if e.action == rec.MESSAGE_DELETED_ON_NETWORK]
        assert [(e.subject, e.actor) for e in edited] == [(kept.id, rec.SYNC)]
        assert [(e.subject, e.actor) for e in deleted] == [(gone.id, rec.SYNC)]
        stored = ws.store.message(org, kept.id)
        assert stored is not None and stored.text == corrected
        still = ws.store.message(org, gone.id)
        assert still is not None and still.text == gone.text, "a deleted post stays on record"
        dump = json.dumps(ws.store.dump(org), default=str)
    assert council.app_password not in dump, "the secret is in the store"


class TestSyncThroughTheAppView:
    """``govsm sync`` against the full network: inbound items in their thread, and counts."""

    @pytest.fixture(scope="class")
    @classmethod
    def council(cls, bluesky_full_network: BlueskyFullNetwork) -> Council:
        return new_council(bluesky_full_network)

    @pytest.fixture
    def peer(self, council: Council) -> BlueskyPeer:
        return AppViewPeer(council)

    def test_govsm_sync_stores_replies_in_their_thread_and_the_counts(
        self, council: Council, peer: AppViewPeer, folder: Path
    ) -> None:
        with Workspace.open(folder) as ws:
            ws.load()
            post = _publish(ws, "bsky-beques", unique("Obrim el termini de les beques."))
        assert post.remote_id is not None
        answer = peer.reply(post.remote_id, unique("Fins quan es poden demanar?"))
        text = (
            client_utils.TextBuilder()
            .text("Ho sap ")
            .mention(f"@{council.ayto.handle}", council.ayto.did)
            .text(unique("?"))
        )
        mention = str(peer.vecina.send_post(text, profile_identify=council.vecina.did).uri)
        peer.settle()

        first = _sync(council, folder)
        assert first["problem"] is None, first["problem"]
        assert first["inbound"] == 2
        assert isinstance(first["metrics"], int) and first["metrics"] >= 1

        nested = peer.reply(answer, unique("I qui les pot demanar?"))
        peer.like(post.remote_id)
        peer.follow()
        peer.settle()
        second = _sync(council, folder)
        assert second["problem"] is None, second["problem"]
        assert second["inbound"] == 1, "only what came after the cursor"
        third = _sync(council, folder)
        assert third["inbound"] == 0, "nothing new"

        with Workspace.open(folder) as ws:
            org = ws.organisation.id
            stored = ws.store.sync.by_remote_id(org, PROFILE, [answer, nested, mention])
            assert set(stored) == {answer, nested, mention}
            reply, under, mentioned = stored[answer], stored[nested], stored[mention]
            assert reply.direction is Direction.INBOUND and reply.kind is MessageKind.REPLY
            assert (reply.reply_to, reply.reply_to_remote) == (post.id, post.remote_id)
            assert (under.reply_to, under.reply_to_remote) == (reply.id, answer), "its thread"
            assert mentioned.kind is MessageKind.MENTION and mentioned.reply_to is None
            assert reply.author == council.vecina.handle
            followers = [
                v for name, _, v in ws.store.sync.metrics(org, PROFILE) if name == "followers"
            ]
            assert followers[-1] == 1
            counts = {name: v for name, _, v in ws.store.sync.metrics(org, PROFILE, post.remote_id)}
            assert counts["likes"] == 1
            assert counts["replies"] == 1, "the AppView counts the direct replies"
