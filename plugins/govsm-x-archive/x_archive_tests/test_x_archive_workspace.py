"""An X archive listed in a workspace: loaded by ``govsm audit`` with X's records kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from govsm.model import MessageKind
from govsm.workspace import Workspace
from x_archive_tests.builder import ArchiveBuilder, council_archive

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "soldeneu"


def _workspace(tmp_path: Path) -> tuple[Path, ArchiveBuilder]:
    folder = tmp_path / "council"
    # the example's own archives left out: this test's is the only one
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("archives", ".govsm", "report"))
    archive = council_archive(ArchiveBuilder(username="AjSoldeneu"))
    (folder / "archives").mkdir()
    archive.write(folder / "archives" / "x-ajuntament.zip")
    manual = folder / "govsm.toml"
    text = manual.read_text(encoding="utf-8")
    manual.write_text(
        text.replace(
            'messages = ["history/*.jsonl"]',
            'messages = ["history/*.jsonl", "archives/*.zip"]',
            1,
        ),
        encoding="utf-8",
    )
    return folder, archive


def test_the_load_keeps_each_posts_record_and_a_second_load_adds_nothing(
    tmp_path: Path,
) -> None:
    folder, archive = _workspace(tmp_path)
    ids = {f"x-{tweet['id_str']}" for tweet in archive.tweets}
    with Workspace.open(folder, store_url=f"sqlite:///{tmp_path / 'db.sqlite3'}") as ws:
        first = ws.load()
        assert not first.problems, first.problems
        org = ws.organisation.id
        imported = [m for m in ws.store.messages(org, profile="x-ajuntament") if m.id in ids]
        assert {m.kind for m in imported} >= {MessageKind.REPLY, MessageKind.REPOST}
        assert ws.store.originals.count(org) == len(imported) > 0
        kept = ws.store.originals.get(org, imported[0].id)
        assert kept is not None and kept.intact and json.loads(kept.original)
        assert kept.source.startswith("archives/x-ajuntament.zip!") or "x-ajuntament.zip" in (
            kept.source
        )
        before = ws.store.dump(org)
        again = ws.load()
        assert again.inserted == 0 and again.updated == 0
        assert ws.store.dump(org) == before
