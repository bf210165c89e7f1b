"""Meta's exports listed in a workspace: loaded by the host with Meta's records kept, once."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from govsm.cli.main import cli
from govsm.model import MessageKind
from govsm.workspace import Workspace
from meta_archive_tests.builder import TEXTS, council_facebook, council_instagram

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "soldeneu"
#: the ids the importers give (the example's own history has other ids)
_IMPORTED = re.compile(r"(?:facebook|instagram)-[0-9a-f]{24}")


def _workspace(tmp_path: Path) -> Path:
    """The example council's workspace, its archives the Page's and the account's exports."""
    folder = tmp_path / "council"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("archives"))
    (folder / "meta").mkdir()
    council_facebook("page").write(
        folder / "meta" / "facebook-ajuntamentsoldeneu-2026-05-31-Xa3bC9dE.zip"
    )
    council_instagram().write(folder / "meta" / "instagram-ajsoldeneu-2026-05-31-Yb4cD0eF.zip")
    manual = folder / "govsm.toml"
    text, count = re.subn(
        r"^messages = \[.*\]$",
        'messages = ["history/*.jsonl", "meta/*.zip"]',
        manual.read_text(encoding="utf-8"),
        count=1,
        flags=re.MULTILINE,
    )
    assert count == 1
    manual.write_text(text, encoding="utf-8")
    return folder


def test_the_load_keeps_each_posts_record_and_a_second_load_adds_nothing(tmp_path: Path) -> None:
    """``govsm audit``'s load stores both exports' posts with their records; again, nothing."""
    folder = _workspace(tmp_path)
    with Workspace.open(folder, store_url=f"sqlite:///{tmp_path / 'db.sqlite3'}") as ws:
        first = ws.load()
        assert not first.problems, first.problems
        org = ws.organisation.id
        page = [
            m
            for m in ws.store.messages(org, profile="facebook-ajuntament")
            if _IMPORTED.fullmatch(m.id)
        ]
        account = [
            m
            for m in ws.store.messages(org, profile="instagram-ajuntament")
            if _IMPORTED.fullmatch(m.id)
        ]
        assert len(page) == 8 and len(account) == 4
        assert {m.kind for m in page} == {MessageKind.POST, MessageKind.REPLY}
        assert TEXTS["festa"] in {m.text for m in page}
        kept = ws.store.originals.get(org, page[0].id)
        assert kept is not None and kept.intact and json.loads(kept.original)
        assert "facebook-ajuntamentsoldeneu-2026-05-31-Xa3bC9dE.zip!" in kept.source
        assert all(ws.store.originals.get(org, m.id) is not None for m in (*page, *account))
        before = ws.store.dump(org)
        again = ws.load()
        assert again.inserted == 0 and again.updated == 0
        assert ws.store.dump(org) == before


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env={"GOVSM_LANG": "en"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout + result.stderr


def test_govsm_import_with_the_profile_named(tmp_path: Path) -> None:
    """An export that does not say whose it is: refused alone, imported with ``--profile``."""
    folder = _workspace(tmp_path)
    export = council_facebook()
    export.account = False
    archive = export.write(tmp_path / "posts-only.zip")
    code, said = _invoke("import", str(archive), "-w", str(folder), "--json")
    assert code == 2
    (result,) = json.loads(said[said.index("[") :])
    assert result["importer"] == "facebook-archive" and not result["written"]
    assert "govsm import --profile PROFILE" in result["problems"][0]["en"]
    code, said = _invoke(
        "import", str(archive), "-w", str(folder), "--profile", "facebook-cultura", "--json"
    )
    assert code == 0, said
    (result,) = json.loads(said[said.index("[") :])
    assert result["written"] and result["inserted"] == 8 and result["originals"] == 8
    code, said = _invoke(
        "import", str(archive), "-w", str(folder), "--profile", "facebook-cultura", "--json"
    )
    (result,) = json.loads(said[said.index("[") :])
    assert code == 0 and result["inserted"] == 0 and result["unchanged"] == 8
