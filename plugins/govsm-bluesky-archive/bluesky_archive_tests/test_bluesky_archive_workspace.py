"""A Bluesky export listed in a workspace: loaded by ``govsm audit``'s loader with its records.

The example council's workspace (``examples/soldeneu``) is copied, the council's repository
export is put in it and named among its archives, and the workspace is loaded into a SQLite
store as ``govsm audit`` loads it (:meth:`govsm.workspace.Workspace.load`).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bluesky_archive_tests.builder import DID, KINDS, council_repository
from govsm.model import MessageKind
from govsm.workspace import Workspace

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "soldeneu"
DECLARED = 'url = "https://bsky.app/profile/ajsoldeneu.bsky.social"'


def _workspace(tmp_path: Path, *, with_did: bool = True) -> Path:
    """The example workspace, with the council's export in ``bluesky/repo.car``."""
    folder = tmp_path / "council"
    shutil.copytree(EXAMPLE, folder)
    (folder / "bluesky").mkdir()
    council_repository()[0].write(folder / "bluesky" / "repo.car")
    manual = folder / "govsm.toml"
    text = manual.read_text(encoding="utf-8")
    assert DECLARED in text
    text = re.sub(
        r"^messages = \[.*\]$",
        'messages = ["history/*.jsonl", "bluesky/*.car"]',
        text,
        count=1,
        flags=re.MULTILINE,
    )
    if with_did:
        text = text.replace(DECLARED, f'url = "https://bsky.app/profile/{DID}"', 1)
    manual.write_text(text, encoding="utf-8")
    return folder


def test_the_load_keeps_each_records_bytes_and_a_second_load_adds_nothing(
    tmp_path: Path,
) -> None:
    """Every post and repost is stored with its DAG-CBOR; loading again changes nothing."""
    folder = _workspace(tmp_path)
    with Workspace.open(folder, store_url=f"sqlite:///{tmp_path / 'db.sqlite3'}") as ws:
        first = ws.load()
        assert not first.problems, first.problems
        org = ws.organisation.id
        imported = [
            m
            for m in ws.store.messages(org, profile="bluesky-ajuntament")
            if m.remote_id and m.remote_id.startswith(f"at://{DID}/")
        ]
        assert len(imported) == len(KINDS)
        assert {m.kind for m in imported} == {
            MessageKind.POST,
            MessageKind.REPLY,
            MessageKind.QUOTE,
            MessageKind.REPOST,
        }
        assert ws.store.originals.count(org) >= len(imported)
        for message in imported:
            kept = ws.store.originals.get(org, message.id)
            assert kept is not None and kept.intact
            assert kept.media_type == "application/vnd.ipld.dag-cbor"
            assert re.fullmatch(r"repo\.car@\d+", kept.source)
            data = (folder / "bluesky" / "repo.car").read_bytes()
            offset = int(kept.source.split("@")[1])
            assert data[offset : offset + len(kept.original)] == kept.original
        before = ws.store.dump(org)
        again = ws.load()
        assert again.inserted == 0 and again.updated == 0
        assert ws.store.dump(org) == before


def test_a_profile_named_by_its_handle_alone_is_a_problem_of_the_load(tmp_path: Path) -> None:
    """The example's profile names its handle only: the load says which DID to declare."""
    folder = _workspace(tmp_path, with_did=False)
    with Workspace.open(folder, store_url=f"sqlite:///{tmp_path / 'db.sqlite3'}") as ws:
        result = ws.load()
        (problem,) = result.problems
        assert problem.where == "bluesky/repo.car"
        assert f'url = "https://bsky.app/profile/{DID}"' in problem.message.en
        assert "ajsoldeneu.bsky.social" in problem.message.en
        org = ws.organisation.id
        assert not any(
            m.remote_id and m.remote_id.startswith(f"at://{DID}/")
            for m in ws.store.messages(org, profile="bluesky-ajuntament")
        )
