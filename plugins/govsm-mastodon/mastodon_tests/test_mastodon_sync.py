"""End to end against mastodon-mock: ``govsm sync`` records an edit and a deletion made there.

The example council's ``mastodon-ajuntament`` profile is pointed at the session's server (its
``url`` names the instance and the ``ayto`` account; the token is in the environment variable
its ``credential`` names). Two messages go through approval and out through the publishing
worker, with the adapter govsm's plugins build; a first ``govsm sync`` sees them. The council
then edits one and deletes the other in its own client, and the next ``govsm sync`` — the
command — writes one ``message.edited_on_network`` and one ``message.deleted_on_network``.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from tests.cli.running import invoke
from tests.councils import example_copy

from govsm.ledger import record as rec
from govsm.model import Message
from govsm.testing.publishing import publish_now
from govsm.workspace import Workspace

PROFILE = "mastodon-ajuntament"
SECRET_VAR = "SOLDENEU_MASTODON_TOKEN"
EDITOR, APPROVER = "pau-ribera", "marta-soler"


@pytest.fixture
def folder(tmp_path: Path, mock, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example council whose Mastodon profile is mastodon-mock's ``ayto``."""
    address = 'url = "https://xarxa.soldeneu.example/@ajuntament"'
    copied = example_copy(tmp_path, {address: f'url = "{mock.base_url}/@ayto"'})
    monkeypatch.setenv(SECRET_VAR, mock.tokens["ayto"])
    return copied


def _publish(ws: Workspace, ident: str, text: str) -> Message:
    """Draft, approve and schedule a message; the worker publishes it through the plugin."""
    return publish_now(
        ws, PROFILE, ident, text, editor=EDITOR, approver=APPROVER, language="ca-valencia"
    )


def _sync(folder: Path, token: str) -> dict[str, object]:
    """``govsm sync FOLDER --profile mastodon-ajuntament --json``: the profile's line."""
    done = invoke(
        "sync",
        str(folder),
        "--profile",
        PROFILE,
        "--json",
        env={"GOVSM_DISABLE_PLUGINS": "example,test-plugin"},
    )
    assert token not in done.stdout + done.stderr, "the secret is in the output"
    assert done.returncode == 0, done.stdout + done.stderr
    (line,) = json.loads(done.stdout)["profiles"]
    assert isinstance(line, dict)
    return line


def test_govsm_sync_records_an_edit_and_a_deletion_made_on_mastodon(
    mock, peer, folder: Path
) -> None:
    token = mock.tokens["ayto"]
    tag = secrets.token_hex(3)
    with Workspace.open(folder) as ws:
        ws.load()
        kept = _publish(ws, "masto-piscina", f"Dissabte obrim la piscina a les 10 h. [{tag}]")
        gone = _publish(ws, "masto-avis", f"Avís: demà no hi ha mercat. [{tag}]")
    assert kept.remote_id and gone.remote_id

    first = _sync(folder, token)
    assert first["problem"] is None, first["problem"]
    assert (first["edited"], first["deleted"]) == (0, 0), "nothing was changed yet"

    corrected = f"Dissabte obrim la piscina a les 11 h. [{tag}]"
    peer.edit(kept.remote_id, corrected)
    peer.delete(gone.remote_id)

    second = _sync(folder, token)
    assert second["problem"] is None, second["problem"]
    assert (second["posted"], second["edited"], second["deleted"]) == (0, 1, 1)

    third = _sync(folder, token)
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
        dump = json.dumps(ws.store.dump(org), default=str)
    assert token not in dump, "the secret is in the store"
