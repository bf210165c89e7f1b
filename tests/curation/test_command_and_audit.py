"""``govsm sources fetch|list`` and the audit's ``sources`` step (which reads files only)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from govsm.builtin.steps import sources as sources_step
from govsm.model import Severity
from govsm.plugins import PluginHost
from govsm.spec.audit import AuditContext
from govsm.workspace import Workspace
from tests.cli.running import invoke
from tests.paths import EXAMPLE

from .conftest import AGENDA, ORG, rss
from .server import FeedServer, Route

MakeWorkspace = Callable[[str], Path]

FILE_SOURCE = '[[sources]]\nid = "agenda"\nurl = "file:feeds/agenda.xml"\nunit = "cultura"\n'


def with_feed(make_workspace: MakeWorkspace, body: bytes, extra: str = "") -> Path:
    path = make_workspace(FILE_SOURCE + extra)
    (path / "feeds").mkdir(exist_ok=True)
    (path / "feeds" / "agenda.xml").write_bytes(body)
    return path


class TestCommand:
    def test_list_shows_sources_and_the_profiles_they_feed(
        self, make_workspace: MakeWorkspace
    ) -> None:
        """list needs no store: it reads govsm.toml."""
        path = with_feed(make_workspace, rss(AGENDA))
        done = invoke("sources", "list", str(path), "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == [
            {
                "id": "agenda",
                "url": "file:feeds/agenda.xml",
                "profiles": ["mastodon-cultura", "x-cultura"],
                "unit": "cultura",
                "max_items": 20,
                "language": None,
            }
        ]
        assert "mastodon-cultura, x-cultura" in invoke("sources", "list", str(path)).stdout

    def test_fetch_drafts_then_adds_nothing(self, make_workspace: MakeWorkspace) -> None:
        """The first fetch saves six drafts and prints them; the second finds them all."""
        path = with_feed(make_workspace, rss(AGENDA))
        first = invoke("sources", "fetch", str(path), "--json")
        assert first.returncode == 0, first.stderr
        data = json.loads(first.stdout)
        assert data["saved"] is True
        (source,) = data["sources"]
        assert (source["entries"], source["new_entries"], len(source["drafts"])) == (3, 3, 6)
        assert {d["profile"] for d in source["drafts"]} == {"x-cultura", "mastodon-cultura"}
        second = invoke("sources", "fetch", str(path))
        assert second.returncode == 0
        assert "3 entries, 0 new → 0 new drafts" in second.stdout
        assert "already drafted 6" in second.stdout

    def test_a_source_that_cannot_be_read_exits_1(self, make_workspace: MakeWorkspace) -> None:
        """The error names the source and what is wrong, in the user's language; exit 1."""
        path = with_feed(make_workspace, b"<html>no</html>")
        done = invoke("--lang", "es", "sources", "fetch", str(path))
        assert done.returncode == 1
        assert (
            "agenda (file:feeds/agenda.xml): no es un canal RSS, Atom ni JSON Feed" in done.stderr
        )
        assert "Traceback" not in done.stdout + done.stderr

    def test_an_unknown_source_exits_2(self, make_workspace: MakeWorkspace) -> None:
        """--source naming nothing declared: both languages, exit 2."""
        path = with_feed(make_workspace, rss(AGENDA))
        done = invoke("sources", "fetch", str(path), "--source", "premsa")
        assert done.returncode == 2
        assert "fuente desconocida: premsa" in done.stderr
        assert "unknown source: premsa; declared: agenda" in done.stderr

    def test_a_dry_run_prints_and_saves_nothing(self, make_workspace: MakeWorkspace) -> None:
        """--dry-run lists the drafts with their findings and stores none."""
        path = with_feed(make_workspace, rss(AGENDA))
        done = invoke("sources", "fetch", str(path), "--dry-run")
        assert "6 drafts to make" in done.stdout
        with Workspace.open(path, host=PluginHost(entry_points=False)) as ws:
            assert not [m for m in ws.store.messages(ORG) if m.id.startswith("feed-")]


def _step(ws: Workspace):
    return sources_step.run(AuditContext(workspace=ws, today=date(2026, 11, 20)))


class TestAuditStep:
    def test_the_example_council_would_draft_five_entries(self, tmp_path: Path) -> None:
        """The agenda's six entries: five new for Cultura's two profiles, the copy left out."""
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
        with Workspace.open(EXAMPLE, store_url=url, host=PluginHost(entry_points=False)) as ws:
            ws.load()
            result = _step(ws)
            saved = [m for m in ws.store.messages(ws.organisation.id) if m.id.startswith("feed-")]
        agenda = result.summary["by_source"]["agenda-cultural"]
        assert agenda["profiles"] == ["facebook-cultura", "instagram-cultura"]
        assert (agenda["entries"], agenda["new_entries"], agenda["drafts"]) == (6, 5, 10)
        assert (agenda["known"], agenda["same_link"], agenda["same_content"]) == (0, 0, 2)
        assert result.findings == ()
        assert saved == []  # the audit drafts nothing
        assert "10 drafts would be made" in result.lines[0].en

    def test_the_audit_makes_no_network_request(
        self, server: FeedServer, make_workspace: MakeWorkspace, open_workspace
    ) -> None:
        """An http source is listed as not read; the server hears nothing."""
        server.routes["/agenda.xml"] = Route(rss(AGENDA))
        extra = (
            f'[[sources]]\nid = "remote"\nurl = "{server.url("/agenda.xml")}"\n'
            'unit = "cultura"\nallow_private = true\n'
        )
        ws = open_workspace(with_feed(make_workspace, rss(AGENDA), extra))
        result = _step(ws)
        assert server.requests == []
        remote = result.summary["by_source"]["remote"]
        assert remote["read"] is False and remote["drafts"] == 0
        assert result.summary["read"] == 1 and result.summary["drafts"] == 6
        assert result.lines[1].en.endswith(": not read in audits")

    def test_an_unreadable_or_damaged_source_is_a_finding(
        self, make_workspace: MakeWorkspace, open_workspace
    ) -> None:
        """Unreadable: a warning naming the source. Damaged but read: an info note."""
        damaged = rss(AGENDA)[:-25]  # cut inside </channel></rss>, the items intact
        extra = '[[sources]]\nid = "absent"\nurl = "file:feeds/absent.xml"\nunit = "cultura"\n'
        ws = open_workspace(with_feed(make_workspace, damaged, extra))
        result = _step(ws)
        by_rule = {f.rule: f for f in result.findings}
        assert by_rule["source-unreadable"].severity is Severity.WARNING
        assert by_rule["source-unreadable"].subject == "source:absent"
        assert "the file does not exist" in by_rule["source-unreadable"].message.en
        assert by_rule["source-damaged"].severity is Severity.INFO
        assert "the XML is not well-formed" in by_rule["source-damaged"].message.en

    def test_the_full_audit_runs_the_step(self, make_workspace: MakeWorkspace) -> None:
        """govsm audit lists the sources step after profiles and before checks."""
        path = with_feed(make_workspace, rss(AGENDA))
        done = invoke("audit", str(path), "--json", "--exit-zero")
        assert done.returncode == 0, done.stderr
        names = [s["name"] for s in json.loads(done.stdout)["steps"]]
        assert names.index("profiles") < names.index("sources") < names.index("checks")
