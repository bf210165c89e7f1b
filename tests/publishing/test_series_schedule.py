"""Stored series put in the outbox (``govsm schedule --series``) and reported by the audit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from govsm.calendar.series_files import StoredSeries, read_one_series, read_series_each
from govsm.errors import ConfigError, GovernanceError
from govsm.governance import Governance
from govsm.publishing.planning import outbox_plan
from govsm.publishing.series import schedule_series, series_status
from govsm.workspace import Workspace
from tests.cli.running import invoke
from tests.governance.acting import act_as
from tests.publishing.council import EDITOR, PROFILE, approved, council

MADRID = ZoneInfo("Europe/Madrid")

#: Monday 4 January 2027, the start of the period the tests schedule
NOW = datetime(2027, 1, 4, 0, 0, tzinfo=MADRID)

#: weekly on Tuesdays at 10:00, plus Wednesday 6 January (Epiphany, a public holiday)
SERIES = """\
id = "{ident}"
message = "{message}"
profile = "{profile}"
start = "2027-01-05T10:00"
zone = "Europe/Madrid"
rule = "FREQ=WEEKLY;BYDAY=TU;COUNT=10"
extra = ["2027-01-06T10:00"]
"""


def _write(root: Path, ident: str, message: str, profile: str = PROFILE) -> None:
    folder = root / "series"
    folder.mkdir(exist_ok=True)
    (folder / f"{ident}.toml").write_text(
        SERIES.format(ident=ident, message=message, profile=profile), encoding="utf-8"
    )


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = council(tmp_path)
    assert workspace.root is not None
    approved(Governance.of(workspace), "m-borsa", "Noves ofertes a la borsa d'ocupació.")
    _write(workspace.root, "borsa", "m-borsa")
    yield workspace
    workspace.close()


def _stored(ws: Workspace, ident: str = "borsa") -> StoredSeries:
    return read_one_series(ws.root, ident)


def test_the_coming_occurrences_go_to_the_outbox_once(ws: Workspace) -> None:
    """Four Tuesdays in 28 days are scheduled at 10:00 local; Epiphany is skipped and named."""
    gov = Governance.of(ws)
    done = schedule_series(gov, ws, _stored(ws), by=EDITOR, days=28, now=NOW)
    assert [i.due_at.astimezone(MADRID).strftime("%m-%d %H:%M") for i in done.items] == [
        "01-05 10:00",
        "01-12 10:00",
        "01-19 10:00",
        "01-26 10:00",
    ]
    assert all(i.zone == "Europe/Madrid" and i.message == "m-borsa" for i in done.items)
    assert [i.repeat_of for i in done.items[1:]] == [done.items[0].id] * 3
    assert [(str(day), reason.en) for day, reason in done.skipped] == [
        ("2027-01-06", "public holiday: Epiphany")
    ]
    again = schedule_series(gov, ws, _stored(ws), by=EDITOR, days=28, now=NOW)
    assert again.items == ()
    assert len(again.already) == 4
    assert len(ws.store.outbox.items(ws.organisation.id, message="m-borsa")) == 4


def test_a_longer_reach_adds_only_the_new_occurrences(ws: Workspace) -> None:
    gov = Governance.of(ws)
    schedule_series(gov, ws, _stored(ws), by=EDITOR, days=14, now=NOW)
    done = schedule_series(gov, ws, _stored(ws), by=EDITOR, days=28, now=NOW)
    assert len(done.already) == 2
    assert [i.due_at.astimezone(MADRID).day for i in done.items] == [19, 26]


def test_the_plan_shows_a_scheduled_occurrence_once(ws: Workspace) -> None:
    stored = _stored(ws)
    before = outbox_plan(ws, NOW, days=28, series=[stored])
    schedule_series(Governance.of(ws), ws, stored, by=EDITOR, days=28, now=NOW)
    after = outbox_plan(ws, NOW, days=28, series=[stored])
    mine = [p for p in after.posts if p.message == "m-borsa"]
    assert len(mine) == len([p for p in before.posts if p.message == "m-borsa"]) == 5
    assert len({p.at for p in mine}) == 5


def test_status_counts_what_the_outbox_lacks(ws: Workspace) -> None:
    (status,) = series_status(ws, [_stored(ws)], NOW, NOW + timedelta(days=28))
    assert (status.due, status.scheduled, status.skipped, status.missing) == (4, 0, 1, 4)
    assert status.blocked is None
    schedule_series(Governance.of(ws), ws, _stored(ws), by=EDITOR, days=14, now=NOW)
    (status,) = series_status(ws, [_stored(ws)], NOW, NOW + timedelta(days=28))
    assert (status.scheduled, status.missing) == (2, 2)


def test_a_message_waiting_for_approval_is_not_scheduled(ws: Workspace) -> None:
    """The example's padró reminder is submitted, not approved: the outbox refuses it."""
    stored = _stored(ws, "recordatori-padro")
    (status,) = series_status(ws, [stored], NOW, NOW + timedelta(days=28))
    assert status.blocked is not None
    assert "lacks approvals (0 of 1)" in status.blocked.en
    with pytest.raises(GovernanceError, match="approv"):
        schedule_series(Governance.of(ws), ws, stored, by=EDITOR, days=28, now=NOW)


def test_a_series_on_another_profile_than_its_message_is_refused(ws: Workspace) -> None:
    assert ws.root is not None
    _write(ws.root, "errada", "m-borsa", profile="x-ajuntament")
    with pytest.raises(ConfigError, match="belongs to profile") as caught:
        schedule_series(Governance.of(ws), ws, _stored(ws, "errada"), by=EDITOR, now=NOW)
    assert caught.value.where == "series/errada.toml"
    (status,) = series_status(ws, [_stored(ws, "errada")], NOW, NOW + timedelta(days=28))
    assert status.blocked is not None
    assert status.blocked.en == str(caught.value.en)  # one reason, said the same in both


def test_the_status_reads_the_record_only_when_something_is_missing(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Approvals are asked of the whole audit log only for a series that lacks occurrences."""
    schedule_series(Governance.of(ws), ws, _stored(ws), by=EDITOR, days=28, now=NOW)
    reads = []
    monkeypatch.setattr(Governance, "record", lambda self: reads.append(1))
    (status,) = series_status(ws, [_stored(ws)], NOW, NOW + timedelta(days=28))
    assert (status.missing, status.blocked, reads) == (0, None, [])


@pytest.mark.parametrize("ident", ["nowhere", "../govsm", ".hidden", ""])
def test_an_unknown_or_unsafe_series_name_is_refused(ws: Workspace, ident: str) -> None:
    with pytest.raises(ConfigError, match="no series"):
        read_one_series(ws.root, ident)


def test_one_bad_file_does_not_hide_the_others(ws: Workspace) -> None:
    assert ws.root is not None
    (ws.root / "series" / "trencada.toml").write_text("id = [", encoding="utf-8")
    found = read_series_each(ws.root)
    assert [type(f).__name__ for f in found] == ["StoredSeries", "StoredSeries", "ConfigError"]
    problem = found[-1]
    assert isinstance(problem, ConfigError) and problem.where == "series/trencada.toml"


def test_the_audit_reports_pending_and_unreadable_series(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example's series waits for approval; a broken file is named; the rest is planned."""
    assert ws.root is not None
    (ws.root / "series" / "trencada.toml").write_text("id = [", encoding="utf-8")
    _write(ws.root, "fantasma", "m-borsa", profile="no-such-profile")
    monkeypatch.setenv("GOVSM_STORE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    ws.close()
    done = invoke("--lang", "en", "audit", str(ws.root), "--as-of", "2027-01-04", "--exit-zero")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "warning schedule-series-unreadable file:series/trencada.toml" in out
    assert "file:series/fantasma.toml: The series cannot be planned" in out
    assert "a profile the workspace does not have" in out
    # the approved series could be scheduled (info); the padró reminder cannot (warning)
    lines = (ws.root / "report" / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    pending = {
        f["subject"]: f for f in map(json.loads, lines) if f["rule"] == "schedule-series-pending"
    }
    assert pending["message:m-borsa"]["severity"] == "info"
    assert "govsm schedule --series borsa" in pending["message:m-borsa"]["message_en"]
    assert pending["message:post-2026-11-padro"]["severity"] == "warning"
    assert "warning schedule-series-pending message:post-2026-11-padro" in out
    assert "Series: 2 series" in out and "; 2 with errors" in out


def test_the_cli_schedules_a_series(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`govsm schedule --series` puts the occurrences in the outbox; a second run adds none."""
    assert ws.root is not None
    root = ws.root
    # a weekly series from the day after tomorrow (the command schedules from the real now)
    first_day = datetime.now(MADRID).date() + timedelta(days=2)
    (root / "series" / "setmanal.toml").write_text(
        f'id = "setmanal"\nmessage = "m-borsa"\nprofile = "{PROFILE}"\n'
        f'start = "{first_day}T10:00"\nzone = "Europe/Madrid"\n'
        'rule = "FREQ=WEEKLY;COUNT=4"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("GOVSM_STORE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    ws.close()
    act_as(monkeypatch, root, EDITOR)
    command = ("--lang", "en", "schedule", str(root), "--series", "setmanal")
    first = invoke(*command, "--days", "30")
    assert first.returncode == 0, first.stderr
    scheduled = first.stdout.count(f"  {PROFILE}")
    skipped = first.stdout.count("  − ")
    assert scheduled + skipped == 4 and scheduled >= 1
    second = invoke(*command, "--days", "30")
    assert second.returncode == 0, second.stderr
    assert "0 items scheduled" in second.stdout
    assert second.stdout.count("already scheduled") == scheduled
    unknown = invoke("--lang", "en", "schedule", str(root), "--series", "nowhere")
    assert unknown.returncode != 0
    assert "series/nowhere.toml" in unknown.stderr and "Traceback" not in unknown.stderr
