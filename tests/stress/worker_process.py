"""One publishing worker of the crash harness, in a process of its own that may be killed.

    python -m tests.stress.worker_process --workspace DIR --store URL --seed N \
        [--target sink] --sink URL [--rate-limited P] [--transient P] \
            [--timeout-after-send P] [--lookup-fails P] [--retry-after S]
        | --target mastodon --server URL --account NAME [--forget-keys]
        | --target bluesky --service URL --plc URL --handle HANDLE
        [--latency S] [--ready FILE] [--log FILE]

A server's secret — mastodon-mock's access token, the Bluesky account's password — is read from
the environment (``GOVSM_STRESS_SECRET``), never from the command line, which ``ps`` shows.

It opens the workspace folder with the store at ``--store`` — already loaded by the harness, so
it is not loaded again (loading the council takes about 0.7 s on SQLite and 1.8 s on
PostgreSQL; opening it, 0.1 s in a warm process) — builds a :class:`~govsm.publishing.Worker`
whose adapters publish where ``--target`` says (:mod:`tests.stress.targets`: the
:class:`~govsm.testing.sink.RecordingSink` at ``--sink`` with the faults asked for, or a real
server through its plugin's adapter), each call made up to ``--latency`` seconds slower, and runs
it with short waits until it is killed, asked to stop (SIGTERM: the current attempt finishes), or
it sees every item of the organisation whose time has come settled (published, failed or
cancelled) for ``--done-polls`` polls in a row. ``--ready`` is a file written once the worker is
about to run: the harness times its kills from it. The exit status is 0 unless the worker
crashed (its traceback is logged).

The harness starts it through a fork server (:func:`child`) so that a restart costs a fork, not
an interpreter; run as a module from the repository's root it is the same worker, started
cold.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import random
import signal
import sys
import threading
import time
import traceback
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from govsm.model import Message, OutboxState, Profile
from govsm.publishing import RetryPolicy, Worker
from govsm.spec.adapter import Publishing, PublishResult, UploadMedia
from govsm.workspace import Workspace
from tests.stress.servers import BlueskyTarget, MastodonTarget
from tests.stress.targets import AdapterFactory, SinkTarget, Target

#: the targets by their ``--target``
TARGETS: dict[str, type[Target]] = {t.kind: t for t in (SinkTarget, MastodonTarget, BlueskyTarget)}

#: the states after which nothing happens to an item unless a person acts
FINAL = frozenset({OutboxState.PUBLISHED, OutboxState.FAILED, OutboxState.CANCELLED})

#: waits of a few milliseconds, so that retried and deferred items come back within a round
FAST = RetryPolicy(
    attempts_in_place=3,
    wait_initial=0.002,
    wait_max=0.02,
    wait_jitter=0.002,
    max_wait_in_place=0.1,
    defer_initial=0.005,
    defer_max=0.05,
)


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line (see the module's description)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--workspace", required=True, type=Path)
    parser.add_argument("--store", required=True, help="the store's URL (already loaded)")
    parser.add_argument("--seed", required=True, type=int, help="the seed of the fault plan")
    parser.add_argument("--target", choices=sorted(TARGETS), default="sink")
    sink = parser.add_argument_group("--target sink")
    sink.add_argument("--sink", help="the recording sink's URL")
    sink.add_argument("--rate-limited", type=float, default=0.0)
    sink.add_argument("--transient", type=float, default=0.0)
    sink.add_argument("--timeout-after-send", type=float, default=0.0)
    sink.add_argument("--lookup-fails", type=float, default=0.0)
    sink.add_argument("--retry-after", type=float, default=0.01)
    mastodon = parser.add_argument_group("--target mastodon (the token in GOVSM_STRESS_SECRET)")
    mastodon.add_argument("--server", help="mastodon-mock's base URL")
    mastodon.add_argument("--account", help="the account's user name")
    mastodon.add_argument(
        "--forget-keys", action="store_true", help="a new Idempotency-Key for every request"
    )
    bluesky = parser.add_argument_group("--target bluesky (the password in GOVSM_STRESS_SECRET)")
    bluesky.add_argument("--service", help="the PDS the account logs in to")
    bluesky.add_argument("--plc", help="the PLC directory")
    bluesky.add_argument("--handle", help="the account's handle")
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        help="most seconds slept before and after each delivery (a slow network)",
    )
    parser.add_argument("--poll", type=float, default=0.05)
    parser.add_argument("--done-polls", type=int, default=3)
    parser.add_argument("--ready", type=Path, help="a file written when the worker starts")
    parser.add_argument("--log", type=Path, help="where the worker's log goes (default: stderr)")
    args = parser.parse_args(argv)
    needed = {
        "sink": ["sink"],
        "mastodon": ["server", "account"],
        "bluesky": ["service", "plc", "handle"],
    }[args.target]
    missing = [f"--{name}" for name in needed if getattr(args, name) is None]
    if missing:
        parser.error(f"--target {args.target} needs {', '.join(missing)}")
    return args


class SlowAdapter:
    """An adapter that takes up to ``latency`` seconds before and after each delivery.

    The wait after the delivery is the window where the post has left and the worker has not
    recorded it yet: a kill there leaves an attempt that only a lookup can settle.
    """

    def __init__(self, inner: Publishing, latency: float, seed: int) -> None:
        self._inner = inner
        self._latency = latency
        self._random = random.Random(seed)

    def _pause(self) -> None:
        if self._latency > 0:
            time.sleep(self._random.uniform(0, self._latency))

    def publish(
        self,
        message: Message,
        *,
        idempotency_key: str,
        media: Sequence[UploadMedia] = (),
        reply_to: str | None = None,
    ) -> PublishResult:
        """Wait, publish (or fail), wait."""
        self._pause()
        result = self._inner.publish(
            message, idempotency_key=idempotency_key, media=media, reply_to=reply_to
        )
        self._pause()
        return result

    def lookup(
        self, message: Message, *, idempotency_key: str, since: datetime
    ) -> PublishResult | None:
        """Ask the network."""
        return self._inner.lookup(message, idempotency_key=idempotency_key, since=since)


def adapters(args: argparse.Namespace) -> AdapterFactory:
    """The worker's adapter factory: the target's, made slower by ``--latency``."""
    inner = TARGETS[args.target].adapters(args)
    if args.latency <= 0:
        return inner

    def factory(profile: Profile) -> Publishing:
        return SlowAdapter(inner(profile), args.latency, args.seed)

    return factory


def settled(workspace: Workspace) -> bool:
    """Whether every item of the organisation whose time has come is in a final state."""
    now = datetime.now(UTC)
    items = workspace.store.outbox.items(workspace.organisation.id, due_before=now)
    return all(item.state in FINAL for item in items)


def watch(workspace: Workspace, worker: Worker, poll: float, polls: int) -> None:
    """Stop ``worker`` once every item has been final for ``polls`` looks in a row."""
    quiet = 0
    while not worker.stopping:
        quiet = quiet + 1 if settled(workspace) else 0
        if quiet >= polls:
            worker.stop()
            return
        time.sleep(poll)


class Stop:
    """SIGTERM: stop the worker once it exists (a SIGTERM before that stops it at once)."""

    def __init__(self) -> None:
        self.asked = False
        self.worker: Worker | None = None
        signal.signal(signal.SIGTERM, self)

    def __call__(self, signum: int, frame: object) -> None:
        self.asked = True
        if self.worker is not None:
            self.worker.stop()

    def attach(self, worker: Worker) -> None:
        """Stop ``worker`` on SIGTERM (now, if SIGTERM came already)."""
        self.worker = worker
        if self.asked:
            worker.stop()


def run(args: argparse.Namespace) -> int:
    """Open the workspace, start the worker and run it until it is killed, stopped or done."""
    stop = Stop()
    workspace = Workspace.open(args.workspace, store_url=args.store)
    try:
        worker = Worker(workspace, adapters=adapters(args), policy=FAST)
        stop.attach(worker)
        logging.getLogger("govsm.publishing").info("worker %s starts", worker.name)
        workspace.store.outbox.items(workspace.organisation.id)  # the store is open
        if args.ready is not None:
            args.ready.write_text(f"{os.getpid()}\n{worker.name}\n", encoding="utf-8")
        watcher = threading.Thread(
            target=watch, args=(workspace, worker, args.poll, args.done_polls), daemon=True
        )
        watcher.start()
        summary = worker.run(poll=args.poll, until_idle=False)
        logging.getLogger("govsm.publishing").info(
            "worker %s stops: %s", worker.name, dict(summary.outcomes)
        )
        return 0
    finally:
        workspace.close()


def configure_logging(path: Path | None) -> None:
    """The worker's log: every attempt, retry, deferral and outcome the worker reports."""
    handler: logging.Handler = (
        logging.FileHandler(path, encoding="utf-8") if path else logging.StreamHandler()
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("govsm.publishing").setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one worker from the command line; a crash is logged with its traceback (status 1)."""
    args = parse(argv)
    configure_logging(args.log)
    try:
        return run(args)
    except Exception:
        logging.getLogger("govsm.publishing").error("worker crashed:\n%s", traceback.format_exc())
        return 1


def warm() -> None:
    """Load once what every worker needs before its first post: the plugins, the rule engine
    with its language models and compiled patterns (one check of a post of the example council),
    and the network plugins' adapters with their client libraries, where they are installed.

    The harness's fork server calls it (:mod:`tests.stress.preload`), so that a forked worker
    starts warm; it reads the example's ``govsm.toml``, touches no store and opens no connection.
    """
    import importlib

    from govsm.model import Direction, MessageKind, MessageState
    from govsm.rules.engine import Checker

    for name in ("govsm_mastodon.adapter", "govsm_bluesky.adapter"):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)

    example = Path(__file__).resolve().parents[2] / "examples" / "soldeneu"
    workspace = Workspace.open(example)
    post = Message(
        organisation=workspace.organisation.id,
        id="warm",
        profile=workspace.profiles[0].id,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.APPROVED,
        text="Obrim la piscina municipal dissabte a les 10 h.",
        language="ca-valencia",
        created_at=datetime(2026, 11, 20, tzinfo=UTC),
        scheduled_at=datetime(2026, 11, 20, 9, tzinfo=UTC),
    )
    host = workspace.host
    Checker(host.rules(), host.channels(), workspace.snapshot, workspace.root).check(post)


def child(argv: Sequence[str], environment: Mapping[str, str] | None = None) -> None:
    """The entry point in a process forked by the harness: run, then exit with the status.

    :param environment: added to the process's environment first (the target's secret: it
        comes through the fork server's pipe, and so never shows in ``ps``).
    """
    os.environ.update(environment or {})
    sys.exit(main(argv))


if __name__ == "__main__":
    sys.exit(main())
