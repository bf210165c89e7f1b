"""LinkedIn's exports listed in a workspace: loaded by the real host with LinkedIn's records kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from govsm.model import MessageKind
from govsm.workspace import Workspace
from linkedin_archive_tests.builder import council_member_export, council_page_export
from linkedin_archive_tests.conftest import messages_of, read_all

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "soldeneu"


def _workspace(tmp_path: Path) -> tuple[Path, set[str]]:
    """The example council with the exports listed, and the ids of the exports' messages."""
    folder = tmp_path / "council"
    shutil.copytree(EXAMPLE, folder)
    exports = folder / "archives" / "linkedin"
    exports.mkdir(parents=True)
    member = council_member_export().write(exports / "Complete_LinkedInDataExport_03-10-2024.zip")
    page = council_page_export().write_xls(exports / "soldeneu-ocupacio_content_1710403200000.xls")
    ids = {m.id for path in (member, page) for m in messages_of(read_all(path))}
    manual = folder / "govsm.toml"
    text = manual.read_text(encoding="utf-8")
    listed = text.replace(
        'messages = ["history/*.jsonl"',
        'messages = ["archives/linkedin/*.zip", "archives/linkedin/*.xls", "history/*.jsonl"',
        1,
    )
    assert listed != text, "the example's [archives] changed: update this test"
    manual.write_text(listed, encoding="utf-8")
    return folder, ids


class TestWorkspace:
    def test_the_load_keeps_each_posts_record_and_a_second_load_adds_nothing(
        self, tmp_path: Path
    ) -> None:
        """govsm's load stores the exports' posts with their records; loading again adds nothing."""
        folder, ids = _workspace(tmp_path)
        with Workspace.open(folder, store_url=f"sqlite:///{tmp_path / 'db.sqlite3'}") as ws:
            first = ws.load()
            assert not first.problems, first.problems
            org = ws.organisation.id
            imported = [
                m for m in ws.store.messages(org, profile="linkedin-ocupacio") if m.id in ids
            ]
            # five shares and two comments of the member export, four posts of the Page's
            assert len(ids) == len(imported) == 11
            assert {m.kind for m in imported} >= {
                MessageKind.POST,
                MessageKind.REPOST,
                MessageKind.QUOTE,
                MessageKind.REPLY,
            }
            for message in imported:
                kept = ws.store.originals.get(org, message.id)
                assert kept is not None and kept.intact, message.id
            post = next(m for m in imported if m.id.startswith("linkedin-share-"))
            kept = ws.store.originals.get(org, post.id)
            assert kept is not None and kept.intact and kept.media_type == "text/csv"
            assert kept.original.startswith(b"2024-03-04 08:30:00,")
            page_post = next(m for m in imported if m.id.startswith("linkedin-activity-"))
            row = ws.store.originals.get(org, page_post.id)
            assert row is not None and json.loads(row.original)["Posted by"] == "Rosa Martí"
            before = ws.store.dump(org)
            again = ws.load()
            assert again.inserted == 0 and again.updated == 0
            assert ws.store.dump(org) == before
