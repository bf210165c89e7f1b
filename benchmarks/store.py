"""Store throughput: saving and streaming messages, beside the bare database driver.

    python benchmarks/store.py [--messages 100000] [--batch-size 1000] [--repeat 1]
                               [--memory-sizes 10000 100000] [--postgres URL]

Generates ``--messages`` realistic messages (published posts, scheduled posts, drafts, inbound
mentions and comments, some with media and links) for 50 profiles and times, best of
``--repeat`` runs, each on a fresh database:

* govsm save: ``Store.save_messages(org, messages, batch_size=--batch-size)``, the messages
  already built (their generation is timed apart);
* govsm stream: ``Store.messages(org)`` read to the end (rows decoded into ``Message``);
* the save anchor: the very rows govsm writes (same column values, same JSON text), inserted
  with the bare driver (``sqlite3`` / ``psycopg`` ``executemany``), one transaction per batch
  of the same size, into an identical empty schema (same indexes and foreign keys). Only the
  driver calls are timed: turning messages into rows is not. On PostgreSQL ``COPY`` is timed
  too, as the floor of any insert;
* the stream anchor: the bare driver reading the same rows (``id``, ``data``) in the same order,
  ``fetchmany`` chunks of the size govsm uses, each document parsed with ``json`` (psycopg parses
  ``json`` columns itself).

The ratio is govsm's time over the anchor's. SQLite runs on a file in a temporary folder;
PostgreSQL when ``--postgres`` or ``GOVSM_TEST_POSTGRES_URL`` gives a server (each run in
schemas of its own, dropped at the end; an unreachable server is an error, not a skip).

Then, for each of ``--memory-sizes``, a fresh store saves that many messages from a generator
and streams them back under ``tracemalloc``: the peak of Python allocations should not grow
with the number of messages (memory holds a batch, not the input). ``tracemalloc`` sees
Python's allocations, not SQLite's or libpq's own; the process's peak RSS is printed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from govsm.model import (
    Direction,
    LifecycleState,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    Organisation,
    OrganisationKind,
    OrganisationSnapshot,
    Profile,
    Unit,
)
from govsm.store import Store, reads, rows, schema
from govsm.store.coltypes import to_sqlite_text

ORG = "ajuntament-bench"
PROFILES = 50
CHANNELS = ("x", "mastodon", "facebook", "instagram", "bluesky", "youtube", "linkedin")
TEXTS = (
    "Obert el termini d'inscripció a les escoles esportives municipals fins al 30 de setembre. "
    "Més informació a https://seu.prova.example/esports #EsportProva",
    "Corte de tráfico en la calle Mayor mañana de 8:00 a 14:00 por obras de pavimentación. "
    "Disculpen las molestias.",
    "📚 Nou horari de la Biblioteca Municipal a partir del dilluns: de 9 a 21 h de dilluns a "
    "divendres i dissabtes de 10 a 14 h.",
    "Ple ordinari dijous a les 19 h. Podeu seguir-lo en directe al canal municipal.",
    "¿A qué hora abre mañana el punto limpio? Gracias",
)
COLUMNS = [column.name for column in schema.messages.c]
#: the anchor's insert, ``{p}`` the driver's placeholder
INSERT = f"INSERT INTO messages ({', '.join(COLUMNS)}) VALUES ({', '.join(['{p}'] * len(COLUMNS))})"
#: the rows the stream anchor asks for, in govsm's order
STREAM_SQL = "SELECT id, data FROM messages WHERE organisation_id = {p} ORDER BY created_at, id"


def snapshot() -> OrganisationSnapshot:
    """The organisation, one unit and ``PROFILES`` profiles: what the messages point to."""
    org = Organisation(
        id=ORG,
        name="Ajuntament de Prova",
        kind=OrganisationKind.AYUNTAMIENTO,
        languages=("ca-valencia", "es"),
        timezone="Europe/Madrid",
        domains=("prova.example",),
    )
    units = (Unit(organisation=ORG, id="comunicacio", name="Comunicació"),)
    profiles = tuple(
        Profile(
            organisation=ORG,
            id=f"perfil-{i:03d}",
            channel=CHANNELS[i % len(CHANNELS)],
            handle=f"@perfil{i}",
            unit="comunicacio",
            state=LifecycleState.ACTIVE,
            opened_on=date(2020, 1, 1),
        )
        for i in range(PROFILES)
    )
    return OrganisationSnapshot(organisation=org, units=units, profiles=profiles)


def messages(count: int) -> Iterator[Message]:
    """``count`` messages over a year, generated lazily (seeded: every run gets the same)."""
    rng = random.Random(2026)
    start = datetime(2025, 11, 20, tzinfo=UTC)
    for n in range(count):
        profile = f"perfil-{rng.randrange(PROFILES):03d}"
        at = start + timedelta(seconds=rng.randrange(365 * 86_400))
        text = TEXTS[n % len(TEXTS)]
        roll = n % 20
        common: dict[str, Any] = {
            "organisation": ORG,
            "id": f"m-{n:07d}",
            "profile": profile,
            "text": text,
            "created_at": at,
            "language": "es" if n % 3 else "ca-valencia",
        }
        if roll < 5:  # inbound: mentions and comments from citizens
            yield Message(
                **common,
                direction=Direction.INBOUND,
                kind=MessageKind.MENTION if roll % 2 else MessageKind.COMMENT,
                state=MessageState.ANSWERED if roll == 0 else MessageState.NEW,
                author=f"@veina{rng.randrange(10_000)}",
                remote_id=f"r{n}",
            )
            continue
        media: tuple[Media, ...] = ()
        if roll % 4 == 0:
            media = (
                Media(
                    kind=MediaKind.IMAGE,
                    location=f"media/cartell-{n}.jpg",
                    alt_text="Cartell de l'activitat amb la data i el lloc",
                    mime_type="image/jpeg",
                    width=1080,
                    height=1350,
                    size=245_000,
                ),
            )
        outbound: dict[str, Any] = {
            **common,
            "direction": Direction.OUTBOUND,
            "kind": MessageKind.POST,
            "author": f"persona-{n % 40}",
            "media": media,
            "links": ("https://seu.prova.example/agenda",) if roll % 3 == 0 else (),
            "idempotency_key": f"k-{n}",
        }
        if roll < 17:
            yield Message(
                **outbound,
                state=MessageState.PUBLISHED,
                published_at=at + timedelta(minutes=5),
                remote_id=f"p{n}",
            )
        elif roll < 19:
            yield Message(
                **outbound, state=MessageState.SCHEDULED, scheduled_at=at + timedelta(days=2)
            )
        else:
            yield Message(**outbound, state=MessageState.DRAFT)


def batches(items: Iterable[Message], size: int) -> Iterator[list[Message]]:
    """``items`` in lists of at most ``size``."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def driver_row(message: Message, sqlite: bool) -> tuple[Any, ...]:
    """The row govsm writes for ``message``, as the bare driver takes it (columns in order)."""
    row, text = rows.message_row(message)
    values: list[Any] = []
    for name in COLUMNS:
        value = row[name]
        if name == "data":
            value = text  # the same canonical JSON text the store writes
        elif isinstance(value, datetime) and sqlite:
            value = to_sqlite_text(value)
        values.append(value)
    return tuple(values)


@dataclass
class Figures:
    """Best wall times (seconds) of one backend over the runs."""

    save: float = float("inf")
    stream: float = float("inf")
    anchor_save: float = float("inf")
    anchor_stream: float = float("inf")
    anchor_copy: float | None = None
    memory: list[tuple[int, float, float]] = field(default_factory=list)


# -- backends ---------------------------------------------------------------------------------


class SQLiteBackend:
    """Fresh SQLite files in a temporary folder."""

    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        """Create databases in ``folder``."""
        self.folder = folder

    def version(self) -> str:
        """The SQLite library's version."""
        return f"sqlite {sqlite3.sqlite_version}"

    @contextmanager
    def fresh(self) -> Iterator[str]:
        """The URL of a new, empty database file, deleted afterwards."""
        path = self.folder / f"{uuid.uuid4().hex}.sqlite3"
        yield f"sqlite:///{path}"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def connect(self, url: str) -> sqlite3.Connection:
        """A bare ``sqlite3`` connection set up as govsm sets up its own."""
        connection = sqlite3.connect(sa.make_url(url).database or "", isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        return connection

    def insert(self, connection: Any, batch: Sequence[tuple[Any, ...]]) -> None:
        """Insert one batch in its own transaction, as govsm does."""
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(INSERT.format(p="?"), batch)
        connection.execute("COMMIT")

    def stream(self, connection: Any, chunk: int) -> int:
        """Read the organisation's rows in govsm's order; return how many."""
        cursor = connection.execute(STREAM_SQL.format(p="?"), (ORG,))
        n = 0
        while part := cursor.fetchmany(chunk):
            for _key, data in part:
                json.loads(data)
                n += 1
        return n


class PostgresBackend:
    """Fresh schemas on a PostgreSQL server, dropped afterwards."""

    name = "postgresql"

    def __init__(self, url: str) -> None:
        """Check that the server at ``url`` answers."""
        import psycopg

        self.url = sa.make_url(url).set(drivername="postgresql+psycopg")
        self.conninfo = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.psycopg = psycopg
        try:
            with psycopg.connect(self.conninfo, connect_timeout=5) as connection:
                row = connection.execute("SHOW server_version").fetchone()
                self.server = str(row[0]) if row else "?"
        except psycopg.OperationalError as exc:
            shown = self.url.render_as_string(hide_password=True)
            sys.exit(f"PostgreSQL is not reachable at {shown}: {str(exc).strip()}")

    def version(self) -> str:
        """The server's and psycopg's versions."""
        return f"PostgreSQL {self.server}, psycopg {self.psycopg.__version__}"

    @contextmanager
    def fresh(self) -> Iterator[str]:
        """The URL of a new, empty schema (its ``search_path``), dropped afterwards."""
        name = f"govsm_bench_{uuid.uuid4().hex}"
        with self.psycopg.connect(self.conninfo, autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA "{name}"')
        try:
            url = self.url.update_query_dict({"options": f"-csearch_path={name}"})
            yield url.render_as_string(hide_password=False)
        finally:
            with self.psycopg.connect(self.conninfo, autocommit=True) as connection:
                connection.execute(f'DROP SCHEMA "{name}" CASCADE')

    def connect(self, url: str) -> Any:
        """A bare ``psycopg`` connection on the schema of ``url``."""
        options = str(sa.make_url(url).query["options"])
        return self.psycopg.connect(self.conninfo, options=options)

    def insert(self, connection: Any, batch: Sequence[tuple[Any, ...]]) -> None:
        """Insert one batch in its own transaction, as govsm does."""
        with connection.transaction(), connection.cursor() as cursor:
            cursor.executemany(INSERT.format(p="%s"), batch)

    def copy(self, connection: Any, batch: Iterable[tuple[Any, ...]]) -> None:
        """``COPY`` one batch in its own transaction."""
        with (
            connection.transaction(),
            connection.cursor() as cursor,
            cursor.copy(f"COPY messages ({', '.join(COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in batch:
                copy.write_row(row)

    def stream(self, connection: Any, chunk: int) -> int:
        """Read the organisation's rows in govsm's order (a server-side cursor); return how many."""
        n = 0
        with connection.transaction(), connection.cursor(name="anchor") as cursor:
            cursor.itersize = chunk
            cursor.execute(STREAM_SQL.format(p="%s"), (ORG,))
            while part := cursor.fetchmany(chunk):
                n += len(part)  # psycopg has already parsed each json document
        return n


Backend = SQLiteBackend | PostgresBackend


# -- the runs ---------------------------------------------------------------------------------


@contextmanager
def prepared(backend: Backend) -> Iterator[str]:
    """A fresh database at govsm's schema holding the organisation and its profiles."""
    with backend.fresh() as url:
        with Store.open(url) as store:
            store.save_snapshot(snapshot())
        yield url


def run_govsm(backend: Backend, built: list[Message], batch_size: int, out: Figures) -> None:
    """Save then stream ``built`` through the store."""
    with prepared(backend) as url, Store.open(url) as store:
        began = time.perf_counter()
        saved = store.save_messages(ORG, built, batch_size=batch_size)
        save = time.perf_counter() - began
        began = time.perf_counter()
        counted = sum(1 for _ in store.messages(ORG))
        stream = time.perf_counter() - began
    if saved.inserted != len(built) or counted != len(built):
        sys.exit(f"govsm saved {saved.inserted} and streamed {counted} of {len(built)}")
    out.save = min(out.save, save)
    out.stream = min(out.stream, stream)


def run_anchor(backend: Backend, built: list[Message], batch_size: int, out: Figures) -> None:
    """Insert then read the same rows with the bare driver (and ``COPY`` them, on PostgreSQL)."""
    sqlite = isinstance(backend, SQLiteBackend)
    with prepared(backend) as url:
        connection = backend.connect(url)
        try:
            save = 0.0
            for batch in batches(built, batch_size):
                ready = [driver_row(m, sqlite) for m in batch]  # not timed: govsm's conversion
                began = time.perf_counter()
                backend.insert(connection, ready)
                save += time.perf_counter() - began
            began = time.perf_counter()
            counted = backend.stream(connection, reads.STREAM_CHUNK)
            stream = time.perf_counter() - began
            if counted != len(built):
                sys.exit(f"the anchor streamed {counted} of {len(built)}")
        finally:
            connection.close()
    out.anchor_save = min(out.anchor_save, save)
    out.anchor_stream = min(out.anchor_stream, stream)
    if isinstance(backend, PostgresBackend):
        with prepared(backend) as url:
            connection = backend.connect(url)
            try:
                copy = 0.0
                for batch in batches(built, batch_size):
                    ready = [driver_row(m, sqlite) for m in batch]
                    began = time.perf_counter()
                    backend.copy(connection, ready)
                    copy += time.perf_counter() - began
            finally:
                connection.close()
        out.anchor_copy = copy if out.anchor_copy is None else min(out.anchor_copy, copy)


def run_memory(backend: Backend, size: int, batch_size: int) -> tuple[float, float]:
    """Peak Python memory (MiB) saving ``size`` messages from a generator, then streaming them."""
    with prepared(backend) as url, Store.open(url) as store:
        tracemalloc.start()
        try:
            store.save_messages(ORG, messages(size), batch_size=batch_size)
            save_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.reset_peak()
            counted = sum(1 for _ in store.messages(ORG))
            stream_peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    if counted != size:
        sys.exit(f"streamed {counted} of {size} messages")
    return save_peak / 2**20, stream_peak / 2**20


def main() -> None:
    """Generate the messages, time govsm and the anchors on each backend, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--memory-sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument(
        "--postgres",
        default=os.environ.get("GOVSM_TEST_POSTGRES_URL"),
        help="a PostgreSQL server to run on as well (default: $GOVSM_TEST_POSTGRES_URL)",
    )
    args = parser.parse_args()

    began = time.perf_counter()
    built = list(messages(args.messages))
    generated = time.perf_counter() - began
    documents = sum(len(rows.message_row(m)[1].encode()) for m in built[:1000]) / min(
        1000, len(built)
    )

    with tempfile.TemporaryDirectory() as tmp:
        backends: list[Backend] = [SQLiteBackend(Path(tmp))]
        if args.postgres:
            backends.append(PostgresBackend(args.postgres))
        figures: dict[str, Figures] = {}
        for backend in backends:
            out = figures[backend.name] = Figures()
            for _ in range(args.repeat):
                run_govsm(backend, built, args.batch_size, out)
                run_anchor(backend, built, args.batch_size, out)
            for size in args.memory_sizes:
                out.memory.append((size, *run_memory(backend, size, args.batch_size)))

    n = len(built)
    print(f"python {sys.version.split()[0]}, SQLAlchemy {sa.__version__}")
    print(", ".join(backend.version() for backend in backends))
    print(
        f"{n} messages for {PROFILES} profiles, JSON document {documents:.0f} B on average, "
        f"built in {generated:.1f} s (not timed below); batches of {args.batch_size}; "
        f"best of {args.repeat} run(s)"
    )
    print(
        f"{'backend':<11} {'operation':<10} {'govsm s':>8} {'msg/s':>8} "
        f"{'anchor s':>9} {'msg/s':>9} {'govsm/anchor':>13}"
    )
    for name, out in figures.items():
        for label, mine, theirs in (
            ("save", out.save, out.anchor_save),
            ("stream", out.stream, out.anchor_stream),
        ):
            print(
                f"{name:<11} {label:<10} {mine:>8.2f} {n / mine:>8.0f} "
                f"{theirs:>9.2f} {n / theirs:>9.0f} {mine / theirs:>12.2f}x"
            )
        if out.anchor_copy is not None:
            print(
                f"{name:<11} {'save/COPY':<10} {out.save:>8.2f} {n / out.save:>8.0f} "
                f"{out.anchor_copy:>9.2f} {n / out.anchor_copy:>9.0f} "
                f"{out.save / out.anchor_copy:>12.2f}x"
            )
    if any(out.memory for out in figures.values()):
        print("peak Python memory (tracemalloc), messages from a generator:")
        print(f"{'backend':<11} {'messages':>9} {'save MiB':>9} {'stream MiB':>11}")
        for name, out in figures.items():
            for size, save_peak, stream_peak in out.memory:
                print(f"{name:<11} {size:>9} {save_peak:>9.1f} {stream_peak:>11.1f}")
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the whole run (the built messages included): {peak_rss:.0f} MiB")


if __name__ == "__main__":
    main()
