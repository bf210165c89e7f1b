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
govsm's peak RSS (goal: under 200 MB, whatever the size).
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
with Workspace.open(folder) as ws:
    ws.store  # the store created and migrated before the clock starts
    started = time.perf_counter()
    result = import_archive(ws.config, ws.store, ws.host, archive)
    elapsed = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"inserted": result.inserted, "problems": len(result.problems),
                  "written": result.written, "seconds": elapsed, "rss_kib": rss}))
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
started = time.perf_counter()
write.execute("begin")
for table, (width, rows) in tables.items():
    marks = ", ".join("?" * width)
    write.executemany(f"insert into {table} values ({marks})", rows)
write.execute("commit")
elapsed = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": len(tables["messages"][1]), "seconds": elapsed, "rss_kib": rss}))
"""


def _run(code: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return result


def measure(name: str, size: int, make: object) -> None:
    """Generate the archive, import it with govsm, write the same rows with the floor."""
    with tempfile.TemporaryDirectory(prefix="govsm-bench-import-") as folder:
        root = Path(folder)
        workspace = root / "ws"
        workspace.mkdir()
        (workspace / "govsm.toml").write_text(WORKSPACE, encoding="utf-8")
        archive = root / "archive.zip"
        make(archive, size)  # type: ignore[operator]
        govsm = _run(GOVSM, str(workspace), str(archive))
        if not govsm["written"] or govsm["problems"] or govsm["inserted"] != size:
            raise SystemExit(f"{name}: the import did not take every message: {govsm}")
        (store,) = (workspace / ".govsm").glob("*.sqlite3")
        floor = _run(FLOOR, str(store), str(root / "floor.sqlite3"))
        assert floor["rows"] == size, floor
        ours, theirs = size / govsm["seconds"], size / floor["seconds"]
        print(
            f"{name:>9} {size:>10,} {ours:>10,.0f} {theirs:>10,.0f} {ours / theirs:>6.3f} "
            f"{govsm['seconds']:>8.1f} {govsm['rss_kib'] / 1024:>9.1f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--x", type=int, nargs="*", default=[1_000_000], help="tweets")
    parser.add_argument("--mastodon", type=int, nargs="*", default=[1_000_000], help="statuses")
    args = parser.parse_args()
    print(
        f"{'archive':>9} {'messages':>10} {'govsm/s':>10} {'floor/s':>10} {'ratio':>6} "
        f"{'govsm s':>8} {'peak MiB':>9}"
    )
    for size in args.x:
        measure("x", size, lambda path, n: import_x_archive.make_archive(path, n, 1))
    for size in args.mastodon:
        measure(
            "mastodon", size, lambda path, n: import_mastodon_archive.make_archive(path, n, False)
        )


if __name__ == "__main__":
    main()
