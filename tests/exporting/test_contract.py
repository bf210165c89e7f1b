"""The exporter contract: records old and new, selections, sources and the ids they give."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

from govsm.errors import ConfigError, ModelError
from govsm.model import Direction, MessageKind, MessageState
from govsm.spec import (
    Exporter,
    ExportItem,
    ExportSource,
    InReport,
    MessageQuery,
    Selection,
    message_moment,
)
from tests.exporting.council import START, THE_ORGANISATION, memory_source, post


def _write(report: object, folder: Path) -> Path:
    return folder / "x"


def _export(source: object, out: object) -> None:
    return None


class TestExporterRecord:
    def test_a_report_writer_written_the_old_way_still_works(self) -> None:
        """Exporter(name, description, media_type, write), positionally, is a report writer."""
        exporter = Exporter("summary-csv", "Findings as CSV", "text/csv", _write)
        assert exporter.write is _write
        assert exporter.export is None and exporter.in_report is None

    def test_a_publication_exporter_needs_no_writer(self) -> None:
        """A record with export only is valid, with its file ending and report placement."""
        exporter = Exporter(
            name="urls",
            description="d",
            media_type="text/plain",
            export=_export,
            extension=".txt",
            in_report=InReport("feeds/urls.txt", limit=5),
        )
        assert exporter.write is None and exporter.in_report == InReport("feeds/urls.txt", 5)

    def test_a_record_that_writes_nothing_is_refused(self) -> None:
        """Neither write nor export: a bilingual error naming the exporter."""
        with pytest.raises(ModelError) as caught:
            Exporter(name="nothing", description="d", media_type="text/plain")
        assert "«nothing»" in caught.value.es and "'nothing'" in caught.value.en

    def test_in_report_needs_an_export(self) -> None:
        """A report placement on a report writer is refused."""
        with pytest.raises(ModelError, match="in_report"):
            Exporter("a", "d", "text/plain", _write, in_report=InReport("a.txt"))

    @pytest.mark.parametrize("path", ["", "/etc/passwd", "../up.xml", "a/../../b", "a\\b"])
    def test_the_report_file_stays_inside_the_folder(self, path: str) -> None:
        """Absolute paths, parent steps and backslashes are refused."""
        with pytest.raises(ModelError, match="report folder"):
            InReport(path)


class TestSelection:
    def test_profile_and_unit_together_are_refused(self) -> None:
        """One or the other, said in both languages."""
        with pytest.raises(ConfigError) as caught:
            Selection(profile="x-ajuntament", unit="cultura")
        assert caught.value.es == "elija un perfil o una unidad, no ambos"

    def test_an_empty_period_is_refused(self) -> None:
        """since must come before until."""
        with pytest.raises(ConfigError, match="empty"):
            Selection(since=START, until=START)

    def test_naive_moments_are_refused(self) -> None:
        """A moment without its offset is ambiguous."""
        with pytest.raises(ModelError):
            Selection(since=datetime(2026, 6, 1))

    def test_a_limit_is_positive(self) -> None:
        """limit=0 is refused."""
        with pytest.raises(ModelError):
            Selection(limit=0)


class TestSource:
    def test_an_unknown_profile_is_named_with_a_suggestion(self) -> None:
        """The error suggests the closest profile."""
        with pytest.raises(ConfigError) as caught:
            memory_source([], Selection(profile="x-ajuntamnet"))
        assert "«x-ajuntamnet»" in caught.value.es and "x-ajuntament" in caught.value.en
        assert caught.value.where == "--profile"

    def test_an_unknown_unit_is_named(self) -> None:
        """The unit's error says 'la unidad'."""
        with pytest.raises(ConfigError) as caught:
            memory_source([], Selection(unit="esports"))
        assert "no tiene la unidad «esports»" in caught.value.es

    def test_message_ids_are_tag_uris_of_the_organisation(self) -> None:
        """tag:DOMAIN,DAY:ORGANISATION/MESSAGE, the day the message was written, in UTC."""
        source = memory_source([])
        message = post("x-1", "Hola", datetime(2026, 6, 1, 23, 30, tzinfo=UTC))
        assert source.message_id(message) == (
            "tag:soldeneu.example,2026-06-01:ajuntament-soldeneu/x-1"
        )

    def test_message_ids_do_not_change_when_a_message_is_published(self) -> None:
        """The id depends on the organisation, the message's id and the day it was written."""
        source = memory_source([])
        draft = attrs.evolve(
            post("x-1", "Hola", START), state=MessageState.DRAFT, published_at=None
        )
        published = attrs.evolve(
            draft,
            state=MessageState.PUBLISHED,
            published_at=datetime(2027, 1, 1, tzinfo=UTC),
            url="https://x.com/AjSoldeneu/status/1",
        )
        assert source.message_id(draft) == source.message_id(published)

    def test_without_a_domain_ids_are_name_based_uuids(self) -> None:
        """An organisation with no domain and no site gets urn:uuid: ids, stable across runs."""
        bare = attrs.evolve(THE_ORGANISATION, domains=(), website=None)
        source = attrs.evolve(memory_source([]), organisation=bare)
        first = source.message_id(post("x-1", "Hola", START))
        assert first.startswith("urn:uuid:")
        assert first == attrs.evolve(memory_source([]), organisation=bare).message_id(
            post("x-1", "Adéu", START)
        )

    def test_the_site_gives_the_domain_when_none_is_declared(self) -> None:
        """The website's host is the authority when domains are not declared."""
        organisation = attrs.evolve(
            THE_ORGANISATION, domains=(), website="https://Www.Soldeneu.example/inici"
        )
        source = attrs.evolve(memory_source([]), organisation=organisation)
        assert source.authority == "www.soldeneu.example"

    def test_feed_ids_differ_by_scope_and_stay_the_same(self) -> None:
        """The organisation's feed and a profile's feed have different, stable ids."""
        whole = memory_source([]).feed_id
        one = memory_source([], Selection(profile="x-ajuntament")).feed_id
        assert whole != one
        assert whole == memory_source([]).feed_id
        assert whole.startswith("urn:uuid:")

    def test_published_yields_public_posts_newest_first(self) -> None:
        """Drafts, reposts and direct messages are not publications; the newest comes first."""
        older = post("x-1", "a", START)
        newer = post("x-2", "b", datetime(2026, 6, 2, tzinfo=UTC))
        repost = attrs.evolve(post("x-3", "", START), kind=MessageKind.REPOST)
        direct = attrs.evolve(post("x-4", "c", START), kind=MessageKind.DIRECT)
        draft = attrs.evolve(post("x-5", "d", START), state=MessageState.DRAFT)
        source = memory_source([older, newer, repost, direct, draft])
        assert [i.message.id for i in source.published()] == ["x-2", "x-1"]
        assert source.published_total() == 2

    def test_the_selection_narrows_what_the_exporter_asks(self) -> None:
        """The user's states meet the exporter's: published ∩ draft is nothing."""
        source = memory_source(
            [post("x-1", "a", START)], Selection(states=frozenset({MessageState.DRAFT}))
        )
        assert list(source.published()) == []
        assert source.query(states=[MessageState.PUBLISHED]).states == frozenset()


class TestQuery:
    def test_the_period_includes_since_and_excludes_until(self) -> None:
        """A message said exactly at since is in; one said exactly at until is out."""
        query = MessageQuery(
            organisation="ajuntament-soldeneu",
            since=START,
            until=datetime(2026, 6, 2, tzinfo=UTC),
        )
        assert query.admits(post("a", "", START))
        assert not query.admits(post("b", "", datetime(2026, 6, 2, tzinfo=UTC)))

    def test_a_message_is_said_when_published_else_when_written(self) -> None:
        """message_moment prefers published_at."""
        draft = attrs.evolve(post("a", "", START), state=MessageState.DRAFT, published_at=None)
        assert message_moment(draft) == START
        late = datetime(2026, 7, 1, tzinfo=UTC)
        assert message_moment(attrs.evolve(post("a", "", START), published_at=late)) == late

    def test_directions_and_kinds(self) -> None:
        """Only the directions and kinds asked for."""
        query = MessageQuery(
            organisation="ajuntament-soldeneu",
            directions=frozenset({Direction.INBOUND}),
            kinds=frozenset({MessageKind.POST}),
        )
        assert not query.admits(post("a", "", START))


def test_an_item_carries_its_message() -> None:
    """ExportItem defaults: no address, no findings."""
    item = ExportItem(post("a", "", START))
    assert item.url is None and item.findings is None
    assert isinstance(memory_source([]), ExportSource)
