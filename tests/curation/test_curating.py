"""curate(): feeds into drafts, saved once, checked, and governed like any other draft."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from govsm.curation import curate
from govsm.governance import Governance
from govsm.model import MessageState
from govsm.store.originals import Originals
from govsm.workspace import Workspace

from .conftest import AGENDA, ORG, atom, json_feed, rss
from .server import FeedServer, Route

MakeWorkspace = Callable[[str], Path]
OpenWorkspace = Callable[[Path], Workspace]


def http_source(ident: str, url: str, feeds: str = 'unit = "cultura"', extra: str = "") -> str:
    return (
        f'[[sources]]\nid = "{ident}"\nurl = "{url}"\n{feeds}\nallow_private = true\n'
        f"timeout_seconds = 5\n{extra}\n"
    )


class TestDrafts:
    def test_each_entry_becomes_a_draft_per_live_profile(
        self, server: FeedServer, make_workspace: MakeWorkspace, open_workspace: OpenWorkspace
    ) -> None:
        """The unit's live profiles get one draft per entry; the archived one gets none."""
        server.routes["/agenda.xml"] = Route(rss(AGENDA))
        ws = open_workspace(make_workspace(http_source("agenda", server.url("/agenda.xml"))))
        report = curate(ws)
        (source,) = report.sources
        assert source.error is None and source.read and source.kind == "rss20"
        assert source.profiles == ("mastodon-cultura", "x-cultura")  # not bluesky-cultura
        assert (source.entries, source.new_entries, len(source.drafts)) == (3, 3, 6)
        stored = {m.id: m for m in ws.store.messages(ORG) if m.id.startswith("feed-")}
        assert set(stored) == {d.message.id for d in source.drafts}
        first = stored[source.drafts[0].message.id]
        assert first.state is MessageState.DRAFT and first.author is None
        assert first.language == "ca"  # the feed's, as the source names none
        assert first.text.startswith("Concert de Santa Cecília\n\nLa banda toca")

    def test_fetching_twice_adds_nothing(
        self, server: FeedServer, make_workspace: MakeWorkspace, open_workspace: OpenWorkspace
    ) -> None:
        """The second fetch finds every draft it made and writes nothing."""
        server.routes["/agenda.xml"] = Route(rss(AGENDA))
        ws = open_workspace(make_workspace(http_source("agenda", server.url("/agenda.xml"))))
        curate(ws)
        before = ws.store.dump(ORG)
        again = curate(ws).sources[0]
        assert (again.new_entries, again.known, len(again.drafts)) == (0, 6, 0)
        assert ws.store.dump(ORG) == before

    def test_the_entry_is_kept_beside_its_draft(
        self, server: FeedServer, make_workspace: MakeWorkspace, open_workspace: OpenWorkspace
    ) -> None:
        """Each draft keeps the entry as the feed gave it, with its hash."""
        server.routes["/agenda.xml"] = Route(rss(AGENDA[:1]))
        ws = open_workspace(make_workspace(http_source("agenda", server.url("/agenda.xml"))))
        (item, _) = curate(ws).sources[0].drafts
        original = Originals(ws.store).get(ORG, item.message.id)
        assert original is not None and original.intact
        assert json.loads(original.original)["title"] == "Concert de Santa Cecília"
        assert original.source.startswith(f"agenda: {server.url('/agenda.xml')} (entry 1)")

    def test_the_source_language_wins_and_explicit_profiles_are_fed(
        self, server: FeedServer, make_workspace: MakeWorkspace, open_workspace: OpenWorkspace
    ) -> None:
        """profiles = [...] feeds those profiles; language = ... is the drafts' language."""
        server.routes["/a.json"] = Route(
            json_feed([{"id": "1", "url": "https://www.proves.example/1", "title": "Hola"}]),
            headers={"Content-Type": "application/feed+json"},
        )
        sources = http_source(
            "noticies", server.url("/a.json"), 'profiles = ["x-ajuntament", "bluesky-cultura"]',
            'language = "ca-valencia"',
        )  # fmt: skip
        ws = open_workspace(make_workspace(sources))
        (source,) = curate(ws).sources
        assert source.profiles == ("x-ajuntament",)
        assert [d.message.language for d in source.drafts] == ["ca-valencia"]
        assert [n.en for n in source.notes] == [
            "profile 'bluesky-cultura' is archived: no drafts are prepared for it"
        ]


class TestDuplicates:
    def test_the_same_words_under_another_link_are_drafted_once(
        self, server: FeedServer, make_workspace: MakeWorkspace, open_workspace: OpenWorkspace
    ) -> None:
        """Two sources, the same title and summary under two links: drafted from the first."""
        server.routes["/agenda.xml"] = Route(rss(AGENDA[:1]))
        copy = {
            "title": "CONCERT DE SANTA CECÍLIA!",
            "link": "https://www.proves.example/noticies/concert-copia",
            "summary": "<p>La banda toca a l’Auditori diumenge, a les 12.00 h.</p>",
        }
        server.routes["/noticies.atom"] = Route(atom([copy]))
        sources = http_source("agenda", server.url("/agenda.xml")) + http_source(
            "noticies", server.url("/noticies.atom")
        )
        ws = open_workspace(make_workspace(sources))
        first, second = curate(ws).sources
        assert len(first.drafts) == 2
        assert (len(second.drafts), second.same_content, second.same_link) == (0, 2, 0)
        # and a later fetch of the second source alone still finds the first's drafts
        assert curate(ws, sources=["noticies"]).sources[0].same_content == 2

    def test_the_same_link_in_two_sources_is_drafted_once(
        self, server: FeedServer, make_workspace: MakeWorkspace, open_workspace: OpenWorkspace
    ) -> None:
        """The same link (tracking parameters aside) with other words: drafted once."""
        server.routes["/agenda.xml"] = Route(rss(AGENDA[:1]))
        other = {
            "title": "Una altra cosa",
            "link": AGENDA[0]["link"] + "?utm_source=newsletter",
            "summary": "Paraules diferents.",
        }
        server.routes["/noticies.atom"] = Route(atom([other]))
        sources = http_source("agenda", server.url("/agenda.xml")) + http_source(
            "noticies", server.url("/noticies.atom")
        )
        ws = open_workspace(make_workspace(sources))
        _first, second = curate(ws).sources
        assert (len(second.drafts), second.same_link) == (0, 2)


class TestFailures:
    def test_a_broken_source_is_named_and_the_others_are_read(
        self, server: FeedServer, make_workspace: MakeWorkspace, open_workspace: OpenWorkspace
    ) -> None:
        """A source that fails is reported; the next one is drafted all the same."""
        server.routes["/agenda.xml"] = Route(rss(AGENDA[:1]))
        server.routes["/broken.xml"] = Route(b"<html>not a feed</html>")
        sources = http_source("broken", server.url("/broken.xml")) + http_source(
            "agenda", server.url("/agenda.xml")
        )
        ws = open_workspace(make_workspace(sources))
        report = curate(ws)
        broken, agenda = report.sources
        assert broken.error is not None and "not an RSS, Atom or JSON Feed" in broken.error.en
        assert [s.source for s in report.failed] == ["broken"]
        assert len(agenda.drafts) == 2

    def test_a_dry_run_saves_nothing(
        self, server: FeedServer, make_workspace: MakeWorkspace, open_workspace: OpenWorkspace
    ) -> None:
        """dry_run finds what is new, checks it, and writes nothing."""
        server.routes["/agenda.xml"] = Route(rss(AGENDA))
        ws = open_workspace(make_workspace(http_source("agenda", server.url("/agenda.xml"))))
        before = ws.store.dump(ORG)
        report = curate(ws, dry_run=True)
        assert not report.saved and len(report.drafts) == 6
        assert ws.store.dump(ORG) == before

    def test_an_unknown_source_and_an_unloaded_store_are_refused(
        self, make_workspace: MakeWorkspace, tmp_path: Path
    ) -> None:
        """Naming a source that is not declared, or curating before loading, says so."""
        from govsm.errors import ConfigError
        from govsm.plugins import PluginHost

        path = make_workspace(http_source("agenda", "https://www.proves.example/feed"))
        with Workspace.open(path, host=PluginHost(entry_points=False)) as ws:
            with pytest.raises(ConfigError, match="is not in the store: load the workspace"):
                curate(ws)
            ws.load()
            with pytest.raises(ConfigError, match="unknown source: other; declared: agenda"):
                curate(ws, sources=["other"])


class TestGovernance:
    def test_curated_drafts_are_checked_then_submitted_and_approved(
        self, tmp_path: Path, make_workspace: MakeWorkspace, open_workspace: OpenWorkspace
    ) -> None:
        """The rules run on the new drafts; an editor submits one, an approver approves it."""
        (tmp_path / "feeds").mkdir()
        shouting = {
            "title": "CONCERT DE LA BANDA MUNICIPAL AQUEST DIUMENGE",
            "link": "http://www.proves.example/agenda/crits",
            "description": "Entrada lliure.",
        }
        (tmp_path / "feeds" / "agenda.xml").write_bytes(rss([shouting]))
        ws = open_workspace(
            make_workspace('[[sources]]\nid = "agenda"\nurl = "file:feeds/agenda.xml"\n'
                           'profiles = ["x-cultura"]\n')
        )  # fmt: skip
        (item,) = curate(ws).drafts
        rules = {f.rule for f in item.findings}
        assert {"all-caps", "link-https"} <= rules
        gov = Governance.of(ws)
        assert gov.submit(item.message.id, by="carme").state is MessageState.PENDING_APPROVAL
        assert gov.approve(item.message.id, by="ana").state is MessageState.APPROVED
        # fetching again leaves the approved draft as it is
        again = curate(ws).sources[0]
        assert again.known == 1
        assert ws.store.message(ORG, item.message.id).state is MessageState.APPROVED
