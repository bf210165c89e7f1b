"""``govsm export``: kinds, selections, files written whole, and every bad input named."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from tests.cli.running import invoke
from tests.exporting.council import ORGANISATION, PUBLISHED_FEED, host, post, write_workspace

from govsm.workspace import Workspace


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """The small fictional council's workspace folder."""
    return write_workspace(tmp_path / "soldeneu")


def entry_ids(data: bytes) -> list[str]:
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0
    return [e.id.rsplit("/", 1)[1] for e in parsed.entries]


class TestList:
    def test_list_shows_every_publication_exporter(self) -> None:
        """Each kind with its media type; report writers are not kinds."""
        done = invoke("export", "--list")
        assert done.returncode == 0
        kinds = [line.split()[0] for line in done.stdout.splitlines()]
        assert {
            "activity-streams",
            "atom",
            "json-feed",
            "messages-csv",
            "messages-jsonl",
            "opml",
            "rss",
        } <= set(kinds)
        assert "summary-json" not in kinds
        assert "application/atom+xml" in done.stdout

    def test_list_as_json(self) -> None:
        """--json gives kind, description, media type, file ending and report file."""
        done = invoke("export", "--list", "--json")
        listed = {item["kind"]: item for item in json.loads(done.stdout)}
        assert listed["atom"]["extension"] == ".atom"
        assert listed["atom"]["in_report"] == "feed.atom"
        assert listed["rss"]["in_report"] is None


def _built_at_removed(feed: str) -> str:
    """An RSS feed without its ``lastBuildDate``, the moment of the export."""
    without, count = re.subn(r"<lastBuildDate>[^<]*</lastBuildDate>", "", feed)
    assert count == 1, feed
    return without


class TestExport:
    def test_a_feed_to_a_file(self, council: Path) -> None:
        """The workspace is loaded, the feed written whole; the count goes to stderr."""
        out = council / "feed.atom"
        done = invoke("export", "atom", str(council), "-o", str(out))
        assert done.returncode == 0, done.stderr
        assert entry_ids(out.read_bytes()) == PUBLISHED_FEED
        assert f"atom → {out}: {len(PUBLISHED_FEED)} messages" in done.stderr
        assert done.stdout == ""

    def test_a_feed_to_standard_output(self, council: Path) -> None:
        """Without -o (or with -o -) the export is standard output."""
        done = invoke("export", "rss", str(council))
        assert done.returncode == 0
        assert entry_ids(done.stdout.encode("utf-8")) == PUBLISHED_FEED
        again = invoke("export", "rss", str(council), "-o", "-", "--no-load")
        # the same feed, but for the moment of each export (which a second may part)
        assert _built_at_removed(again.stdout) == _built_at_removed(done.stdout)

    def test_profile_unit_period_state_and_limit(self, council: Path) -> None:
        """Each option narrows the export; a day is a whole day in the organisation's zone."""
        one = invoke("export", "atom", str(council), "--profile", "mastodon-ajuntament")
        assert entry_ids(one.stdout.encode()) == ["mastodon-0002", "mastodon-0001"]
        unit = invoke("export", "atom", str(council), "--unit", "cultura", "--no-load")
        assert entry_ids(unit.stdout.encode()) == ["biblioteca-0001", "cultura-0001"]
        # x-0002 was published at 2026-06-02T08:10Z = 10:10 in Madrid; x-0003 at 14:10Z
        day = invoke(
            "export",
            "atom",
            str(council),
            "--since",
            "2026-06-02",
            "--until",
            "2026-06-02",
            "--no-load",
        )
        assert entry_ids(day.stdout.encode()) == ["x-0003", "x-0002"]
        moment = invoke(
            "export", "atom", str(council), "--since", "2026-06-02T14:10:00+00:00", "--no-load"
        )
        assert entry_ids(moment.stdout.encode())[-1] == "x-0003"
        newest = invoke("export", "json-feed", str(council), "--limit", "2", "--no-load")
        assert [i["id"].rsplit("/", 1)[1] for i in json.loads(newest.stdout)["items"]] == (
            PUBLISHED_FEED[:2]
        )
        drafts = invoke("export", "messages-jsonl", str(council), "--state", "draft", "--no-load")
        assert [json.loads(line)["id"] for line in drafts.stdout.splitlines()] == ["x-0005"]

    def test_json_summary_with_a_file(self, council: Path) -> None:
        """--json prints what was exported; it needs -o, since stdout carries the export."""
        out = council / "m.csv"
        done = invoke("export", "messages-csv", str(council), "-o", str(out), "--json")
        summary = json.loads(done.stdout)
        assert summary["kind"] == "messages-csv" and summary["messages"] == 11
        assert summary["left_out"] == [] and summary["path"] == str(out)
        refused = invoke("export", "messages-csv", str(council), "--json")
        assert refused.returncode == 2 and "--json needs -o FILE" in refused.stderr

    def test_messages_over_the_limits_are_left_out_and_named(self, council: Path) -> None:
        """Exit 1, each message named on stderr in both languages; the file written without it."""
        with Workspace.open(council, host=host()) as workspace:
            workspace.load()
            workspace.store.save_messages(
                ORGANISATION,
                [post("x-huge", "a" * (1024 * 1024 + 1), datetime(2027, 1, 1, tzinfo=UTC))],
            )
        out = council / "feed.json"
        done = invoke("export", "json-feed", str(council), "-o", str(out), "--no-load")
        assert done.returncode == 1
        assert "govsm: aviso: mensaje «x-huge» del perfil «x-ajuntament»" in done.stderr
        assert "govsm: warning: message 'x-huge' of profile 'x-ajuntament'" in done.stderr
        assert "x-huge" not in out.read_text(encoding="utf-8")


class TestBadInput:
    def test_an_unknown_kind_suggests_the_closest(self, council: Path) -> None:
        """Exit 2, the kinds listed, a did-you-mean, in both languages."""
        done = invoke("export", "atmo", str(council))
        assert done.returncode == 2
        assert (
            "there is no exporter 'atmo'" in done.stderr and "Did you mean 'atom'?" in done.stderr
        )
        assert "no hay ningún exportador «atmo»" in done.stderr

    def test_a_report_writer_is_not_a_kind(self, council: Path) -> None:
        """summary-json writes the audit's report: said so."""
        done = invoke("export", "summary-json", str(council))
        assert done.returncode == 2
        assert "writes the report of 'govsm audit'" in done.stderr

    def test_no_kind(self, council: Path) -> None:
        """A usage error that points at --list."""
        done = invoke("export")
        assert done.returncode == 2 and "govsm export --list" in done.stderr

    def test_an_unknown_profile(self, council: Path) -> None:
        """Exit 2, with a suggestion; nothing written."""
        out = council / "feed.atom"
        done = invoke("export", "atom", str(council), "--profile", "x-ajuntamen", "-o", str(out))
        assert done.returncode == 2
        assert "the organisation has no profile 'x-ajuntamen'" in done.stderr
        assert "did you mean 'x-ajuntament'?" in done.stderr
        assert not out.exists()

    def test_profile_and_unit_together(self, council: Path) -> None:
        """One or the other."""
        done = invoke(
            "export", "atom", str(council), "--profile", "x-ajuntament", "--unit", "cultura"
        )
        assert done.returncode == 2 and "choose a profile or a unit, not both" in done.stderr

    @pytest.mark.parametrize(
        ("option", "value", "said"),
        [
            ("--since", "2026-13-01", "is not a date"),
            ("--until", "ahir", "is not a date"),
            ("--since", "2026-06-01T10:00:00", "give the offset"),
            ("--state", "publicat", "'publicat' is not a state"),
        ],
    )
    def test_bad_options_are_named(self, council: Path, option: str, value: str, said: str) -> None:
        """Exit 2, the option and what is wrong."""
        done = invoke("export", "atom", str(council), option, value)
        assert done.returncode == 2
        assert said in done.stderr and option in done.stderr

    def test_an_empty_period(self, council: Path) -> None:
        """--since after --until is refused."""
        done = invoke(
            "export", "atom", str(council), "--since", "2026-06-03", "--until", "2026-06-01"
        )
        assert done.returncode == 2 and "the period is empty" in done.stderr

    def test_a_link_as_output_is_refused(self, council: Path, tmp_path: Path) -> None:
        """A symbolic link is not followed: what it points to is left alone."""
        target = tmp_path / "elsewhere.txt"
        target.write_text("keep me", encoding="utf-8")
        link = council / "feed.atom"
        os.symlink(target, link)
        done = invoke("export", "atom", str(council), "-o", str(link))
        assert done.returncode == 2 and "is a symbolic link" in done.stderr
        assert target.read_text(encoding="utf-8") == "keep me"

    def test_an_output_folder_that_does_not_exist(self, council: Path) -> None:
        """Exit 2, naming the file and why."""
        out = council / "missing" / "feed.atom"
        done = invoke("export", "atom", str(council), "-o", str(out))
        assert done.returncode == 2
        assert f"{out}: cannot be written (No such file or directory)" in done.stderr


def test_a_store_url_is_read_as_it_is(council: Path) -> None:
    """A store URL as WORKSPACE: nothing loaded, the store exported."""
    with Workspace.open(council, host=host()) as workspace:
        workspace.load()
        url = workspace.store_url
    done = invoke("export", "opml", url)
    assert done.returncode == 0
    assert "https://x.com/AjSoldeneu" in done.stdout
