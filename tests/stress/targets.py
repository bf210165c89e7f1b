"""Where the crash harness's workers publish: a recording sink, or a real server.

A **target** knows both ends of a round:

* in the harness, :meth:`Target.round` gives what the round's workers are told — their
  command-line options, and the secrets, which go in their environment
  (:data:`SECRET_ENV`), never in their arguments (those show in ``ps``) — and, once the
  workers are done, what the network holds (:class:`Deliveries`);
* in the worker (:mod:`tests.stress.worker_process`), :meth:`Target.adapters` builds the
  adapter factory from those options.

Three targets:

* :class:`SinkTarget` (here): a :class:`~govsm.testing.sink.RecordingSink`, new each round, with
  a fault plan of its own per worker (:class:`FaultPlan`); deliveries are matched to the due
  items by their idempotency key, and a delivery that repeated a key is counted by the sink;
* :class:`~tests.stress.servers.MastodonTarget` and :class:`~tests.stress.servers.BlueskyTarget`:
  a real server, through its plugin's adapter (:mod:`tests.stress.servers`). A server keeps
  every round's posts: there each round's posts have texts of their own (:func:`round_marker`)
  and the posts are matched to the due items by their text.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

from attrs import field, frozen

from govsm.model import Profile
from govsm.spec.adapter import Publishing
from govsm.testing.sink import Faults, RecordingSink

#: the environment variable that carries a worker's secret (an access token, a password)
SECRET_ENV = "GOVSM_STRESS_SECRET"

#: an adapter factory: the adapter for a profile
AdapterFactory = Callable[[Profile], Publishing]


def round_marker(seed: int) -> str:
    """What every post of the round ``seed`` says, and no post of another round."""
    return f"(ronda {seed})"


def same_text(text: str) -> str:
    """``text`` with its runs of white space as one space, for comparing posts."""
    return " ".join(text.split())


@frozen
class Post:
    """One post the network holds.

    :param remote_id: the network's id for it.
    :param text: its text, as the network gives it back.
    :param key: the idempotency key it was delivered with, when the network keeps it (the
        sink); ``None``: it is matched to its item by its text.
    """

    remote_id: str
    text: str
    key: str | None = None


@frozen
class Deliveries:
    """What the network holds after a round: the round's posts, and repeated deliveries.

    :param posts: every post of the round.
    :param repeated: deliveries that the network answered with a post it had already (the
        sink counts them; a server shows a repeat as a second post).
    """

    posts: tuple[Post, ...]
    repeated: int = 0


@frozen
class Hookup:
    """What the workers of one round are given, and how to read the network after it.

    :param arguments: the workers' command-line options (no secret).
    :param environment: what goes in their environment (the secret).
    :param deliveries: what the network holds, read once the workers are done.
    :param keep: copy what the network kept into the round's folder (a failed round).
    """

    arguments: list[str]
    deliveries: Callable[[], Deliveries]
    environment: dict[str, str] = field(factory=dict)
    keep: Callable[[], None] = lambda: None


class Target:
    """Where the workers publish (see the module's description); subclasses fill it in."""

    #: the worker's ``--target``
    kind: ClassVar[str]
    #: the profile the round's posts are scheduled on
    profile: ClassVar[str] = "mastodon-ajuntament"
    #: whether each round schedules posts of its own, with texts that name it
    own_posts: ClassVar[bool] = True

    def round(self, where: Path, seed: int) -> contextlib.AbstractContextManager[Hookup]:
        """The network of one round.

        :param where: the round's folder.
        :param seed: the round's seed.
        """
        raise NotImplementedError

    def close(self) -> None:
        """Let go of the network (after the last round)."""

    @classmethod
    def adapters(cls, args: argparse.Namespace) -> AdapterFactory:
        """In the worker: the adapter factory the command line asks for."""
        raise NotImplementedError


def secret() -> str:
    """In the worker: the secret the harness put in its environment."""
    value = os.environ.get(SECRET_ENV)
    if not value:
        raise SystemExit(f"{SECRET_ENV} is not set: the target needs its secret there")
    return value


# -- the recording sink -------------------------------------------------------------------------


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


def sink_deliveries(sink_file: Path) -> Deliveries:
    """What the sink in ``sink_file`` received: every post with its key, and the repeats."""
    sink = RecordingSink(f"sqlite:///{sink_file}")
    posts = tuple(Post(f"sink-{n}", text, key) for n, key, text in _sink_rows(sink_file))
    return Deliveries(posts, repeated=sink.duplicates())


def _sink_rows(sink_file: Path) -> list[tuple[int, str, str]]:
    import sqlite3

    connection = sqlite3.connect(sink_file)
    try:
        rows = connection.execute(
            "SELECT n, idempotency_key, text FROM sink_deliveries ORDER BY n"
        ).fetchall()
    finally:
        connection.close()
    return [(int(n), str(k), str(t)) for n, k, t in rows]


@frozen
class SinkTarget(Target):
    """A new :class:`~govsm.testing.sink.RecordingSink` each round, in a SQLite file.

    Its ``BEGIN IMMEDIATE`` serialises deliveries, so two workers delivering one key at the
    same moment are always counted as a duplicate, never hidden by a unique-key error.

    :param faults: each worker's fault plan (drawn with a seed of its own).
    """

    kind: ClassVar[str] = "sink"
    own_posts: ClassVar[bool] = False
    faults: FaultPlan = FaultPlan()

    @contextlib.contextmanager
    def round(self, where: Path, seed: int) -> Iterator[Hookup]:
        """A sink in memory; its file is copied into ``where`` when the round failed."""
        with sink_folder(where) as folder:
            sink_file = folder / "sink.sqlite3"
            url = f"sqlite:///{sink_file}"
            RecordingSink(url)  # its tables, before any worker

            def keep() -> None:
                if folder != where:
                    shutil.copy(sink_file, where / "sink.sqlite3")

            yield Hookup(
                ["--target=sink", f"--sink={url}", *self.faults.arguments()],
                lambda: sink_deliveries(sink_file),
                keep=keep,
            )

    @classmethod
    def adapters(cls, args: argparse.Namespace) -> AdapterFactory:
        """The sink at ``--sink``, failing as the faults' options draw."""
        faults = Faults(
            rate_limited=args.rate_limited,
            transient=args.transient,
            timeout_after_send=args.timeout_after_send,
            lookup_fails=args.lookup_fails,
            retry_after=args.retry_after,
            seed=args.seed,
        )
        sink = RecordingSink(args.sink, faults=faults)
        return lambda profile: sink.adapter(profile.id)
