"""Bluesky repositories for the tests, built as atproto builds them and written as CAR v1.

A repository (https://atproto.com/specs/repository) is records (DAG-CBOR) under paths
``<collection>/<record key>``, a Merkle search tree mapping each path to its record's CID, and a
version 3 commit — ``did``, ``version``, ``data`` (the tree's root), ``rev``, ``prev``, ``sig``
— signed with the account's secp256k1 key (low-S ECDSA over the SHA-256 of the unsigned
commit's DAG-CBOR). Every block is encoded with libipld's DAG-CBOR encoder and named by a CIDv1
(dag-cbor, sha-256). The CAR is a varint-prefixed header ``{"version": 1, "roots": [commit]}``
and varint-prefixed blocks (CID and bytes), in the order the reference PDS writes them: the
commit, then the tree depth first, each node before what it points to.

The council's repository (:func:`council_repository`) has one record of each kind the importer
reads, and records it does not read (its profile, a like, a follow). All of it is fictional.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import libipld
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

#: the council's account and its neighbours' (fictional did:plc identifiers)
DID = "did:plc:soldeneuajuntamentbsky23"
VECINA = "did:plc:vecinasoldeneuplacamajor"
BIBLIOTECA = "did:plc:bibliotecasoldeneullibre"
#: the council's handle (not in the repository: in its DID document)
HANDLE = "ajsoldeneu.bsky.social"

POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"

_TID_DIGITS = "234567abcdefghijklmnopqrstuvwxyz"
_SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
#: the council's signing key (fictional, for the tests)
SIGNING_KEY = ec.derive_private_key(0x50_1DE_0E0_A1_75_2024, ec.SECP256K1())


def cid_of(data: bytes) -> bytes:
    """The CIDv1 (dag-cbor, sha-256) of a block, as raw bytes."""
    return b"\x01\x71\x12\x20" + hashlib.sha256(data).digest()


def cid_text(cid: bytes) -> str:
    """A CID in base32, as people read it."""
    return libipld.encode_cid(cid)


def varint(value: int) -> bytes:
    """An unsigned LEB128 varint."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def tid(moment: datetime, clock: int = 0) -> str:
    """The TID record key of a moment (microseconds since 1970, then a 10-bit clock id)."""
    micros = (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    value = (micros << 10) | clock
    return "".join(_TID_DIGITS[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def stamp(moment: datetime) -> str:
    """A ``createdAt`` as Bluesky's app writes it."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def layer(key: bytes) -> int:
    """A key's layer in the tree: the leading zero bits of its SHA-256, halved."""
    digest = int.from_bytes(hashlib.sha256(key).digest(), "big")
    return (256 - digest.bit_length()) // 2


def key_of_layer(level: int, collection: str = POST, after: str = "") -> bytes:
    """The first path of ``collection`` after ``after`` whose key is of layer ``level``."""
    number = 0
    while True:
        key = f"{collection}/3l{number:011d}".encode()
        if layer(key) == level and key.decode() > after:
            return key
        number += 1


# --- the text of a post, with its facets --------------------------------------------------


@attrs.frozen
class Link:
    """A link as Bluesky's app writes it: its address shortened in the text, whole in a facet."""

    shown: str
    uri: str


@attrs.frozen
class Mention:
    """``@handle`` in the text, the account's DID in a facet."""

    handle: str
    did: str


@attrs.frozen
class Tag:
    """``#tag`` in the text, the tag in a facet."""

    tag: str


def rich_text(*parts: str | Link | Mention | Tag) -> tuple[str, list[dict[str, Any]]]:
    """A post's text and its facets (byte ranges in the UTF-8 text)."""
    text = b""
    facets: list[dict[str, Any]] = []
    for part in parts:
        if isinstance(part, str):
            text += part.encode()
            continue
        if isinstance(part, Link):
            shown, feature = part.shown, {"$type": "app.bsky.richtext.facet#link", "uri": part.uri}
        elif isinstance(part, Mention):
            shown = f"@{part.handle}"
            feature = {"$type": "app.bsky.richtext.facet#mention", "did": part.did}
        else:
            shown, feature = (
                f"#{part.tag}",
                {"$type": "app.bsky.richtext.facet#tag", "tag": part.tag},
            )
        start = len(text)
        text += shown.encode()
        facets.append(
            {
                "$type": "app.bsky.richtext.facet",
                "index": {"byteStart": start, "byteEnd": len(text)},
                "features": [feature],
            }
        )
    return text.decode(), facets


def blob(seed: str, mime: str = "image/jpeg", size: int = 245_871) -> dict[str, Any]:
    """A blob reference as a record holds it (the file is not in the repository)."""
    return {
        "$type": "blob",
        "ref": b"\x01\x55\x12\x20" + hashlib.sha256(seed.encode()).digest(),
        "mimeType": mime,
        "size": size,
    }


def strong_ref(uri: str) -> dict[str, Any]:
    """A ``com.atproto.repo.strongRef`` to a record of another repository."""
    return {"uri": uri, "cid": cid_text(cid_of(uri.encode()))}


# --- the repository -----------------------------------------------------------------------


@attrs.define
class Repository:
    """An account's repository: records by path, then its tree, its commit, its CAR."""

    did: str = DID
    records: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    clock: datetime = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)

    def _next(self, at: datetime | None) -> datetime:
        self.clock = at or self.clock + timedelta(minutes=37, seconds=11)
        return self.clock

    def add(self, collection: str, record: dict[str, Any], rkey: str | None = None) -> str:
        """Add a record; its AT URI."""
        rkey = rkey or tid(self._next(None), len(self.records) % 1024)
        record = {"$type": collection, **record}
        self.records[f"{collection}/{rkey}"] = record
        return f"at://{self.did}/{collection}/{rkey}"

    def post(
        self,
        *parts: str | Link | Mention | Tag,
        langs: list[str] | None = None,
        at: datetime | None = None,
        **extra: Any,
    ) -> str:
        """Add a post; its AT URI."""
        moment = self._next(at)
        text, facets = rich_text(*parts)
        record: dict[str, Any] = {"text": text, "createdAt": stamp(moment)}
        if facets:
            record["facets"] = facets
        if langs is not None:
            record["langs"] = langs
        record.update(extra)
        return self.add(POST, record, tid(moment, len(self.records) % 1024))

    def repost(self, subject: str) -> str:
        """Add a repost of the post ``subject``; its AT URI."""
        moment = self._next(None)
        record = {"subject": strong_ref(subject), "createdAt": stamp(moment)}
        return self.add(REPOST, record, tid(moment, len(self.records) % 1024))

    def record_blocks(self) -> dict[str, tuple[bytes, bytes]]:
        """Each record's CID and DAG-CBOR, by path."""
        found = {}
        for key, record in self.records.items():
            data = libipld.encode_dag_cbor(record)
            found[key] = (cid_of(data), data)
        return found

    def tree(self, values: dict[str, bytes]) -> tuple[bytes, list[tuple[bytes, bytes]]]:
        """The tree mapping each path to ``values[path]``: its root and its nodes (depth first)."""
        entries = sorted((key.encode(), cid) for key, cid in values.items())
        top = max((layer(key) for key, _ in entries), default=0)
        nodes: list[tuple[bytes, bytes]] = []
        root = build_node(entries, top, nodes)
        return root, nodes

    def commit(self, data: bytes, rev: str = "3lbsoldeneu22") -> tuple[bytes, bytes]:
        """The signed version 3 commit of the tree ``data``: its CID and DAG-CBOR."""
        unsigned = {"did": self.did, "version": 3, "data": data, "rev": rev, "prev": None}
        digest = libipld.encode_dag_cbor(unsigned)
        r, s = decode_dss_signature(
            SIGNING_KEY.sign(digest, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
        )
        s = min(s, _SECP256K1_ORDER - s)  # low-S, as atproto requires
        signed = {**unsigned, "sig": r.to_bytes(32, "big") + s.to_bytes(32, "big")}
        block = libipld.encode_dag_cbor(signed)
        return cid_of(block), block

    def blocks(self) -> tuple[bytes, list[tuple[bytes, bytes]]]:
        """The commit's CID, and every block in the order the CAR holds them."""
        records = self.record_blocks()
        root, nodes = self.tree({key: cid for key, (cid, _) in records.items()})
        commit_cid, commit = self.commit(root)
        by_cid = dict(records.values())
        ordered: list[tuple[bytes, bytes]] = [(commit_cid, commit)]
        for cid, data in nodes:
            ordered.append((cid, data))
            for entry in libipld.decode_dag_cbor(data)["e"]:
                if entry["v"] in by_cid:
                    ordered.append((entry["v"], by_cid.pop(entry["v"])))
        return commit_cid, ordered

    def car(self, **options: Any) -> bytes:
        """The repository as a CAR v1 file (see :func:`write_car` for the options)."""
        root, blocks = self.blocks()
        return write_car([root], blocks, **options)

    def write(self, path: Path, **options: Any) -> Path:
        """Write the repository's CAR to ``path``."""
        path.write_bytes(self.car(**options))
        return path


def build_node(
    entries: list[tuple[bytes, bytes]], level: int, nodes: list[tuple[bytes, bytes]]
) -> bytes:
    """The node of layer ``level`` holding ``entries`` (each of that layer or below).

    Keys of lower layers go to subtrees one layer down, which may be empty intermediate nodes
    (only ``l``), as atproto keeps them. Nodes are added to ``nodes`` parent first.
    """
    here = len(nodes)
    nodes.append((b"", b""))  # the parent's place, before its subtrees
    left: bytes | None = None
    kept: list[list[Any]] = []
    run: list[tuple[bytes, bytes]] = []

    def close_run() -> bytes | None:
        return build_node(run, level - 1, nodes) if run else None

    for key, value in entries:
        if layer(key) == level:
            below = close_run()
            if kept:
                kept[-1][2] = below
            else:
                left = below
            kept.append([key, value, None])
            run = []
        else:
            run.append((key, value))
    below = close_run()
    if kept:
        kept[-1][2] = below
    else:
        left = below
    encoded: list[dict[str, Any]] = []
    previous = b""
    for key, value, right in kept:
        shared = 0
        while shared < min(len(key), len(previous)) and key[shared] == previous[shared]:
            shared += 1
        encoded.append({"p": shared, "k": key[shared:], "v": value, "t": right})
        previous = key
    data = libipld.encode_dag_cbor({"l": left, "e": encoded})
    cid = cid_of(data)
    nodes[here] = (cid, data)
    return cid


def write_car(
    roots: list[bytes],
    blocks: Iterable[tuple[bytes, bytes]],
    *,
    shuffle: int | None = None,
    header: dict[str, Any] | None = None,
) -> bytes:
    """A CAR v1 file: its header, then each block (varint length, CID, bytes).

    :param shuffle: a seed to write the blocks in a random order (atproto sets none).
    :param header: another header to write.
    """
    listed = list(blocks)
    if shuffle is not None:
        random.Random(shuffle).shuffle(listed)
    head = libipld.encode_dag_cbor(header or {"version": 1, "roots": roots})
    out = [varint(len(head)), head]
    for cid, data in listed:
        out += [varint(len(cid) + len(data)), cid, data]
    return b"".join(out)


def block_places(car: bytes) -> Iterator[tuple[int, bytes, int, int]]:
    """Each block of a CAR: where its entry starts, its CID, where its bytes start and end."""
    at = 0

    def number() -> int:
        nonlocal at
        value, shift = 0, 0
        while True:
            byte = car[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    head = number()
    at += head
    while at < len(car):
        start = at
        length = number()
        cid = car[at : at + 36]
        yield start, cid, at + 36, at + length
        at += length


# --- the council's repository ---------------------------------------------------------------

#: the kinds of record in the council's repository, in the order of their paths
KINDS = (
    "post",
    "mention",
    "reply",
    "thread",
    "quote",
    "quote_photos",
    "photos",
    "video",
    "card",
    "spanish",
    "repost",
)
#: the neighbour's post the council answers, and the library's it quotes and reposts
PARENT = f"at://{VECINA}/app.bsky.feed.post/3lbvecinapre2"
QUOTED = f"at://{BIBLIOTECA}/app.bsky.feed.post/3lbbiblioteca"
REPOSTED = f"at://{BIBLIOTECA}/app.bsky.feed.post/3lbbibliotec2"
#: a link shown shortened in the text, whole in its facet
LONG_LINK = "https://www.soldeneu.example/ajuntament/ple/ordre-del-dia/2025-03-06?format=pdf"


def council_repository() -> tuple[Repository, dict[str, str]]:
    """The council's repository, and the AT URI of each of its :data:`KINDS`."""
    repo = Repository()
    repo.add(
        "app.bsky.actor.profile",
        {"displayName": "Ajuntament de Soldeneu", "description": "Compte oficial."},
        "self",
    )
    uris: dict[str, str] = {}
    uris["post"] = repo.post(
        "Ple municipal dijous a les 19 h. Ordre del dia: ",
        Link("soldeneu.example/ajuntament/ple…", LONG_LINK),
        " ",
        Tag("PleSoldeneu"),
        langs=["ca-ES-valencia"],
    )
    uris["mention"] = repo.post(
        "Gràcies ", Mention("vecina.bsky.social", VECINA), " per l'avís de la font.", langs=["ca"]
    )
    uris["reply"] = repo.post(
        "Ja està arreglada la farola del carrer Major.",
        langs=["ca"],
        reply={"root": strong_ref(PARENT), "parent": strong_ref(PARENT)},
    )
    uris["thread"] = repo.post(
        "(2/2) El ple es retransmet en directe.",
        langs=["ca"],
        reply={"root": strong_ref(uris["post"]), "parent": strong_ref(uris["post"])},
    )
    uris["quote"] = repo.post(
        "La biblioteca amplia l'horari:",
        langs=["ca"],
        embed={"$type": "app.bsky.embed.record", "record": strong_ref(QUOTED)},
    )
    uris["quote_photos"] = repo.post(
        "Fotos de la inauguració:",
        langs=["ca"],
        embed={
            "$type": "app.bsky.embed.recordWithMedia",
            "record": {"$type": "app.bsky.embed.record", "record": strong_ref(QUOTED)},
            "media": {
                "$type": "app.bsky.embed.images",
                "images": [{"image": blob("inauguracio"), "alt": "Tall de la cinta a l'entrada"}],
            },
        },
    )
    uris["photos"] = repo.post(
        "Obres a la plaça Major.",
        langs=["ca"],
        embed={
            "$type": "app.bsky.embed.images",
            "images": [
                {
                    "image": blob("placa-1"),
                    "alt": "Màquines a la plaça Major",
                    "aspectRatio": {"width": 4, "height": 3},
                },
                {"image": blob("placa-2", "image/png", 51_200), "alt": ""},
            ],
        },
    )
    uris["video"] = repo.post(
        "Resum del ple en vídeo.",
        langs=["ca"],
        embed={
            "$type": "app.bsky.embed.video",
            "video": blob("ple-video", "video/mp4", 8_388_608),
            "alt": "Intervencions del ple",
            "captions": [{"lang": "ca", "file": blob("ple-vtt", "text/vtt", 2_048)}],
        },
    )
    uris["card"] = repo.post(
        "Consulteu el calendari fiscal.",
        langs=["ca"],
        embed={
            "$type": "app.bsky.embed.external",
            "external": {
                "uri": "https://www.soldeneu.example/tributs/calendari",
                "title": "Calendari fiscal",
                "description": "Terminis de pagament",
            },
        },
    )
    uris["spanish"] = repo.post("¡Feliz día! ¿Vendrás a la cabalgata?", langs=["es"])
    uris["repost"] = repo.repost(REPOSTED)
    repo.add("app.bsky.feed.like", {"subject": strong_ref(QUOTED), "createdAt": stamp(repo.clock)})
    repo.add("app.bsky.graph.follow", {"subject": BIBLIOTECA, "createdAt": stamp(repo.clock)})
    return repo, uris


def many_posts(count: int, did: str = DID) -> Repository:
    """A repository of ``count`` posts, one every minute or so from 2020 on."""
    repo = Repository(did=did)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for number in range(count):
        moment = start + timedelta(seconds=61 * number)
        text = f"Avís número {number}: tall d'aigua al carrer Major de 9 a 13 h."
        repo.records[f"{POST}/{tid(moment, number % 1024)}"] = {
            "$type": POST,
            "text": text,
            "createdAt": stamp(moment),
            "langs": ["ca"],
        }
    return repo
