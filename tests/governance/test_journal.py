"""Governance journals: replayed once, through the API, with problems named by file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govsm.governance.journal import replay
from govsm.governance.service import Governance
from govsm.ledger.chain import verify
from govsm.model import LifecycleState, MessageState, RequestState
from govsm.testing.governance import small_governance
from govsm.workspace import Workspace
from tests.paths import EXAMPLE


def _write(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
        encoding="utf-8",
    )
    return path


REQUEST = {
    "id": "r1",
    "unit": "sport",
    "channel": "instagram",
    "profile": "ig-sport",
    "objectives": ["informative"],
    "theme": "Escuelas deportivas",
    "citizen_interest": "Las familias preguntan por las plazas",
    "audience": ["familias"],
    "functionality": "Imágenes de las actividades",
    "owner": "edu",
    "backups": ["eva"],
    "contact_email": "deportes@small.example",
    "editorial_line": "Cercana",
    "draft_posts": ["uno", "dos", "tres"],
}


@pytest.fixture
def gov() -> Governance:
    """The small council in a fresh in-memory store."""
    return small_governance()


class TestReplay:
    def test_lines_apply_in_order_and_once(self, gov: Governance, tmp_path: Path) -> None:
        """A request filed and approved, then a post drafted, submitted and approved; twice."""
        journal = _write(
            tmp_path / "j.jsonl",
            [
                {
                    "id": "1",
                    "at": "2026-01-10T10:00:00+01:00",
                    "by": "edu",
                    "do": "request.submit",
                    "request": REQUEST,
                },
                {
                    "id": "2",
                    "at": "2026-01-11T10:00:00+01:00",
                    "by": "cora",
                    "do": "request.approve",
                    "request": "r1",
                },
                {
                    "id": "3",
                    "at": "2026-01-12T10:00:00+01:00",
                    "by": "cora",
                    "do": "profile.transition",
                    "profile": "ig-sport",
                    "to": "active",
                    "reason": "abierta",
                },
                {
                    "id": "4",
                    "at": "2026-01-13T10:00:00+01:00",
                    "by": "edu",
                    "do": "message.draft",
                    "message": {"id": "m1", "profile": "ig-sport", "kind": "post", "text": "Hola"},
                },
                {
                    "id": "5",
                    "at": "2026-01-13T10:05:00+01:00",
                    "by": "edu",
                    "do": "message.submit",
                    "message": "m1",
                },
                {
                    "id": "6",
                    "at": "2026-01-13T11:00:00+01:00",
                    "by": "ana",
                    "do": "message.approve",
                    "message": "m1",
                },
            ],
        )
        first = replay(gov, [journal])
        assert (first.applied, first.skipped, first.problems) == (6, 0, ())
        record = gov.record()
        assert record.requests["r1"].state is RequestState.APPROVED
        assert gov.profile("ig-sport").state is LifecycleState.ACTIVE
        assert gov.message("m1").state is MessageState.APPROVED
        entries = gov._store.audit_entries(gov.organisation)
        assert all(e.entry().details.get("journal") for e in entries)
        assert entries[-1].at.isoformat() == "2026-01-13T10:00:00+00:00"
        second = replay(gov, [journal])
        assert (second.applied, second.skipped, second.problems) == (0, 6, ())
        assert len(gov._store.audit_entries(gov.organisation)) == len(entries)
        assert verify(gov.organisation, entries).ok

    def test_a_line_another_process_applied_meanwhile_is_skipped(self, tmp_path: Path) -> None:
        """Two loads replay one journal at once: the slower one read the record before the
        faster one applied the lines. It now skips them (checked again holding the lock)
        instead of reporting each as a failed decision."""
        from govsm.channels.catalogue import CHANNELS
        from govsm.store import Store
        from govsm.testing.governance import ORG, TickingClock

        channels = {c.id: c for c in CHANNELS}

        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
        journal = _write(
            tmp_path / "j.jsonl",
            [
                {"id": "1", "at": "2026-01-10T10:00:00+01:00", "by": "edu"}
                | {"do": "request.submit", "request": REQUEST},
                {"id": "2", "at": "2026-01-11T10:00:00+01:00", "by": "cora"}
                | {"do": "request.approve", "request": "r1"},
            ],
        )
        small_governance(store_url=url).store.close()
        faster = Store.open(url)

        class Slower(Governance):
            """Its first read of the record is overtaken by the faster load's whole replay."""

            overtaken = False

            def record(self):  # type: ignore[no-untyped-def]
                read = super().record()
                if not self.overtaken:
                    self.overtaken = True
                    done = replay(Governance(faster, ORG, channels), [journal])
                    assert done.applied == 2
                return read

        with Store.open(url) as store:
            result = replay(Slower(store, ORG, channels, clock=TickingClock()), [journal])
            assert (result.applied, result.skipped, result.problems) == (0, 2, ())
            assert verify(ORG, store.audit_entries(ORG)).ok
        faster.close()

    def test_problems_name_file_and_line_and_the_rest_goes_on(
        self, gov: Governance, tmp_path: Path
    ) -> None:
        """Broken JSON, unknown actions, refused permissions and duplicate ids are problems."""
        journal = _write(
            tmp_path / "bad.jsonl",
            [
                "{not json",
                {"id": "a", "at": "2026-01-10T10:00:00+01:00", "by": "edu", "do": "party"},
                {"id": "b", "at": "2026-01-10T10:00:00", "by": "edu", "do": "request.submit"},
                {
                    "id": "c",
                    "at": "2026-01-10T10:00:00+01:00",
                    "by": "vic",
                    "do": "request.submit",
                    "request": REQUEST,
                },
                {
                    "id": "d",
                    "at": "2026-01-10T10:00:00+01:00",
                    "by": "edu",
                    "do": "request.submit",
                    "request": {**REQUEST, "objectives": ["fun"]},
                },
                {
                    "id": "e",
                    "at": "2026-01-10T10:00:00+01:00",
                    "by": "edu",
                    "do": "request.submit",
                    "request": REQUEST,
                },
                {
                    "id": "e",
                    "at": "2026-01-10T10:00:00+01:00",
                    "by": "edu",
                    "do": "request.withdraw",
                    "request": "r1",
                },
                {
                    "id": "f",
                    "at": "2026-01-11T10:00:00+01:00",
                    "by": "cora",
                    "do": "profile.transition",
                    "profile": "gplus",
                    "to": "requested",
                    "reason": "x",
                },
            ],
        )
        result = replay(gov, [journal], shown=lambda p: p.name)
        assert result.applied == 1
        problems = {p.line: p for p in result.problems}
        assert sorted(problems) == [1, 2, 3, 4, 5, 7, 8]
        assert all(p.file == "bad.jsonl" for p in problems.values())
        assert "invalid JSON" in problems[1].message.en
        assert "unknown action 'party'" in problems[2].message.en
        assert "offset" in problems[3].message.en
        assert "'vic'" in problems[4].message.en
        assert "request.objectives" in problems[5].message.en
        assert "already used at bad.jsonl:6" in problems[7].message.en
        assert "cannot become 'requested'" in problems[8].message.en
        assert problems[8].message.es

    def test_an_unreadable_file_is_a_problem(self, gov: Governance, tmp_path: Path) -> None:
        """A journal that is not UTF-8 is reported, not raised."""
        path = tmp_path / "latin1.jsonl"
        path.write_bytes(b'{"id": "\xe9"}\n')
        result = replay(gov, [path])
        assert result.applied == 0
        assert "not valid UTF-8" in result.problems[0].message.en

    @pytest.mark.parametrize(
        "at",
        ["9999-12-31T23:59:59-12:00", "9999-12-31T23:30:00+00:00", "0001-01-01T00:00:00+14:00"],
    )
    def test_an_instant_at_the_edge_of_the_calendar(
        self, gov: Governance, tmp_path: Path, at: str
    ) -> None:
        """Once an OverflowError that aborted the audit: now a problem naming the line."""
        path = tmp_path / "edge.jsonl"
        line = {"id": "e", "at": at, "by": "cora", "do": "profile.transition"}
        line |= {"profile": "gplus", "to": "archived", "reason": "x"}
        path.write_text(json.dumps(line) + "\n", encoding="utf-8")
        result = replay(gov, [path])
        assert result.applied == 0
        (problem,) = result.problems
        assert problem.line == 1
        assert "too close to the ends of the calendar" in problem.message.en

    def test_a_line_nested_too_deep(self, gov: Governance, tmp_path: Path) -> None:
        path = tmp_path / "deep.jsonl"
        path.write_text('{"id": "d", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
        (problem,) = replay(gov, [path]).problems
        assert "nested too deep" in problem.message.en or "nested deeper" in problem.message.en


class TestExampleCouncil:
    def test_the_example_history_applies_cleanly(self, example: Path, tmp_path: Path) -> None:
        """Every line of the example journal applies, and a second load applies none."""
        url = f"sqlite:///{tmp_path / 's.sqlite3'}"
        with Workspace.open(example, store_url=url) as ws:
            first = ws.load().journal
            second = ws.load().journal
            gov = Governance.of(ws)
            approvals = gov.approvals("post-2026-08-festes")
            waiting = gov.pending_approvals()
            instagram = gov.profile("instagram-biblioteca")
        assert (first.applied, first.skipped, first.problems) == (22, 0, ())
        assert (second.applied, second.skipped, second.problems) == (0, 22, ())
        assert [(a.person, a.on_behalf_of) for a in approvals] == [("pau-ribera", "marta-soler")]
        assert [w.message.id for w in waiting] == ["post-2026-11-padro"]
        assert waiting[0].approvers == ("marta-soler",)
        assert (instagram.state, instagram.unit) == (LifecycleState.ACTIVE, "biblioteca")


class TestOwnRequests:
    def test_nobody_decides_a_request_they_filed(self, gov: Governance) -> None:
        """A coordinator's own request is decided by someone else (four eyes for requests)."""
        from datetime import UTC, datetime

        from govsm.errors import PermissionDenied
        from govsm.model import ProfileRequest
        from govsm.serialization import structure

        data = {
            **REQUEST,
            "organisation": gov.organisation,
            "requested_by": "cora",
            "requested_at": datetime(2026, 1, 1, tzinfo=UTC).isoformat(),
        }
        filed = gov.submit_request(structure(data, ProfileRequest), by="cora")
        for decide in (
            lambda: gov.approve_request(filed.id, by="cora"),
            lambda: gov.reject_request(filed.id, by="cora", reason="no"),
        ):
            with pytest.raises(PermissionDenied, match="filed request 'r1' and cannot decide it"):
                decide()
        assert gov.record().requests["r1"].state is RequestState.PENDING


class TestImportedDrafts:
    def test_reimport_keeps_the_approval_and_an_edit_sends_back(self, tmp_path: Path) -> None:
        """A draft file approved through the API stays approved until the file changes."""
        import shutil

        example = EXAMPLE
        root = tmp_path / "soldeneu"
        shutil.copytree(example, root, ignore=shutil.ignore_patterns(".govsm", "report"))
        draft = root / "drafts" / "x-ajuntament-d01.md"
        with Workspace.open(root) as ws:
            ws.load()
            gov = Governance.of(ws)
            assert gov.message("x-ajuntament-d01").state is MessageState.DRAFT
            gov.submit("x-ajuntament-d01", by="pau-ribera")
            gov.approve("x-ajuntament-d01", by="marta-soler")
            ws.load()
            assert gov.message("x-ajuntament-d01").state is MessageState.APPROVED
            assert [a.person for a in gov.approvals("x-ajuntament-d01")] == ["marta-soler"]
        text = draft.read_text(encoding="utf-8")
        draft.write_text(text.replace("18.30", "19.00"), encoding="utf-8")
        with Workspace.open(root) as ws:
            ws.load()
            gov = Governance.of(ws)
            assert gov.message("x-ajuntament-d01").state is MessageState.DRAFT
            assert gov.approvals("x-ajuntament-d01") == []
