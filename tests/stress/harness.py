"""The crash harness: publishing workers killed with SIGKILL at random moments, then checked.

One **round** takes a fresh store holding the example council with :data:`MESSAGES` approved
posts scheduled due now (what the example schedules itself is cancelled), and a fresh
:class:`~govsm.testing.sink.RecordingSink` in a SQLite file (its ``BEGIN IMMEDIATE`` serialises
deliveries, so two workers delivering one key at the same moment are always counted as a
duplicate, never hidden by a unique-key error). Then:

1. it starts the configuration's workers (:mod:`tests.stress.worker_process`), each with its
   own fault plan — rate limits with a short ``Retry-After``, 5xx, timeouts *after* the
   delivery, failed lookups — and a network that takes up to :attr:`FaultPlan.latency` seconds
   before and after each delivery;
2. it kills a running worker with ``SIGKILL`` a random 0–:attr:`Plan.kill_within` seconds after
   that worker began to run, reaps it, and starts another in its place, until
   :attr:`Plan.kills` workers have been killed (or every item is settled and the workers leave
   by themselves);
3. it stops the survivors with SIGTERM, and starts one last worker that nobody kills and that
   leaves once every item has been final for a few polls;
4. it checks the store, the audit log and the sink (:func:`check`).

A new store is a copy of a template built once per configuration: a SQLite file copied with
SQLite's backup API, or a PostgreSQL database created ``TEMPLATE`` the template database (when
the role may create databases; otherwise a schema of its own, loaded from scratch each round).

Workers are forked from a warm fork server (:mod:`multiprocessing`'s ``forkserver``, with the
worker preloaded and its rules run once: :mod:`tests.stress.preload`) so that a restart costs a
fork rather than a cold interpreter and a cold rule engine; each is still a process of its own,
killed with ``SIGKILL`` and reaped by its parent.

Run from the repository (any number of rounds, one configuration; ``--keep`` keeps every
round's folder)::

    python -m tests.stress.harness sqlite-2 --rounds 5 --folder /tmp/crash
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver
import os
import random
import shutil
import signal
import sqlite3
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from multiprocessing.process import BaseProcess
from pathlib import Path

import sqlalchemy as sa
from attrs import define, field, frozen

from govsm.governance import Governance
from govsm.ledger import record as rec
from govsm.ledger.chain import verify
from govsm.model import MessageState, OutboxItem, OutboxState, Outcome
from govsm.store import Store
from govsm.testing.sink import RecordingSink
from govsm.workspace import Workspace
from tests.paths import EXAMPLE, ROOT
from tests.publishing.council import APPROVER, EDITOR, approved
from tests.stress import worker_process

#: the PostgreSQL server when ``GOVSM_TEST_POSTGRES_URL`` is not set (as in the store tests)
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

#: approved posts due in each round (by default)
MESSAGES = 6

#: outcomes after which another attempt is the right thing to do
RETRY_REASONS = frozenset({Outcome.RATE_LIMITED, Outcome.TRANSIENT, Outcome.NOT_FOUND})

#: outcomes of the attempt that published an item (sent now, or found sent by an earlier one)
PUBLISHING = frozenset({Outcome.PUBLISHED, Outcome.FOUND})


@frozen
class Configuration:
    """Which workers a round runs: ``workers`` processes on ``backend``."""

    name: str
    backend: str
    workers: int


CONFIGURATIONS = (
    Configuration("sqlite-1", "sqlite", 1),
    Configuration("sqlite-2", "sqlite", 2),
    Configuration("postgres-4", "postgres", 4),
)


@frozen
class FaultPlan:
    """What the sink does wrong, per call (probabilities), and how slow it is."""

    rate_limited: float = 0.15
    transient: float = 0.15
    timeout_after_send: float = 0.15
    lookup_fails: float = 0.05
    retry_after: float = 0.01
    latency: float = 0.01

    def arguments(self) -> list[str]:
        """The worker's command-line options for these faults."""
        return [
            f"--rate-limited={self.rate_limited}",
            f"--transient={self.transient}",
            f"--timeout-after-send={self.timeout_after_send}",
            f"--lookup-fails={self.lookup_fails}",
            f"--retry-after={self.retry_after}",
            f"--latency={self.latency}",
        ]


@frozen
class Plan:
    """How hard a round is on its workers.

    :param messages: approved posts due in each round.
    :param kills: workers killed per round (at most; fewer when the work ends first).
    :param kill_within: a worker is killed a random 0 to ``kill_within`` seconds after it
        began to run.
    :param round_timeout: the longest a round may take before it counts as stuck.
    """

    messages: int = MESSAGES
    kills: int = 4
    kill_within: float = 0.2
    faults: FaultPlan = FaultPlan()
    round_timeout: float = 120.0


@define
class RoundResult:
    """What one round found."""

    seed: int
    due: int = 0
    delivered: int = 0
    duplicates: int = 0
    lost: int = 0
    strays: int = 0
    unsettled: int = 0
    kills: int = 0
    kills_holding_claim: int = 0
    kills_mid_attempt: int = 0
    attempts: int = 0
    outcomes: Counter[str] = field(factory=Counter)
    seconds: float = 0.0
    problems: list[str] = field(factory=list)
    folder: Path | None = None


@define
class Report:
    """The rounds of one configuration, summed."""

    configuration: Configuration
    rounds: list[RoundResult] = field(factory=list)

    def total(self, name: str) -> int:
        """The sum of one :class:`RoundResult` count over the rounds."""
        return sum(int(getattr(r, name)) for r in self.rounds)

    @property
    def seconds(self) -> float:
        """The rounds' time, in seconds."""
        return sum(r.seconds for r in self.rounds)

    @property
    def problems(self) -> list[str]:
        """Every problem found, each with its round's seed and folder."""
        return [f"round seed={r.seed} ({r.folder}): {p}" for r in self.rounds for p in r.problems]

    def summary(self) -> str:
        """One line of figures."""
        outcomes: Counter[str] = Counter()
        for r in self.rounds:
            outcomes.update(r.outcomes)
        shown = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
        return (
            f"{self.configuration.name}: rounds {len(self.rounds)}, due {self.total('due')}, "
            f"delivered {self.total('delivered')}, duplicates {self.total('duplicates')}, "
            f"lost {self.total('lost')}, unsettled {self.total('unsettled')}, "
            f"kills {self.total('kills')} (holding a claim {self.total('kills_holding_claim')}, "
            f"during an attempt {self.total('kills_mid_attempt')}), "
            f"attempts {self.total('attempts')} ({shown}), seconds {self.seconds:.1f}"
        )


# -- stores -------------------------------------------------------------------------------------


def council_folder(base: Path) -> Path:
    """A copy of the example council (read by every worker; nothing writes to it)."""
    folder = base / "council"
    if not folder.exists():
        shutil.copytree(EXAMPLE, folder)
    return folder


def round_messages(messages: int) -> list[str]:
    """The ids of a round's posts."""
    return [f"stress-{n:02d}" for n in range(messages)]


def prepare(folder: Path, url: str, messages: int = MESSAGES) -> None:
    """Load the council into the store at ``url`` and schedule ``messages`` approved posts.

    Whatever the example council had scheduled itself is cancelled first, so that the round's
    posts are the only ones its workers may publish.
    """
    with Workspace.open(folder, store_url=url) as workspace:
        workspace.load()
        gov = Governance.of(workspace)
        org = workspace.organisation.id
        for item in workspace.store.outbox.items(org):
            if not item.state.done:
                gov.cancel_item(item.id, by=APPROVER, reason="not part of the crash harness")
        due = datetime.now(UTC) - timedelta(seconds=1)
        for n, ident in enumerate(round_messages(messages)):
            approved(gov, ident, f"Obrim la piscina municipal dissabte a les 10 h. Avís {n}.")
            gov.schedule(ident, due, by=EDITOR)


class SqliteStores:
    """Fresh SQLite stores, each a copy of one prepared template."""

    def __init__(self, base: Path, folder: Path, messages: int) -> None:
        self._template = base / "template.sqlite3"
        prepare(folder, f"sqlite:///{self._template}", messages)

    @contextlib.contextmanager
    def fresh(self, where: Path) -> Iterator[str]:
        """A copy of the template in ``where``."""
        path = where / "store.sqlite3"
        source, target = sqlite3.connect(self._template), sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        yield f"sqlite:///{path}"

    def close(self) -> None:
        """Nothing to drop."""


class PostgresStores:
    """Fresh PostgreSQL stores: databases copied from a template database, or schemas.

    :param base_url: the server (``GOVSM_TEST_POSTGRES_URL``).
    """

    def __init__(self, base_url: sa.URL, folder: Path, messages: int) -> None:
        self._base = base_url
        self._folder = folder
        self._messages = messages
        self._admin = sa.create_engine(
            base_url, poolclass=sa.NullPool, isolation_level="AUTOCOMMIT"
        )
        # a dropped database is dropped while the next round runs (DROP DATABASE checkpoints)
        self._dropper = ThreadPoolExecutor(1)
        self._drops: list[Future[None]] = []
        self._template: str | None = f"govsm_stress_tpl_{uuid.uuid4().hex[:16]}"
        try:
            with self._admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{self._template}"')
        except sa.exc.ProgrammingError:  # the role may not create databases: schemas
            self._template = None
            return
        try:
            prepare(folder, self._url(database=self._template), messages)
        except BaseException:
            self.close()
            raise

    def _url(self, *, database: str | None = None, schema: str | None = None) -> str:
        url = self._base
        if database is not None:
            url = url.set(database=database)
        if schema is not None:
            url = url.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    @contextlib.contextmanager
    def fresh(self, where: Path) -> Iterator[str]:
        """A new database from the template (or a new schema, loaded), dropped afterwards."""
        name = f"govsm_stress_{uuid.uuid4().hex[:16]}"
        with self._admin.connect() as connection:
            if self._template is not None:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"')
                # the workers are killed, not the server: a commit need not wait for the disk
                connection.exec_driver_sql(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
            else:
                connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        try:
            if self._template is not None:
                yield self._url(database=name)
            else:
                url = self._url(schema=name)
                prepare(self._folder, url, self._messages)
                yield url
        finally:
            if self._template is not None:
                self._drops.append(self._dropper.submit(self._drop_database, name))
            else:
                with self._admin.connect() as connection:
                    connection.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')

    def _drop_database(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')

    def close(self) -> None:
        """Drop the rounds' databases and the template."""
        self._dropper.shutdown(wait=True)
        for dropped in self._drops:
            dropped.result()
        if self._template is not None:
            self._drop_database(self._template)
        self._admin.dispose()


@contextlib.contextmanager
def sink_folder(where: Path) -> Iterator[Path]:
    """Where the round's sink lives: a folder in memory (``/dev/shm``) when there is one.

    The sink commits every delivery, and SQLite waits for the disk at each commit; in memory a
    delivery takes a millisecond instead of tens, and nothing else changes: the sink's file is
    locked and read the same way.
    """
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield where
        return
    folder = shm / f"govsm-stress-{uuid.uuid4().hex}"
    folder.mkdir()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- workers ------------------------------------------------------------------------------------


def fork_server() -> multiprocessing.context.BaseContext:
    """The fork server's context, with the worker preloaded and warm (:mod:`tests.stress.preload`).

    The fork server imports what it preloads before it takes its parent's ``sys.path``, so it is
    started here with the repository on ``PYTHONPATH``, wherever pytest runs from. (A fork
    server started earlier in the process, without the preload, still works: its workers start
    cold.)
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.stress.preload"])
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), before) if p)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before
    return context


@define
class Life:
    """One worker process, from its start to its end."""

    process: BaseProcess
    ready: Path
    log: Path
    started: float
    kill_at: float | None = None

    @property
    def name(self) -> str | None:
        """The worker's name, once it runs."""
        try:
            lines = self.ready.read_text(encoding="utf-8").splitlines()
        except OSError:
            return None
        return lines[1] if len(lines) > 1 else None


class Workers:
    """Starts, kills and reaps the workers of one round."""

    def __init__(
        self,
        context: multiprocessing.context.BaseContext,
        folder: Path,
        store: str,
        sink: str,
        where: Path,
        faults: FaultPlan,
        seed: int,
    ) -> None:
        self._context = context
        self._arguments = [
            f"--workspace={folder}",
            f"--store={store}",
            f"--sink={sink}",
            *faults.arguments(),
        ]
        self._where = where
        self._seed = seed
        self.started = 0
        self.lives: list[Life] = []

    def start(self) -> Life:
        """A new worker, with a fault plan of its own."""
        self.started += 1
        n = self.started
        ready, log = self._where / f"worker-{n}.ready", self._where / f"worker-{n}.log"
        argv = [
            *self._arguments,
            f"--seed={self._seed * 1000 + n}",
            f"--ready={ready}",
            f"--log={log}",
        ]
        process = self._context.Process(  # type: ignore[attr-defined]
            target=worker_process.child, args=(argv,), name=f"stress-worker-{n}", daemon=True
        )
        process.start()
        life = Life(process, ready, log, time.monotonic())
        self.lives.append(life)
        return life

    def kill_all(self) -> None:
        """Kill and reap every worker still running (after a failure)."""
        for life in self.lives:
            if life.process.is_alive():
                life.process.kill()
            life.process.join(10)


def _killed(store: Store, org: str, name: str | None) -> tuple[bool, bool]:
    """Whether the killed worker held a claim, and whether an attempt of it was under way."""
    if name is None:
        return False, False
    held = [
        item
        for item in store.outbox.items(org, states=[OutboxState.CLAIMED])
        if item.claimed_by == name
    ]
    during = any(
        (attempts := store.outbox.attempts(org, item.id)) and attempts[-1].outcome is None
        for item in held
    )
    return bool(held), during


def _log_tail(life: Life, lines: int = 20) -> str:
    try:
        text = life.log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _exit(result: RoundResult, life: Life, expected: Sequence[int]) -> None:
    code = life.process.exitcode
    if code not in expected:
        result.problems.append(
            f"worker {life.name or life.process.pid} ended with status {code} "
            f"(expected {list(expected)}); its log ends:\n{_log_tail(life)}"
        )


# -- one round ----------------------------------------------------------------------------------


def run_round(
    configuration: Configuration,
    stores: SqliteStores | PostgresStores,
    folder: Path,
    where: Path,
    seed: int,
    context: multiprocessing.context.BaseContext,
    plan: Plan = Plan(),
) -> RoundResult:
    """Run one round in the folder ``where`` and check it (see the module's description)."""
    where.mkdir(parents=True)
    result = RoundResult(seed=seed, folder=where)
    chance = random.Random(seed)
    began = time.monotonic()
    with sink_folder(where) as sink_dir, stores.fresh(where) as url, Store.open(url) as store:
        sink_file = sink_dir / "sink.sqlite3"
        sink_url = f"sqlite:///{sink_file}"
        RecordingSink(sink_url)  # its tables, before any worker
        org = store.organisations()[0].id
        due = round_items(store, org)
        workers = Workers(context, folder, url, sink_url, where, plan.faults, seed)
        try:
            _kill_phase(configuration, workers, store, org, result, chance, plan, began)
            if not result.problems:
                _final_phase(workers, result, plan, began)
        finally:
            workers.kill_all()
        if not result.problems:
            check(store, org, due, sink_file, result)
        else:
            result.problems.append("items: " + _states(store, org))
        if result.problems and sink_dir != where:
            shutil.copy(sink_file, where / "sink.sqlite3")  # kept with the round's logs
    result.seconds = time.monotonic() - began
    return result


def _kill_phase(
    configuration: Configuration,
    workers: Workers,
    store: Store,
    org: str,
    result: RoundResult,
    chance: random.Random,
    plan: Plan,
    began: float,
) -> None:
    running = [workers.start() for _ in range(configuration.workers)]
    while running:
        if time.monotonic() - began > plan.round_timeout:
            result.problems.append(f"the kill phase took more than {plan.round_timeout} s")
            return
        for life in list(running):
            now = time.monotonic()
            if not life.process.is_alive():  # it found every item settled (or it crashed)
                life.process.join()
                _exit(result, life, [0])
                running.remove(life)
            elif life.kill_at is None:
                if life.ready.exists():
                    life.kill_at = now + chance.uniform(0, plan.kill_within)
            elif now >= life.kill_at and result.kills < plan.kills:
                name = life.name
                life.process.kill()
                life.process.join()
                running.remove(life)
                if life.process.exitcode == 0:  # it left by itself just before: all settled
                    continue
                result.kills += 1
                holding, during = _killed(store, org, name)
                result.kills_holding_claim += holding
                result.kills_mid_attempt += during
                _exit(result, life, [-signal.SIGKILL])
                if result.kills < plan.kills:
                    running.append(workers.start())
        if result.kills >= plan.kills:
            break
        time.sleep(0.002)
    for life in running:  # the survivors finish their attempt and leave
        while life.process.is_alive() and not life.ready.exists():
            time.sleep(0.002)  # SIGTERM is the worker's once it runs
        if life.process.is_alive():
            life.process.terminate()
    for life in running:
        life.process.join(plan.round_timeout)
        _exit(result, life, [0])


def _final_phase(workers: Workers, result: RoundResult, plan: Plan, began: float) -> None:
    last = workers.start()
    last.process.join(max(1.0, plan.round_timeout - (time.monotonic() - began)))
    if last.process.is_alive():
        result.problems.append(
            f"the last worker did not settle every item within {plan.round_timeout} s; "
            f"its log ends:\n{_log_tail(last)}"
        )
        return
    _exit(result, last, [0])


def _states(store: Store, org: str) -> str:
    return ", ".join(
        f"{i.id} {i.state} by {i.claimed_by} ({i.attempts} attempts)"
        for i in store.outbox.items(org)
    )


def round_items(store: Store, org: str) -> list[OutboxItem]:
    """The items of the round's posts (:func:`round_messages`)."""
    return [i for i in store.outbox.items(org) if i.message.startswith("stress-")]


# -- the checks ---------------------------------------------------------------------------------


def deliveries(sink_file: Path) -> list[tuple[int, str, str]]:
    """``(number, idempotency key, text)`` of every post the sink received, in order."""
    connection = sqlite3.connect(sink_file)
    try:
        rows = connection.execute(
            "SELECT n, idempotency_key, text FROM sink_deliveries ORDER BY n"
        ).fetchall()
    finally:
        connection.close()
    return [(int(n), str(k), str(t)) for n, k, t in rows]


def check(
    store: Store, org: str, due: Sequence[OutboxItem], sink_file: Path, result: RoundResult
) -> None:
    """Check a finished round; fill ``result``'s counts and add what is wrong to its problems.

    * the sink: every due item's key delivered once (``lost``: never delivered), no key twice
      (``duplicates``), nothing that was not due (``strays``), with the message's text;
    * the store: every item ``published`` with the number the sink gave it, its message
      published with the same number; one ``message.published`` entry per message and no
      ``message.publish_failed``; the audit chain verifies;
    * the log of attempts explains every retry: attempts numbered 1 to n (n = the item's
      count), each with an outcome and its end; the last published the item (``published``,
      or ``found`` when a lookup settled it), and each earlier one names a reason to try again
      (``rate-limited``, ``transient``, or ``not-found``: it was unconfirmed and the network
      was asked and had no such post). An attempt left open by a killed worker is settled by
      the next claim, before anything is sent: none may stay open or ``unknown``.
    """
    problems = result.problems
    sink = RecordingSink(f"sqlite:///{sink_file}")
    delivered = deliveries(sink_file)
    numbers = {key: n for n, key, _ in delivered}
    texts = {key: text for _, key, text in delivered}
    keys = {item.idempotency_key for item in due}
    result.due = len(due)
    result.delivered = sink.count()
    result.duplicates = sink.duplicates()
    result.lost = len(keys - numbers.keys())
    result.strays = len(numbers.keys() - keys)
    if result.duplicates:
        problems.append(f"{result.duplicates} deliveries repeated a key already delivered")
    if result.lost:
        problems.append(f"never delivered: {sorted(keys - numbers.keys())}")
    if result.strays:
        problems.append(f"delivered but never due: {sorted(numbers.keys() - keys)}")
    entries = store.audit_entries(org)
    if not verify(org, entries).ok:
        problems.append("the audit chain does not verify")
    published = Counter(e.subject for e in entries if e.action == rec.MESSAGE_PUBLISHED)
    failed = [e.subject for e in entries if e.action == rec.MESSAGE_PUBLISH_FAILED]
    if failed:
        problems.append(f"message.publish_failed for {failed}")
    for before in due:
        item = store.outbox.item(org, before.id)
        assert item is not None
        label = f"item {item.id} ({item.message})"
        if item.state is not OutboxState.PUBLISHED:
            result.unsettled += 1
            problems.append(f"{label} is {item.state}, not published")
            continue
        number = numbers.get(item.idempotency_key)
        if number is not None and item.remote_id != f"sink-{number}":
            problems.append(f"{label} has remote id {item.remote_id}, the sink sink-{number}")
        message = store.message(org, item.message)
        if message is None or message.state is not MessageState.PUBLISHED:
            problems.append(f"{label}: its message is not published")
        elif message.remote_id != item.remote_id:
            problems.append(f"{label}: its message has {message.remote_id}")
        if message is not None and texts.get(item.idempotency_key) != message.text:
            problems.append(f"{label}: the sink received another text")
        if published[item.message] != 1:
            problems.append(f"{label}: {published[item.message]} message.published entries")
        attempts = store.outbox.attempts(org, item.id)
        result.attempts += len(attempts)
        result.outcomes.update(str(a.outcome) for a in attempts)
        if [a.number for a in attempts] != list(range(1, len(attempts) + 1)):
            problems.append(f"{label}: attempts numbered {[a.number for a in attempts]}")
        if item.attempts != len(attempts):
            problems.append(f"{label}: counts {item.attempts} attempts, {len(attempts)} recorded")
        if not attempts:
            problems.append(f"{label}: published without an attempt")
            continue
        for attempt in attempts:
            if attempt.outcome is None or attempt.finished_at is None:
                problems.append(f"{label}: attempt {attempt.number} has no outcome")
        *earlier, last = attempts
        if last.outcome not in PUBLISHING:
            problems.append(f"{label}: its last attempt is {last.outcome}")
        for attempt in earlier:
            if attempt.outcome is not None and attempt.outcome not in RETRY_REASONS:
                problems.append(
                    f"{label}: attempt {attempt.number} ({attempt.outcome}) was followed by "
                    "another attempt"
                )


# -- many rounds --------------------------------------------------------------------------------


def run_rounds(
    configuration: Configuration,
    rounds: int,
    base: Path,
    *,
    postgres: sa.URL | None = None,
    plan: Plan = Plan(),
    seed: int = 1,
    keep: bool = False,
) -> Report:
    """Run ``rounds`` rounds of ``configuration`` under ``base``; keep failing rounds' folders.

    :param postgres: the server, for a PostgreSQL configuration.
    :param keep: keep every round's folder (stores, sink and workers' logs).
    """
    base.mkdir(parents=True, exist_ok=True)
    folder = council_folder(base)
    stores: SqliteStores | PostgresStores
    if configuration.backend == "sqlite":
        stores = SqliteStores(base, folder, plan.messages)
    else:
        assert postgres is not None, "a PostgreSQL configuration needs the server's URL"
        stores = PostgresStores(postgres, folder, plan.messages)
    context = fork_server()
    report = Report(configuration)
    try:
        for n in range(rounds):
            where = base / f"round-{n:03d}"
            shutil.rmtree(where, ignore_errors=True)  # a kept folder of an earlier run
            result = run_round(
                configuration, stores, folder, where, seed * 10_000 + n, context, plan
            )
            report.rounds.append(result)
            if not result.problems and not keep:
                shutil.rmtree(where, ignore_errors=True)
    finally:
        stores.close()
    return report


def rounds_from_environment(default: int = 20) -> int:
    """``GOVSM_STRESS_ROUNDS``, else ``default``."""
    return int(os.environ.get("GOVSM_STRESS_ROUNDS", default))


def main(argv: Sequence[str] | None = None) -> int:
    """Run rounds of one configuration from the command line; print its figures and problems."""
    import argparse

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("configuration", choices=[c.name for c in CONFIGURATIONS])
    parser.add_argument("--rounds", type=int, default=rounds_from_environment())
    parser.add_argument("--folder", type=Path, required=True, help="where the rounds run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep every round's folder")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("GOVSM_TEST_POSTGRES_URL", PG_DEFAULT),
        help="the PostgreSQL server (default: GOVSM_TEST_POSTGRES_URL, else the local one)",
    )
    args = parser.parse_args(argv)
    configuration = next(c for c in CONFIGURATIONS if c.name == args.configuration)
    postgres = sa.make_url(args.postgres).set(drivername="postgresql+psycopg")
    report = run_rounds(
        configuration, args.rounds, args.folder, postgres=postgres, seed=args.seed, keep=args.keep
    )
    print(report.summary())
    for problem in report.problems:
        print(problem)
    return 1 if report.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
