"""The crash harness: publishing workers killed with SIGKILL at random moments, then checked.

One **round** takes a fresh store holding the example council with :attr:`Plan.messages`
approved posts scheduled due now (what the example schedules itself is cancelled;
:mod:`tests.stress.stores`), and a fresh view of the configuration's **target**, the network the
workers publish to (:mod:`tests.stress.targets`): a recording sink with a fault plan per worker,
mastodon-mock through the Mastodon plugin, or the local Bluesky PDS through the Bluesky plugin.
Then:

1. it starts the configuration's workers (:mod:`tests.stress.worker_process`), each told where
   to publish by the target (its secret in the worker's environment);
2. it kills a running worker with ``SIGKILL`` a random 0–:attr:`Plan.kill_within` seconds after
   that worker began to run, reaps it, and starts another in its place, until
   :attr:`Plan.kills` workers have been killed (or every item is settled and the workers leave
   by themselves);
3. it stops the survivors with SIGTERM, and starts one last worker that nobody kills and that
   leaves once every item has been final for a few polls;
4. it reads what the network holds, and checks it with the store and the audit log
   (:func:`tests.stress.checks.check`).

Workers are forked from a warm fork server (:mod:`multiprocessing`'s ``forkserver``, with the
worker preloaded and its rules run once: :mod:`tests.stress.preload`) so that a restart costs a
fork rather than a cold interpreter and a cold rule engine; each is still a process of its own,
killed with ``SIGKILL`` and reaped by its parent.

Run from the repository (any number of rounds, one configuration; ``--keep`` keeps every
round's folder)::

    python -m tests.stress.harness sqlite-2 --rounds 5 --folder /tmp/crash
    python -m tests.stress.harness mastodon-2 --rounds 5 --folder /tmp/crash \\
        --mastodon http://127.0.0.1:8000
    python -m tests.stress.harness bluesky-2 --rounds 5 --folder /tmp/crash
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver
import os
import random
import shutil
import signal
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import sqlalchemy as sa
from attrs import define, field, frozen

from govsm.model import OutboxItem
from govsm.store import Store
from govsm.workspace import Workspace
from tests.stress.checks import RoundResult, check
from tests.stress.stores import (
    PG_DEFAULT,
    PostgresStores,
    SqliteStores,
    council_folder,
    post_texts,
    schedule,
)
from tests.stress.targets import SinkTarget, Target
from tests.stress.workers import Workers, check_exit, fork_server, killed, log_tail

#: approved posts due in each round (by default)
MESSAGES = 6


@frozen
class Configuration:
    """Which workers a round runs: ``workers`` processes on ``backend``, publishing to
    ``target`` (:data:`tests.stress.targets.TARGETS`)."""

    name: str
    backend: str
    workers: int
    target: str = "sink"


#: the configurations that publish to the recording sink
CONFIGURATIONS = (
    Configuration("sqlite-1", "sqlite", 1),
    Configuration("sqlite-2", "sqlite", 2),
    Configuration("postgres-4", "postgres", 4),
)

#: the configurations that publish to a real server, through the network's plugin
NETWORK_CONFIGURATIONS = (
    Configuration("mastodon-2", "sqlite", 2, target="mastodon"),
    Configuration("bluesky-2", "sqlite", 2, target="bluesky"),
)


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
    round_timeout: float = 120.0


#: how hard a round is on the workers of a real server: a worker is killed up to a second after
#: it began to run, since its first post takes a few hundred milliseconds there (the
#: connections open; the Bluesky adapter is built, resolves the account and logs in), so that
#: kills land before, during and after the posts leave
NETWORK_PLAN = Plan(kill_within=1.0)


def plan_for(configuration: Configuration) -> Plan:
    """The plan of ``configuration``: :data:`NETWORK_PLAN` for a real server, else the default."""
    return Plan() if configuration.target == "sink" else NETWORK_PLAN


@define
class Report:
    """The rounds of one configuration, summed."""

    configuration: Configuration
    rounds: list[RoundResult] = field(factory=list)

    def total(self, name: str) -> int:
        """The sum of one :class:`~tests.stress.checks.RoundResult` count over the rounds."""
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


# -- one round ----------------------------------------------------------------------------------


def run_round(
    configuration: Configuration,
    stores: SqliteStores | PostgresStores,
    target: Target,
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
    with stores.fresh(where) as url, target.round(where, seed) as hookup:
        if target.own_posts:
            with Workspace.open(folder, store_url=url) as workspace:
                schedule(workspace, post_texts(plan.messages, seed), target.profile)
        with Store.open(url) as store:
            org = store.organisations()[0].id
            due = round_items(store, org)
            workers = Workers(context, folder, url, hookup, where, seed)
            try:
                _kill_phase(configuration, workers, store, org, result, chance, plan, began)
                if not result.problems:
                    _final_phase(workers, result, plan, began)
            finally:
                workers.kill_all()
            if not result.problems:
                check(store, org, due, hookup.deliveries(), result)
            else:
                result.problems.append("items: " + _states(store, org))
        if result.problems:
            hookup.keep()  # what the network kept, with the round's logs
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
                check_exit(result, life, [0])
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
                holding, during = killed(store, org, name)
                result.kills_holding_claim += holding
                result.kills_mid_attempt += during
                check_exit(result, life, [-signal.SIGKILL])
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
        check_exit(result, life, [0])


def _final_phase(workers: Workers, result: RoundResult, plan: Plan, began: float) -> None:
    last = workers.start()
    last.process.join(max(1.0, plan.round_timeout - (time.monotonic() - began)))
    if last.process.is_alive():
        result.problems.append(
            f"the last worker did not settle every item within {plan.round_timeout} s; "
            f"its log ends:\n{log_tail(last)}"
        )
        return
    check_exit(result, last, [0])


def _states(store: Store, org: str) -> str:
    return ", ".join(
        f"{i.id} {i.state} by {i.claimed_by} ({i.attempts} attempts)"
        for i in store.outbox.items(org)
    )


def round_items(store: Store, org: str) -> list[OutboxItem]:
    """The items of the round's posts (:func:`~tests.stress.stores.round_messages`)."""
    return [i for i in store.outbox.items(org) if i.message.startswith("stress-")]


# -- many rounds --------------------------------------------------------------------------------


def run_rounds(
    configuration: Configuration,
    rounds: int,
    base: Path,
    *,
    postgres: sa.URL | None = None,
    target: Target | None = None,
    plan: Plan | None = None,
    seed: int = 1,
    keep: bool = False,
) -> Report:
    """Run ``rounds`` rounds of ``configuration`` under ``base``; keep failing rounds' folders.

    :param postgres: the server, for a PostgreSQL configuration.
    :param target: where the workers publish (default: a :class:`~tests.stress.targets.SinkTarget`
        with the default fault plan; a server's configuration needs its target, already
        connected to the server).
    :param plan: how hard the rounds are (default: :func:`plan_for` the configuration).
    :param keep: keep every round's folder (stores, sink and workers' logs).
    """
    plan = plan or plan_for(configuration)
    if target is None:
        assert configuration.target == "sink", f"{configuration.name} needs its target"
        target = SinkTarget()
    assert target.kind == configuration.target, f"{target!r} is no {configuration.target}"
    base.mkdir(parents=True, exist_ok=True)
    folder = council_folder(base)
    texts = [] if target.own_posts else post_texts(plan.messages)
    stores: SqliteStores | PostgresStores
    if configuration.backend == "sqlite":
        stores = SqliteStores(base, folder, texts, target.profile)
    else:
        assert postgres is not None, "a PostgreSQL configuration needs the server's URL"
        stores = PostgresStores(postgres, folder, texts, target.profile)
    context = fork_server()
    report = Report(configuration)
    try:
        for n in range(rounds):
            where = base / f"round-{n:03d}"
            shutil.rmtree(where, ignore_errors=True)  # a kept folder of an earlier run
            result = run_round(
                configuration, stores, target, folder, where, seed * 10_000 + n, context, plan
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


@contextlib.contextmanager
def command_line_target(
    configuration: Configuration, mastodon: str | None, base: Path
) -> Iterator[Target | None]:
    """The target of a configuration run from the command line (``None``: the sink's).

    mastodon-mock must be running already (``--mastodon``); the local Bluesky network is
    installed if need be and started for the run.
    """
    if configuration.target == "sink":
        yield None
        return
    from tests.peers.bluesky_network import BlueskyNetwork, install
    from tests.stress.servers import BlueskyTarget, MastodonTarget

    with contextlib.ExitStack() as stack:
        target: Target
        if configuration.target == "mastodon":
            if mastodon is None:
                raise SystemExit("mastodon-2 needs --mastodon URL (a running mastodon-mock)")
            target = MastodonTarget(mastodon)
        else:
            network = stack.enter_context(BlueskyNetwork(install(), data_dir=base / "bluesky"))
            target = BlueskyTarget.on(network)
        stack.callback(target.close)
        yield target


def main(argv: Sequence[str] | None = None) -> int:
    """Run rounds of one configuration from the command line; print its figures and problems."""
    import argparse

    configurations = {c.name: c for c in (*CONFIGURATIONS, *NETWORK_CONFIGURATIONS)}
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("configuration", choices=list(configurations))
    parser.add_argument("--rounds", type=int, default=rounds_from_environment())
    parser.add_argument("--folder", type=Path, required=True, help="where the rounds run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep every round's folder")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("GOVSM_TEST_POSTGRES_URL", PG_DEFAULT),
        help="the PostgreSQL server (default: GOVSM_TEST_POSTGRES_URL, else the local one)",
    )
    parser.add_argument("--mastodon", help="mastodon-mock's base URL (for mastodon-2)")
    args = parser.parse_args(argv)
    configuration = configurations[args.configuration]
    postgres = sa.make_url(args.postgres).set(drivername="postgresql+psycopg")
    args.folder.mkdir(parents=True, exist_ok=True)
    with command_line_target(configuration, args.mastodon, args.folder) as target:
        report = run_rounds(
            configuration,
            args.rounds,
            args.folder,
            postgres=postgres,
            target=target,
            seed=args.seed,
            keep=args.keep,
        )
    print(report.summary())
    for problem in report.problems:
        print(problem)
    return 1 if report.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
