"""The repository's signed commit: whose repository it is, and where its tree starts.

The first root of the CAR's header is the commit (https://atproto.com/specs/repository), a
DAG-CBOR map: ``did`` (the account, ``did:plc:…`` or ``did:web:…``), ``version`` (3; 2 in
older repositories), ``data`` (the CID of the root of the Merkle search tree that maps each
record's path to the record), ``rev`` (the revision, a TID), ``prev`` and ``sig`` (the
signature of the account's signing key over the rest).

The signature is not checked: the key that made it is in the account's DID document, on the
network, and an importer reads files only. Every block is still checked against its CID, so
what is read is what the commit's tree holds.
"""

from __future__ import annotations

import re
from typing import Any, TypeGuard

from attrs import frozen

from govsm_bluesky_archive.blocks import Blocks, cid_text
from govsm_bluesky_archive.car import CarError

#: a DID as atproto writes one (https://atproto.com/specs/did): ``did:<method>:<id>``
DID = re.compile(r"did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]")
#: the longest DID atproto accepts
DID_CHARACTERS = 2048
#: the repository formats read: 3, and the older 2 (the same but for the commit's ``rev``)
VERSIONS = frozenset({2, 3})


@frozen
class Commit:
    """A repository's commit.

    :param did: the account whose repository it is.
    :param version: the repository format (3, or 2).
    :param data: the CID of the root of its tree (raw bytes).
    :param rev: its revision (a TID), if it gives one.
    :param offset: the byte where the commit's block starts in the file.
    """

    did: str
    version: int
    data: bytes
    rev: str | None
    offset: int


def is_did(value: Any) -> TypeGuard[str]:
    """Whether ``value`` is a DID as atproto writes one.

    >>> is_did("did:plc:ewvi7nxzyoun6zhxrhs64oiz"), is_did("did:web:ajuntament.example")
    (True, True)
    >>> is_did("ajsoldeneu.bsky.social"), is_did("did:plc:")
    (False, False)
    """
    return isinstance(value, str) and len(value) <= DID_CHARACTERS and bool(DID.fullmatch(value))


def read_commit(blocks: Blocks, root: bytes) -> Commit:
    """The commit ``root`` names.

    :raises CarError: it is not in the file, is damaged, or is not a repository's commit.
    """
    block, data = blocks.decoded(root)

    def refuse(es: str, en: str) -> CarError:
        return CarError(
            f"la raíz del fichero ({cid_text(root)}) no es la confirmación («commit») de un "
            f"repositorio de atproto: {es}",
            f"the file's root ({cid_text(root)}) is not an atproto repository's commit: {en}",
            shown=blocks.shown,
            position=block.offset,
        )

    if not isinstance(data, dict):
        raise refuse("no es un mapa", "it is not a map")
    version = data.get("version")
    if version not in VERSIONS or isinstance(version, bool):
        raise refuse("su «version» no es 2 ni 3", "its 'version' is neither 2 nor 3")
    did = data.get("did")
    if not is_did(did):
        raise refuse("su «did» no es un DID", "its 'did' is not a DID")
    tree = data.get("data")
    if not isinstance(tree, bytes):
        raise refuse("su «data» no es un CID", "its 'data' is not a CID")
    rev = data.get("rev")
    return Commit(did, version, tree, rev if isinstance(rev, str) else None, block.offset)
