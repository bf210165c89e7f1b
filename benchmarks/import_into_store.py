"""``govsm import`` of an X and a Mastodon archive into SQLite, beside a bare ``executemany``.

    python benchmarks/import_into_store.py                          # 1,000,000 of each
    python benchmarks/import_into_store.py --x 100000 --mastodon 100000

Each archive is the one ``import_x_archive.py`` / ``import_mastodon_archive.py`` generate (a
fictional council's posts, replies, photos, quotes, reposts). Each measurement runs in a fresh
process, which reports its own peak RSS (``ru_maxrss``):

* **govsm**: :func:`govsm.workspace.archive_import.import_archive` into a new workspace's SQLite
  store — read, normalised, each message with the network's record of it and its SHA-256, all
  in one transaction;
* **floor**: the same rows govsm wrote (the ``messages`` and ``message_originals`` tables, read
  back from its store) written with the standard library's ``sqlite3`` ``executemany`` into a
  new database with the same tables and indexes, in one transaction.

The ratio is govsm's messages per second over the floor's (goal: at least 0.3); the memory is
govsm's peak RSS (goal: under 200 MB, whatever the size), the larger of its process's and of
the process that read the archive beside it, when it did
(:mod:`govsm.workspace.reading_aside`). On a shared machine the wall clock says more about the
other loads than about govsm: ``cpu r.`` is the same ratio by CPU seconds (the floor's over
govsm's, a reading process's included), and ``cpu s`` and ``floor`` are those seconds.
``--read-aside`` chooses whether govsm reads in a second process (``import_archive(...,
read_aside=True)``): ``no``, ``yes``, or ``both`` (the default), a row of each.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import import_mastodon_archive  # noqa: E402
import import_x_archive  # noqa: E402

WORKSPACE = """\
format = 1
channels = ["x", "mastodon"]

[organisation]
id = "ayto-valdemora"
name = "Ayuntamiento de Valdemora"
kind = "ayuntamiento"
languages = ["es"]
timezone = "Europe/Madrid"

[[units]]
id = "comunicacion"
name = "Comunicación"

[[profiles]]
id = "x-ayuntamiento"
channel = "x"
handle = "@AytoValdemora"
unit = "comunicacion"

[[profiles]]
id = "mastodon-ayuntamiento"
channel = "mastodon"
handle = "@ayuntamiento@social.valdemora.example"
unit = "comunicacion"

[policy]
version = "1"
coordinating_unit = "comunicacion"
"""

GOVSM = """
import json, resource, sys, time
from pathlib import Path
from govsm.workspace import Workspace
from govsm.workspace.archive_import import import_archive
folder, archive = Path(sys.argv[1]), Path(sys.argv[2])
aside = {"yes": True, "no": False}[sys.argv[3]]
def cpu():
    return sum(usage.ru_utime + usage.ru_stime for usage in (
        resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))
with Workspace.open(folder) as ws:
    ws.store  # the store created and migrated before the clock starts
    started, cpu_started = time.perf_counter(), cpu()
    chosen = {} if aside is None else {"read_aside": aside}
    result = import_archive(ws.config, ws.store, ws.host, archive, **chosen)
    elapsed, cpu_seconds = time.perf_counter() - started, cpu() - cpu_started
rss = max(resource.getrusage(who).ru_maxrss
          for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"inserted": result.inserted, "problems": len(result.problems),
                  "written": result.written, "seconds": elapsed, "cpu": cpu_seconds,
                  "rss_kib": rss}))
"""

FLOOR = """
import json, resource, sqlite3, sys, time
source, target = sys.argv[1], sys.argv[2]
read = sqlite3.connect(source)
schema = [sql for (sql,) in read.execute(
    "select sql from sqlite_master where name in ('messages', 'message_originals') "
    "or tbl_name in ('messages', 'message_originals') and type = 'index' and sql is not null")]
tables = {}
for table in ("messages", "message_originals"):
    cursor = read.execute(f"select * from {table}")
    tables[table] = (len(cursor.description), cursor.fetchall())
write = sqlite3.connect(target, isolation_level=None)
write.execute("pragma journal_mode = wal")
for sql in schema:
    write.execute(sql)
started, cpu_started = time.perf_counter(), time.process_time()
write.execute("begin")
for table, (width, rows) in tables.items():
    marks = ", ".join("?" * width)
    write.executemany(f"insert into {table} values ({marks})", rows)
write.execute("commit")
elapsed, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": len(tables["messages"][1]), "seconds": elapsed, "cpu": cpu_seconds,
                  "rss_kib": rss}))
"""


def _run(code: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return result


def measure(name: str, size: int, make: object, aside: str = "no") -> None:
    """Generate the archive, import it with govsm, write the same rows with the floor."""
    with tempfile.TemporaryDirectory(prefix="govsm-bench-import-") as folder:
        root = Path(folder)
        workspace = root / "ws"
        workspace.mkdir()
        (workspace / "govsm.toml").write_text(WORKSPACE, encoding="utf-8")
        archive = root / "archive.zip"
        make(archive, size)  # type: ignore[operator]
        govsm = _run(GOVSM, str(workspace), str(archive), aside)
        if not govsm["written"] or govsm["problems"] or govsm["inserted"] != size:
            raise SystemExit(f"{name}: the import did not take every message: {govsm}")
        (store,) = (workspace / ".govsm").glob("*.sqlite3")
        floor = _run(FLOOR, str(store), str(root / "floor.sqlite3"))
        assert floor["rows"] == size, floor
        ours, theirs = size / govsm["seconds"], size / floor["seconds"]
        label = f"{name} aside" if aside == "yes" else name
        print(
            f"{label:>14} {size:>10,} {ours:>10,.0f} {theirs:>10,.0f} {ours / theirs:>6.3f} "
            f"{floor['cpu'] / govsm['cpu']:>6.3f} {govsm['seconds']:>8.1f} {govsm['cpu']:>7.2f} "
            f"{floor['cpu']:>7.2f} {govsm['rss_kib'] / 1024:>9.1f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--x", type=int, nargs="*", default=[1_000_000], help="tweets")
    parser.add_argument("--mastodon", type=int, nargs="*", default=[1_000_000], help="statuses")
    parser.add_argument(
        "--read-aside",
        choices=("no", "yes", "both"),
        default="both",
        help="govsm reads in a second process: never, always, or a row of each (both)",
    )
    args = parser.parse_args()
    print(
        f"{'archive':>14} {'messages':>10} {'govsm/s':>10} {'floor/s':>10} {'ratio':>6} "
        f"{'cpu r.':>6} {'govsm s':>8} {'cpu s':>7} {'floor':>7} {'peak MiB':>9}"
    )
    modes = ("no", "yes") if args.read_aside == "both" else (args.read_aside,)
    for size in args.x:
        for mode in modes:
            measure("x", size, lambda path, n: import_x_archive.make_archive(path, n, 1), mode)
    for size in args.mastodon:
        for mode in modes:
            measure(
                "mastodon",
                size,
                lambda path, n: import_mastodon_archive.make_archive(path, n, False),
                mode,
            )


if __name__ == "__main__":
    main()
