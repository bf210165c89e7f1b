"""Workers killed with SIGKILL publish every due post exactly once to real servers.

The crash harness (:mod:`tests.stress.harness`) pointed at the local servers instead of the
recording sink: two SQLite workers publishing to mastodon-mock through
:class:`govsm_mastodon.MastodonAdapter` (``mastodon-2``), and two publishing to the local
Bluesky PDS through :class:`govsm_bluesky.adapter.BlueskyAdapter` (``bluesky-2``), each on an
account of its own. ``GOVSM_STRESS_ROUNDS`` rounds each (5 in the suite; ``nox -s stress``: 100).
The deliveries are counted on the server, by the posts' texts (:mod:`tests.stress.targets`).
List ``mastodon`` or ``bluesky`` in ``GOVSM_SKIP_PEERS`` to skip a server's configuration.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from govsm.store import Store
from tests.paths import ROOT
from tests.peers.bluesky_network import BlueskyNetwork
from tests.peers.mastodon_server import MockMastodon
from tests.stress.checks import RoundResult, check
from tests.stress.conftest import REPORTS, WORKER, assert_exactly_once
from tests.stress.harness import (
    NETWORK_CONFIGURATIONS,
    Configuration,
    plan_for,
    round_items,
    rounds_from_environment,
    run_rounds,
)
from tests.stress.servers import BlueskyTarget, MastodonTarget
from tests.stress.stores import SqliteStores, council_folder, post_texts
from tests.stress.targets import Target

pytestmark = pytest.mark.slow


@pytest.fixture
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    """The configuration's target, on accounts of its own on the session's server."""
    configuration: Configuration = request.param
    built: MastodonTarget | BlueskyTarget
    if configuration.target == "mastodon":
        server: MockMastodon = request.getfixturevalue("mastodon_server")
        built = MastodonTarget(server.base_url)
    else:
        network: BlueskyNetwork = request.getfixturevalue("bluesky_network")
        built = BlueskyTarget.on(network)
    try:
        yield built
    finally:
        built.close()


#: rounds per server configuration in the test suite (the figures in the docs are of 20 and more)
NETWORK_ROUNDS = 5


@pytest.mark.parametrize(
    ("configuration", "target"),
    [pytest.param(c, c, id=c.name) for c in NETWORK_CONFIGURATIONS],
    indirect=["target"],
)
def test_every_due_post_reaches_the_server_exactly_once(
    configuration: Configuration, target: Target, tmp_path: Path
) -> None:
    # a round on a server costs ~3 s: 5 in the suite, GOVSM_STRESS_ROUNDS (nox -s stress) for more
    rounds = rounds_from_environment(default=NETWORK_ROUNDS)
    report = run_rounds(configuration, rounds, tmp_path, target=target)
    REPORTS.append(report)
    assert_exactly_once(report, rounds, plan_for(configuration))


def test_the_worker_takes_the_servers_secret_from_its_environment(
    mastodon_server: MockMastodon, tmp_path: Path
) -> None:
    """The worker run as a module, started cold, publishes to mastodon-mock with the token
    it finds in its environment; the token is nowhere on its command line."""
    seed = 7
    where = tmp_path / "round"
    where.mkdir()
    folder = council_folder(tmp_path)
    result = RoundResult(seed=seed)
    with contextlib.ExitStack() as stack:
        target = MastodonTarget(mastodon_server.base_url, faults=False)
        stack.callback(target.close)
        stores = SqliteStores(tmp_path, folder, post_texts(3, seed), target.profile)
        url = stack.enter_context(stores.fresh(where))
        hookup = stack.enter_context(target.round(where, seed))
        log = where / "worker.log"
        argv = [*WORKER, f"--workspace={folder}", f"--store={url}", "--seed=1", f"--log={log}"]
        worker = subprocess.Popen(
            [*argv, *hookup.arguments], cwd=ROOT, env={**os.environ, **hookup.environment}
        )
        stack.callback(worker.wait)
        stack.callback(worker.kill)  # first: a worker still running when a check fails
        command_line = Path(f"/proc/{worker.pid}/cmdline").read_bytes()
        assert target.account.token.encode() not in command_line
        assert worker.wait(120) == 0, log.read_text(encoding="utf-8")
        with Store.open(url) as store:
            org = store.organisations()[0].id
            check(store, org, round_items(store, org), hookup.deliveries(), result)
    assert result.problems == []
    assert (result.due, result.delivered, result.duplicates, result.lost) == (3, 3, 0, 0)
