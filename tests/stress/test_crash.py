"""Workers killed with SIGKILL at random moments publish every due post exactly once.

``GOVSM_STRESS_ROUNDS`` rounds per configuration (20 by default, as in CI; ``nox -s stress``
runs 100): one SQLite worker, two SQLite workers on one machine, four PostgreSQL workers, with
injected rate limits, 5xx, timeouts after the delivery and failed lookups. See
:mod:`tests.stress.harness` and ``docs/howto/stress.md``.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import attrs
import pytest

from govsm.model import OutboxState
from govsm.publishing import Worker
from govsm.store import Store
from govsm.testing.sink import RecordingSink
from govsm.workspace import Workspace
from tests.paths import ROOT
from tests.store.conftest import postgres_base_url
from tests.stress.checks import RoundResult, check
from tests.stress.conftest import REPORTS, WORKER, assert_exactly_once
from tests.stress.harness import (
    CONFIGURATIONS,
    Configuration,
    Plan,
    round_items,
    rounds_from_environment,
    run_rounds,
)
from tests.stress.stores import SqliteStores, council_folder, post_texts
from tests.stress.targets import FaultPlan, sink_deliveries

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "configuration",
    [
        pytest.param(c, id=c.name, marks=[pytest.mark.postgres] if c.backend == "postgres" else [])
        for c in CONFIGURATIONS
    ],
)
def test_every_due_post_is_delivered_exactly_once(
    configuration: Configuration, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    postgres = None
    if configuration.backend == "postgres":
        request.getfixturevalue("pg_admin")  # skips with the reason when the server is away
        postgres = postgres_base_url()
    rounds = rounds_from_environment()
    report = run_rounds(configuration, rounds, tmp_path, postgres=postgres)
    REPORTS.append(report)
    assert_exactly_once(report, rounds, Plan())


def _store(tmp_path: Path, messages: int) -> tuple[Path, str]:
    folder = council_folder(tmp_path)
    where = tmp_path / "round"
    where.mkdir()
    stores = SqliteStores(tmp_path, folder, post_texts(messages), "mastodon-ajuntament")
    with stores.fresh(where) as url:
        return folder, url


def test_the_checks_see_a_duplicate_a_lost_post_and_an_unsettled_item(tmp_path: Path) -> None:
    folder, url = _store(tmp_path, 3)
    sink_file = tmp_path / "round" / "sink.sqlite3"
    sink = RecordingSink(f"sqlite:///{sink_file}")
    with Workspace.open(folder, store_url=url) as workspace:
        org = workspace.organisation.id
        worker = Worker(workspace, adapters=lambda profile: sink.adapter(profile.id))
        assert worker.run_once().outcomes == {"published": 3}
        first, second, third = round_items(workspace.store, org)
        message = workspace.store.message(org, first.message)
        assert message is not None
        sink.adapter(first.profile).publish(message, idempotency_key=first.idempotency_key)
        workspace.store.outbox.decide(
            attrs.evolve(third, state=OutboxState.SCHEDULED), [], allowed=[OutboxState.PUBLISHED]
        )
        due = round_items(workspace.store, org)
    lite = sqlite3.connect(sink_file)
    with lite:
        lite.execute(
            "DELETE FROM sink_deliveries WHERE idempotency_key = ?", (second.idempotency_key,)
        )
    lite.close()
    result = RoundResult(seed=0)
    with Store.open(url) as store:
        check(store, org, due, sink_deliveries(sink_file), result)
    assert (result.duplicates, result.lost, result.unsettled) == (1, 1, 1)
    assert any("repeated a post" in p for p in result.problems)
    assert any(second.idempotency_key in p for p in result.problems)
    assert any("is scheduled, not published" in p for p in result.problems)


def test_the_worker_script_runs_on_its_own(tmp_path: Path) -> None:
    """The script, started cold: one killed with SIGKILL once it runs, the next one finishes."""
    folder, url = _store(tmp_path, 4)
    where = tmp_path / "round"
    sink_file = where / "sink.sqlite3"
    RecordingSink(f"sqlite:///{sink_file}")

    def start(n: int) -> tuple[subprocess.Popen[bytes], Path]:
        ready = where / f"worker-{n}.ready"
        argv = [
            *WORKER,
            f"--workspace={folder}",
            f"--store={url}",
            f"--sink=sqlite:///{sink_file}",
            f"--seed={n}",
            f"--ready={ready}",
            f"--log={where / f'worker-{n}.log'}",
            *FaultPlan().arguments(),
        ]
        return subprocess.Popen(argv, cwd=ROOT), ready

    first, ready = start(1)
    deadline = time.monotonic() + 120
    while not ready.exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ready.exists(), (where / "worker-1.log").read_text(encoding="utf-8")
    time.sleep(0.1)
    first.send_signal(signal.SIGKILL)
    assert first.wait(30) == -signal.SIGKILL
    last, _ = start(2)
    assert last.wait(120) == 0, (where / "worker-2.log").read_text(encoding="utf-8")
    result = RoundResult(seed=0)
    with Store.open(url) as store:
        org = store.organisations()[0].id
        check(store, org, round_items(store, org), sink_deliveries(sink_file), result)
    assert result.problems == []
    assert (result.due, result.delivered, result.duplicates, result.lost) == (4, 4, 0, 0)
