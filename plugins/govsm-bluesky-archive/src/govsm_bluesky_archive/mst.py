"""The repository's Merkle search tree, walked in key order: each record's path and CID.

A repository maps each record's path, ``<collection>/<record key>``
(``app.bsky.feed.post/3l6oveex3ii2l``), to the record's CID, in a Merkle search tree (MST,
https://atproto.com/specs/repository). Each node is a DAG-CBOR map:

* ``l``: the CID of the subtree whose keys sort before this node's first key, or null;
* ``e``: the node's entries, in key order, each ``k`` (the key's bytes after the first
  ``p`` bytes it shares with the entry before it; the first entry's ``p`` is 0), ``v`` (the
  record's CID) and ``t`` (the CID of the subtree whose keys sort between this key and the
  next), or null.

A key's layer is the number of leading zero bits of its SHA-256 halved: every key of a node is
of the node's layer, and its subtrees are one layer down. :func:`walk` goes through the tree
depth first, yielding each wanted record's path and CID in key order, and checks what it reads:
keys in order and within their subtree's range, keys of the node's layer, no node reached
twice (a loop, or a subtree shared by two parents, which would make the walk endless or
exponential). A subtree that holds no wanted collection is not read at all.

>>> layer(b"2653ae71"), layer(b"blue"), layer(b"app.bsky.feed.post/454397e440ec")
(0, 1, 4)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from typing import Any

from attrs import frozen

from govsm_bluesky_archive.blocks import BlockError, cid_text
from govsm_bluesky_archive.car import CarError

#: the deepest a tree may be: a key of layer 48 needs 96 leading zero bits in its SHA-256,
#: which no repository of this world has
DEPTH = 48
#: the longest record path read (a collection's NSID and a record key)
KEY_BYTES = 1024
#: a record's path: ``<collection>/<record key>``, in the characters atproto allows
PATH = re.compile(rb"[A-Za-z0-9.-]{1,317}/[A-Za-z0-9._:~-]{1,512}")

#: reads a node of the tree: the byte where its block starts and its DAG-CBOR, decoded
Fetch = Callable[[bytes], tuple[int, Any]]


@frozen
class Leaf:
    """A record of the repository: its path and its CID.

    :param key: ``<collection>/<record key>``.
    :param cid: the record's CID (raw bytes).
    """

    key: str
    cid: bytes

    @property
    def collection(self) -> str:
        """The record's collection (``app.bsky.feed.post``)."""
        return self.key.split("/", 1)[0]

    @property
    def rkey(self) -> str:
        """The record's key in its collection (a TID for posts: ``3l6oveex3ii2l``)."""
        return self.key.split("/", 1)[1]


def layer(key: bytes) -> int:
    """The layer of the tree ``key`` belongs to: its SHA-256's leading zero bits, halved."""
    digest = int.from_bytes(hashlib.sha256(key).digest(), "big")
    return (256 - digest.bit_length()) // 2


def _after(prefix: bytes) -> bytes:
    """The first byte string after every string that starts with ``prefix``."""
    return prefix[:-1] + bytes([prefix[-1] + 1])


def _may_hold(low: bytes | None, high: bytes | None, wanted: tuple[bytes, ...]) -> bool:
    """Whether keys strictly between ``low`` and ``high`` may start with a wanted prefix."""
    return any(
        (high is None or high > prefix) and (low is None or low < _after(prefix))
        for prefix in wanted
    )


class _Walk:
    """One walk of one tree (see :func:`walk`)."""

    def __init__(self, fetch: Fetch, shown: str, wanted: tuple[bytes, ...]) -> None:
        self.fetch = fetch
        self.shown = shown
        self.wanted = wanted
        self.seen: set[bytes] = set()

    def malformed(self, cid: bytes, position: int | None, es: str, en: str) -> CarError:
        return CarError(
            f"el nodo {cid_text(cid)} del árbol del repositorio está mal formado: {es}",
            f"node {cid_text(cid)} of the repository's tree is malformed: {en}",
            shown=self.shown,
            position=position,
        )

    def node(
        self, cid: bytes, low: bytes | None, high: bytes | None, expected: int | None
    ) -> Iterator[Leaf | CarError | tuple[bytes, bytes | None, bytes | None, int | None]]:
        """What one node holds, in order: leaves, and subtrees still to walk (as tuples)."""
        if cid in self.seen:
            yield self.malformed(
                cid,
                None,
                "se llega a él dos veces (un bucle, o un subárbol con dos padres); no se "
                "vuelve a leer",
                "it is reached twice (a loop, or a subtree with two parents); it is not read again",
            )
            return
        self.seen.add(cid)
        try:
            position, node = self.fetch(cid)
        except BlockError as refused:
            yield refused
            return
        entries = node.get("e") if isinstance(node, dict) else None
        left = node.get("l") if isinstance(node, dict) else None
        if not isinstance(entries, list) or not (left is None or isinstance(left, bytes)):
            yield self.malformed(
                cid,
                position,
                "no es un mapa con «e» (una lista) y «l»",
                "it is not a map with 'e' (a list) and 'l'",
            )
            return
        keys: list[tuple[bytes, bytes, bytes | None]] = []
        previous = b""
        for number, entry in enumerate(entries):
            try:
                read = _entry(entry, previous, number)
            except _Malformed as wrong:
                yield self.malformed(cid, position, *wrong.args)
                return
            previous = read[0]
            keys.append(read)
        here = self._layer(cid, position, keys, expected)
        if isinstance(here, CarError):
            yield here
            here = expected
        below = None if here is None else here - 1
        if (left is not None or any(t is not None for _, _, t in keys)) and here == 0:
            yield self.malformed(
                cid,
                position,
                "un nodo de la capa 0 apunta a un subárbol; no se lee",
                "a node of layer 0 points to a subtree; it is not read",
            )
            left, keys = None, [(key, value, None) for key, value, _ in keys]
        bound = low
        if left is not None:
            yield (left, low, keys[0][0] if keys else high, below)
        for index, (key, value, right) in enumerate(keys):
            if (bound is not None and key <= bound) or (high is not None and key >= high):
                yield self.malformed(
                    cid,
                    position,
                    f"la clave «{_shown_key(key)}» está fuera de orden; se omite",
                    f"key '{_shown_key(key)}' is out of order; it is left out",
                )
                continue
            bound = key
            if any(key.startswith(prefix) for prefix in self.wanted):
                if PATH.fullmatch(key):
                    yield Leaf(key.decode("ascii"), value)
                else:
                    yield self.malformed(
                        cid,
                        position,
                        f"la clave «{_shown_key(key)}» no es la ruta de un registro; se omite",
                        f"key '{_shown_key(key)}' is not a record's path; it is left out",
                    )
            if right is not None:
                following = keys[index + 1][0] if index + 1 < len(keys) else high
                yield (right, key, following, below)

    def _layer(
        self,
        cid: bytes,
        position: int,
        keys: list[tuple[bytes, bytes, bytes | None]],
        expected: int | None,
    ) -> int | CarError | None:
        """The node's layer, from its keys; a problem when they disagree or are misplaced."""
        layers = {layer(key) for key, _, _ in keys}
        if not layers:
            return expected
        if len(layers) > 1 or (expected is not None and layers != {expected}):
            return self.malformed(
                cid,
                position,
                "sus claves no son todas de la capa del nodo (el árbol no es el que Bluesky "
                "construye con ellas)",
                "its keys are not all of the node's layer (the tree is not the one Bluesky "
                "builds from them)",
            )
        return layers.pop()


def _shown_key(key: bytes) -> str:
    """A key as a problem shows it: escaped, and cut when long."""
    return repr(key[:80])[2:-1] + ("…" if len(key) > 80 else "")


class _Malformed(Exception):
    """What is wrong with an entry of a node: ``args`` are the Spanish and English words."""


def _entry(entry: Any, previous: bytes, number: int) -> tuple[bytes, bytes, bytes | None]:
    """An entry's whole key, record CID and right subtree.

    :raises _Malformed: what is wrong with it.
    """
    if not isinstance(entry, dict):
        raise _Malformed(f"su entrada {number} no es un mapa", f"its entry {number} is not a map")
    shared, suffix, value, right = (entry.get(name) for name in ("p", "k", "v", "t"))
    if (
        not isinstance(shared, int)
        or isinstance(shared, bool)
        or not isinstance(suffix, bytes)
        or not isinstance(value, bytes)
        or not (right is None or isinstance(right, bytes))
    ):
        raise _Malformed(
            f"su entrada {number} no tiene «p» (un entero), «k» y «v» (bytes) y «t»",
            f"its entry {number} lacks 'p' (an integer), 'k' and 'v' (bytes) and 't'",
        )
    if not 0 <= shared <= len(previous) or (number == 0 and shared != 0):
        raise _Malformed(
            f"su entrada {number} dice compartir {shared} bytes con la anterior",
            f"its entry {number} says it shares {shared} bytes with the one before",
        )
    key = previous[:shared] + suffix
    if not 0 < len(key) <= KEY_BYTES:
        raise _Malformed(
            f"la clave de su entrada {number} está vacía o tiene más de {KEY_BYTES} bytes",
            f"the key of its entry {number} is empty or longer than {KEY_BYTES} bytes",
        )
    return key, value, right


def walk(
    fetch: Fetch, root: bytes, shown: str, collections: tuple[str, ...]
) -> Iterator[Leaf | CarError]:
    """The records of ``collections`` in the tree whose root is ``root``, in key order.

    Each node that cannot be read (not in the file, damaged, malformed) is a problem in its
    place, and the walk goes on with the rest of the tree.

    :param fetch: reads a node by its CID (raises
        :class:`~govsm_bluesky_archive.blocks.BlockError`).
    :param root: the CID of the tree's root (the commit's ``data``).
    :param shown: the file as the user knows it.
    :param collections: the collections wanted (``app.bsky.feed.post``…).
    """
    state = _Walk(fetch, shown, tuple(f"{name}/".encode("ascii") for name in collections))
    stack: list[Iterator[Any]] = [state.node(root, None, None, None)]
    while stack:
        found = next(stack[-1], None)
        if found is None:
            stack.pop()
        elif isinstance(found, tuple):
            cid, low, high, expected = found
            if not _may_hold(low, high, state.wanted):
                continue
            if len(stack) >= DEPTH:
                yield state.malformed(
                    cid,
                    None,
                    f"está a más de {DEPTH} niveles de la raíz; no se lee",
                    f"it is more than {DEPTH} levels below the root; it is not read",
                )
                continue
            stack.append(state.node(cid, low, high, expected))
        else:
            yield found
