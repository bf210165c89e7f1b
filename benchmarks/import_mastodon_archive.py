"""Importing Mastodon's archive (govsm-mastodon-archive): statuses per second and peak memory.

    python benchmarks/import_mastodon_archive.py                        # 1,000,000 statuses
    python benchmarks/import_mastodon_archive.py --items 100000 1000000
    python benchmarks/import_mastodon_archive.py --items 100000 --tar --keep /tmp/m.tar.gz

Each size gets an archive in Mastodon's layout (``outbox.json`` written as Mastodon 4.x writes
it, ``actor.json``, ``likes.json``, ``bookmarks.json``; ``--tar`` for an older server's
``.tar.gz``), with a fictional council's posts behind content warnings, replies mentioning
people on other servers, direct messages, boosts, photo posts with alt text, long links, escaped
text and quotes. Each measurement runs in a fresh process, which reports its own peak RSS
(``ru_maxrss``):

* **baseline**: govsm and the plugin imported, the archive opened — what any reading costs;
* **items**: ``outbox.json``'s items cut out and parsed, nothing more (the floor);
* **import**: the importer itself, every status made a message with Mastodon's record and its
  SHA-256.

The importer streams: its peak RSS above the baseline must not grow with N.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import tarfile
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

HOST = "social.valdemora.example"
ACTOR = f"https://{HOST}/users/ayuntamiento"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
START = datetime(2019, 1, 1, tzinfo=UTC)
WORDS = [
    "corte",
    "agua",
    "calle",
    "Mayor",
    "obras",
    "pleno",
    "jueves",
    "biblioteca",
    "mercado",
    "fiestas",
    "vecinos",
    "barrio",
    "presupuestos",
    "propuestas",
    "alumbrado",
    "farola",
    "parque",
    "polideportivo",
    "inscripciones",
    "abiertas",
    "horario",
    "ampliado",
    "aviso",
    "tráfico",
    "autobús",
    "línea",
    "parada",
    "recogida",
    "residuos",
    "cultura",
    "teatro",
]


def link(url: str) -> str:
    """A link as Mastodon's TextFormatter shortens it."""
    head = "https://www." if url.startswith("https://www.") else "https://"
    rest = url[len(head) :]
    shown, tail = rest[:30], rest[30:]
    return (
        f'<a href="{url}" target="_blank" rel="nofollow noopener" translate="no">'
        f'<span class="invisible">{head}</span><span class="{"ellipsis" if tail else ""}">'
        f'{shown}</span><span class="invisible">{tail}</span></a>'
    )


def mention(user: str, host: str) -> str:
    return (
        f'<span class="h-card" translate="no"><a href="https://{host}/@{user}" '
        f'class="u-url mention">@<span>{user}</span></a></span>'
    )


#: (shape, HTML with __WORDS__ for random words, extra Note fields)
SHAPES: list[tuple[str, str]] = [
    (
        "warning",
        '<p>__WORDS__ <a href="https://social.valdemora.example/tags/obras" '
        'class="mention hashtag" rel="tag">#<span>Obras</span></a></p>',
    ),
    (
        "reply",
        f"<p>{mention('vecina_sanroque', 'otra.example')} "
        f"{mention('ampa_cervantes', 'escuelas.example')} __WORDS__</p>",
    ),
    ("direct", f"<p>{mention('vecina_sanroque', 'otra.example')} __WORDS__</p>"),
    ("boost", ""),
    ("photo", "<p>__WORDS__</p>"),
    (
        "link",
        "<p>__WORDS__ "
        + link("https://www.valdemora.example/participa/presupuestos-2024/propuestas?b=1")
        + "</p>",
    ),
    (
        "entities",
        "<p>Temperaturas &lt;5 °C &amp; __WORDS__ &quot;ojo&quot; al &#39;calor&#39;"
        "</p><p>Segunda línea<br />y tercera 🌡️</p>",
    ),
    (
        "quote",
        '<p class="quote-inline">RE: '
        + link("https://cultura.example/@biblioteca/111999000000000001")
        + "</p><p>__WORDS__</p>",
    ),
]


def template(shape: str, html: str) -> str:
    """One activity of ``shape`` as Mastodon writes it, with __ID__, __DATE__, __WORDS__…"""
    address = f"{ACTOR}/statuses/__ID__"
    if shape == "boost":
        activity: dict[str, object] = {
            "id": f"{address}/activity",
            "type": "Announce",
            "actor": ACTOR,
            "published": "__DATE__",
            "to": [PUBLIC],
            "cc": ["https://cultura.example/users/biblioteca", f"{ACTOR}/followers"],
            "object": "https://cultura.example/users/biblioteca/statuses/__RND__",
        }
        return json.dumps(activity, ensure_ascii=False, separators=(",", ":"))
    mentioned = ["https://otra.example/users/vecina_sanroque"]
    to, cc = ([PUBLIC], [f"{ACTOR}/followers"])
    if shape == "direct":
        to, cc = mentioned, []
    elif shape == "reply":
        cc = [*cc, *mentioned, "https://escuelas.example/users/ampa_cervantes"]
    note: dict[str, object] = {
        "id": address,
        "type": "Note",
        "summary": "Obras y cortes de tráfico" if shape == "warning" else None,
        "inReplyTo": "https://otra.example/users/vecina_sanroque/statuses/__RND__"
        if shape in ("reply", "direct")
        else None,
        "published": "__DATE__",
        "url": f"https://{HOST}/@ayuntamiento/__ID__",
        "attributedTo": ACTOR,
        "to": to,
        "cc": cc,
        "sensitive": shape == "warning",
        "atomUri": address,
        "inReplyToAtomUri": None,
        "conversation": f"tag:{HOST},2019-01-01:objectId=__ID__:objectType=Conversation",
        "content": html,
        "contentMap": {"es": html},
        "attachment": [
            {
                "type": "Document",
                "mediaType": "image/jpeg",
                "url": "media_attachments/files/__RND__/original/__CODE__.jpg",
                "name": "Fachada de la biblioteca con el cartel de apertura",
                "blurhash": "U__CODE__",
                "focalPoint": [0.0, 0.0],
                "width": 1600,
                "height": 1200,
            }
        ]
        if shape == "photo"
        else [],
        "tag": [],
        "replies": {
            "id": f"{address}/replies",
            "type": "Collection",
            "first": {
                "type": "CollectionPage",
                "next": f"{address}/replies?only_other_accounts=true&page=true",
                "partOf": f"{address}/replies",
                "items": [],
            },
        },
        "likes": {"id": f"{address}/likes", "type": "Collection", "totalItems": 3},
        "shares": {"id": f"{address}/shares", "type": "Collection", "totalItems": 1},
        "interactionPolicy": {"canQuote": {"automaticApproval": [PUBLIC]}},
    }
    if shape == "quote":
        quoted = "https://cultura.example/users/biblioteca/statuses/111999000000000001"
        note.update({"quote": quoted, "_misskey_quote": quoted, "quoteUri": quoted})
    activity = {
        "id": f"{address}/activity",
        "type": "Create",
        "actor": ACTOR,
        "published": "__DATE__",
        "to": to,
        "cc": cc,
        "object": note,
    }
    text = json.dumps(activity, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)  # Rails' to_json
    return text


def write_outbox(member: IO[bytes], items: int) -> int:
    """Write ``outbox.json`` with ``items`` statuses; the bytes written."""
    rng = random.Random(2026)
    written = 0

    def write(data: bytes) -> None:
        nonlocal written
        member.write(data)
        written += len(data)

    templates = [template(shape, html) for shape, html in SHAPES]
    write(
        b'{"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1"],'
        b'"id":"outbox.json","type":"OrderedCollection","totalItems":'
        + str(items).encode()
        + b',"orderedItems":['
    )
    batch: list[str] = []
    for number in range(items):
        moment = START + timedelta(seconds=53 * number)
        identifier = (int(moment.timestamp() * 1000) << 16) | rng.getrandbits(16)
        words = " ".join(rng.choices(WORDS, k=rng.randint(8, 30)))
        body = (
            templates[number % len(templates)]
            .replace("__ID__", str(identifier))
            .replace("__DATE__", moment.isoformat().replace("+00:00", "Z"))
            .replace("__WORDS__", words)
            .replace("__RND__", str(rng.getrandbits(60)))
            .replace("__CODE__", f"{rng.getrandbits(64):016x}")
        )
        batch.append(body)
        if len(batch) == 1000:
            write(("," if number >= 1000 else "").encode() + ",".join(batch).encode())
            batch = []
    if batch:
        write(("," if items > len(batch) else "").encode() + ",".join(batch).encode())
    write(b"]}")
    return written


def actor() -> bytes:
    record = {
        "id": ACTOR,
        "type": "Person",
        "followers": f"{ACTOR}/followers",
        "preferredUsername": "ayuntamiento",
        "url": f"https://{HOST}/@ayuntamiento",
        "outbox": "outbox.json",
    }
    return json.dumps(record).encode()


def make_archive(path: Path, items: int, tar: bool) -> tuple[float, int, int]:
    """Write an archive of ``items`` statuses; the seconds it took, its size and the outbox's."""
    started = time.perf_counter()
    collections = b'{"id":"likes.json","type":"OrderedCollection","orderedItems":[]}'
    if tar:
        outbox = path.with_suffix(".outbox.tmp")
        with outbox.open("wb") as member:
            outbox_size = write_outbox(member, items)
        with tarfile.open(path, "w:gz", compresslevel=1) as archive:
            archive.add(outbox, "outbox.json")
            for name, content in (("likes.json", collections), ("actor.json", actor())):
                info = tarfile.TarInfo(name)
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))
        outbox.unlink()
    else:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            with archive.open("outbox.json", "w", force_zip64=True) as member:
                outbox_size = write_outbox(member, items)
            archive.writestr("likes.json", collections)
            archive.writestr("bookmarks.json", collections)
            archive.writestr("actor.json", actor())
    return time.perf_counter() - started, path.stat().st_size, outbox_size


CHILD = r"""
import hashlib, json, resource, sys, time
from pathlib import Path
from govsm.spec import ImportContext, Imported, ImportProblem
import govsm_mastodon_archive
from govsm.reading.archive_members import open_archive
from govsm_mastodon_archive.layout import find_layout
from govsm_mastodon_archive.json_stream import ordered_items

mode, path = sys.argv[1], Path(sys.argv[2])
started = time.perf_counter()
count = problems = 0
if mode == "baseline":
    with open_archive(path) as archive:
        find_layout(archive.names())
elif mode == "items":
    with open_archive(path) as archive:
        member = find_layout(archive.names()).outbox
        with archive.open(member) as stream:
            for item in ordered_items(stream, "a", member):
                count += 1
else:
    digest = hashlib.sha256()
    for item in govsm_mastodon_archive.read_in_context(path, ImportContext("ayto-valdemora")):
        if isinstance(item, Imported):
            count += 1
            digest.update(bytes.fromhex(item.sha256))
        elif isinstance(item, ImportProblem):
            problems += 1
            print(item, file=sys.stderr)
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
    parser.add_argument("--items", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--tar", action="store_true", help="an older server's .tar.gz")
    parser.add_argument("--keep", type=Path, help="write the archive here and keep it")
    args = parser.parse_args()
    suffix = ".tar.gz" if args.tar else ".zip"
    print(
        f"{'statuses':>10} {'archive':>9} {'outbox':>9} {'items/s':>10} {'import/s':>10} "
        f"{'import s':>9} {'base MiB':>9} {'peak MiB':>9} {'above':>7}"
    )
    for items in args.items:
        path = args.keep or Path(f"/tmp/govsm-bench-mastodon-{items}{suffix}")
        made, size, outbox = make_archive(path, items, args.tar)
        try:
            baseline = measure("baseline", path)
            parsed = measure("items", path)
            imported = measure("import", path)
        finally:
            if args.keep is None:
                path.unlink()
        assert imported["count"] == items, imported
        assert imported["problems"] == 0, imported
        base, peak = baseline["rss_kib"] / 1024, imported["rss_kib"] / 1024
        print(
            f"{items:>10,} {size / 2**20:>7.0f}Mi {outbox / 2**20:>7.0f}Mi "
            f"{parsed['count'] / parsed['seconds']:>10,.0f} "
            f"{items / imported['seconds']:>10,.0f} {imported['seconds']:>9.1f} "
            f"{base:>9.1f} {peak:>9.1f} {peak - base:>7.1f}",
            flush=True,
        )
        print(f"{'':>10} (archive written in {made:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
