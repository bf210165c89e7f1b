"""Importing a Bluesky repository export: records per second and peak memory.

Run from the plugin's folder::

    python -m bluesky_archive_tests.benchmark                       # 100,000 posts
    python -m bluesky_archive_tests.benchmark --posts 10000 100000 --keep /tmp/repo.car

Each size gets a repository built as atproto builds it (:mod:`bluesky_archive_tests.builder`):
a fictional council's posts — plain, with a link, a mention and a hashtag, replies, quotes,
photos with alt text — one repost for every ten posts and as many likes as posts (records the
importer walks past), its Merkle search tree and signed commit, written as a CAR v1. Each
measurement runs in a fresh process, which reports its own peak resident memory (``VmHWM``,
which a new program starts afresh, unlike ``ru_maxrss``) and the CPU time it spent:

* **baseline**: govsm and the plugin imported, the file opened — what any reading costs;
* **index**: the header read and the file gone through once, noting where each block is;
* **import**: the importer itself (:func:`govsm_bluesky_archive.reader.read_in_context`),
  every post and repost made a message with its record and the record's SHA-256.

The importer never holds the file: its memory above the baseline is the index of blocks (one
integer per block) and the set of the tree's nodes already walked, plus one record at a time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bluesky_archive_tests.builder import (
    BIBLIOTECA,
    DID,
    POST,
    REPOST,
    VECINA,
    Link,
    Mention,
    Repository,
    Tag,
    blob,
    rich_text,
    stamp,
    strong_ref,
    tid,
)

WORDS = ["tall", "d'aigua", "carrer", "Major", "ple", "dijous", "biblioteca", "mercat"]


def repository(posts: int) -> Repository:
    """A repository of ``posts`` posts of every shape, reposts and likes."""
    repo = Repository()
    start = datetime(2020, 1, 1, tzinfo=UTC)
    parent = f"at://{VECINA}/{POST}/3lbvecinapre2"
    quoted = f"at://{BIBLIOTECA}/{POST}/3lbbiblioteca"
    for number in range(posts):
        moment = start + timedelta(seconds=61 * number)
        words = " ".join(WORDS[(number + i) % len(WORDS)] for i in range(12))
        text, facets = rich_text(
            f"Avís {number}: {words} ",
            Link("soldeneu.example/avisos/…", f"https://www.soldeneu.example/avisos/{number}"),
            " ",
            Mention("vecina.bsky.social", VECINA),
            " ",
            Tag("Soldeneu"),
        )
        record: dict[str, object] = {
            "$type": POST,
            "text": text,
            "facets": facets,
            "createdAt": stamp(moment),
            "langs": ["ca"],
        }
        shape = number % 4
        if shape == 1:
            record["reply"] = {"root": strong_ref(parent), "parent": strong_ref(parent)}
        elif shape == 2:
            record["embed"] = {"$type": "app.bsky.embed.record", "record": strong_ref(quoted)}
        elif shape == 3:
            record["embed"] = {
                "$type": "app.bsky.embed.images",
                "images": [{"image": blob(f"foto-{number}"), "alt": "Plaça Major en obres"}],
            }
        repo.records[f"{POST}/{tid(moment, number % 1024)}"] = record
        like = {
            "$type": "app.bsky.feed.like",
            "subject": strong_ref(quoted),
            "createdAt": stamp(moment),
        }
        repo.records[f"app.bsky.feed.like/{tid(moment, (number + 1) % 1024)}"] = like
        if number % 10 == 0:
            repost = {"$type": REPOST, "subject": strong_ref(quoted), "createdAt": stamp(moment)}
            repo.records[f"{REPOST}/{tid(moment, (number + 2) % 1024)}"] = repost
    return repo


_MEASURE = """
import json, sys, time
from pathlib import Path
from govsm.spec import ImportContext, Imported, Limits
from govsm.model import Profile
from govsm_bluesky_archive.car import index_blocks, read_header
from govsm_bluesky_archive.reader import read_in_context
path, mode, did = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
profile = Profile(organisation="ajuntament-soldeneu", id="bluesky-ajuntament", channel="bluesky",
                  handle="ajsoldeneu.bsky.social", unit="comunicacio",
                  url=f"https://bsky.app/profile/{did}")
began, cpu = time.perf_counter(), time.process_time()
count = 0
problems = 0
with path.open("rb") as stream:
    if mode == "index":
        count = len(index_blocks(stream, read_header(stream, str(path)), str(path)).index)
if mode == "import":
    context = ImportContext("ajuntament-soldeneu", Limits(), (profile,))
    for item in read_in_context(path, context):
        if isinstance(item, Imported):
            item.sha256
            count += 1
        else:
            problems += 1
seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
status = Path("/proc/self/status").read_text().split("VmHWM:")[1]
peak = int(status.split()[0]) * 1024
print(json.dumps({"count": count, "problems": problems, "seconds": seconds, "cpu": cpu,
                  "peak": peak}))
"""


def measure(path: Path, mode: str) -> dict[str, float]:
    """One measurement in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), mode, DID],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    """Build each size, measure it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[100_000])
    parser.add_argument("--keep", type=Path, help="where to keep the last CAR built")
    options = parser.parse_args()
    mib = 1024 * 1024
    for posts in options.posts:
        with tempfile.TemporaryDirectory() as folder:
            path = options.keep or Path(folder) / "repo.car"
            began = time.perf_counter()
            repo = repository(posts)
            blocks = repo.write(path)
            built = time.perf_counter() - began
            del repo
            size = blocks.stat().st_size
            base, index, full = (measure(path, mode) for mode in ("baseline", "index", "import"))
            print(
                f"{posts:>9,} posts: CAR {size / mib:.1f} MiB (built in {built:.1f} s), "
                f"{int(index['count']):,} blocks\n"
                f"  baseline: peak RSS {base['peak'] / mib:.1f} MiB\n"
                f"  index:    {index['seconds']:.2f} s ({index['cpu']:.2f} s of CPU), peak RSS {index['peak'] / mib:.1f} MiB "
                f"(+{(index['peak'] - base['peak']) / mib:.1f})\n"
                f"  import:   {full['seconds']:.2f} s ({full['cpu']:.2f} s of CPU) for "
                f"{int(full['count']):,} messages ({full['count'] / full['cpu']:,.0f} per CPU "
                f"second), {int(full['problems'])} problems, "
                f"peak RSS {full['peak'] / mib:.1f} MiB (+{(full['peak'] - base['peak']) / mib:.1f})"
            )


if __name__ == "__main__":
    main()
