"""Importing X's archive (govsm-x-archive): messages per second and peak memory, as N grows.

    python benchmarks/import_x_archive.py                        # 1,000,000 tweets
    python benchmarks/import_x_archive.py --tweets 100000 1000000
    python benchmarks/import_x_archive.py --tweets 1000000 --parts 4 --keep /tmp/x.zip

Each size gets an archive in X's layout (``data/account.js``, ``data/tweets.js`` split over
``--parts`` files, ``data/note-tweet.js``), with a fictional council's replies, photo posts,
quotes, reposts, escaped text, emoji and one long post in a thousand. Each measurement runs in
a fresh process, which reports its own peak RSS (``ru_maxrss``):

* **baseline**: govsm and the plugin imported, the archive opened — what any reading costs;
* **items**: the ``window.YTD`` items cut out and parsed, nothing more (the floor);
* **import**: the importer itself, every tweet made a message with X's record and its SHA-256.

The importer streams: its peak RSS above the baseline must not grow with N.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

EPOCH_MS = 1_288_834_974_657
START = datetime(2015, 1, 1, tzinfo=UTC)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: (kind, text with __TCO__ for its link, display end marker, extra fields)
SHAPES = [
    ("post", "Corte de tráfico en la calle Mayor mañana de 8:00 a 14:00 por obras. Disculpen."),
    ("escaped", "Teatro &amp; música en la plaza este sábado. #FiestasValdemora ¡Os esperamos!"),
    ("reply", "@vecina_sanroque @AMPA_Cervantes Gracias por avisar: la farola ya está arreglada."),
    ("photo", "Abre la nueva biblioteca municipal del barrio de San Roque. __TCO__"),
    ("quote", "Mirad lo que ha preparado la biblioteca para este sábado 👇 __TCO__"),
    ("repost", "RT @BiblioValdemora: Cuentacuentos en la biblioteca el sábado a las 11:00."),
    ("emoji", "Inscripciones abiertas 🎉🏃 __TCO__"),
]


def x_date(moment: datetime) -> str:
    return (
        f"{WEEKDAYS[moment.weekday()]} {MONTHS[moment.month - 1]} {moment.day:02d} "
        f"{moment:%H:%M:%S} +0000 {moment.year}"
    )


def template(kind: str, text: str) -> str:
    """One tweet of ``kind`` as X pretty-prints it, with __ID__, __DATE__ and __TCO__ to fill."""
    tweet: dict[str, object] = {
        "edit_info": {"initial": {"editTweetIds": ["__ID__"], "editsRemaining": "5"}},
        "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
        "display_text_range": ["0", "__END__"],
        "favorite_count": "3",
        "id_str": "__ID__",
        "truncated": False,
        "retweet_count": "1",
        "id": "__ID__",
        "created_at": "__DATE__",
        "favorited": False,
        "full_text": text,
        "lang": "es",
    }
    entities = tweet["entities"]
    assert isinstance(entities, dict)
    link_at = text.find("__TCO__")
    shown_end = (
        link_at - 1 if kind in ("photo", "quote") else len(text.replace("__TCO__", "x" * 23))
    )
    if kind == "reply":
        tweet["display_text_range"] = ["33", str(len(text))]
        tweet["in_reply_to_status_id_str"] = "1500000000000000100"
        tweet["in_reply_to_screen_name"] = "vecina_sanroque"
    else:
        tweet["display_text_range"] = ["0", str(shown_end)]
    if kind == "quote":
        entities["urls"] = [
            {
                "url": "__TCO__",
                "expanded_url": "https://twitter.com/BiblioValdemora/status/1500000000000000200",
                "display_url": "twitter.com/BiblioValdemo…",
                "indices": [str(link_at), str(link_at + 23)],
            }
        ]
    if kind == "emoji":
        entities["urls"] = [
            {
                "url": "__TCO__",
                "expanded_url": "https://valdemora.example/carrera",
                "display_url": "valdemora.example/carrera",
                "indices": [str(link_at), str(link_at + 23)],
            }
        ]
    if kind == "photo":
        media = {
            "expanded_url": "https://twitter.com/AytoValdemora/status/__ID__/photo/1",
            "indices": [str(link_at), str(link_at + 23)],
            "url": "__TCO__",
            "media_url_https": "https://pbs.twimg.com/media/__ID__.jpg",
            "id_str": "__ID__",
            "type": "photo",
            "ext_alt_text": "Fachada de la biblioteca con el cartel de apertura",
        }
        entities["media"] = [media]
        tweet["extended_entities"] = {"media": [media]}
    body = json.dumps({"tweet": tweet}, indent=2, separators=(",", " : "), ensure_ascii=False)
    return body.replace('"__END__"', '"' + str(shown_end) + '"')


def make_archive(path: Path, tweets: int, parts: int) -> tuple[float, int]:
    """Write an archive of ``tweets`` tweets; the seconds it took and its size."""
    started = time.perf_counter()
    rng = random.Random(2026)
    templates = [(kind, template(kind, text)) for kind, text in SHAPES]
    long_text = (
        "Presupuestos participativos: podéis presentar propuestas hasta abril. " * 6
    ).strip()
    long_template = template("post", long_text[:275] + "…")
    notes: list[dict[str, object]] = []
    per_part = -(-tweets // parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        account = {"account": {"username": "AytoValdemora", "accountId": "1400000000000000001"}}
        archive.writestr("data/account.js", f"window.YTD.account.part0 = [{json.dumps(account)}]")
        written = 0
        for part in range(parts):
            name = "data/tweets.js" if part == 0 else f"data/tweets-part{part}.js"
            with archive.open(name, "w", force_zip64=True) as member:
                member.write(f"window.YTD.tweets.part{part} = [\n".encode())
                for number in range(min(per_part, tweets - written)):
                    moment = START + timedelta(seconds=37 * written)
                    identifier = str(((int(moment.timestamp() * 1000) - EPOCH_MS) << 22) | 1)
                    if written % 1000 == 999:
                        body = long_template
                        created = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
                        notes.append(
                            {
                                "noteTweet": {
                                    "noteTweetId": identifier[:-1] + "7",
                                    "createdAt": created,
                                    "core": {"text": long_text},
                                }
                            }
                        )
                    else:
                        body = templates[written % len(templates)][1]
                    code = "".join(rng.choices("abcdefghijkLMNOPQRS0123456789", k=10))
                    body = (
                        body.replace("__ID__", identifier)
                        .replace("__DATE__", x_date(moment))
                        .replace("__TCO__", f"https://t.co/{code}")
                    )
                    member.write(((",\n" if number else "") + body).encode())
                    written += 1
                member.write(b"\n]")
        archive.writestr("data/note-tweet.js", "window.YTD.note_tweet.part0 = " + json.dumps(notes))
    return time.perf_counter() - started, path.stat().st_size


CHILD = r"""
import hashlib, json, resource, sys, time
from pathlib import Path
from govsm.spec import ImportContext, Imported, ImportProblem
import govsm_x_archive
from govsm.reading.archive_members import open_archive
from govsm_x_archive.layout import find_layout
from govsm_x_archive.ytd import ytd_items

mode, path = sys.argv[1], Path(sys.argv[2])
started = time.perf_counter()
count = problems = 0
if mode == "baseline":
    with open_archive(path) as archive:
        find_layout(archive.names())
elif mode == "items":
    with open_archive(path) as archive:
        for member in find_layout(archive.names()).tweets:
            with archive.open(member) as stream:
                for item in ytd_items(stream, "a", member):
                    count += 1
else:
    digest = hashlib.sha256()
    for item in govsm_x_archive.read_in_context(path, ImportContext("ayto-valdemora")):
        if isinstance(item, Imported):
            count += 1
            digest.update(bytes.fromhex(item.sha256))
        elif isinstance(item, ImportProblem):
            problems += 1
elapsed = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"count": count, "problems": problems, "seconds": elapsed, "rss_kib": rss}))
"""


def measure(mode: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path)], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tweets", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--parts", type=int, default=1, help="tweets files (tweets-partN.js)")
    parser.add_argument("--keep", type=Path, help="write the archive here and keep it")
    args = parser.parse_args()
    print(
        f"{'tweets':>10} {'archive':>9} {'items/s':>10} {'import/s':>10} "
        f"{'import s':>9} {'base MiB':>9} {'peak MiB':>9} {'above':>7}"
    )
    for tweets in args.tweets:
        path = args.keep or Path(f"/tmp/govsm-bench-x-{tweets}.zip")
        made, size = make_archive(path, tweets, args.parts)
        try:
            baseline = measure("baseline", path)
            items = measure("items", path)
            imported = measure("import", path)
        finally:
            if args.keep is None:
                path.unlink()
        assert imported["count"] == tweets, imported
        assert imported["problems"] == 0, imported
        base, peak = baseline["rss_kib"] / 1024, imported["rss_kib"] / 1024
        print(
            f"{tweets:>10,} {size / 2**20:>7.0f}Mi {items['count'] / items['seconds']:>10,.0f} "
            f"{tweets / imported['seconds']:>10,.0f} {imported['seconds']:>9.1f} "
            f"{base:>9.1f} {peak:>9.1f} {peak - base:>7.1f}",
            flush=True,
        )
        print(f"{'':>10} (archive written in {made:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
