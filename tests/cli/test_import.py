"""``govsm import``: an archive into the store in one transaction, idempotent, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.cli.running import invoke
from tests.workspace.test_loader import MINIMAL

from govsm.store import Store
from govsm.workspace import Workspace
from govsm.workspace.archive_import import import_archive


def _line(number: int, profile: str = "x-ajuntament", text: str | None = None) -> str:
    moment = f"2025-03-{1 + number % 28:02d}T09:{number % 60:02d}:00+01:00"
    return json.dumps(
        {
            "id": f"{profile}-a{number:04d}",
            "profile": profile,
            "direction": "outbound",
            "kind": "post",
            "state": "published",
            "text": text or f"Avís número {number}: el mercat obri a les 8.00.",
            "created_at": moment,
            "published_at": moment,
            "remote_id": str(1_800_000_000_000_000_000 + number),
        },
        ensure_ascii=False,
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "govsm.toml").write_text(MINIMAL, encoding="utf-8")
    return folder


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An archive of 30 posts, outside the workspace (where a download lands)."""
    path = tmp_path / "downloads" / "x-ajuntament-2025.jsonl"
    path.parent.mkdir()
    path.write_text("".join(_line(n) + "\n" for n in range(30)), encoding="utf-8")
    return path


def _ids(store: Store) -> list[str]:
    if "ajuntament-proves" not in {o.id for o in store.organisations()}:
        return []
    return sorted(m.id for m in store.messages("ajuntament-proves"))


def _stored(workspace: Path) -> list[str]:
    with Workspace.open(workspace) as ws:
        return _ids(ws.store)


def test_imports_and_a_second_import_adds_nothing(workspace: Path, archive: Path) -> None:
    first = invoke("import", str(archive), "-w", str(workspace), "--json")
    assert first.returncode == 0, first.stderr
    [done] = json.loads(first.stdout)
    assert done | {"problems": None} == {
        "archive": str(archive),
        "importer": "jsonl",
        "read": 30,
        "originals": 0,
        "inserted": 30,
        "updated": 0,
        "unchanged": 0,
        "written": True,
        "problems": None,
    }
    assert len(_stored(workspace)) == 30
    again = invoke("import", str(archive), "-w", str(workspace), "--json")
    [redone] = json.loads(again.stdout)
    assert (redone["inserted"], redone["updated"], redone["unchanged"]) == (0, 0, 30)
    assert len(_stored(workspace)) == 30


def test_a_bad_record_leaves_the_store_as_it_was(workspace: Path, archive: Path) -> None:
    """One unreadable line in the middle: nothing of the archive is saved, the line is named."""
    lines = archive.read_text(encoding="utf-8").splitlines()
    lines[17] = lines[17][:40]  # cut in the middle of the record
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = invoke("import", str(archive), "-w", str(workspace))
    assert done.returncode == 2
    assert "NOT imported" in done.stdout
    assert f"{archive}:18" in done.stdout
    assert _stored(workspace) == []


def test_keep_going_saves_what_is_readable(workspace: Path, archive: Path) -> None:
    lines = archive.read_text(encoding="utf-8").splitlines()
    lines[17] = "{not json"
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = invoke("import", str(archive), "-w", str(workspace), "--keep-going")
    assert done.returncode == 1
    assert "29 new" in done.stdout
    assert len(_stored(workspace)) == 29


def test_dry_run_saves_nothing(workspace: Path, archive: Path) -> None:
    done = invoke("import", str(archive), "-w", str(workspace), "--dry-run")
    assert done.returncode == 0
    assert "30 messages read" in done.stdout
    assert "dry run" in done.stdout
    assert _stored(workspace) == []


def test_profile_refuses_another_profiles_messages(workspace: Path, archive: Path) -> None:
    with archive.open("a", encoding="utf-8") as out:
        out.write(_line(99, profile="x-esports") + "\n")
    done = invoke("import", str(archive), "-w", str(workspace), "--profile", "x-ajuntament")
    assert done.returncode == 2
    assert "belongs to profile 'x-esports', which is not among the profiles" in done.stdout
    assert _stored(workspace) == []
    unknown = invoke("import", str(archive), "-w", str(workspace), "--profile", "x-nobody")
    assert unknown.returncode == 2
    assert "profile 'x-nobody' is not in govsm.toml" in unknown.stderr


def test_a_message_of_an_undeclared_profile_rolls_back(workspace: Path, archive: Path) -> None:
    """Line 1,501 names a profile govsm.toml does not declare: named with its line, and the
    1,500 before it, read in an earlier batch of the same transaction, are not kept."""
    lines = [_line(n) for n in range(1500)] + [_line(2000, profile="x-desconegut")]
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = invoke("import", str(archive), "-w", str(workspace))
    assert done.returncode == 2
    assert "x-ajuntament-2025.jsonl:1501" in done.stdout and "x-desconegut" in done.stdout
    assert _stored(workspace) == []


def test_a_file_no_importer_reads(workspace: Path, tmp_path: Path) -> None:
    odd = tmp_path / "posts.xml"
    odd.write_text("<posts/>", encoding="utf-8")
    done = invoke("import", str(odd), "-w", str(workspace))
    assert done.returncode == 2
    assert "no importer reads this kind of file" in done.stderr


def test_a_damaged_zip_is_named_as_damaged(workspace: Path, tmp_path: Path) -> None:
    """A zip cut short: the reader says it is damaged, not that it is of no known kind."""
    import zipfile

    whole = tmp_path / "archive.zip"
    with zipfile.ZipFile(whole, "w") as zipped:
        zipped.writestr("data/tweets.js", "window.YTD.tweets.part0 = []")
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[:60])
    done = invoke("import", str(cut), "-w", str(workspace))
    assert done.returncode == 2
    assert "damaged" in done.stderr
    assert "Traceback" not in done.stderr


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=1, max_value=2_000))
def test_an_archive_cut_anywhere_is_all_or_nothing(
    workspace: Path, archive: Path, tmp_path: Path, cut: int
) -> None:
    """Wherever a download stopped, the store holds the whole archive or none of it."""
    whole = archive.read_bytes()
    partial = tmp_path / f"cut-{cut}.jsonl"
    partial.write_bytes(whole[: min(cut, len(whole))])
    with Workspace.open(workspace) as ws:
        assert ws.config is not None
        before = _ids(ws.store)
        result = import_archive(ws.config, ws.store, ws.host, partial)
        after = _ids(ws.store)
    if result.written:
        assert not result.problems
        assert set(before) <= set(after)
    else:
        assert result.problems
        assert after == before


def test_an_archive_is_history_and_fires_no_arrival(workspace: Path, archive: Path) -> None:
    """A citizen's message in an archive is not news: no govsm_inbound_received."""
    from govsm.plugins import PluginHost
    from govsm.spec.hookspecs import hookimpl

    heard: list[str] = []

    class Listener:
        @hookimpl
        def govsm_inbound_received(self, message: object, profile: object) -> None:
            heard.append(getattr(message, "id", "?"))

    inbound = json.loads(_line(500))
    inbound.update(direction="inbound", kind="mention", state="new")
    with archive.open("a", encoding="utf-8") as out:
        out.write(json.dumps(inbound) + "\n")
    host = PluginHost(plugins=[Listener()], entry_points=False)
    with Workspace.open(workspace, host=host) as ws:
        assert ws.config is not None
        result = import_archive(ws.config, ws.store, ws.host, archive)
    assert result.written and result.inserted == 31
    assert heard == []
